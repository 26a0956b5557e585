//! `--handed-in FILE`: when each submission was handed in, as the hosting
//! service or LMS reports it (a push time, a Classroom submission time),
//! which an instructor can trust more than a commit's own date.
//!
//! The file is a CSV with the header `submission,time`; `time` is an RFC 3339
//! date-time with its UTC offset (`2026-12-01T23:59:00+08:00`). A submission
//! it does not list falls back to its `HEAD` commit's time.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::Timestamp;

/// A problem with the handed-in file.
#[derive(Debug, thiserror::Error)]
pub enum HandedError {
    /// The file is not valid CSV.
    #[error("{}: {source}", .path.display())]
    Csv {
        path: PathBuf,
        #[source]
        source: csv::Error,
    },
    /// A line is wrong.
    #[error("{}:{line}: {message}", .path.display())]
    Line {
        path: PathBuf,
        line: u64,
        message: String,
    },
}

/// Reads `path`: submission name → the time it was handed in.
pub fn read_handed_in(path: &Path) -> Result<BTreeMap<String, Timestamp>, HandedError> {
    let csv_error = |source| HandedError::Csv {
        path: path.to_path_buf(),
        source,
    };
    let line_error = |line: u64, message: String| HandedError::Line {
        path: path.to_path_buf(),
        line,
        message,
    };
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(path)
        .map_err(csv_error)?;
    let headers = reader.headers().map_err(csv_error)?.clone();
    if headers.iter().collect::<Vec<_>>() != ["submission", "time"] {
        let found = headers.iter().collect::<Vec<_>>().join(",");
        return Err(line_error(
            1,
            format!("the header is `{found}`; it must be `submission,time`"),
        ));
    }
    let mut times = BTreeMap::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let line = record.position().map_or(0, csv::Position::line);
        let (name, time) = (&record[0], &record[1]);
        let time: Timestamp = time.parse().map_err(|e| {
            line_error(line, format!("`{time}` is not a date-time with its UTC offset, such as 2026-12-01T23:59:00+08:00: {e}"))
        })?;
        if name.is_empty() {
            return Err(line_error(line, "empty `submission`".into()));
        }
        if times.insert(name.to_string(), time).is_some() {
            return Err(line_error(line, format!("`{name}` is listed twice")));
        }
    }
    Ok(times)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_read_and_bad_lines_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("handed.csv");
        let read = |text: &str| {
            std::fs::write(&path, text).unwrap();
            read_handed_in(&path)
        };
        let times =
            read("submission,time\nann,2026-12-01T23:00:00+08:00\nbob, 2026-12-02T00:00:00Z\n")
                .unwrap();
        assert_eq!(
            times["ann"],
            "2026-12-01T15:00:00Z".parse::<Timestamp>().unwrap()
        );
        assert_eq!(times.len(), 2);
        let err = |text: &str| read(text).unwrap_err().to_string();
        assert!(err("name,time\n").contains(":1: the header is `name,time`"));
        assert!(
            err("submission,time\nann,2026-12-01T23:00:00\n")
                .contains(":2: `2026-12-01T23:00:00` is not a date-time with its UTC offset")
        );
        assert!(
            err("submission,time\nann,2026-12-01T23:00:00Z\nann,2026-12-01T23:00:00Z\n")
                .contains(":3: `ann` is listed twice")
        );
    }
}
