//! CI replay of the committed conformance recordings (`tests/conformance/` of the repository):
//! every exchange must answer as the real system answered, except the exchanges a
//! recording's `known-differences.txt` lists — and those must still differ, so a fix shows up
//! as a list to shorten, never as a silent pass. No recording may hold a token or secret.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use xtask::conformance::recording::{Recording, System};
use xtask::conformance::replay::replay;
use xtask::conformance::secrets::scan;

fn recordings() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/conformance exists")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.join("recording.json").is_file())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "no recordings under {}", root.display());
    dirs
}

/// The exchange names a recording is known not to match yet (`#` starts a comment).
fn known_differences(dir: &Path) -> BTreeSet<String> {
    std::fs::read_to_string(dir.join("known-differences.txt"))
        .unwrap_or_default()
        .lines()
        .map(|line| line.split('#').next().unwrap_or_default().trim().to_string())
        .filter(|line| !line.is_empty())
        .collect()
}

fn dir_name(dir: &Path) -> String {
    dir.file_name().unwrap_or_default().to_string_lossy().into_owned()
}

#[test]
fn every_recording_replays_as_recorded_except_its_listed_differences() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let mut failures = Vec::new();
    for dir in recordings() {
        let name = dir_name(&dir);
        let known = known_differences(&dir);
        let report = runtime.block_on(replay(&dir)).expect("the replay runs");
        let names: BTreeSet<&str> = report.exchanges.iter().map(|e| e.name.as_str()).collect();
        for listed in &known {
            if !names.contains(listed.as_str()) {
                failures.push(format!(
                    "{name}: known-differences.txt lists `{listed}`, which the recording does not have"
                ));
            }
        }
        for outcome in &report.exchanges {
            match (known.contains(&outcome.name), outcome.differences.is_empty()) {
                (false, false) => failures.extend(outcome.lines().map(|line| format!("{name}: {line}"))),
                (true, true) => failures.push(format!(
                    "{name}: `{}` matches now; remove it from known-differences.txt and the README's counts",
                    outcome.name
                )),
                _ => {}
            }
        }
        eprintln!(
            "{name}: {} ({} listed as known differences)",
            report.summary(),
            known.len()
        );
    }
    assert!(failures.is_empty(), "conformance replay:\n{}", failures.join("\n"));
}

#[test]
fn no_recording_holds_a_token_or_secret() {
    let mut findings = Vec::new();
    for dir in recordings() {
        for entry in std::fs::read_dir(&dir).expect("a recording directory") {
            let path = entry.expect("a directory entry").path();
            if path.extension().is_some_and(|ext| ext == "json") {
                let text = std::fs::read_to_string(&path).expect("readable");
                let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
                for finding in scan(&value) {
                    findings.push(format!("{}: {} ({})", path.display(), finding.pointer, finding.reason));
                }
            }
        }
    }
    assert!(
        findings.is_empty(),
        "recordings hold credentials:\n{}",
        findings.join("\n")
    );
}

#[test]
fn recordings_are_large_enough_and_name_each_exchange_once() {
    for dir in recordings() {
        let recording = Recording::load(&dir).expect("a recording");
        let minimum = match recording.system {
            System::Frappe => 150,
            System::Authentik => 100,
        };
        let derived = matches!(
            recording.origin,
            xtask::conformance::recording::Origin::DerivedFromSource(_)
        );
        if !derived {
            assert!(
                recording.exchanges.len() >= minimum,
                "{}: {} exchanges, fewer than {minimum}",
                dir_name(&dir),
                recording.exchanges.len()
            );
        }
        let mut seen = BTreeSet::new();
        for exchange in &recording.exchanges {
            assert!(
                seen.insert(&exchange.name),
                "{}: `{}` twice",
                dir_name(&dir),
                exchange.name
            );
        }
    }
}
