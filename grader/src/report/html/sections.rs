//! The sections of `report.html`, each appended to the page in turn: the
//! run's facts, the overview, the charts, the tests by pass rate, the
//! submissions table and each student's detail.

use maud::{Markup, html};

use super::ClassReport;
use super::chart::distribution_svg;
use crate::outcome::{TestOutcome, TestResult};
use crate::report::gradebook::number;
use crate::report::labels::Labels;
use crate::report::stats::{ClassModel, ScoreSet};
use crate::report::{Paint, render_build_log, render_failure};
use crate::scenario::Visibility;

/// The anchor of the `index`th submission's detail.
pub(super) fn student_anchor(index: usize) -> String {
    format!("student-{index}")
}

/// Seed, date, version and containment.
pub(super) fn about_run(report: &ClassReport<'_>, t: &Labels) -> Markup {
    html! {
        section id="run" {
            h2 { (t.about_run) }
            dl class="run" {
                dt { (t.seed) } dd id="seed" { (report.seed) }
                dt { (t.date) } dd id="date" { (report.date) }
                dt { (t.version) } dd id="version" { (report.version) }
                dt { (t.protections) }
                dd {
                    @if report.protections.is_empty() {
                        (t.none)
                    } @else {
                        ul class="protections" { @for p in &report.protections { li { (p) } } }
                    }
                }
            }
        }
        "\n"
    }
}

/// One line of figures per exercise and for the total.
pub(super) fn overview(model: &ClassModel, t: &Labels) -> Markup {
    html! {
        section id="overview" {
            p { (model.submissions.len()) " " (t.submissions) }
            table {
                thead {
                    tr {
                        th { (t.exercise) }
                        @for label in [t.mean, t.median, t.std_dev, t.range, t.full_marks, t.not_built, t.missing] {
                            th class="num" { (label) }
                        }
                    }
                }
                tbody {
                    @for set in model.exercises.iter().chain([&model.total]) {
                        @let s = set.stats;
                        // The total is never "not built" nor "missing".
                        @let (not_built, missing) = if set.id == "total" {
                            ("—".to_string(), "—".to_string())
                        } else {
                            (set.not_built.to_string(), set.missing.to_string())
                        };
                        tr data-exercise=(set.id) {
                            td { (set_title(set, t)) }
                            td class="num" { (number(s.mean)) " / " (number(set.max_score)) }
                            td class="num" { (number(s.median)) }
                            td class="num" { (number(s.std_dev)) }
                            td class="num" { (number(s.min)) "–" (number(s.max)) }
                            td class="num" { (set.full_marks) }
                            td class="num" { (not_built) }
                            td class="num" { (missing) }
                        }
                    }
                }
            }
        }
        "\n"
    }
}

/// The charts: the total first, then each exercise.
pub(super) fn distributions(model: &ClassModel, t: &Labels) -> Markup {
    let names: Vec<String> = model.submissions.iter().map(|s| s.name.clone()).collect();
    html! {
        section id="distribution" {
            h2 { (t.distribution) }
            div class="charts" {
                @for set in [&model.total].into_iter().chain(&model.exercises) {
                    (distribution_svg(set, set_title(set, t), &names, t))
                }
            }
        }
        "\n"
    }
}

/// Every test's pass rate, weakest first, with its hint.
pub(super) fn tests(model: &ClassModel, t: &Labels) -> Markup {
    html! {
        section id="tests" {
            h2 { (t.tests_heading) }
            table {
                thead { tr { th { (t.pass_rate) } th { (t.exercise) } th { (t.test) } th { (t.hint) } } }
                tbody {
                    @for rate in &model.tests {
                        @let percent = (rate.rate() * 100.0).round();
                        tr class="test-rate" data-test=(rate.name) data-passed=(rate.passed) data-of=(rate.of) {
                            td class="nowrap" {
                                span class="rate" { span style={ "width:" (percent) "%" } {} }
                                (percent) "% "
                                small { "(" (t.passed_of(rate.passed, rate.of)) ")" }
                            }
                            td class="nowrap" { (rate.exercise) }
                            td {
                                code { (rate.name) }
                                @match rate.visibility {
                                    Visibility::Public => {}
                                    Visibility::Hidden => { " " span class="tag" { (t.hidden) } }
                                }
                                @if let Some(about) = &rate.about { br; small { (about) } }
                            }
                            td { (rate.hint.as_deref().unwrap_or("").trim()) }
                        }
                    }
                }
            }
        }
        "\n"
    }
}

/// One sortable row per submission, linking to its detail.
pub(super) fn submissions(model: &ClassModel, t: &Labels) -> Markup {
    html! {
        section id="submissions" {
            h2 { (t.submission_list) }
            p { small { (t.sort_hint) } }
            table class="sortable" {
                thead {
                    tr {
                        th data-type="text" { button type="button" { (t.name) } }
                        @for set in model.exercises.iter().chain([&model.total]) {
                            th class="num" data-type="number" data-exercise=(set.id) {
                                button type="button" { (set_title(set, t)) }
                            }
                        }
                        th class="num" data-type="number" { button type="button" { (t.passed) } }
                        th {}
                    }
                }
                tbody {
                    @for (index, line) in model.submissions.iter().enumerate() {
                        tr data-index=(index) data-submission=(line.name) {
                            td data-value=(line.name) { (line.name) }
                            @for (score, id) in line
                                .scores
                                .iter()
                                .zip(model.exercises.iter().map(|e| e.id.as_str()))
                                .chain([(&line.total, "total")])
                            {
                                td class="num" data-exercise=(id) data-value=(number(*score)) { (number(*score)) }
                            }
                            td class="num" data-value=(line.passed) { (line.passed) " / " (line.tests) }
                            td {
                                a class="detail-link" href={ "#" (student_anchor(index)) } { (t.open_detail) }
                            }
                        }
                    }
                }
            }
        }
        "\n"
    }
}

/// Each student's tests, with the failure transcripts the student sees.
pub(super) fn details(report: &ClassReport<'_>, t: &Labels) -> Markup {
    html! {
        section id="details" {
            h2 { (t.details) }
            @for (index, row) in report.rows.iter().enumerate() {
                @let total: f64 = row.exercises.iter().map(|e| e.score()).sum();
                @let max: f64 = row.exercises.iter().map(|e| e.max_score()).sum();
                details class="student" id=(student_anchor(index)) data-submission=(row.submission) {
                    summary { (row.submission) " — " (number(total)) " / " (number(max)) }
                    @for exercise in &row.exercises {
                        h3 {
                            (exercise.exercise.id) " — " (number(exercise.score()))
                            " / " (number(exercise.max_score()))
                        }
                        @if let Some(problem) = &exercise.not_built {
                            p class="failed" { (t.build_failed) }
                            pre class="build-log" {
                                (render_build_log(&exercise.exercise.id, problem, Paint::PLAIN))
                            }
                        }
                        table {
                            thead { tr { th { (t.status) } th { (t.test) } th class="num" { (t.score) } } }
                            tbody {
                                @for result in &exercise.results { (result_row(result, report, t)) }
                            }
                        }
                    }
                }
                "\n"
            }
        }
        "\n"
    }
}

/// One test of a student's detail: its status, transcript and ladders.
fn result_row(result: &TestResult, report: &ClassReport<'_>, t: &Labels) -> Markup {
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
    html! {
        tr class={ "result " (class) } data-test=(result.name) {
            td class=(class) { (status) }
            td {
                code { (result.name) } " " span class="tag" { (visibility) }
                @if !transcript.is_empty() { pre class="transcript" { (transcript) } }
                // A failing test's ladders as SVG sequence diagrams.
                @if !result.outcome.passed() {
                    @for ladder in result.packets.iter().flat_map(|p| &p.ladders) {
                        (super::packets::ladder_svg(ladder, report.lang))
                    }
                }
            }
            td class="num" { (number(result.score)) " / " (number(result.max_score)) }
        }
    }
}

/// The title of a score set: the exercise id, or "total" in the page's language.
fn set_title<'a>(set: &'a ScoreSet, t: &'a Labels) -> &'a str {
    if set.id == "total" { t.total } else { &set.id }
}
