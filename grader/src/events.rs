//! The event stream of grading. The engine ([`crate::grading`],
//! [`crate::submissions`], [`crate::track`]) emits one [`GradeEvent`] as each
//! thing happens, and every report is a [`Reporter`] of those events: the
//! terminal's progress and summary, `results.json`, `grades.csv`, JUnit,
//! Markdown and `report.html`. Adding a format never touches the engine.
//!
//! Events come from the engine's worker threads, so a sink is
//! `Fn(&GradeEvent) + Sync`; [`Reporters`] feeds a list of reporters from one
//! sink, one event at a time, in order.

use std::sync::Mutex;
use std::time::Duration;

use crate::grading::ExerciseReport;
use crate::outcome::TestResult;
use crate::report::{ClassModel, GradebookRow};
use crate::submissions::SubmissionReport;

/// Something that happened while grading.
#[derive(Clone, Copy, Debug)]
pub enum GradeEvent<'a> {
    /// A worker took this submission.
    SubmissionStarted {
        /// The submission's name.
        name: &'a str,
    },
    /// A submission's programs are built (or failed to build).
    BuildDone {
        /// The submission's name.
        submission: &'a str,
        /// How long the build took.
        elapsed: Duration,
    },
    /// One test finished.
    TestDone {
        /// The submission's name.
        submission: &'a str,
        /// Its result.
        result: &'a TestResult,
    },
    /// Every test of one exercise finished.
    ExerciseDone {
        /// The submission's name.
        submission: &'a str,
        /// The exercise's results, in file order.
        report: &'a ExerciseReport,
    },
    /// A submission is graded (or failed on the grader's side: see its `error`).
    SubmissionDone {
        /// Its report.
        report: &'a SubmissionReport,
    },
    /// The whole class is graded.
    ClassDone {
        /// Every submission's results and the class model.
        class: &'a GradedClass<'a>,
    },
}

/// Where the engine sends events.
pub type EventSink<'a> = &'a (dyn Fn(&GradeEvent<'_>) + Sync);

/// A sink for callers that listen to nothing.
pub fn ignore(_: &GradeEvent<'_>) {}

/// The engine's handle on a sink while it grades one submission: it names
/// the submission in every event.
#[derive(Clone, Copy)]
pub struct Emitter<'a> {
    submission: &'a str,
    sink: EventSink<'a>,
}

impl<'a> Emitter<'a> {
    /// Events about `submission`, sent to `sink`.
    pub fn new(submission: &'a str, sink: EventSink<'a>) -> Self {
        Emitter { submission, sink }
    }

    /// An emitter nobody listens to.
    pub fn silent() -> Emitter<'static> {
        Emitter {
            submission: "",
            sink: &ignore,
        }
    }

    /// Sends any event.
    pub fn emit(&self, event: &GradeEvent<'_>) {
        (self.sink)(event);
    }

    /// A build finished after `elapsed`.
    pub fn build_done(&self, elapsed: Duration) {
        self.emit(&GradeEvent::BuildDone {
            submission: self.submission,
            elapsed,
        });
    }

    /// A test finished.
    pub fn test_done(&self, result: &TestResult) {
        self.emit(&GradeEvent::TestDone {
            submission: self.submission,
            result,
        });
    }

    /// An exercise finished.
    pub fn exercise_done(&self, report: &ExerciseReport) {
        self.emit(&GradeEvent::ExerciseDone {
            submission: self.submission,
            report,
        });
    }
}

impl std::fmt::Debug for Emitter<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emitter")
            .field("submission", &self.submission)
            .finish_non_exhaustive()
    }
}

/// A graded class as every class-level report reads it: the one place its
/// [`ClassModel`] is built.
#[derive(Debug)]
pub struct GradedClass<'a> {
    /// The exercise ids, in course order.
    pub ids: &'a [String],
    /// One row per submission.
    pub rows: &'a [GradebookRow],
    /// The statistics every class view shows.
    pub model: ClassModel,
    /// The run's seed.
    pub seed: u64,
}

impl<'a> GradedClass<'a> {
    /// The class of `rows`, graded with `seed`.
    pub fn new(ids: &'a [String], rows: &'a [GradebookRow], seed: u64) -> Self {
        GradedClass {
            ids,
            rows,
            model: ClassModel::new(ids, rows),
            seed,
        }
    }
}

/// A consumer of grading events: one report format.
pub trait Reporter {
    /// What can go wrong writing it.
    type Error;

    /// Hears one event; an error stops this report, not grading.
    fn on_event(&mut self, event: &GradeEvent<'_>) -> Result<(), Self::Error>;
}

/// One report, boxed so that reporters of different formats share a list.
pub type BoxedReporter<'r, E> = Box<dyn Reporter<Error = E> + Send + 'r>;

/// Reporters fed in order from one sink, one event at a time. The first
/// error is kept and returned by [`Reporters::finish`]; after it, no
/// reporter hears more events.
pub struct Reporters<'r, E> {
    state: Mutex<(Vec<BoxedReporter<'r, E>>, Option<E>)>,
}

impl<'r, E: Send> Reporters<'r, E> {
    /// `reporters`, in the order they hear each event.
    pub fn new(reporters: Vec<BoxedReporter<'r, E>>) -> Self {
        Reporters {
            state: Mutex::new((reporters, None)),
        }
    }

    /// Sends `event` to every reporter (usable as an [`EventSink`]).
    pub fn emit(&self, event: &GradeEvent<'_>) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let (reporters, failed) = &mut *state;
        if failed.is_some() {
            return;
        }
        for reporter in reporters.iter_mut() {
            if let Err(err) = reporter.on_event(event) {
                *failed = Some(err);
                return;
            }
        }
    }

    /// The first error any reporter met.
    pub fn finish(self) -> Result<(), E> {
        let (_, failed) = self.state.into_inner().unwrap_or_else(|e| e.into_inner());
        failed.map_or(Ok(()), Err)
    }
}

impl<E> std::fmt::Debug for Reporters<'_, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reporters").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records which events it heard; fails on the `fail_at`th.
    struct Log<'a> {
        heard: &'a Mutex<Vec<String>>,
        fail_at: Option<usize>,
    }

    impl Reporter for Log<'_> {
        type Error = String;
        fn on_event(&mut self, event: &GradeEvent<'_>) -> Result<(), String> {
            let mut heard = self.heard.lock().expect("not poisoned");
            if self.fail_at == Some(heard.len()) {
                return Err("disk full".to_string());
            }
            heard.push(match event {
                GradeEvent::SubmissionStarted { name } => format!("started {name}"),
                GradeEvent::BuildDone { submission, .. } => format!("built {submission}"),
                GradeEvent::TestDone { result, .. } => format!("test {}", result.name),
                GradeEvent::ExerciseDone { report, .. } => {
                    format!("exercise {}", report.exercise.id)
                }
                GradeEvent::SubmissionDone { report } => format!("done {}", report.name),
                GradeEvent::ClassDone { class } => format!("class of {}", class.rows.len()),
            });
            Ok(())
        }
    }

    #[test]
    fn reporters_hear_events_in_order_and_the_first_error_stops_them() {
        let heard = Mutex::new(Vec::new());
        let reporters = Reporters::new(vec![Box::new(Log {
            heard: &heard,
            fail_at: None,
        })]);
        let sink = |event: &GradeEvent<'_>| reporters.emit(event);
        let emitter = Emitter::new("alice", &sink);
        emitter.emit(&GradeEvent::SubmissionStarted { name: "alice" });
        emitter.build_done(Duration::from_secs(1));
        let ids = vec!["tcp-server".to_string()];
        let class = GradedClass::new(&ids, &[], 7);
        emitter.emit(&GradeEvent::ClassDone { class: &class });
        assert_eq!(reporters.finish(), Ok(()));
        assert_eq!(
            heard.into_inner().expect("not poisoned"),
            ["started alice", "built alice", "class of 0"]
        );

        let heard = Mutex::new(Vec::new());
        let reporters = Reporters::new(vec![Box::new(Log {
            heard: &heard,
            fail_at: Some(1),
        })]);
        for name in ["a", "b", "c"] {
            reporters.emit(&GradeEvent::SubmissionStarted { name });
        }
        assert_eq!(reporters.finish(), Err("disk full".to_string()));
        assert_eq!(heard.into_inner().expect("not poisoned"), ["started a"]);
    }
}
