//! Every kind of bad step, and what loading it says, against the golden file
//! `step-errors.txt` (`NETLAB_BLESS=1` rewrites it): the messages instructors
//! read when a step is wrong, kept word for word.

use std::fmt::Write as _;
use std::path::Path;

use super::{TestFile, Visibility};

/// A test whose steps are `{steps}`; it has an address, a reply and a server.
const TEMPLATE: &str = r###"format-version = 1
[defaults]
program = "tcp-server"
args = ["{addr}", "{server}"]
reply = "Receive your message: {message}"

[[test]]
name = "t"
points = 1
step = [
  {steps}
]
"###;

/// The same without `{addr}`, `{server}` or `reply`.
const BARE: &str = r###"format-version = 1
[defaults]
program = "file-seek"

[[test]]
name = "t"
points = 1
step = [
  {steps}
]
"###;

/// Steps after `{ connect = "a" }`, each loaded on its own.
const AFTER_CONNECT: &[&str] = &[
    // Keys and types, as serde and TOML report them.
    r#"{ sned-line = "hi" }"#,
    r#"{ send-line = "hi", tiemout = "1s" }"#,
    r#"{ send-line = "hi", bogus = 1 }"#,
    r#"{ bogus = 2, send = 1 }"#,
    r#"{ send = 1, bogus = 2 }"#,
    r#"{ send = "x", send-line = 1 }"#,
    r#"{ send = 5 }"#,
    r#"{ send-line = ["a"] }"#,
    r#"{ send-hex = 1 }"#,
    r#"{ send-random = "x" }"#,
    r#"{ send-random = { max-len = 3 } }"#,
    r#"{ send-random = { lines = 1, bogus = 1 } }"#,
    r#"{ send-random = { lines = 1, bytes = "utf8" } }"#,
    r#"{ expect-line = 1 }"#,
    r#"{ expect-line-hex = true }"#,
    r#"{ expect-replies = "yes" }"#,
    r#"{ expect-closed = 1 }"#,
    r#"{ expect-silence = "soon" }"#,
    r#"{ expect-silence = 5 }"#,
    r#"{ expect-exit = "0" }"#,
    r#"{ expect-exit = 1.5 }"#,
    r#"{ expect-exit = 99999999999 }"#,
    r#"{ expect-running = 1 }"#,
    r#"{ expect-ended = "yes" }"#,
    r#"{ expect-stdout = 1 }"#,
    r#"{ expect-stdout-hex = 1 }"#,
    r#"{ expect-file = "x" }"#,
    r#"{ expect-file = { path = "a", bogus = 1 } }"#,
    r#"{ expect-stderr-lines = -1 }"#,
    r#"{ expect-stderr-prefix = 1 }"#,
    r#"{ close = 1 }"#,
    r#"{ shutdown = true }"#,
    r#"{ reset = 1.5 }"#,
    r#"{ signal = 9 }"#,
    r#"{ sleep = "x" }"#,
    r#"{ ask = 1 }"#,
    r#"{ expect-message = 1 }"#,
    r#"{ drain = true }"#,
    r#"{ expect-end = "x" }"#,
    r#"{ expect-idle = 3 }"#,
    r#"{ send = "x", repeat = -1 }"#,
    r#"{ send = "x", split = "a" }"#,
    r#"{ send = "x", pause = "soon" }"#,
    r#"{ ask = "x", reply = 1 }"#,
    r#"{ send = "x", on = 1 }"#,
    r#"{ send = "x", timeout = "x" }"#,
    r#"{ connect = 1 }"#,
    r#"{ accept = [] }"#,
    r#""send""#,
    r#"1"#,
    r#"[]"#,
    r#"["hi"]"#,
    r#"[1]"#,
    r#"[["a"]]"#,
    // What the checks after parsing say.
    r#"{}"#,
    r#"{ send = "a", send-line = "b" }"#,
    r#"{ expect-exit = 0, expect-running = true, sleep = "1s" }"#,
    r#"{ expect-exit = 0, split = 1 }"#,
    r#"{ expect-exit = 0, pause = "1ms" }"#,
    r#"{ expect-exit = 0, repeat = 2 }"#,
    r#"{ send-random = { lines = 1 }, split = 2 }"#,
    r#"{ send = "a", reply = "b" }"#,
    r#"{ send = "a", split = 0 }"#,
    r#"{ connect = "b", on = "a" }"#,
    r#"{ accept = "b", on = "a" }"#,
    r#"{ connect = "" }"#,
    r#"{ accept = "" }"#,
    r#"{ connect = "a" }"#,
    r#"{ send = "a", on = "zz" }"#,
    r#"{ send-hex = "zz" }"#,
    r#"{ send-hex = "0" }"#,
    r#"{ expect-line-hex = "0" }"#,
    r#"{ expect-stdout-hex = "g" }"#,
    r#"{ send-random = { lines = 1, min-len = 5, max-len = 4 } }"#,
    r#"{ expect-line = "a\n" }"#,
    r#"{ expect-line-hex = "61 0a" }"#,
    r#"{ expect-replies = false }"#,
    r#"{ expect-closed = false }"#,
    r#"{ expect-running = false }"#,
    r#"{ expect-ended = false }"#,
    r#"{ expect-end = false }"#,
    r#"{ expect-file = { path = "a" } }"#,
    r#"{ expect-file = { path = "a", text = "x", size = 1 } }"#,
    r#"{ expect-file = { path = "../a", size = 1 } }"#,
    r#"{ signal = "STOP" }"#,
    r#"{ signal = "term" }"#,
    r#"{ ask = "" }"#,
    r#"{ ask = "x", reply = "" }"#,
    r#"{ expect-message = "" }"#,
    r#"{ expect-idle = "0s" }"#,
    r#"{ expect-exit = 0, on = "a" }"#,
    r#"{ sleep = "1s", on = "a" }"#,
    r#"{ signal = "TERM", on = "a" }"#,
    r#"{ expect-idle = "1s", on = "a" }"#,
    r#"{ close = "zz" }"#,
    r#"{ shutdown = "zz" }"#,
    r#"{ reset = "zz" }"#,
    r#"{ drain = "1s", on = "zz" }"#,
    // Which of two problems is named first.
    r#"{ send-line = "b", send = "a" }"#,
    r#"{ expect-idle = "1s", sleep = "1s", expect-running = true, connect = "c" }"#,
    r#"{ expect-exit = 0, split = 1, reply = "x" }"#,
    r#"{ ask = "x", split = 0 }"#,
    r#"{ send = "x", reply = "r", split = 0 }"#,
    r#"{ connect = "b", reply = "x", on = "a" }"#,
    r#"{ connect = "", on = "a" }"#,
    r#"{ connect = "b", split = 0 }"#,
    r#"{ send-hex = "zz", split = 0 }"#,
    r#"{ send-hex = "zz", on = "zz" }"#,
    r#"{ send = "x", on = "zz", split = 0 }"#,
    r#"{ expect-line = "a\n", on = "zz" }"#,
    r#"{ signal = "STOP", on = "a" }"#,
    r#"{ expect-idle = "0s", on = "a" }"#,
    r#"{ ask = "", on = "zz" }"#,
    r#"{ ask = "x", reply = "", on = "zz" }"#,
    r#"{ expect-message = "", on = "zz" }"#,
    r#"{ expect-replies = false, on = "zz" }"#,
    r#"{ expect-end = false, on = "zz" }"#,
    r#"{ expect-file = { path = "a" }, on = "a" }"#,
    r#"{ send-random = { lines = 1, min-len = 5, max-len = 4 }, on = "zz" }"#,
    r#"{ send = "a", send-line = "b", split = 0, on = "zz" }"#,
    r#"{ expect-stdout-hex = "g", on = "a" }"#,
    r#"{ expect-running = false, on = "a" }"#,
    r#"{ drain = "0s" }, { expect-silence = "0s" }, { sleep = "0s" }"#,
    r#"{ expect-exit = 0, timeout = "1s" }"#,
    r#"{ close = "a", on = "zz" }"#,
    r#"{ reset = "zz", on = "a" }"#,
    // Good steps: what they load as.
    r#"{ send = "a", repeat = 3, split = 2, pause = "1ms", timeout = "5s" }"#,
    r#"{ send-line = "a", repeat = 2 }"#,
    r#"{ send-hex = "ff 00", on = "a" }"#,
    r#"{ send-random = { lines = 2, min-len = 1, max-len = 3, bytes = "binary", one-write = true } }"#,
    r#"{ expect-line = "x" }, { expect-line-hex = "ff" }, { expect-replies = true }"#,
    r#"{ expect-closed = true }, { expect-silence = "1s" }, { expect-exit = 3 }"#,
    r#"{ expect-running = true }, { expect-ended = true }, { expect-stdout = "o" }"#,
    r#"{ expect-stdout-hex = "00" }, { expect-file = { path = "f", exists = false } }"#,
    r#"{ expect-stderr-lines = 1 }, { expect-stderr-prefix = "error:" }"#,
    r#"{ close = "a" }, { connect = "b" }, { shutdown = "b" }, { reset = "b" }"#,
    r#"{ signal = "HUP" }, { sleep = "10ms" }, { accept = "s" }, { close = "a" }"#,
    r#"{ ask = "hi" }, { ask = "hi", reply = "yo", on = "a" }, { expect-message = "m" }"#,
    r#"{ drain = "1s" }, { expect-end = true }, { expect-idle = "1s" }"#,
];

/// Whole step lists in the template, for what needs no connection first.
const WHOLE: &[&str] = &[
    r#"{ send = "x" }"#,
    r#"{ expect-replies = true }"#,
    r#"{ close = "a" }"#,
    r#"{ connect = "a" }, { connect = "b" }, { send = "x", on = "a" }, { close = "b" }"#,
];

/// Whole step lists in the bare test (no address, listener or reply).
const BARE_STEPS: &[&str] = &[
    r#"{ connect = "a" }"#,
    r#"{ accept = "a" }"#,
    r#"{ expect-exit = 0 }, { expect-replies = true }"#,
];

fn load(template: &str, steps: &str) -> String {
    let text = template.replace("{steps}", steps);
    match TestFile::parse(&text, Path::new("t.toml"), Visibility::Public) {
        Ok(file) => format!("{:#?}", file.tests[0].steps),
        Err(err) => err.to_string(),
    }
}

#[test]
fn every_bad_step_says_what_it_always_said() {
    let mut out = String::new();
    let cases = AFTER_CONNECT
        .iter()
        .map(|step| (TEMPLATE, format!("{{ connect = \"a\" }},\n  {step}"), *step))
        .chain(
            WHOLE
                .iter()
                .map(|steps| (TEMPLATE, (*steps).to_string(), *steps)),
        )
        .chain(
            BARE_STEPS
                .iter()
                .map(|steps| (BARE, (*steps).to_string(), *steps)),
        );
    for (template, steps, case) in cases {
        writeln!(out, "=== {case}\n{}\n", load(template, &steps)).unwrap();
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/scenario/load/step-errors.txt");
    if std::env::var_os("NETLAB_BLESS").is_some() {
        std::fs::write(&path, &out).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with NETLAB_BLESS=1 to write it)",
            path.display()
        )
    });
    assert!(
        out == want,
        "{} differs (NETLAB_BLESS=1 rewrites it; then read `git diff`)",
        path.display()
    );
}
