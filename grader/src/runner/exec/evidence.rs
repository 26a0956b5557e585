//! The end of a test and its evidence: how the program ended, the tail of
//! its stderr, notes on its output, and what the packet capture saw.

use std::time::{Duration, Instant};

use super::waits::remaining_until;
use super::{EXIT_SHOWS_WITHIN, Run};
use crate::runner::packets::{self, Packets};
use crate::runner::program::describe_exit_in;
use crate::text::packets as say_packets;
use crate::text::runner as say;

/// How many lines of stderr a failure shows.
const STDERR_TAIL_LINES: usize = 12;

impl Run<'_> {
    /// "; the program had ended (…)" when it has, to explain a failure.
    pub(super) fn exit_note(&mut self) -> String {
        self.exit_note_within(Duration::ZERO)
    }

    /// [`Run::exit_note`] after a refused, closed or reset connection: the
    /// program may have just ended, and its exit takes a moment to be seen,
    /// so wait for it a little (returning at once when it shows).
    pub(super) fn ended_note(&mut self) -> String {
        self.exit_note_within(self.opts.scale(EXIT_SHOWS_WITHIN))
    }

    fn exit_note_within(&mut self, grace: Duration) -> String {
        let budget = self.budget_instant();
        let Some(program) = self.program.as_mut() else {
            return String::new();
        };
        let deadline = Instant::now() + grace.min(remaining_until(budget));
        program.wait_until(deadline, |state, _| state.exit.is_some());
        program
            .state
            .exit
            .map(|s| say::had_ended_note(self.opts.lang, &describe_exit_in(&s, self.opts.lang)))
            .unwrap_or_default()
    }

    /// What the capture saw: how each connection ended, and the ladders when
    /// the test failed or they were asked for (call after [`Run::finish`],
    /// which closes up).
    pub(super) fn packets(&mut self, passed: bool) -> Option<Packets> {
        let captured = self.capture.take()?.finish();
        let lang = self.opts.lang;
        let test_listens = self.server.filter(|_| self.test.needs_server);
        let note = (captured.dropped > 0).then(|| {
            let kept = captured.seen - captured.dropped;
            say_packets::capture_capped(lang, kept, captured.seen)
        });
        let mut ladders = packets::ladders(&captured.segments, test_listens, lang);
        let endings = ladders.iter().map(|l| l.ending).collect();
        if passed && !self.opts.packets {
            ladders.clear();
        }
        Some(Packets {
            ladders,
            endings,
            frames: captured.frames,
            note,
        })
    }

    /// Ends the program and returns the stderr tail and output notes.
    pub(super) fn finish(&mut self) -> (Vec<String>, Vec<String>) {
        self.conns.clear();
        let Some(mut program) = self.program.take() else {
            return (Vec::new(), Vec::new());
        };
        program.terminate();
        // The pipes drain a moment after the group dies; the tail is worth that moment.
        program.wait_until(Instant::now() + Duration::from_millis(500), |_, p| {
            p.stderr().closed && p.stdout().closed
        });
        let stderr = program.stderr();
        let stdout = program.stdout();
        let mut notes = Vec::new();
        if program.leftovers > 0 {
            notes.push(say::leftovers(self.opts.lang, program.leftovers));
        }
        for (name, capture) in [("stdout", &stdout), ("stderr", &stderr)] {
            if capture.truncated() {
                notes.push(say::truncated(
                    self.opts.lang,
                    name,
                    capture.total,
                    capture.kept.len(),
                ));
            }
        }
        let text = String::from_utf8_lossy(&stderr.kept);
        let lines: Vec<&str> = text.lines().skip_while(|l| l.trim().is_empty()).collect();
        let tail = lines[lines.len().saturating_sub(STDERR_TAIL_LINES)..]
            .iter()
            .map(|l| l.to_string())
            .collect();
        (tail, notes)
    }
}
