//! `cargo xtask`: the netlab command line for students, instructors and CI.
//!
//! One module per command: [`check`], [`grade`], [`verify`], [`dist`], [`bench`], [`merge`];
//! [`class_report`] holds the class views `grade` prints and writes.

mod bench;
mod check;
mod class_report;
mod diff;
mod dist;
mod github;
mod grade;
mod gradescope;
mod gradescope_layout;
mod gradescope_run;
mod hint;
mod list;
mod load;
mod merge;
mod output;
mod quiz_hash;
mod roster;
mod similar;
mod verify;
mod watch;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use grader::lang::Lang;

/// netlab: network-programming exercises and their grader.
#[derive(Parser)]
#[command(name = "cargo xtask", version, about)]
struct Cli {
    /// The language of messages, hints and questions: `en` or `zh` (default: from the locale, else English).
    #[arg(long, global = true, value_parser = ["en", "zh"])]
    lang: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the public tests of your exercises (all, or the ids given).
    Check(check::Args),
    /// Show every exercise, its status and points from your last check, and what to do next.
    List,
    /// Show the hint for the first failing test of an exercise (the next one by default).
    Hint(hint::Args),
    /// Check the exercise you are editing on every save, and move on when it passes.
    Watch(watch::Args),
    /// Grade with public and hidden tests: this workspace, or submissions.
    Grade(Box<grade::Args>),
    /// Prove the tests: solutions pass, stubs and known-wrong variants fail.
    Verify(verify::Args),
    /// Write the repository students receive: no solutions, hidden tests or variants.
    Dist(dist::Args),
    /// Measure how fast `grade` is on generated submissions.
    Bench(bench::Args),
    /// Write the Gradescope autograder zip (private: it holds the hidden tests).
    Gradescope(gradescope::Args),
    /// Grade a Gradescope submission (what the autograder's `run_autograder` runs).
    #[command(hide = true)]
    GradescopeRun(gradescope_run::Args),
    /// Join the reports of `grade --partition` shares into one gradebook.
    Merge(merge::Args),
    /// Check out a class's repositories (or one share of them) from a roster, as data to grade.
    Roster(roster::Args),
    /// For instructors: the hash a public quiz check stores for one answer.
    QuizHash(quiz_hash::Args),
    /// For instructors: which submissions share code (a local HTML report; nothing is sent).
    Similar(similar::Args),
    /// For instructors: compare two `grade --out` folders (whose scores and verdicts changed).
    Diff(diff::Args),
}

/// Exit status: everything checked passed.
pub(crate) const PASSED: u8 = 0;
/// Exit status: a student's test failed (or verification found a problem).
pub(crate) const FAILED: u8 = 1;
/// Exit status: the grader itself could not run.
pub(crate) const GRADER_ERROR: u8 = 2;

fn main() -> ExitCode {
    grader::sandbox::settle_grader_state();
    let cli = Cli::parse();
    let root = project_root();
    let lang = cli
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_else(Lang::from_env);
    let result = match cli.command {
        Command::Check(args) => check::run(&root, args, lang),
        Command::List => list::run(&root, lang),
        Command::Hint(args) => hint::run(&root, args, lang),
        Command::Watch(args) => watch::run(&root, args, lang),
        Command::Grade(args) => grade::run(&root, *args, lang),
        Command::Verify(args) => verify::run(&root, args),
        Command::Dist(args) => dist::run(&root, args),
        Command::Bench(args) => bench::run(&root, args),
        Command::Gradescope(args) => gradescope::run(&root, args, lang),
        Command::GradescopeRun(args) => gradescope_run::run(&root, args),
        Command::Merge(args) => merge::run(&root, args, lang),
        Command::Roster(args) => roster::run(args),
        Command::QuizHash(args) => quiz_hash::run(&root, args),
        Command::Similar(args) => similar::run(&root, args),
        Command::Diff(args) => diff::run(args, lang),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            // An error may quote a submission's name or output: shown, never obeyed.
            let message = format!("{err:#}");
            eprintln!("error: {}", grader::report::escape_controls(&message));
            ExitCode::from(GRADER_ERROR)
        }
    }
}

/// The workspace root: the parent of this crate's folder.
fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}
