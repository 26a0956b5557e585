//! Course policy in every report: `grades.csv` with final scores (SPEC §5's
//! columns), `status.csv` with `raw,penalty,overrides`, each `results.json`'s final
//! score and explanation, and a table of raw, penalty, override and final
//! per student for the terminal, `summary.md` and `report.html`.

use std::fmt::Write as _;

use maud::html;
use serde_json::{Value, json};

use super::explain::explain;
use super::record::{Gradebook, StudentRecord};
use crate::lang::Lang;
use crate::report::{neutralize_cell, number};
use crate::text::gradebook as say;

/// Writes `grades.csv` from the record: exactly SPEC §5's
/// `submission,<ids>...,total,max`, with final scores.
pub fn write_final_gradebook(out: impl std::io::Write, book: &Gradebook) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let mut header: Vec<&str> = vec!["submission"];
    header.extend(book.ids.iter().map(String::as_str));
    header.extend(["total", "max"]);
    writer.write_record(&header)?;
    for s in &book.submissions {
        // A name a spreadsheet would run as a formula is neutralised, as in every gradebook.
        let mut row = vec![neutralize_cell(&s.name).into_owned()];
        for id in &book.ids {
            row.push(number(s.exercise(id).map_or(0.0, |e| e.grade.final_score)));
        }
        row.extend([number(s.total()), number(s.max())]);
        writer.write_record(&row)?;
    }
    writer.flush()?;
    Ok(())
}

/// The file beside `grades.csv` that holds each submission's status, note
/// and course-policy columns.
pub const STATUS_FILE: &str = "status.csv";

/// Writes `status.csv`, what `grades.csv` cannot say within SPEC §5's
/// columns: `submission`, with a course policy `raw,penalty,overrides`, then
/// `status` and `note` (from `status`, see [`crate::report::row_status`]).
pub fn write_status_sheet(
    out: impl std::io::Write,
    book: &Gradebook,
    status: &dyn Fn(&str) -> (String, String),
) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let policy = book.policy.is_some();
    let mut header: Vec<&str> = vec!["submission"];
    if policy {
        header.extend(["raw", "penalty", "overrides"]);
    }
    header.extend(["status", "note"]);
    writer.write_record(&header)?;
    for s in &book.submissions {
        let mut row = vec![neutralize_cell(&s.name).into_owned()];
        if policy {
            let overrides: Vec<&str> = s
                .exercises
                .iter()
                .filter(|e| e.grade.override_.is_some())
                .map(|e| e.id.as_str())
                .collect();
            row.extend([number(s.raw()), number(s.penalty()), overrides.join(" ")]);
        }
        let (state, note) = status(&s.name);
        row.extend([state, neutralize_cell(&note).into_owned()]);
        writer.write_record(&row)?;
    }
    writer.flush()?;
    Ok(())
}

/// Puts the final score in a submission's `results.json` (Gradescope takes
/// the top-level `score` over the tests' sum) and explains it in `output`
/// and `extra_data.course`.
pub fn annotate_results(results: &mut Value, student: &StudentRecord, lang: Lang) {
    let lines = explanation(student, lang);
    if lines.is_empty() {
        return;
    }
    results["score"] = json!(student.total());
    let output = results["output"].as_str().unwrap_or_default().to_string();
    results["output"] = json!(format!("{}\n\n{output}", lines.join("\n")));
    let course: Vec<Value> = student
        .exercises
        .iter()
        .map(|e| {
            json!({
                "exercise": e.id,
                "raw": e.grade.raw,
                "penalty": e.grade.penalty,
                "override": e.grade.override_.as_ref().map(|o| json!({"points": o.points, "reason": o.reason})),
                "final": e.grade.final_score,
                "max": e.grade.max,
                "deadline": e.grade.deadline.map(|d| d.to_string()),
                "submitted": e.grade.submitted.map(|d| d.to_string()),
                "commit": e.commit.as_ref().map(|c| json!({"hash": c.hash, "time": c.time.to_string()})),
                "explanation": explain(&e.id, &e.grade, lang),
            })
        })
        .collect();
    if !results["extra_data"].is_object() {
        results["extra_data"] = json!({});
    }
    results["extra_data"]["course"] = json!(course);
}

/// What a student reads first in `results.json`: the totals and each exercise's explanation.
fn explanation(student: &StudentRecord, lang: Lang) -> Vec<String> {
    let mut lines: Vec<String> = student
        .exercises
        .iter()
        .flat_map(|e| explain(&e.id, &e.grade, lang))
        .collect();
    for e in &student.exercises {
        if let Some(commit) = &e.commit {
            let time = super::explain::time(commit.time);
            lines.push(say::graded_commit(lang, &e.id, short(&commit.hash), &time));
        }
    }
    if lines.is_empty() {
        return lines;
    }
    let (raw, penalty, fin, max) = (
        number(student.raw()),
        number(student.penalty()),
        number(student.total()),
        number(student.max()),
    );
    lines.insert(0, say::policy_totals(lang, &raw, &penalty, &fin, &max));
    lines
}

fn short(hash: &str) -> &str {
    &hash[..hash.len().min(12)]
}

/// Students whose grade course policy touched.
fn touched(book: &Gradebook) -> impl Iterator<Item = &StudentRecord> {
    book.submissions.iter().filter(|s| {
        s.exercises
            .iter()
            .any(|e| !e.grade.is_plain() || e.commit.is_some())
    })
}

/// One row of the policy table: student, raw, penalty, overrides, final.
fn row(s: &StudentRecord) -> [String; 5] {
    let overrides: Vec<String> = s
        .exercises
        .iter()
        .filter_map(|e| {
            e.grade
                .override_
                .as_ref()
                .map(|o| format!("{} = {} ({})", e.id, number(o.points), o.reason))
        })
        .collect();
    [
        s.name.clone(),
        number(s.raw()),
        number(s.penalty()),
        overrides.join("; "),
        format!("{}/{}", number(s.total()), number(s.max())),
    ]
}

/// The headings of the policy table, in one language.
struct Heads {
    title: &'static str,
    applied: &'static str,
    columns: [&'static str; 5],
}

fn heads(lang: Lang) -> Heads {
    Heads {
        title: say::policy_title(lang),
        applied: say::policy_applied(lang),
        columns: [
            say::policy_submission(lang),
            say::policy_raw(lang),
            say::policy_penalty(lang),
            say::policy_override(lang),
            say::policy_final(lang),
        ],
    }
}

/// The terminal's lines for each student whose grade course policy touched, in `lang`.
pub fn render_policy_text(book: &Gradebook, lang: Lang) -> String {
    let Some(path) = &book.policy else {
        return String::new();
    };
    let h = heads(lang);
    let mut out = format!("{} ({path}): {}\n", h.title, h.columns[1..].join(", "));
    for s in touched(book) {
        let cells = row(s);
        let mut line = format!("  {}:", cells[0]);
        for (label, value) in h.columns.iter().zip(&cells).skip(1) {
            if !value.is_empty() {
                let _ = write!(line, " {label} {value},");
            }
        }
        let _ = writeln!(out, "{}", line.trim_end_matches(','));
        for e in &s.exercises {
            for line in explain(&e.id, &e.grade, lang) {
                let _ = writeln!(out, "    {line}");
            }
        }
    }
    out
}

/// The `summary.md` section, in `lang`.
pub fn render_policy_markdown(book: &Gradebook, lang: Lang) -> String {
    let Some(path) = &book.policy else {
        return String::new();
    };
    let h = heads(lang);
    let mut out = format!(
        "\n## {}\n\n{} `{}`.\n\n| {} |\n|---|---:|---:|---|---:|\n",
        h.title,
        h.applied,
        path.replace('`', "'"),
        h.columns.join(" | ")
    );
    for s in touched(book) {
        let cells = row(s).map(|c| {
            c.replace('|', "\\|")
                .replace('<', "&lt;")
                .replace(['\n', '\r'], " ")
        });
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out
}

/// The `report.html` section (everything escaped by `maud`), in `lang`.
pub fn render_policy_html(book: &Gradebook, lang: Lang) -> String {
    let Some(path) = &book.policy else {
        return String::new();
    };
    let h = heads(lang);
    let [c0, c1, c2, c3, c4] = h.columns;
    let section = html! {
        section id="course-policy" {
            h2 { (h.title) }
            p { (h.applied) " " code { (path) } "." }
            table {
                thead {
                    tr { th { (c0) } th class="num" { (c1) } th class="num" { (c2) } th { (c3) } th class="num" { (c4) } }
                }
                tbody {
                    @for s in touched(book) {
                        @let [name, raw, penalty, overrides, fin] = row(s);
                        tr {
                            td { (name) } td class="num" { (raw) } td class="num" { (penalty) }
                            td { (overrides) } td class="num" { (fin) }
                        }
                    }
                }
            }
        }
        "\n"
    };
    section.into_string()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::gradebook::late::Adjustment;
    use crate::gradebook::policy::Override;
    use crate::gradebook::record::ExerciseRecord;

    fn book() -> Gradebook {
        let mut grade = Adjustment::none(10.0, 20.0);
        grade.override_ = Some(Override {
            student: "=cmd|' /C calc'!A0".into(),
            exercise: "x".into(),
            points: 15.0,
            reason: "<b>by hand</b>".into(),
        });
        grade.final_score = 15.0;
        let exercise = ExerciseRecord {
            id: "x".into(),
            grade,
            commit: None,
            built: true,
            tests: Vec::new(),
        };
        let student = StudentRecord {
            name: "=cmd|' /C calc'!A0".into(),
            exercises: vec![exercise],
        };
        Gradebook {
            version: 1,
            ids: vec!["x".into()],
            policy: Some("course.toml".into()),
            tests: BTreeMap::new(),
            submissions: vec![student],
        }
    }

    #[test]
    fn the_gradebook_keeps_spec_columns_and_neutralises_formulas() {
        let mut out = Vec::new();
        write_final_gradebook(&mut out, &book()).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "submission,x,total,max\n'=cmd|' /C calc'!A0,15,15,20\n"
        );
        let mut out = Vec::new();
        let status = |_: &str| ("refused".to_string(), "=note".to_string());
        write_status_sheet(&mut out, &book(), &status).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "submission,raw,penalty,overrides,status,note\n'=cmd|' /C calc'!A0,10,0,x,refused,'=note\n"
        );
    }

    #[test]
    fn the_policy_sections_are_escaped_in_both_languages() {
        let html = render_policy_html(&book(), Lang::Zh);
        assert!(
            html.contains("<h2>课程规则</h2>") && html.contains("&lt;b&gt;by hand"),
            "{html}"
        );
        assert!(!html.contains("<b>by"));
        let markdown = render_policy_markdown(&book(), Lang::En);
        assert!(
            markdown.contains("| submission | raw | penalty | override | final |"),
            "{markdown}"
        );
        let mut results = json!({"score": 10.0, "output": "seed 1", "tests": []});
        annotate_results(&mut results, &book().submissions[0], Lang::En);
        assert_eq!(results["score"], 15.0);
        assert!(
            results["output"]
                .as_str()
                .unwrap()
                .starts_with("Course policy: raw 10, late penalty 0, final 15/20")
        );
        assert_eq!(
            results["extra_data"]["course"][0]["override"]["points"],
            15.0
        );
    }
}
