//! A fingerprint of every test's definition, so that comparing two runs can
//! tell a test that changed from a verdict that moved. Only what decides a
//! verdict counts: the program, arguments, input, limits, steps and points
//! of a test; the question, accepted answers and points of a quiz check.
//! Texts (`about`, hints) and line numbers do not.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use super::record::test_key;
use crate::course::{Course, ExerciseKind};
use crate::grading::{GradeError, Suite, load_quiz, load_tests};

/// Every test's fingerprint, keyed by [`test_key`].
pub fn test_fingerprints(
    course: &Course,
    suite: Suite,
) -> Result<BTreeMap<String, String>, GradeError> {
    let mut prints = BTreeMap::new();
    for exercise in &course.exercises {
        match exercise.kind {
            ExerciseKind::Program => {
                for t in load_tests(course, exercise, suite)? {
                    let verdict = format!(
                        "{:?}",
                        (
                            t.points,
                            &t.program,
                            &t.args,
                            &t.stdin,
                            t.wait_listening,
                            t.needs_server,
                            t.budget,
                            t.limits,
                            &t.reply,
                            &t.quiet,
                            &t.files,
                            &t.steps,
                        )
                    );
                    prints.insert(test_key(&exercise.id, &t.name), digest(&verdict));
                }
            }
            ExerciseKind::Quiz => {
                let quiz = load_quiz(course, exercise, suite)?;
                let aliases = format!("{:?}", quiz.aliases);
                for check in &quiz.checks {
                    let verdict = format!(
                        "{:?}",
                        (check.points, &check.question.id, &check.items, &aliases)
                    );
                    prints.insert(test_key(&exercise.id, &check.name), digest(&verdict));
                }
            }
        }
    }
    Ok(prints)
}

/// A short hex digest.
fn digest(text: &str) -> String {
    let hash = Sha256::digest(text.as_bytes());
    hash.iter().take(8).map(|b| format!("{b:02x}")).collect()
}
