//! The provider binary. Terraform starts it with go-plugin's environment; run
//! by hand it explains what it is and exits.

use std::process::ExitCode;

use terraform_plugin::plugin::{self, handshake, Mode};
use terraform_provider_frappe::provider::FrappeProvider;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None => {
            let cookie = std::env::var(handshake::MAGIC_COOKIE_KEY).ok();
            if !handshake::cookie_is_valid(cookie.as_deref()) {
                eprint!("{}", handshake::NOT_FOR_HUMANS);
                return ExitCode::FAILURE;
            }
            plugin::serve(FrappeProvider::new(), Mode::Managed)
        }
        Some("--debug" | "-debug") => plugin::serve(FrappeProvider::new(), Mode::Debug),
        Some("--version" | "-version" | "version") => {
            println!("terraform-provider-frappe {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("terraform-provider-frappe: unknown argument {other:?}\n");
            eprint!("{}", handshake::NOT_FOR_HUMANS);
            ExitCode::from(2)
        }
    }
}
