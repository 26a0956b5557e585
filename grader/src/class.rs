//! Grading a whole class: submissions in parallel, each built in a worker's
//! persistent build directory (see [`crate::build::BuildDir`]; a lock keeps
//! two runs at once out of each other's), all tests in one bounded pool.
//!
//! `workers` threads each take the next submission, build all its exercises
//! with one cargo run, then run its tests; every test takes one of the shared
//! [`Slots`], so however many submissions are in flight, no more than
//! `slots` test programs run at once. While one worker's tests run, another
//! worker compiles.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::build::{BuildDir, BuildOutcome};
use crate::course::{Course, Exercise, ExerciseKind};
use crate::grading::{ExerciseReport, GradeError, Suite, grade_quiz_exercise, run_built};
use crate::runner::{RunOptions, Slots};

/// One submission: a copy of a student's repository.
#[derive(Clone, Debug)]
pub struct Submission {
    /// Its name: the folder's name.
    pub name: String,
    /// The folder.
    pub dir: PathBuf,
}

/// The graded submission.
#[derive(Clone, Debug)]
pub struct SubmissionReport {
    /// Its name.
    pub name: String,
    /// One report per exercise, in course order.
    pub exercises: Vec<ExerciseReport>,
    /// How long building it took.
    pub build_time: Duration,
    /// How long grading it took in all.
    pub elapsed: Duration,
}

impl SubmissionReport {
    /// Points earned.
    pub fn score(&self) -> f64 {
        self.exercises.iter().map(ExerciseReport::score).sum()
    }

    /// Points available.
    pub fn max_score(&self) -> f64 {
        self.exercises.iter().map(ExerciseReport::max_score).sum()
    }
}

/// What a class run tells its caller as it goes.
#[derive(Debug)]
pub enum ClassEvent<'a> {
    /// A worker took this submission.
    Started {
        /// The submission's name.
        name: &'a str,
    },
    /// A submission is graded.
    Finished {
        /// Its report.
        report: &'a SubmissionReport,
    },
}

/// How a class run goes.
#[derive(Clone, Debug)]
pub struct ClassOptions {
    /// The tests' options (seed, time scale); `run.jobs` is ignored here.
    pub run: RunOptions,
    /// Which tests.
    pub suite: Suite,
    /// How many submissions are graded at once.
    pub workers: usize,
    /// How many programs run at once, over all submissions: test programs,
    /// and builds (each build takes a slot too). Normally `workers`, one per core.
    pub slots: usize,
    /// Where the workers' build directories live (`work/worker-N`).
    pub work: PathBuf,
}

/// The `src/` folder of each program exercise in `dir`, or `None` when it
/// has none (quizzes are graded without a build: see [`grade_one`]).
pub fn sources_of(course: &Course, dir: &Path) -> Vec<(Exercise, Option<PathBuf>)> {
    course
        .exercises
        .iter()
        .filter(|exercise| exercise.kind == ExerciseKind::Program)
        .map(|exercise| {
            let src = dir.join("exercises").join(&exercise.folder).join("src");
            // Without a main file there is nothing cargo could build.
            let usable =
                src.is_dir() && (src.join("main.rs").is_file() || src.join("bin").is_dir());
            (exercise.clone(), usable.then_some(src))
        })
        .collect()
}

/// Grades `submissions`; reports come back in the order given.
pub fn grade_class(
    course: &Course,
    submissions: &[Submission],
    opts: &ClassOptions,
    on_event: &(dyn Fn(ClassEvent<'_>) + Sync),
) -> Result<Vec<SubmissionReport>, GradeError> {
    let next = AtomicUsize::new(0);
    let slots = Slots::new(opts.slots);
    let results: Mutex<Vec<Option<Result<SubmissionReport, GradeError>>>> =
        Mutex::new((0..submissions.len()).map(|_| None).collect());
    let setup: Mutex<Option<crate::build::BuildError>> = Mutex::new(None);
    let workers = opts.workers.clamp(1, submissions.len().max(1));
    std::thread::scope(|scope| {
        for worker in 0..workers {
            let (next, slots, results, setup) = (&next, &slots, &results, &setup);
            scope.spawn(move || {
                let mut build_dir = match BuildDir::claim(course, &opts.work, worker) {
                    Ok(build_dir) => build_dir,
                    Err(err) => {
                        *lock(setup) = Some(err);
                        return;
                    }
                };
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(submission) = submissions.get(index) else {
                        break;
                    };
                    on_event(ClassEvent::Started {
                        name: &submission.name,
                    });
                    let graded = grade_one(course, submission, &mut build_dir, opts, slots);
                    if let Ok(report) = &graded {
                        on_event(ClassEvent::Finished { report });
                    }
                    lock(results)[index] = Some(graded);
                }
            });
        }
    });
    let mut setup = setup.into_inner().unwrap_or_else(|e| e.into_inner());
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .enumerate()
        .map(|(index, r)| match (r, setup.take()) {
            (Some(graded), _) => graded,
            (None, source) => Err(GradeError::Build {
                exercise: submissions[index].name.clone(),
                source: source.unwrap_or_else(|| {
                    crate::build::BuildError::Cargo(std::io::Error::other(
                        "no worker could prepare a build directory",
                    ))
                }),
            }),
        })
        .collect()
}

/// Builds and tests one submission in `build_dir`.
fn grade_one(
    course: &Course,
    submission: &Submission,
    build_dir: &mut BuildDir,
    opts: &ClassOptions,
    slots: &Slots,
) -> Result<SubmissionReport, GradeError> {
    let start = Instant::now();
    let sources = sources_of(course, &submission.dir);
    let outcomes = {
        // A build is a program too: it waits for a slot like a test.
        let _slot = slots.take();
        build_dir
            .build(&sources)
            .map_err(|source| GradeError::Build {
                exercise: submission.name.clone(),
                source,
            })?
    };
    let build_time = start.elapsed();
    let built: Vec<(Exercise, BuildOutcome)> = sources
        .into_iter()
        .map(|(exercise, _)| exercise)
        .zip(outcomes)
        .collect();
    let mut exercises = run_built(course, built, opts.suite, &opts.run, slots, &|_| {})?;
    for exercise in course
        .exercises
        .iter()
        .filter(|e| e.kind == ExerciseKind::Quiz)
    {
        let folder = submission.dir.join("exercises").join(&exercise.folder);
        let answers = exercise.has_graded_part(&folder).then_some(folder);
        exercises.push(grade_quiz_exercise(
            course,
            exercise,
            answers.as_deref(),
            opts.suite,
            &opts.run,
            &|_| {},
        )?);
    }
    // Reports follow the course's order, quizzes among the programs.
    exercises.sort_by_key(|report| {
        course
            .exercises
            .iter()
            .position(|e| e.id == report.exercise.id)
    });
    Ok(SubmissionReport {
        name: submission.name.clone(),
        exercises,
        build_time,
        elapsed: start.elapsed(),
    })
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
