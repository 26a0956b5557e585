//! A seccomp filter as a second wall behind the namespaces: the system calls
//! a graded program or a build never needs and an escape would (new
//! namespaces, mounts, tracing, kernel modules, BPF, keyrings, reading other
//! processes' memory) fail with `EPERM`; `clone3`, whose flags a filter
//! cannot see, fails with `ENOSYS`, so that the C library falls back to
//! `clone`, whose flags it can. Compiled by `seccompiler` (rust-vmm's, used by
//! Firecracker) and handed to bubblewrap (`--add-seccomp-fd`).

use std::collections::BTreeMap;
use std::io::{self, Write as _};
use std::os::fd::OwnedFd;

use seccompiler::{
    BpfProgram, SeccompAction, SeccompCmpArgLen, SeccompCmpOp, SeccompCondition, SeccompFilter,
    SeccompRule, TargetArch,
};

/// System calls refused outright.
const DENIED: &[i64] = &[
    libc::SYS_ptrace,
    libc::SYS_process_vm_readv,
    libc::SYS_process_vm_writev,
    libc::SYS_mount,
    libc::SYS_umount2,
    libc::SYS_pivot_root,
    libc::SYS_chroot,
    libc::SYS_unshare,
    libc::SYS_setns,
    libc::SYS_move_mount,
    libc::SYS_open_tree,
    libc::SYS_fsopen,
    libc::SYS_fsmount,
    libc::SYS_fsconfig,
    libc::SYS_fspick,
    libc::SYS_mount_setattr,
    libc::SYS_open_by_handle_at,
    libc::SYS_name_to_handle_at,
    libc::SYS_init_module,
    libc::SYS_finit_module,
    libc::SYS_delete_module,
    libc::SYS_kexec_load,
    libc::SYS_kexec_file_load,
    libc::SYS_reboot,
    libc::SYS_swapon,
    libc::SYS_swapoff,
    libc::SYS_bpf,
    libc::SYS_perf_event_open,
    libc::SYS_userfaultfd,
    libc::SYS_keyctl,
    libc::SYS_add_key,
    libc::SYS_request_key,
    libc::SYS_acct,
    libc::SYS_quotactl,
    libc::SYS_syslog,
    libc::SYS_settimeofday,
    libc::SYS_clock_settime,
    libc::SYS_clock_adjtime,
    libc::SYS_adjtimex,
    libc::SYS_fanotify_init,
];

/// `clone` flags that make a namespace: refused.
const NAMESPACE_FLAGS: &[u64] = &[
    libc::CLONE_NEWNS as u64,
    libc::CLONE_NEWUSER as u64,
    libc::CLONE_NEWPID as u64,
    libc::CLONE_NEWNET as u64,
    libc::CLONE_NEWIPC as u64,
    libc::CLONE_NEWUTS as u64,
    libc::CLONE_NEWCGROUP as u64,
];

/// This machine's architecture, when seccompiler knows it.
fn arch() -> Option<TargetArch> {
    match std::env::consts::ARCH {
        "x86_64" => Some(TargetArch::x86_64),
        "aarch64" => Some(TargetArch::aarch64),
        "riscv64" => Some(TargetArch::riscv64),
        _ => None,
    }
}

/// The two filters, compiled; `None` on an architecture seccompiler lacks.
fn programs() -> Option<[BpfProgram; 2]> {
    let arch = arch()?;
    let mut denied: BTreeMap<i64, Vec<SeccompRule>> =
        DENIED.iter().map(|&call| (call, Vec::new())).collect();
    let namespace_rules = NAMESPACE_FLAGS
        .iter()
        .map(|&flag| {
            let flags = SeccompCondition::new(
                0,
                SeccompCmpArgLen::Qword,
                SeccompCmpOp::MaskedEq(flag),
                flag,
            )
            .expect("argument 0 exists");
            SeccompRule::new(vec![flags]).expect("one condition")
        })
        .collect();
    denied.insert(libc::SYS_clone, namespace_rules);
    let eperm = SeccompFilter::new(
        denied,
        SeccompAction::Allow,
        SeccompAction::Errno(libc::EPERM as u32),
        arch,
    )
    .ok()?;
    let enosys = SeccompFilter::new(
        BTreeMap::from([(libc::SYS_clone3, Vec::new())]),
        SeccompAction::Allow,
        SeccompAction::Errno(libc::ENOSYS as u32),
        arch,
    )
    .ok()?;
    Some([eperm.try_into().ok()?, enosys.try_into().ok()?])
}

/// Pipes holding the compiled filters, to pass to bubblewrap; empty where
/// no filter can be compiled for this machine.
pub(crate) fn filter_fds() -> io::Result<Vec<OwnedFd>> {
    let Some(programs) = programs() else {
        return Ok(Vec::new());
    };
    let mut fds = Vec::new();
    for program in programs {
        let bytes: Vec<u8> = program
            .iter()
            .flat_map(|op| {
                let mut raw = [0u8; 8];
                raw[..2].copy_from_slice(&op.code.to_ne_bytes());
                raw[2] = op.jt;
                raw[3] = op.jf;
                raw[4..].copy_from_slice(&op.k.to_ne_bytes());
                raw
            })
            .collect();
        let (read, write) = nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC)?;
        // A filter is a few kilobytes: far below a pipe's buffer.
        std::fs::File::from(write).write_all(&bytes)?;
        fds.push(read);
    }
    Ok(fds)
}

/// Whether this machine gets the filter.
pub(crate) fn available() -> bool {
    programs().is_some()
}
