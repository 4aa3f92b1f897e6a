//! Driving the real Terraform engine against the provider stand-in: a
//! throw-away working directory whose CLI configuration installs the
//! provider from a filesystem mirror as `registry.terraform.io/goauthentik/authentik`.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use authentik_standin::install;

/// Whether to skip a test that needs Terraform: only when
/// `TF_ACC_TERRAFORM` is unset and `TF_ACC` is unset too (with `TF_ACC`
/// set, a missing Terraform fails the test: this tier never passes by
/// skipping in CI).
pub fn skip_acceptance() -> bool {
    if std::env::var_os("TF_ACC_TERRAFORM").is_some() || installed_terraform().exists() {
        return false;
    }
    assert!(
        std::env::var_os("TF_ACC").is_none(),
        "TF_ACC is set but Terraform is not installed: run scripts/setup-terraform.sh (or set TF_ACC_TERRAFORM)"
    );
    static NOTICE: std::sync::Once = std::sync::Once::new();
    NOTICE.call_once(|| {
        use std::io::Write;
        // Straight to stderr: the harness hides what passing tests print.
        let _ = writeln!(
            std::io::stderr(),
            "\nauthentik-standin: Terraform tier skipped; run scripts/test.sh (or scripts/setup-terraform.sh, or set \
             TF_ACC_TERRAFORM to a terraform binary) to run it.\n"
        );
    });
    true
}

/// Where the repository's scripts/setup-terraform.sh installs `terraform`.
fn installed_terraform() -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.tfbin/terraform")
}

fn terraform_binary() -> PathBuf {
    std::env::var_os("TF_ACC_TERRAFORM").map_or_else(installed_terraform, PathBuf::from)
}

/// The result of one terraform command.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn combined(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }

    /// Everything printed with Terraform's line wrapping undone.
    pub fn text(&self) -> String {
        self.combined()
            .split_whitespace()
            .filter(|w| *w != "│")
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub fn success(self) -> Self {
        assert_eq!(self.code, 0, "terraform failed:\n{}", self.combined());
        self
    }

    pub fn failure(self) -> Self {
        assert_ne!(self.code, 0, "terraform unexpectedly succeeded:\n{}", self.combined());
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", self.combined()))
    }
}

/// A Terraform working directory with its own CLI configuration and mirror.
pub struct Workspace {
    root: tempfile::TempDir,
}

impl Workspace {
    pub fn new() -> Workspace {
        let root = tempfile::Builder::new()
            .prefix("tf-authentik-")
            .tempdir()
            .expect("temp dir");
        let mirror = root.path().join("mirror");
        let binary = PathBuf::from(env!("CARGO_BIN_EXE_terraform-provider-authentik"));
        install::install_into_mirror(&binary, &mirror).expect("provider installed into the mirror");
        let cli_config = root.path().join("terraform.rc");
        std::fs::write(
            &cli_config,
            format!(
                "provider_installation {{\n  filesystem_mirror {{\n    path = {mirror:?}\n    include = [\"{source}\"]\n  }}\n  direct {{\n    exclude = [\"{source}\"]\n  }}\n}}\n",
                mirror = mirror.display().to_string(),
                source = install::SOURCE_ADDRESS,
            ),
        )
        .expect("cli config");
        std::fs::create_dir_all(root.path().join("work")).expect("work dir");
        Workspace { root }
    }

    pub fn dir(&self) -> PathBuf {
        self.root.path().join("work")
    }

    pub fn write_config(&self, hcl: &str) {
        std::fs::write(self.dir().join("main.tf"), hcl).expect("write main.tf");
    }

    pub fn terraform(&self, args: &[&str]) -> Run {
        let mut command = Command::new(terraform_binary());
        command.args(args).current_dir(self.dir()).stdin(Stdio::null());
        for (key, _) in std::env::vars() {
            if key.starts_with("TF_") || key.starts_with("AUTHENTIK_") {
                command.env_remove(&key);
            }
        }
        command
            .env("TF_CLI_CONFIG_FILE", self.root.path().join("terraform.rc"))
            .env("CHECKPOINT_DISABLE", "1")
            .env("TF_IN_AUTOMATION", "1")
            .env("TF_INPUT", "0");
        let output = command.output().expect("run terraform");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    pub fn init(&self) -> Run {
        self.terraform(&["init", "-no-color", "-input=false"]).success()
    }

    pub fn apply(&self) -> Run {
        self.terraform(&["apply", "-auto-approve", "-no-color", "-input=false"])
    }

    /// `plan -detailed-exitcode`: 0 = no changes, 2 = changes.
    pub fn plan(&self) -> Run {
        self.terraform(&["plan", "-detailed-exitcode", "-no-color", "-input=false"])
    }

    pub fn assert_no_changes(&self) {
        let run = self.plan();
        assert_eq!(run.code, 0, "expected an empty plan:\n{}", run.combined());
    }

    /// The attribute values of one resource or data source in state.
    pub fn values(&self, address: &str) -> serde_json::Value {
        let state = self.terraform(&["show", "-json", "-no-color"]).success().json();
        state["values"]["root_module"]["resources"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .find(|r| r["address"] == address)
            .map(|r| r["values"].clone())
            .unwrap_or_else(|| panic!("{address} not in state: {state}"))
    }
}
