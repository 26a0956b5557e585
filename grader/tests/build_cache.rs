//! The build cache through the one pipeline, with real builds: a hit skips
//! cargo (a compile error included, its log replayed); a changed source,
//! template or toolchain misses; a corrupted entry is rebuilt, not used.

use std::path::Path;

use grader::build::{BuildOptions, BuildOutcome, Builder, CacheConfig};
use grader::course::{Course, Exercise};
use grader::ingest::Files;

mod support;

/// A one-exercise course whose template is tcp-server's, plus `extra`.
fn course(dir: &Path, extra: &str) -> (Course, Exercise) {
    support::tcp_server_course(dir, extra);
    let course = Course::open(dir).unwrap();
    let exercise = course.exercises[0].clone();
    (course, exercise)
}

fn sources(main: &str) -> Files {
    Files::from_map(
        [
            ("main.rs".to_string(), main.as_bytes().to_vec()),
            ("bin/tcp-client.rs".to_string(), b"fn main() {}\n".to_vec()),
        ]
        .into(),
    )
}

fn options(cache: &Path) -> BuildOptions {
    let mut opts = BuildOptions::uncached();
    opts.cache = Some(CacheConfig {
        dir: cache.to_path_buf(),
        max_bytes: 1 << 30,
    });
    opts
}

/// Builds `files` in a fresh root; the outcome and (hits, compiled) of this build.
fn build(
    builder: &Builder,
    exercise: &Exercise,
    files: &Files,
    tmp: &Path,
) -> (BuildOutcome, (usize, usize)) {
    let before = builder.counts();
    let root = tempfile::tempdir_in(tmp).unwrap();
    let outcome = builder
        .build(&[(exercise, files)], root.path())
        .unwrap()
        .remove(0);
    if let BuildOutcome::Built(programs) = &outcome {
        let server = programs.get("tcp-server").expect("a tcp-server binary");
        let bytes = std::fs::read(&server[0]).expect("the binary is there");
        assert!(bytes.starts_with(b"\x7fELF"), "a program");
    }
    let after = builder.counts();
    (outcome, (after.0 - before.0, after.1 - before.1))
}

const GOOD: &str = "fn main() { println!(\"listening on 127.0.0.1:1\"); }\n";
const BROKEN: &str = "fn main() { let x: u8 = \"no\"; }\n";

#[test]
fn hits_skip_cargo_and_every_changed_input_misses() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = tmp.path().join("cache");
    let (course_a, exercise) = course(&tmp.path().join("a"), "");
    let mut builder = Builder::new(&course_a, &options(&cache)).unwrap();

    let (first, counts) = build(&builder, &exercise, &sources(GOOD), tmp.path());
    assert!(matches!(first, BuildOutcome::Built(_)), "{first:?}");
    assert_eq!(counts, (0, 1), "the first build compiles");
    let (_, counts) = build(&builder, &exercise, &sources(GOOD), tmp.path());
    assert_eq!(counts, (1, 0), "the same sources are a hit");

    // A compile error is cached too, and its log replayed.
    let (failed, counts) = build(&builder, &exercise, &sources(BROKEN), tmp.path());
    let BuildOutcome::Failed { log } = failed else {
        panic!("{failed:?}")
    };
    assert!(log.contains("mismatched types"), "{log}");
    assert_eq!(counts, (0, 1));
    let (again, counts) = build(&builder, &exercise, &sources(BROKEN), tmp.path());
    assert_eq!(counts, (1, 0), "a compile error is a hit");
    assert!(matches!(again, BuildOutcome::Failed { log: ref replayed } if *replayed == log));

    // A changed source misses.
    let (_, counts) = build(
        &builder,
        &exercise,
        &sources(&format!("{GOOD}// changed\n")),
        tmp.path(),
    );
    assert_eq!(counts, (0, 1), "a changed source misses");

    // A changed toolchain misses.
    builder.set_toolchain("rustc 0.0.0 (a toolchain of another day)");
    let (_, counts) = build(&builder, &exercise, &sources(GOOD), tmp.path());
    assert_eq!(counts, (0, 1), "a changed toolchain misses");

    // A changed template misses.
    let (course_b, exercise_b) = course(&tmp.path().join("b"), "\n# Another template.\n");
    let builder_b = Builder::new(&course_b, &options(&cache)).unwrap();
    let (_, counts) = build(&builder_b, &exercise_b, &sources(GOOD), tmp.path());
    assert_eq!(counts, (0, 1), "a changed template misses");
}

#[test]
fn a_corrupted_entry_is_rebuilt_not_used() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = tmp.path().join("cache");
    let (course, exercise) = course(&tmp.path().join("c"), "");
    let builder = Builder::new(&course, &options(&cache)).unwrap();
    let (_, counts) = build(&builder, &exercise, &sources(GOOD), tmp.path());
    assert_eq!(counts, (0, 1));
    // Flip one byte of every stored binary, keeping its size.
    let entries = cache.join("entries");
    let mut flipped = 0;
    for entry in std::fs::read_dir(&entries).unwrap().flatten() {
        for file in std::fs::read_dir(entry.path()).unwrap().flatten() {
            if file.file_name().to_string_lossy().starts_with("bin-") {
                let mut bytes = std::fs::read(file.path()).unwrap();
                let middle = bytes.len() / 2;
                bytes[middle] ^= 0xff;
                std::fs::write(file.path(), bytes).unwrap();
                flipped += 1;
            }
        }
    }
    assert!(flipped >= 2, "tcp-server and tcp-client are stored");
    let (rebuilt, counts) = build(&builder, &exercise, &sources(GOOD), tmp.path());
    assert_eq!(counts, (0, 1), "the corrupted entry was not used");
    assert!(matches!(rebuilt, BuildOutcome::Built(_)));
    let (_, counts) = build(&builder, &exercise, &sources(GOOD), tmp.path());
    assert_eq!(counts, (1, 0), "the rebuilt entry is good");
}
