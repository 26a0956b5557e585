//! `cargo xtask gradescope OUT.zip`: the autograder package an instructor
//! uploads to Gradescope. It holds `setup.sh` and `run_autograder` at its
//! root (from `xtask/templates/gradescope/`), the course as students receive
//! it plus the hidden tests under `netlab/`, and `netlab-gradescope.toml`
//! (which exercises this assignment grades, and in which language). The zip
//! holds the hidden tests: it is for the instructor only.
//!
//! [`run`](crate::gradescope_run) is what `run_autograder` starts.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use grader::course::Course;
use grader::lang::Lang;
use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

/// Options of `gradescope`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The zip to write (for the instructor only: it holds the hidden tests).
    #[arg(value_name = "OUT.zip")]
    out: PathBuf,
    /// Grade only this exercise (repeat for more; default: every exercise).
    /// With one program exercise, students may upload its files alone (`main.rs`).
    #[arg(long = "exercise", value_name = "ID")]
    exercises: Vec<String>,
    /// Pack hidden tests from DIR instead of `grader/hidden` (also `NETLAB_HIDDEN_DIR`).
    #[arg(long, value_name = "DIR")]
    hidden_dir: Option<PathBuf>,
}

/// The package's settings file, next to the scripts.
pub(crate) const CONFIG: &str = "netlab-gradescope.toml";
/// Where the course goes inside the package.
pub(crate) const COURSE_DIR: &str = "netlab";
/// The scripts Gradescope runs, executable, at the package's root.
const SCRIPTS: [&str; 2] = ["setup.sh", "run_autograder"];

/// Writes the package.
pub(crate) fn run(root: &Path, args: Args, lang: Lang) -> anyhow::Result<u8> {
    let course = Course::open(root).context("cannot find the exercises")?;
    for id in &args.exercises {
        if !course.exercises.iter().any(|e| &e.id == id) {
            let known: Vec<&str> = course.exercises.iter().map(|e| e.id.as_str()).collect();
            bail!("no exercise `{id}`: the course has {}", known.join(", "));
        }
    }
    let hidden = args
        .hidden_dir
        .clone()
        .or_else(|| {
            std::env::var_os("NETLAB_HIDDEN_DIR")
                .filter(|d| !d.is_empty())
                .map(PathBuf::from)
        })
        .unwrap_or_else(|| course.hidden_dir.clone());
    let mut files = crate::dist::workspace_files(root)?;
    let hidden_count = hidden_tests(&hidden, &mut files)?;
    if hidden_count == 0 {
        bail!("no hidden tests (`*.toml`) in `{}`", hidden.display());
    }
    let file = std::fs::File::create(&args.out)
        .with_context(|| format!("cannot create `{}`", args.out.display()))?;
    let mut zip = zip::ZipWriter::new(file);
    let plain = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .unix_permissions(0o644);
    for script in SCRIPTS {
        let path = root.join("xtask/templates/gradescope").join(script);
        let bytes =
            std::fs::read(&path).with_context(|| format!("cannot read `{}`", path.display()))?;
        zip.start_file(script, plain.unix_permissions(0o755))?;
        zip.write_all(&bytes)?;
    }
    zip.start_file(CONFIG, plain)?;
    zip.write_all(config(&args.exercises, lang).as_bytes())?;
    for (path, bytes) in &files {
        let name = Path::new(COURSE_DIR).join(path);
        zip.start_file(name.to_string_lossy(), plain)?;
        zip.write_all(bytes)?;
    }
    zip.finish()
        .with_context(|| format!("cannot write `{}`", args.out.display()))?;
    let graded = if args.exercises.is_empty() {
        "every exercise".to_string()
    } else {
        args.exercises.join(", ")
    };
    println!(
        "wrote {} ({} files, {hidden_count} hidden test file(s); grades {graded})",
        args.out.display(),
        files.len() + SCRIPTS.len() + 1
    );
    println!(
        "keep it private: it holds the hidden tests. Upload it as the assignment's autograder on Gradescope."
    );
    Ok(crate::PASSED)
}

/// Adds the hidden test files (`*.toml`) of `dir` under `grader/hidden/`.
fn hidden_tests(dir: &Path, files: &mut Vec<(PathBuf, Vec<u8>)>) -> anyhow::Result<usize> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("no hidden tests directory `{}`", dir.display()))?;
    let mut count = 0;
    for entry in entries {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_file() && path.extension().is_some_and(|e| e == "toml") {
            let bytes = std::fs::read(&path)
                .with_context(|| format!("cannot read `{}`", path.display()))?;
            files.push((Path::new("grader/hidden").join(entry.file_name()), bytes));
            count += 1;
        }
    }
    Ok(count)
}

/// The settings `run_autograder` reads.
fn config(exercises: &[String], lang: Lang) -> String {
    let mut table = toml::Table::new();
    table.insert(
        "exercises".into(),
        toml::Value::Array(exercises.iter().cloned().map(toml::Value::String).collect()),
    );
    table.insert(
        "lang".into(),
        toml::Value::String(lang.text("en", "zh").to_string()),
    );
    format!(
        "# Written by `cargo xtask gradescope`: the exercises this assignment grades\n# (empty: all) and the language of the students' feedback.\n{}",
        toml::to_string(&table).unwrap_or_default()
    )
}
