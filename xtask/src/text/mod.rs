//! Every sentence `cargo xtask` shows a student or an instructor, in English
//! and Simplified Chinese side by side: one catalogue per command, written
//! with the grader's [`grader::text::catalogue!`] (placeholders checked at
//! compile time, a test that every entry has both languages).

pub(crate) mod check;
pub(crate) mod course;
pub(crate) mod gradescope;
pub(crate) mod new_exercise;

#[cfg(test)]
mod tests {
    use super::*;
    use grader::text::untranslated;

    #[test]
    fn every_text_is_in_every_language() {
        let problems: Vec<String> = [
            untranslated("check", check::ENTRIES),
            untranslated("course", course::ENTRIES),
            untranslated("gradescope", gradescope::ENTRIES),
            untranslated("new_exercise", new_exercise::ENTRIES),
        ]
        .concat();
        assert!(
            problems.is_empty(),
            "untranslated:\n{}",
            problems.join("\n")
        );
    }
}
