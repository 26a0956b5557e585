use super::*;

/// Runs git in `dir` with a fixed identity and commit time.
fn git(dir: &Path, args: &[&str], time: &str) {
    let status = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "s")
        .env("GIT_AUTHOR_EMAIL", "s@example.com")
        .env("GIT_COMMITTER_NAME", "s")
        .env("GIT_COMMITTER_EMAIL", "s@example.com")
        .env("GIT_AUTHOR_DATE", time)
        .env("GIT_COMMITTER_DATE", time)
        .stdout(Stdio::null())
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

fn commit(dir: &Path, file: &str, text: &str, time: &str) {
    let path = dir.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    git(dir, &["add", "-A"], time);
    git(dir, &["commit", "-q", "-m", text], time);
}

#[test]
fn the_last_commit_before_a_deadline_is_copied_and_the_tree_is_untouched() {
    let repo = tempfile::tempdir().unwrap();
    let dir = repo.path();
    git(dir, &["init", "-q", "-b", "main"], "2026-12-01T00:00:00Z");
    commit(dir, "ex/src/main.rs", "early", "2026-12-01T10:00:00Z");
    commit(dir, "ex/src/main.rs", "on time", "2026-12-01T15:00:00Z");
    commit(dir, "ex/src/main.rs", "late", "2026-12-02T10:00:00Z");
    std::fs::write(dir.join("ex/src/main.rs"), "uncommitted").unwrap();
    std::os::unix::fs::symlink("/etc/passwd", dir.join("ex/src/link.rs")).unwrap();
    git(dir, &["add", "ex/src/link.rs"], "2026-12-02T11:00:00Z");
    git(dir, &["commit", "-q", "-m", "link"], "2026-12-02T11:00:00Z");

    let repo = GitRepo::open(dir).unwrap().expect("a repository");
    assert_eq!(repo.history().unwrap().len(), 4);
    let deadline: Timestamp = "2026-12-01T16:00:00Z".parse().unwrap();
    let chosen = repo
        .last_before(deadline)
        .unwrap()
        .expect("a commit before");
    assert_eq!(
        chosen.time,
        "2026-12-01T15:00:00Z".parse::<Timestamp>().unwrap()
    );
    let out = tempfile::tempdir().unwrap();
    assert_eq!(repo.extract(&chosen.hash, "ex/src", out.path()).unwrap(), 1);
    assert_eq!(
        std::fs::read_to_string(out.path().join("ex/src/main.rs")).unwrap(),
        "on time"
    );
    // The working tree keeps its uncommitted change.
    assert_eq!(
        std::fs::read_to_string(dir.join("ex/src/main.rs")).unwrap(),
        "uncommitted"
    );
    // A link in the newest commit is not copied.
    let head = repo.history().unwrap()[0].clone();
    let out = tempfile::tempdir().unwrap();
    assert_eq!(repo.extract(&head.hash, "ex/src", out.path()).unwrap(), 1);
    assert!(std::fs::symlink_metadata(out.path().join("ex/src/link.rs")).is_err());
    let before_all: Timestamp = "2026-11-01T00:00:00Z".parse().unwrap();
    assert!(repo.last_before(before_all).unwrap().is_none());
}

#[test]
fn a_folder_without_git_is_not_a_repository_and_links_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    assert!(GitRepo::open(dir.path()).unwrap().is_none());
    std::fs::write(dir.path().join(".git"), "gitdir: /elsewhere\n").unwrap();
    assert!(
        GitRepo::open(dir.path())
            .unwrap_err()
            .to_string()
            .contains("not a plain folder")
    );
    let other = tempfile::tempdir().unwrap();
    git(other.path(), &["init", "-q"], "2026-12-01T00:00:00Z");
    std::fs::write(
        other.path().join(".git/objects/info/alternates"),
        "/elsewhere\n",
    )
    .unwrap();
    assert!(
        GitRepo::open(other.path())
            .unwrap_err()
            .to_string()
            .contains("alternates")
    );
}

#[test]
fn paths_must_stay_under_the_prefix() {
    assert_eq!(
        safe_relative("ex/src/a.rs", "ex/src"),
        Some(PathBuf::from("ex/src/a.rs"))
    );
    assert_eq!(safe_relative("ex/src/../../x", "ex/src"), None);
    assert_eq!(safe_relative("/etc/passwd", "ex/src"), None);
    assert_eq!(safe_relative("ex/srcx/a.rs", "ex/src"), None);
}
