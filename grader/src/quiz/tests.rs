//! Tests of the quiz: loading, scoring with partial credit, both languages,
//! and the real quiz's solution and stub.

use std::path::{Path, PathBuf};

use super::*;
use crate::scenario::Visibility;

/// A small public file: one list, one map and one text question.
fn public() -> String {
    format!(
        r#"
format-version = 1
exercise = "concepts"

[aliases]
transport = ["传输"]
syn-ack = ["synack"]

[[question]]
id = "handshake"
kind = "list"
prompt = "Handshake?"
prompt-zh = "握手？"

[[question]]
id = "layers"
kind = "map"
prompt = "Layers?"

[[question]]
id = "proto"
kind = "text"
prompt = "Reliable?"

[[check]]
name = "handshake-order"
question = "handshake"
points = 3
hint = "Look at the flags."
hint-zh = "看标志位。"
explain = "SYN, SYN+ACK, ACK."
explain-zh = "SYN、SYN+ACK、ACK。"
expect-sha256 = ["{}", "{}", "{}"]

[[check]]
name = "layers"
question = "layers"
points = 2
expect-sha256 = {{ TCP = "{}", HTTP = "{}" }}
"#,
        key_hash("handshake", "1", "syn"),
        key_hash("handshake", "2", "syn-ack"),
        key_hash("handshake", "3", "ack"),
        key_hash("layers", "tcp", "transport"),
        key_hash("layers", "http", "application"),
    )
}

const HIDDEN: &str = r#"
format-version = 1
[[check]]
name = "proto"
question = "proto"
points = 1
explain = "TCP retransmits."
expect = "tcp"
"#;

/// A quiz folder in a temporary directory, holding `answers`.
fn quiz_with(answers: &[u8]) -> (tempfile::TempDir, Quiz) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("questions.toml"), public()).unwrap();
    std::fs::write(dir.path().join("hidden.toml"), HIDDEN).unwrap();
    std::fs::write(dir.path().join(ANSWERS_FILE), answers).unwrap();
    let quiz = Quiz::load(
        &dir.path().join("questions.toml"),
        Some(&dir.path().join("hidden.toml")),
    )
    .unwrap();
    (dir, quiz)
}

fn grade(answers: &str, lang: Lang) -> Vec<TestResult> {
    let (dir, quiz) = quiz_with(answers.as_bytes());
    grade_quiz(&quiz, Some(dir.path()), "concepts", 7, lang)
}

fn message(result: &TestResult) -> &str {
    match &result.outcome {
        TestOutcome::Failed(failure) => &failure.message,
        other => panic!("not a failure: {other:?}"),
    }
}

#[test]
fn right_answers_in_any_spelling_score_full_marks() {
    let results = grade(
        "handshake = [\"ＳＹＮ\", \"SYN, ACK\", \"ack\"]\nlayers = { tcp = \"传输层\", HTTP = \"Application Layer\" }\nproto = \" TCP \"\n",
        Lang::En,
    );
    assert_eq!(results.len(), 3);
    for result in &results {
        assert!(
            result.outcome.passed(),
            "{}: {:?}",
            result.name,
            result.outcome
        );
        assert_eq!(result.score, result.max_score);
    }
    assert_eq!(results[2].visibility, Visibility::Hidden);
}

#[test]
fn a_list_scores_per_position_and_extra_items_cost() {
    let results = grade(
        "handshake = [\"SYN\", \"ACK\", \"SYN\", \"ACK\"]\n",
        Lang::En,
    );
    let handshake = &results[0];
    assert_eq!(handshake.score, 0.75, "1 of 4 positions of 3 points");
    let text = message(handshake);
    assert!(text.contains("1 of 4 right"), "{text}");
    assert!(text.contains("✗ 4. `ACK` is one item too many"), "{text}");
    assert!(text.contains("why: SYN, SYN+ACK, ACK."), "{text}");
}

#[test]
fn a_map_scores_per_key_and_names_the_wrong_one() {
    let results = grade(
        "layers = { TCP = \"network\", HTTP = \"APPLICATION layer\" }\n",
        Lang::En,
    );
    let layers = &results[1];
    assert_eq!(layers.score, 1.0);
    let text = message(layers);
    assert!(text.contains("✗ TCP: `network` is not right"), "{text}");
    assert!(text.contains("✓ HTTP: APPLICATION layer"), "{text}");
}

#[test]
fn a_hidden_check_names_the_wrong_item_but_keeps_its_key() {
    let results = grade("proto = \"udp\"\n", Lang::En);
    let text = message(&results[2]);
    assert!(text.contains("✗ `udp` is not right"), "{text}");
    assert!(!text.contains("TCP retransmits"), "{text}");
}

#[test]
fn blank_answers_get_the_hint_but_not_the_explanation() {
    let results = grade("handshake = []\n", Lang::En);
    let text = message(&results[0]);
    assert!(
        text.contains("no answer yet: fill in `handshake`"),
        "{text}"
    );
    assert!(!text.contains("why:"), "{text}");
    assert_eq!(results[0].hint.as_deref(), Some("Look at the flags."));
}

#[test]
fn an_answer_of_the_wrong_shape_says_which_shape() {
    let results = grade(
        "handshake = \"SYN SYN+ACK ACK\"\nlayers = [\"a\"]\n",
        Lang::En,
    );
    assert!(message(&results[0]).contains("should be a list of strings"));
    assert!(message(&results[1]).contains("should be a table of strings"));
}

#[test]
fn a_syntax_error_scores_zero_with_its_line() {
    let results = grade("proto = \"tcp\"\r\nhandshake = [SYN]\r\n", Lang::En);
    for result in &results {
        assert_eq!(result.score, 0.0);
        assert!(message(result).contains("line 2"), "{}", message(result));
    }
}

#[test]
fn a_missing_quiz_folder_scores_zero() {
    let (_dir, quiz) = quiz_with(b"");
    let results = grade_quiz(&quiz, None, "concepts", 7, Lang::En);
    assert!(
        results
            .iter()
            .all(|r| r.score == 0.0 && !r.outcome.passed())
    );
    assert!(message(&results[0]).contains("no `exercises/00-concepts/answers.toml`"));
}

#[test]
fn chinese_is_chosen_for_texts_that_have_it() {
    let results = grade("handshake = [\"SYN\", \"ACK\"]\n", Lang::Zh);
    let text = message(&results[0]);
    assert!(text.contains("3 项中答对 1 项"), "{text}");
    assert!(text.contains("解析：SYN、SYN+ACK、ACK。"), "{text}");
    assert_eq!(results[0].hint.as_deref(), Some("看标志位。"));
    // Without Chinese text, the English stands.
    assert_eq!(results[1].about.as_deref(), Some("Layers?"));
}

#[test]
fn a_public_check_with_a_plain_key_is_rejected() {
    let text = public().replace("expect-sha256 = [", "expect = [");
    let err = Quiz::parse_public(&text, Path::new("q.toml"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("must store `expect-sha256`"), "{err}");
    assert!(err.starts_with("q.toml:"), "{err}");
}

#[test]
fn a_check_of_an_unknown_question_names_its_line() {
    let text = public().replace("question = \"layers\"", "question = \"layres\"");
    let err = Quiz::parse_public(&text, Path::new("q.toml"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("check `layers`: no question `layres`"),
        "{err}"
    );
    let line = text.lines().position(|l| l == "name = \"layers\"").unwrap();
    assert!(err.starts_with(&format!("q.toml:{line}:")), "{err}");
}

#[test]
fn a_question_naming_a_missing_vocabulary_names_its_line() {
    let text = public().replace(
        "id = \"layers\"\nkind = \"map\"",
        "id = \"layers\"\nkind = \"map\"\nvocabulary = \"tcpip\"",
    );
    let err = Quiz::parse_public(&text, Path::new("q.toml"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("question `layers`: no `[vocabulary.tcpip]` in the file"),
        "{err}"
    );
    assert!(err.starts_with("q.toml:"), "{err}");
    // With the vocabulary, its spellings count in that question only.
    let text = text.replace(
        "[[question]]\nid = \"handshake\"",
        "[vocabulary.tcpip]\ninternet = [\"网际\"]\n\n[[question]]\nid = \"handshake\"",
    );
    let quiz = Quiz::parse_public(&text, Path::new("q.toml")).unwrap();
    let layers = quiz.question("layers").unwrap();
    let handshake = quiz.question("handshake").unwrap();
    assert_eq!(quiz.canonical(layers, "网际层"), "internet");
    assert_eq!(quiz.canonical(handshake, "网际层"), "网际");
}

#[test]
fn a_spelling_of_two_terms_is_a_load_error() {
    let text = public().replace(
        "syn-ack = [\"synack\"]",
        "syn-ack = [\"synack\"]\nack = [\"SYNACK\"]",
    );
    let err = Quiz::parse_public(&text, Path::new("q.toml"))
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "q.toml: [aliases]: `synack` cannot mean both `ack` and `syn-ack`"
    );
}

/// The course's root, two folders up from this crate.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

#[test]
fn the_real_quiz_gives_the_solution_full_marks_and_the_stub_none() {
    let root = root();
    let quiz = Quiz::load(
        &root.join("exercises/00-concepts/questions.toml"),
        Some(&root.join("grader/hidden/00-concepts.toml")),
    )
    .unwrap();
    let solution = grade_quiz(
        &quiz,
        Some(&root.join("solutions/00-concepts")),
        "concepts",
        1,
        Lang::En,
    );
    for result in &solution {
        assert!(
            result.outcome.passed(),
            "{}: {:?}",
            result.name,
            result.outcome
        );
    }
    let stub = grade_quiz(
        &quiz,
        Some(&root.join("exercises/00-concepts")),
        "concepts",
        1,
        Lang::Zh,
    );
    assert!(stub.iter().all(|r| r.score == 0.0));
    // Every question of the statement is scored by at least one check.
    for question in &quiz.questions {
        assert!(
            quiz.checks.iter().any(|c| c.question.id == question.id),
            "no check scores `{}`",
            question.id
        );
    }
    // Every question and check has its Chinese text.
    assert_eq!(quiz.untranslated(), Vec::<String>::new());
}
