//! Shared harness for acceptance tests: a throw-away Terraform working
//! directory wired to the provider binary under test through a filesystem
//! mirror, driven by the real Terraform engine (see scripts/setup-terraform.sh).
#![allow(dead_code)]

pub mod browser;
pub mod in_process;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const PROVIDER_SOURCE: &str = "terraform.local/frappe/frappe";
pub const PROVIDER_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Where scripts/setup-terraform.sh installs the `terraform` command.
fn installed_terraform() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(".tfbin/terraform")
}

/// Whether an acceptance test (one that drives the real Terraform engine)
/// should be skipped: only when Terraform is not installed and `TF_ACC` is
/// unset, so a plain `cargo test` on a fresh clone passes and says how to run
/// this tier. With `TF_ACC` set (scripts/test.sh sets it), a missing Terraform
/// fails the test loudly: the acceptance tier never passes by skipping in CI.
pub fn skip_acceptance() -> bool {
    if std::env::var_os("TF_ACC_TERRAFORM").is_some() || installed_terraform().exists() {
        return false;
    }
    assert!(
        std::env::var_os("TF_ACC").is_none(),
        "TF_ACC is set but Terraform is not installed: run scripts/setup-terraform.sh (or scripts/test.sh)"
    );
    static NOTICE: std::sync::Once = std::sync::Once::new();
    NOTICE.call_once(|| {
        // Straight to the process's stderr: the test harness swallows
        // `eprintln!` of passing tests, and this line is meant to be seen.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "\nacceptance tier skipped: the real Terraform engine is not installed. Run scripts/test.sh (it \
             installs Terraform and runs every tier), or scripts/setup-terraform.sh and then cargo test.\n"
        );
    });
    true
}

/// The `terraform` command: `$TF_ACC_TERRAFORM`, else the one
/// scripts/setup-terraform.sh installs.
pub fn terraform_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("TF_ACC_TERRAFORM") {
        return PathBuf::from(path);
    }
    let local = installed_terraform();
    assert!(
        local.exists(),
        "Terraform is not installed for the tests: run scripts/setup-terraform.sh (or the README's test command)"
    );
    local
}

pub fn provider_binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_terraform-provider-frappe"))
}

/// The result of one terraform command.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from_output(output: Output) -> Self {
        Self {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Everything printed, with Terraform's line wrapping undone, for
    /// matching sentences.
    pub fn text(&self) -> String {
        self.combined().split_whitespace().collect::<Vec<_>>().join(" ")
    }

    pub fn combined(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }

    /// Panics with everything Terraform printed unless it succeeded.
    pub fn success(self) -> Self {
        assert_eq!(self.code, 0, "terraform failed:\n{}", self.combined());
        self
    }

    pub fn failure(self) -> Self {
        assert_ne!(self.code, 0, "terraform unexpectedly succeeded:\n{}", self.combined());
        self
    }

    /// `-json` output is one JSON object per line.
    pub fn json_lines(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", self.combined()))
    }
}

/// A Terraform working directory with its own CLI config and plugin mirror.
pub struct Workspace {
    root: tempfile::TempDir,
    env: Vec<(String, String)>,
    /// Where Terraform runs, below [`Workspace::dir`].
    subdir: Option<String>,
}

impl Workspace {
    pub fn new() -> Self {
        Self::build(false)
    }

    /// A workspace whose mirror also holds the authentik provider stand-in
    /// as `registry.terraform.io/goauthentik/authentik` 2025.12.1 and
    /// 2026.5.0 (each serving its release's schema), so configurations using
    /// the official provider run unchanged and their version constraint
    /// picks the release.
    pub fn with_authentik() -> Self {
        Self::build(true)
    }

    fn build(with_authentik: bool) -> Self {
        let root = tempfile::Builder::new().prefix("tf-acc-").tempdir().expect("temp dir");
        let mirror = root.path().join("mirror");
        let platform_dir = mirror.join(PROVIDER_SOURCE).join(PROVIDER_VERSION).join(platform());
        std::fs::create_dir_all(&platform_dir).expect("mirror dir");
        let target = platform_dir.join(format!("terraform-provider-frappe_v{PROVIDER_VERSION}"));
        if std::fs::hard_link(provider_binary(), &target).is_err() {
            std::fs::copy(provider_binary(), &target).expect("copy provider");
        }
        let mut mirrored = vec!["terraform.local/*/*".to_string()];
        if with_authentik {
            use authentik_standin::install;
            let binary = install::provider_binary().expect("the authentik provider stand-in");
            install::install_into_mirror(&binary, &mirror).expect("the authentik provider in the mirror");
            mirrored.push(install::SOURCE_ADDRESS.to_string());
        }
        let patterns = mirrored.iter().map(|p| format!("{p:?}")).collect::<Vec<_>>().join(", ");
        let cli_config = root.path().join("terraform.rc");
        std::fs::write(
            &cli_config,
            format!(
                "provider_installation {{\n  filesystem_mirror {{\n    path = {mirror:?}\n    include = [{patterns}]\n  }}\n  direct {{\n    exclude = [{patterns}]\n  }}\n}}\n",
                mirror = mirror.display().to_string()
            ),
        )
        .expect("cli config");
        std::fs::create_dir_all(root.path().join("work")).expect("work dir");
        let env = vec![
            ("TF_CLI_CONFIG_FILE".into(), cli_config.display().to_string()),
            ("CHECKPOINT_DISABLE".into(), "1".into()),
            ("TF_IN_AUTOMATION".into(), "1".into()),
            ("TF_INPUT".into(), "0".into()),
        ];
        Self {
            root,
            env,
            subdir: None,
        }
    }

    /// Runs Terraform in `relative` below the workspace directory from now
    /// on (a module's `usage/` example next to the module).
    pub fn run_in(&mut self, relative: &str) {
        self.subdir = Some(relative.to_string());
    }

    /// The directory holding the configuration.
    pub fn dir(&self) -> PathBuf {
        self.root.path().join("work")
    }

    pub fn set_env(&mut self, key: &str, value: &str) {
        self.env.retain(|(k, _)| k != key);
        self.env.push((key.into(), value.into()));
    }

    /// Replaces the configuration (main.tf).
    pub fn write_config(&self, hcl: &str) {
        std::fs::write(self.dir().join("main.tf"), hcl).expect("write main.tf");
    }

    pub fn write_file(&self, name: &str, contents: &str) {
        std::fs::write(self.dir().join(name), contents).expect("write file");
    }

    pub fn terraform(&self, args: &[&str]) -> Run {
        self.terraform_with_env(args, &[])
    }

    pub fn terraform_with_env(&self, args: &[&str], extra_env: &[(&str, &str)]) -> Run {
        let mut command = self.command(args);
        for (k, v) in extra_env {
            command.env(k, v);
        }
        Run::from_output(command.output().expect("run terraform"))
    }

    /// Starts terraform without waiting, its output captured.
    pub fn spawn_terraform(&self, args: &[&str]) -> std::process::Child {
        self.command(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start terraform")
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(terraform_binary());
        let cwd = match &self.subdir {
            Some(relative) => self.dir().join(relative),
            None => self.dir(),
        };
        command.args(args).current_dir(cwd).stdin(Stdio::null());
        // Nothing from the developer's environment may leak into a test.
        for (key, _) in std::env::vars() {
            if key.starts_with("TF_") || key.starts_with("FRAPPE_") || key.starts_with("AUTHENTIK_") {
                command.env_remove(&key);
            }
        }
        for (k, v) in &self.env {
            command.env(k, v);
        }
        command
    }

    pub fn init(&self) -> Run {
        self.terraform(&["init", "-no-color", "-input=false"]).success()
    }

    pub fn apply(&self) -> Run {
        self.terraform(&["apply", "-auto-approve", "-no-color", "-input=false"])
    }

    /// `terraform plan -detailed-exitcode`: 0 = no changes, 2 = changes.
    pub fn plan(&self) -> Run {
        self.terraform(&["plan", "-detailed-exitcode", "-no-color", "-input=false"])
    }

    /// Asserts that a plan finds nothing to do.
    pub fn assert_no_changes(&self) {
        let run = self.plan();
        assert_eq!(run.code, 0, "expected an empty plan:\n{}", run.combined());
    }

    pub fn destroy(&self) -> Run {
        self.terraform(&["destroy", "-auto-approve", "-no-color", "-input=false"])
    }

    /// The state as `terraform show -json` prints it.
    pub fn show_json(&self) -> serde_json::Value {
        self.terraform(&["show", "-json", "-no-color"]).success().json()
    }

    /// The attribute values of one resource in state, by address.
    pub fn resource_values(&self, address: &str) -> serde_json::Value {
        let state = self.show_json();
        let resources = state["values"]["root_module"]["resources"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        resources
            .into_iter()
            .find(|r| r["address"] == address)
            .map(|r| r["values"].clone())
            .unwrap_or_else(|| panic!("{address} not in state: {state}"))
    }
}

pub fn platform() -> String {
    let os = std::env::consts::OS;
    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        other => other,
    };
    format!("{os}_{arch}")
}

/// The `terraform { required_providers … }` block every test configuration needs.
pub fn required_providers() -> String {
    format!("terraform {{\n  required_providers {{\n    frappe = {{\n      source = \"{PROVIDER_SOURCE}\"\n    }}\n  }}\n}}\n")
}

/// Every Has Role row a user holds on the emulated site, sorted (a duplicated
/// row shows twice).
pub fn stored_roles(emulator: &frappe_emulator::Emulator, email: &str) -> Vec<String> {
    let user = emulator
        .document_of("User", email)
        .unwrap_or_else(|| panic!("{email} missing"));
    let mut roles: Vec<String> = user["roles"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .filter_map(|r| r["role"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    roles.sort();
    roles
}
