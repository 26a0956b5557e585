//! `cargo xtask watch [ID]`: checks the exercise being edited on every save,
//! shows its first failing test (transcript and hint), and moves on to the
//! next unfinished exercise when one passes.
//!
//! Changes are seen through the system's file events (`notify`), or by polling
//! where those do not arrive: with `--poll`, on WSL's Windows drives, and
//! whenever the native watcher cannot start. Output is plain when piped.

use std::io::{IsTerminal as _, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use grader::course::{Course, Exercise};
use grader::events::Emitter;
use grader::grading::{ExerciseReport, Source, Suite, Target, grade};
use grader::lang::Lang;
use grader::progress::Progress;
use grader::report::{Paint, render_build_log_in, render_failure_in};
use grader::runner::RunOptions;
use notify::{EventKind, RecursiveMode, Watcher as _};

use crate::PASSED;
use crate::list::next_step;
use crate::output::{fresh_seed, heading, paint};
use crate::text::check as text;

/// Events closer together than this are one save (editors write in bursts).
const QUIET: Duration = Duration::from_millis(200);
/// A burst of events never delays a check longer than this.
const MAX_DELAY: Duration = Duration::from_secs(2);

/// Options of `watch`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The exercise to start with; by default the first one not done yet.
    id: Option<String>,
    /// Poll for changes instead of using file events (for WSL, network and
    /// container file systems, where events may not arrive).
    #[arg(long)]
    poll: bool,
    /// How often to poll, in milliseconds.
    #[arg(long, default_value_t = 500, value_name = "MS")]
    interval: u64,
}

/// Watches `exercises/` until interrupted.
pub(crate) fn run(root: &Path, args: Args, lang: Lang) -> anyhow::Result<u8> {
    let course = Course::open(root).context("cannot find the exercises")?;
    let dir = root.join("exercises");
    let (tx, rx) = channel();
    let poll = args.poll || polling_needed(root);
    let interval = Duration::from_millis(args.interval.max(50));
    let (_watcher, how) = start_watcher(&dir, poll, interval, tx)?;
    let stdout = std::io::stdout();
    let terminal = stdout.is_terminal();
    let mut out = stdout.lock();
    let mut session = Session::new(&course, lang, paint(), terminal);
    writeln!(out, "{}", text::watching(lang, how))?;
    let first = match &args.id {
        Some(id) => Some(course.select(std::slice::from_ref(id))?.remove(0)),
        None => session.next_unfinished(),
    };
    match first {
        Some(exercise) => session.check_and_advance(&exercise, &mut out)?,
        None => session.all_done(&mut out)?,
    }
    while let Some(paths) = next_change(&rx) {
        session.on_change(&paths, &mut out)?;
    }
    Ok(PASSED)
}

/// Whether file events are unlikely to arrive: WSL with the workspace on a
/// Windows drive (`/mnt/c/...`), or `NETLAB_WATCH_POLL=1`.
fn polling_needed(root: &Path) -> bool {
    if std::env::var("NETLAB_WATCH_POLL").is_ok_and(|v| v == "1") {
        return true;
    }
    let wsl = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .is_ok_and(|v| v.to_ascii_lowercase().contains("microsoft"));
    wsl && root.starts_with("/mnt/")
}

/// Starts the native watcher, or the polling one when asked or when the native
/// one fails; returns it (keep it alive) and how it watches.
fn start_watcher(
    dir: &Path,
    poll: bool,
    interval: Duration,
    tx: Sender<notify::Result<notify::Event>>,
) -> anyhow::Result<(Box<dyn notify::Watcher>, &'static str)> {
    if !poll {
        let native = notify::recommended_watcher(tx.clone()).and_then(|mut w| {
            w.watch(dir, RecursiveMode::Recursive)?;
            Ok(w)
        });
        match native {
            Ok(watcher) => return Ok((Box::new(watcher), "file events")),
            Err(err) => eprintln!("note: file events unavailable ({err}); polling instead"),
        }
    }
    let config = notify::Config::default().with_poll_interval(interval);
    let mut watcher = notify::PollWatcher::new(tx, config).context("cannot watch for changes")?;
    watcher
        .watch(dir, RecursiveMode::Recursive)
        .with_context(|| format!("cannot watch `{}`", dir.display()))?;
    Ok((Box::new(watcher), "polling"))
}

/// Waits for the next change and gathers the burst it starts; `None` when the
/// watcher has stopped.
fn next_change(rx: &Receiver<notify::Result<notify::Event>>) -> Option<Vec<PathBuf>> {
    let mut paths = Vec::new();
    loop {
        let event = rx.recv().ok()?;
        paths.extend(changed_paths(event));
        if !paths.is_empty() {
            break;
        }
    }
    let started = Instant::now();
    while started.elapsed() < MAX_DELAY {
        match rx.recv_timeout(QUIET) {
            Ok(event) => paths.extend(changed_paths(event)),
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    paths.sort();
    paths.dedup();
    Some(paths)
}

/// The paths an event changed (reads and watcher errors change nothing).
fn changed_paths(event: notify::Result<notify::Event>) -> Vec<PathBuf> {
    match event {
        Ok(event) => match event.kind {
            EventKind::Access(_) => Vec::new(),
            EventKind::Any
            | EventKind::Create(_)
            | EventKind::Modify(_)
            | EventKind::Remove(_)
            | EventKind::Other => event.paths,
        },
        Err(err) => {
            eprintln!("note: watching: {err}");
            Vec::new()
        }
    }
}

/// The exercise a changed file belongs to, unless the file is noise: build
/// output, hidden files, editors' backup and swap files.
pub(crate) fn exercise_of<'c>(course: &'c Course, path: &Path) -> Option<&'c Exercise> {
    let relative = path.strip_prefix(course.root.join("exercises")).ok()?;
    let parts: Vec<&str> = relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => part.to_str(),
            _ => None,
        })
        .collect();
    let (folder, rest) = parts.split_first()?;
    let name = rest.last()?;
    let noise = rest.iter().any(|p| *p == "target" || p.starts_with('.'))
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || *name == "4913";
    if noise {
        return None;
    }
    course.exercises.iter().find(|e| e.folder == *folder)
}

/// What `watch` remembers between checks.
pub(crate) struct Session<'c> {
    course: &'c Course,
    lang: Lang,
    paint: Paint,
    /// Whether output goes to a terminal (then each check clears the screen).
    terminal: bool,
    /// Checks run so far.
    runs: usize,
}

impl<'c> Session<'c> {
    /// A session over `course`.
    pub(crate) fn new(course: &'c Course, lang: Lang, paint: Paint, terminal: bool) -> Self {
        Session {
            course,
            lang,
            paint,
            terminal,
            runs: 0,
        }
    }

    fn progress_file(&self) -> PathBuf {
        Progress::path(&self.course.root)
    }

    /// The first exercise whose last check did not pass.
    pub(crate) fn next_unfinished(&self) -> Option<Exercise> {
        let progress = Progress::load(&self.progress_file());
        let id = progress.next(self.course.exercises.iter().map(|e| e.id.as_str()))?;
        self.course.exercises.iter().find(|e| e.id == id).cloned()
    }

    /// Handles one burst of changes: checks each exercise it touched.
    pub(crate) fn on_change(
        &mut self,
        paths: &[PathBuf],
        out: &mut dyn Write,
    ) -> anyhow::Result<()> {
        let mut touched: Vec<Exercise> = Vec::new();
        for path in paths {
            if let Some(exercise) = exercise_of(self.course, path)
                && !touched.contains(exercise)
            {
                touched.push(exercise.clone());
            }
        }
        for exercise in touched {
            self.check_and_advance(&exercise, out)?;
        }
        Ok(())
    }

    /// Checks `exercise`; when it passes, checks the next unfinished one too.
    pub(crate) fn check_and_advance(
        &mut self,
        exercise: &Exercise,
        out: &mut dyn Write,
    ) -> anyhow::Result<()> {
        if !self.check(exercise, out)? {
            return Ok(());
        }
        match self.next_unfinished() {
            Some(next) => {
                writeln!(
                    out,
                    "\n{}\n",
                    self.paint
                        .green(&text::passes_next(self.lang, &exercise.id, &next.id))
                )?;
                self.check(&next, out).map(|_| ())
            }
            None => self.all_done(out),
        }
    }

    /// Says that every exercise passes.
    pub(crate) fn all_done(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        writeln!(out, "{}", self.paint.green(text::all_done(self.lang)))?;
        Ok(())
    }

    /// Runs the public tests of `exercise`, records them, and shows the first
    /// failure; returns whether every test passed.
    pub(crate) fn check(
        &mut self,
        exercise: &Exercise,
        out: &mut dyn Write,
    ) -> anyhow::Result<bool> {
        self.runs += 1;
        if self.terminal {
            // Clear the screen, so the latest result is all there is to read.
            write!(out, "\x1b[2J\x1b[H")?;
        } else if self.runs > 1 {
            writeln!(out, "\n----")?;
        }
        let lang = self.lang;
        writeln!(out, "{}", text::checking(lang, self.runs, &exercise.id))?;
        out.flush()?;
        let mut opts = RunOptions::new(fresh_seed());
        opts.lang = lang;
        let target = Target {
            exercise: exercise.clone(),
            source: Source::Workspace,
        };
        let work = self.course.root.join("target/netlab/check");
        let report = grade(
            self.course,
            &[target],
            Suite::Public,
            &work,
            &opts,
            Emitter::silent(),
        )
        .context("cannot run the tests")?
        .remove(0);
        let file = self.progress_file();
        let mut progress = Progress::load(&file);
        progress.record(&report);
        if let Err(err) = progress.save(&file) {
            writeln!(
                out,
                "note: cannot save progress to `{}`: {err}",
                file.display()
            )?;
        }
        self.show(&report, out)?;
        if !report.passed() {
            writeln!(
                out,
                "\n{}",
                next_step(exercise, progress.get(&exercise.id), lang)
            )?;
        }
        Ok(report.passed())
    }

    /// The report's heading, then the compiler's errors or the first failing test.
    fn show(&self, report: &ExerciseReport, out: &mut dyn Write) -> anyhow::Result<()> {
        let passed = report.results.iter().filter(|r| r.outcome.passed()).count();
        let total = report.results.len();
        writeln!(out, "{}", self.paint.bold(&heading(report, self.lang)))?;
        if let Some(problem) = &report.not_built {
            write!(
                out,
                "{}",
                render_build_log_in(&report.exercise.id, problem, self.paint, self.lang)
            )?;
            return Ok(());
        }
        if let Some(first) = report.results.iter().find(|r| !r.outcome.passed()) {
            writeln!(out, "  {} {}", self.paint.red("✗"), first.name)?;
            let details = render_failure_in(first, self.paint, self.lang);
            for line in details.lines() {
                writeln!(out, "  {line}")?;
            }
            let more = total - passed - 1;
            if more > 0 {
                writeln!(
                    out,
                    "{}",
                    text::more_failing(self.lang, more, &report.exercise.id)
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
