//! `reconnect-server [ADDR]`: serve client after client, answering each line
//! with `Receive your message: <line>`. A client's `##`, or its leaving, ends
//! only its own session; the server then accepts the next client.
//!
//! Read README.md (or README.zh-CN.md) first. Start from your `tcp-server`:
//! most of it carries over. Run the public tests with
//! `cargo xtask check reconnect-server`.

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

    // TODO: Bind and listen on `addr`, as your tcp-server does. If that fails,
    // print one line starting with `error:` to stderr and return
    // `ExitCode::FAILURE`.
    let listener: TcpListener = todo!("bind and listen on {addr}");

    if let Err(err) = announce(&listener) {
        eprintln!("error: cannot write to stdout: {err}");
        return ExitCode::FAILURE;
    }

    // TODO: The accept loop. Where tcp-server accepted one client and exited,
    // loop for ever: accept a client, `serve` it, then accept the next.
    //   - A failed `accept` is no reason to stop: report it on stderr, go on.
    //   - Whatever `serve` returns (`Ok` after `##` or end of stream, `Err`
    //     after a reset), the session is over and the server is not: do not
    //     return from `main`, do not `?`, do not `unwrap()`.
    todo!("accept client after client")
}

/// Prints `listening on <addr>` and flushes it, so whoever started us knows the port.
fn announce(listener: &TcpListener) -> io::Result<()> {
    // TODO: Print `listening on <address>` with the address the listener is
    // really bound to (`listener.local_addr()`), then flush stdout.
    todo!("announce the bound address")
}

/// The receive loop: answers one client's messages until it sends `##` or
/// closes its side. `Err` means the connection broke (for example a reset).
fn serve(stream: TcpStream) -> io::Result<()> {
    // TODO: Your tcp-server's loop fits here unchanged: read up to each `\n`
    // with a `BufReader` (one read is not one message), strip the line ending,
    // return on 0 bytes (the client left) or on `##`, reply to anything else.
    todo!("answer each message")
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
