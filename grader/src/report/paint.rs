//! Colours for terminal output, off for pipes and when `NO_COLOR` is set.

use anstyle::{AnsiColor, Effects, Style};

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
        self.apply(text, AnsiColor::Green.on_default())
    }

    /// Red, for failures and removed text.
    pub fn red(self, text: &str) -> String {
        self.apply(text, AnsiColor::Red.on_default())
    }

    /// Yellow, for hints and warnings.
    pub fn yellow(self, text: &str) -> String {
        self.apply(text, AnsiColor::Yellow.on_default())
    }

    /// Dim, for context.
    pub fn dim(self, text: &str) -> String {
        self.apply(text, Style::new().effects(Effects::DIMMED))
    }

    /// Bold, for headings.
    pub fn bold(self, text: &str) -> String {
        self.apply(text, Style::new().bold())
    }

    fn apply(self, text: &str, style: Style) -> String {
        if self.color {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    }
}
