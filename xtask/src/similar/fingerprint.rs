//! Token-level fingerprints of Rust sources, as MOSS makes them: the code
//! is lexed (rust-analyzer's `rustc_lexer`), comments and whitespace are
//! dropped, every identifier that is not a keyword becomes `I` and every
//! literal `L`, so renaming a variable or changing a message changes
//! nothing; each run of [`K`] tokens is hashed, and winnowing keeps the
//! smallest hash of every window of [`W`] hashes. Any shared run of at
//! least `K + W - 1` tokens is then guaranteed to share a fingerprint.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash as _, Hasher as _};

use ra_ap_rustc_lexer::{FrontmatterAllowed, TokenKind, tokenize};

/// Tokens per hashed run (the noise threshold: shorter matches are ignored).
pub(crate) const K: usize = 10;
/// Hashes per winnowing window.
pub(crate) const W: usize = 6;

/// One normalised token and where it is in its file.
#[derive(Clone, Copy, Debug)]
struct Token {
    /// The normalised token's hash.
    hash: u64,
    /// Its byte offset.
    start: usize,
    /// The byte offset after it.
    end: usize,
}

/// A fingerprint: the hash of a run of tokens and the bytes it covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Print {
    /// The run's hash.
    pub(crate) hash: u64,
    /// The first byte of the run.
    pub(crate) start: usize,
    /// The byte after the run.
    pub(crate) end: usize,
}

/// The normalised tokens of `text`.
fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut offset = 0usize;
    for token in tokenize(text, FrontmatterAllowed::No) {
        let (start, end) = (offset, offset + token.len as usize);
        offset = end;
        let normal: &str = match token.kind {
            TokenKind::Whitespace
            | TokenKind::LineComment { .. }
            | TokenKind::BlockComment { .. }
            | TokenKind::Frontmatter { .. }
            | TokenKind::Eof => continue,
            TokenKind::Ident | TokenKind::RawIdent | TokenKind::InvalidIdent => {
                let word = &text[start..end];
                if KEYWORDS.contains(&word) { word } else { "I" }
            }
            TokenKind::Literal { .. } => "L",
            TokenKind::Lifetime { .. } | TokenKind::RawLifetime => "'",
            _ => &text[start..end],
        };
        let mut hasher = DefaultHasher::new();
        normal.hash(&mut hasher);
        out.push(Token {
            hash: hasher.finish(),
            start,
            end,
        });
    }
    out
}

/// Every run of [`K`] tokens of `text`, hashed.
pub(crate) fn all_runs(text: &str) -> Vec<Print> {
    let tokens = tokens(text);
    tokens
        .windows(K)
        .map(|run| {
            let mut hasher = DefaultHasher::new();
            for token in run {
                token.hash.hash(&mut hasher);
            }
            Print {
                hash: hasher.finish(),
                start: run[0].start,
                end: run[K - 1].end,
            }
        })
        .collect()
}

/// The winnowed fingerprints of `text`, leaving out any hash in `excluded`.
pub(crate) fn winnow(text: &str, excluded: &HashSet<u64>) -> Vec<Print> {
    let runs = all_runs(text);
    let mut chosen: Vec<Print> = Vec::new();
    let mut last: Option<usize> = None;
    let windows = runs
        .len()
        .saturating_sub(W - 1)
        .max(usize::from(!runs.is_empty()));
    for begin in 0..windows {
        let window = &runs[begin..(begin + W).min(runs.len())];
        // The rightmost smallest hash, as Schleimer, Wilkerson and Aiken choose it.
        let (offset, _) = window
            .iter()
            .enumerate()
            .rev()
            .min_by_key(|(_, p)| p.hash)
            .expect("a window is never empty");
        let index = begin + offset;
        if last != Some(index) {
            last = Some(index);
            if !excluded.contains(&runs[index].hash) {
                chosen.push(runs[index]);
            }
        }
    }
    chosen
}

/// Rust's keywords (strict and reserved): kept as they are, since they are the code's shape.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "union",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_literals_comments_and_spacing_do_not_change_the_runs() {
        let a = "fn main() { let count = 1; // one\n println!(\"{}\", count + 2); }";
        let b = "fn main(){let n=7;/* seven */println!(\"n={}\",n+ 40);}";
        let hashes = |t: &str| all_runs(t).iter().map(|p| p.hash).collect::<Vec<_>>();
        assert_eq!(hashes(a), hashes(b));
        assert_ne!(
            hashes(a),
            hashes("fn main() { let count = 1; println!(\"{}\", count * 2); }")
        );
    }

    #[test]
    fn winnowing_keeps_one_hash_per_window_and_skips_excluded_ones() {
        let text = "fn a(x: u8) -> u8 { let y = x + 1; let z = y * 2; if z > 3 { z } else { y } }";
        let runs = all_runs(text);
        let prints = winnow(text, &HashSet::new());
        assert!(!prints.is_empty() && prints.len() < runs.len());
        for window in runs.windows(W) {
            assert!(
                window.iter().any(|r| prints.contains(r)),
                "every window keeps a fingerprint"
            );
        }
        let all: HashSet<u64> = runs.iter().map(|p| p.hash).collect();
        assert!(winnow(text, &all).is_empty());
        assert!(
            winnow("fn", &HashSet::new()).is_empty(),
            "shorter than K tokens"
        );
    }
}
