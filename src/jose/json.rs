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

/// A JSON error as a person reads it: serde_json calls a `\u` escape of a lone UTF-16
/// surrogate an "unexpected end of hex escape"; say what it is.
pub fn describe(e: &serde_json::Error) -> String {
    let text = e.to_string();
    if !(text.contains("hex escape") || text.contains("surrogate")) {
        return text;
    }
    let hint = " (a \\u escape of a lone UTF-16 surrogate, D800-DFFF, is not a character)";
    match text.rfind(" at line ") {
        Some(i) => format!("{}{hint}{}", &text[..i], &text[i..]),
        None => format!("{text}{hint}"),
    }
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
/// (Short strings, most keys and values, eight bytes at a time; long ones in blocks folded
/// without an early exit, which the compiler vectorizes.)
pub fn needs_escape(s: &str) -> bool {
    if s.len() < 64 {
        return first_special(s.as_bytes(), 0) < s.len();
    }
    s.as_bytes().chunks(64).any(|c| {
        c.iter()
            .fold(false, |acc, &b| acc | (b < 0x20) | (b == b'"') | (b == b'\\'))
    })
}

/// The position of the first `"`, `\\` or control character at or after `pos`, eight bytes at a
/// time (the length of `text` when there is none).
#[inline]
pub fn first_special(text: &[u8], mut pos: usize) -> usize {
    while let Some(&word) = text.get(pos..).and_then(|rest| rest.first_chunk::<8>()) {
        let special = specials(u64::from_le_bytes(word));
        if special != 0 {
            return pos + (special.trailing_zeros() / 8) as usize;
        }
        pos += 8;
    }
    while let Some(&b) = text.get(pos) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            break;
        }
        pos += 1;
    }
    pos
}

/// A mask whose lowest set bit marks the first byte of `word` (little-endian) that is `"`,
/// `\` or below 0x20; zero when there is none. (Bits above the lowest may be false alarms.)
fn specials(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let quote = zero_byte(word ^ (ONES * u64::from(b'"')));
    let backslash = zero_byte(word ^ (ONES * u64::from(b'\\')));
    let control = word.wrapping_sub(ONES * 0x20) & !word & HIGH;
    quote | backslash | control
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

/// The line (1-based) where each value of the JSON `text` starts, by RFC 6901 pointer (`""`:
/// the document), for reports that point into a file (SARIF regions, GitHub annotations). One
/// walk over the text, however many findings ask. Read leniently: the text has been parsed
/// already; a member given twice is found at its last place, the value ptix checks.
pub fn value_lines(text: &str) -> std::collections::HashMap<String, usize> {
    let b = text.as_bytes();
    let newlines: Vec<usize> = b
        .iter()
        .enumerate()
        .filter(|(_, c)| **c == b'\n')
        .map(|(i, _)| i)
        .collect();
    let mut lines = std::collections::HashMap::new();
    let mut pointer = String::new();
    let mut pos = usize::from(text.starts_with('\u{feff}')) * 3;
    skip_ws(b, &mut pos);
    walk(text, &newlines, &mut pos, &mut pointer, &mut lines);
    lines
}

fn skip_ws(b: &[u8], pos: &mut usize) {
    while b.get(*pos).is_some_and(|c| c.is_ascii_whitespace()) {
        *pos += 1;
    }
}

/// Record the value at `pos` (and every value inside it) under `pointer`; leave `pos` after
/// it. `None` where the text is not what a parsed document would be.
fn walk(
    text: &str,
    newlines: &[usize],
    pos: &mut usize,
    pointer: &mut String,
    lines: &mut std::collections::HashMap<String, usize>,
) -> Option<()> {
    let b = text.as_bytes();
    lines.insert(pointer.clone(), 1 + newlines.partition_point(|n| *n < *pos));
    let len = pointer.len();
    match *b.get(*pos)? {
        b'{' => {
            *pos += 1;
            skip_ws(b, pos);
            if b.get(*pos) == Some(&b'}') {
                *pos += 1;
                return Some(());
            }
            loop {
                let end = string_end(b, *pos)?;
                let key: String = serde_json::from_str(&text[*pos..end]).ok()?;
                *pos = end;
                skip_ws(b, pos);
                (b.get(*pos) == Some(&b':')).then_some(())?;
                *pos += 1;
                skip_ws(b, pos);
                pointer.push('/');
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                walk(text, newlines, pos, pointer, lines)?;
                pointer.truncate(len);
                skip_ws(b, pos);
                match *b.get(*pos)? {
                    b',' => *pos += 1,
                    b'}' => break,
                    _ => return None,
                }
                skip_ws(b, pos);
            }
            *pos += 1;
        }
        b'[' => {
            *pos += 1;
            skip_ws(b, pos);
            if b.get(*pos) == Some(&b']') {
                *pos += 1;
                return Some(());
            }
            for index in 0.. {
                pointer.push('/');
                pointer.push_str(&index.to_string());
                walk(text, newlines, pos, pointer, lines)?;
                pointer.truncate(len);
                skip_ws(b, pos);
                match *b.get(*pos)? {
                    b',' => *pos += 1,
                    b']' => break,
                    _ => return None,
                }
                skip_ws(b, pos);
            }
            *pos += 1;
        }
        b'"' => *pos = string_end(b, *pos)?,
        _ => {
            *pos += b[*pos..]
                .iter()
                .position(|c| matches!(c, b',' | b'}' | b']') || c.is_ascii_whitespace())
                .unwrap_or(b.len() - *pos)
        }
    }
    Some(())
}

/// The end (one past the closing quote) of the JSON string starting at `pos`.
fn string_end(b: &[u8], pos: usize) -> Option<usize> {
    (b.get(pos) == Some(&b'"')).then_some(())?;
    let mut i = pos + 1;
    loop {
        match *b.get(i)? {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
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

    #[test]
    fn the_first_special_byte_is_found_in_every_position() {
        for special in [b'"', b'\\', 0x00, 0x1f] {
            for at in 0..8 {
                let mut word = [b'a'; 8];
                word[at] = special;
                // Anything may follow the first special byte.
                word[(at + 1)..].fill(special);
                let mask = specials(u64::from_le_bytes(word));
                assert_eq!(mask.trailing_zeros() / 8, at as u32, "{word:?}");
            }
        }
        assert_eq!(specials(u64::from_le_bytes(*b" ~\x7f\x80\xff!#]")), 0);
    }

    #[test]
    fn strings_are_written_as_serde_json_writes_them_at_every_length() {
        // A special byte at every place of strings of 0 to 139 bytes (the short and the long
        // path), and none.
        for len in 0..140 {
            for special in [None, Some('"'), Some('\\'), Some('\n'), Some('\u{1f}'), Some('é')] {
                for at in 0..len.max(1) {
                    let mut s: String = "abcdefgh".chars().cycle().take(len).collect();
                    if let (Some(c), true) = (special, len > 0) {
                        s.replace_range(at..at + 1, c.encode_utf8(&mut [0; 4]));
                    }
                    let mut out = Vec::new();
                    write_str(&s, &mut out);
                    assert_eq!(out, serde_json::to_vec(&s).unwrap(), "{s:?}");
                    let escaped = s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20);
                    assert_eq!(needs_escape(&s), escaped, "{s:?}");
                    if special.is_none() {
                        break;
                    }
                }
            }
        }
    }

    #[test]
    fn pointers_are_found_on_their_lines() {
        let text = "\u{feff}{\n  \"iss\": \"a\",\n  \"aud\": [\n    \"x\",\n    {\"k\": [1, 2]}\n  ],\n  \"a/b\": {\"c~d\":\n 5},\n  \"e\\\"\": true\n}\n";
        let lines = value_lines(text);
        for (pointer, line) in [
            ("", Some(1)),
            ("/iss", Some(2)),
            ("/aud", Some(3)),
            ("/aud/0", Some(4)),
            ("/aud/1", Some(5)),
            ("/aud/1/k/1", Some(5)),
            ("/a~1b/c~0d", Some(8)),
            ("/e\"", Some(9)),
            ("/aud/2", None),
            ("/aud/01", None),
            ("/nope", None),
            ("/iss/x", None),
        ] {
            assert_eq!(lines.get(pointer).copied(), line, "{pointer}");
        }
    }
}
