//! Landlock rulesets (Linux 5.13+): what a confined process may read, write,
//! execute, bind and connect to. Everything not allowed here is denied, so
//! the workspace (hidden tests, solutions, variants) and other submissions
//! are out of reach without being named.

use std::fs::File;
use std::io;
use std::os::fd::OwnedFd;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use super::sys::landlock::{RulesetAttr, abi, add_path_rule, add_port_rule, create_ruleset};

const EXECUTE: u64 = 1 << 0;
const WRITE_FILE: u64 = 1 << 1;
const READ_FILE: u64 = 1 << 2;
const READ_DIR: u64 = 1 << 3;
/// Every right of ABI 1 (bits 0 to 12: read, write, remove, make …).
const ABI1_ALL: u64 = (1 << 13) - 1;
const REFER: u64 = 1 << 13;
const TRUNCATE: u64 = 1 << 14;
const IOCTL_DEV: u64 = 1 << 15;
/// The rights that apply to a file (not a directory) in a rule.
const FILE_RIGHTS: u64 = EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE | IOCTL_DEV;

const NET_BIND_TCP: u64 = 1 << 0;
const NET_CONNECT_TCP: u64 = 1 << 1;
const SCOPE_ABSTRACT_UNIX: u64 = 1 << 0;
const SCOPE_SIGNAL: u64 = 1 << 1;

/// Read-only (and executable) system trees a program needs to run.
const SYSTEM_DIRS: &[&str] = &[
    "/usr", "/lib", "/lib64", "/lib32", "/bin", "/sbin", "/proc", "/sys",
];
/// Single files of `/etc` a program may need (loader cache, names, time zone).
const ETC_FILES: &[&str] = &[
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/localtime",
    "/etc/hosts",
    "/etc/host.conf",
    "/etc/nsswitch.conf",
    "/etc/resolv.conf",
    "/etc/gai.conf",
    "/etc/passwd",
    "/etc/group",
];
/// Devices a program may read and write.
const DEVICES: &[&str] = &[
    "/dev/null",
    "/dev/zero",
    "/dev/full",
    "/dev/random",
    "/dev/urandom",
    "/dev/tty",
];

/// What the kernel's Landlock can do here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Abi(pub(crate) u32);

impl Abi {
    /// The running kernel's ABI, if Landlock is enabled.
    pub(crate) fn detect() -> Option<Abi> {
        abi().map(Abi)
    }

    fn fs_rights(self) -> u64 {
        let mut all = ABI1_ALL;
        if self.0 >= 2 {
            all |= REFER;
        }
        if self.0 >= 3 {
            all |= TRUNCATE;
        }
        if self.0 >= 5 {
            all |= IOCTL_DEV;
        }
        all
    }

    /// Whether TCP bind and connect can be restricted (ABI 4).
    pub(crate) fn net(self) -> bool {
        self.0 >= 4
    }

    /// Whether signals and abstract sockets can be scoped to the sandbox (ABI 6).
    pub(crate) fn scoped(self) -> bool {
        self.0 >= 6
    }

    fn attr_size(self) -> usize {
        match self.0 {
            0..=3 => 8,
            4..=5 => 16,
            _ => 24,
        }
    }
}

/// The rules of one confined process tree.
#[derive(Clone, Debug, Default)]
pub(crate) struct Rules {
    /// Trees it may read and execute, beyond the system's.
    pub(crate) read: Vec<PathBuf>,
    /// Trees it may read, write, create and remove in.
    pub(crate) write: Vec<PathBuf>,
    /// TCP ports it may bind (0: any free port the kernel picks).
    pub(crate) bind: Vec<u16>,
    /// TCP ports it may connect to.
    pub(crate) connect: Vec<u16>,
}

impl Rules {
    /// Builds the ruleset; the caller's child enforces it before `exec`.
    pub(crate) fn create(&self, abi: Abi) -> io::Result<OwnedFd> {
        let fs_all = abi.fs_rights();
        let attr = RulesetAttr {
            handled_access_fs: fs_all,
            handled_access_net: if abi.net() {
                NET_BIND_TCP | NET_CONNECT_TCP
            } else {
                0
            },
            scoped: if abi.scoped() {
                SCOPE_ABSTRACT_UNIX | SCOPE_SIGNAL
            } else {
                0
            },
        };
        let ruleset = create_ruleset(&attr, abi.attr_size())?;
        let read = EXECUTE | READ_FILE | READ_DIR;
        let system = SYSTEM_DIRS.iter().chain(ETC_FILES).map(PathBuf::from);
        for path in system.chain(self.read.iter().cloned()) {
            allow(&ruleset, &path, read)?;
        }
        for path in DEVICES {
            allow(
                &ruleset,
                Path::new(path),
                (READ_FILE | WRITE_FILE | IOCTL_DEV) & fs_all,
            )?;
        }
        for path in &self.write {
            allow(&ruleset, path, fs_all)?;
        }
        if abi.net() {
            for port in &self.bind {
                add_port_rule(&ruleset, *port, NET_BIND_TCP)?;
            }
            for port in &self.connect {
                add_port_rule(&ruleset, *port, NET_CONNECT_TCP)?;
            }
        }
        Ok(ruleset)
    }
}

/// Adds a rule for `path` if it exists (a missing system path is no error).
fn allow(ruleset: &OwnedFd, path: &Path, access: u64) -> io::Result<()> {
    let file = match File::options()
        .read(true)
        .custom_flags(libc::O_PATH | libc::O_CLOEXEC)
        .open(path)
    {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    let access = if file.metadata()?.is_dir() {
        access
    } else {
        access & FILE_RIGHTS
    };
    add_path_rule(ruleset, &file, access)
}
