//! Generated test files are what their generators write today: a test text
//! edited by hand, or a generator changed without rerunning it, fails here.

use std::process::Command;

mod support;

#[test]
fn the_file_seek_tests_are_what_their_generator_writes() {
    let root = support::root();
    let script = root.join("grader/hidden/gen-03-file-seek.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg("--check")
        .env_remove("NETLAB_ROOT")
        .output()
        .expect("python3 is needed to check the generated file-seek tests");
    assert!(
        out.status.success(),
        "the file-seek tests are stale: run `python3 {}`\n{}{}",
        script.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
