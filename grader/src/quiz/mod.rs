//! The concept quiz: questions in both languages, a student's `answers.toml`,
//! and checks that score it with partial credit.
//!
//! A check is one test: it becomes a [`TestResult`] named after the check, so
//! every report (the terminal, `results.json`, `grades.csv`) shows the quiz
//! like any other exercise.
//!
//! - [`raw`] is the file format (its field docs are the reference).
//! - `load` checks the files into a [`Quiz`].
//! - `answers` reads the student's file, forgiving encodings, strict on syntax.
//! - `normalize` makes `传输层`, `Transport Layer` and `transport` one answer
//!   (through the question's vocabulary), and hashes it.
//! - `score` gives each check its share of points and its explanation.
//!
//! Public checks store hashes of the right answers rather than the answers:
//! students read `questions.toml`, and the hashes keep the key from being read
//! off at a glance. They do not resist a student who hashes every layer name
//! in turn; the marks that count come from the hidden checks, whose keys live
//! under `grader/`.

mod answers;
mod load;
mod normalize;
pub mod raw;
mod score;

use std::path::Path;
use std::time::{Duration, Instant};

pub use answers::{ANSWERS_FILE, Answers};
pub use load::{AnswerKind, Check, Item, Key, Question, Quiz, QuizError};
pub use normalize::{Aliases, key_hash, normalize};
pub use score::{Scored, score_check};

use crate::lang::Lang;
use crate::outcome::{Failure, TestOutcome, TestResult};
use crate::text::quiz as say;

/// The public questions' file name inside the quiz folder.
pub const QUESTIONS_FILE: &str = "questions.toml";

/// Scores every check of `quiz` against the answers in `dir` (`None`: the
/// submission has no quiz folder), as results of exercise `exercise`.
pub fn grade_quiz(
    quiz: &Quiz,
    dir: Option<&Path>,
    exercise: &str,
    seed: u64,
    lang: Lang,
) -> Vec<TestResult> {
    let started = Instant::now();
    let answers = Answers::read(dir, lang);
    quiz.checks
        .iter()
        .map(|check| {
            let (scored, unreadable) = match &answers {
                Answers::Read(table) => (
                    score_check(check, table.get(&check.question.id), &quiz.aliases, lang),
                    None,
                ),
                Answers::Unreadable(message) => (
                    Scored {
                        right: 0,
                        out_of: check.items.len(),
                        score: 0.0,
                        lines: Vec::new(),
                        answered: false,
                    },
                    Some(message.clone()),
                ),
            };
            result(
                check,
                scored,
                unreadable,
                exercise,
                seed,
                lang,
                started.elapsed(),
            )
        })
        .collect()
}

/// One check's [`TestResult`].
fn result(
    check: &Check,
    scored: Scored,
    unreadable: Option<String>,
    exercise: &str,
    seed: u64,
    lang: Lang,
    elapsed: Duration,
) -> TestResult {
    let question = &check.question;
    let about = lang
        .pick_opt(check.about.0.as_deref(), check.about.1.as_deref())
        .unwrap_or_else(|| {
            lang.pick(&question.prompt, question.prompt_zh.as_deref())
                .to_string()
        });
    let outcome = if unreadable.is_none() && scored.right == scored.out_of {
        TestOutcome::Passed
    } else {
        let mut message = unreadable.unwrap_or_else(|| {
            say::partly_right(
                lang,
                &question.id,
                scored.out_of,
                scored.right,
                &points(scored.score),
                &points(check.points),
            )
        });
        for line in &scored.lines {
            message.push_str("\n  ");
            message.push_str(line);
        }
        // The explanation follows a wrong answer, never an empty one. A hidden
        // check's explanation states its key, so like every hidden test it
        // shows what the student wrote, not what the hidden file holds (the
        // instructor can hand the explanations out with the grades).
        let explain = lang.pick_opt(check.explain.0.as_deref(), check.explain.1.as_deref());
        let shown = scored.answered && check.visibility == crate::scenario::Visibility::Public;
        if let Some(explain) = explain.filter(|_| shown) {
            message.push('\n');
            message.push_str(say::why_label(lang));
            message.push_str(explain.trim());
        }
        TestOutcome::Failed(Failure::new(None, message))
    };
    TestResult {
        exercise: exercise.to_string(),
        name: check.name.clone(),
        about: Some(about),
        max_score: check.points,
        score: scored.score,
        visibility: check.visibility,
        hint: lang.pick_opt(check.hint.0.as_deref(), check.hint.1.as_deref()),
        outcome,
        transcript: Vec::new(),
        command: None,
        stderr_tail: Vec::new(),
        notes: Vec::new(),
        seed,
        elapsed,
        deadline_share: 0.0,
        packets: None,
    }
}

/// Points as every report writes them.
fn points(value: f64) -> String {
    crate::report::score_text(value)
}

#[cfg(test)]
mod tests;
