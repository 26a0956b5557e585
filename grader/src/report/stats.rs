//! The class model: how a graded class did, computed once from the gradebook
//! rows and rendered by every class-level view (the terminal summary and
//! `report.html`), so they cannot disagree.
//!
//! It holds each submission's scores, the spread of the scores per exercise
//! and in total, and every test's pass rate across the class, weakest first.

use std::fmt::Write as _;

use super::labels::Labels;
use super::{GradebookRow, Paint};
use crate::grading::ExerciseReport;
use crate::lang::Lang;
use crate::scenario::Visibility;

/// How many of the weakest tests the terminal summary lists.
pub const WEAKEST_SHOWN: usize = 5;

/// How a graded class did.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassModel {
    /// Each submission's scores, in the rows' order.
    pub submissions: Vec<SubmissionScores>,
    /// The scores of each exercise, in course order.
    pub exercises: Vec<ScoreSet>,
    /// The totals.
    pub total: ScoreSet,
    /// Every test that ran, weakest pass rate first (ties in course order).
    pub tests: Vec<TestRate>,
}

/// One submission's line.
#[derive(Clone, Debug, PartialEq)]
pub struct SubmissionScores {
    /// The submission's name.
    pub name: String,
    /// Its score on each exercise, in course order (0 when absent).
    pub scores: Vec<f64>,
    /// Points earned in all.
    pub total: f64,
    /// Points available in all.
    pub max_score: f64,
    /// How many of its tests passed.
    pub passed: usize,
    /// How many tests ran.
    pub tests: usize,
}

/// The scores of the class on one exercise, or in total.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoreSet {
    /// The exercise id (`total` for the totals).
    pub id: String,
    /// The points available.
    pub max_score: f64,
    /// One score per submission, in the rows' order.
    pub scores: Vec<f64>,
    /// Their spread.
    pub stats: Stats,
    /// How many submissions earned every point.
    pub full_marks: usize,
    /// How many had the exercise but it did not compile.
    pub not_built: usize,
    /// How many did not have the exercise at all.
    pub missing: usize,
}

/// The spread of a set of scores.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Stats {
    /// The arithmetic mean.
    pub mean: f64,
    /// The median.
    pub median: f64,
    /// The population standard deviation.
    pub std_dev: f64,
    /// The lowest score.
    pub min: f64,
    /// The highest score.
    pub max: f64,
}

impl Stats {
    /// The spread of `values` (all zero when there are none).
    pub fn of(values: &[f64]) -> Stats {
        if values.is_empty() {
            return Stats::default();
        }
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let mid = sorted.len() / 2;
        let median = if sorted.len().is_multiple_of(2) {
            (sorted[mid - 1] + sorted[mid]) / 2.0
        } else {
            sorted[mid]
        };
        Stats {
            mean,
            median,
            std_dev: variance.sqrt(),
            min: sorted[0],
            max: sorted[sorted.len() - 1],
        }
    }
}

/// One test across the class.
#[derive(Clone, Debug, PartialEq)]
pub struct TestRate {
    /// The exercise id.
    pub exercise: String,
    /// The test's name.
    pub name: String,
    /// Public or hidden.
    pub visibility: Visibility,
    /// What it checks.
    pub about: Option<String>,
    /// Its hint: the concept to reteach when it fails.
    pub hint: Option<String>,
    /// How many submissions passed it.
    pub passed: usize,
    /// How many ran it.
    pub of: usize,
}

impl TestRate {
    /// The share of submissions that passed, from 0 to 1 (1 when none ran it).
    pub fn rate(&self) -> f64 {
        if self.of == 0 {
            1.0
        } else {
            self.passed as f64 / self.of as f64
        }
    }
}

impl ClassModel {
    /// The model of `rows`, whose exercises are `ids` (in course order).
    pub fn new(ids: &[String], rows: &[GradebookRow]) -> ClassModel {
        fn find<'a>(row: &'a GradebookRow, id: &str) -> Option<&'a ExerciseReport> {
            row.exercises.iter().find(|r| r.exercise.id == id)
        }
        let exercises: Vec<ScoreSet> = ids
            .iter()
            .map(|id| {
                let reports: Vec<Option<&ExerciseReport>> =
                    rows.iter().map(|row| find(row, id)).collect();
                let max_score = reports
                    .iter()
                    .flatten()
                    .map(|r| r.max_score())
                    .fold(0.0, f64::max);
                let scores: Vec<f64> = reports
                    .iter()
                    .map(|r| r.map_or(0.0, ExerciseReport::score))
                    .collect();
                ScoreSet {
                    id: id.clone(),
                    max_score,
                    stats: Stats::of(&scores),
                    full_marks: scores
                        .iter()
                        .filter(|s| max_score > 0.0 && **s >= max_score)
                        .count(),
                    not_built: reports
                        .iter()
                        .filter(|r| r.is_some_and(ExerciseReport::did_not_compile))
                        .count(),
                    missing: reports
                        .iter()
                        .filter(|r| r.is_none_or(ExerciseReport::missing))
                        .count(),
                    scores,
                }
            })
            .collect();
        let submissions: Vec<SubmissionScores> = rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let results = row.exercises.iter().flat_map(|r| &r.results);
                SubmissionScores {
                    name: row.submission.clone(),
                    scores: exercises.iter().map(|e| e.scores[i]).collect(),
                    total: exercises.iter().map(|e| e.scores[i]).sum(),
                    max_score: exercises.iter().map(|e| e.max_score).sum(),
                    passed: results.clone().filter(|r| r.outcome.passed()).count(),
                    tests: results.count(),
                }
            })
            .collect();
        let totals: Vec<f64> = submissions.iter().map(|s| s.total).collect();
        let max_total: f64 = exercises.iter().map(|e| e.max_score).sum();
        let total = ScoreSet {
            id: "total".to_string(),
            max_score: max_total,
            stats: Stats::of(&totals),
            full_marks: totals
                .iter()
                .filter(|t| max_total > 0.0 && **t >= max_total)
                .count(),
            not_built: 0,
            missing: 0,
            scores: totals,
        };
        ClassModel {
            submissions,
            exercises,
            total,
            tests: test_rates(ids, rows),
        }
    }

    /// The `n` tests with the lowest pass rate that someone failed, weakest first.
    pub fn weakest(&self, n: usize) -> impl Iterator<Item = &TestRate> {
        self.tests.iter().filter(|r| r.passed < r.of).take(n)
    }

    /// The plain-text class summary the terminal prints, in `lang`.
    pub fn render_text(&self, lang: Lang, paint: Paint) -> String {
        let t = Labels::of(lang);
        let n = |v: f64| super::gradebook::number(v);
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}",
            paint.bold(&format!(
                "{} ({} {})",
                t.class,
                self.submissions.len(),
                t.submissions
            ))
        );
        for set in self.exercises.iter().chain([&self.total]) {
            let name = if set.id == "total" { t.total } else { &set.id };
            // Wide (CJK) characters take two columns.
            let width = unicode_width::UnicodeWidthStr::width(name);
            let name = format!("{name}{}", " ".repeat(20usize.saturating_sub(width)));
            let mut not_built = String::new();
            if set.not_built > 0 {
                not_built.push_str(&format!("  {} {}", t.not_built, set.not_built));
            }
            if set.missing > 0 {
                not_built.push_str(&format!("  {} {}", t.missing, set.missing));
            }
            let _ = writeln!(
                out,
                "  {name} {} {}/{}  {} {}  {} {}  {} {}–{}  {} {}/{}{not_built}",
                t.mean,
                n(set.stats.mean),
                n(set.max_score),
                t.median,
                n(set.stats.median),
                t.std_dev,
                n(set.stats.std_dev),
                t.range,
                n(set.stats.min),
                n(set.stats.max),
                t.full_marks,
                set.full_marks,
                self.submissions.len(),
            );
        }
        let weakest: Vec<&TestRate> = self.weakest(WEAKEST_SHOWN).collect();
        if !weakest.is_empty() {
            let _ = writeln!(out, "{}", paint.bold(t.weakest_tests));
            for rate in weakest {
                let _ = writeln!(
                    out,
                    "  {:>4}%  {} › {}  ({})",
                    (rate.rate() * 100.0).round(),
                    rate.exercise,
                    rate.name,
                    t.passed_of(rate.passed, rate.of),
                );
            }
        }
        out
    }
}

/// Every test's pass rate, weakest first; ties keep the order tests were
/// first seen in, which is course order then file order.
fn test_rates(ids: &[String], rows: &[GradebookRow]) -> Vec<TestRate> {
    let mut rates: Vec<TestRate> = Vec::new();
    for id in ids {
        for row in rows {
            for report in row.exercises.iter().filter(|r| &r.exercise.id == id) {
                for result in &report.results {
                    let index = match rates
                        .iter()
                        .position(|r| r.exercise == result.exercise && r.name == result.name)
                    {
                        Some(index) => index,
                        None => {
                            rates.push(TestRate {
                                exercise: result.exercise.clone(),
                                name: result.name.clone(),
                                visibility: result.visibility,
                                about: result.about.clone(),
                                hint: result.hint.clone(),
                                passed: 0,
                                of: 0,
                            });
                            rates.len() - 1
                        }
                    };
                    rates[index].of += 1;
                    if result.outcome.passed() {
                        rates[index].passed += 1;
                    }
                }
            }
        }
    }
    rates.sort_by(|a, b| a.rate().total_cmp(&b.rate()));
    rates
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sample::class;

    #[test]
    fn stats_give_mean_median_and_spread() {
        let stats = Stats::of(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]);
        assert_eq!(stats.mean, 5.0);
        assert_eq!(stats.median, 4.5);
        assert_eq!(stats.std_dev, 2.0);
        assert_eq!((stats.min, stats.max), (2.0, 9.0));
        assert_eq!(Stats::of(&[]), Stats::default());
    }

    #[test]
    fn the_model_counts_scores_and_ranks_tests_weakest_first() {
        let (ids, rows) = class();
        let model = ClassModel::new(&ids, &rows);
        assert_eq!(model.submissions.len(), 3);
        assert_eq!(model.total.scores, vec![5.0, 2.0, 0.0]);
        assert_eq!(model.total.max_score, 5.0);
        assert_eq!(model.total.full_marks, 1);
        assert_eq!(model.exercises[0].not_built, 1);
        let names: Vec<(&str, usize, usize)> = model
            .tests
            .iter()
            .map(|r| (r.name.as_str(), r.passed, r.of))
            .collect();
        assert_eq!(
            names,
            vec![("splits", 1, 3), ("echo", 2, 3)],
            "weakest first"
        );
        assert_eq!(model.submissions[1].passed, 1);
    }

    #[test]
    fn the_terminal_summary_shows_the_models_figures_in_both_languages() {
        let (ids, rows) = class();
        let model = ClassModel::new(&ids, &rows);
        let en = model.render_text(Lang::En, Paint::PLAIN);
        assert!(en.contains("mean 2.33/5"), "{en}");
        assert!(
            en.contains("33%  tcp-server › splits  (1 of 3 passed)"),
            "{en}"
        );
        let zh = model.render_text(Lang::Zh, Paint::PLAIN);
        assert!(zh.contains("平均 2.33/5"), "{zh}");
        assert!(zh.contains("3 人中 1 人通过"), "{zh}");
    }
}
