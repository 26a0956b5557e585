//! Tests of `watch`: which exercise a change belongs to, the move to the next
//! exercise, and real file watching (native and polling) on a temporary folder.

use super::*;

/// The course's real root.
fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A course in a temporary folder: the real quiz as `concepts`, a copy of it
/// as `more`, and a program exercise `x` (never built here).
fn course() -> (tempfile::TempDir, Course) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let quiz = repo().join("exercises/00-concepts");
    for (folder, id) in [("00-concepts", "concepts"), ("05-more", "more")] {
        let to = root.join("exercises").join(folder);
        std::fs::create_dir_all(&to).unwrap();
        let questions = std::fs::read_to_string(quiz.join("questions.toml")).unwrap();
        let questions =
            questions.replace("exercise = \"concepts\"", &format!("exercise = \"{id}\""));
        std::fs::write(to.join("questions.toml"), questions).unwrap();
        std::fs::copy(quiz.join("answers.toml"), to.join("answers.toml")).unwrap();
    }
    let x = root.join("exercises/09-x");
    std::fs::create_dir_all(x.join("src")).unwrap();
    std::fs::write(x.join("Cargo.toml"), "[package]\nname = \"x\"\n").unwrap();
    let course = Course::open(root).unwrap();
    (dir, course)
}

#[test]
fn a_change_belongs_to_the_exercise_whose_folder_holds_it() {
    let (dir, course) = course();
    let at = |p: &str| exercise_of(&course, &dir.path().join(p)).map(|e| e.id.as_str());
    assert_eq!(at("exercises/00-concepts/answers.toml"), Some("concepts"));
    assert_eq!(at("exercises/09-x/src/bin/client.rs"), Some("x"));
    assert_eq!(at("exercises/09-x/src/main.rs"), Some("x"));
    // Noise: build output, hidden files, editors' swap and backup files, folders themselves.
    assert_eq!(at("exercises/09-x/target/debug/x"), None);
    assert_eq!(at("exercises/09-x/src/.main.rs.swp"), None);
    assert_eq!(at("exercises/09-x/src/main.rs~"), None);
    assert_eq!(at("exercises/09-x/src/4913"), None);
    assert_eq!(at("exercises/09-x"), None);
    assert_eq!(at("exercises/99-unknown/a.rs"), None);
    assert_eq!(at("grader/src/lib.rs"), None);
}

#[test]
fn a_passing_exercise_moves_the_session_to_the_next_unfinished_one() {
    let (dir, course) = course();
    let mut session = Session::new(&course, Lang::En, Paint::PLAIN, false);
    let first = session.next_unfinished().unwrap();
    assert_eq!(first.id, "concepts", "course order: the quiz comes first");
    let mut out = Vec::new();
    session.check_and_advance(&first, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("concepts  0/11 tests passed"), "{text}");
    assert!(
        text.contains("✗ osi-layer-order"),
        "the first failure is shown: {text}"
    );
    assert!(
        text.contains("hint: Start at the transmission medium"),
        "{text}"
    );
    assert!(
        !text.contains("✗ osi-layer-jobs"),
        "only the first failure: {text}"
    );
    assert!(!text.contains('\x1b'), "plain output when piped: {text:?}");

    // The student saves the right answers (with Windows line endings).
    let answers = dir.path().join("exercises/00-concepts/answers.toml");
    let solution =
        std::fs::read_to_string(repo().join("solutions/00-concepts/answers.toml")).unwrap();
    std::fs::write(&answers, solution.replace('\n', "\r\n")).unwrap();
    let mut out = Vec::new();
    session
        .on_change(std::slice::from_ref(&answers), &mut out)
        .unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("concepts  11/11 tests passed, 23/23 points"),
        "{text}"
    );
    assert!(
        text.contains("`concepts` passes every public test! Next: `more`."),
        "{text}"
    );
    assert!(text.contains("[3] checking `more`"), "{text}");

    // Progress survives: a new session starts where this one stopped.
    let again = Session::new(&course, Lang::En, Paint::PLAIN, false);
    assert_eq!(again.next_unfinished().unwrap().id, "more");
    let progress = Progress::load(&Progress::path(dir.path()));
    assert!(progress.get("concepts").unwrap().done());

    // Noise changes nothing.
    let mut out = Vec::new();
    session
        .on_change(
            &[dir.path().join("exercises/00-concepts/.answers.toml.swp")],
            &mut out,
        )
        .unwrap();
    assert!(out.is_empty());
}

#[test]
fn chinese_sessions_speak_chinese() {
    let (_dir, course) = course();
    let mut session = Session::new(&course, Lang::Zh, Paint::PLAIN, false);
    let mut out = Vec::new();
    let first = session.next_unfinished().unwrap();
    session.check(&first, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("正在检查 `concepts`"), "{text}");
    assert!(text.contains("通过 0/11 项测试"), "{text}");
    assert!(text.contains("提示：从最靠近传输介质的一层开始"), "{text}");
}

/// Starts a watcher on a temporary folder, writes a file, and waits (at most
/// a few seconds) for the change to be reported.
fn sees_a_write(poll: bool) {
    let dir = tempfile::tempdir().unwrap();
    let (tx, rx) = channel();
    let (_watcher, how) = start_watcher(dir.path(), poll, Duration::from_millis(50), tx).unwrap();
    assert_eq!(how == "polling", poll);
    let file = dir.path().join("answers.toml");
    std::fs::write(&file, "a = 1\n").unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut seen = Vec::new();
    while !seen.contains(&file) {
        let left = deadline.saturating_duration_since(Instant::now());
        let event = rx.recv_timeout(left).expect("no change seen within 5 s");
        seen.extend(changed_paths(event));
        // Some watchers report canonical paths.
        seen.iter_mut().for_each(|p| {
            if let (Ok(a), Ok(b)) = (p.canonicalize(), file.canonicalize())
                && a == b
            {
                *p = file.clone();
            }
        });
    }
}

#[test]
fn the_native_watcher_sees_a_write() {
    sees_a_write(false);
}

#[test]
fn the_polling_watcher_sees_a_write() {
    sees_a_write(true);
}
