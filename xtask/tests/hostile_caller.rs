//! Hermetic runs: how the grader was started never reaches a graded
//! program. The sample class is graded once normally and once by a caller
//! in every state a shell, cron, `nohup` or a CI runner can leave behind,
//! and the gradebooks must be identical; and the reference solutions pass
//! when `verify` is started as a background job of a script.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

mod support;

use support::{root, succeeds};

/// A caller that ignores SIGINT, SIGTERM and SIGPIPE, blocks every signal,
/// sets umask 077, a soft open-files limit of 64, unlimited core files,
/// another locale and time zone, nice 19, and closes stdin, then `exec`s
/// its arguments (ignored and blocked signals survive `exec`).
const HOSTILE_CALLER: &str = r#"
import os, resource, signal, sys
for s in (signal.SIGINT, signal.SIGTERM, signal.SIGPIPE):
    signal.signal(s, signal.SIG_IGN)
signal.pthread_sigmask(signal.SIG_BLOCK, set(signal.valid_signals()) - {signal.SIGKILL, signal.SIGSTOP})
os.umask(0o077)
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (64, hard))
core_hard = resource.getrlimit(resource.RLIMIT_CORE)[1]
resource.setrlimit(resource.RLIMIT_CORE, (core_hard, core_hard))
os.nice(19)
os.close(0)
env = dict(os.environ, LANG="zh_CN.GB18030", LC_ALL="zh_CN.GB18030", TZ="Asia/Shanghai")
os.execve(sys.argv[1], sys.argv[1:], env)
"#;

/// Grades the samples with one seed into `out`, through `caller` when given.
fn grade(out: &Path, hostile: bool) {
    let xtask = env!("CARGO_BIN_EXE_xtask");
    let mut cmd = if hostile {
        let mut cmd = Command::new("python3");
        cmd.args(["-c", HOSTILE_CALLER, xtask]);
        cmd
    } else {
        Command::new(xtask)
    };
    succeeds(
        cmd.current_dir(root())
            .args([
                "grade",
                "--submissions",
                "samples",
                "--seed",
                "2026",
                "--lang",
                "en",
            ])
            .arg("--out")
            .arg(out)
            .env_remove("GITHUB_STEP_SUMMARY")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null()),
    );
}

/// Every test's verdict and score, per submission.
fn verdicts(out: &Path) -> BTreeMap<String, Vec<(String, String, String)>> {
    let mut all = BTreeMap::new();
    for entry in std::fs::read_dir(out).expect("the reports folder") {
        let path = entry.expect("entry").path().join("results.json");
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let results: Value = serde_json::from_str(&text).expect("valid JSON");
        let tests = results["tests"].as_array().expect("tests").iter().map(|t| {
            (
                t["name"].to_string(),
                t["status"].to_string(),
                t["score"].to_string(),
            )
        });
        all.insert(path.display().to_string(), tests.collect());
    }
    all
}

#[test]
fn a_hostile_caller_leaves_the_gradebook_unchanged() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (normal, hostile) = (tmp.path().join("normal"), tmp.path().join("hostile"));
    grade(&normal, false);
    grade(&hostile, true);
    let csv = |dir: &Path| std::fs::read_to_string(dir.join("grades.csv")).expect("grades.csv");
    assert_eq!(csv(&normal), csv(&hostile));
    // Reports are readable by the course's staff whatever the caller's umask.
    use std::os::unix::fs::PermissionsExt as _;
    let mode = std::fs::metadata(hostile.join("grades.csv"))
        .expect("grades.csv")
        .permissions()
        .mode();
    assert_eq!(
        mode & 0o044,
        0o044,
        "grades.csv is {mode:o} under umask 077"
    );
    let rename = |map: BTreeMap<String, Vec<(String, String, String)>>, from: &Path| {
        map.into_iter()
            .map(|(k, v)| (k.replace(&from.display().to_string(), ""), v))
            .collect::<BTreeMap<_, _>>()
    };
    let (a, b) = (
        rename(verdicts(&normal), &normal),
        rename(verdicts(&hostile), &hostile),
    );
    assert!(!a.is_empty(), "no results.json was written");
    assert_eq!(a, b);
}

#[test]
fn verify_passes_as_a_background_job_of_a_script() {
    // A shell without job control starts `&` jobs with SIGINT and SIGQUIT
    // ignored; reconnect-server's `sigint-ends-it` must still pass.
    let script = format!(
        "'{}' verify --rounds 1 --seed 7 reconnect-server & wait $!",
        env!("CARGO_BIN_EXE_xtask")
    );
    succeeds(
        Command::new("sh")
            .args(["-c", &script])
            .current_dir(root())
            .env("NO_COLOR", "1")
            .stdin(Stdio::null()),
    );
}
