//! Every sentence the grader shows a student or an instructor, in English and
//! Simplified Chinese side by side: one catalogue per area.
//!
//! A text is an entry of [`catalogue!`]: an id (the function that builds it),
//! its parameters, and one format string per language. Code passes the
//! language once and never spells a sentence itself, so a third language is a
//! new [`Lang`] variant, one more line in the macro and one more string per
//! entry, and the compiler lists every entry that still lacks it. The
//! catalogue test lists entries with an empty text or whose languages use
//! different placeholders.
//!
//! Why a macro over `format!` and not a runtime catalogue (`fluent`, a TOML
//! file): the placeholders are checked at compile time against the
//! parameters, texts keep Rust's format specs (`{wait:.1?}`), and no text can
//! be missing at run time.

use crate::lang::Lang;

pub mod gradebook;
pub mod ingest;
pub mod labels;
pub mod packets;
pub mod quiz;
pub mod report;
pub mod runner;
pub mod talk;
pub mod track;

/// One entry of a catalogue, as written (for the catalogue test).
#[derive(Debug)]
pub struct Entry {
    /// The message id: the function that builds the text.
    pub id: &'static str,
    /// The English format string.
    pub en: &'static str,
    /// The Chinese format string.
    pub zh: &'static str,
}

/// Defines a catalogue: one function per text, taking the language first.
///
/// ```ignore
/// catalogue! {
///     /// The program ended before announcing its address.
///     pub(crate) fn ended(exit: &str) {
///         en: "the program ended ({exit})",
///         zh: "程序已结束：{exit}",
///     }
///     /// A text without parameters is a `&'static str`.
///     pub(crate) fn closed() { en: "closed", zh: "已关闭" }
/// }
/// ```
///
/// `let name = expr;` lines before `en:` prepare values both texts use.
/// It also defines `ENTRIES` (under `cfg(test)`) for the catalogue test.
/// Exported so that `xtask` keeps its texts the same way.
#[macro_export]
macro_rules! catalogue {
    (@item [$($done:tt)*]) => {
        /// Every entry of this catalogue, as written.
        #[cfg(test)]
        pub(crate) const ENTRIES: &[$crate::text::Entry] = &[$($done)*];
    };
    (@item [$($done:tt)*]
        $(#[$meta:meta])*
        $vis:vis fn $id:ident() { en: $en:literal, zh: $zh:literal $(,)? }
        $($rest:tt)*
    ) => {
        $(#[$meta])*
        $vis fn $id(lang: $crate::lang::Lang) -> &'static str {
            match lang {
                $crate::lang::Lang::En => $en,
                $crate::lang::Lang::Zh => $zh,
            }
        }
        $crate::text::catalogue!(@item [$($done)*
            $crate::text::Entry { id: stringify!($id), en: $en, zh: $zh },] $($rest)*);
    };
    (@item [$($done:tt)*]
        $(#[$meta:meta])*
        $vis:vis fn $id:ident($($arg:ident: $ty:ty),+ $(,)?) {
            $(let $v:ident = $e:expr;)*
            en: $en:literal, zh: $zh:literal $(,)?
        }
        $($rest:tt)*
    ) => {
        $(#[$meta])*
        $vis fn $id(lang: $crate::lang::Lang, $($arg: $ty),+) -> String {
            $(let $v = $e;)*
            match lang {
                $crate::lang::Lang::En => format!($en),
                $crate::lang::Lang::Zh => format!($zh),
            }
        }
        $crate::text::catalogue!(@item [$($done)*
            $crate::text::Entry { id: stringify!($id), en: $en, zh: $zh },] $($rest)*);
    };
    ($($body:tt)*) => {
        $crate::text::catalogue!(@item [] $($body)*);
    };
}
pub use crate::catalogue;

/// The placeholders of a format string (`{name}`, `{name:.1?}` → `name`), sorted.
fn placeholders(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        if rest[open..].starts_with("{{") {
            rest = &rest[open + 2..];
            continue;
        }
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let inner = &rest[open + 1..open + close];
        names.push(inner.split(':').next().unwrap_or(inner));
        rest = &rest[open + close + 1..];
    }
    names.sort_unstable();
    names
}

/// What lacks a translation in `entries`: an empty text, or languages that
/// use different placeholders.
pub fn untranslated(area: &str, entries: &[Entry]) -> Vec<String> {
    let mut problems = Vec::new();
    for entry in entries {
        // A separator may be a space in one language and nothing in another.
        let separator = |text: &str| !text.is_empty() && text.trim().is_empty();
        let texts = [
            (Lang::En, entry.en, entry.zh),
            (Lang::Zh, entry.zh, entry.en),
        ];
        for (lang, text, other) in texts {
            if text.trim().is_empty() && !separator(text) && !separator(other) {
                problems.push(format!("{area}::{}: no {lang:?} text", entry.id));
            }
        }
        if placeholders(entry.en) != placeholders(entry.zh) {
            problems.push(format!(
                "{area}::{}: the texts use different placeholders",
                entry.id
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_is_in_every_language() {
        let problems: Vec<String> = [
            untranslated("gradebook", gradebook::ENTRIES),
            untranslated("ingest", ingest::ENTRIES),
            untranslated("labels", labels::ENTRIES),
            untranslated("packets", packets::ENTRIES),
            untranslated("quiz", quiz::ENTRIES),
            untranslated("report", report::ENTRIES),
            untranslated("runner", runner::ENTRIES),
            untranslated("runner::files", runner::files::ENTRIES),
            untranslated("talk", talk::ENTRIES),
            untranslated("track", track::ENTRIES),
        ]
        .concat();
        assert!(
            problems.is_empty(),
            "untranslated:\n{}",
            problems.join("\n")
        );
    }

    #[test]
    fn placeholders_are_the_names_in_braces() {
        assert_eq!(
            placeholders("a {x} {{b}} {wait:.1?} {a}"),
            ["a", "wait", "x"]
        );
        let entries = [Entry {
            id: "t",
            en: "{a}",
            zh: "",
        }];
        assert_eq!(
            untranslated("x", &entries),
            [
                "x::t: no Zh text",
                "x::t: the texts use different placeholders"
            ]
        );
    }
}
