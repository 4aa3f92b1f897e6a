//! Where a replayed answer differs from the recorded one: one [`Difference`] per field, named
//! by its JSON pointer, so a report line says which field of which exchange to look at.

use std::fmt;

use serde_json::Value;

/// One differing field of one exchange.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    /// `status`, or a JSON pointer into the body (`/data/modified`).
    pub field: String,
    pub recorded: Option<Value>,
    pub replayed: Option<Value>,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |value: &Option<Value>| match value {
            None => "(absent)".to_string(),
            Some(value) => shorten(&value.to_string()),
        };
        write!(
            f,
            "{}: recorded {}, replayed {}",
            self.field,
            show(&self.recorded),
            show(&self.replayed)
        )
    }
}

fn shorten(text: &str) -> String {
    const LIMIT: usize = 160;
    if text.chars().count() <= LIMIT {
        return text.to_string();
    }
    let cut: String = text.chars().take(LIMIT).collect();
    format!("{cut}…")
}

/// Every field where `replayed` differs from `recorded`: keys present on one side only, and
/// values that differ; arrays element by element (a different length is reported once, with
/// the elements both have still compared).
pub fn differences(recorded: &Value, replayed: &Value) -> Vec<Difference> {
    let mut found = Vec::new();
    walk("", recorded, replayed, &mut found);
    found
}

fn walk(path: &str, recorded: &Value, replayed: &Value, found: &mut Vec<Difference>) {
    match (recorded, replayed) {
        (Value::Object(left), Value::Object(right)) => {
            for (key, value) in left {
                let child = format!("{path}/{}", escape(key));
                match right.get(key) {
                    Some(other) => walk(&child, value, other, found),
                    None => found.push(Difference {
                        field: child,
                        recorded: Some(value.clone()),
                        replayed: None,
                    }),
                }
            }
            for (key, value) in right {
                if !left.contains_key(key) {
                    found.push(Difference {
                        field: format!("{path}/{}", escape(key)),
                        recorded: None,
                        replayed: Some(value.clone()),
                    });
                }
            }
        }
        (Value::Array(left), Value::Array(right)) => {
            if left.len() != right.len() {
                found.push(Difference {
                    field: format!("{path}/length"),
                    recorded: Some(Value::from(left.len())),
                    replayed: Some(Value::from(right.len())),
                });
            }
            for (index, (value, other)) in left.iter().zip(right).enumerate() {
                walk(&format!("{path}/{index}"), value, other, found);
            }
        }
        (left, right) if left == right => {}
        (left, right) => found.push(Difference {
            field: if path.is_empty() {
                "/".to_string()
            } else {
                path.to_string()
            },
            recorded: Some(left.clone()),
            replayed: Some(right.clone()),
        }),
    }
}

/// JSON pointer escaping (RFC 6901).
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_missing_extra_and_changed_fields() {
        let recorded = json!({"data": {"a": 1, "b": [1, 2]}, "gone": true});
        let replayed = json!({"data": {"a": 2, "b": [1], "new": "x"}});
        let fields: Vec<String> = differences(&recorded, &replayed).into_iter().map(|d| d.field).collect();
        assert_eq!(fields, ["/data/a", "/data/b/length", "/data/new", "/gone"]);
    }

    #[test]
    fn equal_bodies_have_no_difference() {
        let body = json!({"message": [{"x": null}]});
        assert!(differences(&body, &body).is_empty());
    }
}
