//! `tcp-server [ADDR]`: serve one client, answering each line with
//! `Receive your message: <line>`, and exit when the client sends `##` or leaves.
//!
//! Read README.md (or README.zh-CN.md) first. Run the public tests with
//! `cargo xtask check tcp-server`.

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

    // TODO: Create the socket, bind it to `addr` and listen (`TcpListener::bind`
    // does all three). If that fails, print one line starting with `error:` to
    // stderr and return `ExitCode::FAILURE`.
    let listener: TcpListener = todo!("bind and listen on {addr}");

    if let Err(err) = announce(&listener) {
        eprintln!("error: cannot write to stdout: {err}");
        return ExitCode::FAILURE;
    }

    // TODO: Accept one client (`listener.accept()`), then call `serve` with its
    // stream. Whatever `serve` returns, the session is over: exit with success.
    todo!("accept one client and serve it")
}

/// Prints `listening on <addr>` and flushes it, so whoever started us knows the port.
fn announce(listener: &TcpListener) -> io::Result<()> {
    // TODO: Print `listening on <address>` with the address the listener is
    // really bound to (`listener.local_addr()`), then flush stdout.
    todo!("announce the bound address")
}

/// Answers the client's messages until it sends `##` or closes its side.
fn serve(stream: TcpStream) -> io::Result<()> {
    // TODO: TCP is a byte stream with no message boundaries: one read may hold
    // half a message or several (the lesson's `recv(1024)` pitfall). Wrap the
    // stream in a `BufReader` and read up to each `\n` (`read_until`).
    //   - 0 bytes read means the client closed its side: return.
    //   - Strip the line ending with `strip_line_ending`.
    //   - `##` ends the session without a reply: return.
    //   - Anything else: write `REPLY_PREFIX`, the message and `\n` back.
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
