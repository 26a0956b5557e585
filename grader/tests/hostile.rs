//! The hostile suite: fake student programs that misbehave in every way we
//! know of, run through the real runner. For each: the test ends within its
//! budget, scores zero, leaves no process behind, writes nothing outside its
//! own directory, and no secret reaches its report.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use grader::outcome::TestResult;
use grader::runner::RunOptions;
use grader::sandbox::protections;
use grader::scenario::{TestFile, Visibility};

mod support;

use support::run::run_case;

/// Fails (never skips) when this machine lacks the protection a case proves,
/// unless `NETLAB_ALLOW_MISSING_PROTECTIONS` says that is accepted here.
fn require(available: bool, what: &str) -> bool {
    if available {
        return true;
    }
    assert!(
        std::env::var_os("NETLAB_ALLOW_MISSING_PROTECTIONS").is_some(),
        "this machine lacks {what} ({}); install bubblewrap and run as root, or set \
         NETLAB_ALLOW_MISSING_PROTECTIONS=1 to accept a weaker grader here",
        protections()
    );
    eprintln!("NOT PROVEN here (accepted by NETLAB_ALLOW_MISSING_PROTECTIONS): {what}");
    false
}

/// Whether runs are confined by namespaces or, failing that, Landlock.
fn confined() -> bool {
    grader::sandbox::namespaces() || protections().landlock.is_some()
}

/// Every case checks "no process of mine is left": one case at a time.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// What ending a test may add to the budget (grace, kill, draining the pipes).
const CLEANUP: Duration = Duration::from_millis(2500);

/// A test a correct server passes and no hostile program can.
const TESTS: &str = r###"
format-version = 1
[defaults]
program = "tcp-server"
args = ["{addr}"]
step-timeout = "1s"
budget = "3s"
reply = "Receive your message: {message}"
quiet = ["##"]
limits = { cpu = "2s", memory = "256MiB", processes = 16, file-size = "1MiB" }

[[test]]
name = "replies"
points = 1
step = [
  { connect = "a" },
  { send-line = "hello" },
  { expect-replies = true },
  { send-line = "##" },
  { expect-closed = true },
  { expect-exit = 0 },
]
"###;

/// A test of a command-line program, under tight limits.
const LIMITED: &str = r###"
format-version = 1
[defaults]
program = "tool"
budget = "6s"
step-timeout = "1s"
limits = { cpu = "1s", processes = 8, open-files = 32, file-size = "1MiB" }

[[test]]
name = "prints-the-answer"
points = 1
step = [{ expect-stdout = "42\n" }]

[[test]]
name = "exits-cleanly"
points = 1
# Far more wall time than CPU time: the CPU limit must be what stops it, even on a loaded machine.
step = [{ expect-exit = 0, timeout = "5500ms" }]
"###;

/// Whether more tasks than cores were runnable at any moment while watched
/// (other than the hostile program's own, which the fair clock does not count).
struct Load {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    watcher: std::thread::JoinHandle<bool>,
}

impl Load {
    fn watch() -> Load {
        use std::sync::atomic::Ordering;
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = std::sync::Arc::clone(&stop);
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as u64;
        let watcher = std::thread::spawn(move || {
            let mut loaded = false;
            while !flag.load(Ordering::Relaxed) {
                let runnable = std::fs::read_to_string("/proc/loadavg")
                    .ok()
                    .and_then(|t| {
                        t.split_whitespace()
                            .nth(3)?
                            .split_once('/')?
                            .0
                            .parse::<u64>()
                            .ok()
                    })
                    .unwrap_or(0);
                // The watcher and the hostile program itself are two of them.
                loaded |= runnable > cores + 2;
                std::thread::sleep(Duration::from_millis(20));
            }
            loaded
        });
        Load { stop, watcher }
    }

    fn stop(self) -> bool {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        self.watcher.join().unwrap_or(true)
    }
}

/// Runs the hostile program in `mode` (with `extra` arguments) as the test's server.
fn run(mode: &str, extra: &[&Path]) -> TestResult {
    run_file(TESTS, "tcp-server", mode, extra, 0)
}

/// Runs the hostile program in `mode` as `program` of the one test in `tests`.
fn run_file(tests: &str, program: &str, mode: &str, extra: &[&Path], test: usize) -> TestResult {
    let file = TestFile::parse(tests, Path::new("hostile.toml"), Visibility::Hidden).unwrap();
    let mut command: Vec<OsString> = vec![env!("CARGO_BIN_EXE_netlab-hostile").into(), mode.into()];
    command.extend(extra.iter().map(|p| p.as_os_str().to_owned()));
    let mut opts = RunOptions::new(1);
    // The budgets asserted below are the test file's, unstretched.
    opts.time_scale = 1.0;
    opts.jobs = 1;
    let budget = file.tests[test].budget;
    let started = Instant::now();
    let load = Load::watch();
    let result = run_case("tcp-server", &file.tests[test], program, command, &opts);
    let took = started.elapsed();
    // The budget is on the run's fair clock: on an idle machine it is the
    // wall clock; a loaded one may stretch it up to its wall-clock ceiling.
    let loaded = load.stop();
    let limit = if loaded { budget * 50 } else { budget } + CLEANUP;
    assert!(
        took <= limit,
        "{mode}: the test took {took:?}, over its {budget:?} budget (loaded machine: {loaded}) plus {CLEANUP:?} to clean up"
    );
    assert_eq!(result.score, 0.0, "{mode}: scored {result:#?}");
    assert!(!result.outcome.passed(), "{mode}: passed");
    let left = marked_processes();
    assert!(left.is_empty(), "{mode}: processes left running: {left:?}");
    assert!(
        !result
            .notes
            .iter()
            .any(|n| n.contains("could not be killed")),
        "{mode}: {:?}",
        result.notes
    );
    result
}

/// Live processes (not zombies) that carry this test process's run marker.
fn marked_processes() -> Vec<String> {
    let needle = format!("NETLAB_RUN={}-", std::process::id());
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let Ok(env) = std::fs::read(entry.path().join("environ")) else {
            continue;
        };
        if env.windows(needle.len()).any(|w| w == needle.as_bytes()) {
            let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
            found.push(format!("{name}: {}", String::from_utf8_lossy(&cmdline)));
        }
    }
    found
}

fn lock() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

macro_rules! simple_case {
    ($name:ident, $mode:literal) => {
        #[test]
        fn $name() {
            let _one = lock();
            run($mode, &[]);
        }
    };
}

simple_case!(a_busy_loop_is_stopped_in_time, "busy-loop");
simple_case!(a_program_that_sleeps_forever_is_stopped, "sleep-forever");
simple_case!(a_program_that_closes_stdout_is_stopped, "close-stdout");
simple_case!(a_program_that_ignores_sigterm_is_killed, "ignore-sigterm");

#[cfg(target_os = "linux")]
#[test]
fn a_fork_bomb_is_bounded_and_every_fork_is_killed() {
    let _one = lock();
    run("fork-bomb", &[]);
}

#[cfg(target_os = "linux")]
#[test]
fn a_detached_grandchild_in_its_own_session_is_killed() {
    let _one = lock();
    run("detach", &[]);
}

/// What the program printed, from the failed `expect-stdout`.
fn printed(result: &TestResult) -> String {
    match &result.outcome {
        grader::outcome::TestOutcome::Failed(f) => {
            String::from_utf8_lossy(f.actual.as_deref().unwrap_or_default()).into_owned()
        }
        other => panic!("expected a failure, got {other:?}"),
    }
}

#[test]
fn the_cpu_limit_stops_a_busy_loop() {
    let _one = lock();
    let result = run_file(LIMITED, "tool", "busy-loop", &[], 1);
    let text = format!("{:?}", result.outcome);
    // The limit is the program's cpu time, not the test's wall clock.
    assert!(
        text.contains("killed by SIGXCPU (its CPU time limit ran out)"),
        "{text}"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn the_process_limit_holds_even_for_root() {
    let _one = lock();
    let result = run_file(LIMITED, "tool", "count-forks", &[], 0);
    let out = printed(&result);
    let started: u64 = out
        .trim()
        .strip_prefix("started ")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{out:?}"));
    // 8 processes: itself and at most 7 children.
    assert!(started <= 7, "{out}");
}

#[test]
fn the_open_files_limit_holds() {
    let _one = lock();
    let result = run_file(LIMITED, "tool", "open-many", &[], 0);
    let out = printed(&result);
    let opened: u64 = out
        .trim()
        .strip_prefix("opened ")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{out:?}"));
    assert!((20..32).contains(&opened), "{out}");
}

#[test]
fn the_file_size_limit_holds() {
    let _one = lock();
    let result = run_file(LIMITED, "tool", "write-big", &[], 1);
    let text = format!("{:?}", result.outcome);
    assert!(
        text.contains("killed by SIGXFSZ (it wrote past its file size limit)"),
        "{text}"
    );
}

#[test]
fn printing_gigabytes_keeps_only_the_cap_and_says_so() {
    let _one = lock();
    let result = run("print-gigabytes", &[]);
    assert!(
        result
            .notes
            .iter()
            .any(|n| n.starts_with("stdout: ") && n.contains("only the first")),
        "{:?}",
        result.notes
    );
}

#[test]
fn allocating_until_death_dies_at_the_memory_limit() {
    let _one = lock();
    let result = run("allocate", &[]);
    let text = format!("{:?}", result.outcome);
    assert!(text.contains("ended"), "{text}");
}

#[cfg(target_os = "linux")]
#[test]
fn the_grader_cannot_be_signalled_or_traced() {
    let scoped =
        grader::sandbox::namespaces() || protections().landlock.is_some_and(|abi| abi >= 6);
    if !require(scoped, "a PID namespace or Landlock ABI 6 signal scoping") {
        return;
    }
    let _one = lock();
    let tests = TESTS.replace(
        "args = [\"{addr}\"]",
        &format!("args = [\"{{addr}}\", \"{}\"]", std::process::id()),
    );
    let result = run_file(&tests, "tcp-server", "attack-grader", &[], 0);
    let stderr = result.stderr_tail.join("\n");
    // Outside a PID namespace the grader is there but out of reach (EPERM);
    // inside one it does not exist (ESRCH).
    let unreachable = |what: &str| {
        stderr.contains(&format!("{what}: Err(EPERM)"))
            || stderr.contains(&format!("{what}: Err(ESRCH)"))
    };
    assert!(unreachable("ptrace"), "{stderr}");
    assert!(unreachable("kill"), "{stderr}");
    assert!(stderr.contains("raise limits: Err(EPERM)"), "{stderr}");
}

/// A fake course beside the run: hidden tests, a solution, a variant and
/// another student's submission, each holding a secret.
fn secrets() -> (tempfile::TempDir, Vec<PathBuf>, &'static str) {
    const SECRET: &str = "HIDDEN-TEST-CONTENT-7f3a";
    let course = tempfile::tempdir().unwrap();
    let files = [
        "grader/hidden/01-tcp-server.toml",
        "solutions/01-tcp-server/src/main.rs",
        "grader/variants/01-tcp-server/wrong.patch",
        "submissions/bob/exercises/01-tcp-server/src/main.rs",
    ];
    let mut paths = Vec::new();
    for file in files {
        let path = course.path().join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, format!("{SECRET} in {file}")).unwrap();
        paths.push(path);
    }
    (course, paths, SECRET)
}

#[cfg(target_os = "linux")]
#[test]
fn hidden_tests_solutions_and_other_submissions_cannot_be_read() {
    if !require(confined(), "a private mount namespace or Landlock") {
        return;
    }
    let _one = lock();
    let (course, paths, secret) = secrets();
    // The paths come from the test's arguments, as if the program had them
    // written in: the grader's trusted command names only the binary.
    let mut targets: Vec<String> = paths
        .iter()
        .map(|p| format!("{:?}", p.display().to_string()))
        .collect();
    targets.push(format!("{:?}", course.path().display().to_string()));
    targets.push(format!("\"grader-pid={}\"", std::process::id()));
    let tests = TESTS.replace(
        "args = [\"{addr}\"]",
        &format!("args = [\"{{addr}}\", {}]", targets.join(", ")),
    );
    let result = run_file(&tests, "tcp-server", "read-secrets", &[], 0);
    let report = format!("{result:?}");
    assert!(
        !report.contains(secret),
        "a secret reached the report: {report}"
    );
    assert!(
        result
            .stderr_tail
            .iter()
            .any(|l| l == "read 0 secret file(s)"),
        "{:?}",
        result.stderr_tail
    );
}

#[cfg(target_os = "linux")]
#[test]
fn nothing_is_written_outside_the_run_directory() {
    if !require(confined(), "a private mount namespace or Landlock") {
        return;
    }
    let _one = lock();
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("pwned.txt");
    let _ = std::fs::remove_file("/tmp/netlab-hostile-was-here");
    let result = run("write-outside", &[&target]);
    assert!(!target.exists(), "wrote {}", target.display());
    assert!(
        !Path::new("/tmp/netlab-hostile-was-here").exists(),
        "wrote into /tmp"
    );
    let stderr = result.stderr_tail.join("\n");
    assert!(
        !stderr.contains("panicked"),
        "its own directory was not writable: {stderr}"
    );
    // Refused outright (Landlock), or not there at all (a jail, whose own
    // `/tmp` is private and gone with it).
    let outside = target.display().to_string();
    let line = stderr
        .lines()
        .find(|l| l.contains(&outside))
        .unwrap_or_default();
    assert!(line.contains("Err("), "{stderr}");
}

#[cfg(target_os = "linux")]
#[test]
fn binding_a_port_other_than_the_one_given_fails() {
    // In a network namespace of its own, any port is the program's own (the
    // Python track needs fixed ports): what must hold is that the machine's
    // ports stay out of reach, proven by `the_hosts_services_are_out_of_reach`.
    if grader::sandbox::namespaces() {
        return;
    }
    if !require(
        protections().landlock.is_some_and(|abi| abi >= 4),
        "Landlock ABI 4 network rules",
    ) {
        return;
    }
    let _one = lock();
    let result = run("wrong-port", &[]);
    let stderr = result.stderr_tail.join("\n");
    assert!(stderr.contains("cannot bind 127.0.0.1:8888"), "{stderr}");
}

#[cfg(target_os = "linux")]
#[test]
fn a_program_cannot_make_namespaces_of_its_own() {
    if !require(protections().seccomp, "a seccomp filter in the jail") {
        return;
    }
    let _one = lock();
    let result = run("make-namespace", &[]);
    let stderr = result.stderr_tail.join("\n");
    assert!(stderr.contains("unshare user: Err(EPERM)"), "{stderr}");
    assert!(stderr.contains("unshare net: Err(EPERM)"), "{stderr}");
}

#[cfg(target_os = "linux")]
#[test]
fn the_hosts_services_are_out_of_reach() {
    use std::io::ErrorKind::WouldBlock;
    if !require(
        grader::sandbox::namespaces(),
        "a network and mount namespace per run",
    ) {
        return;
    }
    let _one = lock();
    let tcp = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let udp = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let unix_path = dir.path().join("docker.sock");
    let unix = std::os::unix::net::UnixListener::bind(&unix_path).unwrap();
    for socket in [
        tcp.set_nonblocking(true),
        udp.set_nonblocking(true),
        unix.set_nonblocking(true),
    ] {
        socket.unwrap();
    }
    let tcp_addr = tcp.local_addr().unwrap().to_string();
    let udp_addr = udp.local_addr().unwrap().to_string();
    // The targets come from the test's arguments, as if written into the
    // program: the grader's trusted command names only the binary.
    let tests = TESTS.replace(
        "args = [\"{addr}\"]",
        &format!(
            "args = [\"{{addr}}\", \"{tcp_addr}\", \"{udp_addr}\", {:?}]",
            unix_path.display().to_string()
        ),
    );
    let result = run_file(&tests, "tcp-server", "reach-host", &[], 0);
    let stderr = result.stderr_tail.join("\n");
    for what in ["tcp", "unix"] {
        let line = stderr
            .lines()
            .find(|l| l.starts_with(what))
            .unwrap_or_default();
        assert!(line.contains("Err("), "{what} reached the host: {stderr}");
    }
    // The program has ended: anything it sent would be queued by now.
    assert_eq!(
        tcp.accept().map(|_| ()).map_err(|e| e.kind()),
        Err(WouldBlock),
        "{stderr}"
    );
    let mut buf = [0u8; 16];
    assert_eq!(
        udp.recv_from(&mut buf).map(|_| ()).map_err(|e| e.kind()),
        Err(WouldBlock),
        "{stderr}"
    );
    assert_eq!(
        unix.accept().map(|_| ()).map_err(|e| e.kind()),
        Err(WouldBlock),
        "{stderr}"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_readiness_line_naming_another_server_is_a_failed_start() {
    use std::io::ErrorKind::WouldBlock;
    // Without a namespace of its own, the machine's listeners are the run's
    // too, and a claim cannot be told from the truth.
    if !require(grader::sandbox::namespaces(), "a network namespace per run") {
        return;
    }
    let _one = lock();
    // Another server on this machine, as a classmate's or the instructor's could be.
    let other = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    other.set_nonblocking(true).unwrap();
    let addr = other.local_addr().unwrap().to_string();
    let tests = TESTS.replace(
        "args = [\"{addr}\"]",
        &format!("args = [\"{{addr}}\", \"{addr}\"]"),
    );
    let result = run_file(&tests, "tcp-server", "claim-other", &[], 0);
    let text = format!("{:?}", result.outcome);
    assert!(
        text.contains("no socket of your program is listening"),
        "{text}"
    );
    assert_eq!(
        other.accept().map(|_| ()).map_err(|e| e.kind()),
        Err(WouldBlock),
        "the grader connected"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn descriptors_the_graders_caller_left_open_do_not_reach_the_program() {
    let _one = lock();
    let secret = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(secret.path(), "CALLERS-SECRET-91c2").unwrap();
    // As a shell leaves `exec 7<file` open for everything it starts.
    let file = std::fs::File::open(secret.path()).unwrap();
    nix::fcntl::fcntl(
        &file,
        nix::fcntl::FcntlArg::F_SETFD(nix::fcntl::FdFlag::empty()),
    )
    .unwrap();
    let result = run("read-fds", &[]);
    drop(file);
    let report = format!("{result:?}");
    assert!(!report.contains("CALLERS-SECRET"), "{report}");
    assert!(
        result
            .stderr_tail
            .iter()
            .any(|l| l == "inherited descriptors: 0"),
        "{:?}",
        result.stderr_tail
    );
}

#[cfg(target_os = "linux")]
#[test]
fn the_compiler_cannot_include_hidden_tests_into_the_binary() {
    use grader::build::BuildOutcome;
    if protections().landlock.is_none() {
        eprintln!("skipped: needs Landlock ({})", protections());
        return;
    }
    let (_course, paths, secret) = secrets();
    let student = tempfile::tempdir().unwrap();
    let src = student.path().join("src");
    std::fs::create_dir_all(src.join("bin")).unwrap();
    std::fs::write(
        src.join("main.rs"),
        format!(
            "const HIDDEN: &str = include_str!({:?});\nfn main() {{ println!(\"{{HIDDEN}}\"); }}\n",
            paths[0]
        ),
    )
    .unwrap();
    std::fs::write(src.join("bin/tcp-client.rs"), "fn main() {}\n").unwrap();
    let work = tempfile::tempdir().unwrap();
    let outcome = build_alone(&src, work.path(), grader::build::BUILD_TIME_LIMIT);
    let BuildOutcome::Failed { log } = outcome else {
        panic!("the build compiled a hidden test into the binary: {outcome:?}");
    };
    assert!(log.contains("couldn't read"), "{log}");
    assert!(!log.contains(secret), "{log}");
    let built = walk(work.path());
    for file in built {
        let bytes = std::fs::read(&file).unwrap_or_default();
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "{} holds the secret",
            file.display()
        );
    }
}

/// Builds `src` as tcp-server's sources through the one pipeline, uncached, in `work`.
fn build_alone(src: &Path, work: &Path, limit: Duration) -> grader::build::BuildOutcome {
    use grader::build::{BuildOptions, Builder};
    use grader::ingest::{Limits, Taken, take_src};
    let course = grader::course::Course::open(&support::root()).unwrap();
    let exercise = course
        .exercises
        .iter()
        .find(|e| e.id == "tcp-server")
        .unwrap()
        .clone();
    let Taken::Present(files) = take_src(src, "src", &Limits::default()) else {
        panic!("the sources were not taken");
    };
    let mut opts = BuildOptions::uncached();
    opts.time_limit = limit;
    let builder = Builder::new(&course, &opts).unwrap();
    builder
        .build(&[(&exercise, &files)], work)
        .unwrap()
        .remove(0)
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn a_build_that_never_ends_is_stopped() {
    use grader::build::BuildOutcome;
    let student = tempfile::tempdir().unwrap();
    let src = student.path().join("src");
    std::fs::create_dir_all(src.join("bin")).unwrap();
    std::fs::write(
        src.join("main.rs"),
        "#![allow(long_running_const_eval)]\n\
         const FOREVER: u64 = { let mut i: u64 = 0; loop { i = i.wrapping_add(1); } };\n\
         fn main() { println!(\"{FOREVER}\"); }\n",
    )
    .unwrap();
    std::fs::write(src.join("bin/tcp-client.rs"), "fn main() {}\n").unwrap();
    let work = tempfile::tempdir().unwrap();
    let outcome = build_alone(&src, work.path(), Duration::from_secs(3));
    let BuildOutcome::Failed { log } = outcome else {
        panic!("an endless build succeeded: {outcome:?}");
    };
    assert!(log.contains("used more than 3s of its own time"), "{log}");
}

/// A hang that polls (a millisecond of CPU time every 100 ms, never
/// answering) is charged the time it could have had, like one blocked in a
/// `read`: a loaded machine may stretch a waiting program's clock at most
/// fourfold, never to the 50x wall-clock ceiling.
#[test]
fn a_hang_that_trickles_cpu_time_does_not_freeze_its_clock() {
    let _one = lock();
    if !require(protections().cpu_time, "CPU time from the run's cgroup") {
        return;
    }
    let file =
        grader::scenario::TestFile::parse(TESTS, Path::new("hostile.toml"), Visibility::Hidden)
            .unwrap();
    let started = Instant::now();
    run("trickle-cpu", &[]);
    let took = started.elapsed();
    let budget = file.tests[0].budget;
    assert!(
        took <= budget * 4 + CLEANUP,
        "a polling hang took {took:?} (budget {budget:?}): its fair clock stood still"
    );
}

/// A build whose sources block the compiler (`include_bytes!` of rustc's own
/// stderr pipe, which never ends) uses no CPU time; it must be the student's
/// failure, not "the grading machine was too busy" after ten times the limit.
#[test]
fn a_build_that_blocks_the_compiler_is_the_students_failure() {
    use grader::build::BuildOutcome;
    if !require(protections().cpu_time, "CPU time from the build's cgroup") {
        return;
    }
    let student = tempfile::tempdir().unwrap();
    let src = student.path().join("src");
    std::fs::create_dir_all(src.join("bin")).unwrap();
    std::fs::write(
        src.join("main.rs"),
        "static WAIT: &[u8] = include_bytes!(\"/proc/self/fd/2\");\n\
         fn main() { println!(\"{}\", WAIT.len()); }\n",
    )
    .unwrap();
    std::fs::write(src.join("bin/tcp-client.rs"), "fn main() {}\n").unwrap();
    let work = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let outcome =
        std::panic::catch_unwind(|| build_alone(&src, work.path(), Duration::from_secs(3)));
    let took = started.elapsed();
    match outcome {
        Ok(BuildOutcome::Failed { log }) => eprintln!("{log}\n({took:?})"),
        Ok(other) => panic!("a blocked build succeeded: {other:?}"),
        Err(_) => panic!("a blocked build was the grader's failure after {took:?}"),
    }
}
