//! Course policy in every report: `grades.csv` with final scores (SPEC §5's
//! columns first, then `raw,penalty,overrides`), each `results.json`'s final
//! score and explanation, and a table of raw, penalty, override and final
//! per student for the terminal, `summary.md` and `report.html`.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::explain::explain;
use super::record::{Gradebook, StudentRecord};
use crate::lang::Lang;
use crate::report::{escape, neutralize_cell, number};

/// Writes `grades.csv` from the record: `submission,<ids>...,total,max` with
/// final scores; with a course policy, also `raw,penalty,overrides` after `max`.
pub fn write_final_gradebook(out: impl std::io::Write, book: &Gradebook) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let extra = book.policy.is_some();
    let mut header: Vec<&str> = vec!["submission"];
    header.extend(book.ids.iter().map(String::as_str));
    header.extend(["total", "max"]);
    if extra {
        header.extend(["raw", "penalty", "overrides"]);
    }
    writer.write_record(&header)?;
    for s in &book.submissions {
        // A name a spreadsheet would run as a formula is neutralised, as in every gradebook.
        let mut row = vec![neutralize_cell(&s.name).into_owned()];
        for id in &book.ids {
            row.push(number(s.exercise(id).map_or(0.0, |e| e.grade.final_score)));
        }
        row.extend([number(s.total()), number(s.max())]);
        if extra {
            let overrides: Vec<&str> = s
                .exercises
                .iter()
                .filter(|e| e.grade.override_.is_some())
                .map(|e| e.id.as_str())
                .collect();
            row.extend([number(s.raw()), number(s.penalty()), overrides.join(" ")]);
        }
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
            lines.push(match lang {
                Lang::En => format!("{}: graded commit {} of {time} (commit times are set by the student's machine)", e.id, short(&commit.hash)),
                Lang::Zh => format!("{}：评分的提交 {}，时间 {time}（提交时间由学生的电脑设定）", e.id, short(&commit.hash)),
            });
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
    lines.insert(
        0,
        match lang {
            Lang::En => {
                format!("Course policy: raw {raw}, late penalty {penalty}, final {fin}/{max}")
            }
            Lang::Zh => format!("课程规则：原始分 {raw}，迟交扣分 {penalty}，最终得分 {fin}/{max}"),
        },
    );
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

/// The terminal's table of students whose grade course policy touched.
pub fn render_policy_text(book: &Gradebook) -> String {
    let Some(path) = &book.policy else {
        return String::new();
    };
    let mut out = format!("course policy ({path}): raw, late penalty, override, final\n");
    for s in touched(book) {
        let [name, raw, penalty, overrides, fin] = row(s);
        let _ = writeln!(
            out,
            "  {name}: raw {raw}, penalty {penalty}, final {fin}{}",
            if overrides.is_empty() {
                String::new()
            } else {
                format!(", override {overrides}")
            }
        );
        for e in &s.exercises {
            for line in explain(&e.id, &e.grade, Lang::En) {
                let _ = writeln!(out, "    {line}");
            }
        }
    }
    out
}

/// The `summary.md` section.
pub fn render_policy_markdown(book: &Gradebook) -> String {
    let Some(path) = &book.policy else {
        return String::new();
    };
    let mut out = format!(
        "\n## Course policy\n\nApplied `{}`.\n\n| submission | raw | penalty | override | final |\n|---|---:|---:|---|---:|\n",
        path.replace('`', "'")
    );
    for s in touched(book) {
        let cells = row(s).map(|c| c.replace('|', "\\|").replace(['\n', '\r'], " "));
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out
}

/// The `report.html` section (everything escaped).
pub fn render_policy_html(book: &Gradebook) -> String {
    let Some(path) = &book.policy else {
        return String::new();
    };
    let mut out = format!(
        "<section id=\"course-policy\"><h2>Course policy</h2><p>Applied <code>{}</code>.</p>\
         <table><thead><tr><th>submission</th><th class=\"num\">raw</th><th class=\"num\">penalty</th><th>override</th><th class=\"num\">final</th></tr></thead><tbody>",
        escape(path)
    );
    for s in touched(book) {
        let [name, raw, penalty, overrides, fin] = row(s).map(|c| escape(&c));
        let _ = write!(
            out,
            "<tr><td>{name}</td><td class=\"num\">{raw}</td><td class=\"num\">{penalty}</td><td>{overrides}</td><td class=\"num\">{fin}</td></tr>"
        );
    }
    out.push_str("</tbody></table></section>\n");
    out
}
