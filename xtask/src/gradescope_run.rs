//! `run_autograder`'s work (the hidden `gradescope-run` command): grade
//! `/autograder/submission` with the public and hidden tests packed in the
//! autograder, and write `/autograder/results/results.json` in Gradescope's
//! format: the assignment's exercises only, hidden tests `after_published`,
//! public ones `visible`, the run's stdout hidden from students (it names
//! hidden tests), `execution_time` in seconds, and no leaderboard.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context as _;
use grader::course::Course;
use grader::lang::Lang;
use grader::report::gradescope_json_in;
use grader::runner::RunOptions;
use grader::submissions::Submission;
use serde_json::Value;

use crate::gradescope::CONFIG;
use crate::gradescope_layout::locate;
use crate::output::fresh_seed;

/// Options of `gradescope-run`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The folder Gradescope calls `/autograder` (default: `NETLAB_AUTOGRADER_ROOT`, else `/autograder`).
    #[arg(long, value_name = "DIR")]
    autograder: Option<PathBuf>,
}

/// The variable that stands for `/autograder` (tests point it at a temporary folder).
const ROOT_VAR: &str = "NETLAB_AUTOGRADER_ROOT";

/// Grades the submission and writes `results/results.json`.
pub(crate) fn run(root: &Path, args: Args) -> anyhow::Result<u8> {
    let start = Instant::now();
    let autograder = args
        .autograder
        .or_else(|| {
            std::env::var_os(ROOT_VAR)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
        .unwrap_or_else(|| PathBuf::from("/autograder"));
    let (ids, lang) = settings(&autograder.join("source").join(CONFIG))?;
    let course = Course::open(root).context("cannot find the exercises")?;
    let exercises: Vec<_> = course
        .exercises
        .iter()
        .filter(|e| ids.is_empty() || ids.contains(&e.id))
        .cloned()
        .collect();
    let work = autograder.join("netlab-work");
    if work.exists() {
        std::fs::remove_dir_all(&work)
            .with_context(|| format!("cannot clear `{}`", work.display()))?;
    }
    let located = locate(
        &autograder.join("submission"),
        &exercises,
        &work.join("submission"),
        lang,
    )?;
    println!("{}", located.note);
    let seed = fresh_seed();
    let jobs = grader::runner::default_jobs();
    let mut opts = RunOptions::new(seed);
    opts.lang = lang;
    opts.jobs = jobs;
    let submission = Submission {
        name: "submission".to_string(),
        dir: located.dir,
    };
    let reports = crate::grade::grade_submissions(
        &course,
        &[submission],
        &opts,
        jobs,
        work.join("builds"),
        grader::build::BuildOptions::for_course(&course),
    )?;
    let graded: Vec<_> = reports
        .into_iter()
        .flat_map(|r| r.exercises)
        .filter(|r| exercises.contains(&r.exercise))
        .collect();
    let mut results = gradescope_json_in(&graded, seed, lang);
    let output = results["output"].as_str().unwrap_or_default().to_string();
    results["output"] = Value::String(format!("{}\n\n{output}", located.note));
    results["execution_time"] = Value::from(start.elapsed().as_secs().max(1));
    results["stdout_visibility"] = Value::from("hidden");
    if let Some(fields) = results.as_object_mut() {
        fields.remove("leaderboard");
    }
    let dir = autograder.join("results");
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let path = dir.join("results.json");
    std::fs::write(&path, serde_json::to_string_pretty(&results)? + "\n")
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    for report in &graded {
        crate::output::print_exercise_in(report, crate::output::paint(), false, lang);
    }
    println!(
        "score {} of {}: wrote {}",
        results["score"],
        results["max_score"],
        path.display()
    );
    Ok(crate::PASSED)
}

/// The exercises (empty: all) and language `cargo xtask gradescope` wrote.
fn settings(path: &Path) -> anyhow::Result<(Vec<String>, Lang)> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read `{}`", path.display()))?;
    let table: toml::Table =
        toml::from_str(&text).with_context(|| format!("cannot parse `{}`", path.display()))?;
    let ids = table
        .get("exercises")
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let lang = table
        .get("lang")
        .and_then(|v| v.as_str())
        .and_then(Lang::parse)
        .unwrap_or_default();
    Ok((ids, lang))
}
