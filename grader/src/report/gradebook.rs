//! `grades.csv`: `submission,<exercise id>...,total,max`, one row per
//! submission, exactly as SPEC §5 fixes them. Each submission's `status`
//! (`graded`, `refused` when ingest refused part of the submission, `error`
//! when the grader could not grade some of it) and `note` (why, per exercise)
//! go to `status.csv` beside it ([`row_status`]).

use std::io::{self, Write};

use super::safe::neutralize_cell;
use crate::build::NotBuilt;
use crate::grading::ExerciseReport;
use crate::lang::Lang;

/// One submission's line of the gradebook.
#[derive(Clone, Debug)]
pub struct GradebookRow {
    /// The submission's name (its folder name).
    pub submission: String,
    /// Its exercises' reports, in course order.
    pub exercises: Vec<ExerciseReport>,
}

/// Writes the gradebook for `rows`, whose exercises are `ids`, to `out`.
/// Text cells a spreadsheet would run as a formula are neutralised
/// ([`neutralize_cell`]); numbers are written as they are.
pub fn write_gradebook(out: impl Write, ids: &[String], rows: &[GradebookRow]) -> io::Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    let header = std::iter::once("submission")
        .chain(ids.iter().map(String::as_str))
        .chain(["total", "max"])
        .map(|h| neutralize_cell(h).into_owned());
    csv.write_record(header).map_err(io::Error::from)?;
    for row in rows {
        let mut fields = vec![neutralize_cell(&row.submission).into_owned()];
        let mut total = 0.0;
        let mut max = 0.0;
        for id in ids {
            let report = row.exercises.iter().find(|r| &r.exercise.id == id);
            let score = report.map_or(0.0, ExerciseReport::score);
            total += score;
            max += report.map_or(0.0, ExerciseReport::max_score);
            fields.push(number(score));
        }
        fields.push(number(total));
        fields.push(number(max));
        csv.write_record(&fields).map_err(io::Error::from)?;
    }
    csv.flush()
}

/// A submission's `status` and `note` cells: `error` (the grader could not
/// build or run part of it), `refused` (ingest refused part of it) or `graded`, and
/// why, per exercise.
pub fn row_status(exercises: &[ExerciseReport]) -> (&'static str, String) {
    let mut status = "graded";
    let mut notes = Vec::new();
    for report in exercises {
        let id = &report.exercise.id;
        match &report.not_built {
            Some(NotBuilt::Error { message }) => {
                status = "error";
                notes.push(format!("{id}: grader error: {message}"));
            }
            Some(NotBuilt::Refused(refusal)) => {
                if status == "graded" {
                    status = "refused";
                }
                notes.push(format!("{id}: {}", refusal.message(Lang::En)));
            }
            Some(NotBuilt::Missing { .. } | NotBuilt::Compile { .. }) | None => {}
        }
        // A test the grader could not run, even when tried again: its points
        // are not the student's to lose; the instructor regrades.
        for result in &report.results {
            if let crate::outcome::TestOutcome::Error(message) = &result.outcome {
                status = "error";
                notes.push(format!("{id}/{}: grader error: {message}", result.name));
            }
        }
    }
    (status, notes.join("; ").replace(['\n', '\r'], " "))
}

/// A score as every report writes it (terminal, CSV, JSON outputs, Markdown,
/// HTML): no trailing `.0`, at most two decimals, no trailing zero (`2.5`).
pub fn number(value: f64) -> String {
    // `+ 0.0` turns a negative zero (the sum of no scores) into `0`.
    let rounded = (value * 100.0).round() / 100.0 + 0.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_and_note_say_what_went_wrong() {
        use crate::course::{Exercise, ExerciseKind};
        use crate::ingest::{Reason, Refusal};
        let report = |id: &str, not_built: Option<NotBuilt>| ExerciseReport {
            exercise: Exercise {
                id: id.into(),
                folder: format!("01-{id}"),
                kind: ExerciseKind::Program,
            },
            results: Vec::new(),
            not_built,
        };
        let ids = vec!["a".to_string(), "b".to_string()];
        let rows = vec![
            GradebookRow {
                submission: "fine".into(),
                exercises: vec![
                    report("a", None),
                    report(
                        "b",
                        Some(NotBuilt::Missing {
                            folder: "01-b".into(),
                        }),
                    ),
                ],
            },
            GradebookRow {
                submission: "linked".into(),
                exercises: vec![
                    report(
                        "a",
                        Some(NotBuilt::Refused(Refusal::new(
                            "exercises/01-a/src/bin",
                            Reason::Link,
                        ))),
                    ),
                    report("b", None),
                ],
            },
            GradebookRow {
                submission: "broken".into(),
                exercises: vec![
                    report(
                        "a",
                        Some(NotBuilt::Error {
                            message: "disk full".into(),
                        }),
                    ),
                    report(
                        "b",
                        Some(NotBuilt::Error {
                            message: "disk full".into(),
                        }),
                    ),
                ],
            },
        ];
        let cells: Vec<(&str, String)> = rows.iter().map(|r| row_status(&r.exercises)).collect();
        assert_eq!(cells[0], ("graded", String::new()));
        assert_eq!(
            cells[1],
            (
                "refused",
                "a: `exercises/01-a/src/bin` is a symbolic link: links are not graded, submit the files themselves".to_string()
            )
        );
        assert_eq!(
            cells[2],
            (
                "error",
                "a: grader error: disk full; b: grader error: disk full".to_string()
            )
        );
        let mut out = Vec::new();
        write_gradebook(&mut out, &ids, &rows).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text.lines().next(),
            Some("submission,a,b,total,max"),
            "SPEC §5's header, nothing after `max`"
        );
    }

    #[test]
    fn a_test_the_grader_could_not_run_marks_the_submission_for_a_regrade() {
        use crate::course::{Exercise, ExerciseKind};
        use crate::outcome::{TestOutcome, TestResult};
        let result = TestResult {
            visibility: crate::scenario::Visibility::Hidden,
            ..crate::report::sample::bare(
                "tcp-server",
                "client-echoes",
                2.0,
                TestOutcome::Error("cannot open the test's listener".into()),
            )
        };
        let report = ExerciseReport {
            exercise: Exercise {
                id: "tcp-server".into(),
                folder: "01-tcp-server".into(),
                kind: ExerciseKind::Program,
            },
            results: vec![result],
            not_built: None,
        };
        assert_eq!(
            row_status(&[report]),
            (
                "error",
                "tcp-server/client-echoes: grader error: cannot open the test's listener"
                    .to_string()
            )
        );
    }

    #[test]
    fn numbers_and_fields_are_written_plainly() {
        assert_eq!(number(3.0), "3");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(1.0 / 3.0), "0.33");
    }

    fn gradebook_of(names: &[&str]) -> String {
        let rows: Vec<GradebookRow> = names
            .iter()
            .map(|name| GradebookRow {
                submission: name.to_string(),
                exercises: Vec::new(),
            })
            .collect();
        let mut out = Vec::new();
        write_gradebook(&mut out, &["tcp-server".to_string()], &rows).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn names_are_quoted_and_formulas_neutralized() {
        let text = gradebook_of(&["a,b", "plain", "=HYPERLINK(\"http://x\",\"y\")", "@SUM(1)"]);
        assert_eq!(
            text,
            "submission,tcp-server,total,max\n\
             \"a,b\",0,0,0\n\
             plain,0,0,0\n\
             \"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",0,0,0\n\
             '@SUM(1),0,0,0\n"
        );
        // Every cell a spreadsheet reads starts harmlessly.
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        for record in reader.records() {
            let first = record.unwrap()[0].to_string();
            assert!(
                !first.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{first:?}"
            );
        }
    }
}
