//! `cargo xtask diff OLD NEW`: every student whose score or verdicts differ
//! between two `grade --out` folders, per exercise and test, with the reason.

use std::path::PathBuf;

use anyhow::Context as _;
use grader::gradebook::{Gradebook, RECORD_FILE, compare};
use grader::lang::Lang;
use grader::report::escape_controls;

use crate::PASSED;

/// Options of `diff`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The earlier run's `--out` folder.
    old: PathBuf,
    /// The later run's `--out` folder.
    new: PathBuf,
    /// Also write the comparison as Markdown to FILE.
    #[arg(long, value_name = "FILE")]
    markdown: Option<PathBuf>,
}

/// Prints the comparison; exit 0 whatever changed.
pub(crate) fn run(args: Args, lang: Lang) -> anyhow::Result<u8> {
    let read = |dir: &PathBuf| {
        Gradebook::read(&dir.join(RECORD_FILE))
            .with_context(|| format!("`{}` is not an `--out` folder of `grade`", dir.display()))
    };
    let diff = compare(&read(&args.old)?, &read(&args.new)?);
    print!("{}", escape_controls(&diff.render_text(lang)));
    if let Some(path) = &args.markdown {
        std::fs::write(path, diff.render_markdown(lang))
            .with_context(|| format!("cannot write `{}`", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(PASSED)
}
