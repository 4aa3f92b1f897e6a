//! The scenarios a recording runs: requests only (the answers come from the real system),
//! written with a few constructors so a scenario reads as a list of requests.

pub mod authentik;
pub mod frappe;

use std::collections::BTreeMap;

use serde_json::Value;

use super::recording::{Actor, Exchange};

fn exchange(actor: Actor, method: &str, name: &str, path: &str) -> Exchange {
    Exchange {
        name: name.to_string(),
        actor,
        method: method.to_string(),
        path: path.to_string(),
        query: Vec::new(),
        json: None,
        form: Vec::new(),
        capture: BTreeMap::new(),
        status: 0,
        response: Value::Null,
        note: None,
    }
}

pub fn get(actor: Actor, name: &str, path: &str) -> Exchange {
    exchange(actor, "GET", name, path)
}

pub fn post(actor: Actor, name: &str, path: &str, json: Value) -> Exchange {
    exchange(actor, "POST", name, path).json(json)
}

pub fn put(actor: Actor, name: &str, path: &str, json: Value) -> Exchange {
    exchange(actor, "PUT", name, path).json(json)
}

pub fn patch(actor: Actor, name: &str, path: &str, json: Value) -> Exchange {
    exchange(actor, "PATCH", name, path).json(json)
}

pub fn delete(actor: Actor, name: &str, path: &str) -> Exchange {
    exchange(actor, "DELETE", name, path)
}

impl Exchange {
    #[must_use]
    pub fn query(mut self, key: &str, value: &str) -> Exchange {
        self.query.push((key.to_string(), value.to_string()));
        self
    }

    #[must_use]
    pub fn json(mut self, json: Value) -> Exchange {
        self.json = Some(json);
        self
    }

    #[must_use]
    pub fn form(mut self, key: &str, value: &str) -> Exchange {
        self.form.push((key.to_string(), value.to_string()));
        self
    }

    /// Remembers the value at `pointer` of the answer as `{{variable}}`.
    #[must_use]
    pub fn capture(mut self, variable: &str, pointer: &str) -> Exchange {
        self.capture.insert(variable.to_string(), pointer.to_string());
        self
    }

    #[must_use]
    pub fn note(mut self, note: &str) -> Exchange {
        self.note = Some(note.to_string());
        self
    }
}
