//! `grade --track NAME`: a track of exercises in another language (the
//! Python course's), graded from students' folders of files or from a command.

use std::path::Path;

use anyhow::{Context as _, bail};
use grader::grading::Suite;
use grader::lang::Lang;
use grader::runner::{RunOptions, Slots};
use grader::submissions::SubmissionReport;
use grader::track::Track;
use grader::track::grade::{TrackRun, grade_class, grade_command, grade_folder};

use super::command::{absolute_paths, shell_command};
use super::course_run::CourseRun;
use super::progress::Progress;
use super::{Args, finish, submissions};

/// Grades with the track named by `--track`; exit 0 whatever the scores.
pub(super) fn run(
    root: &Path,
    args: &Args,
    name: &str,
    opts: RunOptions,
    jobs: usize,
    lang: Lang,
) -> anyhow::Result<u8> {
    let track =
        Track::load(root, name).with_context(|| format!("cannot load the `{name}` track"))?;
    if let Some(dir) = &args.hidden_dir {
        bail!(
            "`--hidden-dir` is for the Rust track; the `{name}` track reads hidden tests from `{}` (given: `{}`)",
            track.root.join("hidden").display(),
            dir.display()
        );
    }
    let seed = opts.seed;
    let run = TrackRun {
        run: opts,
        suite: Suite::All,
        port: args.port,
    };
    let course = track.course();
    let found = submissions(args)?;
    let names: Vec<String> = found.iter().flatten().map(|s| s.name.clone()).collect();
    // The course file, roster and earlier record, checked against this track's exercises.
    let course_run = CourseRun::prepare(root, &course, &args.course, &names)?;
    let reports: Vec<SubmissionReport> = if let (Some(id), Some(cmd)) = (&args.exercise, &args.cmd)
    {
        let here = std::env::current_dir().context("cannot find the current directory")?;
        let command = shell_command(&absolute_paths(cmd, &here)?);
        vec![
            grade_command(&track, id, command, &run)
                .with_context(|| format!("cannot grade `{id}`"))?,
        ]
    } else {
        let Some(found) = found else {
            bail!(
                "the `{name}` track grades students' folders: give `--submissions DIR`, `--submission DIR`, or `--exercise ID --cmd COMMAND`"
            );
        };
        if found.len() == 1 {
            let one = &found[0];
            let slots = Slots::new(jobs);
            vec![
                grade_folder(&track, &one.name, &one.dir, &run, &slots)
                    .with_context(|| format!("cannot grade `{}`", one.dir.display()))?,
            ]
        } else {
            let progress = Progress::new(found.len());
            let graded = grade_class(&track, &found, &run, jobs, jobs, &|event| {
                progress.on_event(event)
            });
            progress.finish();
            graded.context("cannot grade the submissions")?
        }
    };
    let left = grader::sandbox::sweep_leftovers();
    if left > 0 {
        eprintln!(
            "warning: {left} process(es) of graded programs outlived their tests; killed now"
        );
    }
    let details = reports.len() == 1;
    finish(&course, args, &course_run, seed, lang, reports, details)
}
