//! The example files the pages embed verbatim, keyed by their path under
//! `examples/` (`resources/frappe_social_login_key/resource.tf`). Loading
//! them is the only I/O of the docs module; rendering takes the loaded set.

use std::collections::BTreeMap;
use std::path::Path;

use super::DocsError;

/// Extensions of the files pages can embed.
const EMBEDDABLE: &[&str] = &["tf", "sh", "hcl"];

#[derive(Clone, Debug, Default)]
pub struct Examples {
    files: BTreeMap<String, String>,
}

impl Examples {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds or replaces one file; `path` is relative to `examples/`, with `/`.
    pub fn insert(&mut self, path: impl Into<String>, contents: impl Into<String>) {
        self.files.insert(path.into(), contents.into());
    }

    /// The file at `path`, if there is one.
    pub fn get(&self, path: &str) -> Option<&str> {
        self.files.get(path).map(String::as_str)
    }

    /// The file at `path`, or an error naming what is missing.
    pub fn require(&self, path: &str) -> Result<&str, DocsError> {
        self.get(path)
            .ok_or_else(|| DocsError::MissingExample(format!("examples/{path}")))
    }

    /// Reads every embeddable file below `dir`, skipping hidden entries
    /// (`.terraform/` left behind by trying an example by hand).
    pub fn load(dir: &Path) -> Result<Self, DocsError> {
        let mut examples = Self::new();
        load_into(&mut examples, dir, "")?;
        Ok(examples)
    }
}

fn load_into(examples: &mut Examples, dir: &Path, prefix: &str) -> Result<(), DocsError> {
    let io_error = |path: &Path, source: std::io::Error| DocsError::Io {
        path: path.display().to_string(),
        source,
    };
    let entries = std::fs::read_dir(dir).map_err(|e| io_error(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| io_error(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let relative = format!("{prefix}{name}");
        let file_type = entry.file_type().map_err(|e| io_error(&path, e))?;
        if file_type.is_dir() {
            load_into(examples, &path, &format!("{relative}/"))?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EMBEDDABLE.contains(&e))
        {
            let text = std::fs::read_to_string(&path).map_err(|e| io_error(&path, e))?;
            examples.insert(relative, text);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn require_names_the_missing_file() {
        let mut examples = Examples::new();
        examples.insert("provider/provider.tf", "provider \"frappe\" {}\n");
        assert_eq!(
            examples.require("provider/provider.tf").ok(),
            Some("provider \"frappe\" {}\n")
        );
        let error = examples.require("resources/x/resource.tf").unwrap_err();
        assert!(
            error.to_string().contains("examples/resources/x/resource.tf"),
            "{error}"
        );
    }
}
