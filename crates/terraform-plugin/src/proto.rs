//! Code generated from `proto/` by `build.rs`.

#[allow(clippy::all, clippy::pedantic, missing_docs)]
pub mod tfplugin6 {
    tonic::include_proto!("tfplugin6");
}

/// go-plugin's own services (package `plugin`).
#[allow(clippy::all, clippy::pedantic, missing_docs)]
pub mod go_plugin {
    tonic::include_proto!("plugin");
}
