//! Resource limits of a student's program: the checked form of a test file's
//! `limits` table, with the grader's defaults filled in.

use std::time::Duration;

use super::raw::{RawLimits, RawSize};

/// What one run of a student's program may use. The runner sets these on the
/// program before it starts (see `crate::sandbox`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// CPU time of each process.
    pub cpu: Duration,
    /// Address space of each process, in bytes.
    pub memory: u64,
    /// Processes and threads at once, the program itself included.
    pub processes: u64,
    /// Open file descriptors per process.
    pub open_files: u64,
    /// Largest file a process may write, in bytes.
    pub file_size: u64,
}

impl Default for Limits {
    /// Generous enough for every reference solution, threaded servers included.
    fn default() -> Self {
        Limits {
            cpu: Duration::from_secs(10),
            memory: 1 << 30,
            processes: 64,
            open_files: 256,
            file_size: 64 << 20,
        }
    }
}

/// The smallest `memory` accepted: below it a Rust program cannot even start.
const MIN_MEMORY: u64 = 16 << 20;
/// The fewest `open-files` accepted: stdio, a listener and a few connections.
const MIN_OPEN_FILES: u64 = 16;

impl Limits {
    /// `test`'s keys over `defaults`' keys over the grader's defaults, checked.
    pub(crate) fn merge(
        defaults: Option<&RawLimits>,
        test: Option<&RawLimits>,
    ) -> Result<Limits, String> {
        let pick = |f: fn(&RawLimits) -> Option<&RawSize>| {
            test.and_then(f).or_else(|| defaults.and_then(f)).cloned()
        };
        let pick_n = |f: fn(&RawLimits) -> Option<u64>| test.and_then(f).or(defaults.and_then(f));
        let base = Limits::default();
        let size = |key: &str, raw: Option<RawSize>, default: u64| match raw {
            None => Ok(default),
            Some(raw) => parse_size(&raw).map_err(|e| format!("`limits.{key}`: {e}")),
        };
        let limits = Limits {
            cpu: test
                .and_then(|l| l.cpu)
                .or(defaults.and_then(|l| l.cpu))
                .unwrap_or(base.cpu),
            memory: size("memory", pick(|l| l.memory.as_ref()), base.memory)?,
            processes: pick_n(|l| l.processes).unwrap_or(base.processes),
            open_files: pick_n(|l| l.open_files).unwrap_or(base.open_files),
            file_size: size("file-size", pick(|l| l.file_size.as_ref()), base.file_size)?,
        };
        if limits.cpu < Duration::from_millis(100) {
            return Err(format!(
                "`limits.cpu = {:?}` is too short: give at least 100ms",
                limits.cpu
            ));
        }
        if limits.memory < MIN_MEMORY {
            return Err(format!(
                "`limits.memory` ({} bytes) is below the minimum of 16MiB",
                limits.memory
            ));
        }
        if limits.processes == 0 {
            return Err("`limits.processes` must be at least 1".into());
        }
        if limits.open_files < MIN_OPEN_FILES {
            return Err(format!(
                "`limits.open-files = {}` is below the minimum of {MIN_OPEN_FILES}",
                limits.open_files
            ));
        }
        Ok(limits)
    }
}

/// Parses `1048576`, `"1048576"`, `"1MiB"`, `"1.5 GB"` into bytes.
pub(crate) fn parse_size(raw: &RawSize) -> Result<u64, String> {
    let text = match raw {
        RawSize::Bytes(n) => return Ok(*n),
        RawSize::Text(text) => text.trim(),
    };
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let unit_size: u64 = match unit.trim() {
        "" | "B" => 1,
        "KiB" => 1 << 10,
        "MiB" => 1 << 20,
        "GiB" => 1 << 30,
        "TiB" => 1 << 40,
        "KB" | "kB" => 1_000,
        "MB" => 1_000_000,
        "GB" => 1_000_000_000,
        "TB" => 1_000_000_000_000,
        other => {
            return Err(format!(
                "unknown unit `{other}` in `{text}`: use B, KiB, MiB, GiB, KB, MB or GB"
            ));
        }
    };
    let value: f64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a size such as `256MiB`"))?;
    let bytes = value * unit_size as f64;
    if !bytes.is_finite() || bytes >= u64::MAX as f64 {
        return Err(format!("`{text}` is too large"));
    }
    Ok(bytes.round() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> RawSize {
        RawSize::Text(s.into())
    }

    #[test]
    fn sizes_take_binary_and_decimal_units() {
        assert_eq!(parse_size(&text("256MiB")), Ok(256 << 20));
        assert_eq!(parse_size(&text("4 GiB")), Ok(4 << 30));
        assert_eq!(parse_size(&text("1.5KiB")), Ok(1536));
        assert_eq!(parse_size(&text("2GB")), Ok(2_000_000_000));
        assert_eq!(parse_size(&text("123")), Ok(123));
        assert_eq!(parse_size(&RawSize::Bytes(7)), Ok(7));
        assert!(
            parse_size(&text("12 bananas"))
                .unwrap_err()
                .contains("unknown unit")
        );
        assert!(parse_size(&text("MiB")).unwrap_err().contains("not a size"));
    }

    #[test]
    fn a_test_overrides_the_defaults_key_by_key() {
        let defaults = RawLimits {
            memory: Some(text("512MiB")),
            processes: Some(8),
            ..RawLimits::default()
        };
        let test = RawLimits {
            memory: Some(text("4GiB")),
            cpu: Some(Duration::from_secs(2)),
            ..RawLimits::default()
        };
        let limits = Limits::merge(Some(&defaults), Some(&test)).unwrap();
        assert_eq!(limits.memory, 4 << 30);
        assert_eq!(limits.cpu, Duration::from_secs(2));
        assert_eq!(limits.processes, 8);
        assert_eq!(limits.open_files, Limits::default().open_files);
        assert_eq!(Limits::merge(None, None).unwrap(), Limits::default());
    }

    #[test]
    fn nonsense_limits_are_rejected() {
        let tiny = RawLimits {
            memory: Some(RawSize::Bytes(256)),
            ..RawLimits::default()
        };
        assert!(
            Limits::merge(None, Some(&tiny))
                .unwrap_err()
                .contains("below the minimum of 16MiB")
        );
        let no_fds = RawLimits {
            open_files: Some(3),
            ..RawLimits::default()
        };
        assert!(
            Limits::merge(Some(&no_fds), None)
                .unwrap_err()
                .contains("open-files = 3")
        );
    }
}
