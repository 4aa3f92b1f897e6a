//! The few Python semantics Frappe's behaviour depends on, applied to JSON values.
//!
//! Frappe keeps request values as they arrived (a JSON `"0"` stays the string `"0"`) until the
//! database write coerces them, and its controller tests them with Python truthiness. Getting
//! `bool("0") == True` or `cint("true") == 0` wrong would make the emulator lenient, so these
//! helpers spell the Python rules out.

use serde_json::Value;

/// `frappe.scrub`: spaces and hyphens become underscores, then lower-case. Nothing else.
pub(crate) fn scrub(text: &str) -> String {
    text.replace([' ', '-'], "_").to_lowercase()
}

/// Python `bool(value)`.
pub(crate) fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(map) => !map.is_empty(),
    }
}

/// Python type name, as it appears in `TypeError` messages.
pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        Value::String(_) => "str",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
    }
}

/// `frappe.utils.cstr`: `None` becomes "", everything else `str(value)`.
/// Containers have no faithful rendering here; callers reject them before this point.
pub(crate) fn cstr(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Bool(true) => "True".to_string(),
        Value::Bool(false) => "False".to_string(),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.to_string(),
            (None, Some(u), _) => u.to_string(),
            (None, None, Some(f)) => float_repr(f),
            (None, None, None) => n.to_string(),
        },
        Value::String(s) => s.clone(),
        Value::Array(_) | Value::Object(_) => value.to_string(),
    }
}

/// `frappe.utils.cint`: `int(float(value))`, 0 when that raises.
pub(crate) fn cint(value: &Value) -> i64 {
    let float = match value {
        Value::Bool(b) => return i64::from(*b),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                return i;
            }
            n.as_f64()
        }
        Value::String(s) => python_float(s),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    };
    match float {
        // int(inf) raises OverflowError and int(nan) ValueError: cint answers 0 for both.
        Some(f) if f.is_finite() => truncate_to_i64(f),
        _ => 0,
    }
}

/// `frappe.utils.flt` without precision: `float(value)` (commas removed from strings), 0.0
/// when that raises.
pub(crate) fn flt(value: &Value) -> f64 {
    let float = match value {
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        Value::Number(n) => n.as_f64(),
        Value::String(s) => python_float(&s.replace(',', "")),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    };
    float.unwrap_or(0.0)
}

fn truncate_to_i64(f: f64) -> i64 {
    let truncated = f.trunc();
    if truncated >= i64::MAX as f64 {
        i64::MAX
    } else if truncated <= i64::MIN as f64 {
        i64::MIN
    } else {
        truncated as i64
    }
}

/// Python `float(text)` for the forms clients plausibly send.
pub(crate) fn python_float(text: &str) -> Option<f64> {
    let trimmed = strip(text);
    if trimmed.is_empty() {
        return None;
    }
    // Python accepts single underscores between digits ("1_000"); Rust does not.
    let cleaned = if trimmed.contains('_') {
        let chars: Vec<char> = trimmed.chars().collect();
        for (index, ch) in chars.iter().enumerate() {
            if *ch == '_' {
                let before = index.checked_sub(1).and_then(|i| chars.get(i));
                let after = chars.get(index + 1);
                if !before.is_some_and(char::is_ascii_digit) || !after.is_some_and(char::is_ascii_digit) {
                    return None;
                }
            }
        }
        trimmed.replace('_', "")
    } else {
        trimmed.to_string()
    };
    let lowered = cleaned.to_ascii_lowercase();
    let unsigned = lowered.trim_start_matches(['+', '-']);
    if matches!(unsigned, "inf" | "infinity") {
        return Some(f64::INFINITY);
    }
    if unsigned == "nan" {
        return Some(f64::NAN);
    }
    if !unsigned
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'+' | b'-'))
    {
        return None;
    }
    cleaned.parse::<f64>().ok()
}

/// Python `repr(float)`: shortest round-trip digits, exponent form outside 1e-4..1e16.
pub(crate) fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0.0" } else { "0.0" }.to_string();
    }
    let scientific = format!("{f:e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if negative { "-" } else { "" };
    if (-4..16).contains(&exponent) {
        let point = exponent + 1;
        let body = if point <= 0 {
            format!("0.{}{}", "0".repeat(point.unsigned_abs() as usize), digits)
        } else if point as usize >= digits.len() {
            format!("{}{}.0", digits, "0".repeat(point as usize - digits.len()))
        } else {
            format!("{}.{}", &digits[..point as usize], &digits[point as usize..])
        };
        format!("{sign}{body}")
    } else {
        let mut body = digits[..1].to_string();
        if digits.len() > 1 {
            body.push('.');
            body.push_str(&digits[1..]);
        }
        let exp_sign = if exponent < 0 { '-' } else { '+' };
        format!("{sign}{body}e{exp_sign}{:02}", exponent.unsigned_abs())
    }
}

/// Python `a == b` for the scalar values documents hold.
pub(crate) fn py_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Bool(_) | Value::Number(_), Value::Bool(_) | Value::Number(_)) => numeric(a) == numeric(b),
        (Value::Array(_), Value::Array(_)) | (Value::Object(_), Value::Object(_)) => a == b,
        _ => false,
    }
}

fn numeric(value: &Value) -> Option<f64> {
    match value {
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        Value::Number(n) => n.as_f64(),
        _ => None,
    }
}

/// Python `str.isspace()` for one character.
pub(crate) fn is_python_space(ch: char) -> bool {
    ch.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&ch)
}

/// Python `str.strip()`.
pub(crate) fn strip(text: &str) -> &str {
    text.trim_matches(is_python_space)
}

/// Python `str.splitlines()` (the separators it recognises, without keeping them).
pub(crate) fn splitlines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((index, ch)) = chars.next() {
        let is_break = matches!(
            ch,
            '\n' | '\r' | '\u{0b}' | '\u{0c}' | '\u{1c}' | '\u{1d}' | '\u{1e}' | '\u{85}' | '\u{2028}' | '\u{2029}'
        );
        if !is_break {
            continue;
        }
        lines.push(&text[start..index]);
        let mut end = index + ch.len_utf8();
        if ch == '\r' {
            if let Some(&(next_index, '\n')) = chars.peek() {
                chars.next();
                end = next_index + 1;
            }
        }
        start = end;
    }
    if start < text.len() {
        lines.push(&text[start..]);
    }
    lines
}

/// `frappe.utils.sbool`: "true"/"1" and "false"/"0" (any case) become booleans; anything
/// else is returned unchanged.
pub(crate) fn sbool(value: &Value) -> Value {
    if let Value::String(s) = value {
        match s.to_lowercase().as_str() {
            "true" | "1" => return Value::Bool(true),
            "false" | "0" => return Value::Bool(false),
            _ => {}
        }
    }
    value.clone()
}

/// `urllib.parse.quote_plus(text)` as `urlencode` uses it: letters, digits and `_.-~` stay,
/// a space becomes `+`, every other byte `%XX`.
pub(crate) fn quote_plus(text: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text {
        match byte {
            b' ' => out.push('+'),
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-' | b'~' => out.push(char::from(*byte)),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

/// `urllib.parse.quote(text)` (safe `/`), as Frappe quotes cookie values.
pub(crate) fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-' | b'~' | b'/' => out.push(char::from(byte)),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

/// `urlencode(pairs)`: `key=value` joined by `&`, both `quote_plus`-ed.
pub(crate) fn urlencode(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", quote_plus(k.as_bytes()), quote_plus(v.as_bytes())))
        .collect::<Vec<_>>()
        .join("&")
}

/// `str(value)` of a JSON value as Python would print the decoded object (what `urlencode`
/// does with non-string values): `True`, `None`, `1.5`, `['a', 1]`, `{'a': 1}`.
pub(crate) fn py_str(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "None".to_string(),
        Value::Array(items) => format!("[{}]", items.iter().map(py_repr).collect::<Vec<_>>().join(", ")),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{}: {}", repr_str(k), py_repr(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => cstr(other),
    }
}

/// `repr(value)` of a decoded JSON value.
fn py_repr(value: &Value) -> String {
    match value {
        Value::String(s) => repr_str(s),
        other => py_str(other),
    }
}

/// `repr(text)` for a `str`: single quotes unless the text has `'` and no `"`.
pub(crate) fn repr_str(text: &str) -> String {
    repr_with(text.chars(), "")
}

/// `repr(data)` for `bytes`: `b'...'` with `\xNN` for non-ASCII bytes.
pub(crate) fn repr_bytes(data: &[u8]) -> String {
    repr_with(data.iter().map(|b| char::from(*b)), "b")
}

fn repr_with(chars: impl Iterator<Item = char> + Clone, prefix: &str) -> String {
    let quote = if chars.clone().any(|c| c == '\'') && !chars.clone().any(|c| c == '"') {
        '"'
    } else {
        '\''
    };
    let bytes_mode = !prefix.is_empty();
    let mut out = format!("{prefix}{quote}");
    for ch in chars {
        match ch {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if bytes_mode && !(' '..='~').contains(&c) => out.push_str(&format!("\\x{:02x}", u32::from(c))),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\x{:02x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Python `str.title()` for ASCII text: the first letter of each run of letters upper-case,
/// the others lower-case (`"apx_idp"` → `"Apx_Idp"`).
pub(crate) fn title(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous_is_letter = false;
    for ch in text.chars() {
        if ch.is_alphabetic() {
            if previous_is_letter {
                out.extend(ch.to_lowercase());
            } else {
                out.extend(ch.to_uppercase());
            }
            previous_is_letter = true;
        } else {
            out.push(ch);
            previous_is_letter = false;
        }
    }
    out
}

/// Python's `json.dumps(value)` with its defaults (`", "`/`": "` separators, `ensure_ascii`)
/// or, with `compact`, `json.dumps(value, separators=(",", ":"))`. Frappe v14 serialised with
/// the standard library; v15 uses orjson, which `serde_json::to_string` matches.
pub(crate) fn json_dumps(value: &Value, compact: bool) -> String {
    let mut out = String::new();
    write_json(&mut out, value, compact);
    out
}

fn write_json(out: &mut String, value: &Value, compact: bool) {
    let (item_sep, key_sep) = if compact { (",", ":") } else { (", ", ": ") };
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => out.push_str(&i.to_string()),
            (None, Some(u), _) => out.push_str(&u.to_string()),
            (None, None, Some(f)) => out.push_str(&float_repr(f)),
            _ => out.push_str(&n.to_string()),
        },
        Value::String(s) => write_ascii_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push_str(item_sep);
                }
                write_json(out, item, compact);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (index, (key, item)) in map.iter().enumerate() {
                if index > 0 {
                    out.push_str(item_sep);
                }
                write_ascii_string(out, key);
                out.push_str(key_sep);
                write_json(out, item, compact);
            }
            out.push('}');
        }
    }
}

fn write_ascii_string(out: &mut String, text: &str) {
    out.push('"');
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            ' '..='~' => out.push(ch),
            _ => {
                let mut units = [0u16; 2];
                for unit in ch.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_dumps_matches_python_defaults() {
        let value = json!({"a": "é\u{7f}\u{2028}😀", "b": [1, 2.5]});
        assert_eq!(
            json_dumps(&value, false),
            r#"{"a": "\u00e9\u007f\u2028\ud83d\ude00", "b": [1, 2.5]}"#
        );
        assert_eq!(json_dumps(&json!(["x", "y"]), true), r#"["x","y"]"#);
    }

    #[test]
    fn scrub_only_touches_spaces_hyphens_and_case() {
        assert_eq!(scrub("My-IdP SSO"), "my_idp_sso");
        assert_eq!(scrub("Office 365"), "office_365");
        assert_eq!(scrub("a.b/c"), "a.b/c");
    }

    #[test]
    fn truthiness_follows_python() {
        assert!(truthy(&json!("0")));
        assert!(!truthy(&json!("")));
        assert!(!truthy(&json!(0)));
        assert!(!truthy(&json!(0.0)));
        assert!(truthy(&json!("false")));
    }

    #[test]
    fn cint_follows_frappe() {
        assert_eq!(cint(&json!("1")), 1);
        assert_eq!(cint(&json!("true")), 0);
        assert_eq!(cint(&json!("yes")), 0);
        assert_eq!(cint(&json!(true)), 1);
        assert_eq!(cint(&json!(" 2.7 ")), 2);
        assert_eq!(cint(&json!("1_0")), 10);
        assert_eq!(cint(&json!("inf")), 0);
        assert_eq!(cint(&json!(null)), 0);
        assert_eq!(cint(&json!(-1.5)), -1);
    }

    #[test]
    fn float_repr_matches_python() {
        assert_eq!(float_repr(1.0), "1.0");
        assert_eq!(float_repr(12.5), "12.5");
        assert_eq!(float_repr(1e16), "1e+16");
        assert_eq!(float_repr(0.0001), "0.0001");
        assert_eq!(float_repr(1.5e-5), "1.5e-05");
        assert_eq!(float_repr(-2.25), "-2.25");
    }

    #[test]
    fn url_quoting_and_reprs_follow_python() {
        assert_eq!(quote_plus(b"a b/c=d"), "a+b%2Fc%3Dd");
        assert_eq!(quote("Ada Lovelace/x@y"), "Ada%20Lovelace/x%40y");
        assert_eq!(repr_str("it's"), "\"it's\"");
        assert_eq!(repr_str("a'b\"c"), "'a\\'b\"c'");
        assert_eq!(repr_bytes(b"{\"error\":\"x\"}"), "b'{\"error\":\"x\"}'");
        assert_eq!(repr_bytes(&[0xff, b'a']), "b'\\xffa'");
        assert_eq!(title("apx_idp"), "Apx_Idp");
        assert_eq!(py_str(&json!(["a", 1, true])), "['a', 1, True]");
    }

    #[test]
    fn splitlines_handles_python_separators() {
        assert_eq!(splitlines("a\r\nb\rc\nd\u{2028}e"), vec!["a", "b", "c", "d", "e"]);
        assert_eq!(splitlines("x\n"), vec!["x"]);
    }
}
