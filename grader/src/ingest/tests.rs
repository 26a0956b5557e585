//! Ingest against hostile trees: each refused, none followed, none read past its cap.

use std::os::unix::fs::symlink;
use std::path::Path;

use super::*;
use crate::lang::Lang;

fn program() -> Exercise {
    Exercise {
        id: "tcp-server".into(),
        folder: "01-tcp-server".into(),
        kind: ExerciseKind::Program,
    }
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// A submission with a main program; returns its `src/`.
fn submission(dir: &Path) -> std::path::PathBuf {
    let src = dir.join("exercises/01-tcp-server/src");
    write(&src.join("main.rs"), "fn main() {}\n");
    src
}

fn refused(taken: Taken) -> Refusal {
    match taken {
        Taken::Refused(refusal) => refusal,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn regular_files_are_taken_with_a_stable_hash() {
    let tmp = tempfile::tempdir().unwrap();
    let src = submission(tmp.path());
    write(&src.join("bin/tcp-client.rs"), "fn main() {}\n");
    let Taken::Present(files) = take_exercise(&program(), tmp.path(), &Limits::default()) else {
        panic!("not taken");
    };
    assert_eq!(files.get("bin/tcp-client.rs"), Some(&b"fn main() {}\n"[..]));
    let again = take_exercise(&program(), tmp.path(), &Limits::default());
    assert_eq!(again, Taken::Present(files.clone()));
    write(&src.join("main.rs"), "fn main() { }\n");
    let Taken::Present(changed) = take_exercise(&program(), tmp.path(), &Limits::default()) else {
        panic!("not taken");
    };
    assert_ne!(files.hash(), changed.hash());
}

#[test]
fn a_missing_exercise_is_missing_not_refused() {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(
        take_exercise(&program(), tmp.path(), &Limits::default()),
        Taken::Missing
    );
    std::fs::create_dir_all(tmp.path().join("exercises/01-tcp-server/src")).unwrap();
    assert_eq!(
        take_exercise(&program(), tmp.path(), &Limits::default()),
        Taken::Missing,
        "an empty src/ has nothing to build"
    );
}

#[test]
fn a_linked_src_bin_is_refused_with_its_path() {
    let tmp = tempfile::tempdir().unwrap();
    let src = submission(tmp.path());
    let hidden = tmp.path().join("hidden");
    write(&hidden.join("secret.toml"), "secret");
    symlink(&hidden, src.join("bin")).unwrap();
    let refusal = refused(take_exercise(&program(), tmp.path(), &Limits::default()));
    assert_eq!(refusal.path, "exercises/01-tcp-server/src/bin");
    assert_eq!(refusal.reason, Reason::Link);
    assert!(refusal.message(Lang::En).contains("links are not graded"));
}

#[test]
fn links_on_the_chain_to_src_are_refused() {
    for (link, at) in [
        ("exercises", "exercises"),
        ("exercises/01-tcp-server", "exercises/01-tcp-server"),
        ("exercises/01-tcp-server/src", "exercises/01-tcp-server/src"),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let solutions = tmp.path().join("solutions");
        submission(&solutions);
        let sub = tmp.path().join("sub");
        let target = solutions.join(link);
        let path = sub.join(link);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        symlink(&target, &path).unwrap();
        let refusal = refused(take_exercise(&program(), &sub, &Limits::default()));
        assert_eq!(
            (refusal.path.as_str(), &refusal.reason),
            (at, &Reason::Link)
        );
    }
}

#[test]
fn a_link_to_proc_self_is_refused_not_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let src = submission(tmp.path());
    symlink("/proc/self", src.join("me")).unwrap();
    let refusal = refused(take_exercise(&program(), tmp.path(), &Limits::default()));
    assert_eq!(refusal.path, "exercises/01-tcp-server/src/me");
    assert_eq!(refusal.reason, Reason::Link);
}

#[test]
fn a_fifo_and_a_socket_are_refused_without_blocking() {
    let tmp = tempfile::tempdir().unwrap();
    let src = submission(tmp.path());
    nix::unistd::mkfifo(&src.join("pipe.rs"), nix::sys::stat::Mode::S_IRWXU).unwrap();
    let refusal = refused(take_exercise(&program(), tmp.path(), &Limits::default()));
    assert_eq!(refusal.reason, Reason::Special { kind: "fifo" });
    std::fs::remove_file(src.join("pipe.rs")).unwrap();
    let _socket = std::os::unix::net::UnixListener::bind(src.join("sock")).unwrap();
    let refusal = refused(take_exercise(&program(), tmp.path(), &Limits::default()));
    assert_eq!(refusal.reason, Reason::Special { kind: "socket" });
}

#[test]
fn a_sparse_file_of_2_gib_is_refused_from_its_size_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let src = submission(tmp.path());
    let file = std::fs::File::create(src.join("huge.rs")).unwrap();
    file.set_len(2 << 30).unwrap();
    let refusal = refused(take_exercise(&program(), tmp.path(), &Limits::default()));
    assert_eq!(
        refusal.reason,
        Reason::FileTooLarge {
            size: 2 << 30,
            limit: Limits::default().max_file_bytes
        }
    );
}

#[test]
fn a_tree_nested_past_path_max_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let src = submission(tmp.path());
    // Built from the inside with relative paths, as an attacker would: no
    // absolute path to the bottom fits in PATH_MAX.
    let name = "d".repeat(200);
    let mut dir = std::fs::File::open(&src).unwrap();
    for _ in 0..30 {
        use std::os::fd::AsFd as _;
        nix::sys::stat::mkdirat(dir.as_fd(), name.as_str(), nix::sys::stat::Mode::S_IRWXU).unwrap();
        let fd = nix::fcntl::openat(
            dir.as_fd(),
            name.as_str(),
            nix::fcntl::OFlag::O_DIRECTORY | nix::fcntl::OFlag::O_RDONLY,
            nix::sys::stat::Mode::empty(),
        )
        .unwrap();
        dir = std::fs::File::from(fd);
    }
    let refusal = refused(take_exercise(&program(), tmp.path(), &Limits::default()));
    assert!(
        matches!(
            refusal.reason,
            Reason::PathTooLong { .. } | Reason::TooDeep { .. }
        ),
        "{refusal:?}"
    );
}

#[test]
fn too_many_files_and_too_many_bytes_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let src = submission(tmp.path());
    for i in 0..10 {
        write(&src.join(format!("m{i}.rs")), &"x".repeat(1000));
    }
    let few = Limits {
        max_files: 5,
        ..Limits::default()
    };
    let refusal = refused(take_exercise(&program(), tmp.path(), &few));
    assert_eq!(refusal.reason, Reason::TooManyFiles { limit: 5 });
    let small = Limits {
        max_total_bytes: 4000,
        ..Limits::default()
    };
    let refusal = refused(take_exercise(&program(), tmp.path(), &small));
    assert_eq!(refusal.reason, Reason::TooLarge { limit: 4000 });
}

#[test]
fn a_linked_answers_file_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let quiz = Exercise {
        id: "concepts".into(),
        folder: "00-concepts".into(),
        kind: ExerciseKind::Quiz,
    };
    let dir = tmp.path().join("exercises/00-concepts");
    std::fs::create_dir_all(&dir).unwrap();
    symlink("/etc/passwd", dir.join("answers.toml")).unwrap();
    let refusal = refused(take_exercise(&quiz, tmp.path(), &Limits::default()));
    assert_eq!(refusal.path, "exercises/00-concepts/answers.toml");
    std::fs::remove_file(dir.join("answers.toml")).unwrap();
    write(&dir.join("answers.toml"), "q1 = \"a\"\n");
    let Taken::Present(files) = take_exercise(&quiz, tmp.path(), &Limits::default()) else {
        panic!("not taken");
    };
    assert_eq!(files.get("answers.toml"), Some(&b"q1 = \"a\"\n"[..]));
}
