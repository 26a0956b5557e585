use std::collections::BTreeMap;

use super::*;
use crate::gradebook::late::Adjustment;
use crate::gradebook::record::{ExerciseRecord, StudentRecord};

fn book() -> Gradebook {
    let student = |name: &str, score: f64| StudentRecord {
        name: name.into(),
        exercises: vec![ExerciseRecord {
            id: "x".into(),
            grade: Adjustment::none(score, 10.0),
            commit: None,
            built: true,
            tests: Vec::new(),
        }],
    };
    Gradebook {
        version: 1,
        ids: vec!["x".into()],
        policy: None,
        tests: BTreeMap::new(),
        submissions: vec![student("ann", 9.5), student("bob", 4.0)],
    }
}

fn columns() -> ExportColumns {
    ExportColumns {
        canvas: "Lab (12)".into(),
        moodle: "Assignment: Lab (Real)".into(),
        blackboard: "Lab |77".into(),
    }
}

const ROSTER: &str = "submission,name,first_name,last_name,id,sis_user_id,sis_login_id,section,email,username,id_number\n\
ann,\"Lee, Ann\",Ann,Lee,101,S1,ann@u.edu,A,ann@u.edu,alee,2024001\n\
bob,Bob Wu,Bob,Wu,102,S2,bob@u.edu,B,bob@u.edu,bwu,2024002\n";

fn run(lms: Lms) -> String {
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("roster.csv");
    std::fs::write(&roster, ROSTER).unwrap();
    let roster = Roster::load(&roster, lms).expect("valid roster");
    let out = dir.path().join("out.csv");
    write_lms_file(&book(), &roster, lms, &columns(), &out).expect("exported");
    std::fs::read_to_string(out).unwrap()
}

#[test]
fn canvas_moodle_and_blackboard_files() {
    assert_eq!(
        run(Lms::Canvas),
        "Student,ID,SIS User ID,SIS Login ID,Section,Lab (12)\n\"Lee, Ann\",101,S1,ann@u.edu,A,9.5\nBob Wu,102,S2,bob@u.edu,B,4\n"
    );
    assert_eq!(
        run(Lms::Moodle),
        "First name,Last name,ID number,Email address,Assignment: Lab (Real)\nAnn,Lee,2024001,ann@u.edu,9.5\nBob,Wu,2024002,bob@u.edu,4\n"
    );
    assert_eq!(
        run(Lms::Blackboard),
        "\"Last Name\",\"First Name\",\"Username\",\"Student ID\",\"Lab |77\"\n\"Lee\",\"Ann\",\"alee\",\"2024001\",\"9.5\"\n\"Wu\",\"Bob\",\"bwu\",\"2024002\",\"4\"\n"
    );
}

#[test]
fn a_roster_that_cannot_name_everyone_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roster.csv");
    let load = |text: &str, lms| {
        std::fs::write(&path, text).unwrap();
        Roster::load(&path, lms)
            .map(|_| ())
            .unwrap_err()
            .to_string()
    };
    assert!(
        load("submission,emial\nann,a@b\n", Lms::Moodle).contains(":1: unknown column `emial`")
    );
    assert!(load("name\nAnn\n", Lms::Moodle).contains("no `submission` column"));
    assert!(
        load("submission,email\nann,a@b\nbob,\n", Lms::Moodle)
            .contains(":3: `bob` has none of email, id_number")
    );
    assert!(load("submission,username\nann,a\nann,b\n", Lms::Blackboard).contains("twice"));
    std::fs::write(&path, "submission,username\nann,a\n").unwrap();
    let roster = Roster::load(&path, Lms::Blackboard).unwrap();
    let err = write_lms_file(
        &book(),
        &roster,
        Lms::Blackboard,
        &columns(),
        &dir.path().join("o.csv"),
    )
    .unwrap_err();
    assert!(err.to_string().contains("no line for bob"), "{err}");
}
