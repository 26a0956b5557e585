//! The numbered record of a test's steps that failures show.

use crate::outcome::{Direction, Entry};
use crate::scenario::escape_bytes;

/// Collects a test's transcript as it runs.
#[derive(Default)]
pub(crate) struct Transcript {
    pub(crate) entries: Vec<Entry>,
    step: usize,
}

impl Transcript {
    /// Entries from now on belong to step `step` (1-based).
    pub(crate) fn at_step(&mut self, step: usize) {
        self.step = step;
    }

    /// Records an event.
    pub(crate) fn event(&mut self, conn: Option<&str>, text: impl Into<String>) {
        self.push(Direction::Event, conn, text.into());
    }

    /// Records bytes the test sent.
    pub(crate) fn sent(&mut self, conn: &str, bytes: &[u8], how: &str) {
        self.push(
            Direction::Sent,
            Some(conn),
            format!("{}{how}", escape_bytes(bytes)),
        );
    }

    /// Records bytes the program sent.
    pub(crate) fn received(&mut self, conn: &str, bytes: &[u8]) {
        self.push(Direction::Received, Some(conn), escape_bytes(bytes));
    }

    fn push(&mut self, direction: Direction, conn: Option<&str>, text: String) {
        self.entries.push(Entry {
            step: self.step,
            direction,
            conn: conn.map(str::to_string),
            text,
        });
    }
}
