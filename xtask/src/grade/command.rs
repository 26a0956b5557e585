//! `grade --exercise ID --cmd COMMAND`: an exercise's tests against any program.

use std::ffi::OsString;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use grader::course::Course;
use grader::events::Emitter;
use grader::grading::{Suite, load_tests, run_tests};
use grader::runner::{Programs, RunOptions};
use grader::submissions::SubmissionReport;

/// Runs one exercise's tests against a command standing for one of its programs.
pub(super) fn grade_command(
    course: &Course,
    id: &str,
    cmd: &str,
    program: Option<&str>,
    opts: &RunOptions,
) -> anyhow::Result<SubmissionReport> {
    let start = Instant::now();
    let here = std::env::current_dir().context("cannot find the current directory")?;
    let command = shell_command(&absolute_paths(cmd, &here)?);
    let exercise = course
        .select(&[id.to_string()])?
        .pop()
        .context("no exercise given")?;
    let tests = load_tests(course, &exercise, Suite::All)
        .with_context(|| format!("cannot load the tests of `{}`", exercise.id))?;
    let program = match program {
        Some(name) => name.to_string(),
        None => tests
            .first()
            .map(|t| t.program.clone())
            .with_context(|| format!("`{}` has no tests", exercise.id))?,
    };
    let known: Vec<&str> = tests.iter().map(|t| t.program.as_str()).collect();
    if !known.contains(&program.as_str()) {
        bail!(
            "no test of `{}` runs a program `{program}`; its programs are: {}",
            exercise.id,
            dedup(&known).join(", ")
        );
    }
    let (applicable, skipped): (Vec<_>, Vec<_>) =
        tests.into_iter().partition(|t| t.program == program);
    if !skipped.is_empty() {
        let others: Vec<&str> = skipped.iter().map(|t| t.program.as_str()).collect();
        println!(
            "not applicable: {} test(s) of {} skipped: `--cmd` stands for `{program}` only (choose another with --program)",
            skipped.len(),
            dedup(&others)
                .iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    let mut programs = Programs::new();
    programs.insert(program.clone(), command);
    let mut report = run_tests(&exercise, applicable, programs, opts, Emitter::silent());
    // "Try it with `cargo run`" would name the Rust crate, not this command.
    for result in &mut report.results {
        result.command = None;
    }
    Ok(SubmissionReport {
        name: "command".to_string(),
        exercises: vec![report],
        build_time: Duration::ZERO,
        elapsed: start.elapsed(),
        error: None,
    })
}

/// `sh -c CMD`, where `{addr}` becomes the test's arguments (`"$@"`), or they
/// are appended when the command does not place them.
pub(super) fn shell_command(cmd: &str) -> Vec<OsString> {
    let script = if cmd.contains("{addr}") {
        cmd.replace("{addr}", "\"$@\"")
    } else {
        format!("{cmd} \"$@\"")
    };
    // `exec` so that the test's signals reach the program itself.
    let script = format!("exec {script}");
    ["sh", "-c", &script, "netlab-cmd"]
        .into_iter()
        .map(OsString::from)
        .collect()
}

/// Each test runs in its own temporary directory, so the words of `cmd`
/// that name files relative to `here` (such as `server.py` or `./server`)
/// become absolute, quoted paths. Words are split as `sh` would (`shlex`);
/// a word written without quotes is kept as written, so shell syntax such as
/// `{addr}`, `$VAR` or `2>&1` keeps its meaning under `sh -c`.
pub(super) fn absolute_paths(cmd: &str, here: &Path) -> anyhow::Result<String> {
    let words = shlex::split(cmd).with_context(|| {
        format!(
            "cannot split `--cmd {cmd}` into words: close every quote and end no word with `\\`"
        )
    })?;
    let bare: Vec<&str> = cmd.split_whitespace().collect();
    let words = words.iter().map(|word| {
        let file = here.join(word);
        if !word.starts_with('/') && word.contains(['/', '.']) && file.exists() {
            quote(&file.display().to_string())
        } else if bare.contains(&word.as_str()) {
            word.clone()
        } else {
            quote(word)
        }
    });
    Ok(words.collect::<Vec<_>>().join(" "))
}

/// `word` quoted for `sh` (no argument holds the one byte it refuses, NUL).
fn quote(word: &str) -> String {
    shlex::try_quote(word).map_or_else(|_| String::new(), |q| q.into_owned())
}

fn dedup<'a>(names: &[&'a str]) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for name in names {
        if !out.contains(name) {
            out.push(name);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_files_in_a_command_become_absolute() {
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        let absolute = |cmd| absolute_paths(cmd, here).unwrap();
        assert_eq!(
            absolute("python3 src/main.rs {addr}"),
            format!(
                "python3 {} {{addr}}",
                quote(&format!("{}/src/main.rs", here.display()))
            )
        );
        assert_eq!(
            absolute("python3 -u nothing.py 2>&1"),
            "python3 -u nothing.py 2>&1"
        );
        assert_eq!(absolute("echo 'a  b' \"$x\""), "echo 'a  b' '$x'");
    }

    #[test]
    fn a_command_that_does_not_split_is_an_error() {
        let err = absolute_paths("python3 'server.py", Path::new("/")).unwrap_err();
        assert!(err.to_string().contains("close every quote"), "{err}");
    }

    #[test]
    fn the_address_stands_for_the_tests_arguments() {
        let words = shell_command("python3 s.py {addr}");
        assert_eq!(words[2], "exec python3 s.py \"$@\"");
        let words = shell_command("./server");
        assert_eq!(words[2], "exec ./server \"$@\"");
    }
}
