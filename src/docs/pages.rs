//! Resource and data source pages, laid out as tfplugindocs lays them out:
//! front matter, title, description, `## Example Usage`, `## Schema`, and for
//! resources `## Import` (identity block, `id` block, CLI command, notes).

use super::examples::Examples;
use super::markdown::{code_fence, front_matter};
use super::schema_md::{identity_section, schema_section, tidy};
use super::{DocsError, PROVIDER_NAME};
use terraform_plugin::protocol::Schema;

const IMPORT_BLOCK_DOCS: &str = "https://developer.hashicorp.com/terraform/language/import";
const IMPORT_COMMAND_DOCS: &str = "https://developer.hashicorp.com/terraform/cli/commands/import";

/// What a resource page is made of besides its examples.
pub struct ResourceDocs<'a> {
    pub type_name: &'a str,
    pub schema: &'a Schema,
    pub identity: Option<&'a Schema>,
    /// Markdown appended to `## Import`: what to expect after importing.
    pub import_notes: Option<&'a str>,
}

/// The page of a managed resource. Needs `resources/<type>/resource.tf`;
/// `import.sh`, `import-by-string-id.tf` and (with an identity)
/// `import-by-identity.tf` fill the import section.
pub fn resource_page(docs: &ResourceDocs<'_>, examples: &Examples) -> Result<String, DocsError> {
    let dir = format!("resources/{}", docs.type_name);
    let example = examples.require(&format!("{dir}/resource.tf"))?;
    let mut page = header(docs.type_name, "Resource", &docs.schema.block.description, example);
    page.push_str(&schema_section(&docs.schema.block));

    let by_identity = match docs.identity {
        Some(identity) => Some((examples.require(&format!("{dir}/import-by-identity.tf"))?, identity)),
        None => None,
    };
    let by_id = examples.get(&format!("{dir}/import-by-string-id.tf"));
    let command = examples.get(&format!("{dir}/import.sh"));
    if by_identity.is_some() || by_id.is_some() || command.is_some() {
        page.push_str("\n## Import\n\nImport is supported using the following syntax:\n\n");
        if let Some((example, identity)) = by_identity {
            page.push_str(&format!(
                "In Terraform v1.12.0 and later, the [`import` block]({IMPORT_BLOCK_DOCS}) can be used with the \
                 `identity` attribute, for example:\n\n{}\n\n{}\n",
                code_fence("terraform", example),
                identity_section(identity)
            ));
        }
        if let Some(example) = by_id {
            page.push_str(&format!(
                "In Terraform v1.5.0 and later, the [`import` block]({IMPORT_BLOCK_DOCS}) can be used with the `id` \
                 attribute, for example:\n\n{}\n\n",
                code_fence("terraform", example)
            ));
        }
        if let Some(example) = command {
            page.push_str(&format!(
                "The [`terraform import` command]({IMPORT_COMMAND_DOCS}) can be used, for example:\n\n{}\n\n",
                code_fence("shell", example)
            ));
        }
        if let Some(notes) = docs.import_notes {
            page.push_str(notes.trim());
            page.push('\n');
        }
    }
    Ok(tidy(&page))
}

/// The page of a data source. Needs `data-sources/<type>/data-source.tf`.
pub fn data_source_page(type_name: &str, schema: &Schema, examples: &Examples) -> Result<String, DocsError> {
    let example = examples.require(&format!("data-sources/{type_name}/data-source.tf"))?;
    let mut page = header(type_name, "Data Source", &schema.block.description, example);
    page.push_str(&schema_section(&schema.block));
    Ok(tidy(&page))
}

/// The page of a list resource (`terraform query`, Terraform 1.14 or
/// later). Needs `list-resources/<type>/list-resource.tfquery.hcl`.
pub fn list_resource_page(type_name: &str, schema: &Schema, examples: &Examples) -> Result<String, DocsError> {
    let example = examples.require(&format!("list-resources/{type_name}/list-resource.tfquery.hcl"))?;
    let mut page = header(type_name, "List Resource", &schema.block.description, example);
    page.push_str(
        "Put `list` blocks in a `.tfquery.hcl` file next to the configuration and run `terraform query` \
         (Terraform 1.14 or later); `terraform query -generate-config-out=generated.tf` writes an `import` and a \
         `resource` block for every result. `include_resource` and `limit` are Terraform's own \
         arguments of the `list` block.\n\n",
    );
    page.push_str(&schema_section(&schema.block).replacen("## Schema", "## Schema of `config`", 1));
    Ok(tidy(&page))
}

/// Front matter, `# name (Kind)`, description and the example.
fn header(type_name: &str, kind: &str, description: &str, example: &str) -> String {
    format!(
        "{}\n# {type_name} ({kind})\n\n{}\n\n## Example Usage\n\n{}\n\n",
        front_matter(&format!("{type_name} {kind} - {PROVIDER_NAME}"), description),
        description.trim(),
        code_fence("terraform", example)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use terraform_plugin::protocol::{Attribute, Block};

    fn schema() -> Schema {
        Schema::new(
            0,
            Block::new(
                "A **thing**.",
                vec![
                    Attribute::string("name").required().description("Its name."),
                    Attribute::string("id").computed().description("Same as `name`."),
                ],
            ),
        )
    }

    fn identity() -> Schema {
        Schema::new(
            0,
            Block::new("", vec![Attribute::string("name").required().description("Its name.")]),
        )
    }

    fn examples() -> Examples {
        let mut examples = Examples::new();
        examples.insert(
            "resources/x_thing/resource.tf",
            "resource \"x_thing\" \"a\" {\n  name = \"a\"\n}\n",
        );
        examples.insert("resources/x_thing/import.sh", "terraform import x_thing.a a\n");
        examples.insert(
            "resources/x_thing/import-by-string-id.tf",
            "import {\n  to = x_thing.a\n  id = \"a\"\n}\n",
        );
        examples.insert(
            "resources/x_thing/import-by-identity.tf",
            "import {\n  to = x_thing.a\n  identity = {\n    name = \"a\"\n  }\n}\n",
        );
        examples.insert(
            "data-sources/x_thing/data-source.tf",
            "data \"x_thing\" \"a\" {\n  name = \"a\"\n}\n",
        );
        examples
    }

    #[test]
    fn resource_page_has_every_section_in_order() {
        let schema = schema();
        let identity = identity();
        let docs = ResourceDocs {
            type_name: "x_thing",
            schema: &schema,
            identity: Some(&identity),
            import_notes: Some("Imported things keep their name."),
        };
        let page = resource_page(&docs, &examples()).unwrap();
        assert!(page.starts_with("---\n"), "{page}");
        assert!(page.contains("page_title: \"x_thing Resource - terraform-provider-frappe\"\nsubcategory: \"\"\ndescription: |-\n  A thing.\n---\n\n# x_thing (Resource)\n\nA **thing**.\n\n## Example Usage\n\n```terraform\nresource \"x_thing\""), "{page}");
        let order = [
            "## Example Usage",
            "## Schema",
            "### Required",
            "### Read-Only",
            "## Import",
            "with the `identity` attribute",
            "### Identity Schema",
            "#### Required",
            "with the `id` attribute",
            "```terraform\nimport {\n  to = x_thing.a\n  id = \"a\"\n}\n```",
            "The [`terraform import` command]",
            "```shell\nterraform import x_thing.a a\n```",
            "Imported things keep their name.",
        ];
        let mut at = 0;
        for part in order {
            let found = page[at..]
                .find(part)
                .unwrap_or_else(|| panic!("{part:?} missing or out of order in\n{page}"));
            at += found + part.len();
        }
        assert!(page.ends_with("Imported things keep their name.\n"), "{page}");
    }

    #[test]
    fn a_resource_with_an_identity_needs_its_identity_example() {
        let schema = schema();
        let identity = identity();
        let docs = ResourceDocs {
            type_name: "x_other",
            schema: &schema,
            identity: Some(&identity),
            import_notes: None,
        };
        let mut examples = Examples::new();
        examples.insert("resources/x_other/resource.tf", "");
        let error = resource_page(&docs, &examples).unwrap_err().to_string();
        assert!(
            error.contains("examples/resources/x_other/import-by-identity.tf"),
            "{error}"
        );
    }

    #[test]
    fn data_source_page_has_title_example_and_schema() {
        let page = data_source_page("x_thing", &schema(), &examples()).unwrap();
        assert!(
            page.contains("page_title: \"x_thing Data Source - terraform-provider-frappe\""),
            "{page}"
        );
        assert!(
            page.contains(
                "# x_thing (Data Source)\n\nA **thing**.\n\n## Example Usage\n\n```terraform\ndata \"x_thing\""
            ),
            "{page}"
        );
        assert!(
            page.contains("## Schema\n\n### Required\n\n- `name` (String) Its name."),
            "{page}"
        );
        assert!(!page.contains("## Import"), "{page}");
    }
}
