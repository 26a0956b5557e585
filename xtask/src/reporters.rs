//! The reports of `grade` and `merge`, each a [`Reporter`] of the engine's
//! events: the terminal's scores, load line and class summary, the capture files,
//! `results.json`, `grades.csv` and `status.csv`, `summary.md`,
//! `report.html`, JUnit XML and the GitHub job summary. Each writes when the
//! class is done, from the one [`GradedClass`] (and so the one class model).

use std::path::PathBuf;

use anyhow::Context as _;
use grader::events::{BoxedReporter, GradeEvent, GradedClass, Reporter};
use grader::gradebook::{
    Gradebook, RECORD_FILE, STATUS_FILE, annotate_results, write_final_gradebook,
    write_status_sheet,
};
use grader::lang::Lang;
use grader::report::{
    ClassReport, Paint, escape_controls, gradescope_json_in, render_markdown, results_folder,
    row_status, utc_date, write_html, write_junit,
};

use crate::output::{print_exercise_in, print_scores_table, score};

/// Tells `reporters`, in order, that `class` is graded; the first error stops them.
pub(crate) fn report_class(
    reporters: Vec<BoxedReporter<'_, anyhow::Error>>,
    class: &GradedClass<'_>,
) -> anyhow::Result<()> {
    let reporters = grader::events::Reporters::new(reporters);
    reporters.emit(&GradeEvent::ClassDone { class });
    reporters.finish()
}

/// The terminal: each submission in detail (when asked), the scores table,
/// the course views' text and, for more than one submission, the class summary.
pub(crate) struct Terminal {
    /// Show each submission's tests (one submission graded).
    pub(crate) details: bool,
    /// `--jobs`, for the `load:` line.
    pub(crate) jobs: usize,
    /// The course policy's text (final grades, regrade changes).
    pub(crate) views: String,
    pub(crate) lang: Lang,
    pub(crate) paint: Paint,
}

impl Reporter for Terminal {
    type Error = anyhow::Error;

    fn on_event(&mut self, event: &GradeEvent<'_>) -> anyhow::Result<()> {
        let GradeEvent::ClassDone { class } = event else {
            return Ok(());
        };
        let paint = self.paint;
        if self.details {
            for row in class.rows {
                println!(
                    "{}",
                    paint.bold(&format!("== {}", escape_controls(&row.submission)))
                );
                for exercise in &row.exercises {
                    print_exercise_in(exercise, paint, true, self.lang);
                }
                let got: f64 = row.exercises.iter().map(|e| e.score()).sum();
                let max: f64 = row.exercises.iter().map(|e| e.max_score()).sum();
                println!(
                    "{}: {}/{} points\n",
                    escape_controls(&row.submission),
                    score(got),
                    score(max)
                );
            }
        }
        print_scores_table(class.ids, class.rows, paint);
        let closest = crate::load::closest_call(
            class
                .rows
                .iter()
                .flat_map(|row| row.exercises.iter().map(|e| (row.submission.as_str(), e))),
        );
        println!(
            "{}",
            crate::load::limits_line(self.jobs, closest, self.lang)
        );
        print!("{}", escape_controls(&self.views));
        ClassSummary {
            lang: self.lang,
            paint,
        }
        .on_event(event)
    }
}

/// The class summary on the terminal, for more than one submission.
pub(crate) struct ClassSummary {
    pub(crate) lang: Lang,
    pub(crate) paint: Paint,
}

impl Reporter for ClassSummary {
    type Error = anyhow::Error;

    fn on_event(&mut self, event: &GradeEvent<'_>) -> anyhow::Result<()> {
        if let GradeEvent::ClassDone { class } = event
            && class.rows.len() > 1
        {
            print!("{}", class.model.render_text(self.lang, self.paint));
        }
        Ok(())
    }
}

/// Each test's capture as `DIR/<submission>/<exercise>/<test>.pcap`.
pub(crate) struct Captures {
    pub(crate) dir: PathBuf,
    pub(crate) lang: Lang,
}

impl Reporter for Captures {
    type Error = anyhow::Error;

    fn on_event(&mut self, event: &GradeEvent<'_>) -> anyhow::Result<()> {
        let GradeEvent::ClassDone { class } = event else {
            return Ok(());
        };
        let mut written = 0;
        for row in class.rows {
            let results = row.exercises.iter().flat_map(|e| &e.results);
            let folder = self.dir.join(&*results_folder(&row.submission));
            written += grader::runner::packets::write_pcaps(&folder, results)
                .with_context(|| format!("cannot write captures under `{}`", folder.display()))?;
        }
        eprintln!("wrote {written} capture(s) under {}", self.dir.display());
        crate::output::say_capture_unavailable(true, self.lang);
        Ok(())
    }
}

/// Under `out`: each `results.json` (its outputs in `lang`, course policy
/// explained), `grades.csv` (final scores), `status.csv`, `gradebook.json`
/// and `summary.md`.
pub(crate) struct ResultsFiles<'a> {
    pub(crate) out: PathBuf,
    pub(crate) lang: Lang,
    /// The course record: final scores, statuses, policy.
    pub(crate) book: &'a Gradebook,
    /// The course views' Markdown, after the class summary.
    pub(crate) markdown: String,
}

impl Reporter for ResultsFiles<'_> {
    type Error = anyhow::Error;

    fn on_event(&mut self, event: &GradeEvent<'_>) -> anyhow::Result<()> {
        let GradeEvent::ClassDone { class } = event else {
            return Ok(());
        };
        let (out, lang, book) = (&self.out, self.lang, self.book);
        std::fs::create_dir_all(out)
            .with_context(|| format!("cannot create `{}`", out.display()))?;
        for row in class.rows {
            let dir = out.join(&*results_folder(&row.submission));
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create `{}`", dir.display()))?;
            let path = dir.join("results.json");
            let mut results = gradescope_json_in(&row.exercises, class.seed, lang);
            if let Some(student) = book.student(&row.submission) {
                annotate_results(&mut results, student, lang);
            }
            let text = serde_json::to_string_pretty(&results)? + "\n";
            std::fs::write(&path, text)
                .with_context(|| format!("cannot write `{}`", path.display()))?;
        }
        let path = out.join("grades.csv");
        let file = std::fs::File::create(&path)
            .with_context(|| format!("cannot create `{}`", path.display()))?;
        write_final_gradebook(file, book)
            .with_context(|| format!("cannot write `{}`", path.display()))?;
        let status_path = out.join(STATUS_FILE);
        let file = std::fs::File::create(&status_path)
            .with_context(|| format!("cannot create `{}`", status_path.display()))?;
        let status = |name: &str| {
            class
                .rows
                .iter()
                .find(|r| r.submission == name)
                .map(|r| row_status(&r.exercises))
                .map_or_else(Default::default, |(s, n)| (s.to_string(), n))
        };
        write_status_sheet(file, book, &status)
            .with_context(|| format!("cannot write `{}`", status_path.display()))?;
        book.write(&out.join(RECORD_FILE))?;
        let markdown = out.join("summary.md");
        let summary = class_markdown(class) + &self.markdown;
        std::fs::write(&markdown, summary)
            .with_context(|| format!("cannot write `{}`", markdown.display()))?;
        println!(
            "wrote {}, {} and {} results.json file(s) under {}",
            path.display(),
            markdown.display(),
            class.rows.len(),
            out.display()
        );
        Ok(())
    }
}

/// `out/report.html`; says where when `announce`.
pub(crate) struct Html {
    pub(crate) out: PathBuf,
    pub(crate) lang: Lang,
    /// The course views' sections, after the class's.
    pub(crate) appendix: String,
    pub(crate) announce: bool,
}

impl Reporter for Html {
    type Error = anyhow::Error;

    fn on_event(&mut self, event: &GradeEvent<'_>) -> anyhow::Result<()> {
        let GradeEvent::ClassDone { class } = event else {
            return Ok(());
        };
        let report = ClassReport {
            ids: class.ids,
            rows: class.rows,
            seed: class.seed,
            date: utc_date(std::time::SystemTime::now()),
            version: env!("CARGO_PKG_VERSION").to_string(),
            protections: protections(),
            lang: self.lang,
            appendix: std::mem::take(&mut self.appendix),
        };
        let out = &self.out;
        std::fs::create_dir_all(out)
            .with_context(|| format!("cannot create `{}`", out.display()))?;
        let path = out.join("report.html");
        write_html(&path, &report, &class.model)
            .with_context(|| format!("cannot write `{}`", path.display()))?;
        if self.announce {
            println!("wrote {}", path.display());
        }
        Ok(())
    }
}

/// JUnit XML at `path`.
pub(crate) struct JUnit {
    pub(crate) path: PathBuf,
}

impl Reporter for JUnit {
    type Error = anyhow::Error;

    fn on_event(&mut self, event: &GradeEvent<'_>) -> anyhow::Result<()> {
        let GradeEvent::ClassDone { class } = event else {
            return Ok(());
        };
        let path = &self.path;
        write_junit(path, class.rows, class.seed)
            .with_context(|| format!("cannot write `{}`", path.display()))?;
        println!("wrote {}", path.display());
        Ok(())
    }
}

/// The class summary in the GitHub Actions job summary, when there is one.
pub(crate) struct StepSummary {
    /// The course views' Markdown, after the class summary.
    pub(crate) markdown: String,
}

impl Reporter for StepSummary {
    type Error = anyhow::Error;

    fn on_event(&mut self, event: &GradeEvent<'_>) -> anyhow::Result<()> {
        let GradeEvent::ClassDone { class } = event else {
            return Ok(());
        };
        if std::env::var_os(crate::github::STEP_SUMMARY).is_some_and(|p| !p.is_empty()) {
            crate::github::append_step_summary(&(class_markdown(class) + &self.markdown))?;
        }
        Ok(())
    }
}

/// The class's Markdown summary (without the course views).
pub(crate) fn class_markdown(class: &GradedClass<'_>) -> String {
    render_markdown(&class.model, class.seed, class.ids, class.rows)
}

/// The protections of this grading: how submissions are built and what
/// every run of a student program gets on this machine.
fn protections() -> Vec<String> {
    let mut list = vec![
        "builds inside a fresh copy of the trusted template".to_string(),
        "stdout and stderr capped at 1 MiB".to_string(),
    ];
    let detected = grader::sandbox::protections();
    list.extend(detected.active());
    list.extend(
        detected
            .missing()
            .into_iter()
            .map(|m| format!("not available here: {m}")),
    );
    list
}
