//! A hostile "student program" for the grader's own containment tests
//! (`grader/tests/hostile.rs`); it is never part of a course.
//!
//! `netlab-hostile MODE [ARG...]`: each mode misbehaves in one way that a
//! real submission might, on purpose or by accident.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Duration;

use nix::sys::signal::{SigSet, Signal, kill};
use nix::unistd::{getppid, setsid};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = args.first().map(String::as_str).unwrap_or("");
    let rest = &args[args.len().min(1)..];
    match mode {
        "busy-loop" => busy(),
        "sleep-forever" => sleep_forever(),
        "trickle-cpu" => trickle_cpu(),
        "fork-bomb" => fork_bomb(),
        "detach" => {
            // Double fork: the middle process starts the detached one and exits.
            let _ = me().arg("detach-middle").spawn();
            sleep_forever();
        }
        "detach-middle" => {
            let _ = me().arg("detached").spawn();
        }
        "detached" => detached(),
        "ignore-sigterm" => {
            ignore_term();
            listen_and_ignore(rest);
        }
        "attack-grader" => attack_grader(rest),
        "print-gigabytes" => print_gigabytes(),
        "allocate" => allocate(),
        "close-stdout" => {
            let _ = nix::unistd::close(1);
            println!("listening on 127.0.0.1:1");
            sleep_forever();
        }
        "count-forks" => count_forks(),
        "open-many" => open_many(),
        "write-big" => {
            let result = std::fs::write("big", vec![b'x'; 2 << 20]);
            println!("wrote 2MiB: {result:?}");
        }
        "read-secrets" => read_secrets(rest),
        "reach-host" => reach_host(rest),
        "read-fds" => read_fds(),
        #[cfg(target_os = "linux")]
        "make-namespace" => make_namespace(),
        "claim-other" => {
            // Serves nothing, and names another server's address as its own.
            println!("listening on {}", rest[rest.len() - 1]);
            sleep_forever();
        }
        "write-outside" => write_outside(rest),
        "wrong-port" => return wrong_port(),
        other => {
            eprintln!("netlab-hostile: unknown mode `{other}`");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

/// A hang that is never idle: a sliver of CPU time every 100 ms (what a
/// polling loop with a short sleep costs), never answering.
fn trickle_cpu() -> ! {
    loop {
        let start = std::time::Instant::now();
        while start.elapsed() < Duration::from_millis(1) {
            std::hint::spin_loop();
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A new session and process group: a group kill cannot reach it.
fn detached() -> ! {
    let _ = setsid();
    ignore_term();
    sleep_forever();
}

/// Tries to trace and kill the grader, and to lift its own limits.
fn attack_grader(rest: &[String]) -> ! {
    // The grader's process id comes from the test: inside a jail the
    // parent is the sandbox's own first process, not the grader.
    let grader = rest
        .last()
        .and_then(|p| p.parse().ok())
        .map_or_else(getppid, nix::unistd::Pid::from_raw);
    let ptrace = nix::sys::ptrace::attach(grader);
    let signal = kill(grader, Signal::SIGKILL);
    eprintln!("ptrace: {ptrace:?}, kill: {signal:?}");
    // Lift its own limits (root could, with CAP_SYS_RESOURCE).
    let raise = nix::sys::resource::setrlimit(
        nix::sys::resource::Resource::RLIMIT_CPU,
        nix::sys::resource::RLIM_INFINITY,
        nix::sys::resource::RLIM_INFINITY,
    );
    eprintln!("raise limits: {raise:?}");
    sleep_forever();
}

/// Writes to stdout until it fails.
fn print_gigabytes() {
    let chunk = vec![b'x'; 1 << 20];
    let mut out = std::io::stdout().lock();
    while out.write_all(&chunk).is_ok() {}
}

/// Allocates memory until the limit ends it.
fn allocate() -> ! {
    let mut hoard: Vec<Vec<u8>> = Vec::new();
    loop {
        hoard.push(vec![1; 64 << 20]);
    }
}

/// Starts sleeping children until the process limit says no.
fn count_forks() {
    let mut children = Vec::new();
    while children.len() < 10_000 {
        match me().arg("sleep-forever").spawn() {
            Ok(child) => children.push(child),
            Err(_) => break,
        }
    }
    println!("started {}", children.len());
}

/// Opens files until the descriptor limit says no.
fn open_many() {
    let mut files = Vec::new();
    while let Ok(file) = std::fs::File::open("/dev/null") {
        files.push(file);
    }
    println!("opened {}", files.len());
}

/// Reports the descriptors it inherited (and what they hold), then serves.
fn read_fds() -> ! {
    let mut inherited = Vec::new();
    for fd in 3..1024 {
        let target = std::fs::read_link(format!("/proc/self/fd/{fd}"));
        if let Ok(target) = target
            && !target.starts_with("/proc")
        {
            let mut contents = String::new();
            use std::io::Read as _;
            let _ = std::fs::File::open(format!("/proc/self/fd/{fd}"))
                .and_then(|mut f| f.read_to_string(&mut contents));
            inherited.push(format!("{fd} -> {} {contents}", target.display()));
        }
    }
    eprintln!("inherited descriptors: {}", inherited.len());
    for line in inherited {
        eprintln!("{line}");
    }
    listen_and_ignore(&[]);
}

/// Tries new namespaces: a new user namespace would give back every
/// capability inside it.
#[cfg(target_os = "linux")]
fn make_namespace() -> ! {
    let user = nix::sched::unshare(nix::sched::CloneFlags::CLONE_NEWUSER);
    eprintln!("unshare user: {user:?}");
    let net = nix::sched::unshare(nix::sched::CloneFlags::CLONE_NEWNET);
    eprintln!("unshare net: {net:?}");
    listen_and_ignore(&[]);
}

/// Ignores ADDR and binds a fixed port, truthfully reporting it.
fn wrong_port() -> ExitCode {
    match TcpListener::bind("127.0.0.1:8888") {
        Ok(listener) => {
            println!("listening on {}", listener.local_addr().unwrap());
            serve(listener);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot bind 127.0.0.1:8888: {e}");
            ExitCode::FAILURE
        }
    }
}

fn me() -> Command {
    Command::new(std::env::current_exe().expect("own path"))
}

fn busy() -> ! {
    let mut x: u64 = 0;
    loop {
        x = std::hint::black_box(x.wrapping_add(1));
    }
}

fn sleep_forever() -> ! {
    loop {
        std::thread::sleep(Duration::from_secs(3600));
    }
}

/// Blocks SIGTERM (and SIGINT, SIGHUP) for good.
fn ignore_term() {
    let mut set = SigSet::empty();
    set.add(Signal::SIGTERM);
    set.add(Signal::SIGINT);
    set.add(Signal::SIGHUP);
    let _ = set.thread_block();
}

fn fork_bomb() -> ! {
    loop {
        if me().arg("fork-bomb").spawn().is_err() {
            busy();
        }
    }
}

/// Listens where asked, then never answers.
fn listen_and_ignore(args: &[String]) -> ! {
    let addr = args.first().map_or("127.0.0.1:0", String::as_str);
    let listener = TcpListener::bind(addr).expect("bind");
    println!("listening on {}", listener.local_addr().unwrap());
    let _held: Vec<_> = listener.incoming().collect();
    sleep_forever();
}

/// Answers every line with its own reply format (wrong on purpose).
fn serve(listener: TcpListener) {
    if let Ok((mut stream, _)) = listener.accept() {
        let mut buf = [0; 1024];
        while let Ok(n) = stream.read(&mut buf) {
            if n == 0 || stream.write_all(&buf[..n]).is_err() {
                break;
            }
        }
    }
}

/// Looks for hidden tests and solutions by walking up from its directory and
/// from its own binary, and reads any path it is given; prints what it finds.
fn read_secrets(paths: &[String]) {
    let (pids, paths): (Vec<&String>, Vec<&String>) =
        paths.iter().partition(|p| p.starts_with("grader-pid="));
    let mut candidates: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    // Through the grader's own /proc entries: its environment, its folders.
    let pid = pids
        .first()
        .and_then(|p| p.strip_prefix("grader-pid="))
        .map_or_else(|| getppid().to_string(), str::to_string);
    let grader = PathBuf::from(format!("/proc/{pid}"));
    candidates.push(grader.join("environ"));
    for link in ["cwd", "root"] {
        for rel in [
            "grader/hidden",
            "../grader/hidden",
            "solutions",
            "../solutions",
        ] {
            candidates.push(grader.join(link).join(rel));
        }
    }
    let starts = [std::env::current_dir().ok(), std::env::current_exe().ok()];
    for start in starts.into_iter().flatten() {
        for dir in start.ancestors() {
            for rel in ["grader/hidden", "solutions", "grader/variants", "hidden"] {
                candidates.push(dir.join(rel));
            }
        }
    }
    let mut found = 0;
    for path in candidates {
        found += dump(&path, 4);
    }
    eprintln!("read {found} secret file(s)");
    listen_and_ignore(&[]);
}

fn dump(path: &Path, depth: usize) -> usize {
    if let Ok(text) = std::fs::read_to_string(path) {
        println!("{}: {text}", path.display());
        eprintln!("{}: {text}", path.display());
        return 1;
    }
    let Ok(entries) = std::fs::read_dir(path) else {
        return 0;
    };
    if depth == 0 {
        return 0;
    }
    entries.flatten().map(|e| dump(&e.path(), depth - 1)).sum()
}

/// Tries to write each given path, its parent directory and /tmp.
/// Tries what a program must not reach beyond its own loopback: a TCP
/// server, a UDP socket and a UNIX socket of the host.
fn reach_host(args: &[String]) {
    let args = &args[args.len() - 3..];
    let tcp = std::net::TcpStream::connect(&args[0]).map(|_| ());
    eprintln!("tcp {}: {tcp:?}", args[0]);
    let udp = std::net::UdpSocket::bind("0.0.0.0:0").and_then(|s| s.send_to(b"pwned", &args[1]));
    eprintln!("udp {}: {udp:?}", args[1]);
    let unix = std::os::unix::net::UnixStream::connect(&args[2]).map(|_| ());
    eprintln!("unix {}: {unix:?}", args[2]);
    listen_and_ignore(&[]);
}

fn write_outside(paths: &[String]) {
    let mut targets: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    if let Ok(cwd) = std::env::current_dir()
        && let Some(parent) = cwd.parent()
    {
        targets.push(parent.join("netlab-hostile-was-here"));
    }
    targets.push(PathBuf::from("/tmp/netlab-hostile-was-here"));
    for target in targets {
        let result = std::fs::write(&target, "pwned");
        eprintln!("write {}: {result:?}", target.display());
    }
    std::fs::write("inside.txt", "mine").expect("its own directory is writable");
    listen_and_ignore(&[]);
}
