//! `cargo xtask merge --out DIR SHARE...`: joins the `--out` folders of
//! `grade --partition K/N` runs into one: one `grades.csv` and one
//! `status.csv` with every row (in submission order, as a single run writes it), every `results.json`, and
//! the class views (`report.html`, `summary.md`, the job summary on GitHub)
//! rebuilt from those `results.json` files. Each share's `checkout.csv` (the
//! class workflow's record of repositories it could not check out) is joined
//! too, and listed in the summary; so are the shares' `gradebook.json` records
//! (course policy, for a later `grade --compare`), when every share has one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use grader::course::Course;
use grader::events::{BoxedReporter, GradedClass};
use grader::gradebook::{
    Gradebook, RECORD_FILE, STATUS_FILE, render_policy_html, render_policy_markdown,
};
use grader::lang::Lang;
use grader::report::{GradebookRow, exercises_from_json, restore_cell, results_folder};

use crate::PASSED;
use crate::output::paint;
use crate::reporters;

/// Options of `merge`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Where to write the joined reports.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// The shares' `--out` folders.
    #[arg(required = true, value_name = "SHARE")]
    shares: Vec<PathBuf>,
}

/// The gradebook file every share has.
const GRADEBOOK: &str = "grades.csv";
/// Each submission's Gradescope file.
const RESULTS: &str = "results.json";
/// The class workflow's checkout record, when a share has one.
pub(crate) const CHECKOUT: &str = "checkout.csv";

/// Joins the shares; refuses shares whose gradebooks disagree on the columns,
/// or that graded the same submission twice.
pub(crate) fn run(root: &Path, args: Args, lang: Lang) -> anyhow::Result<u8> {
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create `{}`", args.out.display()))?;
    let rows = join_sheet(&args.shares, GRADEBOOK, &args.out)?;
    // `status.csv` is the only record of a submission the grader could not
    // grade: every share has one (each `grade --out` writes it), or none
    // does (shares of an older netlab), never some.
    let lacking: Vec<&PathBuf> = args
        .shares
        .iter()
        .filter(|share| !share.join(STATUS_FILE).is_file())
        .collect();
    if lacking.is_empty() {
        let statuses = join_sheet(&args.shares, STATUS_FILE, &args.out)?;
        if statuses.keys().ne(rows.keys()) {
            bail!(
                "the shares' `{STATUS_FILE}` and `{GRADEBOOK}` name different submissions: were they written by one `grade`?"
            );
        }
    } else if lacking.len() < args.shares.len() {
        bail!(
            "`{}` has no `{STATUS_FILE}` but other shares do: grade that share again with this netlab",
            lacking[0].display()
        );
    } else {
        let stale = args.out.join(STATUS_FILE);
        if stale.exists() {
            std::fs::remove_file(&stale)
                .with_context(|| format!("cannot remove `{}`", stale.display()))?;
        }
    }
    for (name, share) in &rows {
        let folder = results_folder(name);
        copy_results(&share.join(&*folder), &args.out.join(&*folder))?;
    }
    let checkout = join_checkouts(&args.shares, &args.out)?;
    println!(
        "merged {} share(s), {} submission(s), into {}",
        args.shares.len(),
        rows.len(),
        args.out.join(GRADEBOOK).display()
    );
    let book = join_records(&args.shares, &args.out)?;
    write_class_views(root, &args.out, rows.keys(), &checkout, book.as_ref(), lang)?;
    Ok(PASSED)
}

/// Joins the shares' `file` (a sheet with one row per submission, its name
/// first) into `out/file`, rows in submission order; returns each
/// submission's share. Refuses shares whose sheets disagree on the columns,
/// or that graded the same submission twice.
fn join_sheet(
    shares: &[PathBuf],
    file: &str,
    out: &Path,
) -> anyhow::Result<BTreeMap<String, PathBuf>> {
    let mut header: Option<csv::StringRecord> = None;
    let mut rows: BTreeMap<String, (csv::StringRecord, PathBuf)> = BTreeMap::new();
    for share in shares {
        let path = share.join(file);
        let mut reader = csv::Reader::from_path(&path)
            .with_context(|| format!("cannot read `{}`", path.display()))?;
        let first = reader
            .headers()
            .with_context(|| format!("cannot read the header of `{}`", path.display()))?
            .clone();
        match &header {
            Some(known) if known != &first => bail!(
                "`{}` has the columns `{}`, other shares `{}`: were they graded by the same course?",
                path.display(),
                first.iter().collect::<Vec<_>>().join(","),
                known.iter().collect::<Vec<_>>().join(",")
            ),
            Some(_) => {}
            None => header = Some(first),
        }
        for record in reader.records() {
            let record = record.with_context(|| format!("cannot read `{}`", path.display()))?;
            let name = restore_cell(record.get(0).unwrap_or_default()).to_string();
            if let Some((_, other)) = rows.get(&name) {
                bail!(
                    "`{name}` was graded in `{}` and in `{}`",
                    other.display(),
                    share.display()
                );
            }
            rows.insert(name, (record, share.clone()));
        }
    }
    let path = out.join(file);
    let mut writer = csv::Writer::from_path(&path)
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    if let Some(header) = &header {
        writer.write_record(header)?;
    }
    for (record, _) in rows.values() {
        writer.write_record(record)?;
    }
    writer
        .flush()
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    Ok(rows
        .into_iter()
        .map(|(name, (_, share))| (name, share))
        .collect())
}

/// `report.html`, `summary.md` and the GitHub job summary of the joined
/// class, from each submission's `results.json`.
fn write_class_views<'a>(
    root: &Path,
    out: &Path,
    names: impl Iterator<Item = &'a String>,
    checkout: &[csv::StringRecord],
    book: Option<&Gradebook>,
    lang: Lang,
) -> anyhow::Result<()> {
    let course = Course::open(root).context("cannot find the exercises")?;
    let ids: Vec<String> = course.exercises.iter().map(|e| e.id.clone()).collect();
    let mut seed = 0;
    let mut rows = Vec::new();
    for name in names {
        let path = out.join(&*results_folder(name)).join(RESULTS);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => continue,
            Err(err) => {
                return Err(err).with_context(|| format!("cannot read `{}`", path.display()));
            }
        };
        let value = serde_json::from_str(&text)
            .with_context(|| format!("`{}` is not JSON", path.display()))?;
        let (found, exercises) = exercises_from_json(&value, &course.exercises)
            .map_err(|e| anyhow::anyhow!("`{}`: {e}", path.display()))?;
        seed = found;
        rows.push(GradebookRow {
            submission: name.clone(),
            exercises,
        });
    }
    let appendix = book
        .map(|b| render_policy_html(b, lang))
        .unwrap_or_default();
    let class = GradedClass::new(&ids, &rows, seed);
    let reporters: Vec<BoxedReporter<'_, anyhow::Error>> = vec![
        Box::new(reporters::ClassSummary {
            lang,
            paint: paint(),
        }),
        Box::new(reporters::Html {
            out: out.to_path_buf(),
            lang,
            appendix,
            announce: false,
        }),
    ];
    reporters::report_class(reporters, &class)?;
    let mut markdown = reporters::class_markdown(&class);
    markdown.push_str(
        &book
            .map(|b| render_policy_markdown(b, lang))
            .unwrap_or_default(),
    );
    markdown.push_str(&checkout_section(checkout));
    let path = out.join("summary.md");
    std::fs::write(&path, &markdown)
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    crate::github::append_step_summary(&markdown)?;
    println!(
        "wrote {} and {}",
        out.join("report.html").display(),
        path.display()
    );
    Ok(())
}

/// Joins the shares' `checkout.csv` files (header `submission,repository,status`)
/// into `out`; returns the rows whose status is not `checked out`.
fn join_checkouts(shares: &[PathBuf], out: &Path) -> anyhow::Result<Vec<csv::StringRecord>> {
    let mut all: Vec<csv::StringRecord> = Vec::new();
    let mut header = None;
    for share in shares {
        let path = share.join(CHECKOUT);
        if !path.is_file() {
            continue;
        }
        let mut reader = csv::Reader::from_path(&path)
            .with_context(|| format!("cannot read `{}`", path.display()))?;
        header.get_or_insert(reader.headers()?.clone());
        for record in reader.records() {
            all.push(record.with_context(|| format!("cannot read `{}`", path.display()))?);
        }
    }
    let Some(header) = header else {
        return Ok(Vec::new());
    };
    all.sort_by(|a, b| a.get(0).cmp(&b.get(0)));
    let path = out.join(CHECKOUT);
    let mut writer = csv::Writer::from_path(&path)
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    writer.write_record(&header)?;
    for record in &all {
        writer.write_record(record)?;
    }
    writer.flush()?;
    Ok(all
        .into_iter()
        .filter(|r| r.get(2) != Some(crate::roster::CHECKED_OUT))
        .collect())
}

/// The summary's list of repositories that could not be checked out.
fn checkout_section(failed: &[csv::StringRecord]) -> String {
    if failed.is_empty() {
        return String::new();
    }
    let mut text = String::from(
        "\n## Not checked out\n\nThese repositories could not be checked out; their rows score 0.\n\n| submission | repository | status |\n|---|---|---|\n",
    );
    for record in failed {
        let cell = |i| grader::report::markdown_text(record.get(i).unwrap_or_default());
        text.push_str(&format!("| {} | {} | {} |\n", cell(0), cell(1), cell(2)));
    }
    text
}

fn copy_results(from: &Path, to: &Path) -> anyhow::Result<()> {
    let source = from.join(RESULTS);
    if !source.is_file() {
        return Ok(());
    }
    std::fs::create_dir_all(to).with_context(|| format!("cannot create `{}`", to.display()))?;
    std::fs::copy(&source, to.join(RESULTS))
        .with_context(|| format!("cannot copy `{}`", source.display()))?;
    Ok(())
}

/// Joins the shares' `gradebook.json` records into `out` when every share
/// has one (so `--compare` and `--export` work on a split class too).
fn join_records(shares: &[PathBuf], out: &Path) -> anyhow::Result<Option<Gradebook>> {
    let mut books = Vec::new();
    for share in shares {
        let path = share.join(RECORD_FILE);
        if !path.is_file() {
            return Ok(None);
        }
        books.push(Gradebook::read(&path)?);
    }
    let book = Gradebook::join(books)
        .map_err(|e| anyhow::anyhow!("cannot join the shares' `{RECORD_FILE}`: {e}"))?;
    book.write(&out.join(RECORD_FILE))?;
    Ok(Some(book))
}
