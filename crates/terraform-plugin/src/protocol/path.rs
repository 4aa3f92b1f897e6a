//! Attribute paths: which part of a configuration a diagnostic is about.

use std::fmt;

/// One step into a value.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Step {
    /// An attribute of an object (or a nested block).
    Attribute(String),
    /// An element of a map.
    Key(String),
    /// An element of a list or tuple.
    Index(i64),
}

/// A path from the root of a resource, data source or provider configuration.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct AttributePath {
    pub steps: Vec<Step>,
}

impl AttributePath {
    pub fn root() -> Self {
        Self::default()
    }

    /// The path of a top-level attribute.
    pub fn attribute(name: impl Into<String>) -> Self {
        Self {
            steps: vec![Step::Attribute(name.into())],
        }
    }

    pub fn then_attribute(mut self, name: impl Into<String>) -> Self {
        self.steps.push(Step::Attribute(name.into()));
        self
    }

    pub fn then_key(mut self, key: impl Into<String>) -> Self {
        self.steps.push(Step::Key(key.into()));
        self
    }

    pub fn then_index(mut self, index: i64) -> Self {
        self.steps.push(Step::Index(index));
        self
    }
}

impl fmt::Display for AttributePath {
    /// Renders the path the way Terraform users write it: `a.b["k"][0]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.steps.iter().enumerate() {
            match step {
                Step::Attribute(name) if i == 0 => write!(f, "{name}")?,
                Step::Attribute(name) => write!(f, ".{name}")?,
                Step::Key(key) => write!(f, "[{key:?}]")?,
                Step::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_like_hcl() {
        let path = AttributePath::attribute("a")
            .then_attribute("b")
            .then_key("k")
            .then_index(0);
        assert_eq!(path.to_string(), r#"a.b["k"][0]"#);
    }
}
