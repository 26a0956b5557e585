//! Progress while a class is graded: a bar on a terminal, plain lines otherwise.

use std::io::IsTerminal as _;
use std::sync::Mutex;
use std::time::Duration;

use grader::events::GradeEvent;
use grader::report::escape_controls;
use indicatif::{ProgressBar, ProgressStyle};

use crate::output::score;

/// Progress while a class is graded: a bar on a terminal, plain lines otherwise.
pub(super) struct Progress {
    bar: Option<ProgressBar>,
    state: Mutex<(usize, usize)>,
    total: usize,
}

impl Progress {
    pub(super) fn new(total: usize) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(total as u64);
            bar.set_style(
                ProgressStyle::with_template(
                    "{bar:30} {pos}/{len} graded, {msg} [{elapsed_precise}, ~{eta} left]",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Progress {
            bar,
            state: Mutex::new((0, 0)),
            total,
        }
    }

    /// Hears the engine's events: a submission starting or ending moves the bar.
    pub(super) fn on_event(&self, event: &GradeEvent<'_>) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let (running, done) = &mut *state;
        match event {
            GradeEvent::SubmissionStarted { .. } => *running += 1,
            GradeEvent::BuildDone { .. }
            | GradeEvent::TestDone { .. }
            | GradeEvent::ExerciseDone { .. }
            | GradeEvent::ClassDone { .. } => return,
            GradeEvent::SubmissionDone { report } => {
                *running -= 1;
                *done += 1;
                let line = format!(
                    "[{}/{}] {}: {}/{} points ({:.1?})",
                    done,
                    self.total,
                    escape_controls(&report.name),
                    score(report.score()),
                    score(report.max_score()),
                    report.elapsed
                );
                match &self.bar {
                    Some(bar) => {
                        bar.inc(1);
                        bar.println(line);
                    }
                    None => println!("{line}"),
                }
            }
        }
        if let Some(bar) = &self.bar {
            bar.set_message(format!("{running} running"));
        }
    }

    pub(super) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
