//! The committed docs/ must be what `cargo xtask docs` renders from the current
//! schemas, examples and templates: a schema or example change without
//! regenerated docs fails here (as tfplugindocs' "generate, then git diff"
//! check does in Go providers' CI).

use std::path::Path;

use terraform_provider_frappe::docs::{self, sync, Examples};

#[test]
fn committed_docs_match_the_generator() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let examples = Examples::load(&root.join("examples")).expect("examples/ is readable");
    let pages = docs::generate(&examples).unwrap_or_else(|e| panic!("the docs cannot be rendered: {e}"));
    let drift = sync::drift(&root.join("docs"), &pages).expect("docs/ is readable");
    assert!(
        drift.is_empty(),
        "docs/ is out of date; run `cargo xtask docs` and commit the result:\n{}",
        drift.describe()
    );
}

#[test]
fn every_type_the_provider_offers_has_a_page() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let examples = Examples::load(&root.join("examples")).expect("examples/ is readable");
    let pages = docs::generate(&examples).expect("docs render");
    let paths: Vec<String> = pages.iter().map(|(p, _)| p.display().to_string()).collect();
    for expected in [
        "index.md",
        "resources/social_login_key.md",
        "data-sources/social_login_key.md",
        "data-sources/social_login_keys.md",
        "functions/social_login_redirect_url.md",
    ] {
        assert!(
            paths.iter().any(|p| p == expected),
            "{expected} not generated: {paths:?}"
        );
    }
}
