//! The floor of `bench`: every binary of every submission compiled with
//! bare `rustc`, nothing else, for `grade` to be measured against.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context as _, bail};
use grader::build::profile::GRADED;
use grader::course::{Course, Exercise};
use grader::runner::Programs;

use grader::submissions::Submission;

/// One binary to compile for the floor.
struct Unit {
    submission: usize,
    exercise: Exercise,
    program: String,
    main: PathBuf,
    edition: String,
    out: PathBuf,
}

/// Compiles every binary of every submission with bare `rustc` (the same
/// options as the grader's dev profile), `jobs` at a time; returns each
/// submission's programs.
pub(super) fn floor(
    course: &Course,
    submissions: &[Submission],
    dir: &Path,
    jobs: usize,
) -> anyhow::Result<Vec<Vec<(Exercise, Programs)>>> {
    let mut units = Vec::new();
    for (index, submission) in submissions.iter().enumerate() {
        for exercise in &course.exercises {
            units.extend(units_of(course, exercise, index, submission, dir)?);
        }
    }
    compile_all(&units, jobs)?;
    Ok(programs_of(course, submissions, &units))
}

/// The binaries of `exercise` in submission `index`: its `main.rs` and
/// every `bin/*.rs`, compiled into `dir`.
fn units_of(
    course: &Course,
    exercise: &Exercise,
    index: usize,
    submission: &Submission,
    dir: &Path,
) -> anyhow::Result<Vec<Unit>> {
    let manifest = course.exercise_dir(exercise).join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest)?;
    let table: toml::Table =
        toml::from_str(&text).with_context(|| format!("cannot read `{}`", manifest.display()))?;
    let edition = table["package"]
        .get("edition")
        .and_then(|e| e.as_str())
        .unwrap_or("2021")
        .to_string();
    let src = submission
        .dir
        .join("exercises")
        .join(&exercise.folder)
        .join("src");
    let out = dir.join(&submission.name).join(&exercise.folder);
    let mut mains = vec![(exercise.id.clone(), src.join("main.rs"))];
    if let Ok(entries) = std::fs::read_dir(src.join("bin")) {
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "rs") {
                let name = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                mains.push((name, path));
            }
        }
    }
    Ok(mains
        .into_iter()
        .filter(|(_, m)| m.is_file())
        .map(|(program, main)| Unit {
            submission: index,
            exercise: exercise.clone(),
            out: out.join(&program),
            program,
            main,
            edition: edition.clone(),
        })
        .collect())
}

/// Compiles every unit, `jobs` at a time.
fn compile_all(units: &[Unit], jobs: usize) -> anyhow::Result<()> {
    let next = AtomicUsize::new(0);
    let failed: Mutex<Option<String>> = Mutex::new(None);
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| {
                while let Some(unit) = units.get(next.fetch_add(1, Ordering::Relaxed)) {
                    if let Err(err) = compile(unit) {
                        *failed.lock().unwrap_or_else(|e| e.into_inner()) = Some(err);
                    }
                }
            });
        }
    });
    if let Some(err) = failed.into_inner().unwrap_or_else(|e| e.into_inner()) {
        bail!("the floor's rustc failed: {err}");
    }
    Ok(())
}

/// Each submission's exercises with the programs compiled for them.
fn programs_of(
    course: &Course,
    submissions: &[Submission],
    units: &[Unit],
) -> Vec<Vec<(Exercise, Programs)>> {
    let mut programs: Vec<Vec<(Exercise, Programs)>> = submissions
        .iter()
        .map(|_| {
            course
                .exercises
                .iter()
                .map(|e| (e.clone(), Programs::new()))
                .collect()
        })
        .collect();
    for unit in units {
        if let Some((_, found)) = programs[unit.submission]
            .iter_mut()
            .find(|(e, _)| e == &unit.exercise)
        {
            found.insert(
                unit.program.clone(),
                vec![unit.out.clone().into_os_string()],
            );
        }
    }
    programs
}

/// `rustc` of one binary, with the options cargo gives it in the grader's build.
fn compile(unit: &Unit) -> Result<(), String> {
    if let Some(parent) = unit.out.parent() {
        std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
    }
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| OsString::from("rustc"));
    let output = Command::new(rustc)
        .args([
            "--edition",
            &unit.edition,
            "--crate-type",
            "bin",
            "--crate-name",
        ])
        .arg(unit.program.replace('-', "_"))
        // The flags cargo passes for the graded build profile.
        .args(["--emit=dep-info,link", "-A", "unused"])
        .args(GRADED.rustc_args())
        .arg(&unit.main)
        .arg("-o")
        .arg(&unit.out)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| e.to_string())?;
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}
