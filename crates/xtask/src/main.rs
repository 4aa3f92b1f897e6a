//! Maintainer tasks, run as `cargo xtask <task>` (an alias in `.cargo/config.toml`).
//!
//! ```text
//! cargo xtask docs               # render docs/ from the schemas and examples/
//! cargo xtask docs --check       # only report what is out of date (exit 1)
//! cargo xtask docs --root DIR    # another checkout
//! cargo xtask conformance record (frappe|authentik) --out DIR
//! cargo xtask conformance replay DIR
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use terraform_provider_frappe::docs::{self, sync, Examples};

const USAGE: &str = "usage: cargo xtask docs [--check] [--root DIR] | cargo xtask conformance …";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    match args.next().as_deref() {
        Some("docs") => docs_task(args),
        Some("conformance") => xtask::conformance::task(args),
        Some("-h" | "--help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => usage_error(&format!("unknown task: {other}")),
        None => usage_error("name a task"),
    }
}

fn docs_task(mut args: impl Iterator<Item = String>) -> ExitCode {
    let mut check = false;
    // The checkout this binary was built from: `cargo xtask docs` needs no argument.
    let mut root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--root" => match args.next() {
                Some(dir) => root = PathBuf::from(dir),
                None => return usage_error("--root needs a directory"),
            },
            other => return usage_error(&format!("unknown argument: {other}")),
        }
    }
    let root = root.canonicalize().unwrap_or(root);
    let docs_dir = root.join("docs");
    let result = Examples::load(&root.join("examples")).and_then(|examples| {
        let pages = docs::generate(&examples)?;
        if check {
            sync::drift(&docs_dir, &pages)
        } else {
            sync::write(&docs_dir, &pages)
        }
    });
    match result {
        Err(error) => {
            eprintln!("xtask docs: {error}");
            ExitCode::FAILURE
        }
        Ok(drift) if drift.is_empty() => {
            println!("xtask docs: {} is up to date", docs_dir.display());
            ExitCode::SUCCESS
        }
        Ok(drift) if check => {
            eprintln!(
                "xtask docs: {} is out of date; run `cargo xtask docs`:\n{}",
                docs_dir.display(),
                drift.describe()
            );
            ExitCode::FAILURE
        }
        Ok(drift) => {
            println!("xtask docs: updated {}:\n{}", docs_dir.display(), drift.describe());
            ExitCode::SUCCESS
        }
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("xtask: {message}\n{USAGE}");
    ExitCode::from(2)
}
