//! Scoring one check against the student's answer: a share of the points per
//! right item, and a message that says which items are wrong and why.

use std::collections::BTreeMap;

use super::load::{AnswerKind, Check};
use super::normalize::{Aliases, normalize};
use crate::lang::Lang;
use crate::text::quiz as say;

/// How one check went.
#[derive(Clone, Debug, PartialEq)]
pub struct Scored {
    /// Items right.
    pub right: usize,
    /// Items counted: the expected ones, plus extra ones a list answer adds.
    pub out_of: usize,
    /// Points earned, rounded to hundredths.
    pub score: f64,
    /// One line per item, for the feedback (empty when all are right).
    pub lines: Vec<String>,
    /// Whether the student answered anything at all.
    pub answered: bool,
}

/// Scores `answer` (the student's value for the check's question, if any).
pub fn score_check(
    check: &Check,
    answer: Option<&toml::Value>,
    aliases: &Aliases,
    lang: Lang,
) -> Scored {
    let question = &check.question;
    let given = match given_texts(check, answer, lang) {
        Ok(given) => given,
        Err(message) => {
            return Scored {
                right: 0,
                out_of: check.items.len(),
                score: 0.0,
                lines: vec![message],
                answered: true,
            };
        }
    };
    let (right, mut lines) = mark(check, &given, aliases, lang);
    let out_of = given.len().max(check.items.len());
    if given.iter().all(Option::is_none) {
        lines = vec![say::no_answer_yet(lang, &question.id)];
    }
    let score = (check.points * right as f64 / out_of as f64 * 100.0).round() / 100.0;
    if right == out_of {
        lines.clear();
    }
    Scored {
        right,
        out_of,
        score,
        lines,
        answered: given.iter().any(Option::is_some),
    }
}

/// The student's text for each expected item, or a wrong-shape message.
fn given_texts(
    check: &Check,
    answer: Option<&toml::Value>,
    lang: Lang,
) -> Result<Vec<Option<String>>, String> {
    match (check.question.kind, answer) {
        (_, None) => Ok(vec![None; check.items.len()]),
        (AnswerKind::Text, Some(value)) => scalar(value)
            .map(|s| vec![s])
            .ok_or_else(|| shape(lang, "text")),
        (AnswerKind::List, Some(toml::Value::Array(values))) => {
            let mut given: Vec<Option<String>> =
                values.iter().map(scalar).map(Option::flatten).collect();
            given.resize(given.len().max(check.items.len()), None);
            Ok(given)
        }
        (AnswerKind::Map, Some(toml::Value::Table(table))) => {
            let by_key: BTreeMap<String, &toml::Value> =
                table.iter().map(|(k, v)| (normalize(k), v)).collect();
            Ok(check
                .items
                .iter()
                .map(|item| by_key.get(&item.key).and_then(|v| scalar(v).flatten()))
                .collect())
        }
        (AnswerKind::List, Some(_)) => Err(shape(lang, "list")),
        (AnswerKind::Map, Some(_)) => Err(shape(lang, "map")),
    }
}

/// How many of the given texts are right, and a line for each.
fn mark(
    check: &Check,
    given: &[Option<String>],
    aliases: &Aliases,
    lang: Lang,
) -> (usize, Vec<String>) {
    let question = &check.question;
    let mut right = 0;
    let mut lines = Vec::new();
    for (index, text) in given.iter().enumerate() {
        let item = check.items.get(index);
        let label = match (question.kind, item) {
            (AnswerKind::Text, _) => String::new(),
            (AnswerKind::List, _) => format!("{}. ", index + 1),
            (AnswerKind::Map, Some(item)) => format!("{}: ", item.label),
            (AnswerKind::Map, None) => String::new(),
        };
        let ok = match (item, text) {
            (Some(item), Some(text)) => {
                let canonical = aliases.canonical(question.vocabulary.as_deref(), text);
                item.accepts(&question.id, &canonical)
            }
            _ => false,
        };
        if ok {
            right += 1;
            lines.push(format!("✓ {label}{}", text.as_deref().unwrap_or_default()));
            continue;
        }
        lines.push(match (item, text) {
            (_, None) => format!("✗ {label}{}", say::no_answer(lang)),
            (Some(_), Some(text)) => {
                format!("✗ {label}`{text}` {}", say::not_right(lang))
            }
            (None, Some(text)) => format!("✗ {label}`{text}` {}", say::one_too_many(lang)),
        });
    }
    (right, lines)
}

/// A string, number or boolean as text; `Some(None)` for a blank string, `None` for other shapes.
fn scalar(value: &toml::Value) -> Option<Option<String>> {
    let text = match value {
        toml::Value::String(s) => s.clone(),
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) => f.to_string(),
        toml::Value::Boolean(b) => b.to_string(),
        _ => return None,
    };
    Some((!text.trim().is_empty()).then_some(text))
}

/// The message for an answer of the wrong shape.
fn shape(lang: Lang, kind: &str) -> String {
    match kind {
        "text" => say::shape_text(lang),
        "list" => say::shape_list(lang),
        _ => say::shape_table(lang),
    }
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_shape_is_named_in_both_languages() {
        let expected = [
            (
                Lang::En,
                "text",
                "the answer should be one string in quotes, such as \"tcp\"",
            ),
            (
                Lang::En,
                "list",
                "the answer should be a list of strings, such as [\"a\", \"b\"]",
            ),
            (
                Lang::En,
                "map",
                "the answer should be a table of strings, such as { HTTP = \"…\" }",
            ),
            (Lang::Zh, "text", "答案应是一个带引号的字符串，例如 \"tcp\""),
            (Lang::Zh, "list", "答案应是字符串列表，例如 [\"a\", \"b\"]"),
            (Lang::Zh, "map", "答案应是字符串表，例如 { HTTP = \"…\" }"),
        ];
        for (lang, kind, text) in expected {
            assert_eq!(shape(lang, kind), text, "{lang:?} {kind}");
        }
    }
}
