//! `cargo xtask quiz-hash QUESTION KEY ANSWER`: the hash a public quiz check
//! stores for one item, so instructors can write `expect-sha256` by hand.

use anyhow::Context;
use grader::quiz::{Quiz, key_hash, normalize};

use crate::PASSED;

/// Options of `quiz-hash`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The question's id, such as `handshake`.
    question: String,
    /// The item: a 1-based position for a list, a key for a table, "" for text.
    key: String,
    /// The right answer, in any accepted spelling.
    answer: String,
}

/// Prints the hash of the answer's canonical form (after the question's
/// vocabulary and the quiz's aliases).
pub(crate) fn run(root: &std::path::Path, args: Args) -> anyhow::Result<u8> {
    let path = root.join("exercises/00-concepts/questions.toml");
    // A broken or unknown file would hash the wrong canonical term, so it is an error.
    let quiz = Quiz::load(&path, None).context("cannot read the quiz's questions")?;
    let question = quiz
        .question(&args.question)
        .with_context(|| format!("no question `{}` in `{}`", args.question, path.display()))?;
    let canonical = quiz.canonical(question, &args.answer);
    println!(
        "{}",
        key_hash(&question.id, &normalize(&args.key), &canonical)
    );
    eprintln!("(canonical answer: `{canonical}`)");
    Ok(PASSED)
}
