//! scripts/release.sh and scripts/install.sh, run on the debug binary under
//! test (`--binary`, so no release build happens here): the archive layout
//! the Registry expects, the tag check, and an install that a plain
//! `terraform init` — no CLI configuration at all — picks up.
#![allow(clippy::unwrap_used)] // a test reports failure by panicking

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::{platform, provider_binary, Workspace, PROVIDER_SOURCE, PROVIDER_VERSION};

fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts").join(name)
}

fn run(command: &mut Command) -> Output {
    command.output().expect("run script")
}

fn text(output: &Output) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn release(dist: &Path, tag: &str) -> Output {
    run(Command::new("bash")
        .arg(script("release.sh"))
        .arg("--binary")
        .arg(provider_binary())
        .arg("--dist")
        .arg(dist)
        .env("RELEASE_TAG", tag))
}

/// Runs a Python snippet (python3 is on every machine the scripts support)
/// and returns its stdout as JSON.
fn python_json(code: &str, args: &[&Path]) -> serde_json::Value {
    let output = run(Command::new("python3").arg("-c").arg(code).args(args));
    assert!(output.status.success(), "python3 failed: {}", text(&output));
    serde_json::from_slice(&output.stdout).expect("JSON from python")
}

fn file_names(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn release_packages_the_binary_as_the_registry_expects() {
    let dist = tempfile::tempdir().unwrap();
    let output = release(dist.path(), &format!("v{PROVIDER_VERSION}"));
    assert!(output.status.success(), "{}", text(&output));

    let zip = format!("terraform-provider-frappe_{PROVIDER_VERSION}_{}.zip", platform());
    let sums = format!("terraform-provider-frappe_{PROVIDER_VERSION}_SHA256SUMS");
    let manifest = format!("terraform-provider-frappe_{PROVIDER_VERSION}_manifest.json");
    assert_eq!(
        file_names(dist.path()),
        BTreeSet::from([zip.clone(), sums.clone(), manifest.clone()])
    );

    // One member, named as Terraform looks for it, executable, holding the binary.
    let extracted = dist.path().join("extracted");
    let members = python_json(
        "import json, sys, zipfile\n\
         z = zipfile.ZipFile(sys.argv[1])\n\
         infos = z.infolist()\n\
         open(sys.argv[2], 'wb').write(z.read(infos[0]))\n\
         print(json.dumps([{'name': i.filename, 'mode': i.external_attr >> 16, 'system': i.create_system} for i in infos]))",
        &[&dist.path().join(&zip), &extracted],
    );
    let members = members.as_array().unwrap();
    assert_eq!(members.len(), 1, "{members:?}");
    assert_eq!(
        members[0]["name"],
        format!("terraform-provider-frappe_v{PROVIDER_VERSION}")
    );
    let mode = members[0]["mode"].as_u64().unwrap();
    assert_eq!(mode & 0o111, 0o111, "member is not executable: mode {mode:o}");
    assert_eq!(
        members[0]["system"], 3,
        "Unix mode bits are ignored unless the entry says Unix"
    );
    assert!(
        std::fs::read(&extracted).unwrap() == std::fs::read(provider_binary()).unwrap(),
        "the archived binary differs from the one given"
    );

    let shipped: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dist.path().join(&manifest)).unwrap()).unwrap();
    assert_eq!(
        shipped,
        serde_json::json!({"version": 1, "metadata": {"protocol_versions": ["6.0"]}})
    );

    // sha256sum format, covering exactly the zip and the manifest, and correct.
    let listed = std::fs::read_to_string(dist.path().join(&sums)).unwrap();
    let mut names = BTreeSet::new();
    for line in listed.lines() {
        let (hash, name) = line
            .split_once("  ")
            .unwrap_or_else(|| panic!("not sha256sum format: {line:?}"));
        assert!(
            hash.len() == 64 && hash.chars().all(|c| c.is_ascii_hexdigit()),
            "{line:?}"
        );
        let actual = python_json(
            "import hashlib, json, sys; print(json.dumps(hashlib.sha256(open(sys.argv[1], 'rb').read()).hexdigest()))",
            &[&dist.path().join(name)],
        );
        assert_eq!(actual, hash, "{name}");
        names.insert(name.to_string());
    }
    assert_eq!(names, BTreeSet::from([zip, manifest]));
}

#[test]
fn release_refuses_a_tag_that_is_not_the_crate_version() {
    let dist = tempfile::tempdir().unwrap();
    let output = release(dist.path(), "v0.0.0-not-this-one");
    assert!(!output.status.success(), "{}", text(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("refusing") && stderr.contains(&format!("v{PROVIDER_VERSION}")),
        "{}",
        text(&output)
    );
    assert!(file_names(dist.path()).is_empty(), "nothing may be written");
}

#[test]
fn install_puts_the_provider_where_a_plain_terraform_init_finds_it() {
    if support::skip_acceptance() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let output = run(Command::new("bash")
        .arg(script("install.sh"))
        .arg("--binary")
        .arg(provider_binary())
        .env("HOME", home.path()));
    assert!(output.status.success(), "{}", text(&output));
    let installed = home
        .path()
        .join(".terraform.d/plugins")
        .join(PROVIDER_SOURCE)
        .join(PROVIDER_VERSION)
        .join(platform())
        .join(format!("terraform-provider-frappe_v{PROVIDER_VERSION}"));
    assert!(
        installed.is_file(),
        "{} missing\n{}",
        installed.display(),
        text(&output)
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&installed).unwrap().permissions().mode();
        assert_eq!(mode & 0o111, 0o111, "not executable: {mode:o}");
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains(&format!("source  = \"{PROVIDER_SOURCE}\""))
            && stdout.contains(&format!("version = \"{PROVIDER_VERSION}\"")),
        "{stdout}"
    );

    // No provider_installation block anywhere: only the implied mirror in HOME.
    let mut ws = Workspace::new();
    let empty_cli_config = home.path().join("empty.tfrc");
    std::fs::write(&empty_cli_config, "").unwrap();
    ws.set_env("TF_CLI_CONFIG_FILE", &empty_cli_config.display().to_string());
    ws.set_env("HOME", &home.path().display().to_string());
    ws.write_config(&format!(
        "terraform {{\n  required_providers {{\n    frappe = {{\n      source  = \"{PROVIDER_SOURCE}\"\n      version = \"{PROVIDER_VERSION}\"\n    }}\n  }}\n}}\n"
    ));
    let init = ws.init();
    assert!(
        init.stdout
            .contains(&format!("Installed {PROVIDER_SOURCE} v{PROVIDER_VERSION}")),
        "{}",
        init.combined()
    );
    let unpacked = ws
        .dir()
        .join(".terraform/providers")
        .join(PROVIDER_SOURCE)
        .join(PROVIDER_VERSION)
        .join(platform())
        .join(format!("terraform-provider-frappe_v{PROVIDER_VERSION}"));
    assert!(
        std::fs::read(&unpacked).unwrap() == std::fs::read(provider_binary()).unwrap(),
        "{} is not the installed binary",
        unpacked.display()
    );
    // And the installed binary serves Terraform.
    let schema = ws.terraform(&["providers", "schema", "-json"]).success().json();
    assert!(
        schema["provider_schemas"][PROVIDER_SOURCE]["resource_schemas"]["frappe_social_login_key"].is_object(),
        "{schema}"
    );
}

/// With GPG_FINGERPRINT the sums get a detached binary signature that
/// verifies against the signing key, as the Registry checks it. The key is
/// a throwaway one in a keyring made for this test.
#[test]
fn release_signs_the_sums_with_the_key_named_by_gpg_fingerprint() {
    if Command::new("gpg").arg("--version").output().is_err() {
        panic!("gpg is needed to test release signing (Debian package gnupg)");
    }
    let home = tempfile::tempdir().unwrap();
    let gpg = |args: &[&str]| {
        run(Command::new("gpg")
            .args(["--batch", "--no-tty", "--homedir"])
            .arg(home.path())
            .args(args))
    };
    let generated = gpg(&[
        "--passphrase",
        "",
        "--quick-gen-key",
        "Release Test <release-test@example.invalid>",
        "rsa2048",
        "sign",
        "1d",
    ]);
    assert!(generated.status.success(), "{}", text(&generated));
    let listed = gpg(&["--with-colons", "--list-secret-keys"]);
    let listing = String::from_utf8_lossy(&listed.stdout).into_owned();
    let fingerprint = listing
        .lines()
        .find_map(|l| l.strip_prefix("fpr:"))
        .and_then(|rest| rest.split(':').find(|f| f.len() == 40))
        .unwrap_or_else(|| panic!("no fingerprint in {listing}"))
        .to_string();

    let dist = tempfile::tempdir().unwrap();
    let output = run(Command::new("bash")
        .arg(script("release.sh"))
        .arg("--binary")
        .arg(provider_binary())
        .arg("--dist")
        .arg(dist.path())
        .env("RELEASE_TAG", format!("v{PROVIDER_VERSION}"))
        .env("GPG_FINGERPRINT", &fingerprint)
        .env("GNUPGHOME", home.path()));
    assert!(output.status.success(), "{}", text(&output));
    let sums = dist
        .path()
        .join(format!("terraform-provider-frappe_{PROVIDER_VERSION}_SHA256SUMS"));
    let signature = sums.with_file_name(format!("terraform-provider-frappe_{PROVIDER_VERSION}_SHA256SUMS.sig"));
    let bytes = std::fs::read(&signature).unwrap();
    // A binary OpenPGP packet (the Registry wants .sig, not ASCII armour).
    assert!(!bytes.starts_with(b"-----BEGIN"), "the signature is armoured");
    let verified = gpg(&["--verify", signature.to_str().unwrap(), sums.to_str().unwrap()]);
    assert!(verified.status.success(), "{}", text(&verified));
    assert!(text(&verified).contains(&fingerprint[24..]), "{}", text(&verified));

    // A changed sums file no longer verifies.
    std::fs::write(&sums, b"tampered\n").unwrap();
    let tampered = gpg(&["--verify", signature.to_str().unwrap(), sums.to_str().unwrap()]);
    assert!(!tampered.status.success(), "a tampered sums file verified");
}
