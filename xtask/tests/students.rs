//! The students' commands through the real binary: the quiz in `check`,
//! `list`, `hint`, and both languages.

use std::process::{Command, Output};

mod support;

use support::course_data::{CourseData, number};
use support::locale;

/// Runs `xtask ARGS` in the `C.UTF-8` locale, with no colour.
fn xtask(args: &[&str]) -> Output {
    locale(
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(args)
            .env("NO_COLOR", "1"),
        "C.UTF-8",
    )
    .output()
    .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn the_quiz_stub_fails_check_readably_in_both_languages() {
    let en = xtask(&["check", "concepts", "--seed", "1"]);
    assert_eq!(en.status.code(), Some(1));
    let text = stdout(&en);
    // `check` runs the public checks only.
    let course = CourseData::open();
    let (checks, points) = (
        course.public_count("concepts"),
        number(course.public_max("concepts")),
    );
    assert!(
        text.contains(&format!(
            "concepts  0/{checks} tests passed, 0/{points} points"
        )),
        "{text}"
    );
    assert!(
        text.contains("no answer yet: fill in `osi-layers`"),
        "{text}"
    );
    assert!(!text.contains('\x1b'), "NO_COLOR and a pipe: plain text");

    let zh = xtask(&["--lang", "zh", "check", "concepts", "--seed", "1"]);
    let text = stdout(&zh);
    assert!(text.contains(&format!("通过 0/{checks} 项测试")), "{text}");
    assert!(text.contains("尚未作答"), "{text}");
    assert!(text.contains("提示："), "{text}");
}

#[test]
fn list_and_hint_answer_in_the_locale_language() {
    let list = xtask(&["list"]);
    assert_eq!(list.status.code(), Some(0));
    let text = stdout(&list);
    for id in ["concepts", "tcp-server"] {
        assert!(text.contains(id), "{text}");
    }
    assert!(text.contains("next:"), "{text}");

    let hint = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["hint", "tcp-server", "--all"])
        .env("LANG", "zh_CN.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();
    let text = stdout(&hint);
    assert!(
        text.contains("提示：绑定地址"),
        "the locale chooses Chinese: {text}"
    );

    let bad = xtask(&["--lang", "fr", "list"]);
    assert_eq!(
        bad.status.code(),
        Some(2),
        "an unknown language is a usage error"
    );
}
