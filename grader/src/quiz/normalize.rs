//! Turning what a student typed into a canonical term, and hashing it.
//!
//! Two spellings are one answer when they normalise alike: case, full-width
//! characters (`ＴＣＰ`, `，`), spaces and separators (`SYN+ACK`, `syn-ack`,
//! `SYN, ACK`), a trailing "layer" or "层", and range words (`0 to 1023`,
//! `0～1023`, `0至1023`) do not matter. Then the quiz's aliases map other
//! words for the same thing (`传输`, `l4`) to one canonical term.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

/// Characters that separate the words of an answer.
const SEPARATORS: &[char] = &[
    ' ', '\t', '-', '_', '/', '+', ',', '~', ':', ';', '(', ')', '[', ']', '"', '\'', '、', '至',
    '到', '→', '>',
];

/// Normalises `text`: half-width, lower case, words joined by `-`, without a
/// trailing "layer"/"层" or full stop.
pub fn normalize(text: &str) -> String {
    let half: String = text.chars().map(half_width).collect();
    let lower = half.to_lowercase();
    let mut trimmed = lower.trim().trim_end_matches(['.', '。']).trim();
    // An IPv4 address with a prefix length (`192.168.1.0/24`) is the address.
    if let Some((addr, bits)) = trimmed.split_once('/')
        && addr.trim().parse::<std::net::Ipv4Addr>().is_ok()
        && !bits.is_empty()
        && bits.trim().chars().all(|c| c.is_ascii_digit())
    {
        trimmed = addr.trim();
    }
    let mut words: Vec<&str> = trimmed
        .split(|c: char| SEPARATORS.contains(&c) || c.is_whitespace())
        .filter(|w| !w.is_empty() && *w != "to")
        .collect();
    if words.len() > 1 && words.last() == Some(&"layer") {
        words.pop();
    }
    let mut joined = words.join("-");
    if joined.chars().count() > 1 && joined.ends_with('层') {
        joined.pop();
    }
    joined
}

/// Maps full-width forms and a few CJK punctuation marks to ASCII.
fn half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        '。' => '.',
        '–' | '—' | '‐' | '−' => '-',
        '“' | '”' => '"',
        '‘' | '’' => '\'',
        _ => c,
    }
}

/// The accepted spellings of terms, normalised: spelling → canonical term.
#[derive(Clone, Debug, Default)]
pub struct Aliases {
    map: BTreeMap<String, String>,
}

impl Aliases {
    /// Adds `canonical` and its other `spellings`.
    pub fn add(&mut self, canonical: &str, spellings: &[String]) {
        let target = normalize(canonical);
        self.map.insert(target.clone(), target.clone());
        for spelling in spellings {
            self.map.insert(normalize(spelling), target.clone());
        }
    }

    /// The canonical term for what a student wrote.
    pub fn canonical(&self, text: &str) -> String {
        let normal = normalize(text);
        self.map.get(&normal).cloned().unwrap_or(normal)
    }
}

/// The hash that a public file stores for one item of an answer.
pub fn key_hash(question: &str, key: &str, canonical: &str) -> String {
    let mut hasher = Sha256::new();
    for (i, part) in ["netlab-quiz", question, key, canonical].iter().enumerate() {
        if i > 0 {
            hasher.update([0u8]);
        }
        hasher.update(part.as_bytes());
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_normalise_alike() {
        for (a, b) in [
            ("SYN+ACK", "syn-ack"),
            ("SYN, ACK", "syn ack"),
            ("ＳＹＮ／ＡＣＫ", "SYN-ACK"),
            ("Data Link Layer", "data-link"),
            ("data_link", "DATA LINK"),
            ("0 - 1023", "0-1023"),
            ("0～1023", "0 to 1023"),
            ("0至1023", "0–1023"),
            ("  Transport.  ", "transport"),
            ("传输层", "传输"),
            ("127.0.0.1", "127.0.0.1"),
            ("Ａ", "a"),
            ("(B)", "b"),
        ] {
            assert_eq!(normalize(a), normalize(b), "{a} / {b}");
        }
        assert_eq!(normalize("192.168.1.0"), "192.168.1.0");
        assert_eq!(normalize("192.168.1.0/24"), "192.168.1.0");
        assert_eq!(normalize("层"), "层");
        assert_eq!(normalize("layer"), "layer");
    }

    #[test]
    fn aliases_map_other_words_to_the_canonical_term() {
        let mut aliases = Aliases::default();
        aliases.add("transport", &["传输".into(), "运输".into(), "L4".into()]);
        assert_eq!(aliases.canonical("传输层"), "transport");
        assert_eq!(aliases.canonical("运输层"), "transport");
        assert_eq!(aliases.canonical("Transport Layer"), "transport");
        assert_eq!(aliases.canonical("l4"), "transport");
        assert_eq!(aliases.canonical("network"), "network");
    }

    #[test]
    fn hashes_depend_on_question_key_and_answer() {
        let h = key_hash("q", "1", "tcp");
        assert_eq!(h.len(), 64);
        assert_ne!(h, key_hash("q", "2", "tcp"));
        assert_ne!(h, key_hash("p", "1", "tcp"));
        assert_ne!(h, key_hash("q", "1", "udp"));
        assert_eq!(h, key_hash("q", "1", "tcp"));
    }
}
