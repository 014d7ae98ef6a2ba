//! Strict JSON for JOSE: parse into a `serde_json::Value` while recording duplicate member names,
//! and write a value compactly.
//!
//! RFC 7515 §4 and RFC 7519 §4 say a JWS header or JWT claims set with duplicate member names
//! must be rejected or handled with care; parsers disagree about which duplicate wins, so a
//! verifier must not rely on either. We keep the last value (as JSON.parse does) and report
//! the JSON Pointer of every duplicate so a rule can flag it. Nesting depth is bounded by
//! serde_json's recursion limit (128): deeper input is an error, not a stack overflow.

use std::cell::RefCell;
use std::fmt;

use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// A parsed JSON document and the JSON Pointers (relative to its root) of duplicate members.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub value: Value,
    pub duplicates: Vec<String>,
}

/// Parse JSON text strictly (UTF-8, one value, nothing after it but whitespace).
pub fn parse(bytes: &[u8]) -> Result<Parsed, serde_json::Error> {
    let duplicates = RefCell::new(Vec::new());
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = Seed {
        path: &Path::Root,
        duplicates: &duplicates,
    }
    .deserialize(&mut de)?;
    de.end()?;
    Ok(Parsed {
        value,
        duplicates: duplicates.into_inner(),
    })
}

/// Append `value` as compact JSON: the text `serde_json::to_writer` writes, with strings that
/// need no escape copied whole (serde_json looks their bytes up one at a time).
pub fn write_compact(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::String(s) => write_str(s, out),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_compact(item, out);
            }
            out.push(b']');
        }
        Value::Object(members) => {
            out.push(b'{');
            for (i, (key, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_str(key, out);
                out.push(b':');
                write_compact(item, out);
            }
            out.push(b'}');
        }
        // Numbers, booleans and null as serde_json writes them (into memory: cannot fail).
        scalar => {
            let _ = serde_json::to_writer(&mut *out, scalar);
        }
    }
}

/// Write `s` as a JSON string (what serde_json writes).
pub fn write_str(s: &str, out: &mut Vec<u8>) {
    if needs_escape(s) {
        let _ = serde_json::to_writer(&mut *out, s);
    } else {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    }
}

/// Whether a JSON string needs escapes: a quote, a backslash or a control character in it.
/// (Blocks are folded without an early exit, which the compiler vectorizes.)
pub fn needs_escape(s: &str) -> bool {
    s.as_bytes().chunks(64).any(|c| {
        c.iter()
            .fold(false, |acc, &b| acc | (b < 0x20) | (b == b'"') | (b == b'\\'))
    })
}

/// Escape one reference token for a JSON Pointer (RFC 6901 §4).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Where a value sits, as a chain of references to its parents (built only for duplicates).
enum Path<'p> {
    Root,
    Key(&'p Path<'p>, &'p str),
    Index(&'p Path<'p>, usize),
}

impl Path<'_> {
    fn pointer(&self) -> String {
        match self {
            Path::Root => String::new(),
            Path::Key(parent, key) => format!("{}/{}", parent.pointer(), escape_token(key)),
            Path::Index(parent, i) => format!("{}/{i}", parent.pointer()),
        }
    }
}

struct Seed<'a, 'p> {
    path: &'p Path<'p>,
    duplicates: &'a RefCell<Vec<String>>,
}

impl<'de> DeserializeSeed<'de> for Seed<'_, '_> {
    type Value = Value;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_, '_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        self.deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let path = Path::Index(self.path, items.len());
            let child = Seed {
                path: &path,
                duplicates: self.duplicates,
            };
            match seq.next_element_seed(child)? {
                Some(v) => items.push(v),
                None => return Ok(Value::Array(items)),
            }
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = Path::Key(self.path, &key);
            let value = map.next_value_seed(Seed {
                path: &path,
                duplicates: self.duplicates,
            })?;
            let pointer_if_dup = object.contains_key(&key).then(|| path.pointer());
            if let Some(p) = pointer_if_dup {
                self.duplicates.borrow_mut().push(p);
            }
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_duplicates_with_pointers() {
        let p = parse(br#"{"a":1,"b":{"c~/":1,"c~/":2},"a":3}"#).unwrap();
        assert_eq!(p.duplicates, vec!["/b/c~0~1".to_string(), "/a".to_string()]);
        assert_eq!(p.value["a"], 3);
    }

    #[test]
    fn refuses_trailing_data_and_deep_nesting() {
        assert!(parse(b"{} x").is_err());
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert!(parse(deep.as_bytes()).is_err());
        assert!(parse(b"\"\xff\"").is_err());
    }

    #[test]
    fn duplicates_in_arrays_and_long_keys_stay_linear() {
        let p = parse(br#"{"a":[{"x":1},{"y":1,"y":2}]}"#).unwrap();
        assert_eq!(p.duplicates, vec!["/a/1/y".to_string()]);
        // A long key above a long array: each element used to copy the whole path.
        let doc = format!(r#"{{"{}":[{}0]}}"#, "k".repeat(400_000), "0,".repeat(200_000));
        let start = std::time::Instant::now();
        assert!(parse(doc.as_bytes()).unwrap().duplicates.is_empty());
        assert!(
            start.elapsed() < std::time::Duration::from_secs(5),
            "{:?}",
            start.elapsed()
        );
    }
}
