//! Documentation in the Terraform Registry's layout — what `tfplugindocs`
//! produces for Go providers — rendered from the provider's own schemas and
//! the files under `examples/`, so the docs cannot drift from the code.
//!
//! - [`examples`]: the example files pages embed, loaded once from disk.
//! - [`schema_md`]: a schema as Markdown (`## Schema`, flags, nested sections).
//! - [`pages`]: resource and data source pages; [`function_md`]: function pages.
//! - [`template`]: the `{{ … }}` directives of hand-written pages such as
//!   `templates/index.md.tmpl`, the provider's front page.
//! - [`sync`]: rendered pages against `docs/` on disk — the drift, and writing.
//!
//! Rendering is pure: [`generate`] takes the examples and returns
//! `(path relative to docs/, contents)` pairs. `cargo xtask docs` (crates/xtask) writes
//! them; `tests/docs_up_to_date.rs` compares them with the committed `docs/`.

pub mod examples;
pub mod function_md;
pub mod markdown;
pub mod pages;
pub mod schema_md;
pub mod sync;
pub mod template;

use std::path::{Component, Path, PathBuf};

use crate::provider::FrappeProvider;
pub use examples::Examples;
use terraform_plugin::framework::Provider;

/// The provider's name as the Registry shows it in page titles.
pub const PROVIDER_NAME: &str = "terraform-provider-frappe";

/// The provider's front page, before its directives are filled in.
const INDEX_TEMPLATE: &str = include_str!("templates/index.md.tmpl");

/// The subdirectories of docs/ whose every file the generator writes (and
/// deletes when stale). Anything else there, say `guides/`, is hand-written.
pub const GENERATED_DIRS: &[&str] = &["resources", "data-sources", "list-resources", "functions"];

/// Why the docs could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum DocsError {
    /// A page needs an example file that is not there.
    #[error("{0} is missing: every resource, data source and function page shows an example")]
    MissingExample(String),
    /// A hand-written template uses a directive wrongly.
    #[error("{template}: {message}")]
    Template { template: String, message: String },
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// Every page of the provider's documentation, sorted by path.
pub fn generate(examples: &Examples) -> Result<Vec<(PathBuf, String)>, DocsError> {
    let provider = FrappeProvider::new();
    let mut docs = Vec::new();

    let provider_schema = schema_md::schema_section(&provider.schema().block);
    let offerings = offerings(&provider);
    let context = template::Context {
        schema: &provider_schema,
        offerings: &offerings,
        examples,
    };
    let index = template::fill("src/docs/templates/index.md.tmpl", INDEX_TEMPLATE, &context)?;
    docs.push((PathBuf::from("index.md"), schema_md::tidy(&index)));

    for resource in provider.resources() {
        let schema = resource.schema();
        let identity = resource.identity_schema();
        let page = pages::resource_page(
            &pages::ResourceDocs {
                type_name: resource.type_name(),
                schema: &schema,
                identity: identity.as_ref(),
                import_notes: resource.import_notes(),
            },
            examples,
        )?;
        docs.push((page_path("resources", resource.type_name(), provider.name()), page));
    }
    for data_source in provider.data_sources() {
        let page = pages::data_source_page(data_source.type_name(), &data_source.schema(), examples)?;
        docs.push((
            page_path("data-sources", data_source.type_name(), provider.name()),
            page,
        ));
    }
    for list_resource in provider.list_resources() {
        let page = pages::list_resource_page(list_resource.type_name(), &list_resource.schema(), examples)?;
        docs.push((
            page_path("list-resources", list_resource.type_name(), provider.name()),
            page,
        ));
    }
    for function in provider.functions() {
        let page = function_md::function_page(function.name(), &function.signature(), examples)?;
        docs.push((Path::new("functions").join(format!("{}.md", function.name())), page));
    }
    docs.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(docs)
}

/// The bullet list of everything the provider offers, read from its one
/// registration list: a type's first sentence says what it is.
fn offerings(provider: &FrappeProvider) -> String {
    let mut lines = Vec::new();
    for resource in provider.resources() {
        let schema = resource.schema();
        lines.push(format!(
            "- the resource `{}`: {}",
            resource.type_name(),
            first_sentence(&schema.block.description)
        ));
    }
    for data_source in provider.data_sources() {
        let schema = data_source.schema();
        lines.push(format!(
            "- the data source `{}`: {}",
            data_source.type_name(),
            first_sentence(&schema.block.description)
        ));
    }
    for list_resource in provider.list_resources() {
        lines.push(format!(
            "- the list resource `{}` (Terraform 1.14 or later, `terraform query`): finds existing {}s to import.",
            list_resource.type_name(),
            list_resource
                .type_name()
                .trim_start_matches("frappe_")
                .replace('_', " ")
        ));
    }
    for function in provider.functions() {
        let signature = function.signature();
        let arguments: Vec<&str> = signature.parameters.iter().map(|p| p.name.as_str()).collect();
        lines.push(format!(
            "- the function `provider::{}::{}({})`: {}.",
            provider.name(),
            function.name(),
            arguments.join(", "),
            first_sentence(signature.summary.trim_end_matches('.'))
        ));
    }
    lines.join("\n")
}

/// The first sentence of a description, for a one-line summary.
fn first_sentence(text: &str) -> String {
    let paragraph = text.split("\n\n").next().unwrap_or(text).trim();
    let end = paragraph.find(". ").map_or(paragraph.len(), |i| i + 1);
    let sentence = paragraph[..end].trim();
    let mut chars = sentence.chars();
    match chars.next() {
        // "A **User** of …" reads as a list item after "the resource `x`: ".
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `resources/social_login_key.md` for `frappe_social_login_key`: the
/// Registry's file names leave out the provider prefix.
fn page_path(dir: &str, type_name: &str, provider: &str) -> PathBuf {
    let short = type_name
        .strip_prefix(provider)
        .and_then(|rest| rest.strip_prefix('_'))
        .unwrap_or(type_name);
    Path::new(dir).join(format!("{short}.md"))
}

/// Whether the generator owns `relative` (a path under docs/): `index.md`
/// and everything in [`GENERATED_DIRS`].
pub fn is_generated(relative: &Path) -> bool {
    let mut components = relative.components();
    match (components.next(), components.next()) {
        (Some(Component::Normal(first)), None) => first == "index.md",
        (Some(Component::Normal(first)), Some(_)) => GENERATED_DIRS.iter().any(|d| first == *d),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_paths_drop_the_provider_prefix() {
        assert_eq!(
            page_path("resources", "frappe_social_login_key", "frappe"),
            PathBuf::from("resources/social_login_key.md")
        );
        assert_eq!(
            page_path("data-sources", "other", "frappe"),
            PathBuf::from("data-sources/other.md")
        );
    }

    #[test]
    fn the_generator_owns_the_index_and_the_type_directories_only() {
        assert!(is_generated(Path::new("index.md")));
        assert!(is_generated(Path::new("resources/social_login_key.md")));
        assert!(is_generated(Path::new("functions/x.md")));
        assert!(!is_generated(Path::new("guides/sso.md")));
        assert!(!is_generated(Path::new("README.md")));
    }

    #[test]
    fn without_examples_generation_names_the_first_missing_file() {
        let error = generate(&Examples::new()).unwrap_err().to_string();
        assert!(error.contains("examples/provider/provider.tf"), "{error}");
    }
}
