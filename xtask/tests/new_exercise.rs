//! `cargo xtask new-exercise ID FOLDER` in a copy of the workspace: the
//! scaffold is registered everywhere and `verify` passes on it; bad input is
//! refused with a clear error and writes nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod support;

use support::{copy_dir, locale, root, text};

/// The part of the workspace that `new-exercise`, `verify` and `cargo`
/// read: the course, the samples and the crates' manifests and sources.
fn copy_workspace(to: &Path) {
    let root = root();
    for file in ["Cargo.toml", "Cargo.lock", "README.md"] {
        std::fs::copy(root.join(file), to.join(file)).expect("copy");
    }
    for dir in [
        ".cargo",
        "exercises",
        "solutions",
        "samples",
        "grader/src",
        "grader/hidden",
        "grader/variants",
        "xtask/src",
        "xtask/templates",
    ] {
        copy_dir(&root.join(dir), &to.join(dir), &["target"]);
    }
    for file in ["grader/Cargo.toml", "xtask/Cargo.toml"] {
        std::fs::copy(root.join(file), to.join(file)).expect("copy");
    }
}

/// Runs this build's `xtask` in the workspace at `dir` (found where it runs).
fn xtask(dir: &Path, args: &[&str]) -> Output {
    locale(
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .current_dir(dir)
            .args(args)
            .env_remove("CARGO_MANIFEST_DIR")
            .env("NO_COLOR", "1"),
        "C.UTF-8",
    )
    .output()
    .expect("xtask runs")
}

/// Every file under `dir` (no `target/`) with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "target") {
                    stack.push(path);
                }
            } else {
                let bytes = std::fs::read(&path).expect("read");
                files.insert(path, bytes);
            }
        }
    }
    files
}

#[test]
fn a_scaffolded_exercise_is_registered_and_verified() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let ws = tmp.path();
    copy_workspace(ws);
    let output = xtask(ws, &["new-exercise", "shout", "04-shout"]);
    let stdout = text(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        text(&output.stderr)
    );
    for file in [
        "exercises/04-shout/Cargo.toml",
        "exercises/04-shout/README.md",
        "exercises/04-shout/README.zh-CN.md",
        "exercises/04-shout/tests.toml",
        "exercises/04-shout/src/main.rs",
        "solutions/04-shout/Cargo.toml",
        "solutions/04-shout/src/main.rs",
        "grader/hidden/04-shout.toml",
        "grader/variants/04-shout/prints-the-words-as-given.patch",
        "samples/correct/exercises/04-shout/src/main.rs",
    ] {
        assert!(ws.join(file).is_file(), "{file} missing:\n{stdout}");
        assert!(stdout.contains(file), "{file} not listed:\n{stdout}");
    }
    let read = |file: &str| std::fs::read_to_string(ws.join(file)).expect("read");
    let manifest = read("Cargo.toml");
    assert!(
        manifest.contains("    \"exercises/04-shout\",\n    \"solutions/04-shout\",\n"),
        "{manifest}"
    );
    assert!(
        read("README.md").contains("| `shout` | `exercises/04-shout` |"),
        "the exercise table"
    );
    assert!(
        read("Cargo.lock").contains("name = \"shout-solution\""),
        "Cargo.lock is updated"
    );
    assert!(read("exercises/04-shout/src/main.rs").contains("// TODO:"));

    // The tests prove the scaffold: the solution passes, the stub and the variant fail.
    let verify = xtask(
        ws,
        &[
            "verify", "shout", "--track", "rust", "--rounds", "1", "--seed", "1",
        ],
    );
    let out = text(&verify.stdout);
    assert_eq!(
        verify.status.code(),
        Some(0),
        "{out}\n{}",
        text(&verify.stderr)
    );
    assert!(out.contains("verify: every promise holds"), "{out}");
    assert!(out.contains("variant prints-the-words-as-given"), "{out}");
    assert!(!out.contains("no Chinese text"), "{out}");

    // A student's `check` runs its public tests on the stub.
    let check = xtask(ws, &["check", "shout", "--seed", "1"]);
    let out = text(&check.stdout);
    assert_eq!(check.status.code(), Some(1), "{out}");
    assert!(out.contains("shout  0/1 tests passed"), "{out}");
}

#[test]
fn bad_input_is_refused_and_writes_nothing() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let ws = tmp.path();
    copy_workspace(ws);
    // A leftover of an earlier attempt.
    std::fs::write(ws.join("grader/hidden/05-left.toml"), "# left over\n").expect("write");
    let before = snapshot(ws);
    let cases: [(&[&str], &str); 10] = [
        (
            &["tcp-server", "04-again"],
            "exercise `tcp-server` already exists in `exercises/01-tcp-server`",
        ),
        (
            &["other", "01-tcp-server"],
            "exercise `tcp-server` already exists in `exercises/01-tcp-server`",
        ),
        (
            &["other", "02-other"],
            "the number `02` is taken by `exercises/02-reconnect-server`",
        ),
        (&["Bad_Name", "04-bad"], "`Bad_Name` is not an exercise id"),
        (&["ok-solution", "04-ok"], "is not an exercise id"),
        (&["ok", "4-ok"], "`4-ok` is not an exercise folder"),
        (&["ok", "04-Ok"], "`04-Ok` is not an exercise folder"),
        (
            &["tcp-client", "04-client"],
            "`tcp-client` already names a package or program",
        ),
        (
            &["xtask", "04-xtask"],
            "`xtask` already names a package or program",
        ),
        (&["left", "05-left"], "05-left.toml` already exists"),
    ];
    for (args, expected) in cases {
        let output = xtask(ws, &[&["new-exercise"], args].concat());
        let err = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(expected), "{args:?}: {err}");
        assert_eq!(snapshot(ws), before, "{args:?} wrote something");
    }
    let output = xtask(ws, &["--lang", "zh", "new-exercise", "Bad", "04-bad"]);
    let err = text(&output.stderr);
    assert!(err.contains("不能作为练习 id"), "{err}");
    assert_eq!(snapshot(ws), before);
}
