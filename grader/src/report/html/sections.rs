//! The sections of `report.html`, each appended to the page in turn: the
//! run's facts, the overview, the charts, the tests by pass rate, the
//! submissions table and each student's detail.

use std::fmt::Write as _;

use super::chart::distribution_svg;
use super::{ClassReport, escape};
use crate::outcome::TestOutcome;
use crate::report::class::{ClassModel, ScoreSet};
use crate::report::gradebook::number;
use crate::report::labels::Labels;
use crate::report::{Paint, render_build_log, render_failure};
use crate::scenario::Visibility;

/// The anchor of the `index`th submission's detail.
pub(super) fn student_anchor(index: usize) -> String {
    format!("student-{index}")
}

/// Seed, date, version and containment.
pub(super) fn about_run(page: &mut String, report: &ClassReport<'_>, t: &Labels) {
    let protections = if report.protections.is_empty() {
        escape(t.none)
    } else {
        let items: String = report
            .protections
            .iter()
            .map(|p| format!("<li>{}</li>", escape(p)))
            .collect();
        format!("<ul class=\"protections\">{items}</ul>")
    };
    let _ = writeln!(
        page,
        "<section id=\"run\"><h2>{}</h2><dl class=\"run\">\
         <dt>{}</dt><dd id=\"seed\">{}</dd><dt>{}</dt><dd id=\"date\">{}</dd>\
         <dt>{}</dt><dd id=\"version\">{}</dd><dt>{}</dt><dd>{protections}</dd></dl></section>",
        escape(t.about_run),
        escape(t.seed),
        report.seed,
        escape(t.date),
        escape(&report.date),
        escape(t.version),
        escape(&report.version),
        escape(t.protections),
    );
}

/// One line of figures per exercise and for the total.
pub(super) fn overview(page: &mut String, model: &ClassModel, t: &Labels) {
    let _ = write!(
        page,
        "<section id=\"overview\"><p>{} {}</p><table><thead><tr><th>{}</th>\
         <th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th>\
         <th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr></thead><tbody>",
        model.submissions.len(),
        escape(t.submissions),
        escape(t.exercise),
        escape(t.mean),
        escape(t.median),
        escape(t.std_dev),
        escape(t.range),
        escape(t.full_marks),
        escape(t.not_built),
        escape(t.missing),
    );
    for set in model.exercises.iter().chain([&model.total]) {
        let s = set.stats;
        let _ = write!(
            page,
            "<tr data-exercise=\"{}\"><td>{}</td><td class=\"num\">{} / {}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}–{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&set.id),
            escape(set_title(set, t)),
            number(s.mean),
            number(set.max_score),
            number(s.median),
            number(s.std_dev),
            number(s.min),
            number(s.max),
            set.full_marks,
            if set.id == "total" {
                "—".to_string()
            } else {
                set.not_built.to_string()
            },
            if set.id == "total" {
                "—".to_string()
            } else {
                set.missing.to_string()
            },
        );
    }
    page.push_str("</tbody></table></section>\n");
}

/// The charts: the total first, then each exercise.
pub(super) fn distributions(page: &mut String, model: &ClassModel, t: &Labels) {
    let names: Vec<String> = model.submissions.iter().map(|s| s.name.clone()).collect();
    let _ = write!(
        page,
        "<section id=\"distribution\"><h2>{}</h2><div class=\"charts\">",
        escape(t.distribution)
    );
    for set in [&model.total].into_iter().chain(&model.exercises) {
        page.push_str(&distribution_svg(set, set_title(set, t), &names, t));
    }
    page.push_str("</div></section>\n");
}

/// Every test's pass rate, weakest first, with its hint.
pub(super) fn tests(page: &mut String, model: &ClassModel, t: &Labels) {
    let _ = write!(
        page,
        "<section id=\"tests\"><h2>{}</h2><table><thead><tr><th>{}</th><th>{}</th>\
         <th>{}</th><th>{}</th></tr></thead><tbody>",
        escape(t.tests_heading),
        escape(t.pass_rate),
        escape(t.exercise),
        escape(t.test),
        escape(t.hint),
    );
    for rate in &model.tests {
        let percent = (rate.rate() * 100.0).round();
        let hidden = match rate.visibility {
            Visibility::Public => String::new(),
            Visibility::Hidden => format!(" <span class=\"tag\">{}</span>", escape(t.hidden)),
        };
        let about = rate
            .about
            .as_deref()
            .map(|a| format!("<br><small>{}</small>", escape(a)))
            .unwrap_or_default();
        let _ = write!(
            page,
            "<tr class=\"test-rate\" data-test=\"{name}\" data-passed=\"{passed}\" data-of=\"{of}\">\
             <td class=\"nowrap\"><span class=\"rate\"><span style=\"width:{percent}%\"></span></span>{percent}% \
             <small>({})</small></td><td class=\"nowrap\">{}</td><td><code>{name}</code>{hidden}{about}</td><td>{}</td></tr>",
            escape(&t.passed_of(rate.passed, rate.of)),
            escape(&rate.exercise),
            escape(rate.hint.as_deref().unwrap_or("").trim()),
            name = escape(&rate.name),
            passed = rate.passed,
            of = rate.of,
        );
    }
    page.push_str("</tbody></table></section>\n");
}

/// One sortable row per submission, linking to its detail.
pub(super) fn submissions(page: &mut String, model: &ClassModel, t: &Labels) {
    let _ = write!(
        page,
        "<section id=\"submissions\"><h2>{}</h2><p><small>{}</small></p>\
         <table class=\"sortable\"><thead><tr><th data-type=\"text\"><button type=\"button\">{}</button></th>",
        escape(t.submission_list),
        escape(t.sort_hint),
        escape(t.name),
    );
    for set in model.exercises.iter().chain([&model.total]) {
        let _ = write!(
            page,
            "<th class=\"num\" data-type=\"number\" data-exercise=\"{}\"><button type=\"button\">{}</button></th>",
            escape(&set.id),
            escape(set_title(set, t)),
        );
    }
    let _ = write!(
        page,
        "<th class=\"num\" data-type=\"number\"><button type=\"button\">{}</button></th><th></th></tr></thead><tbody>",
        escape(t.passed)
    );
    for (index, line) in model.submissions.iter().enumerate() {
        let name = escape(&line.name);
        let _ = write!(
            page,
            "<tr data-index=\"{index}\" data-submission=\"{name}\"><td data-value=\"{name}\">{name}</td>"
        );
        for (score, id) in line
            .scores
            .iter()
            .zip(model.exercises.iter().map(|e| e.id.as_str()))
            .chain([(&line.total, "total")])
        {
            let _ = write!(
                page,
                "<td class=\"num\" data-exercise=\"{}\" data-value=\"{s}\">{s}</td>",
                escape(id),
                s = number(*score),
            );
        }
        let _ = write!(
            page,
            "<td class=\"num\" data-value=\"{p}\">{p} / {n}</td>\
             <td><a class=\"detail-link\" href=\"#{anchor}\">{}</a></td></tr>",
            escape(t.open_detail),
            p = line.passed,
            n = line.tests,
            anchor = student_anchor(index),
        );
    }
    page.push_str("</tbody></table></section>\n");
}

/// Each student's tests, with the failure transcripts the student sees.
pub(super) fn details(page: &mut String, report: &ClassReport<'_>, t: &Labels) {
    let _ = write!(
        page,
        "<section id=\"details\"><h2>{}</h2>",
        escape(t.details)
    );
    for (index, row) in report.rows.iter().enumerate() {
        let total: f64 = row.exercises.iter().map(|e| e.score()).sum();
        let max: f64 = row.exercises.iter().map(|e| e.max_score()).sum();
        let _ = write!(
            page,
            "<details class=\"student\" id=\"{}\" data-submission=\"{}\"><summary>{} — {} / {}</summary>",
            student_anchor(index),
            escape(&row.submission),
            escape(&row.submission),
            number(total),
            number(max),
        );
        for exercise in &row.exercises {
            let _ = write!(
                page,
                "<h3>{} — {} / {}</h3>",
                escape(&exercise.exercise.id),
                number(exercise.score()),
                number(exercise.max_score()),
            );
            if let Some(problem) = &exercise.not_built {
                let _ = write!(
                    page,
                    "<p class=\"failed\">{}</p><pre class=\"build-log\">{}</pre>",
                    escape(t.build_failed),
                    escape(&render_build_log(
                        &exercise.exercise.id,
                        problem,
                        Paint::PLAIN
                    )),
                );
            }
            let _ = write!(
                page,
                "<table><thead><tr><th>{}</th><th>{}</th><th class=\"num\">{}</th></tr></thead><tbody>",
                escape(t.status),
                escape(t.test),
                escape(t.score),
            );
            for result in &exercise.results {
                let (class, status) = match result.outcome {
                    TestOutcome::Passed => ("passed", t.passed),
                    TestOutcome::Failed(_) => ("failed", t.failed),
                    TestOutcome::Error(_) => ("error", t.error),
                };
                let visibility = match result.visibility {
                    Visibility::Public => t.public,
                    Visibility::Hidden => t.hidden,
                };
                let transcript = render_failure(result, Paint::PLAIN);
                let transcript = if transcript.is_empty() {
                    String::new()
                } else {
                    format!("<pre class=\"transcript\">{}</pre>", escape(&transcript))
                };
                let transcript = transcript + &ladders_of(result, report.lang);
                let _ = write!(
                    page,
                    "<tr class=\"result {class}\" data-test=\"{}\"><td class=\"{class}\">{}</td>\
                     <td><code>{}</code> <span class=\"tag\">{}</span>{transcript}</td>\
                     <td class=\"num\">{} / {}</td></tr>",
                    escape(&result.name),
                    escape(status),
                    escape(&result.name),
                    escape(visibility),
                    number(result.score),
                    number(result.max_score),
                );
            }
            page.push_str("</tbody></table>");
        }
        page.push_str("</details>\n");
    }
    page.push_str("</section>\n");
}

/// A failing test's ladders as SVG sequence diagrams (empty for a pass).
fn ladders_of(result: &crate::outcome::TestResult, lang: crate::lang::Lang) -> String {
    if result.outcome.passed() {
        return String::new();
    }
    result
        .packets
        .iter()
        .flat_map(|p| &p.ladders)
        .map(|ladder| super::packets::ladder_svg(ladder, lang))
        .collect()
}

/// The title of a score set: the exercise id, or "total" in the page's language.
fn set_title<'a>(set: &'a ScoreSet, t: &'a Labels) -> &'a str {
    if set.id == "total" { t.total } else { &set.id }
}
