//! `grades.csv`: `submission,<exercise id>...,total,max`, one row per submission.

use std::io::Write;

use crate::grading::ExerciseReport;

/// One submission's line of the gradebook.
#[derive(Clone, Debug)]
pub struct GradebookRow {
    /// The submission's name (its folder name).
    pub submission: String,
    /// Its exercises' reports, in course order.
    pub exercises: Vec<ExerciseReport>,
}

/// Writes the gradebook for `rows`, whose exercises are `ids`, to `out`.
pub fn write_gradebook(
    out: &mut impl Write,
    ids: &[String],
    rows: &[GradebookRow],
) -> std::io::Result<()> {
    let header: Vec<String> = std::iter::once("submission".to_string())
        .chain(ids.iter().cloned())
        .chain(["total".into(), "max".into()])
        .collect();
    writeln!(
        out,
        "{}",
        header
            .iter()
            .map(|h| csv_field(h))
            .collect::<Vec<_>>()
            .join(",")
    )?;
    for row in rows {
        let mut fields = vec![csv_field(&row.submission)];
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
        writeln!(out, "{}", fields.join(","))?;
    }
    Ok(())
}

/// A score as written: no trailing `.0`, at most two decimals.
pub(crate) fn number(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded}")
    }
}

/// Quotes a field when it holds a comma, a quote or a line break.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_fields_are_written_plainly() {
        assert_eq!(number(3.0), "3");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(1.0 / 3.0), "0.33");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("plain"), "plain");
    }
}
