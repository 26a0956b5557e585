//! Grading with a track: one student's folder, a class of them, any command,
//! and the proof of the track's own tests (solutions, stubs, variants).

use std::ffi::OsString;
use std::path::Path;
use std::time::{Duration, Instant};

use super::ingest::{Taken, take};
use super::{Track, TrackError, TrackExercise};
use crate::build::apply_variant;
use crate::events::{EventSink, GradeEvent};
use crate::grading::{ExerciseReport, GradeError, Suite, load_tests_in, run_prepared};
use crate::lang::Lang;
use crate::outcome::{Failure, TestOutcome, TestResult};
use crate::runner::{Programs, RunOptions, Slots};
use crate::scenario::TestCase;
use crate::submissions::{Submission, SubmissionReport};
use crate::text::track as say;
use crate::verify::ExerciseVerdict;

/// How a track's tests run, beyond the runner's options.
#[derive(Clone, Debug)]
pub struct TrackRun {
    /// The runner's options (seed, time scale, jobs, language).
    pub run: RunOptions,
    /// Which tests.
    pub suite: Suite,
    /// The port a client is served on, instead of each test's `server-port`.
    pub port: Option<u16>,
}

/// The tests of `exercise`, with the port override applied.
pub fn load_tests(
    track: &Track,
    exercise: &TrackExercise,
    opts: &TrackRun,
) -> Result<Vec<TestCase>, GradeError> {
    let mut tests = load_tests_in(
        &track.course(),
        &exercise.exercise,
        opts.suite,
        opts.run.lang,
    )?;
    if let Some(port) = opts.port {
        for test in tests.iter_mut().filter(|t| t.server_port.is_some()) {
            test.server_port = Some(port);
        }
    }
    Ok(tests)
}

/// Grades one student's folder of files; tests take `slots`.
pub fn grade_folder(
    track: &Track,
    name: &str,
    dir: &Path,
    opts: &TrackRun,
    slots: &Slots,
) -> Result<SubmissionReport, TrackError> {
    let start = Instant::now();
    let copies = tempfile::Builder::new()
        .prefix("netlab-track-")
        .tempdir()
        .map_err(|source| TrackError::Read {
            path: std::env::temp_dir(),
            source,
        })?;
    let mut exercises = Vec::new();
    for exercise in &track.exercises {
        let tests = load_tests(track, exercise, opts)?;
        let into = copies.path().join(&exercise.exercise.folder);
        let report = match take(dir, &exercise.accept, &into, &exercise.file) {
            Taken::File { copy, .. } => {
                let programs = track.programs(exercise, &copy);
                run_file(track, exercise, tests, programs, opts, slots)
            }
            Taken::Missing => unrunnable(exercise, &tests, &missing(exercise, opts.run.lang), opts),
            Taken::Refused(why) => unrunnable(exercise, &tests, &why, opts),
        };
        exercises.push(report);
    }
    Ok(SubmissionReport {
        name: name.to_string(),
        exercises,
        build_time: Duration::ZERO,
        elapsed: start.elapsed(),
        error: None,
    })
}

/// Grades every folder in `submissions`, `workers` at a time, at most `slots`
/// test programs at once; reports come back in the order given.
pub fn grade_class(
    track: &Track,
    submissions: &[Submission],
    opts: &TrackRun,
    workers: usize,
    slots: usize,
    events: EventSink<'_>,
) -> Result<Vec<SubmissionReport>, TrackError> {
    let slots = Slots::new(slots);
    crate::pool::map_in_parallel(submissions, workers, |submission| {
        events(&GradeEvent::SubmissionStarted {
            name: &submission.name,
        });
        let graded = grade_folder(track, &submission.name, &submission.dir, opts, &slots);
        if let Ok(report) = &graded {
            events(&GradeEvent::SubmissionDone { report });
        }
        graded
    })
    .into_iter()
    .collect()
}

/// Grades one exercise against `command` (words, run as they are), as the
/// submission named `cmd`.
pub fn grade_command(
    track: &Track,
    id: &str,
    command: Vec<OsString>,
    opts: &TrackRun,
) -> Result<SubmissionReport, TrackError> {
    let start = Instant::now();
    let exercise = track
        .select(&[id.to_string()])
        .map_err(|e| TrackError::Invalid {
            path: track.root.join(super::TRACK_FILE),
            message: e.to_string(),
        })?
        .pop()
        .expect("one id, one exercise");
    let tests = load_tests(track, &exercise, opts)?;
    let mut programs = Programs::new();
    programs.insert(exercise.exercise.id.clone(), command);
    let report = run_file(
        track,
        &exercise,
        tests,
        programs,
        opts,
        &Slots::new(opts.run.jobs),
    );
    Ok(SubmissionReport {
        name: "cmd".to_string(),
        exercises: vec![report],
        build_time: Duration::ZERO,
        elapsed: start.elapsed(),
        error: None,
    })
}

/// Proves one exercise's tests: the solution passes all, the stub fails all,
/// every variant fails at least one. Variants are patched into `work`.
pub fn verify_exercise(
    track: &Track,
    exercise: &TrackExercise,
    work: &Path,
    opts: &TrackRun,
) -> Result<ExerciseVerdict, TrackError> {
    let course = track.course();
    let slots = Slots::new(opts.run.jobs);
    let tests = load_tests(track, exercise, opts)?;
    let run = |file: &Path| {
        let programs = track.programs(exercise, file);
        run_file(track, exercise, tests.clone(), programs, opts, &slots)
    };
    let solution_dir = course.solution_dir(&exercise.exercise);
    let solution = run(&solution_dir.join(&exercise.file));
    let stub = run(&course.exercise_dir(&exercise.exercise).join(&exercise.file));
    let mut variants = Vec::new();
    let patches = course
        .variants(&exercise.exercise)
        .map_err(|e| TrackError::Invalid {
            path: course.variants_dir.clone(),
            message: e.to_string(),
        })?;
    for patch in patches {
        let name = patch
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dest = work.join(&exercise.exercise.folder).join(&name);
        let variant =
            apply_variant(&patch, &solution_dir, &dest).map_err(|source| GradeError::Build {
                exercise: exercise.exercise.id.clone(),
                source,
            })?;
        variants.push((variant, run(&dest.join(&exercise.file))));
    }
    Ok(ExerciseVerdict {
        exercise: exercise.exercise.clone(),
        solution,
        stub,
        // The Python track has no correct variants (yet).
        correct: Vec::new(),
        variants,
    })
}

/// Runs `tests` against `programs` and explains failures from stderr.
fn run_file(
    track: &Track,
    exercise: &TrackExercise,
    tests: Vec<TestCase>,
    programs: Programs,
    opts: &TrackRun,
    slots: &Slots,
) -> ExerciseReport {
    let prepared = [(exercise.exercise.clone(), tests, Ok(programs))];
    let mut report = run_prepared(
        &prepared,
        &opts.run,
        slots,
        crate::events::Emitter::silent(),
    )
    .pop()
    .expect("one exercise in, one report out");
    for result in &mut report.results {
        // "Try it with `cargo run`" would name a Rust crate.
        result.command = None;
        explain(track, result, opts.run.lang);
    }
    report
}

/// Adds the track's diagnosis of the program's stderr to a failure.
fn explain(track: &Track, result: &mut TestResult, lang: Lang) {
    let TestOutcome::Failed(failure) = &mut result.outcome else {
        return;
    };
    let stderr = result.stderr_tail.join("\n");
    if let Some(diagnosis) = track.diagnose(&result.exercise, &stderr, lang) {
        failure.message = format!("{}\n{diagnosis}", failure.message);
    }
}

/// Every test of an exercise that could not run, failed with `why`.
fn unrunnable(
    exercise: &TrackExercise,
    tests: &[TestCase],
    why: &str,
    opts: &TrackRun,
) -> ExerciseReport {
    let results = tests
        .iter()
        .map(|test| TestResult {
            exercise: exercise.exercise.id.clone(),
            name: test.name.clone(),
            about: test.about.clone(),
            max_score: test.points,
            score: 0.0,
            visibility: test.visibility,
            hint: test.hint.clone(),
            outcome: TestOutcome::Failed(Failure::new(None, why)),
            transcript: Vec::new(),
            command: None,
            stderr_tail: Vec::new(),
            notes: Vec::new(),
            seed: opts.run.seed,
            elapsed: Duration::ZERO,
            deadline_share: 0.0,
            packets: None,
        })
        .collect();
    ExerciseReport {
        exercise: exercise.exercise.clone(),
        results,
        not_built: None,
    }
}

/// "No `tcp_server.py` found" in the student's language.
fn missing(exercise: &TrackExercise, lang: Lang) -> String {
    let looked = exercise
        .accept
        .iter()
        .map(|p| format!("`{p}`"))
        .collect::<Vec<_>>()
        .join(", ");
    say::missing_file(lang, &exercise.file, &exercise.exercise.id, &looked)
}
