//! `cargo xtask`: the netlab command line for students, instructors and CI.
//!
//! One module per command: [`check`], [`grade`], [`verify`], [`dist`], [`bench`], [`merge`];
//! [`reporters`] holds the reports `grade` and `merge` print and write, each a consumer of grading events.

mod bench;
mod check;
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
mod new_exercise;
mod output;
mod quiz_hash;
mod reporters;
mod root;
mod roster;
mod similar;
mod text;
mod verify;
mod watch;

use std::process::ExitCode;

use clap::{CommandFactory as _, FromArgMatches as _, Parser, Subcommand};
use grader::lang::Lang;

use crate::output::{ColorWhen, LangArg, Verbosity};

/// netlab: network-programming exercises and their grader.
#[derive(Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask", version, about)]
struct Cli {
    /// The language of messages, hints and questions (default: from the locale, else English).
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    lang: Option<LangArg>,
    /// Print less: failures one line each, and the summary.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print more: every failure in full.
    #[arg(short, long, global = true)]
    verbose: bool,
    /// Colour: `auto` (a terminal, unless `NO_COLOR` is set; `CLICOLOR_FORCE` forces it), `always` or `never`.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
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
    /// For instructors: scaffold a new exercise (stub, solution, statements, tests, a variant), registered.
    NewExercise(new_exercise::Args),
}

/// Exit status: everything checked passed.
pub(crate) const PASSED: u8 = 0;
/// Exit status: a student's test failed (or verification found a problem).
pub(crate) const FAILED: u8 = 1;
/// Exit status: the grader itself could not run.
pub(crate) const GRADER_ERROR: u8 = 2;

fn main() -> ExitCode {
    grader::sandbox::settle_grader_state();
    let root = match root::project_root() {
        Ok(root) => root,
        Err(err) => {
            eprintln!("error: {err:#}");
            return ExitCode::from(GRADER_ERROR);
        }
    };
    let student_copy = dist::is_student_copy(&root);
    let mut command = Cli::command();
    if student_copy {
        command = dist::hide_instructor_commands(command);
    }
    let cli = match Cli::from_arg_matches(&command.get_matches()) {
        Ok(cli) => cli,
        Err(err) => err.exit(),
    };
    output::set_color(cli.color);
    output::set_verbosity(Verbosity::from_flags(cli.quiet, cli.verbose));
    let lang = cli.lang.map_or_else(Lang::from_env, Lang::from);
    if student_copy && let Some(name) = cli.command.instructor_only() {
        eprintln!("{}", dist::instructor_only_note(name, lang));
        return ExitCode::from(GRADER_ERROR);
    }
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
        Command::NewExercise(args) => new_exercise::run(&root, args, lang),
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

impl Command {
    /// The command's name when it needs the instructor's repository (solutions,
    /// hidden tests, variants), which a student copy made by `dist` lacks.
    fn instructor_only(&self) -> Option<&'static str> {
        match self {
            Command::Verify(_) => Some("verify"),
            Command::Dist(_) => Some("dist"),
            Command::Bench(_) => Some("bench"),
            Command::NewExercise(_) => Some("new-exercise"),
            // `grade` runs where hidden tests are given (`--hidden-dir`) and
            // says so where they are not; these two need nothing missing.
            Command::Grade(_)
            | Command::Merge(_)
            | Command::QuizHash(_)
            | Command::Roster(_)
            | Command::Similar(_)
            | Command::Diff(_)
            | Command::Gradescope(_)
            | Command::GradescopeRun(_) => None,
            Command::Check(_) | Command::List | Command::Hint(_) | Command::Watch(_) => None,
        }
    }
}
