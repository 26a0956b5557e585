//! `reconnect-server [ADDR]`: serve client after client, answering each line
//! with `Receive your message: <line>`. A client's `##`, or its leaving, ends
//! only its own session; the server then accepts the next client. It never
//! exits on its own: SIGINT or SIGTERM ends it.

use std::io::{self, BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;

/// The address of the lesson's server (the lesson binds `0.0.0.0`; loopback is safer).
const DEFAULT_ADDR: &str = "127.0.0.1:8888";
/// The message that ends a session; it gets no reply.
const QUIT: &[u8] = b"##";
/// What every reply starts with.
const REPLY_PREFIX: &[u8] = b"Receive your message: ";

fn main() -> ExitCode {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| DEFAULT_ADDR.to_string());

    // socket() + bind() + listen(): `TcpListener::bind` does all three.
    let listener = match TcpListener::bind(&addr) {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!("error: cannot listen on {addr}: {err}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(err) = announce(&listener) {
        eprintln!("error: cannot write to stdout: {err}");
        return ExitCode::FAILURE;
    }

    // The accept loop: one client after another, for as long as we run.
    {
        let stream = match listener.accept() {
            Ok((stream, _peer)) => stream,
            Err(err) => {
                eprintln!("error: accept failed: {err}");
                return ExitCode::FAILURE;
            }
        };
        // The receive loop runs inside `serve`. However the session ended
        // (`##`, end of stream, a reset, a failed write), it concerned that
        // client only: close its connection (dropping the stream does) and go
        // on to the next one.
        if let Err(err) = serve(stream) {
            eprintln!("note: a session ended with an error: {err}");
        }
    }
    ExitCode::SUCCESS
}

/// Prints `listening on <addr>` and flushes it, so whoever started us knows the port.
fn announce(listener: &TcpListener) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    writeln!(stdout, "listening on {}", listener.local_addr()?)?;
    stdout.flush()
}

/// The receive loop: answers one client's messages until it sends `##` or
/// closes its side. `Err` means the connection broke (for example a reset).
fn serve(stream: TcpStream) -> io::Result<()> {
    // TCP is a byte stream with no message boundaries: one read may hold half a
    // message or several. Buffering up to `\n` recovers the messages.
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    let mut message = Vec::new();
    loop {
        message.clear();
        if reader.read_until(b'\n', &mut message)? == 0 {
            return Ok(()); // End of stream: the client closed its side.
        }
        strip_line_ending(&mut message);
        if message == QUIT {
            return Ok(());
        }
        let mut reply = Vec::with_capacity(REPLY_PREFIX.len() + message.len() + 1);
        reply.extend_from_slice(REPLY_PREFIX);
        reply.extend_from_slice(&message);
        reply.push(b'\n');
        writer.write_all(&reply)?;
    }
}

/// Removes a trailing `\n`, and a `\r` before it; an unterminated line keeps its bytes.
fn strip_line_ending(line: &mut Vec<u8>) {
    if line.last() == Some(&b'\n') {
        line.pop();
        if line.last() == Some(&b'\r') {
            line.pop();
        }
    }
}
