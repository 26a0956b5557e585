//! `results.json` in Gradescope's autograder format: top-level `score` and
//! `tests`, each test with `name`, `score`, `max_score`, `status`, `output`,
//! `visibility` and `tags` (the exercise id first).

use std::path::Path;

use serde_json::{Value, json};

use super::{Paint, render_build_log, render_failure_in, render_hidden_failure_in};
use crate::grading::ExerciseReport;
use crate::lang::Lang;
use crate::outcome::{TestOutcome, TestResult};
use crate::scenario::Visibility;

/// The Gradescope JSON of one submission.
pub fn gradescope_json(exercises: &[ExerciseReport], seed: u64) -> Value {
    gradescope_json_in(exercises, seed, Lang::En)
}

/// [`gradescope_json`] with the tests' outputs in `lang`.
pub fn gradescope_json_in(exercises: &[ExerciseReport], seed: u64, lang: Lang) -> Value {
    let mut tests = Vec::new();
    for report in exercises {
        for result in &report.results {
            let output = test_output_in(report, result, lang);
            let status = match result.outcome {
                TestOutcome::Passed => "passed",
                TestOutcome::Failed(_) | TestOutcome::Error(_) => "failed",
            };
            let visibility = match result.visibility {
                Visibility::Public => "visible",
                Visibility::Hidden => "after_published",
            };
            tests.push(json!({
                "name": format!("{} › {}", result.exercise, result.name),
                "score": result.score,
                "max_score": result.max_score,
                "status": status,
                "output": output,
                "visibility": visibility,
                "tags": [result.exercise, match result.visibility { Visibility::Public => "public", Visibility::Hidden => "hidden" }],
            }));
        }
    }
    let score: f64 = exercises.iter().map(ExerciseReport::score).sum();
    let max: f64 = exercises.iter().map(ExerciseReport::max_score).sum();
    json!({
        "score": score,
        "max_score": max,
        "output": format!("netlab grader, seed {seed}: rerun with `cargo xtask grade --seed {seed}`"),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "extra_data": { "seed": seed },
        "tests": tests,
    })
}

/// What a student reads about one test: why it failed, or the compiler's
/// errors; hidden tests show only what the student's own program did.
pub fn test_output(report: &ExerciseReport, result: &TestResult) -> String {
    test_output_in(report, result, Lang::En)
}

/// [`test_output`] in `lang`.
pub fn test_output_in(report: &ExerciseReport, result: &TestResult, lang: Lang) -> String {
    let mut output = match result.visibility {
        Visibility::Public => render_failure_in(result, Paint::PLAIN, lang),
        Visibility::Hidden => render_hidden_failure_in(result, Paint::PLAIN, lang),
    };
    if let Some(log) = &report.build_log {
        output.push_str(&render_build_log(&report.exercise.id, log, Paint::PLAIN));
    }
    output
}

/// Writes `results.json` to `path`.
pub fn write_results_json(
    path: &Path,
    exercises: &[ExerciseReport],
    seed: u64,
) -> std::io::Result<()> {
    write_results_json_in(path, exercises, seed, Lang::En)
}

/// [`write_results_json`] with the tests' outputs in `lang`.
pub fn write_results_json_in(
    path: &Path,
    exercises: &[ExerciseReport],
    seed: u64,
    lang: Lang,
) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(&gradescope_json_in(exercises, seed, lang))
        .map_err(std::io::Error::other)?;
    std::fs::write(path, text + "\n")
}
