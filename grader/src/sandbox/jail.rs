//! Namespaces for every run and build of submitted code, through bubblewrap
//! (`bwrap`, the sandbox Flatpak uses): a fresh read-only root of system and
//! toolchain paths with nothing of the workspace, other submissions or the
//! grader; its own PID namespace (ending it ends every descendant), network
//! namespace (its own loopback only), IPC, UTS and cgroup namespaces; no
//! capabilities. See `docs/security.md` for why bubblewrap.
//!
//! A jailed program starts blocked: the grader first reads the sandbox's
//! process id (bubblewrap's `--info-fd`), opens its network namespace (so
//! that the test can listen there before the program connects), then lets it
//! go (`--block-fd`).

use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io::{self, Read as _, Write as _};
use std::os::fd::{AsRawFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use super::netns::NetNs;

/// The `PATH` every jailed program starts with, whoever started the grader.
pub(crate) const FIXED_PATH: &str = "/usr/local/bin:/usr/bin:/bin";

/// System paths every jail sees, read-only, when the machine has them.
const SYSTEM: &[&str] = &["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64"];
/// Single files of `/etc` that programs need to start and to resolve
/// `localhost`; nothing else of `/etc` is visible.
const ETC: &[&str] = &[
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/hosts",
    "/etc/nsswitch.conf",
    "/etc/passwd",
    "/etc/group",
    "/etc/localtime",
    // `cc`, `python3` and friends are often links through here.
    "/etc/alternatives",
];

/// bubblewrap, when it is installed and works here as root (the grader
/// must be able to enter a jail's network namespace, which takes root).
pub(crate) fn bwrap() -> Option<&'static Path> {
    static FOUND: OnceLock<Option<PathBuf>> = OnceLock::new();
    FOUND
        .get_or_init(|| {
            if !nix::unistd::geteuid().is_root()
                || std::env::var_os("NETLAB_NO_NAMESPACES").is_some()
            {
                return None;
            }
            let path = ["/usr/bin/bwrap", "/usr/local/bin/bwrap", "/bin/bwrap"]
                .into_iter()
                .map(PathBuf::from)
                .find(|p| p.is_file())?;
            // A real start proves what a file on disk cannot (a kernel or
            // container that forbids namespaces fails here, not in a test).
            let dir = tempfile::tempdir().ok()?;
            let probe = Jail::new(&path, JailKind::Run, dir.path())
                .command(OsStr::new("/bin/true"), &[])
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status();
            probe.is_ok_and(|s| s.success()).then_some(path)
        })
        .as_deref()
}

/// What a jail is for: a run has a test's working folder, a build its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum JailKind {
    /// A test's run of a student program.
    Run,
    /// cargo building submitted sources.
    Build,
}

/// The bubblewrap command line of one jail, and its descriptors.
#[derive(Debug)]
pub(crate) struct Jail {
    bwrap: PathBuf,
    kind: JailKind,
    /// The one writable folder, mounted at its own path.
    dir: PathBuf,
    /// Files and trees mounted read-only at their own paths.
    read: Vec<PathBuf>,
    /// bubblewrap writes the sandbox's process id here, as JSON.
    info: Option<(File, OwnedFd)>,
    /// bubblewrap waits for a byte here before it starts the program.
    block: Option<(OwnedFd, File)>,
    /// Compiled seccomp filters bubblewrap installs before `exec`.
    seccomp: Vec<OwnedFd>,
}

impl Jail {
    /// A jail whose writable folder is `dir`.
    pub(crate) fn new(bwrap: &Path, kind: JailKind, dir: &Path) -> Jail {
        Jail {
            bwrap: bwrap.to_path_buf(),
            kind,
            dir: dir.to_path_buf(),
            read: Vec::new(),
            info: None,
            block: None,
            seccomp: Vec::new(),
        }
    }

    /// Adds the seccomp filters ([`super::seccomp`]) where this machine has them.
    pub(crate) fn filtered(mut self) -> io::Result<Jail> {
        #[cfg(target_os = "linux")]
        {
            self.seccomp = super::seccomp::filter_fds()?;
        }
        Ok(self)
    }

    /// Makes `paths` visible read-only (missing ones are skipped).
    pub(crate) fn read(mut self, paths: impl IntoIterator<Item = PathBuf>) -> Jail {
        self.read.extend(paths);
        self
    }

    /// Makes the program wait, once started, until [`Started::release`].
    pub(crate) fn blocked(mut self) -> io::Result<Jail> {
        let (info_read, info_write) = cloexec_pipe()?;
        let (block_read, block_write) = cloexec_pipe()?;
        self.info = Some((File::from(info_read), info_write));
        self.block = Some((block_read, File::from(block_write)));
        Ok(self)
    }

    /// The descriptors the child must keep across `exec`.
    pub(crate) fn kept_fds(&self) -> Vec<i32> {
        let info = self.info.iter().map(|(_, w)| w.as_raw_fd());
        info.chain(self.block.iter().map(|(r, _)| r.as_raw_fd()))
            .chain(self.seccomp.iter().map(AsRawFd::as_raw_fd))
            .collect()
    }

    /// `bwrap … -- program args`, with the caller's environment untouched
    /// (the caller sets a fixed one).
    pub(crate) fn command(&self, program: &OsStr, args: &[OsString]) -> Command {
        let mut cmd = Command::new(&self.bwrap);
        cmd.args([
            "--unshare-ipc",
            "--unshare-pid",
            "--unshare-net",
            "--unshare-uts",
            "--unshare-cgroup-try",
            "--hostname",
            "netlab",
            "--die-with-parent",
            "--new-session",
            "--cap-drop",
            "ALL",
        ]);
        for path in SYSTEM.iter().map(Path::new) {
            match std::fs::read_link(path) {
                Ok(target) => {
                    cmd.arg("--symlink").arg(target).arg(path);
                }
                Err(_) => {
                    cmd.arg("--ro-bind-try").arg(path).arg(path);
                }
            }
        }
        for file in ETC {
            cmd.args(["--ro-bind-try", file, file]);
        }
        cmd.args(["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]);
        for path in &self.read {
            cmd.arg("--ro-bind-try").arg(path).arg(path);
        }
        cmd.arg("--bind").arg(&self.dir).arg(&self.dir);
        cmd.arg("--chdir").arg(&self.dir);
        if let Some((_, write)) = &self.info {
            cmd.arg("--info-fd").arg(write.as_raw_fd().to_string());
        }
        if let Some((read, _)) = &self.block {
            cmd.arg("--block-fd").arg(read.as_raw_fd().to_string());
        }
        for filter in &self.seccomp {
            cmd.arg("--add-seccomp-fd")
                .arg(filter.as_raw_fd().to_string());
        }
        if self.kind == JailKind::Build {
            // rustc and the linker want a writable /dev/shm at times.
            cmd.args(["--tmpfs", "/dev/shm"]);
        }
        cmd.arg("--").arg(program).args(args);
        cmd
    }

    /// After the spawn: learns the sandbox's process id and opens its
    /// network namespace; the program itself still waits for
    /// [`Started::release`].
    pub(crate) fn started(&mut self) -> io::Result<Started> {
        let (mut info, write) = self
            .info
            .take()
            .ok_or_else(|| io::Error::other("the jail was not started blocked"))?;
        // Our copy of the write end must close, or the read below never ends.
        drop(write);
        let mut json = String::new();
        // bubblewrap writes the JSON and closes the descriptor before it waits on `--block-fd`.
        info.read_to_string(&mut json)?;
        let init = child_pid_in(&json).ok_or_else(|| {
            io::Error::other(format!("bubblewrap did not say its process id: {json:?}"))
        })?;
        let net = NetNs::of_process(init)?;
        let (read, block) = self.block.take().expect("blocked jails have both pipes");
        drop(read);
        Ok(Started {
            init,
            net,
            block: Some(block),
        })
    }
}

/// A jail whose sandbox exists: its first process, its network.
#[derive(Debug)]
pub(crate) struct Started {
    /// The sandbox's first process (its PID 1), as the grader sees it.
    pub(crate) init: i32,
    /// The sandbox's network namespace.
    pub(crate) net: NetNs,
    block: Option<File>,
}

impl Started {
    /// Lets the program start.
    pub(crate) fn release(&mut self) {
        if let Some(mut block) = self.block.take() {
            // An error means the sandbox already ended; its exit tells the rest.
            let _ = block.write_all(b"x");
        }
    }

    /// The program itself: the child of the sandbox's PID 1, once it exists.
    pub(crate) fn program(&self, within: Duration) -> Option<i32> {
        let deadline = Instant::now() + within;
        loop {
            if let Some(pid) = children_of(self.init).into_iter().min() {
                return Some(pid);
            }
            // A sandbox that has ended (gone, or a zombie waiting for the
            // machine's init to reap it) will never have it.
            let ended = !alive(self.init);
            if ended || Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// Ends the whole sandbox: killing its PID 1 makes the kernel kill every
    /// process in its PID namespace, however they detached.
    pub(crate) fn kill(&self) {
        let _ = nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(self.init),
            nix::sys::signal::Signal::SIGKILL,
        );
    }
}

/// A pipe whose ends close on `exec` (the hook reopens the ones it keeps).
fn cloexec_pipe() -> io::Result<(OwnedFd, OwnedFd)> {
    #[cfg(target_os = "linux")]
    return Ok(nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC)?);
    #[cfg(not(target_os = "linux"))]
    {
        let (read, write) = nix::unistd::pipe()?;
        for end in [&read, &write] {
            nix::fcntl::fcntl(
                end,
                nix::fcntl::FcntlArg::F_SETFD(nix::fcntl::FdFlag::FD_CLOEXEC),
            )?;
        }
        Ok((read, write))
    }
}

/// `"child-pid": N` in bubblewrap's `--info-fd` JSON.
fn child_pid_in(json: &str) -> Option<i32> {
    let value: serde_json::Value = serde_json::from_str(json).ok()?;
    value.get("child-pid")?.as_i64()?.try_into().ok()
}

/// The processes whose parent is `parent`, from `/proc`.
fn children_of(parent: i32) -> Vec<i32> {
    std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<i32>().ok())
        .filter(|pid| parent_of(*pid) == Some(parent))
        .collect()
}

/// Whether `pid` exists and is not a zombie.
fn alive(pid: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            let after = stat[stat.rfind(')')? + 1..].to_string();
            after
                .split_whitespace()
                .next()
                .map(|state| state != "Z" && state != "X")
        })
        .unwrap_or(false)
}

/// The parent of `pid`, from `/proc/<pid>/stat` (after the command's closing parenthesis).
fn parent_of(pid: i32) -> Option<i32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after = &stat[stat.rfind(')')? + 1..];
    after.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bubblewraps_info_is_read() {
        assert_eq!(
            child_pid_in("{\n  \"child-pid\": 8050,\n  \"net-namespace\": 1\n}"),
            Some(8050)
        );
        assert_eq!(child_pid_in("{}"), None);
        assert_eq!(child_pid_in("not json"), None);
    }

    #[test]
    fn the_parent_of_a_process_is_read_even_with_spaces_and_parentheses_in_its_name() {
        assert_eq!(
            parent_of(std::process::id() as i32),
            Some(nix::unistd::getppid().as_raw())
        );
    }
}
