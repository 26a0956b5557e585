//! The course around `grade`: `course.toml` applied after grading,
//! `--at-deadline` snapshots of git submissions, `--compare` with an
//! earlier run, and `--export` to an LMS. Everything that can be wrong
//! (the course file, the roster, the earlier record) is read by
//! [`CourseRun::prepare`], before any grading starts.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use grader::course::{Course, Exercise, ExerciseKind};
use grader::gradebook::git::GitRepo;
use grader::gradebook::{
    COURSE_FILE, Commit, CoursePolicy, Gradebook, Handed, Lms, RECORD_FILE, RegradeDiff, Roster,
    compare, read_handed_in, render_policy_html, render_policy_markdown, render_policy_text,
    test_fingerprints, write_lms_file,
};
use grader::grading::Suite;
use grader::lang::Lang;
use grader::report::GradebookRow;
use grader::submissions::Submission;

/// The course flags of `grade`.
#[derive(clap::Args, Clone, Debug, Default)]
pub(crate) struct CourseArgs {
    /// The course file: deadlines, extensions, late policy, overrides
    /// (default: `course.toml` at the workspace root, when it exists).
    #[arg(long, value_name = "FILE")]
    course: Option<PathBuf>,
    /// For git submissions: grade each exercise as it was in the last commit
    /// before the student's deadline (extension included), without touching
    /// the working tree. Needs deadlines in the course file.
    #[arg(long)]
    at_deadline: bool,
    /// When each submission was handed in, as your hosting service or LMS
    /// reports it: a CSV `submission,time` (RFC 3339 with offset). It wins
    /// over a git submission's commit time, which the student's machine sets.
    #[arg(long, value_name = "FILE", conflicts_with = "at_deadline")]
    handed_in: Option<PathBuf>,
    /// Compare with an earlier `--out` folder: list every student whose score
    /// or verdicts changed, per exercise and test, with the reason.
    #[arg(long, value_name = "OLD_OUT")]
    compare: Option<PathBuf>,
    /// Write the final grades as an LMS import file: `--export canvas FILE`
    /// (or `moodle`, `blackboard`); needs `--roster`.
    #[arg(long, num_args = 2, value_names = ["LMS", "FILE"], requires = "roster")]
    export: Vec<String>,
    /// The roster for `--export`: a CSV mapping each submission folder to its
    /// LMS identity (columns in README's instructor section).
    #[arg(long, value_name = "FILE", requires = "export")]
    roster: Option<PathBuf>,
}

/// What the course flags prepared, and what grading will be compared and exported with.
pub(crate) struct CourseRun {
    policy: Option<CoursePolicy>,
    old: Option<Gradebook>,
    export: Option<(Lms, PathBuf, Roster)>,
    at_deadline: bool,
    /// Trusted hand-in times, by submission.
    handed_in: BTreeMap<String, jiff::Timestamp>,
    /// Per submission and exercise: when the work was handed in, which commit.
    handed: BTreeMap<(String, String), Handed>,
    /// Folders holding the deadline snapshots; removed when the run ends.
    _snapshots: Vec<tempfile::TempDir>,
}

/// The reports course policy adds to a graded class.
pub(crate) struct CourseViews {
    /// The record written as `gradebook.json`.
    pub(crate) book: Gradebook,
    /// The changes since `--compare`'s run.
    pub(crate) diff: Option<RegradeDiff>,
    /// The language of the views.
    lang: Lang,
}

impl CourseRun {
    /// Reads the course file, the earlier record and the roster; `names`
    /// are the submissions about to be graded (for the roster's check).
    pub(crate) fn prepare(
        root: &Path,
        course: &Course,
        args: &CourseArgs,
        names: &[String],
    ) -> anyhow::Result<CourseRun> {
        let ids: Vec<String> = course.exercises.iter().map(|e| e.id.clone()).collect();
        let path = match &args.course {
            Some(path) if !path.is_file() => bail!("no course file `{}`", path.display()),
            Some(path) => Some(path.clone()),
            None => Some(root.join(COURSE_FILE)).filter(|p| p.is_file()),
        };
        let policy = path.map(|p| CoursePolicy::load(&p, &ids)).transpose()?;
        if let Some(policy) = &policy {
            println!("course policy: {}", policy.path.display());
            let unknown: Vec<&str> = policy
                .students()
                .into_iter()
                .filter(|s| !names.iter().any(|n| n == s))
                .collect();
            if !unknown.is_empty() && !names.is_empty() {
                eprintln!(
                    "warning: the course file names students not graded in this run: {}",
                    unknown.join(", ")
                );
            }
        }
        if args.at_deadline && policy.as_ref().is_none_or(|p| p.deadlines.is_empty()) {
            bail!(
                "--at-deadline needs deadlines: add `[deadlines]` to `course.toml` (see docs/course.example.toml) or pass `--course FILE`"
            );
        }
        let old = match &args.compare {
            Some(dir) => Some(Gradebook::read(&dir.join(RECORD_FILE)).with_context(|| {
                format!("`--compare` needs an `--out` folder of an earlier `grade` (with `{RECORD_FILE}`)")
            })?),
            None => None,
        };
        let export = match (args.export.as_slice(), &args.roster) {
            ([lms, file], Some(roster)) => {
                let Some(lms) = Lms::parse(lms) else {
                    bail!("`--export {lms}`: the formats are canvas, moodle and blackboard");
                };
                let roster = Roster::load(roster, lms)?;
                if !names.is_empty() {
                    roster.covers(names.iter().map(String::as_str))?;
                }
                Some((lms, PathBuf::from(file), roster))
            }
            _ => None,
        };
        let handed_in = match &args.handed_in {
            Some(path) => read_handed_in(path)?,
            None => BTreeMap::new(),
        };
        Ok(CourseRun {
            policy,
            old,
            export,
            at_deadline: args.at_deadline,
            handed_in,
            handed: BTreeMap::new(),
            _snapshots: Vec::new(),
        })
    }

    /// The submissions to grade: git submissions at their deadline with
    /// `--at-deadline`, else as they are; notes each one's commit and time.
    pub(crate) fn submissions(
        &mut self,
        course: &Course,
        submissions: Vec<Submission>,
    ) -> anyhow::Result<Vec<Submission>> {
        let mut out = Vec::with_capacity(submissions.len());
        for submission in submissions {
            let Some(repo) = GitRepo::open(&submission.dir)
                .with_context(|| format!("submission `{}`", submission.name))?
            else {
                if self.at_deadline {
                    eprintln!(
                        "warning: `{}` is not a git repository: graded as it is",
                        submission.name
                    );
                }
                let time = self.handed_in.get(&submission.name).copied();
                self.hand_in(course, &submission.name, time, None);
                out.push(submission);
                continue;
            };
            if !self.at_deadline {
                // The working tree is graded; the trusted time, else HEAD's, says when it was handed in.
                if let Some(head) = repo.history()?.into_iter().next() {
                    let time = self.handed_in.get(&submission.name).copied();
                    self.hand_in(
                        course,
                        &submission.name,
                        Some(time.unwrap_or(head.time)),
                        Some(head),
                    );
                }
                out.push(submission);
                continue;
            }
            let snapshot = tempfile::Builder::new()
                .prefix("netlab-deadline-")
                .tempdir()
                .context("cannot make a temporary folder")?;
            for exercise in &course.exercises {
                let commit = self.commit_for(&repo, &submission.name, exercise)?;
                if let Some(commit) = &commit {
                    repo.extract(&commit.hash, &graded_path(exercise), snapshot.path())?;
                }
                let handed = Handed {
                    time: commit.as_ref().map(|c| c.time),
                    commit,
                };
                self.handed
                    .insert((submission.name.clone(), exercise.id.clone()), handed);
            }
            out.push(Submission {
                name: submission.name,
                dir: snapshot.path().to_path_buf(),
            });
            self._snapshots.push(snapshot);
        }
        Ok(out)
    }

    /// Notes when every exercise of `name` was handed in, and at which commit.
    fn hand_in(
        &mut self,
        course: &Course,
        name: &str,
        time: Option<jiff::Timestamp>,
        commit: Option<Commit>,
    ) {
        for exercise in &course.exercises {
            let handed = Handed {
                time,
                commit: commit.clone(),
            };
            self.handed
                .insert((name.to_string(), exercise.id.clone()), handed);
        }
    }

    /// The commit graded for one exercise: the last before the student's deadline, or HEAD without one.
    fn commit_for(
        &self,
        repo: &GitRepo,
        student: &str,
        exercise: &Exercise,
    ) -> anyhow::Result<Option<grader::gradebook::Commit>> {
        let deadline = self
            .policy
            .as_ref()
            .and_then(|p| p.deadline(student, &exercise.id));
        let commit = match deadline {
            Some((deadline, _)) => repo.last_before(deadline)?,
            None => repo.history()?.into_iter().next(),
        };
        match &commit {
            Some(c) => println!(
                "{student}: {} at commit {} of {}",
                exercise.id,
                &c.hash[..12],
                grader::gradebook::explain::time(c.time)
            ),
            None if repo.is_shallow() => println!(
                "{student}: {} has no commit before the deadline in this shallow clone: graded as missing (clone the full history to grade at the deadline)",
                exercise.id
            ),
            None => println!(
                "{student}: {} has no commit before the deadline: graded as missing",
                exercise.id
            ),
        }
        Ok(commit)
    }

    /// Applies the course to the graded rows and compares with the earlier run; the views speak `lang`.
    pub(crate) fn views(
        &self,
        course: &Course,
        ids: &[String],
        rows: &[GradebookRow],
        lang: Lang,
    ) -> anyhow::Result<CourseViews> {
        // Grading is done: a test file that cannot be read again costs only
        // the fingerprints (a later comparison then calls its tests changed).
        let prints = test_fingerprints(course, Suite::All).unwrap_or_else(|err| {
            eprintln!("warning: cannot fingerprint the tests for later comparisons: {err}");
            BTreeMap::new()
        });
        let handed = |student: &str, exercise: &str| {
            self.handed
                .get(&(student.to_string(), exercise.to_string()))
                .cloned()
                .unwrap_or_default()
        };
        let book = Gradebook::build(ids, rows, self.policy.as_ref(), &handed, prints);
        let diff = self.old.as_ref().map(|old| compare(old, &book));
        Ok(CourseViews { book, diff, lang })
    }

    /// Writes the LMS file, when asked.
    pub(crate) fn export(&self, book: &Gradebook) -> anyhow::Result<()> {
        if let Some((lms, path, roster)) = &self.export {
            let columns = self
                .policy
                .as_ref()
                .map(|p| p.export.clone())
                .unwrap_or_else(|| {
                    let name = "netlab".to_string();
                    grader::gradebook::policy::ExportColumns {
                        canvas: name.clone(),
                        moodle: name.clone(),
                        blackboard: name,
                    }
                });
            write_lms_file(book, roster, *lms, &columns, path)?;
            println!("wrote {}", path.display());
        }
        Ok(())
    }
}

impl CourseViews {
    /// What the terminal shows after the scores table.
    pub(crate) fn text(&self) -> String {
        let mut out = render_policy_text(&self.book, self.lang);
        if let Some(diff) = &self.diff {
            out.push_str(&diff.render_text(self.lang));
        }
        out
    }

    /// What `summary.md` gets after the class summary.
    pub(crate) fn markdown(&self) -> String {
        let mut out = render_policy_markdown(&self.book, self.lang);
        if let Some(diff) = &self.diff {
            out.push_str(&diff.render_markdown(self.lang));
        }
        out
    }

    /// What `report.html` gets after the details.
    pub(crate) fn html(&self) -> String {
        let mut out = render_policy_html(&self.book, self.lang);
        if let Some(diff) = &self.diff {
            out.push_str(&diff.render_html(self.lang));
        }
        out
    }
}

/// The path in a student's repository that is graded for `exercise`.
fn graded_path(exercise: &Exercise) -> String {
    match exercise.kind {
        ExerciseKind::Program => format!("exercises/{}/src", exercise.folder),
        ExerciseKind::Quiz => format!(
            "exercises/{}/{}",
            exercise.folder,
            grader::quiz::ANSWERS_FILE
        ),
    }
}
