//! The packets of a run, end to end: the reference solutions' ladders, the
//! diagnosis of programs that never close, reset with unread data or close
//! before replying, a `.pcap` read back by an independent parser (Python's
//! `struct`), and the same runs without namespaces (no capture, all else works).

use std::process::Command;

use grader::course::Course;
use grader::grading::{ExerciseReport, Source, Suite, Target, grade};
use grader::outcome::{TestOutcome, TestResult};
use grader::runner::RunOptions;
use grader::runner::packets::{Ending, Ladder, write_pcaps};

mod support;

use support::root;
use support::run::{python, run_inline};

fn namespaces_off() -> bool {
    std::env::var_os("NETLAB_NO_NAMESPACES").is_some()
}

/// The public tests of exercise `id` against its reference solution, every
/// ladder and frame kept.
fn reference(id: &str, dir: &str) -> ExerciseReport {
    let course = Course::open(&root()).unwrap();
    let exercise = course.select(&[id.to_string()]).unwrap().remove(0);
    let mut opts = RunOptions::new(2026);
    opts.packets = true;
    opts.keep_frames = true;
    let target = Target {
        exercise,
        source: Source::Dir(root().join("solutions").join(dir).join("src")),
    };
    let work = root().join("target/netlab/tests/packets");
    grade(
        &course,
        &[target],
        Suite::Public,
        &work,
        &opts,
        grader::events::Emitter::silent(),
    )
    .unwrap()
    .remove(0)
}

fn ladders(result: &TestResult) -> &[Ladder] {
    &result.packets.as_ref().expect("packets kept").ladders
}

/// A passing test of a reference solution shows a complete handshake and a
/// three- or four-segment teardown.
fn assert_clean_connection(report: &ExerciseReport, test: &str) {
    let result = report.results.iter().find(|r| r.name == test).unwrap();
    assert_eq!(result.outcome, TestOutcome::Passed, "{result:?}");
    let ladder = &ladders(result)[0];
    let diagnosis = ladder.diagnosis.join("\n");
    assert!(
        diagnosis.contains("three-way handshake completed"),
        "{diagnosis}"
    );
    assert!(
        diagnosis.contains("teardown in 4 segments")
            || diagnosis.contains("teardown in 3 segments"),
        "{diagnosis}\n{:#?}",
        ladder.rungs
    );
    let labels: Vec<&str> = ladder.rungs.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels[..3], ["SYN", "SYN,ACK", "ACK"], "{labels:?}");
}

#[test]
fn the_reference_servers_shake_hands_and_tear_down_and_a_pcap_reads_back() {
    if namespaces_off() {
        return without_namespaces_nothing_is_captured_and_all_else_works();
    }
    let report = reference("tcp-server", "01-tcp-server");
    assert_clean_connection(&report, "server-replies-to-one-message");
    let text = grader::report::render_packets(
        &report.results[0],
        grader::report::Paint::PLAIN,
        grader::lang::Lang::En,
    );
    println!("{text}");
    assert!(
        text.contains("SYN →") && text.contains("← SYN,ACK"),
        "{text}"
    );
    let reconnect = reference("reconnect-server", "02-reconnect-server");
    assert_clean_connection(&reconnect, "serves-one-client");
    class_page_charts_the_endings(report.clone());

    let dir = tempfile::tempdir().unwrap();
    let written = write_pcaps(dir.path(), &report.results).unwrap();
    assert!(written >= 4, "{written}");
    let pcap = dir
        .path()
        .join("tcp-server/server-replies-to-one-message.pcap");
    let output = Command::new("python3")
        .arg("-c")
        .arg(READ_PCAP)
        .arg(&pcap)
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let flags: Vec<&str> = stdout.lines().collect();
    assert_eq!(flags[..3], ["S", "SA", "A"], "{stdout}");
    assert!(flags.iter().any(|f| f.contains('F')), "{stdout}");
}

/// `report.html` charts how the connections of each test ended.
fn class_page_charts_the_endings(report: ExerciseReport) {
    use grader::report::{ClassModel, ClassReport, GradebookRow, render_html};
    let ids = vec![report.exercise.id.clone()];
    let rows = vec![GradebookRow {
        submission: "ref".into(),
        exercises: vec![report],
    }];
    let page = render_html(
        &ClassReport {
            ids: &ids,
            rows: &rows,
            seed: 1,
            date: "2026-11-30 12:00 UTC".into(),
            version: "0".into(),
            protections: Vec::new(),
            lang: grader::lang::Lang::En,
            appendix: String::new(),
        },
        &ClassModel::new(&ids, &rows),
    );
    assert!(page.contains("<section id=\"endings\">"), "{page}");
    assert!(
        page.contains("data-test=\"server-replies-to-one-message\"")
            && page.contains("data-ending=\"ServerFinFirst\""),
        "{page}"
    );
}

/// An independent reader: the classic pcap format, Ethernet, IPv4/IPv6 and
/// TCP by hand with `struct`; prints each TCP segment's flags (S, A, F, R).
const READ_PCAP: &str = r#"
import struct, sys
data = open(sys.argv[1], 'rb').read()
magic, major, minor, _, _, snaplen, linktype = struct.unpack('<IHHiIII', data[:24])
assert magic == 0xa1b2c3d4 and (major, minor) == (2, 4) and linktype == 1, (hex(magic), linktype)
at = 24
while at < len(data):
    sec, usec, incl, orig = struct.unpack('<IIII', data[at:at + 16])
    frame = data[at + 16:at + 16 + incl]
    at += 16 + incl
    assert incl <= snaplen and incl <= orig
    ethertype = struct.unpack('!H', frame[12:14])[0]
    ip = frame[14:]
    if ethertype == 0x0800:
        proto, tcp = ip[9], ip[(ip[0] & 15) * 4:]
    elif ethertype == 0x86DD:
        proto, tcp = ip[6], ip[40:]
    else:
        continue
    if proto != 6:
        continue
    flags = tcp[13]
    print(''.join(c for c, bit in (('S', 2), ('A', 16), ('F', 1), ('R', 4)) if flags & bit))
"#;

/// Runs the one test of `toml` against `python3 -c script`.
fn run_python(script: &str, toml: &str) -> TestResult {
    run_python_with(script, toml, RunOptions::new(7))
}

/// [`run_python`] with `opts`.
fn run_python_with(script: &str, toml: &str, opts: RunOptions) -> TestResult {
    run_inline("fake", toml, "fake", python(script), &opts)
}

/// A server in Python: listens, says so, accepts one client, then `body`.
fn server(body: &str) -> String {
    format!(
        "import socket, sys, time\n\
         s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n\
         host, port = sys.argv[1].rsplit(':', 1); s.bind((host, int(port))); s.listen()\n\
         print('listening on %s:%d' % s.getsockname(), flush=True)\n\
         c, _ = s.accept()\n{body}\n"
    )
}

const ECHO_THEN_CLOSED: &str = r#"
format-version = 1
[[test]]
name = "t"
points = 1
program = "fake"
args = ["{addr}"]
step-timeout = "1s"
budget = "4s"
step = [{ connect = "a" }, { send-line = "hello" }, { expect-line = "hello" }, { expect-closed = true }]
"#;

fn failed_diagnosis(result: &TestResult) -> String {
    assert!(
        matches!(result.outcome, TestOutcome::Failed(_)),
        "{:?}",
        result.outcome
    );
    ladders(result)[0].diagnosis.join("\n")
}

#[test]
fn a_server_that_never_closes_is_named_from_the_packets() {
    if namespaces_off() {
        return;
    }
    let result = run_python(
        &server("c.sendall(c.recv(100))\ntime.sleep(30)"),
        ECHO_THEN_CLOSED,
    );
    let diagnosis = failed_diagnosis(&result);
    assert!(
        diagnosis.contains("three-way handshake completed"),
        "{diagnosis}"
    );
    assert!(
        diagnosis.contains("no FIN from your program: it never closed the connection"),
        "{diagnosis}"
    );
    assert_eq!(ladders(&result)[0].ending, Ending::StillOpen);
}

#[test]
fn a_server_that_exits_with_unread_data_is_reset_and_named() {
    if namespaces_off() {
        return;
    }
    // It reads one byte of the line and exits: the kernel resets the connection.
    let result = run_python(&server("c.recv(1)\nsys.exit(0)"), ECHO_THEN_CLOSED);
    let diagnosis = failed_diagnosis(&result);
    assert!(
        diagnosis.contains("the connection was reset (RST) by your program"),
        "{diagnosis}"
    );
    assert_eq!(ladders(&result)[0].ending, Ending::Reset);
}

#[test]
fn a_server_that_closes_before_replying_is_named() {
    if namespaces_off() {
        return;
    }
    let result = run_python(
        &server(
            "import select\nselect.select([c], [], [])\nc.shutdown(socket.SHUT_WR)\ntime.sleep(30)",
        ),
        ECHO_THEN_CLOSED,
    );
    let diagnosis = failed_diagnosis(&result);
    assert!(
        diagnosis.contains("your server closed first (it sent FIN), before sending any reply"),
        "{diagnosis}"
    );
    assert_eq!(ladders(&result)[0].ending, Ending::ServerFinFirst);
}

#[test]
fn a_flood_keeps_the_capture_within_its_caps() {
    if namespaces_off() {
        return;
    }
    // 64 MiB of replies to one line: the capture keeps a bounded part.
    let mut opts = RunOptions::new(7);
    opts.keep_frames = true;
    let result = run_python_with(
        &server(
            "c.recv(100)\nblock = b'x' * 65536\nfor _ in range(1024): c.sendall(block)\nc.close()",
        ),
        ECHO_THEN_CLOSED,
        opts,
    );
    let packets = result
        .packets
        .as_ref()
        .expect("a failing test keeps its packets");
    let segments: usize = packets
        .ladders
        .iter()
        .map(|l| l.rungs.len() + l.omitted)
        .sum();
    assert!(segments <= 2_500, "{segments}");
    let ladder = &packets.ladders[0];
    assert!(ladder.rungs.len() <= 30, "{}", ladder.rungs.len());
    assert!(packets.frames.len() <= 4_000, "{}", packets.frames.len());
    assert!(packets.frames.iter().all(|f| f.bytes.len() <= 256));
    let kept: usize = packets.frames.iter().map(|f| f.bytes.len()).sum();
    println!(
        "flood: {} frames kept, {kept} bytes; {:?}",
        packets.frames.len(),
        packets.note
    );
}

/// Without namespaces (`NETLAB_NO_NAMESPACES=1`) nothing is captured, the
/// reason is said, and the tests pass and fail as before.
fn without_namespaces_nothing_is_captured_and_all_else_works() {
    let report = reference("tcp-server", "01-tcp-server");
    assert!(
        report.results.iter().all(|r| r.outcome.passed()),
        "{report:?}"
    );
    assert!(report.results.iter().all(|r| r.packets.is_none()));
    assert!(grader::runner::packets::unavailable().is_some());
    let result = run_python(&server("c.recv(1)\nsys.exit(0)"), ECHO_THEN_CLOSED);
    assert!(
        matches!(result.outcome, TestOutcome::Failed(_)),
        "{result:?}"
    );
    assert!(result.packets.is_none());
}

#[test]
fn the_same_runs_work_without_namespaces() {
    if namespaces_off() {
        return;
    }
    // Namespaces are decided once per process: the check runs in a child.
    let status = Command::new(std::env::current_exe().unwrap())
        .args([
            "the_reference_servers_shake_hands_and_tear_down_and_a_pcap_reads_back",
            "--exact",
            "--nocapture",
        ])
        .env("NETLAB_NO_NAMESPACES", "1")
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn a_program_flooding_its_own_loopback_keeps_the_capture_capped() {
    if namespaces_off() {
        return;
    }
    // The program sends to itself as fast as it can for the whole test (it
    // accepts its own connection, whichever of it and the test's comes first).
    let flood = "import threading\n\
                 a = socket.create_connection(s.getsockname())\n\
                 while True:\n    b, peer = s.accept()\n    if peer == a.getsockname(): break\n\
                 def pump():\n    block = b'y' * 65536\n    while True: a.sendall(block)\n\
                 threading.Thread(target=pump, daemon=True).start()\n\
                 while b.recv(1 << 20): pass";
    let script = format!(
        "import socket, sys\n\
         s = socket.socket(); host, port = sys.argv[1].rsplit(':', 1); s.bind((host, int(port))); s.listen()\n\
         print('listening on %s:%d' % s.getsockname(), flush=True)\n{flood}\n"
    );
    let toml = r#"
format-version = 1
[[test]]
name = "t"
points = 1
program = "fake"
args = ["{addr}"]
budget = "5s"
step = [{ connect = "a" }, { sleep = "2s" }, { expect-running = true }]
"#;
    let mut opts = RunOptions::new(7);
    opts.packets = true;
    opts.keep_frames = true;
    let result = run_python_with(&script, toml, opts);
    assert_eq!(result.outcome, TestOutcome::Passed, "{result:?}");
    let packets = result.packets.as_ref().unwrap();
    assert!(packets.frames.len() <= 4_000);
    assert!(packets.note.is_some(), "a flood is more than the cap");
    let kept: usize = packets.ladders.iter().map(|l| l.rungs.len()).sum();
    assert!(kept <= 2 * 25, "{kept}");
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let peak = status
        .lines()
        .find(|l| l.starts_with("VmHWM"))
        .unwrap_or("");
    println!("flood: {:?}; grader's peak memory {peak}", packets.note);
}
