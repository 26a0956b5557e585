//! Grades in an LMS's import format, from a roster that maps submission
//! folders to LMS identities.
//!
//! The roster is a CSV file with a header row: `submission` (the folder
//! name, required) and any of `name`, `first_name`, `last_name`, `id`,
//! `sis_user_id`, `sis_login_id`, `section`, `email`, `username`,
//! `id_number`. Each LMS needs some of them (see [`Lms::needs`]).
//!
//! - Canvas: `Student,ID,SIS User ID,SIS Login ID,Section,<assignment>`.
//! - Moodle: `First name,Last name,ID number,Email address,<grade item>`;
//!   the import maps `Email address` (or `ID number`) to the user.
//! - Blackboard Grade Center: `"Last Name","First Name","Username","Student ID","<column>"`,
//!   every field quoted; `Username` identifies the student.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::policy::ExportColumns;
use super::record::Gradebook;
use crate::report::{neutralize_cell, number};

/// A problem with the roster or the export file.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A file could not be read or written.
    #[error("cannot access `{}`", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The roster is not valid CSV.
    #[error("{}: {source}", .path.display())]
    Csv {
        path: PathBuf,
        #[source]
        source: csv::Error,
    },
    /// A roster line is wrong.
    #[error("{}:{line}: {message}", .path.display())]
    Roster {
        path: PathBuf,
        line: u64,
        message: String,
    },
    /// Graded submissions the roster does not name.
    #[error("the roster `{}` has no line for {}: add them, so no grade is lost", .path.display(), .missing.join(", "))]
    Missing { path: PathBuf, missing: Vec<String> },
}

/// A learning management system.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lms {
    /// Instructure Canvas.
    Canvas,
    /// Moodle.
    Moodle,
    /// Blackboard Learn's Grade Center.
    Blackboard,
}

impl Lms {
    /// Parses `canvas`, `moodle` or `blackboard`.
    pub fn parse(text: &str) -> Option<Lms> {
        match text {
            "canvas" => Some(Lms::Canvas),
            "moodle" => Some(Lms::Moodle),
            "blackboard" => Some(Lms::Blackboard),
            _ => None,
        }
    }

    /// The roster columns of which each line needs at least one, for this LMS to know the student.
    pub fn needs(self) -> &'static [&'static str] {
        match self {
            Lms::Canvas => &["id", "sis_user_id", "sis_login_id"],
            Lms::Moodle => &["email", "id_number"],
            Lms::Blackboard => &["username"],
        }
    }
}

/// The roster columns, `submission` first.
const COLUMNS: [&str; 11] = [
    "submission",
    "name",
    "first_name",
    "last_name",
    "id",
    "sis_user_id",
    "sis_login_id",
    "section",
    "email",
    "username",
    "id_number",
];

/// One student's LMS identity, by roster column.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Identity {
    fields: BTreeMap<String, String>,
}

impl Identity {
    /// The value of `column`, empty when absent.
    pub fn get(&self, column: &str) -> &str {
        self.fields.get(column).map_or("", String::as_str)
    }
}

/// Submission folder → LMS identity.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Roster {
    path: PathBuf,
    students: BTreeMap<String, Identity>,
}

impl Roster {
    /// Reads and checks a roster for `lms`: known columns only, one line per
    /// submission, each line with an identity `lms` can match.
    pub fn load(path: &Path, lms: Lms) -> Result<Roster, ExportError> {
        let csv_error = |source| ExportError::Csv {
            path: path.to_path_buf(),
            source,
        };
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_path(path)
            .map_err(csv_error)?;
        let headers = reader.headers().map_err(csv_error)?.clone();
        let roster_error = |line: u64, message: String| ExportError::Roster {
            path: path.to_path_buf(),
            line,
            message,
        };
        for header in &headers {
            if !COLUMNS.contains(&header) {
                let known = COLUMNS.join(", ");
                return Err(roster_error(
                    1,
                    format!("unknown column `{header}`; the columns are: {known}"),
                ));
            }
        }
        if !headers.iter().any(|h| h == "submission") {
            return Err(roster_error(
                1,
                "no `submission` column (the submission folder's name)".into(),
            ));
        }
        let mut roster = Roster {
            path: path.to_path_buf(),
            students: BTreeMap::new(),
        };
        for record in reader.records() {
            let record = record.map_err(csv_error)?;
            let line = record.position().map_or(0, csv::Position::line);
            let fields: BTreeMap<String, String> = headers
                .iter()
                .zip(record.iter())
                .filter(|(_, v)| !v.is_empty())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect();
            let identity = Identity { fields };
            let name = identity.get("submission").to_string();
            if name.is_empty() {
                return Err(roster_error(line, "empty `submission`".into()));
            }
            if lms.needs().iter().all(|c| identity.get(c).is_empty()) {
                let message = format!(
                    "`{name}` has none of {}: the LMS cannot tell who it is",
                    lms.needs().join(", ")
                );
                return Err(roster_error(line, message));
            }
            if roster.students.insert(name.clone(), identity).is_some() {
                return Err(roster_error(
                    line,
                    format!("`{name}` is on the roster twice"),
                ));
            }
        }
        Ok(roster)
    }

    /// Fails unless every one of `names` is on the roster.
    pub fn covers<'a>(&self, names: impl IntoIterator<Item = &'a str>) -> Result<(), ExportError> {
        let missing: Vec<String> = names
            .into_iter()
            .filter(|n| !self.students.contains_key(*n))
            .map(str::to_string)
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(ExportError::Missing {
                path: self.path.clone(),
                missing,
            })
        }
    }
}

/// Writes `book`'s final totals as `lms`'s import CSV to `path`.
pub fn write_lms_file(
    book: &Gradebook,
    roster: &Roster,
    lms: Lms,
    columns: &ExportColumns,
    path: &Path,
) -> Result<(), ExportError> {
    roster.covers(book.submissions.iter().map(|s| s.name.as_str()))?;
    let io = |source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    };
    let csv_error = |source| ExportError::Csv {
        path: path.to_path_buf(),
        source,
    };
    let quote = if lms == Lms::Blackboard {
        csv::QuoteStyle::Always
    } else {
        csv::QuoteStyle::Necessary
    };
    let mut writer = csv::WriterBuilder::new()
        .quote_style(quote)
        .from_path(path)
        .map_err(csv_error)?;
    writer
        .write_record(lms_header(lms, columns))
        .map_err(csv_error)?;
    for student in &book.submissions {
        let who = &roster.students[&student.name];
        let row = lms_row(lms, who, &number(student.total()));
        writer.write_record(&row).map_err(csv_error)?;
    }
    writer.flush().map_err(io)
}

/// The header row of `lms`'s import file, with the grade column `columns` names.
fn lms_header(lms: Lms, columns: &ExportColumns) -> Vec<&str> {
    match lms {
        Lms::Canvas => vec![
            "Student",
            "ID",
            "SIS User ID",
            "SIS Login ID",
            "Section",
            &columns.canvas,
        ],
        Lms::Moodle => vec![
            "First name",
            "Last name",
            "ID number",
            "Email address",
            &columns.moodle,
        ],
        Lms::Blackboard => vec![
            "Last Name",
            "First Name",
            "Username",
            "Student ID",
            &columns.blackboard,
        ],
    }
}

/// One student's row of `lms`'s import file, every cell neutralised for
/// spreadsheets.
fn lms_row(lms: Lms, who: &Identity, total: &str) -> Vec<String> {
    let name = if who.get("name").is_empty() {
        format!("{}, {}", who.get("last_name"), who.get("first_name"))
    } else {
        who.get("name").to_string()
    };
    let row: Vec<&str> = match lms {
        Lms::Canvas => vec![
            &name,
            who.get("id"),
            who.get("sis_user_id"),
            who.get("sis_login_id"),
            who.get("section"),
            total,
        ],
        Lms::Moodle => vec![
            who.get("first_name"),
            who.get("last_name"),
            who.get("id_number"),
            who.get("email"),
            total,
        ],
        Lms::Blackboard => vec![
            who.get("last_name"),
            who.get("first_name"),
            who.get("username"),
            who.get("id_number"),
            total,
        ],
    };
    row.into_iter()
        .map(|cell| neutralize_cell(cell).into_owned())
        .collect()
}

#[cfg(test)]
#[path = "export_tests.rs"]
mod tests;
