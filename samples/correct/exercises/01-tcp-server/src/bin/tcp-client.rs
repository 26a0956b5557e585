//! `tcp-client ADDR`: send each line of stdin to the server and print its reply.

use std::io::{self, BufRead, BufReader, Write};
use std::net::TcpStream;
use std::process::ExitCode;

/// The message that ends a session.
const QUIT: &[u8] = b"##";

fn main() -> ExitCode {
    let Some(addr) = std::env::args().nth(1) else {
        eprintln!("usage: tcp-client ADDR");
        return ExitCode::FAILURE;
    };
    // socket() + connect(): `TcpStream::connect` does both.
    let stream = match TcpStream::connect(&addr) {
        Ok(stream) => stream,
        Err(err) => {
            eprintln!("error: cannot connect to {addr}: {err}");
            return ExitCode::FAILURE;
        }
    };
    match chat(stream) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Sends stdin line by line, printing one reply per line, until an empty
/// line, `##` or the end of input. Dropping the stream closes the connection.
fn chat(stream: TcpStream) -> io::Result<()> {
    let mut replies = BufReader::new(stream.try_clone()?);
    let mut server = stream;
    let mut input = io::stdin().lock();
    let mut stdout = io::stdout().lock();
    let mut line = Vec::new();
    let mut reply = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        strip_line_ending(&mut line);
        if line.is_empty() {
            return Ok(());
        }
        line.push(b'\n');
        server.write_all(&line)?;
        if line.strip_suffix(b"\n") == Some(QUIT) {
            return Ok(());
        }
        reply.clear();
        replies.read_until(b'\n', &mut reply)?;
        if reply.last() != Some(&b'\n') {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the server closed the connection before replying",
            ));
        }
        strip_line_ending(&mut reply);
        reply.push(b'\n');
        stdout.write_all(&reply)?;
        stdout.flush()?;
    }
}

/// Removes a trailing `\n`, and a `\r` before it.
fn strip_line_ending(line: &mut Vec<u8>) {
    if line.last() == Some(&b'\n') {
        line.pop();
        if line.last() == Some(&b'\r') {
            line.pop();
        }
    }
}
