//! `cargo xtask similar --submissions DIR`: which submissions share code.
//!
//! For each program exercise, every submission's `exercises/<folder>/src`
//! Rust files are fingerprinted ([`fingerprint`]); what the distributed stub
//! and the `--exclude` files contain is left out; pairs are ranked by the
//! share of fingerprints they have in common ([`pairs`]) and written to one
//! self-contained HTML page ([`html`]). Nothing is sent anywhere.

mod fingerprint;
mod html;
mod pairs;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use grader::course::{Course, ExerciseKind};
use grader::report::escape_controls;

use crate::PASSED;
use html::ExercisePairs;
use pairs::{Document, bands, rank};

/// Options of `similar`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The class: every immediate subdirectory is one submission.
    #[arg(long, value_name = "DIR")]
    submissions: PathBuf,
    /// A Rust file whose code is not counted as shared (starter code, a
    /// snippet from the lecture); may be given many times. The stub each
    /// exercise is distributed with is always left out.
    #[arg(long, value_name = "FILE")]
    exclude: Vec<PathBuf>,
    /// Where to write the page (default: `target/netlab/similarity.html`).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// How many pairs per exercise the page and the terminal show.
    #[arg(long, value_name = "N", default_value_t = 50)]
    top: usize,
    /// Pairs sharing fewer fingerprints than this are not listed.
    #[arg(long, value_name = "N", default_value_t = 3)]
    min_shared: usize,
}

/// The largest source file read, and the most files per exercise.
const MAX_FILE: u64 = 512 * 1024;
const MAX_FILES: usize = 200;

/// Fingerprints the class and writes the page; exit 0 whatever it finds.
pub(crate) fn run(root: &Path, args: Args) -> anyhow::Result<u8> {
    let course = Course::open(root).context("cannot find the exercises")?;
    let mut excluded_names = vec!["each exercise's distributed stub".to_string()];
    let mut extra = HashSet::new();
    for file in &args.exclude {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read `--exclude {}`", file.display()))?;
        extra.extend(fingerprint::all_runs(&text).iter().map(|p| p.hash));
        excluded_names.push(file.display().to_string());
    }
    let students = submissions(&args.submissions)?;
    let mut exercises = Vec::new();
    for exercise in course
        .exercises
        .iter()
        .filter(|e| e.kind == ExerciseKind::Program)
    {
        let mut excluded = extra.clone();
        for (_, text) in rust_files(&course.exercise_dir(exercise).join("src"))? {
            excluded.extend(fingerprint::all_runs(&text).iter().map(|p| p.hash));
        }
        let mut docs = Vec::new();
        for (name, dir) in &students {
            let files = rust_files(&dir.join("exercises").join(&exercise.folder).join("src"))?;
            let doc = Document::new(name.clone(), files, &excluded);
            if doc.size() > 0 {
                docs.push(doc);
            }
        }
        let pairs = rank(&docs, args.min_shared);
        exercises.push(ExercisePairs {
            id: exercise.id.clone(),
            docs,
            pairs,
        });
    }
    print_summary(&exercises, args.top.min(10));
    let out = args
        .out
        .unwrap_or_else(|| root.join("target/netlab/similarity.html"));
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create `{}`", parent.display()))?;
    }
    std::fs::write(&out, html::render(&exercises, &excluded_names, args.top))
        .with_context(|| format!("cannot write `{}`", out.display()))?;
    println!("wrote {}", out.display());
    Ok(PASSED)
}

fn print_summary(exercises: &[ExercisePairs], shown: usize) {
    for exercise in exercises {
        let bands: Vec<String> = bands(&exercise.pairs)
            .iter()
            .map(|(band, n)| format!("{n} at {band}"))
            .collect();
        println!(
            "{}: {} submissions with code, {} pairs sharing code{}",
            exercise.id,
            exercise.docs.len(),
            exercise.pairs.len(),
            if bands.is_empty() {
                String::new()
            } else {
                format!(" ({})", bands.join(", "))
            }
        );
        for pair in exercise.pairs.iter().take(shown) {
            println!(
                "  {:>4.0}%  {} and {}  ({} fingerprints, {} regions)",
                pair.score() * 100.0,
                escape_controls(&exercise.docs[pair.a].name),
                escape_controls(&exercise.docs[pair.b].name),
                pair.shared,
                pair.regions.len()
            );
        }
    }
}

/// The class's submission folders, by name.
fn submissions(dir: &Path) -> anyhow::Result<Vec<(String, PathBuf)>> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("no submissions directory `{}`", dir.display()))?;
    let mut found: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        // A link is not followed: a submission is a real folder.
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .collect();
    found.sort();
    if found.is_empty() {
        bail!("`{}` holds no submission folders", dir.display());
    }
    Ok(found)
}

/// The `.rs` files under `src` (relative path, text): links are not
/// followed, special files are skipped, and sizes are capped.
fn rust_files(src: &Path) -> anyhow::Result<Vec<(String, String)>> {
    let mut files = Vec::new();
    if !std::fs::symlink_metadata(src).is_ok_and(|m| m.is_dir()) {
        return Ok(files);
    }
    let walk = walkdir::WalkDir::new(src)
        .follow_links(false)
        .sort_by_file_name()
        .max_depth(16);
    for entry in walk.into_iter().filter_map(Result::ok) {
        let is_rust = entry.path().extension().is_some_and(|x| x == "rs");
        if !entry.file_type().is_file() || !is_rust {
            continue;
        }
        if files.len() >= MAX_FILES || entry.metadata().map_or(true, |m| m.len() > MAX_FILE) {
            continue;
        }
        let bytes = std::fs::read(entry.path())
            .with_context(|| format!("cannot read `{}`", entry.path().display()))?;
        let relative = entry.path().strip_prefix(src).unwrap_or(entry.path());
        files.push((
            relative.display().to_string(),
            String::from_utf8_lossy(&bytes).into_owned(),
        ));
    }
    Ok(files)
}
