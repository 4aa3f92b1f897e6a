//! Compiles the plugin protocol definitions in `proto/` with the pure-Rust
//! `protox` compiler, so a build needs nothing but cargo (no system `protoc`).

/// The protocol definitions live at the top of the repository, where
/// maintainers of Terraform providers expect them.
const PROTO_DIR: &str = "../../proto";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let protos = ["tfplugin6.proto", "grpc_controller.proto"];
    for proto in protos {
        println!("cargo:rerun-if-changed={PROTO_DIR}/{proto}");
    }
    let descriptors = protox::compile(protos, [PROTO_DIR])?;
    tonic_prost_build::configure()
        // Every RPC we do not serve answers Unimplemented, which Terraform
        // handles for the optional ones (identity, list resources, actions…).
        .generate_default_stubs(true)
        .compile_fds(descriptors)?;
    Ok(())
}
