//! `cargo xtask merge --out DIR SHARE...`: joins the `--out` folders of
//! `grade --partition K/N` runs into one: one `grades.csv` with every row (in
//! submission order, as a single run writes it) and every `results.json`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};

use crate::PASSED;

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

/// Joins the shares; refuses shares whose gradebooks disagree on the columns,
/// or that graded the same submission twice.
pub(crate) fn run(args: Args) -> anyhow::Result<u8> {
    let mut header: Option<String> = None;
    let mut rows: BTreeMap<String, (String, PathBuf)> = BTreeMap::new();
    for share in &args.shares {
        let path = share.join(GRADEBOOK);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read `{}`", path.display()))?;
        let mut lines = text.lines();
        let first = lines
            .next()
            .with_context(|| format!("`{}` is empty", path.display()))?;
        match &header {
            Some(known) if known != first => {
                bail!(
                    "`{}` has the columns `{first}`, other shares `{known}`: were they graded by the same course?",
                    path.display()
                )
            }
            Some(_) => {}
            None => header = Some(first.to_string()),
        }
        for line in lines.filter(|l| !l.is_empty()) {
            let name = submission_of(line);
            if let Some((_, other)) = rows.get(&name) {
                bail!(
                    "`{name}` was graded in `{}` and in `{}`",
                    other.display(),
                    share.display()
                );
            }
            rows.insert(name, (line.to_string(), share.clone()));
        }
    }
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create `{}`", args.out.display()))?;
    for (name, (_, share)) in &rows {
        copy_results(&share.join(name), &args.out.join(name))?;
    }
    let mut text = header.unwrap_or_default();
    text.push('\n');
    for (line, _) in rows.values() {
        text.push_str(line);
        text.push('\n');
    }
    let path = args.out.join(GRADEBOOK);
    std::fs::write(&path, text).with_context(|| format!("cannot write `{}`", path.display()))?;
    println!(
        "merged {} share(s), {} submission(s), into {}",
        args.shares.len(),
        rows.len(),
        path.display()
    );
    Ok(PASSED)
}

/// The first CSV field (a quoted name keeps its commas).
fn submission_of(line: &str) -> String {
    match line.strip_prefix('"') {
        Some(rest) => {
            let mut name = String::new();
            let mut chars = rest.chars().peekable();
            while let Some(c) = chars.next() {
                match (c, chars.peek()) {
                    ('"', Some('"')) => {
                        name.push('"');
                        chars.next();
                    }
                    ('"', _) => break,
                    (c, _) => name.push(c),
                }
            }
            name
        }
        None => line.split(',').next().unwrap_or_default().to_string(),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_submission_is_the_first_field_quoted_or_not() {
        assert_eq!(submission_of("alice,1,2,3"), "alice");
        assert_eq!(submission_of("\"smith, \"\"j\"\"\",1,2"), "smith, \"j\"");
    }
}
