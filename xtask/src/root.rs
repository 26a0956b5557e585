//! Where the workspace is, found when the command runs, never baked in at
//! compile time: a copied folder (with its `target/`) acts on itself.

use std::path::{Path, PathBuf};

use anyhow::bail;

/// The workspace root: the folder holding `Cargo.toml` and `xtask/Cargo.toml`.
///
/// Looked for, in order, from the manifest folder `cargo run` names at run
/// time (`CARGO_MANIFEST_DIR` in the environment), the current folder and its
/// parents, then the folders above this binary (`target/debug/xtask`).
pub(crate) fn project_root() -> anyhow::Result<PathBuf> {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    let cwd = std::env::current_dir().ok();
    let exe = std::env::current_exe().ok();
    find_root(manifest_dir.as_deref(), cwd.as_deref(), exe.as_deref())
}

/// [`project_root`] over given places (for tests).
pub(crate) fn find_root(
    manifest_dir: Option<&Path>,
    cwd: Option<&Path>,
    exe: Option<&Path>,
) -> anyhow::Result<PathBuf> {
    let from_manifest = manifest_dir.and_then(Path::parent).filter(|d| is_root(d));
    let above = |start: Option<&Path>| {
        start.and_then(|start| {
            start
                .ancestors()
                .find(|d| is_root(d))
                .map(Path::to_path_buf)
        })
    };
    if let Some(root) = from_manifest
        .map(Path::to_path_buf)
        .or_else(|| above(cwd))
        .or_else(|| above(exe))
    {
        return Ok(root);
    }
    bail!(
        "cannot find the netlab workspace (a folder with `Cargo.toml` and `xtask/Cargo.toml`): run `cargo xtask` inside it"
    )
}

fn is_root(dir: &Path) -> bool {
    dir.join("Cargo.toml").is_file() && dir.join("xtask/Cargo.toml").is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("xtask/src")).unwrap();
        std::fs::write(dir.path().join("Cargo.toml"), "[workspace]\n").unwrap();
        std::fs::write(dir.path().join("xtask/Cargo.toml"), "[package]\n").unwrap();
        dir
    }

    #[test]
    fn the_root_is_found_where_the_command_runs() {
        let copy = workspace();
        let other = workspace();
        let root = copy.path();
        // `cargo run` in the copy names the copy's manifest folder.
        assert_eq!(
            find_root(Some(&root.join("xtask")), Some(other.path()), None).unwrap(),
            root
        );
        // Without it: the current folder or one above it, then the binary's place.
        assert_eq!(
            find_root(None, Some(&root.join("xtask/src")), None).unwrap(),
            root
        );
        let exe = root.join("target/debug/xtask");
        assert_eq!(find_root(None, None, Some(&exe)).unwrap(), root);
        let nowhere = tempfile::tempdir().unwrap();
        let err = find_root(None, Some(nowhere.path()), None).unwrap_err();
        assert!(err.to_string().contains("cannot find the netlab workspace"));
    }
}
