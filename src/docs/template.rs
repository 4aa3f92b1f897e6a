//! The template language of hand-written pages: Markdown with `{{ … }}`
//! directives named after tfplugindocs' template functions, so a page reads
//! the same to anyone who knows those templates:
//!
//! - `{{ schema }}`: the `## Schema` section of the page's schema;
//! - `{{ offerings }}`: the provider's resources, data sources and functions,
//!   one line each, from its registration list;
//! - `{{ tffile "examples/provider/provider.tf" }}`: that file in a `terraform` fence;
//! - `{{ codefile "shell" "examples/…/import.sh" }}`: that file in a fence of the given language.
//!
//! Anything else between `{{` and `}}` is an error, not silently kept.

use super::examples::Examples;
use super::markdown::code_fence;
use super::DocsError;

/// What directives can refer to.
pub struct Context<'a> {
    /// The rendered `## Schema` section.
    pub schema: &'a str,
    /// The rendered list of what the provider offers.
    pub offerings: &'a str,
    pub examples: &'a Examples,
}

/// Replaces every directive in `template`; `name` identifies the template in errors.
pub fn fill(name: &str, template: &str, context: &Context<'_>) -> Result<String, DocsError> {
    let error = |message: String| DocsError::Template {
        template: name.to_string(),
        message,
    };
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let inside_and_after = &rest[start + 2..];
        let end = inside_and_after
            .find("}}")
            .ok_or_else(|| error(format!("`{{{{` without `}}}}` near {:?}", excerpt(inside_and_after))))?;
        let words = split_words(&inside_and_after[..end]).map_err(error)?;
        out.push_str(&expand(&words, context).map_err(error)?);
        rest = &inside_and_after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

fn excerpt(text: &str) -> String {
    text.chars().take(40).collect()
}

fn expand(words: &[String], context: &Context<'_>) -> Result<String, String> {
    let word = |i: usize| words.get(i).map(String::as_str);
    match (word(0), words.len()) {
        (Some("schema"), 1) => Ok(context.schema.trim_end().to_string()),
        (Some("offerings"), 1) => Ok(context.offerings.trim_end().to_string()),
        (Some("tffile"), 2) => Ok(code_fence("terraform", example(context, &words[1])?)),
        (Some("codefile"), 3) => Ok(code_fence(&words[1], example(context, &words[2])?)),
        _ => Err(format!(
            "unknown directive {{{{ {} }}}}; expected schema, offerings, tffile \"PATH\" or codefile \"LANG\" \"PATH\"",
            words.join(" ")
        )),
    }
}

fn example<'a>(context: &Context<'a>, path: &str) -> Result<&'a str, String> {
    let relative = path
        .strip_prefix("examples/")
        .ok_or_else(|| format!("{path:?} is not under examples/"))?;
    context
        .examples
        .get(relative)
        .ok_or_else(|| format!("example file {path} does not exist"))
}

/// Splits on whitespace, keeping `"quoted strings"` whole (without their quotes).
fn split_words(text: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut chars = text.trim().chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '"' {
            chars.next();
            let mut word = String::new();
            loop {
                match chars.next() {
                    Some('"') => break,
                    Some(c) => word.push(c),
                    None => return Err(format!("unterminated string in {{{{ {} }}}}", text.trim())),
                }
            }
            words.push(word);
        } else {
            let mut word = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                word.push(c);
                chars.next();
            }
            words.push(word);
        }
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn examples() -> Examples {
        let mut examples = Examples::new();
        examples.insert("provider/provider.tf", "provider \"p\" {}\n");
        examples
    }

    #[test]
    fn directives_are_replaced() {
        let examples = examples();
        let context = Context {
            schema: "## Schema\n\nx\n",
            offerings: "",
            examples: &examples,
        };
        let out = fill(
            "t",
            "a\n{{ tffile \"examples/provider/provider.tf\" }}\n{{schema}}\n{{ codefile \"shell\" \"examples/provider/provider.tf\" }}",
            &context,
        )
        .unwrap();
        assert_eq!(
            out,
            "a\n```terraform\nprovider \"p\" {}\n```\n## Schema\n\nx\n```shell\nprovider \"p\" {}\n```"
        );
    }

    #[test]
    fn mistakes_are_errors_naming_the_template() {
        let examples = examples();
        let context = Context {
            schema: "",
            offerings: "",
            examples: &examples,
        };
        for (template, expected) in [
            ("{{ nonsense }}", "unknown directive"),
            ("{{ tffile \"examples/missing.tf\" }}", "does not exist"),
            ("{{ tffile \"provider/provider.tf\" }}", "not under examples/"),
            ("{{ tffile \"examples/x }}", "unterminated"),
            ("text {{ schema", "without"),
        ] {
            let error = fill("index.md.tmpl", template, &context).unwrap_err().to_string();
            assert!(
                error.contains("index.md.tmpl") && error.contains(expected),
                "{template}: {error}"
            );
        }
    }
}
