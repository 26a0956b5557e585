//! Payloads: hex, repetition, seeded random lines, and how bytes are shown.

use serde::Deserialize;

/// `send-random = { lines = 20, max-len = 200, bytes = "binary" }`.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RandomLines {
    /// How many lines to send.
    pub lines: usize,
    /// The shortest line, in bytes (default 0).
    #[serde(default)]
    pub min_len: usize,
    /// The longest line, in bytes (default 80).
    #[serde(default = "default_max_len")]
    pub max_len: usize,
    /// `"text"` (printable ASCII, the default) or `"binary"` (any byte but `\n`).
    #[serde(default)]
    pub bytes: Alphabet,
    /// Send all the lines in one write, so they reach the program in one
    /// read, instead of one write each (each read apart).
    #[serde(default)]
    pub one_write: bool,
}

/// Which bytes random lines are made of.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Alphabet {
    /// Printable ASCII and spaces.
    #[default]
    Text,
    /// Any byte except `\n`; a line never ends in `\r`.
    Binary,
}

fn default_max_len() -> usize {
    80
}

impl RandomLines {
    /// Draws the lines; none equals a quiet message, none ends with `\r`.
    pub fn generate(&self, rng: &mut fastrand::Rng, quiet: &[Vec<u8>]) -> Vec<Vec<u8>> {
        (0..self.lines)
            .map(|_| {
                loop {
                    let len = rng.usize(self.min_len..=self.max_len);
                    let line: Vec<u8> = (0..len)
                        .map(|_| match self.bytes {
                            Alphabet::Text => rng.u8(b' '..=b'~'),
                            Alphabet::Binary => loop {
                                let byte = rng.u8(..);
                                if byte != b'\n' {
                                    break byte;
                                }
                            },
                        })
                        .collect();
                    if line.last() != Some(&b'\r') && !quiet.contains(&line) {
                        break line;
                    }
                }
            })
            .collect()
    }
}

/// Parses `"ff fe 0a"` (white space optional) into bytes.
pub(crate) fn parse_hex(text: &str) -> Result<Vec<u8>, String> {
    let digits: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    if !digits.len().is_multiple_of(2) {
        return Err(format!("hex `{text}` has an odd number of digits"));
    }
    digits
        .chunks(2)
        .map(|pair| {
            let pair: String = pair.iter().collect();
            u8::from_str_radix(&pair, 16).map_err(|_| format!("`{pair}` is not a hex byte"))
        })
        .collect()
}

/// Shows bytes as a quoted string with escapes, cut in the middle when long,
/// so a 1 MiB line stays one readable line.
pub fn escape_bytes(bytes: &[u8]) -> String {
    const HEAD: usize = 60;
    const TAIL: usize = 20;
    let mut out = String::from("\"");
    if bytes.len() > HEAD + TAIL + 16 {
        out.push_str(&escape_all(&bytes[..HEAD]));
        out.push_str(&format!("\" … ({} bytes) … \"", bytes.len() - HEAD - TAIL));
        out.push_str(&escape_all(&bytes[bytes.len() - TAIL..]));
    } else {
        out.push_str(&escape_all(bytes));
    }
    out.push('"');
    out
}

fn escape_all(bytes: &[u8]) -> String {
    escape_tokens(bytes).concat()
}

/// `bytes` as [`escape_bytes`] shows them (without quotes or shortening), one
/// token per character or byte, so a diff never splits an escape like `\n`.
pub fn escape_tokens(bytes: &[u8]) -> Vec<String> {
    let mut tokens = Vec::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        tokens.extend(chunk.valid().chars().map(|c| match c {
            '"' => "\\\"".to_string(),
            '\\' => "\\\\".to_string(),
            c if c.is_control() => c.escape_default().collect(),
            c => c.to_string(),
        }));
        tokens.extend(chunk.invalid().iter().map(|b| format!("\\x{b:02x}")));
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_parses_with_spaces_and_rejects_odd_digits() {
        assert_eq!(parse_hex("ff fe 0a").unwrap(), vec![0xff, 0xfe, 0x0a]);
        assert!(parse_hex("abc").unwrap_err().contains("odd"));
        assert!(parse_hex("zz").unwrap_err().contains("`zz`"));
    }

    #[test]
    fn escapes_control_and_invalid_bytes_and_cuts_long_ones() {
        assert_eq!(escape_bytes(b"hi\r\n\xff"), r#""hi\r\n\xff""#);
        let long = vec![b'x'; 1000];
        let shown = escape_bytes(&long);
        assert!(shown.contains("(920 bytes)"), "{shown}");
        assert!(shown.len() < 200);
    }

    #[test]
    fn random_lines_are_seeded_and_avoid_quiet_messages() {
        let spec = RandomLines {
            lines: 50,
            min_len: 0,
            max_len: 3,
            bytes: Alphabet::Binary,
            one_write: false,
        };
        let quiet = vec![b"##".to_vec()];
        let a = spec.generate(&mut fastrand::Rng::with_seed(7), &quiet);
        let b = spec.generate(&mut fastrand::Rng::with_seed(7), &quiet);
        assert_eq!(a, b);
        assert!(
            a.iter()
                .all(|l| !l.contains(&b'\n') && l.last() != Some(&b'\r'))
        );
        assert!(!a.contains(&b"##".to_vec()));
    }
}
