//! Colours for terminal output, off for pipes and when `NO_COLOR` is set.

use owo_colors::OwoColorize;

/// Paints text, or leaves it plain.
#[derive(Clone, Copy, Debug)]
pub struct Paint {
    /// Whether to emit ANSI colours.
    pub color: bool,
}

impl Paint {
    /// Plain text, for files.
    pub const PLAIN: Paint = Paint { color: false };

    /// Green, for passes and added text.
    pub fn green(self, text: &str) -> String {
        self.apply(text, |t| t.green().to_string())
    }

    /// Red, for failures and removed text.
    pub fn red(self, text: &str) -> String {
        self.apply(text, |t| t.red().to_string())
    }

    /// Yellow, for hints and warnings.
    pub fn yellow(self, text: &str) -> String {
        self.apply(text, |t| t.yellow().to_string())
    }

    /// Dim, for context.
    pub fn dim(self, text: &str) -> String {
        self.apply(text, |t| t.dimmed().to_string())
    }

    /// Bold, for headings.
    pub fn bold(self, text: &str) -> String {
        self.apply(text, |t| t.bold().to_string())
    }

    fn apply(self, text: &str, paint: impl Fn(&str) -> String) -> String {
        if self.color {
            paint(text)
        } else {
            text.to_string()
        }
    }
}
