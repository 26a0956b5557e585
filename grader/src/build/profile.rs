//! The one build profile of graded code, decided here and nowhere else.
//!
//! Graded code is built with `opt-level = 1`: a correct but quadratic scan
//! of a 1 MiB message must not time out because the build was unoptimised
//! (the runner's deadlines assume it), while the build stays fast. Debug
//! assertions and overflow checks stay on, as a student's own debug build
//! has them. The profile is part of every build-cache key.

/// How graded code is compiled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Profile {
    /// `opt-level`.
    pub opt_level: u8,
}

/// The profile of every build of graded code: `check`, `verify` and `grade`.
pub const GRADED: Profile = Profile { opt_level: 1 };

impl Profile {
    /// The `[profile.dev]` table of the grader's workspace manifest.
    pub fn manifest_table(&self) -> String {
        format!(
            "[profile.dev]\nopt-level = {}\ndebug = 0\ndebug-assertions = true\noverflow-checks = true\nincremental = false\n",
            self.opt_level
        )
    }

    /// The `rustc` options cargo passes for this profile, for a bare `rustc`
    /// of the same code (the bench's floor).
    pub fn rustc_args(&self) -> Vec<String> {
        [
            "-C".to_string(),
            format!("opt-level={}", self.opt_level),
            "-C".into(),
            "debug-assertions=on".into(),
            "-C".into(),
            "overflow-checks=on".into(),
            "-C".into(),
            "embed-bitcode=no".into(),
            "-C".into(),
            "strip=debuginfo".into(),
        ]
        .into()
    }

    /// What the cache key holds of the profile.
    pub fn key(&self) -> String {
        self.manifest_table()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graded_code_is_built_with_opt_level_1() {
        assert!(GRADED.manifest_table().contains("opt-level = 1"));
        assert!(GRADED.rustc_args().contains(&"opt-level=1".to_string()));
    }
}
