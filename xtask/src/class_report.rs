//! The class views of `grade`: the summary printed on the terminal and
//! `report.html` next to `grades.csv`, both from one [`ClassModel`].

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use grader::lang::Lang;
use grader::report::{ClassModel, ClassReport, GradebookRow, Paint, utc_date, write_html};

/// Prints the class summary (for more than one submission) and, with
/// `out`, writes `out/report.html`.
pub(crate) fn finish_class(
    ids: &[String],
    rows: &[GradebookRow],
    seed: u64,
    lang: Lang,
    paint: Paint,
    out: Option<&Path>,
    appendix: String,
) -> anyhow::Result<Option<PathBuf>> {
    let model = ClassModel::new(ids, rows);
    if rows.len() > 1 {
        print!("{}", model.render_text(lang, paint));
    }
    let Some(out) = out else {
        return Ok(None);
    };
    let report = ClassReport {
        ids,
        rows,
        seed,
        date: utc_date(std::time::SystemTime::now()),
        version: env!("CARGO_PKG_VERSION").to_string(),
        protections: protections(),
        lang,
        appendix,
    };
    std::fs::create_dir_all(out).with_context(|| format!("cannot create `{}`", out.display()))?;
    let path = out.join("report.html");
    write_html(&path, &report, &model)
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    Ok(Some(path))
}

/// The protections of this grading: how submissions are built and what
/// every run of a student program gets on this machine.
fn protections() -> Vec<String> {
    let mut list = vec![
        "builds inside a fresh copy of the trusted template".to_string(),
        "stdout and stderr capped at 1 MiB".to_string(),
    ];
    let detected = grader::sandbox::protections();
    list.extend(detected.active());
    list.extend(
        detected
            .missing()
            .into_iter()
            .map(|m| format!("not available here: {m}")),
    );
    list
}
