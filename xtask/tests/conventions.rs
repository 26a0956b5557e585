//! The command line behaves like cargo's, through the real binary: usage,
//! `--color` with `NO_COLOR` and `CLICOLOR_FORCE`, `-j`, `-q`/`-v`, "did
//! you mean", `--lang` values, durations, plurals, `--message-format json`,
//! and a workspace root found where the command runs.

use std::path::Path;
use std::process::{Command, Output};

mod support;

use support::{locale, text};

fn xtask(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR");
    locale(&mut command, "C.UTF-8");
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().unwrap()
}

#[test]
fn usage_reads_cargo_xtask_and_values_are_checked() {
    let help = text(&xtask(&["--help"], &[]).stdout);
    assert!(
        help.contains("Usage: cargo xtask [OPTIONS] <COMMAND>"),
        "{help}"
    );
    for flag in [
        "-q, --quiet",
        "-v, --verbose",
        "--color <WHEN>",
        "--lang <LANG>",
    ] {
        assert!(help.contains(flag), "{flag}: {help}");
    }
    let bad = xtask(&["--lang", "fr", "list"], &[]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        text(&bad.stderr).contains("[possible values: en, zh]"),
        "{}",
        text(&bad.stderr)
    );
    // `-j` means the same in every command that runs things.
    let mut meanings = Vec::new();
    for command in ["check", "grade", "verify", "bench"] {
        let help = text(&xtask(&[command, "--help"], &[]).stdout);
        let line = help
            .lines()
            .find(|l| l.contains("-j, --jobs <N>"))
            .unwrap_or_else(|| panic!("`{command}` has no -j: {help}"));
        meanings.push(line.to_string());
    }
    assert!(meanings.windows(2).all(|w| w[0] == w[1]), "{meanings:#?}");
    let zero = xtask(&["check", "-j", "0"], &[]);
    assert_eq!(zero.status.code(), Some(2), "{}", text(&zero.stderr));
}

#[test]
fn a_near_miss_id_gets_a_suggestion() {
    let output = xtask(&["check", "tcp-sever"], &[]);
    assert_eq!(output.status.code(), Some(2));
    let err = text(&output.stderr);
    assert!(
        err.contains("no exercise `tcp-sever`: did you mean `tcp-server`?"),
        "{err}"
    );
    let far = text(&xtask(&["hint", "zzzzzzzz"], &[]).stderr);
    assert!(!far.contains("did you mean"), "{far}");
}

#[test]
fn colour_follows_the_flag_then_no_color_and_clicolor_force() {
    let colored = |args: &[&str], env: &[(&str, &str)]| {
        let output = xtask(args, env);
        text(&output.stdout).contains('\x1b')
    };
    let check = ["check", "concepts", "--seed", "1"];
    assert!(!colored(&check, &[]), "a pipe gets no colour by default");
    assert!(colored(&check, &[("CLICOLOR_FORCE", "1")]));
    assert!(!colored(
        &check,
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]
    ));
    let always = ["--color", "always", "check", "concepts", "--seed", "1"];
    assert!(colored(&always, &[("NO_COLOR", "1")]), "the flag wins");
    let never = ["--color", "never", "check", "concepts", "--seed", "1"];
    assert!(!colored(&never, &[("CLICOLOR_FORCE", "1")]));
}

#[test]
fn check_shows_the_first_failure_in_full_and_the_rest_in_a_line() {
    let output = xtask(&["check", "--seed", "1"], &[]);
    assert_eq!(output.status.code(), Some(1));
    let out = text(&output.stdout);
    let tests = out.lines().filter(|l| l.starts_with("  ✗ ")).count();
    assert!(tests > 20, "{out}");
    // One failure in full (one `checks:` and one `hint:`), the others one line each.
    assert_eq!(out.matches("    checks:").count(), 1, "{out}");
    assert_eq!(out.matches("    hint:").count(), 1, "{out}");
    assert!(
        out.lines().count() < tests + 30,
        "{} lines for {tests} failures:\n{out}",
        out.lines().count()
    );
    let summary = format!("{tests} failed, 0 passed ({tests} tests): 0/");
    assert!(out.contains(&summary), "{out}");
    assert!(out.contains("\nnext: make `"), "{out}");
    // Durations are written as in the test files.
    assert!(
        out.lines()
            .any(|l| l.starts_with("  ✗ ") && l.contains("ms")),
        "{out}"
    );

    let quiet = text(&xtask(&["-q", "check", "--seed", "1"], &[]).stdout);
    assert_eq!(quiet.matches("checks:").count(), 0, "{quiet}");
    let verbose = text(&xtask(&["check", "-v", "concepts", "--seed", "1"], &[]).stdout);
    assert!(verbose.matches("    checks:").count() > 5, "{verbose}");
}

#[test]
fn check_speaks_json_lines_for_editors_and_ci() {
    let output = xtask(
        &[
            "check",
            "concepts",
            "--seed",
            "1",
            "--message-format",
            "json",
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(1));
    let out = text(&output.stdout);
    let events: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect();
    let tests: Vec<_> = events.iter().filter(|e| e["type"] == "test").collect();
    assert!(tests.len() > 5, "{out}");
    for test in &tests {
        assert_eq!(test["exercise"], "concepts");
        assert_eq!(test["event"], "failed");
        assert!(
            test["name"].is_string() && test["message"].is_string(),
            "{test}"
        );
    }
    let summary = events.last().unwrap();
    assert_eq!(summary["type"], "summary");
    assert_eq!(summary["failed"], tests.len());
    assert_eq!(summary["seed"], 1);
}

#[test]
fn the_workspace_is_found_where_the_command_runs() {
    // A copy elsewhere (here a tiny workspace) is acted on, not the place
    // this binary was built from.
    let copy = tempfile::tempdir().unwrap();
    let root = copy.path();
    std::fs::create_dir_all(root.join("xtask")).unwrap();
    std::fs::create_dir_all(root.join("exercises/01-demo")).unwrap();
    std::fs::write(root.join("Cargo.toml"), "[workspace]\n").unwrap();
    std::fs::write(
        root.join("xtask/Cargo.toml"),
        "[package]\nname = \"xtask\"\n",
    )
    .unwrap();
    std::fs::write(
        root.join("exercises/01-demo/Cargo.toml"),
        "[package]\nname = \"demo\"\n",
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["check", "dmeo"])
        .current_dir(root.join("exercises"))
        .env_remove("CARGO_MANIFEST_DIR")
        .output()
        .unwrap();
    let err = text(&output.stderr);
    assert!(err.contains("did you mean `demo`?"), "{err}");
    assert!(
        !err.contains("tcp-server"),
        "acted on the build's workspace: {err}"
    );
    let nowhere = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("list")
        .current_dir(nowhere.path())
        .env_remove("CARGO_MANIFEST_DIR")
        .output()
        .unwrap();
    // Outside any workspace the binary's own place is the last resort.
    assert!(
        output.status.success()
            || text(&output.stderr).contains("cannot find the netlab workspace"),
        "{}",
        text(&output.stderr)
    );
    assert!(Path::new(env!("CARGO_BIN_EXE_xtask")).exists());
}
