//! What a student reads when a beginner's mistake fails a test: real
//! programs (a few lines of Python) make the mistake, the runner tests them,
//! and the rendered feedback is compared with golden files under
//! `tests/messages/` (`NETLAB_BLESS=1` rewrites them).

use std::path::{Path, PathBuf};

use grader::lang::Lang;
use grader::outcome::{TestOutcome, TestResult};
use grader::report::{Paint, render_failure_in, render_hidden_failure_in};
use grader::runner::RunOptions;

mod support;

use support::run::{message, python, run_inline};

/// A server test in the shape of tcp-server's: one message, its reply, `##`, the close.
const CONVERSATION: &str = r###"
format-version = 1
[defaults]
program = "server"
args = ["{addr}"]
step-timeout = "1s"
budget = "8s"
reply = "Receive your message: {message}"
quiet = ["##"]
[[test]]
name = "reply-then-close"
about = "one message, its reply, then `##` closes the connection"
points = 1
step = [
  { connect = "a" },
  { send-line = "hello" },
  { expect-replies = true },
  { send-line = "##" },
  { expect-closed = true },
]
"###;

/// A Python server that answers `reply(message)` and, after `##`, closes
/// unless `keep_open`; `{port}` is chosen by the kernel.
fn python_server(reply: &str, keep_open: bool) -> String {
    format!(
        r###"
import socket, sys, time
host, port = sys.argv[1].rsplit(":", 1)
s = socket.socket(); s.bind((host, int(port))); s.listen(1)
print("listening on %s:%d" % s.getsockname(), flush=True)
c, _ = s.accept()
f = c.makefile("rb")
for line in f:
    line = line.rstrip(b"\r\n")
    if line == b"##":
        if {keep_open}:
            time.sleep(30)
        break
    c.sendall({reply})
c.close()
"###,
        keep_open = if keep_open { "True" } else { "False" },
    )
}

/// Runs the one test of `toml` against `python3 -c script` as tcp-server's `server`.
fn run(script: &str, toml: &str, lang: Lang) -> TestResult {
    let mut opts = RunOptions::new(7);
    opts.lang = lang;
    opts.jobs = 1;
    let mut result = run_inline("tcp-server", toml, "server", python(script), &opts);
    // The packet ladder carries timings that differ from run to run; it has
    // tests of its own (`tests/packets.rs`). These goldens are the messages.
    result.packets = None;
    result
}

/// The feedback with what changes from run to run (ports, timings) replaced.
fn normalized(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    // `127.0.0.1:40123` → `127.0.0.1:PORT`, except the fixed "try it" ports.
    while let Some(at) = rest.find("127.0.0.1:") {
        let (head, tail) = rest.split_at(at + "127.0.0.1:".len());
        out.push_str(head);
        let digits = tail.chars().take_while(char::is_ascii_digit).count();
        let port = &tail[..digits];
        out.push_str(if port == "8888" || port == "9999" {
            port
        } else {
            "PORT"
        });
        rest = &tail[digits..];
    }
    out.push_str(rest);
    out
}

/// Compares `text` with the golden file `name`, or writes it when blessing.
fn golden(name: &str, text: &str) {
    let path: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/messages")
        .join(name);
    let text = normalized(text);
    if std::env::var_os("NETLAB_BLESS").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with NETLAB_BLESS=1 to write it)",
            path.display()
        )
    });
    assert_eq!(
        text,
        want,
        "{} differs (NETLAB_BLESS=1 rewrites it)",
        path.display()
    );
}

#[test]
fn a_reply_without_its_line_end_is_said_in_words_and_marked() {
    let script = python_server(r#"b"Receive your message: " + line"#, false);
    let en = run(&script, CONVERSATION, Lang::En);
    assert_eq!(
        message(&en),
        "no complete reply to the message \"hello\" within 1s"
    );
    let text = render_failure_in(&en, Paint::PLAIN, Lang::En);
    assert!(
        text.contains("diff:     \"Receive your message: hello[-\\n-]\""),
        "{text}"
    );
    golden("no-line-end.en.txt", &text);
    let zh = run(&script, CONVERSATION, Lang::Zh);
    golden(
        "no-line-end.zh.txt",
        &render_failure_in(&zh, Paint::PLAIN, Lang::Zh),
    );
    // A hidden test keeps its expected bytes, but the missing line end is still said.
    let hidden = render_hidden_failure_in(&en, Paint::PLAIN, Lang::En);
    assert!(
        hidden.contains("no line end `\\n`") || hidden.contains("but its line end `\\n`"),
        "{hidden}"
    );
    assert!(!hidden.contains("expected:"), "{hidden}");
}

#[test]
fn a_connection_left_open_fails_the_close_step_not_the_one_before() {
    let script = python_server(r#"b"Receive your message: " + line + b"\n""#, true);
    let en = run(&script, CONVERSATION, Lang::En);
    let TestOutcome::Failed(failure) = &en.outcome else {
        panic!("{:?}", en.outcome)
    };
    assert_eq!(failure.step, Some(5), "the `expect-closed` step");
    assert_eq!(
        failure.message,
        "the connection was still open after 1s: your program did not close it"
    );
    golden(
        "left-open.en.txt",
        &render_failure_in(&en, Paint::PLAIN, Lang::En),
    );
    let zh = run(&script, CONVERSATION, Lang::Zh);
    assert_eq!(message(&zh), "1s 后连接仍然打开：你的程序没有关闭它");
}

#[test]
fn trailing_spaces_and_carriage_returns_are_named() {
    let spaces = python_server(r#"b"Receive your message: " + line + b"  \n""#, false);
    let text = render_failure_in(
        &run(&spaces, CONVERSATION, Lang::En),
        Paint::PLAIN,
        Lang::En,
    );
    assert!(text.contains("hello{+␠␠+}\\n"), "{text}");
    assert!(
        text.contains("spaces or tabs at the end of a line"),
        "{text}"
    );
    let cr = python_server(r#"b"Receive your message: " + line + b"\r\r\n""#, false);
    let text = render_failure_in(&run(&cr, CONVERSATION, Lang::En), Paint::PLAIN, Lang::En);
    assert!(text.contains("carriage return(s) `\\r`"), "{text}");
}

/// tcp-server's life: one client, then the program ends; a second client
/// is refused.
const SECOND_CLIENT: &str = r###"
format-version = 1
[defaults]
program = "server"
args = ["{addr}"]
step-timeout = "1s"
budget = "8s"
reply = "Receive your message: {message}"
quiet = ["##"]
[[test]]
name = "second-client"
points = 1
step = [
  { connect = "a" },
  { send-line = "hello" },
  { expect-replies = true },
  { send-line = "##" },
  { expect-closed = true },
  { connect = "b" },
  { send-line = "again" },
  { expect-replies = true },
]
"###;

#[test]
fn a_refused_connection_says_the_program_had_ended_every_time() {
    // The server ends when its client leaves. Whether the second client is
    // refused, or accepted by a listener about to close and then reset or
    // closed, and whether the exit was seen yet: each says the program had ended.
    let script = python_server(r#"b"Receive your message: " + line + b"\n""#, false);
    for _ in 0..5 {
        let result = run(&script, SECOND_CLIENT, Lang::En);
        let text = message(&result);
        assert!(
            text.ends_with("; the program had ended (exit status 0)"),
            "{text}"
        );
    }
    // A program that announces an address and ends is told both.
    let announced = "print('listening on 127.0.0.1:1', flush=True)";
    let result = run(announced, SECOND_CLIENT, Lang::En);
    assert!(
        message(&result).ends_with("; the program had ended (exit status 0)"),
        "{}",
        message(&result)
    );
    // A program still running is not said to have ended.
    let alive = "import time\nprint('listening on 127.0.0.1:1', flush=True)\ntime.sleep(30)";
    let result = run(alive, SECOND_CLIENT, Lang::En);
    assert!(
        !message(&result).contains("had ended"),
        "{}",
        message(&result)
    );
}
