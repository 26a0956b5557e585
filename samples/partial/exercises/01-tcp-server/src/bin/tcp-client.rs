//! `tcp-client ADDR`: send each line of stdin to the server and print its reply.
//!
//! Read README.md (or README.zh-CN.md) first. Run the public tests with
//! `cargo xtask check tcp-server`.

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
    // TODO: Connect to `addr` (`TcpStream::connect`). If that fails, print one
    // line starting with `error:` to stderr and return `ExitCode::FAILURE`.
    let stream: TcpStream = todo!("connect to {addr}");

    match chat(stream) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Sends stdin line by line, printing one reply per line, until an empty
/// line, `##` or the end of input.
fn chat(stream: TcpStream) -> io::Result<()> {
    // TODO: For each line of stdin (strip its line ending with `strip_line_ending`):
    //   - an empty line, or the end of input: return `Ok(())` (dropping the
    //     stream closes the connection);
    //   - `##`: send it with its `\n`, then return;
    //   - anything else: send it with `\n`, read one reply line from the server
    //     (a `BufReader` over `stream.try_clone()?`) and print it without its
    //     line ending, followed by `\n`. If the server closed the connection
    //     instead of replying, return an error.
    todo!("chat with the server")
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
