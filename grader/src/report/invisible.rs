//! Differences a reader cannot see: a missing line end, a `\r`, trailing
//! spaces, tabs, bytes that are not UTF-8, an empty line against nothing.
//!
//! Wherever expected and actual bytes are shown, [`show`] writes them so an
//! empty value reads as "(nothing)" and every control byte is escaped,
//! [`diff`] marks the changed tokens (a changed space as `␠`), and
//! [`explain`] says the invisible difference in words.

use similar::{Algorithm, ChangeTag, capture_diff_slices};

use super::Paint;
use crate::lang::Lang;
use crate::scenario::{escape_bytes, escape_tokens};
use crate::text::report as say;

/// Values longer than this many bytes are diffed in their shortened form.
const DIFF_LIMIT: usize = 400;

/// A value as a student reads it: escaped and quoted, or "(nothing)".
pub(crate) fn show(bytes: &[u8], lang: Lang) -> String {
    if bytes.is_empty() {
        say::nothing(lang).to_string()
    } else {
        escape_bytes(bytes)
    }
}

/// Marks removed text `[-…-]` and added text `{+…+}` over whole escapes
/// (`\n` is one token), a changed space shown as `␠`; coloured when painting.
pub(crate) fn diff(expected: &[u8], actual: &[u8], paint: Paint) -> String {
    let (old, new) = if expected.len().max(actual.len()) <= DIFF_LIMIT {
        (escape_tokens(expected), escape_tokens(actual))
    } else {
        let split = |b: &[u8]| {
            let shown = escape_bytes(b);
            let inner = &shown[1..shown.len() - 1];
            inner.chars().map(String::from).collect()
        };
        (split(expected), split(actual))
    };
    let mut out = String::new();
    let mut run: Option<(ChangeTag, String)> = None;
    let flush = |out: &mut String, run: &mut Option<(ChangeTag, String)>| match run.take() {
        Some((ChangeTag::Delete, text)) => out.push_str(&paint.red(&format!("[-{text}-]"))),
        Some((ChangeTag::Insert, text)) => out.push_str(&paint.green(&format!("{{+{text}+}}"))),
        Some((ChangeTag::Equal, text)) => out.push_str(&text),
        None => {}
    };
    for op in capture_diff_slices(Algorithm::Myers, &old, &new) {
        for change in op.iter_changes(&old, &new) {
            let tag = change.tag();
            let token = change.value();
            let token = if tag != ChangeTag::Equal && token == " " {
                "␠".to_string()
            } else {
                token
            };
            match &mut run {
                Some((current, text)) if *current == tag => text.push_str(&token),
                _ => {
                    flush(&mut out, &mut run);
                    run = Some((tag, token));
                }
            }
        }
    }
    flush(&mut out, &mut run);
    format!("\"{out}\"")
}

/// What differs invisibly between `expected` and `actual`, in words; empty
/// when the difference shows plainly. With `actual_only`, only what can be
/// said about the program's own bytes (for hidden tests).
pub(crate) fn explain(
    expected: &[u8],
    actual: &[u8],
    lang: Lang,
    actual_only: bool,
) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(words) = line_end(expected, actual, lang) {
        out.push(words);
    }
    if actual_only {
        return out;
    }
    if actual.is_empty() && expected == b"\n" {
        out.push(say::expected_empty_line(lang).into());
    }
    out.extend(carriage_returns(expected, actual, lang));
    out.extend(white_space(expected, actual, lang));
    out.extend(not_utf8(expected, actual, lang));
    out
}

/// The commonest beginner mistake: a line sent without its `\n`.
fn line_end(expected: &[u8], actual: &[u8], lang: Lang) -> Option<String> {
    if !expected.ends_with(b"\n") || actual.is_empty() || actual.ends_with(b"\n") {
        return None;
    }
    let only = expected
        .strip_suffix(b"\n")
        .is_some_and(|e| e == actual || e.strip_suffix(b"\r").is_some_and(|e| e == actual));
    Some(if only {
        say::only_line_end_missing(lang).into()
    } else {
        say::no_line_end_yet(lang).into()
    })
}

/// `\r` bytes on one side only (a `\r` just before the final `\n` is a line ending and allowed).
fn carriage_returns(expected: &[u8], actual: &[u8], lang: Lang) -> Option<String> {
    let count = |b: &[u8]| {
        let b = b.strip_suffix(b"\r\n").unwrap_or(b);
        b.iter().filter(|&&c| c == b'\r').count()
    };
    let (e, a) = (count(expected), count(actual));
    if a > e {
        Some(say::extra_carriage_returns(lang, a - e))
    } else if e > a {
        Some(say::missing_carriage_returns(lang, e - a))
    } else {
        None
    }
}

/// Spaces and tabs: at the ends of lines, tabs for spaces, or anywhere.
fn white_space(expected: &[u8], actual: &[u8], lang: Lang) -> Option<String> {
    let blank = |c: &u8| *c == b' ' || *c == b'\t';
    let trim_lines = |b: &[u8]| -> Vec<Vec<u8>> {
        b.split(|&c| c == b'\n')
            .map(|line| {
                let end = line.iter().rposition(|c| !blank(c)).map_or(0, |i| i + 1);
                line[..end].to_vec()
            })
            .collect()
    };
    let squeeze = |b: &[u8]| -> Vec<u8> { b.iter().copied().filter(|c| !blank(c)).collect() };
    let tabs = |b: &[u8]| b.iter().filter(|&&c| c == b'\t').count();
    if expected == actual || squeeze(expected) != squeeze(actual) {
        return None;
    }
    let words = if trim_lines(expected) == trim_lines(actual) {
        say::trailing_blanks_only(lang)
    } else if tabs(expected) != tabs(actual) {
        say::tabs_against_spaces(lang)
    } else {
        say::spaces_only(lang)
    };
    Some(words.into())
}

/// Bytes that are not UTF-8 text on one side, or replaced by `�` on the way.
fn not_utf8(expected: &[u8], actual: &[u8], lang: Lang) -> Option<String> {
    let text = |b: &[u8]| std::str::from_utf8(b).is_ok();
    let replaced = actual.windows(3).any(|w| w == "\u{fffd}".as_bytes());
    match (text(expected), text(actual)) {
        (false, true) if replaced => Some(say::replaced_by_fffd(lang)),
        (false, true) => Some(say::expected_not_utf8(lang)),
        (true, false) => Some(say::output_not_utf8(lang)),
        _ => None,
    }
    .map(String::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(expected: &[u8], actual: &[u8]) -> String {
        explain(expected, actual, Lang::En, false).join(" | ")
    }

    #[test]
    fn a_missing_line_end_is_said_and_marked() {
        let expected = b"Receive your message: hello\n";
        let actual = b"Receive your message: hello";
        assert!(words(expected, actual).contains("everything but its line end `\\n`"));
        assert_eq!(
            diff(expected, actual, Paint::PLAIN),
            "\"Receive your message: hello[-\\n-]\""
        );
        assert_eq!(show(actual, Lang::En), "\"Receive your message: hello\"");
        let zh = explain(expected, actual, Lang::Zh, true).join("");
        assert!(zh.contains("换行符 `\\n`"), "{zh}");
    }

    #[test]
    fn carriage_returns_tabs_and_trailing_spaces_are_named() {
        assert!(words(b"a\n", b"a\r\r\n").contains("1 carriage return(s) `\\r`"));
        assert_eq!(words(b"a\n", b"a\r\n"), "", "a CRLF ending is allowed");
        assert!(words(b"a b\n", b"a b  \n").contains("end of a line"));
        assert_eq!(diff(b"a b\n", b"a b  \n", Paint::PLAIN), "\"a b{+␠␠+}\\n\"");
        assert!(words(b"a    b\n", b"a\tb\n").contains("tabs `\\t`"));
        assert_eq!(diff(b"x\ty", b"x y", Paint::PLAIN), "\"x[-\\t-]{+␠+}y\"");
    }

    #[test]
    fn bytes_that_are_not_text_and_nothing_are_told_apart() {
        assert!(words(b"\xff\n", "\u{fffd}\n".as_bytes()).contains("from_utf8_lossy"));
        assert!(words(b"a\n", b"\xfe\n").contains("not UTF-8"));
        assert_eq!(show(b"", Lang::En), "(nothing)");
        assert_eq!(show(b"\n", Lang::En), "\"\\n\"");
        assert!(words(b"\n", b"").contains("empty line"));
        assert_eq!(
            words(b"hello\n", b"world\n"),
            "",
            "a visible difference needs no words"
        );
    }
}
