//! Compact JWS serialization (RFC 7515 §7.1): `BASE64URL(header).BASE64URL(payload).BASE64URL(sig)`.
//!
//! Decoding is strict and explains itself: an error names the segment, the character offset in
//! the token, and what was expected, so `inspect` and `lint` can point at the broken part.

use std::fmt;

use serde_json::Value;

use super::b64url::{self, B64Error};
use super::json;

/// Tokens longer than this are refused before any decoding (a ticket is 1-5 KB in practice).
pub const MAX_TOKEN_BYTES: usize = 64 * 1024;

/// One of the three parts of a compact JWS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment {
    Header,
    Payload,
    Signature,
}

impl Segment {
    pub fn name(self) -> &'static str {
        match self {
            Segment::Header => "header",
            Segment::Payload => "payload",
            Segment::Signature => "signature",
        }
    }
    /// The JSON Pointer root that findings about this segment use.
    pub fn pointer(self) -> &'static str {
        match self {
            Segment::Header => "/header",
            Segment::Payload => "/payload",
            Segment::Signature => "/signature",
        }
    }
}

/// Why a string is not a well-formed compact JWS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JwsError {
    Empty,
    TooLarge {
        len: usize,
    },
    /// Not three dot-separated segments.
    Segments {
        count: usize,
    },
    /// A segment is not strict base64url; `offset` is the position in the whole token.
    Base64 {
        segment: Segment,
        offset: usize,
        reason: B64Error,
    },
    /// A segment decoded but is not UTF-8 JSON.
    Json {
        segment: Segment,
        message: String,
    },
    /// A segment is JSON but not an object.
    NotObject {
        segment: Segment,
        found: &'static str,
    },
}

impl fmt::Display for JwsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JwsError::Empty => write!(f, "the token is empty"),
            JwsError::TooLarge { len } => write!(
                f,
                "the token is {len} bytes; ptix refuses tokens over {MAX_TOKEN_BYTES} bytes before decoding"
            ),
            JwsError::Segments { count } => write!(
                f,
                "a compact JWS has 3 segments separated by '.', this has {count} (JWE and JSON serialization are not Permission Tickets)"
            ),
            JwsError::Base64 { segment, offset, reason } => {
                let local = match reason {
                    B64Error::BadChar { offset, .. } | B64Error::NonCanonical { offset } => *offset,
                    B64Error::BadLength { .. } => 0,
                };
                let reason = strip_offset(reason);
                write!(
                    f,
                    "{} segment is not base64url: {reason} (token offset {})",
                    segment.name(),
                    offset + local
                )
            }
            JwsError::Json { segment, message } => {
                write!(f, "{} segment is not valid JSON: {message}", segment.name())
            }
            JwsError::NotObject { segment, found } => {
                write!(f, "{} segment is JSON {found}, expected a JSON object", segment.name())
            }
        }
    }
}

fn strip_offset(e: &B64Error) -> String {
    match e {
        B64Error::BadChar { byte, .. } => {
            let shown = if byte.is_ascii_graphic() {
                format!("'{}'", *byte as char)
            } else {
                format!("byte 0x{byte:02x}")
            };
            if *byte == b'=' {
                format!("padding {shown} is not allowed")
            } else {
                format!("{shown} is not a base64url character")
            }
        }
        B64Error::BadLength { len } => format!("length {len} cannot be base64url"),
        B64Error::NonCanonical { .. } => "the last character has non-zero trailing bits".to_string(),
    }
}

impl std::error::Error for JwsError {}

impl JwsError {
    /// The segment the error is in, when there is one.
    pub fn segment(&self) -> Option<Segment> {
        match self {
            JwsError::Base64 { segment, .. }
            | JwsError::Json { segment, .. }
            | JwsError::NotObject { segment, .. } => Some(*segment),
            _ => None,
        }
    }
}

/// A decoded compact JWS. Nothing about it has been verified.
#[derive(Debug, Clone)]
pub struct CompactJws {
    /// The token as given, without surrounding whitespace.
    pub token: String,
    pub header: Value,
    /// JSON Pointers (rooted at `/header`) of duplicate header members.
    pub header_duplicates: Vec<String>,
    pub payload: Value,
    /// JSON Pointers (rooted at `/payload`) of duplicate payload members.
    pub payload_duplicates: Vec<String>,
    pub signature: Vec<u8>,
}

impl CompactJws {
    /// Decode a compact JWS whose header and payload are JSON objects.
    pub fn parse(text: &str) -> Result<Self, JwsError> {
        let token = text.trim();
        if token.is_empty() {
            return Err(JwsError::Empty);
        }
        if token.len() > MAX_TOKEN_BYTES {
            return Err(JwsError::TooLarge { len: token.len() });
        }
        let parts: Vec<&str> = token.split('.').collect();
        if parts.len() != 3 {
            return Err(JwsError::Segments { count: parts.len() });
        }
        let offsets = [0, parts[0].len() + 1, parts[0].len() + parts[1].len() + 2];
        let decode = |i: usize, segment: Segment| {
            b64url::decode(parts[i]).map_err(|reason| JwsError::Base64 {
                segment,
                offset: offsets[i],
                reason,
            })
        };
        let header_bytes = decode(0, Segment::Header)?;
        let (header, header_duplicates) = object(&header_bytes, Segment::Header)?;
        let payload_bytes = decode(1, Segment::Payload)?;
        let (payload, payload_duplicates) = object(&payload_bytes, Segment::Payload)?;
        let signature = decode(2, Segment::Signature)?;
        Ok(CompactJws {
            token: token.to_string(),
            header,
            header_duplicates,
            payload,
            payload_duplicates,
            signature,
        })
    }

    /// The JWS Signing Input: `header.payload` exactly as transmitted.
    pub fn signing_input(&self) -> &str {
        let end = self.token.rfind('.').unwrap_or(self.token.len());
        &self.token[..end]
    }

    /// The header's `alg`, if it is a string.
    pub fn alg(&self) -> Option<&str> {
        self.header.get("alg").and_then(Value::as_str)
    }

    /// The header's `kid`, if it is a string.
    pub fn kid(&self) -> Option<&str> {
        self.header.get("kid").and_then(Value::as_str)
    }
}

/// Parse a decoded segment as a JSON object, returning duplicate pointers rooted at the segment.
pub fn object(bytes: &[u8], segment: Segment) -> Result<(Value, Vec<String>), JwsError> {
    let parsed = json::parse(bytes).map_err(|e| JwsError::Json {
        segment,
        message: json::describe(&e),
    })?;
    if !parsed.value.is_object() {
        return Err(JwsError::NotObject {
            segment,
            found: kind(&parsed.value),
        });
    }
    let root = segment.pointer();
    let dups = parsed
        .duplicates
        .into_iter()
        .map(|p| format!("{root}{p}"))
        .collect();
    Ok((parsed.value, dups))
}

/// A JSON value's kind, for messages.
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Serialize header and payload compactly and sign `header.payload` with `sign`.
pub fn encode<E>(
    header: &Value,
    payload: &Value,
    sign: impl FnOnce(&[u8]) -> Result<Vec<u8>, E>,
) -> Result<String, E> {
    let mut json = Vec::new();
    super::json::write_compact(header, &mut json);
    encode_with_header(&json, payload, sign)
}

/// [`encode`] with the header given as its JSON text (a minter writes the same header for
/// every ticket, and need not build it as a value each time).
pub fn encode_with_header<E>(
    header: &[u8],
    payload: &Value,
    sign: impl FnOnce(&[u8]) -> Result<Vec<u8>, E>,
) -> Result<String, E> {
    thread_local! {
        // The payload's JSON text: one buffer per thread, reused.
        static JSON: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let mut token = Vec::with_capacity(TOKEN_CAPACITY);
    b64url::encode_into(header, &mut token);
    token.push(b'.');
    JSON.with_borrow_mut(|json| {
        json.clear();
        super::json::write_compact(payload, json);
        b64url::encode_into(json, &mut token);
    });
    let signature = sign(&token)?;
    token.push(b'.');
    b64url::encode_into(&signature, &mut token);
    // Only base64url characters and dots were written.
    Ok(String::from_utf8(token).unwrap_or_default())
}

/// Room for a typical ticket (about 2 KB) and its signature, so the token is not reallocated.
const TOKEN_CAPACITY: usize = 3 << 10;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_at_the_broken_segment_and_offset() {
        let err = CompactJws::parse("eyJhIjoxfQ.e30=.AA").unwrap_err();
        assert_eq!(
            err,
            JwsError::Base64 {
                segment: Segment::Payload,
                offset: 11,
                reason: B64Error::BadChar {
                    offset: 3,
                    byte: b'='
                }
            }
        );
        assert!(err.to_string().contains("token offset 14"), "{err}");
        assert_eq!(
            CompactJws::parse("a.b").unwrap_err(),
            JwsError::Segments { count: 2 }
        );
        assert!(matches!(
            CompactJws::parse("WzFd.e30.AA").unwrap_err(),
            JwsError::NotObject {
                segment: Segment::Header,
                ..
            }
        ));
    }

    #[test]
    fn round_trip_keeps_signing_input() {
        let h = serde_json::json!({"alg":"ES256"});
        let p = serde_json::json!({"iss":"x"});
        let token = encode(&h, &p, |m| Ok::<_, ()>(m[..2].to_vec())).unwrap();
        let jws = CompactJws::parse(&format!("  {token}\n")).unwrap();
        assert_eq!(jws.header, h);
        assert_eq!(jws.payload, p);
        assert_eq!(jws.signature, jws.signing_input().as_bytes()[..2].to_vec());
    }
}
