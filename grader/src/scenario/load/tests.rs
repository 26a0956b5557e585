//! Tests of test-file loading: good files, and every kind of mistake named by file, line and key.

use super::*;
use crate::scenario::StepKind;

fn parse(text: &str) -> Result<TestFile, ScenarioError> {
    TestFile::parse(text, Path::new("t.toml"), Visibility::Public)
}

const GOOD: &str = r###"
format-version = 1
[defaults]
program = "tcp-server"
args = ["{addr}"]
reply = "Receive your message: {message}"
quiet = ["##"]

[[test]]
name = "one"
points = 1
step = [
  { connect = "a" },
  { send-line = "hi", split = 1, pause = "1ms" },
  { expect-replies = true },
  { send-line = "##" },
  { expect-closed = true },
  { expect-exit = 0 },
]
"###;

#[test]
fn a_good_file_loads_with_defaults_applied() {
    let file = parse(GOOD).unwrap();
    let test = &file.tests[0];
    assert_eq!(test.program, "tcp-server");
    assert!(test.wait_listening);
    assert_eq!(test.steps.len(), 6);
    assert_eq!(test.steps[1].line, 14);
    assert_eq!(
        test.steps[1].kind,
        StepKind::Send {
            conn: "a".into(),
            data: b"hi\n".to_vec(),
            split: Some(1),
            pause: Duration::from_millis(1)
        }
    );
}

#[test]
fn chinese_texts_replace_english_ones_only_when_asked_and_present() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.toml");
    let text = GOOD.replace(
        "points = 1",
        "points = 1\nabout = \"One.\"\nabout-zh = \"一。\"\nhint = \"Read.\"",
    );
    std::fs::write(&path, text).unwrap();
    let zh = TestFile::load_in(&path, Visibility::Public, crate::lang::Lang::Zh).unwrap();
    assert_eq!(zh.tests[0].about.as_deref(), Some("一。"));
    assert_eq!(
        zh.tests[0].hint.as_deref(),
        Some("Read."),
        "no hint-zh: English stays"
    );
    let en = TestFile::load_in(&path, Visibility::Public, crate::lang::Lang::En).unwrap();
    assert_eq!(en.tests[0].about.as_deref(), Some("One."));
    assert_eq!(
        TestFile::untranslated(&path),
        ["one"],
        "the hint has no Chinese"
    );
}

#[test]
fn a_misspelt_key_names_the_file_line_and_key() {
    let err = parse(&GOOD.replace("send-line = \"hi\"", "sned-line = \"hi\""))
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("t.toml: TOML parse error at line 14"),
        "{err}"
    );
    assert!(err.contains("unknown field `sned-line`"), "{err}");
}

#[test]
fn a_bad_value_names_the_line_and_key() {
    let err = parse(&GOOD.replace("pause = \"1ms\"", "pause = \"soon\""))
        .unwrap_err()
        .to_string();
    assert!(err.contains("line 14"), "{err}");
    assert!(err.contains("soon"), "{err}");
}

#[test]
fn a_step_with_two_actions_is_rejected_with_its_line() {
    let err = parse(&GOOD.replace(
        "{ expect-exit = 0 }",
        "{ expect-exit = 0, expect-running = true }",
    ))
    .unwrap_err()
    .to_string();
    assert_eq!(
        err,
        "t.toml:18: test `one`, step 6: a step takes one action, this one has expect-exit, expect-running"
    );
}

#[test]
fn an_unknown_connection_is_rejected() {
    let err = parse(&GOOD.replace(
        "{ expect-replies = true }",
        "{ expect-replies = true, on = \"b\" }",
    ))
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("t.toml:15: test `one`, step 3: `expect-replies` names connection `b`"),
        "{err}"
    );
}

#[test]
fn duplicate_names_and_bad_versions_are_rejected() {
    let twice = format!("{GOOD}\n{}", &GOOD[GOOD.find("[[test]]").unwrap()..]);
    assert!(
        parse(&twice)
            .unwrap_err()
            .to_string()
            .contains("a second test is named `one`")
    );
    let v2 = GOOD.replace("format-version = 1", "format-version = 2");
    assert!(
        parse(&v2)
            .unwrap_err()
            .to_string()
            .contains("`format-version = 2` is not known")
    );
}

#[test]
fn limits_come_from_defaults_and_tests_and_are_checked() {
    let text = GOOD.replace(
        "quiet = [\"##\"]\n",
        "quiet = [\"##\"]\nlimits = { memory = \"256MiB\", processes = 4 }\n",
    );
    let text = text.replace(
        "points = 1\n",
        "points = 1\nlimits = { memory = \"4GiB\", cpu = \"2s\", file-size = 1000 }\n",
    );
    let test = &parse(&text).unwrap().tests[0];
    assert_eq!(test.limits.memory, 4 << 30);
    assert_eq!(test.limits.processes, 4);
    assert_eq!(test.limits.cpu, Duration::from_secs(2));
    assert_eq!(test.limits.file_size, 1000);
    let err = parse(&GOOD.replace(
        "points = 1\n",
        "points = 1\nlimits = { memory = \"lots\" }\n",
    ))
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("t.toml:9: test `one`: `limits.memory`"),
        "{err}"
    );
    let err = parse(&GOOD.replace("points = 1\n", "points = 1\nlimits = { disk = 1 }\n"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown field `disk`"), "{err}");
}

#[test]
fn connect_without_addr_and_zero_points_are_rejected() {
    let err = parse(&GOOD.replace("args = [\"{addr}\"]", "args = []"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("`connect` needs the program's address"),
        "{err}"
    );
    let err = parse(&GOOD.replace("points = 1", "points = 0"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("`points = 0` must be above 0"), "{err}");
}
#[test]
fn expect_ended_loads_and_false_is_rejected() {
    let file = parse(&GOOD.replace(
        "{ expect-exit = 0 }",
        "{ signal = \"TERM\" },\n  { expect-ended = true, timeout = \"1s\" }",
    ))
    .unwrap();
    let last = file.tests[0].steps.last().unwrap();
    assert_eq!(last.kind, StepKind::ExpectEnded);
    assert_eq!(last.timeout, Duration::from_secs(1));
    let err = parse(&GOOD.replace("{ expect-exit = 0 }", "{ expect-ended = false }"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("`expect-ended = false` means nothing"),
        "{err}"
    );
    let err = parse(&GOOD.replace("{ expect-exit = 0 }", "{ expect-ended = true, on = \"a\" }"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("`on` does not go with `expect-ended`"),
        "{err}"
    );
}

const FILES: &str = r###"
format-version = 1
[defaults]
program = "file-seek"
files = [{ path = "data.bin", text = "0123" }]

[[test]]
name = "files"
points = 1
args = ["--mode", "r", "data.bin", "read:2"]
step = [
  { expect-exit = 0 },
  { expect-stdout-hex = "30 31 0a" },
  { expect-file = { path = "data.bin", text = "0123" } },
  { expect-file = { path = "other", exists = false } },
]

[[test]]
name = "own-files"
points = 1
files = [{ path = "big", size = 4294967296 }, { path = "h", hex = "00 ff" }]
step = [{ expect-file = { path = "big", size = 4294967296 } }]
"###;

#[test]
fn files_come_from_the_defaults_or_the_test() {
    let file = parse(FILES).unwrap();
    let [first, second] = file.tests.as_slice() else {
        panic!("two tests")
    };
    assert_eq!(first.files.len(), 1);
    assert_eq!(
        first.files[0].content,
        crate::scenario::FileContent::Bytes(b"0123".to_vec())
    );
    assert_eq!(
        first.steps[1].kind,
        StepKind::ExpectStdout {
            text: b"01\n".to_vec()
        }
    );
    assert_eq!(
        second.files[0].content,
        crate::scenario::FileContent::Sparse(1 << 32)
    );
    assert_eq!(second.files.len(), 2);
}

#[test]
fn bad_files_are_rejected_with_their_line() {
    let err = parse(&FILES.replace("path = \"big\"", "path = \"../big\""))
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "t.toml:18: test `own-files`: `files`: `path = \"../big\"` leaves the working directory: no `..`"
    );
    let err = parse(&FILES.replace(
        "{ path = \"other\", exists = false }",
        "{ path = \"/tmp/x\", size = 1 }",
    ))
    .unwrap_err()
    .to_string();
    assert!(
        err.starts_with("t.toml:15: test `files`, step 4: `path = \"/tmp/x\"` must be relative"),
        "{err}"
    );
    let err = parse(&FILES.replace(
        "{ path = \"data.bin\", text = \"0123\" } }",
        "{ path = \"data.bin\", text = \"0123\", hex = \"00\" } }",
    ))
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("step 3: `expect-file` needs `path` and exactly one of"),
        "{err}"
    );
    let err = parse(&FILES.replace("hex = \"00 ff\"", "hex = \"00 ff\", path = \"big\""));
    assert!(err.is_err());
    let twice = FILES.replace("path = \"h\"", "path = \"big\"");
    assert!(
        parse(&twice)
            .unwrap_err()
            .to_string()
            .contains("`files`: `big` is listed twice")
    );
}

const UNFRAMED: &str = r###"
format-version = 1
[defaults]
program = "tcp-server"
wait-listener = true
reply-ends-after = "150ms"

[[test]]
name = "server"
points = 1
step = [
  { connect = "a" },
  { ask = "hello" },
  { ask = "你好", reply = "Receive your message" },
  { send = "##" },
  { expect-end = true },
  { drain = "1s", on = "a" },
  { expect-idle = "1s" },
]

[[test]]
name = "client"
points = 1
program = "tcp-client"
wait-listener = false
server-port = 8888
stdin = "hello\n"
step = [{ accept = "s" }, { expect-message = "hello" }, { send = "Receive your message" }]
"###;

#[test]
fn unframed_steps_load_with_their_defaults() {
    let file = parse(UNFRAMED).unwrap();
    let server = &file.tests[0];
    assert!(server.wait_listener && !server.wait_listening);
    assert_eq!(server.reply_ends_after, Duration::from_millis(150));
    assert_eq!(
        server.steps[2].kind,
        StepKind::Ask {
            conn: "a".into(),
            data: "你好".as_bytes().to_vec(),
            reply: Some(b"Receive your message".to_vec())
        }
    );
    assert_eq!(
        server.steps[5].kind,
        StepKind::Drain {
            conn: "a".into(),
            at_most: Duration::from_secs(1)
        }
    );
    assert_eq!(
        server.steps[6].kind,
        StepKind::ExpectIdle {
            idle_for: Duration::from_secs(1)
        }
    );
    let client = &file.tests[1];
    assert_eq!(client.server_port, Some(8888));
    assert!(client.needs_server && !client.wait_listener);
    assert_eq!(
        client.steps[1].kind,
        StepKind::ExpectMessage {
            conn: "s".into(),
            message: b"hello".to_vec()
        }
    );
}

#[test]
fn unframed_mistakes_are_named_by_key() {
    let bad = |from: &str, to: &str| parse(&UNFRAMED.replace(from, to)).unwrap_err().to_string();
    assert!(
        bad("{ send = \"##\" }", "{ send = \"##\", reply = \"x\" }")
            .contains("step 4: `reply` goes with `ask`, not `send`")
    );
    assert!(bad("{ ask = \"hello\" }", "{ ask = \"\" }").contains("`ask = \"\"` sends nothing"));
    assert!(bad("server-port = 8888", "server-port = 0").contains("`server-port = 0`"));
    assert!(
        bad(
            "{ expect-idle = \"1s\" }",
            "{ expect-idle = \"1s\", on = \"a\" }"
        )
        .contains("`on` does not go with `expect-idle`")
    );
    assert!(
        bad(
            "{ expect-end = true }",
            "{ expect-end = true, drain = \"1s\" }"
        )
        .contains("a step takes one action")
    );
    let err = bad("wait-listener = true", "wait-listener = false");
    assert!(
        err.contains("`connect` needs the program's address"),
        "{err}"
    );
    let err = bad(
        "program = \"tcp-server\"\nwait-listener = true",
        "program = \"tcp-server\"\nwait-listener = true\nargs = [\"{addr}\"]",
    );
    assert!(
        err.contains("`wait-listener` is for programs that choose their own port"),
        "{err}"
    );
    assert!(
        bad("reply-ends-after", "reply-ends-afterr").contains("unknown field `reply-ends-afterr`")
    );
}
