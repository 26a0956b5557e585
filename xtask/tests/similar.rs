//! `cargo xtask similar` on a constructed class: a copy with renamed
//! variables and reordered functions still matches, two independent
//! solutions do not, the stub is left out, and the page is escaped.
//! (In `tests/`, which `dist` does not ship: the sources below are solutions.)

use std::path::Path;

mod support;

use support::{stdout_of, xtask};

/// Writes `text` as `name`'s tcp-server `src/main.rs` in `class`.
fn submission(class: &Path, name: &str, text: &str) {
    let src = class.join(name).join("exercises/01-tcp-server/src");
    std::fs::create_dir_all(&src).expect("mkdir");
    std::fs::write(src.join("main.rs"), text).expect("write");
}

/// Runs `xtask similar` on `class`; returns stdout and the page.
fn similar(class: &Path, extra: &[&str]) -> (String, String) {
    let page = class.with_extension("html");
    let stdout = stdout_of(
        xtask()
            .args(["similar", "--submissions"])
            .arg(class)
            .arg("--out")
            .arg(&page)
            .args(extra),
    );
    (stdout, std::fs::read_to_string(page).expect("the page"))
}

/// The tcp-server pairs the terminal lists: (share, first, second).
fn pairs(stdout: &str) -> Vec<(u32, String, String)> {
    let section = stdout
        .split("tcp-server:")
        .nth(1)
        .expect("a tcp-server section");
    section
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .map(|l| {
            let (share, rest) = l.trim().split_once("%  ").expect("a pair line");
            let names = rest.split("  (").next().unwrap();
            let (a, b) = names.split_once(" and ").unwrap();
            (share.trim().parse().unwrap(), a.to_string(), b.to_string())
        })
        .collect()
}

#[test]
fn a_disguised_copy_matches_and_independent_work_does_not() {
    let tmp = tempfile::tempdir().unwrap();
    let class = tmp.path().join("class");
    submission(&class, "ann", ORIGINAL);
    submission(&class, "bob", DISGUISED);
    submission(&class, "cy", INDEPENDENT);
    let (stdout, page) = similar(&class, &[]);
    let found = pairs(&stdout);
    assert_eq!(
        (found[0].1.as_str(), found[0].2.as_str()),
        ("ann", "bob"),
        "{stdout}"
    );
    assert!(
        found[0].0 >= 90,
        "renamed and reordered still match: {stdout}"
    );
    for (share, a, b) in &found[1..] {
        assert!(*share < 25, "{a} and {b}: {share}%");
    }
    assert!(page.contains("default-src 'none'"));
    assert!(page.contains("<details class=\"pair\""));
}

#[test]
fn excluded_code_is_not_counted_and_names_are_escaped() {
    let tmp = tempfile::tempdir().unwrap();
    let class = tmp.path().join("class");
    let hostile = ORIGINAL.replace(
        "fn address",
        "fn address/*</pre><script>alert(1)</script>*/",
    );
    submission(&class, "<i>ann", &hostile);
    submission(&class, "bob\"'", ORIGINAL);
    let (stdout, page) = similar(&class, &[]);
    assert_eq!(pairs(&stdout).len(), 1, "{stdout}");
    assert!(
        !page.contains("<script>") && !page.contains("<i>ann"),
        "escaped"
    );
    assert!(page.contains("&lt;i&gt;ann"));
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "nothing to load"
    );
    // The same code given as starter code: nothing is shared any more.
    let starter = tmp.path().join("starter.rs");
    std::fs::write(&starter, ORIGINAL).unwrap();
    let (stdout, _) = similar(&class, &["--exclude", starter.to_str().unwrap()]);
    assert!(pairs(&stdout).is_empty(), "{stdout}");
}

#[test]
fn links_are_not_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let class = tmp.path().join("class");
    submission(&class, "ann", ORIGINAL);
    // A link to another submission's file, and a linked submission folder.
    let src = class.join("bob/exercises/01-tcp-server/src");
    std::fs::create_dir_all(&src).unwrap();
    std::os::unix::fs::symlink(
        class.join("ann/exercises/01-tcp-server/src/main.rs"),
        src.join("main.rs"),
    )
    .unwrap();
    std::os::unix::fs::symlink(class.join("ann"), class.join("linked")).unwrap();
    let (stdout, _) = similar(&class, &[]);
    assert!(pairs(&stdout).is_empty(), "{stdout}");
}

const ORIGINAL: &str = r###"
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};

/// Answers every line until `##`.
fn serve(stream: TcpStream) -> std::io::Result<()> {
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    let mut line = Vec::new();
    loop {
        line.clear();
        let read = reader.read_until(b'\n', &mut line)?;
        if read == 0 {
            break;
        }
        if line.ends_with(b"\n") {
            line.pop();
        }
        if line.ends_with(b"\r") {
            line.pop();
        }
        if line == b"##" {
            break;
        }
        writer.write_all(b"Receive your message: ")?;
        writer.write_all(&line)?;
        writer.write_all(b"\n")?;
    }
    Ok(())
}

fn address() -> String {
    std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:8888".to_string())
}

fn main() {
    let listener = match TcpListener::bind(address()) {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!("error: cannot bind: {err}");
            std::process::exit(1);
        }
    };
    println!("listening on {}", listener.local_addr().unwrap());
    if let Ok((stream, _)) = listener.accept() {
        let _ = serve(stream);
    }
}
"###;

/// The original with every name changed, comments and messages rewritten,
/// and the functions in another order.
const DISGUISED: &str = r###"
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};

fn main() {
    let sock = match TcpListener::bind(where_to()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("could not listen: {e}");
            std::process::exit(1);
        }
    };
    println!("listening on {}", sock.local_addr().unwrap());
    if let Ok((conn, _)) = sock.accept() {
        let _ = echo_all(conn);
    }
}

// where to listen
fn where_to() -> String {
    std::env::args().nth(1).unwrap_or_else(|| "0.0.0.0:9999".to_string())
}

fn echo_all(client: TcpStream) -> std::io::Result<()> {
    let mut out = client.try_clone()?;
    let mut input = BufReader::new(client);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let n = input.read_until(10, &mut buf)?;
        if n == 0 {
            break;
        }
        if buf.ends_with(b"\n") {
            buf.pop();
        }
        if buf.ends_with(b"\r") {
            buf.pop();
        }
        if buf == b"##" {
            break;
        }
        out.write_all(b"Receive your message: ")?;
        out.write_all(&buf)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
"###;

/// Another student's own solution: one function, raw reads, its own framing.
const INDEPENDENT: &str = r###"
use std::io::prelude::*;
use std::net::TcpListener;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let addr = if args.len() > 1 { args[1].clone() } else { String::from("127.0.0.1:8888") };
    let server = TcpListener::bind(&addr).unwrap_or_else(|e| {
        eprintln!("bind failed: {}", e);
        std::process::exit(1)
    });
    println!("listening on {}", server.local_addr().expect("address"));
    std::io::stdout().flush().ok();
    let (mut client, _peer) = match server.accept() {
        Ok(pair) => pair,
        Err(_) => return,
    };
    let mut pending: Vec<u8> = vec![];
    let mut chunk = [0u8; 4096];
    'outer: while let Ok(count) = client.read(&mut chunk) {
        if count == 0 {
            if !pending.is_empty() {
                let mut reply = b"Receive your message: ".to_vec();
                reply.extend_from_slice(&pending);
                reply.push(b'\n');
                client.write_all(&reply).ok();
            }
            break;
        }
        pending.extend_from_slice(&chunk[..count]);
        while let Some(end) = pending.iter().position(|&b| b == b'\n') {
            let mut message: Vec<u8> = pending.drain(..=end).collect();
            message.pop();
            if message.last() == Some(&b'\r') {
                message.pop();
            }
            if message.as_slice() == b"##" {
                break 'outer;
            }
            let mut reply = b"Receive your message: ".to_vec();
            reply.extend(message);
            reply.push(b'\n');
            if client.write_all(&reply).is_err() {
                break 'outer;
            }
        }
    }
}
"###;
