//! The maintainer tasks behind `cargo xtask`, as a library so integration tests can run them
//! (the CI replay of the conformance recordings).

pub mod conformance;
