//! `gen-docs`: renders the Registry documentation into `docs/` from the
//! provider's schemas and `examples/` (see `terraform_provider_frappe::docs`).
//!
//! ```text
//! cargo run --bin gen-docs               # rewrite docs/
//! cargo run --bin gen-docs -- --check    # only report what is out of date (exit 1)
//! cargo run --bin gen-docs -- --root DIR # another checkout
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use terraform_provider_frappe::docs::{self, sync, Examples};

const USAGE: &str = "usage: gen-docs [--check] [--root DIR]";

fn main() -> ExitCode {
    let mut check = false;
    // The checkout this binary was built from: `cargo run` needs no argument.
    let mut root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--root" => match args.next() {
                Some(dir) => root = PathBuf::from(dir),
                None => return usage_error("--root needs a directory"),
            },
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other => return usage_error(&format!("unknown argument: {other}")),
        }
    }

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
            eprintln!("gen-docs: {error}");
            ExitCode::FAILURE
        }
        Ok(drift) if drift.is_empty() => {
            println!("gen-docs: {} is up to date", docs_dir.display());
            ExitCode::SUCCESS
        }
        Ok(drift) if check => {
            eprintln!(
                "gen-docs: {} is out of date; run `cargo run --bin gen-docs`:\n{}",
                docs_dir.display(),
                drift.describe()
            );
            ExitCode::FAILURE
        }
        Ok(drift) => {
            println!("gen-docs: updated {}:\n{}", docs_dir.display(), drift.describe());
            ExitCode::SUCCESS
        }
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("gen-docs: {message}\n{USAGE}");
    ExitCode::from(2)
}
