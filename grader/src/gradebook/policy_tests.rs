use super::*;

fn ids() -> Vec<String> {
    vec!["tcp-server".into(), "file-seek".into()]
}

fn parse(text: &str) -> Result<CoursePolicy, PolicyError> {
    CoursePolicy::parse(text, Path::new("course.toml"), &ids())
}

fn error(text: &str) -> String {
    parse(text).expect_err("an error").to_string()
}

const FULL: &str = r#"format-version = 1

[deadlines]
tcp-server = 2026-12-01T23:59:00+08:00
file-seek = 2026-12-08T23:59:00Z

[late]
grace = "15m"
per-day = 10
floor = 50
budget = 2
zero-after = "7d"

[[extension]]
student = "alice"
exercise = "tcp-server"
by = "2d"
reason = "medical note"

[[extension]]
student = "alice"
until = 2026-12-20T00:00:00Z

[[late-days]]
student = "bob"
days = 4

[[override]]
student = "carl"
exercise = "file-seek"
points = 30
reason = "graded by hand"

[export]
canvas = "Lab 1 (123)"
"#;

#[test]
fn a_full_file_is_read() {
    let policy = parse(FULL).expect("valid");
    let deadline: Timestamp = "2026-12-01T15:59:00Z".parse().unwrap();
    assert_eq!(policy.deadlines["tcp-server"], deadline);
    assert_eq!(policy.late.penalty, Penalty::PerDay(10.0));
    assert_eq!(policy.late.grace, Duration::from_secs(900));
    assert_eq!((policy.late.floor, policy.late.budget), (50.0, 2));
    assert_eq!(policy.budget("bob"), 4);
    assert_eq!(policy.budget("alice"), 2);
    assert_eq!(
        policy.override_of("carl", "file-seek").unwrap().points,
        30.0
    );
    assert_eq!(policy.export.canvas, "Lab 1 (123)");
    assert_eq!(policy.export.moodle, "netlab");
    // The exercise's own extension wins over the one for every exercise.
    let (alice, ext) = policy.deadline("alice", "tcp-server").unwrap();
    assert_eq!(alice, "2026-12-03T15:59:00Z".parse::<Timestamp>().unwrap());
    assert_eq!(ext.unwrap().reason.as_deref(), Some("medical note"));
    let (seek, _) = policy.deadline("alice", "file-seek").unwrap();
    assert_eq!(seek, "2026-12-20T00:00:00Z".parse::<Timestamp>().unwrap());
    assert_eq!(policy.deadline("bob", "tcp-server").unwrap().0, deadline);
}

#[test]
fn the_example_in_docs_is_valid() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/course.example.toml");
    let ids: Vec<String> = ["concepts", "tcp-server", "reconnect-server", "file-seek"]
        .map(String::from)
        .into();
    CoursePolicy::load(&path, &ids).expect("the documented example parses");
}

#[test]
fn an_unknown_key_names_its_line_and_key() {
    let message = error("format-version = 1\n[late]\nper-dya = 10\n");
    assert!(message.starts_with("course.toml: "), "{message}");
    assert!(message.contains("line 3"), "{message}");
    assert!(message.contains("per-dya"), "{message}");
}

#[test]
fn bad_values_name_their_line() {
    let cases = [
        (
            "format-version = 2\n",
            "course.toml:1:",
            "format-version = 2",
        ),
        (
            "format-version = 1\n[deadlines]\nudp = 2026-12-01T00:00:00Z\n",
            "course.toml:3:",
            "no exercise `udp`",
        ),
        (
            "format-version = 1\n[deadlines]\ntcp-server = 2026-12-01T00:00:00\n",
            "course.toml:3:",
            "UTC offset",
        ),
        (
            "format-version = 1\n[late]\nper-day = 10\nper-hour = 1\n",
            "course.toml:2:",
            "not both",
        ),
        (
            "format-version = 1\n[late]\nfloor = 150\n",
            "course.toml:2:",
            "percent",
        ),
        (
            "format-version = 1\n\n[[extension]]\nstudent = \"a\"\n",
            "course.toml:3:",
            "exactly one",
        ),
        (
            "format-version = 1\n[[override]]\nstudent = \"a\"\nexercise = \"file-seek\"\npoints = 1\nreason = \" \"\n",
            "course.toml:2:",
            "reason",
        ),
        (
            "format-version = 1\n[[override]]\nstudent = \"a\"\nexercise = \"file-seek\"\npoints = -1\nreason = \"x\"\n",
            "course.toml:2:",
            "0 or more",
        ),
        (
            "format-version = 1\n[[override]]\nstudent = \"../a\"\nexercise = \"file-seek\"\npoints = 1\nreason = \"x\"\n",
            "course.toml:2:",
            "folder name",
        ),
    ];
    for (text, at, what) in cases {
        let message = error(text);
        assert!(
            message.starts_with(at) && message.contains(what),
            "{text:?} gave {message}"
        );
    }
}

#[test]
fn a_second_override_for_the_same_work_is_refused() {
    let one =
        "[[override]]\nstudent = \"a\"\nexercise = \"file-seek\"\npoints = 1\nreason = \"x\"\n";
    let message = error(&format!("format-version = 1\n{one}{one}"));
    assert!(
        message.starts_with("course.toml:7:") && message.contains("already"),
        "{message}"
    );
}
