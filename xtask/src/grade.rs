//! `cargo xtask grade`: public and hidden tests, scores and reports, for this
//! workspace or for submissions.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use grader::course::Course;
use grader::grading::{Source, Suite, Target, grade};
use grader::report::{GradebookRow, write_gradebook, write_results_json};
use grader::runner::RunOptions;

use crate::PASSED;
use crate::output::{fresh_seed, paint, print_exercise, score};

/// Options of `grade`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Grade one submission: a directory holding a copy of a student's repository.
    #[arg(long, conflicts_with = "submissions")]
    submission: Option<PathBuf>,
    /// Grade every immediate subdirectory of DIR, each named by its folder name.
    #[arg(long)]
    submissions: Option<PathBuf>,
    /// Write `DIR/grades.csv` and `DIR/<submission>/results.json`.
    #[arg(long)]
    out: Option<PathBuf>,
    /// The seed for random test data (recorded in every report).
    #[arg(long)]
    seed: Option<u64>,
    /// How many tests run at once (default: one per core).
    #[arg(long)]
    jobs: Option<usize>,
}

/// Grades and writes reports; exit 0 whatever the scores.
/// `lang` is the language of the class summary and `report.html`.
pub(crate) fn run(root: &Path, args: Args, lang: grader::lang::Lang) -> anyhow::Result<u8> {
    let course = Course::open(root).context("cannot find the exercises")?;
    let submissions = submissions(root, &args)?;
    let seed = args.seed.unwrap_or_else(fresh_seed);
    let mut opts = RunOptions::new(seed);
    if let Some(jobs) = args.jobs {
        opts.jobs = jobs.max(1);
    }
    let paint = paint();
    let mut rows = Vec::new();
    for (name, dir) in &submissions {
        let targets: Vec<Target> = course
            .exercises
            .iter()
            .map(|exercise| {
                let src = dir.join("exercises").join(&exercise.folder).join("src");
                let source = if src.is_dir() {
                    Source::Dir(src)
                } else {
                    Source::Missing
                };
                Target {
                    exercise: exercise.clone(),
                    source,
                }
            })
            .collect();
        let work = root.join("target/netlab/grade").join(name);
        let reports = grade(&course, &targets, Suite::All, &work, &opts, &|_| {})
            .with_context(|| format!("cannot grade `{name}`"))?;
        println!("{}", paint.bold(&format!("== {name}")));
        for report in &reports {
            print_exercise(report, paint, false);
        }
        let total: f64 = reports.iter().map(|r| r.score()).sum();
        let max: f64 = reports.iter().map(|r| r.max_score()).sum();
        println!("{name}: {}/{} points\n", score(total), score(max));
        if let Some(out) = &args.out {
            let dir = out.join(name);
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create `{}`", dir.display()))?;
            write_results_json(&dir.join("results.json"), &reports, seed).with_context(|| {
                format!("cannot write `{}`", dir.join("results.json").display())
            })?;
        }
        rows.push(GradebookRow {
            submission: name.clone(),
            exercises: reports,
        });
    }
    let ids: Vec<String> = course.exercises.iter().map(|e| e.id.clone()).collect();
    let html =
        crate::class_report::finish_class(&ids, &rows, seed, lang, paint, args.out.as_deref())?;
    if let Some(out) = &args.out {
        let path = out.join("grades.csv");
        let mut file = std::fs::File::create(&path)
            .with_context(|| format!("cannot create `{}`", path.display()))?;
        write_gradebook(&mut file, &ids, &rows)
            .with_context(|| format!("cannot write `{}`", path.display()))?;
        println!(
            "wrote {} and {} results.json file(s)",
            path.display(),
            rows.len()
        );
        if let Some(html) = html {
            println!("wrote {}", html.display());
        }
    }
    println!("seed {seed}");
    Ok(PASSED)
}

/// The submissions to grade, by name: the flags' directories, or this workspace.
fn submissions(root: &Path, args: &Args) -> anyhow::Result<Vec<(String, PathBuf)>> {
    if let Some(dir) = &args.submission {
        if !dir.is_dir() {
            bail!("no submission directory `{}`", dir.display());
        }
        let name = dir
            .canonicalize()?
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        return Ok(vec![(name, dir.clone())]);
    }
    if let Some(dir) = &args.submissions {
        let entries = std::fs::read_dir(dir)
            .with_context(|| format!("no submissions directory `{}`", dir.display()))?;
        let mut found: Vec<(String, PathBuf)> = entries
            .filter_map(Result::ok)
            .filter(|e| e.path().is_dir())
            .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
            .collect();
        found.sort();
        return Ok(found);
    }
    Ok(vec![("workspace".to_string(), root.to_path_buf())])
}
