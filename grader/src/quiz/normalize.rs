//! Turning what a student typed into a canonical term, and hashing it.
//!
//! Two spellings are one answer when they normalise alike: case, full-width
//! characters (`ＴＣＰ`, `，`), spaces and separators (`SYN+ACK`, `syn-ack`,
//! `SYN, ACK`), spaces next to Chinese (`传输 层`) and range words (`0 to 1023`,
//! `0～1023`, `0至1023`) do not matter.
//!
//! Then the quiz's aliases map other words for the same thing (`传输`, `l4`)
//! to one canonical term. A spelling is looked up as written first, then
//! without a trailing unit ("layer", "protocol", 层, 协议, 次, 个, …), one at a
//! time: so `TCP协议`, `三次` and `传输层` are `tcp`, `3` and `transport`, while
//! a spelling the quiz lists whole (`Internet Protocol` for `ip`) is never cut.
//!
//! Aliases are shared by every question, or belong to a named vocabulary that
//! a question opts into: "network" is OSI layer 3 in the `osi` vocabulary,
//! while "internet" (网际层) is a name of it only in the `tcpip` one.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

/// Characters that separate the words of an answer.
const SEPARATORS: &[char] = &[
    ' ', '\t', '-', '_', '/', '+', ',', '~', ':', ';', '(', ')', '[', ']', '"', '\'', '、', '至',
    '到', '→', '>', '&',
];

/// English words that may end an answer as its unit ("Transport layer",
/// "TCP protocol", "3 segments"); dropped when the answer is otherwise unknown.
const UNIT_WORDS: &[&str] = &["layer", "protocol", "segments", "segment", "times"];

/// Chinese units that may end an answer (`传输层`, `TCP协议`, `三个报文段`, `四次`).
const UNIT_SUFFIXES: &[&str] = &["层", "协议", "报文段", "报文", "次", "个"];

/// Normalises `text`: half-width, lower case, words joined by `-` (and joined
/// without one next to Chinese), without a trailing full stop. Units stay.
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
    let words = trimmed
        .split(|c: char| SEPARATORS.contains(&c) || c.is_whitespace())
        .filter(|w| !w.is_empty() && *w != "to");
    let mut joined = String::new();
    for word in words {
        // Chinese is written without spaces, so `传输 层` and `IP 层` are `传输层` and `ip层`.
        let glued = joined.ends_with(is_han) || word.starts_with(is_han);
        if !joined.is_empty() && !glued {
            joined.push('-');
        }
        joined.push_str(word);
    }
    joined
}

/// `term` (normalised) without its trailing unit, if it has one and more.
fn without_unit(term: &str) -> Option<&str> {
    if let Some((rest, last)) = term.rsplit_once('-')
        && UNIT_WORDS.contains(&last)
        && !rest.is_empty()
    {
        return Some(rest);
    }
    UNIT_SUFFIXES
        .iter()
        .filter_map(|unit| term.strip_suffix(unit))
        .find(|rest| !rest.is_empty() && !rest.ends_with('-'))
}

/// A CJK ideograph.
fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
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

/// Normalised spelling → canonical term.
type Table = BTreeMap<String, String>;

/// The accepted spellings of terms, normalised: shared ones, and named
/// vocabularies that a question may use on top of them.
#[derive(Clone, Debug, Default)]
pub struct Aliases {
    shared: Table,
    vocabularies: BTreeMap<String, Table>,
}

impl Aliases {
    /// Adds `canonical` and its other `spellings` for every question. Fails
    /// when a spelling already stands for another term.
    pub fn add(&mut self, canonical: &str, spellings: &[String]) -> Result<(), String> {
        insert(&mut self.shared, "[aliases]", canonical, spellings)
    }

    /// Adds `canonical` and its `spellings` to the named vocabulary, which
    /// takes precedence over the shared aliases in the questions that use it.
    pub fn add_to(
        &mut self,
        vocabulary: &str,
        canonical: &str,
        spellings: &[String],
    ) -> Result<(), String> {
        let table = self.vocabularies.entry(vocabulary.to_string()).or_default();
        insert(
            table,
            &format!("[vocabulary.{vocabulary}]"),
            canonical,
            spellings,
        )
    }

    /// Whether a vocabulary of that name has been added.
    pub fn has_vocabulary(&self, name: &str) -> bool {
        self.vocabularies.contains_key(name)
    }

    /// The canonical term for what a student wrote, in `vocabulary` (if any)
    /// and the shared aliases: the spelling as written, else without its
    /// trailing units one by one; an unknown spelling without its units.
    pub fn canonical(&self, vocabulary: Option<&str>, text: &str) -> String {
        let own = vocabulary.and_then(|name| self.vocabularies.get(name));
        let normal = normalize(text);
        let mut term = normal.as_str();
        loop {
            if let Some(found) = own.and_then(|t| t.get(term)).or(self.shared.get(term)) {
                return found.clone();
            }
            match without_unit(term) {
                Some(shorter) => term = shorter,
                None => return term.to_string(),
            }
        }
    }
}

/// Adds one canonical term and its spellings to `table` (named `name` in errors).
fn insert(
    table: &mut Table,
    name: &str,
    canonical: &str,
    spellings: &[String],
) -> Result<(), String> {
    let target = normalize(canonical);
    for spelling in std::iter::once(canonical).chain(spellings.iter().map(String::as_str)) {
        let key = normalize(spelling);
        match table.get(&key) {
            Some(other) if *other != target => {
                return Err(format!(
                    "{name}: `{spelling}` cannot mean both `{other}` and `{target}`"
                ));
            }
            _ => {
                table.insert(key, target.clone());
            }
        }
    }
    Ok(())
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
            ("SYN，ACK", "SYN,ACK"),
            ("[FIN, ACK]", "fin-ack"),
            ("ＳＹＮ／ＡＣＫ", "SYN-ACK"),
            ("Data Link Layer", "data-link-layer"),
            ("data_link", "DATA LINK"),
            ("0 - 1023", "0-1023"),
            ("0～1023", "0 to 1023"),
            ("0至1023", "0–1023"),
            ("  Transport.  ", "transport"),
            ("传输 层", "传输层"),
            ("IP 层", "ip层"),
            ("TCP 协议", "tcp协议"),
            ("127.0.0.1", "127.0.0.1"),
            ("Ａ", "a"),
            ("(B)", "b"),
        ] {
            assert_eq!(normalize(a), normalize(b), "{a} / {b}");
        }
        assert_eq!(normalize("192.168.1.0"), "192.168.1.0");
        assert_eq!(normalize("192.168.1.0/24"), "192.168.1.0");
        assert_eq!(normalize("网络 接口 层"), "网络接口层");
    }

    #[test]
    fn units_come_off_one_at_a_time_and_never_leave_nothing() {
        assert_eq!(without_unit("transport-layer"), Some("transport"));
        assert_eq!(without_unit("tcp-protocol"), Some("tcp"));
        assert_eq!(without_unit("tcp协议"), Some("tcp"));
        assert_eq!(without_unit("三个报文段"), Some("三个"));
        assert_eq!(without_unit("三个"), Some("三"));
        assert_eq!(without_unit("3次"), Some("3"));
        assert_eq!(without_unit("层"), None);
        assert_eq!(without_unit("layer"), None);
        assert_eq!(without_unit("协议"), None);
        assert_eq!(without_unit("tcp"), None);
        assert_eq!(without_unit("layer-3"), None);
    }

    fn spellings(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn aliases_map_other_words_to_the_canonical_term() {
        let mut aliases = Aliases::default();
        aliases
            .add("transport", &spellings(&["传输", "运输", "L4"]))
            .unwrap();
        aliases
            .add("ip", &spellings(&["Internet Protocol"]))
            .unwrap();
        aliases.add("internet", &spellings(&["网际"])).unwrap();
        assert_eq!(aliases.canonical(None, "传输层"), "transport");
        assert_eq!(aliases.canonical(None, "运输 层"), "transport");
        assert_eq!(aliases.canonical(None, "Transport Layer"), "transport");
        assert_eq!(
            aliases.canonical(None, "transport layer protocol"),
            "transport"
        );
        assert_eq!(aliases.canonical(None, "l4"), "transport");
        assert_eq!(aliases.canonical(None, "network"), "network");
        // A listed spelling is taken whole before any unit comes off.
        assert_eq!(aliases.canonical(None, "Internet Protocol"), "ip");
        assert_eq!(aliases.canonical(None, "Internet Layer"), "internet");
        // An unknown spelling loses its units all the same.
        assert_eq!(aliases.canonical(None, "TCP协议"), "tcp");
    }

    #[test]
    fn a_vocabulary_overrides_the_shared_aliases_in_its_questions_only() {
        let mut aliases = Aliases::default();
        aliases.add("link", &spellings(&["链路"])).unwrap();
        aliases
            .add_to("osi", "data-link", &spellings(&["链路", "数据链路"]))
            .unwrap();
        assert!(aliases.has_vocabulary("osi"));
        assert!(!aliases.has_vocabulary("tcpip"));
        assert_eq!(aliases.canonical(Some("osi"), "链路层"), "data-link");
        assert_eq!(aliases.canonical(None, "链路层"), "link");
        assert_eq!(aliases.canonical(Some("tcpip"), "链路层"), "link");
    }

    #[test]
    fn a_spelling_for_two_terms_is_an_error() {
        let mut aliases = Aliases::default();
        aliases.add("network", &spellings(&["网络"])).unwrap();
        let err = aliases.add("internet", &spellings(&["网络 "])).unwrap_err();
        assert_eq!(
            err,
            "[aliases]: `网络 ` cannot mean both `network` and `internet`"
        );
        // The same term twice is fine, and so is another vocabulary.
        aliases.add("network", &spellings(&["网络"])).unwrap();
        aliases
            .add_to("tcpip", "internet", &spellings(&["网络"]))
            .unwrap();
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
