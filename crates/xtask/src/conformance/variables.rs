//! The values of one run that a recording may not hard-code: the run's suffix, the site's
//! address, values captured from earlier answers, and the secrets (tokens) that must never
//! be written down. Requests are filled in from them; answers are normalised with them.

use serde_json::Value;

/// `{{name}}`: how a template refers to a variable.
pub fn placeholder(name: &str) -> String {
    format!("{{{{{name}}}}}")
}

/// The variables of one run.
#[derive(Clone, Debug, Default)]
pub struct Variables {
    values: Vec<(String, Value)>,
    secrets: Vec<String>,
}

impl Variables {
    pub fn set(&mut self, name: &str, value: Value) {
        self.values.retain(|(known, _)| known != name);
        self.values.push((name.to_string(), value));
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.values
            .iter()
            .find(|(known, _)| known == name)
            .map(|(_, value)| value)
    }

    /// A value that is replaced by `<redacted>` wherever it appears in an answer.
    pub fn add_secret(&mut self, secret: &str) {
        if !secret.is_empty() {
            self.secrets.push(secret.to_string());
        }
    }

    /// A template with every `{{name}}` of a known variable filled in; a string that is
    /// exactly one placeholder becomes the variable's value with its JSON type (a number
    /// stays a number).
    pub fn fill(&self, template: &Value) -> Value {
        match template {
            Value::String(text) => self.fill_string(text),
            Value::Array(items) => Value::Array(items.iter().map(|item| self.fill(item)).collect()),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(key, value)| (self.fill_text(key), self.fill(value)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    fn fill_string(&self, text: &str) -> Value {
        for (name, value) in &self.values {
            if text == placeholder(name) {
                return value.clone();
            }
        }
        Value::String(self.fill_text(text))
    }

    /// Every `{{name}}` in a text replaced by the variable's text.
    pub fn fill_text(&self, text: &str) -> String {
        let mut filled = text.to_string();
        for (name, value) in &self.values {
            let pattern = placeholder(name);
            if filled.contains(&pattern) {
                filled = filled.replace(&pattern, &text_of(value));
            }
        }
        filled
    }

    /// The variable whose value is exactly this string.
    pub fn name_of_text(&self, text: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(_, value)| text_of(value) == text)
            .map(|(name, _)| name.as_str())
    }

    /// The variable whose value is exactly this number.
    pub fn name_of_number(&self, number: &serde_json::Number) -> Option<&str> {
        self.values
            .iter()
            .find(|(_, value)| value.as_number() == Some(number))
            .map(|(name, _)| name.as_str())
    }

    /// A text with every secret redacted and every variable value of six characters or more
    /// (shorter ones would match by chance) replaced by its placeholder.
    pub fn unfill_text(&self, text: &str) -> String {
        let mut result = text.to_string();
        for secret in &self.secrets {
            result = result.replace(secret.as_str(), "<redacted>");
        }
        let mut by_length: Vec<&(String, Value)> = self.values.iter().collect();
        by_length.sort_by_key(|(_, value)| std::cmp::Reverse(text_of(value).len()));
        for (name, value) in by_length {
            let text = text_of(value);
            if text.len() >= 6 && result.contains(&text) {
                result = result.replace(&text, &placeholder(name));
            }
        }
        result
    }
}

/// A value as it appears inside a text: strings without quotes, others as JSON.
pub fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_lone_placeholder_keeps_the_type_and_an_embedded_one_becomes_text() {
        let mut vars = Variables::default();
        vars.set("pk", json!(7));
        vars.set("run", json!("abcdef"));
        let filled = vars.fill(&json!({"provider": "{{pk}}", "name": "key {{run}} {{pk}}"}));
        assert_eq!(filled, json!({"provider": 7, "name": "key abcdef 7"}));
    }

    #[test]
    fn secrets_are_redacted_and_long_values_turned_back_into_placeholders() {
        let mut vars = Variables::default();
        vars.set("run", json!("qwerty"));
        vars.add_secret("0123456789abcde");
        let text = vars.unfill_text("token 0123456789abcde for qwerty@example.com");
        assert_eq!(text, "token <redacted> for {{run}}@example.com");
    }
}
