//! `cargo xtask quiz-hash QUESTION KEY ANSWER`: the hash a public quiz check
//! stores for one item, so instructors can write `expect-sha256` by hand.

use grader::quiz::{Aliases, Quiz, key_hash, normalize};

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

/// Prints the hash of the answer's canonical form (after the quiz's aliases).
pub(crate) fn run(root: &std::path::Path, args: Args) -> anyhow::Result<u8> {
    let questions = root.join("exercises/00-concepts/questions.toml");
    let aliases = match Quiz::load(&questions, None) {
        Ok(quiz) => quiz.aliases,
        Err(_) => Aliases::default(),
    };
    let canonical = aliases.canonical(&args.answer);
    println!(
        "{}",
        key_hash(&args.question, &normalize(&args.key), &canonical)
    );
    eprintln!("(canonical answer: `{canonical}`)");
    Ok(PASSED)
}
