//! Known-wrong variants: unified diffs against a solution's `src/`, each
//! opened by a few lines that say what is wrong.

use std::path::{Path, PathBuf};

use super::{BuildError, copy_tree};

/// A variant, applied.
#[derive(Clone, Debug)]
pub struct Variant {
    /// The patch file's stem, such as `one-read-one-message`.
    pub name: String,
    /// The text before the first `--- ` line: what is wrong with it.
    pub description: String,
}

/// Copies `solution_src` to `dest` and applies the patch at `path` to it.
/// File names in the patch are relative to the exercise folder: `a/src/main.rs`
/// for a program (`solution_src` is then its `src/`), `a/answers.toml` for a
/// quiz (`solution_src` is the quiz folder).
pub fn apply_variant(path: &Path, solution_src: &Path, dest: &Path) -> Result<Variant, BuildError> {
    let fail = |message: String| BuildError::Patch {
        path: path.to_path_buf(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|source| BuildError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if dest.exists() {
        std::fs::remove_dir_all(dest).map_err(|source| BuildError::Io {
            path: dest.to_path_buf(),
            source,
        })?;
    }
    copy_tree(solution_src, dest)?;
    let first = text
        .find("--- ")
        .ok_or_else(|| fail("no `--- ` line: is it a unified diff?".into()))?;
    let description = text[..first].trim().to_string();
    for section in split_files(&text[first..]) {
        let patch = diffy::Patch::from_str(section).map_err(|e| fail(e.to_string()))?;
        let target = patch
            .modified()
            .map(|name| name.trim_start_matches("b/").to_string())
            .ok_or_else(|| fail("a section has no `+++` file name".into()))?;
        // A program's variant patches `src/…`; a quiz's patches its top-level
        // `answers.toml`, and `solution_src` is then the quiz folder itself.
        let relative = match target.strip_prefix("src/") {
            Some(relative) => relative,
            None if !target.contains('/') => target.as_str(),
            None => return Err(fail(format!("`{target}` is not under `src/`"))),
        };
        let file: PathBuf = dest.join(relative);
        let original = std::fs::read_to_string(&file)
            .map_err(|_| fail(format!("no file `{target}` in the solution")))?;
        let patched =
            diffy::apply(&original, &patch).map_err(|e| fail(format!("{target}: {e}")))?;
        std::fs::write(&file, patched).map_err(|source| BuildError::Io {
            path: file.clone(),
            source,
        })?;
    }
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Variant { name, description })
}

/// Splits a multi-file diff into one section per file.
fn split_files(diff: &str) -> Vec<&str> {
    let mut starts: Vec<usize> = diff.match_indices("\n--- ").map(|(i, _)| i + 1).collect();
    starts.insert(0, 0);
    starts.push(diff.len());
    starts.windows(2).map(|w| &diff[w[0]..w[1]]).collect()
}
