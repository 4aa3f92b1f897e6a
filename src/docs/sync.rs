//! Rendered pages against the `docs/` directory on disk: what differs, and
//! writing the pages out. Used by `cargo xtask docs` and by the up-to-date test.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{DocsError, GENERATED_DIRS};

/// How `docs/` differs from the rendered pages; paths are relative to `docs/`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Drift {
    /// Pages whose file holds something else.
    pub changed: Vec<PathBuf>,
    /// Pages with no file yet.
    pub missing: Vec<PathBuf>,
    /// Files in a generated directory that no page produces any more.
    pub stale: Vec<PathBuf>,
}

impl Drift {
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.stale.is_empty()
    }

    /// One line per path: `changed: resources/x.md`.
    pub fn describe(&self) -> String {
        let mut lines = Vec::new();
        for (label, paths) in [
            ("changed", &self.changed),
            ("missing", &self.missing),
            ("stale", &self.stale),
        ] {
            lines.extend(paths.iter().map(|p| format!("  {label}: docs/{}", p.display())));
        }
        lines.join("\n")
    }
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> DocsError + '_ {
    move |source| DocsError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Compares `pages` with the files under `docs_dir`.
pub fn drift(docs_dir: &Path, pages: &[(PathBuf, String)]) -> Result<Drift, DocsError> {
    let mut drift = Drift::default();
    for (relative, contents) in pages {
        let path = docs_dir.join(relative);
        match std::fs::read(&path) {
            Ok(bytes) if bytes == contents.as_bytes() => {}
            Ok(_) => drift.changed.push(relative.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => drift.missing.push(relative.clone()),
            Err(e) => return Err(io_error(&path)(e)),
        }
    }
    let produced: BTreeSet<&Path> = pages.iter().map(|(p, _)| p.as_path()).collect();
    for dir in GENERATED_DIRS {
        for file in files_below(docs_dir, Path::new(dir))? {
            if !produced.contains(file.as_path()) {
                drift.stale.push(file);
            }
        }
    }
    Ok(drift)
}

/// Writes the changed and missing pages and deletes the stale files.
pub fn write(docs_dir: &Path, pages: &[(PathBuf, String)]) -> Result<Drift, DocsError> {
    let drift = drift(docs_dir, pages)?;
    for (relative, contents) in pages {
        if drift.changed.contains(relative) || drift.missing.contains(relative) {
            let path = docs_dir.join(relative);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(io_error(parent))?;
            }
            std::fs::write(&path, contents).map_err(io_error(&path))?;
        }
    }
    for relative in &drift.stale {
        let path = docs_dir.join(relative);
        std::fs::remove_file(&path).map_err(io_error(&path))?;
    }
    Ok(drift)
}

/// Files below `root/relative`, as paths relative to `root`; none if it does not exist.
fn files_below(root: &Path, relative: &Path) -> Result<Vec<PathBuf>, DocsError> {
    let dir = root.join(relative);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_error(&dir)(e)),
    };
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(io_error(&dir))?;
        let child = relative.join(entry.file_name());
        if entry.file_type().map_err(io_error(&dir))?.is_dir() {
            files.extend(files_below(root, &child)?);
        } else {
            files.push(child);
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_then_drift_is_empty_and_stale_files_go() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("resources")).unwrap();
        std::fs::create_dir_all(dir.path().join("guides")).unwrap();
        std::fs::write(dir.path().join("resources/old.md"), "old").unwrap();
        std::fs::write(dir.path().join("guides/mine.md"), "hand-written").unwrap();
        std::fs::write(dir.path().join("index.md"), "outdated").unwrap();
        let pages = vec![
            (PathBuf::from("index.md"), "index\n".to_string()),
            (PathBuf::from("resources/new.md"), "new\n".to_string()),
        ];

        let before = drift(dir.path(), &pages).unwrap();
        assert_eq!(before.changed, vec![PathBuf::from("index.md")]);
        assert_eq!(before.missing, vec![PathBuf::from("resources/new.md")]);
        assert_eq!(before.stale, vec![PathBuf::from("resources/old.md")]);
        assert!(before.describe().contains("stale: docs/resources/old.md"));

        write(dir.path(), &pages).unwrap();
        assert!(drift(dir.path(), &pages).unwrap().is_empty());
        assert!(!dir.path().join("resources/old.md").exists());
        assert!(
            dir.path().join("guides/mine.md").exists(),
            "hand-written pages are left alone"
        );
    }
}
