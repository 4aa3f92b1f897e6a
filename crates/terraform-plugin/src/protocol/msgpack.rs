//! The msgpack form of `DynamicValue`, the one Terraform always sends.
//!
//! Decoding is driven by the expected [`Type`] because msgpack alone cannot tell
//! a list from a set or an object from a map. The decoder never trusts a length
//! prefix for an allocation and bounds nesting, so hostile bytes yield an error,
//! never a panic or a huge allocation.

use std::collections::BTreeMap;

use super::types::Type;
use super::value::{Number, Refinements, Value};

/// Extension code of a refined unknown value (go-cty `cty/msgpack/unknown.go`).
const REFINED_UNKNOWN_EXT: i8 = 12;
const MAX_DEPTH: usize = 64;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MsgpackError {
    #[error("msgpack input ended early")]
    Truncated,
    #[error("unexpected msgpack byte 0x{0:02x} for {1}")]
    Unexpected(u8, &'static str),
    #[error("string is not valid UTF-8")]
    InvalidUtf8,
    #[error("object has unsupported attribute {0:?}")]
    UnsupportedAttribute(String),
    #[error("tuple needs {expected} elements, got {got}")]
    TupleLength { expected: usize, got: usize },
    #[error("value nests too deeply")]
    TooDeep,
    #[error("{0} trailing bytes after the value")]
    TrailingBytes(usize),
    #[error("invalid number {0:?}")]
    InvalidNumber(String),
    #[error("invalid dynamic value: {0}")]
    InvalidDynamic(String),
    #[error("cannot encode {0} as {1:?}")]
    Mismatch(&'static str, Type),
}

/// Decodes one msgpack value of type `ty`, requiring that all input is used.
pub fn decode(bytes: &[u8], ty: &Type) -> Result<Value, MsgpackError> {
    let mut reader = Reader { bytes, pos: 0 };
    let value = reader.value(ty, 0)?;
    if reader.pos != bytes.len() {
        return Err(MsgpackError::TrailingBytes(bytes.len() - reader.pos));
    }
    Ok(value)
}

/// Encodes `value` as type `ty`.
pub fn encode(value: &Value, ty: &Type) -> Result<Vec<u8>, MsgpackError> {
    let mut out = Vec::with_capacity(64);
    write_value(&mut out, value, ty)?;
    Ok(out)
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

/// What a msgpack header announced.
enum Head {
    Nil,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(usize),
    Bin(usize),
    Array(usize),
    Map(usize),
    Ext(i8, usize),
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], MsgpackError> {
        let end = self.pos.checked_add(n).ok_or(MsgpackError::Truncated)?;
        let slice = self.bytes.get(self.pos..end).ok_or(MsgpackError::Truncated)?;
        self.pos = end;
        Ok(slice)
    }

    fn byte(&mut self) -> Result<u8, MsgpackError> {
        Ok(self.take(1)?[0])
    }

    fn be<const N: usize>(&mut self) -> Result<[u8; N], MsgpackError> {
        let mut buf = [0u8; N];
        buf.copy_from_slice(self.take(N)?);
        Ok(buf)
    }

    fn len8(&mut self) -> Result<usize, MsgpackError> {
        Ok(self.byte()? as usize)
    }
    fn len16(&mut self) -> Result<usize, MsgpackError> {
        Ok(u16::from_be_bytes(self.be()?) as usize)
    }
    fn len32(&mut self) -> Result<usize, MsgpackError> {
        Ok(u32::from_be_bytes(self.be()?) as usize)
    }

    fn head(&mut self) -> Result<(u8, Head), MsgpackError> {
        let b = self.byte()?;
        let head = match b {
            0x00..=0x7f => Head::Int(b as i64),
            0x80..=0x8f => Head::Map((b & 0x0f) as usize),
            0x90..=0x9f => Head::Array((b & 0x0f) as usize),
            0xa0..=0xbf => Head::Str((b & 0x1f) as usize),
            0xc0 => Head::Nil,
            0xc2 => Head::Bool(false),
            0xc3 => Head::Bool(true),
            0xc4 => Head::Bin(self.len8()?),
            0xc5 => Head::Bin(self.len16()?),
            0xc6 => Head::Bin(self.len32()?),
            0xc7 => {
                let len = self.len8()?;
                Head::Ext(self.byte()? as i8, len)
            }
            0xc8 => {
                let len = self.len16()?;
                Head::Ext(self.byte()? as i8, len)
            }
            0xc9 => {
                let len = self.len32()?;
                Head::Ext(self.byte()? as i8, len)
            }
            0xca => Head::Float(f32::from_be_bytes(self.be()?) as f64),
            0xcb => Head::Float(f64::from_be_bytes(self.be()?)),
            0xcc => Head::UInt(self.byte()? as u64),
            0xcd => Head::UInt(u16::from_be_bytes(self.be()?) as u64),
            0xce => Head::UInt(u32::from_be_bytes(self.be()?) as u64),
            0xcf => Head::UInt(u64::from_be_bytes(self.be()?)),
            0xd0 => Head::Int(i8::from_be_bytes(self.be()?) as i64),
            0xd1 => Head::Int(i16::from_be_bytes(self.be()?) as i64),
            0xd2 => Head::Int(i32::from_be_bytes(self.be()?) as i64),
            0xd3 => Head::Int(i64::from_be_bytes(self.be()?)),
            0xd4 => Head::Ext(self.byte()? as i8, 1),
            0xd5 => Head::Ext(self.byte()? as i8, 2),
            0xd6 => Head::Ext(self.byte()? as i8, 4),
            0xd7 => Head::Ext(self.byte()? as i8, 8),
            0xd8 => Head::Ext(self.byte()? as i8, 16),
            0xd9 => Head::Str(self.len8()?),
            0xda => Head::Str(self.len16()?),
            0xdb => Head::Str(self.len32()?),
            0xdc => Head::Array(self.len16()?),
            0xdd => Head::Array(self.len32()?),
            0xde => Head::Map(self.len16()?),
            0xdf => Head::Map(self.len32()?),
            0xe0..=0xff => Head::Int(b as i8 as i64),
            0xc1 => return Err(MsgpackError::Unexpected(b, "any value")),
        };
        Ok((b, head))
    }

    fn str_body(&mut self, len: usize) -> Result<String, MsgpackError> {
        let raw = self.take(len)?;
        std::str::from_utf8(raw)
            .map(str::to_owned)
            .map_err(|_| MsgpackError::InvalidUtf8)
    }

    /// A capacity hint that cannot exceed what the remaining input could hold.
    fn capacity(&self, announced: usize) -> usize {
        announced.min(self.bytes.len().saturating_sub(self.pos))
    }

    fn key(&mut self) -> Result<String, MsgpackError> {
        match self.head()? {
            (_, Head::Str(len)) => self.str_body(len),
            (b, _) => Err(MsgpackError::Unexpected(b, "a map key")),
        }
    }

    fn value(&mut self, ty: &Type, depth: usize) -> Result<Value, MsgpackError> {
        if depth > MAX_DEPTH {
            return Err(MsgpackError::TooDeep);
        }
        let (b, head) = self.head()?;
        match head {
            Head::Nil => return Ok(Value::Null),
            Head::Ext(code, len) => {
                let payload = self.take(len)?;
                return Ok(Value::Unknown(if code == REFINED_UNKNOWN_EXT {
                    read_refinements(payload)
                } else {
                    Refinements::default()
                }));
            }
            _ => {}
        }
        match ty {
            Type::String => match head {
                Head::Str(len) => Ok(Value::String(self.str_body(len)?)),
                _ => Err(MsgpackError::Unexpected(b, "a string")),
            },
            Type::Bool => match head {
                Head::Bool(v) => Ok(Value::Bool(v)),
                _ => Err(MsgpackError::Unexpected(b, "a bool")),
            },
            Type::Number => match head {
                Head::Int(i) => Ok(Value::Number(Number::Int(i))),
                Head::UInt(u) => Ok(Value::Number(match i64::try_from(u) {
                    Ok(i) => Number::Int(i),
                    Err(_) => Number::UInt(u),
                })),
                Head::Float(f) => Ok(Value::Number(Number::Float(f))),
                Head::Str(len) => {
                    let text = self.str_body(len)?;
                    parse_decimal(&text).map(Value::Number)
                }
                _ => Err(MsgpackError::Unexpected(b, "a number")),
            },
            Type::List(elem) | Type::Set(elem) => {
                let Head::Array(len) = head else {
                    return Err(MsgpackError::Unexpected(b, "a list or set"));
                };
                let mut items = Vec::with_capacity(self.capacity(len));
                for _ in 0..len {
                    items.push(self.value(elem, depth + 1)?);
                }
                Ok(if matches!(ty, Type::Set(_)) {
                    Value::Set(items)
                } else {
                    Value::List(items)
                })
            }
            Type::Tuple(elems) => {
                let Head::Array(len) = head else {
                    return Err(MsgpackError::Unexpected(b, "a tuple"));
                };
                if len != elems.len() {
                    return Err(MsgpackError::TupleLength {
                        expected: elems.len(),
                        got: len,
                    });
                }
                let items = elems
                    .iter()
                    .map(|t| self.value(t, depth + 1))
                    .collect::<Result<_, _>>()?;
                Ok(Value::Tuple(items))
            }
            Type::Map(elem) => {
                let Head::Map(len) = head else {
                    return Err(MsgpackError::Unexpected(b, "a map"));
                };
                let mut entries = BTreeMap::new();
                for _ in 0..len {
                    let key = self.key()?;
                    entries.insert(key, self.value(elem, depth + 1)?);
                }
                Ok(Value::Map(entries))
            }
            Type::Object(attrs) => {
                let Head::Map(len) = head else {
                    return Err(MsgpackError::Unexpected(b, "an object"));
                };
                let mut fields = BTreeMap::new();
                for _ in 0..len {
                    let key = self.key()?;
                    let attr_ty = attrs
                        .get(&key)
                        .ok_or_else(|| MsgpackError::UnsupportedAttribute(key.clone()))?;
                    let v = self.value(attr_ty, depth + 1)?;
                    fields.insert(key, v);
                }
                // Terraform always sends every attribute; be forgiving about
                // absent ones and treat them as null.
                for name in attrs.keys() {
                    fields.entry(name.clone()).or_insert(Value::Null);
                }
                Ok(Value::Object(fields))
            }
            Type::Dynamic => {
                // A dynamic value is [type as JSON bytes, value of that type].
                let Head::Array(2) = head else {
                    return Err(MsgpackError::InvalidDynamic("expected a 2-element array".into()));
                };
                let type_json = match self.head()? {
                    (_, Head::Bin(len)) | (_, Head::Str(len)) => self.take(len)?,
                    (b, _) => return Err(MsgpackError::Unexpected(b, "a dynamic type")),
                };
                let concrete =
                    Type::from_json_bytes(type_json).map_err(|e| MsgpackError::InvalidDynamic(e.to_string()))?;
                let inner = self.value(&concrete, depth + 1)?;
                Ok(Value::Dynamic(Box::new((concrete, inner))))
            }
        }
    }
}

fn parse_decimal(text: &str) -> Result<Number, MsgpackError> {
    let body = text.strip_prefix('-').unwrap_or(text);
    let mut seen_digit = false;
    let mut seen_dot = false;
    for c in body.chars() {
        match c {
            '0'..='9' => seen_digit = true,
            '.' if !seen_dot => seen_dot = true,
            _ => return Err(MsgpackError::InvalidNumber(text.to_string())),
        }
    }
    if !seen_digit {
        return Err(MsgpackError::InvalidNumber(text.to_string()));
    }
    Ok(Number::Decimal(text.to_string()))
}

/// Reads the refinement map of an extension-12 unknown. Malformed or unknown
/// refinements are ignored: they are hints, and a plain unknown is always valid.
fn read_refinements(payload: &[u8]) -> Refinements {
    let mut refinements = Refinements::default();
    let mut r = Reader { bytes: payload, pos: 0 };
    let Ok((_, Head::Map(len))) = r.head() else {
        return refinements;
    };
    for _ in 0..len {
        if read_refinement(&mut r, &mut refinements).is_err() {
            break;
        }
    }
    refinements
}

fn read_refinement(r: &mut Reader<'_>, refinements: &mut Refinements) -> Result<(), MsgpackError> {
    let key = match r.head()? {
        (_, Head::Int(k)) => k,
        (_, Head::UInt(k)) => i64::try_from(k).unwrap_or(i64::MAX),
        (b, _) => return Err(MsgpackError::Unexpected(b, "a refinement key")),
    };
    match key {
        1 => refinements.nullable = r.value(&Type::Bool, 0)?.as_bool(),
        2 => refinements.string_prefix = r.value(&Type::String, 0)?.as_str().map(str::to_owned),
        3 | 4 => {
            let bound = r.value(&Type::Tuple(vec![Type::Number, Type::Bool]), 0)?;
            if let Value::Tuple(parts) = bound {
                if let [Value::Number(n), Value::Bool(inclusive)] = parts.as_slice() {
                    let slot = if key == 3 {
                        &mut refinements.number_lower
                    } else {
                        &mut refinements.number_upper
                    };
                    *slot = Some((n.clone(), *inclusive));
                }
            }
        }
        5 | 6 => {
            let length = r
                .value(&Type::Number, 0)?
                .as_number()
                .and_then(Number::as_i64)
                .and_then(|i| u64::try_from(i).ok());
            if key == 5 {
                refinements.length_min = length;
            } else {
                refinements.length_max = length;
            }
        }
        _ => skip_value(r, 0)?,
    }
    Ok(())
}

fn skip_value(r: &mut Reader<'_>, depth: usize) -> Result<(), MsgpackError> {
    if depth > MAX_DEPTH {
        return Err(MsgpackError::TooDeep);
    }
    match r.head()?.1 {
        Head::Str(len) | Head::Bin(len) | Head::Ext(_, len) => {
            r.take(len)?;
        }
        Head::Array(len) => {
            for _ in 0..len {
                skip_value(r, depth + 1)?;
            }
        }
        Head::Map(len) => {
            for _ in 0..len {
                skip_value(r, depth + 1)?;
                skip_value(r, depth + 1)?;
            }
        }
        _ => {}
    }
    Ok(())
}

// ---- encoding ----

fn write_len(out: &mut Vec<u8>, len: usize, fix: u8, fix_max: usize, m8: Option<u8>, m16: u8, m32: u8) {
    if len <= fix_max {
        out.push(fix | len as u8);
    } else if let (Some(code), true) = (m8, len <= u8::MAX as usize) {
        out.push(code);
        out.push(len as u8);
    } else if len <= u16::MAX as usize {
        out.push(m16);
        out.extend_from_slice(&(len as u16).to_be_bytes());
    } else {
        out.push(m32);
        out.extend_from_slice(&(len as u32).to_be_bytes());
    }
}

fn write_str(out: &mut Vec<u8>, s: &str) {
    write_len(out, s.len(), 0xa0, 31, Some(0xd9), 0xda, 0xdb);
    out.extend_from_slice(s.as_bytes());
}

fn write_bin(out: &mut Vec<u8>, b: &[u8]) {
    if b.len() <= u8::MAX as usize {
        out.push(0xc4);
        out.push(b.len() as u8);
    } else if b.len() <= u16::MAX as usize {
        out.push(0xc5);
        out.extend_from_slice(&(b.len() as u16).to_be_bytes());
    } else {
        out.push(0xc6);
        out.extend_from_slice(&(b.len() as u32).to_be_bytes());
    }
    out.extend_from_slice(b);
}

fn write_array_len(out: &mut Vec<u8>, len: usize) {
    write_len(out, len, 0x90, 15, None, 0xdc, 0xdd);
}

fn write_map_len(out: &mut Vec<u8>, len: usize) {
    write_len(out, len, 0x80, 15, None, 0xde, 0xdf);
}

fn write_int(out: &mut Vec<u8>, i: i64) {
    if (0..=127).contains(&i) {
        out.push(i as u8);
    } else if (-32..0).contains(&i) {
        out.push(i as i8 as u8);
    } else if i >= 0 {
        out.push(0xcf);
        out.extend_from_slice(&(i as u64).to_be_bytes());
    } else {
        out.push(0xd3);
        out.extend_from_slice(&i.to_be_bytes());
    }
}

fn write_number(out: &mut Vec<u8>, n: &Number) {
    match n {
        Number::Int(i) => write_int(out, *i),
        Number::UInt(u) => {
            out.push(0xcf);
            out.extend_from_slice(&u.to_be_bytes());
        }
        Number::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => write_int(out, *f as i64),
        Number::Float(f) => {
            out.push(0xcb);
            out.extend_from_slice(&f.to_be_bytes());
        }
        Number::Decimal(s) => write_str(out, s),
    }
}

fn write_unknown(out: &mut Vec<u8>, refinements: &Refinements) {
    if refinements.is_empty() {
        // A plain unknown: extension 0 with an empty payload.
        out.extend_from_slice(&[0xc7, 0x00, 0x00]);
        return;
    }
    let mut payload = Vec::new();
    let entries = [
        refinements.nullable.is_some(),
        refinements.string_prefix.is_some(),
        refinements.number_lower.is_some(),
        refinements.number_upper.is_some(),
        refinements.length_min.is_some(),
        refinements.length_max.is_some(),
    ];
    write_map_len(&mut payload, entries.iter().filter(|e| **e).count());
    if let Some(nullable) = refinements.nullable {
        write_int(&mut payload, 1);
        payload.push(if nullable { 0xc3 } else { 0xc2 });
    }
    if let Some(prefix) = &refinements.string_prefix {
        write_int(&mut payload, 2);
        write_str(&mut payload, prefix);
    }
    for (key, bound) in [(3, &refinements.number_lower), (4, &refinements.number_upper)] {
        if let Some((n, inclusive)) = bound {
            write_int(&mut payload, key);
            write_array_len(&mut payload, 2);
            write_number(&mut payload, n);
            payload.push(if *inclusive { 0xc3 } else { 0xc2 });
        }
    }
    for (key, len) in [(5, refinements.length_min), (6, refinements.length_max)] {
        if let Some(len) = len {
            write_int(&mut payload, key);
            write_int(&mut payload, len.min(i64::MAX as u64) as i64);
        }
    }
    if payload.len() <= u8::MAX as usize {
        out.push(0xc7);
        out.push(payload.len() as u8);
    } else {
        out.push(0xc8);
        out.extend_from_slice(&(payload.len() as u16).to_be_bytes());
    }
    out.push(REFINED_UNKNOWN_EXT as u8);
    out.extend_from_slice(&payload);
}

fn write_value(out: &mut Vec<u8>, value: &Value, ty: &Type) -> Result<(), MsgpackError> {
    if let Type::Dynamic = ty {
        return match value {
            Value::Null => {
                out.push(0xc0);
                Ok(())
            }
            Value::Unknown(r) => {
                write_unknown(out, r);
                Ok(())
            }
            Value::Dynamic(d) => {
                write_array_len(out, 2);
                write_bin(out, &d.0.to_json_bytes());
                write_value(out, &d.1, &d.0)
            }
            known => {
                let concrete = known.infer_type();
                write_array_len(out, 2);
                write_bin(out, &concrete.to_json_bytes());
                write_value(out, known, &concrete)
            }
        };
    }
    match (value, ty) {
        (Value::Null, _) => out.push(0xc0),
        (Value::Unknown(r), _) => write_unknown(out, r),
        (Value::Dynamic(d), _) => write_value(out, &d.1, ty)?,
        (Value::String(s), Type::String) => write_str(out, s),
        (Value::Bool(b), Type::Bool) => out.push(if *b { 0xc3 } else { 0xc2 }),
        (Value::Number(n), Type::Number) => write_number(out, n),
        (Value::List(items) | Value::Set(items) | Value::Tuple(items), Type::List(elem) | Type::Set(elem)) => {
            write_array_len(out, items.len());
            for item in items {
                write_value(out, item, elem)?;
            }
        }
        (Value::List(items) | Value::Tuple(items), Type::Tuple(elems)) if items.len() == elems.len() => {
            write_array_len(out, items.len());
            for (item, elem) in items.iter().zip(elems) {
                write_value(out, item, elem)?;
            }
        }
        (Value::Map(entries) | Value::Object(entries), Type::Map(elem)) => {
            write_map_len(out, entries.len());
            for (k, v) in entries {
                write_str(out, k);
                write_value(out, v, elem)?;
            }
        }
        (Value::Object(fields) | Value::Map(fields), Type::Object(attrs)) => {
            // Every attribute of the type, exactly once: go-cty insists.
            write_map_len(out, attrs.len());
            for (name, attr_ty) in attrs {
                write_str(out, name);
                write_value(out, fields.get(name).unwrap_or(&Value::Null), attr_ty)?;
            }
        }
        (other, _) => return Err(MsgpackError::Mismatch(kind_name(other), ty.clone())),
    }
    Ok(())
}

fn kind_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Unknown(_) => "unknown",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::List(_) => "list",
        Value::Set(_) => "set",
        Value::Map(_) => "map",
        Value::Object(_) => "object",
        Value::Tuple(_) => "tuple",
        Value::Dynamic(_) => "dynamic",
    }
}

#[cfg(test)]
mod tests;
