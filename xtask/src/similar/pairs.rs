//! Pairs of submissions ranked by the share of fingerprints they have in
//! common, and the regions of code that match, file by file.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::fingerprint::{Print, winnow};

/// One submission's sources of one exercise, fingerprinted.
#[derive(Clone, Debug)]
pub(crate) struct Document {
    /// The submission's name.
    pub(crate) name: String,
    /// Its files: path (under the exercise) and text.
    pub(crate) files: Vec<(String, String)>,
    /// Each file's fingerprints, in file order.
    prints: Vec<Vec<Print>>,
    /// Every distinct fingerprint hash.
    hashes: HashSet<u64>,
}

impl Document {
    /// Fingerprints `files`, leaving out hashes in `excluded` (the stub's and `--exclude`'s).
    pub(crate) fn new(
        name: String,
        files: Vec<(String, String)>,
        excluded: &HashSet<u64>,
    ) -> Document {
        let prints: Vec<Vec<Print>> = files
            .iter()
            .map(|(_, text)| winnow(text, excluded))
            .collect();
        let hashes = prints.iter().flatten().map(|p| p.hash).collect();
        Document {
            name,
            files,
            prints,
            hashes,
        }
    }

    /// How many distinct fingerprints it has.
    pub(crate) fn size(&self) -> usize {
        self.hashes.len()
    }
}

/// Two submissions and what they share.
#[derive(Clone, Debug)]
pub(crate) struct Pair {
    /// The two documents' indices.
    pub(crate) a: usize,
    pub(crate) b: usize,
    /// Distinct fingerprints in common.
    pub(crate) shared: usize,
    /// The share of `a`'s fingerprints found in `b`, and of `b`'s in `a`.
    pub(crate) fraction: (f64, f64),
    /// The matching regions, `a`'s side and `b`'s side.
    pub(crate) regions: Vec<(Region, Region)>,
}

impl Pair {
    /// The pair's rank: the larger of the two shares.
    pub(crate) fn score(&self) -> f64 {
        self.fraction.0.max(self.fraction.1)
    }
}

/// A stretch of one file: its index and byte range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Region {
    /// The file's index in its document.
    pub(crate) file: usize,
    /// The first byte.
    pub(crate) start: usize,
    /// The byte after the last.
    pub(crate) end: usize,
}

/// Every pair sharing at least `min_shared` fingerprints, highest share first.
pub(crate) fn rank(docs: &[Document], min_shared: usize) -> Vec<Pair> {
    let mut pairs = Vec::new();
    for a in 0..docs.len() {
        for b in a + 1..docs.len() {
            let (da, db) = (&docs[a], &docs[b]);
            let shared = da.hashes.intersection(&db.hashes).count();
            if shared < min_shared.max(1) {
                continue;
            }
            let fraction = (
                shared as f64 / da.size() as f64,
                shared as f64 / db.size() as f64,
            );
            let regions = regions(da, db);
            pairs.push(Pair {
                a,
                b,
                shared,
                fraction,
                regions,
            });
        }
    }
    pairs.sort_by(|x, y| {
        y.score()
            .total_cmp(&x.score())
            .then(y.shared.cmp(&x.shared))
    });
    pairs
}

/// Matching regions: each of `a`'s fingerprints found in `b`, paired with
/// its first occurrence there, merged while both sides stay in one file and
/// the matches follow on each other.
fn regions(a: &Document, b: &Document) -> Vec<(Region, Region)> {
    let mut first_in_b: HashMap<u64, Region> = HashMap::new();
    for (file, prints) in b.prints.iter().enumerate() {
        for p in prints {
            first_in_b.entry(p.hash).or_insert(Region {
                file,
                start: p.start,
                end: p.end,
            });
        }
    }
    let mut out: Vec<(Region, Region)> = Vec::new();
    for (file, prints) in a.prints.iter().enumerate() {
        for p in prints {
            let Some(&there) = first_in_b.get(&p.hash) else {
                continue;
            };
            let here = Region {
                file,
                start: p.start,
                end: p.end,
            };
            match out.last_mut() {
                Some((ra, rb)) if follows(ra, &here) && follows(rb, &there) => {
                    ra.end = ra.end.max(here.end);
                    rb.end = rb.end.max(there.end);
                }
                _ => out.push((here, there)),
            }
        }
    }
    out
}

/// Whether `next` starts inside `region` or at most [`GAP`] bytes after it, in the same file.
fn follows(region: &Region, next: &Region) -> bool {
    region.file == next.file && next.start >= region.start && next.start <= region.end + GAP
}

/// Unmatched bytes (a left-out stub line, a changed message) that do not split a region.
const GAP: usize = 160;

/// 1-based first and last line of a byte range.
pub(crate) fn lines(text: &str, start: usize, end: usize) -> (usize, usize) {
    let line = |at: usize| {
        text.as_bytes()[..at.min(text.len())]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1
    };
    (line(start), line(end.saturating_sub(1).max(start)))
}

/// Counts of pairs per share band, for the summary line.
pub(crate) fn bands(pairs: &[Pair]) -> BTreeMap<&'static str, usize> {
    let mut out = BTreeMap::new();
    for p in pairs {
        let band = match p.score() {
            s if s >= 0.8 => "≥ 80%",
            s if s >= 0.5 => "50–80%",
            _ => "< 50%",
        };
        *out.entry(band).or_insert(0) += 1;
    }
    out
}
