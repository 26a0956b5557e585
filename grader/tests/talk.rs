//! Unframed conversation steps against small Python programs: replies without
//! line ends, closes, drains, spinning, and clients on a fixed port.

use grader::lang::Lang;
use grader::outcome::{TestOutcome, TestResult};
use grader::runner::RunOptions;

mod support;

use support::run::{python, run_inline};

/// A server that takes `HOST:PORT`, announces it, accepts one client, then runs `body`.
const SERVER: &str = r###"
import socket, sys
host, port = sys.argv[1].rsplit(':', 1)
sockfd = socket.socket()
sockfd.bind((host, int(port)))
sockfd.listen(5)
print('listening on %s:%d' % sockfd.getsockname(), flush=True)
connfd, addr = sockfd.accept()
"###;

/// Runs the one test in `toml` against `python3 -c program`.
fn run_python(program: &str, toml: &str, lang: Lang) -> TestResult {
    let mut opts = RunOptions::new(7);
    opts.lang = lang;
    run_inline("py", toml, "py", python(program), &opts)
}

fn server(body: &str, steps: &str) -> TestResult {
    server_in(body, steps, Lang::En)
}

fn server_in(body: &str, steps: &str, lang: Lang) -> TestResult {
    let toml = format!(
        "format-version = 1\n[[test]]\nname = \"t\"\npoints = 1\nprogram = \"py\"\nargs = [\"{{addr}}\"]\nstep-timeout = \"1s\"\nbudget = \"8s\"\nstep = [{{ connect = \"a\" }}, {steps}]\n"
    );
    run_python(&format!("{SERVER}{body}"), &toml, lang)
}

/// The failed step (0 for start-up) and the message of a test that must have failed.
fn failure(result: &TestResult) -> (usize, String) {
    let failure = support::run::failure(result);
    (failure.step.unwrap_or(0), failure.message.clone())
}

fn passed(result: &TestResult) {
    assert_eq!(
        result.outcome,
        TestOutcome::Passed,
        "{:?}\n{:?}",
        result.transcript,
        result.stderr_tail
    );
}

/// The course's day-1 loop: reply to each `recv`, end on `##` or `b''`.
const COURSE_LOOP: &str = r###"
while True:
    data = connfd.recv(1024)
    if not data or data.decode() == '##':
        break
    connfd.send(b'Receive your message')
connfd.close()
"###;

#[test]
fn an_unframed_reply_is_whatever_comes_before_a_quiet_period() {
    passed(&server(
        COURSE_LOOP,
        r###"{ ask = "hello" }, { ask = "你好", reply = "Receive your message" }, { send = "##" }, { expect-end = true }, { expect-exit = 0 }"###,
    ));
}

#[test]
fn a_reply_in_pieces_is_one_reply_when_an_exact_text_is_expected() {
    let body = r###"
import time
data = connfd.recv(1024)
connfd.send(b'Receive ')
time.sleep(0.5)
connfd.send(b'your message')
connfd.recv(1024)
"###;
    passed(&server(
        body,
        r###"{ ask = "hi", reply = "Receive your message" }"###,
    ));
}

#[test]
fn a_wrong_exact_reply_shows_both() {
    let result = server(
        COURSE_LOOP,
        r###"{ ask = "hello", reply = "Thanks your message" }"###,
    );
    assert_eq!(
        failure(&result),
        (2, "the reply is not the one this test expects".into())
    );
}

#[test]
fn no_reply_is_named_in_the_courses_terms_in_both_languages() {
    let body = "connfd.recv(1024)\nimport time\ntime.sleep(5)\n";
    let (step, message) = failure(&server(body, r###"{ ask = "hello" }"###));
    assert_eq!(step, 2);
    assert!(
        message.starts_with("no reply came within 1.0s"),
        "{message}"
    );
    assert!(message.contains("connfd.send(...)"), "{message}");
    let (_, message) = failure(&server_in(body, r###"{ ask = "hello" }"###, Lang::Zh));
    assert!(message.contains("没有收到回复"), "{message}");
}

#[test]
fn a_close_instead_of_a_reply_says_so_and_how_the_program_ended() {
    let body = "connfd.recv(1024)\nraise SystemExit(4)\n";
    let (_, message) = failure(&server(body, r###"{ ask = "hello" }"###));
    assert!(
        message.starts_with("the server closed the connection instead of replying"),
        "{message}"
    );
}

#[test]
fn a_connection_never_closed_after_quit_fails_expect_end() {
    // Compares bytes with a str, so `##` is just another message.
    let body = r###"
while True:
    data = connfd.recv(1024)
    if not data or data == '##':
        break
    connfd.send(b'Receive your message')
"###;
    let (step, message) = failure(&server(
        body,
        r###"{ ask = "hello" }, { send = "##" }, { expect-end = true }"###,
    ));
    assert_eq!(step, 4);
    assert!(
        message.starts_with("the connection stayed open for 1.0s"),
        "{message}"
    );
    assert!(message.contains("connfd.close()"), "{message}");
}

#[test]
fn drain_reads_until_the_close_or_the_time_and_never_fails() {
    let never_closes = "import time\nconnfd.recv(1024)\nconnfd.send(b'bye')\ntime.sleep(5)\n";
    let result = server(
        never_closes,
        r###"{ send = "##" }, { shutdown = "a" }, { drain = "300ms" }, { close = "a" }"###,
    );
    passed(&result);
    assert!(
        result
            .transcript
            .iter()
            .any(|e| e.text.contains("still open after 300")),
        "{:?}",
        result.transcript
    );
    passed(&server(
        COURSE_LOOP,
        r###"{ send = "##" }, { shutdown = "a" }, { drain = "1s" }, { expect-exit = 0 }"###,
    ));
}

#[test]
fn a_server_that_spins_on_empty_reads_is_caught_by_its_cpu_time() {
    if !grader::sandbox::protections().cpu_time {
        assert!(
            std::env::var_os("NETLAB_ALLOW_MISSING_PROTECTIONS").is_some(),
            "this machine cannot measure CPU time; set NETLAB_ALLOW_MISSING_PROTECTIONS=1 to accept that"
        );
        return;
    }
    // No `if not data`: after the client half-closes, `recv` returns b'' at once, for ever.
    let spins = r###"
while True:
    data = connfd.recv(1024)
    if data.decode() == '##':
        break
    connfd.send(b'Receive your message')
"###;
    let steps = r###"{ ask = "hello" }, { shutdown = "a" }, { expect-idle = "1s" }"###;
    let (step, message) = failure(&server(spins, steps));
    assert_eq!(step, 4);
    assert!(message.contains("spins in a loop"), "{message}");
    assert!(message.contains("if not data: break"), "{message}");
    passed(&server(COURSE_LOOP, steps));
}
