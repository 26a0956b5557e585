//! `results.json` in Gradescope's autograder format: top-level `score` and
//! `tests`, each test with `name`, `score`, `max_score`, `status`, `output`,
//! `visibility` and `tags` (the exercise id first).

use std::path::Path;

use serde_json::{Value, json};

use super::{Paint, render_build_log_in, render_failure_in, render_hidden_failure_in};
use crate::course::Exercise;
use crate::grading::ExerciseReport;
use crate::lang::Lang;
use crate::outcome::{Failure, TestOutcome, TestResult};
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
    let not_built: Vec<&str> = exercises
        .iter()
        .filter(|r| r.not_built.is_some())
        .map(|r| r.exercise.id.as_str())
        .collect();
    // Of those, the exercises the submission does not have at all.
    let missing: Vec<&str> = exercises
        .iter()
        .filter(|r| r.missing())
        .map(|r| r.exercise.id.as_str())
        .collect();
    json!({
        "score": score,
        "max_score": max,
        "output": format!("netlab grader, seed {seed}: rerun with `cargo xtask grade --seed {seed}`"),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "extra_data": { "seed": seed, "not_built": not_built, "missing": missing },
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
    if let Some(problem) = &report.not_built {
        output.push_str(&render_build_log_in(
            &report.exercise.id,
            problem,
            Paint::PLAIN,
            lang,
        ));
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

/// What [`gradescope_json`] wrote, read back: the seed and one report per
/// exercise of `exercises` (in their order), each test's `output` standing
/// for its failure. Used to join the reports of shares graded apart.
pub fn exercises_from_json(
    value: &Value,
    exercises: &[Exercise],
) -> Result<(u64, Vec<ExerciseReport>), String> {
    let seed = value["extra_data"]["seed"].as_u64().unwrap_or_default();
    let not_built: Vec<&str> = value["extra_data"]["not_built"]
        .as_array()
        .map(|ids| ids.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let missing: Vec<&str> = value["extra_data"]["missing"]
        .as_array()
        .map(|ids| ids.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut reports: Vec<ExerciseReport> = exercises
        .iter()
        .map(|exercise| {
            let id = exercise.id.as_str();
            // A missing exercise keeps its kind of log, so views still tell it apart.
            let not_built = if missing.contains(&id) {
                Some(crate::build::NotBuilt::Missing {
                    folder: exercise.folder.clone(),
                })
            } else {
                not_built
                    .contains(&id)
                    .then(|| crate::build::NotBuilt::Compile { log: String::new() })
            };
            ExerciseReport {
                exercise: exercise.clone(),
                results: Vec::new(),
                not_built,
            }
        })
        .collect();
    let tests = value["tests"].as_array().ok_or("no `tests` array")?;
    for (index, test) in tests.iter().enumerate() {
        let field = |key: &str| format!("test {}: no `{key}`", index + 1);
        let id = test["tags"][0].as_str().ok_or_else(|| field("tags"))?;
        let report = reports
            .iter_mut()
            .find(|r| r.exercise.id == id)
            .ok_or_else(|| format!("test {}: unknown exercise `{id}`", index + 1))?;
        let name = test["name"].as_str().ok_or_else(|| field("name"))?;
        let output = test["output"].as_str().unwrap_or_default();
        let outcome = match test["status"].as_str() {
            Some("passed") => TestOutcome::Passed,
            Some(_) => TestOutcome::Failed(Failure::new(None, output.trim())),
            None => return Err(field("status")),
        };
        report.results.push(TestResult {
            exercise: id.to_string(),
            name: name
                .strip_prefix(&format!("{id} › "))
                .unwrap_or(name)
                .to_string(),
            about: None,
            max_score: test["max_score"]
                .as_f64()
                .ok_or_else(|| field("max_score"))?,
            score: test["score"].as_f64().ok_or_else(|| field("score"))?,
            visibility: match test["visibility"].as_str() {
                Some("visible") => Visibility::Public,
                _ => Visibility::Hidden,
            },
            hint: None,
            outcome,
            transcript: Vec::new(),
            command: None,
            stderr_tail: Vec::new(),
            notes: Vec::new(),
            seed,
            elapsed: std::time::Duration::ZERO,
            deadline_share: 0.0,
            packets: None,
        });
    }
    Ok((seed, reports))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_json_reads_back_to_the_same_scores() {
        let (_, rows) = crate::report::sample::class();
        for row in &rows {
            let value = gradescope_json(&row.exercises, 7);
            let exercises: Vec<Exercise> =
                row.exercises.iter().map(|r| r.exercise.clone()).collect();
            let (seed, back) = exercises_from_json(&value, &exercises).unwrap();
            assert_eq!(seed, 7);
            for (a, b) in row.exercises.iter().zip(&back) {
                assert_eq!(a.score(), b.score());
                assert_eq!(a.max_score(), b.max_score());
                assert_eq!(a.not_built.is_some(), b.not_built.is_some());
                assert_eq!(a.results.len(), b.results.len());
                for (x, y) in a.results.iter().zip(&b.results) {
                    assert_eq!(
                        (&x.name, x.visibility, x.outcome.passed()),
                        (&y.name, y.visibility, y.outcome.passed())
                    );
                }
            }
        }
    }
}
