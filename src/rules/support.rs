//! Small helpers rules share: URL shapes, JSON kinds, pointers.

use serde_json::Value;

pub use crate::jose::compact::kind;
pub use crate::jose::json::escape_token;
pub use crate::rules::engine::member;

/// `v.member("key")`: a member of an object (a `Value` or a map), found without hashing the
/// key (see [`member`]); `None` for other JSON types.
pub trait Member {
    fn member(&self, key: &str) -> Option<&Value>;
}

impl Member for Value {
    fn member(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(map) => member(map, key),
            _ => None,
        }
    }
}

impl Member for serde_json::Map<String, Value> {
    fn member(&self, key: &str) -> Option<&Value> {
        member(self, key)
    }
}

/// A JSON number with no fractional part, as JSON Schema's `integer` type reads it: `5`, and
/// also `5.0` and `5e0`, which the guide's schema (and JavaScript, where the reference
/// implementation runs) take as the same number; `None` for anything else, or beyond i64.
pub fn integer(v: &Value) -> Option<i64> {
    let Value::Number(n) = v else {
        return None;
    };
    n.as_i64().or_else(|| {
        n.as_f64()
            .filter(|f| f.fract() == 0.0 && f.abs() < 9.2e18)
            .map(|f| f as i64)
    })
}

/// `/payload` + a payload-relative pointer (`/access/claim_linkage` -> `/payload/access/claim_linkage`).
pub fn payload_ptr(rel: &str) -> String {
    format!("/payload{rel}")
}

/// Append one reference token to a pointer, escaping it.
pub fn child(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", escape_token(token))
}

/// An absolute URL with a scheme and a host (`https://host/...`, `http://host`): a scheme
/// (a letter, then letters, digits, `+`, `-`, `.`), `://`, something other than `/` after it,
/// and no whitespace anywhere.
pub fn is_absolute_url(s: &str) -> bool {
    // The scheme ends at the first `:` (a `:` inside it would not be a scheme character).
    let Some(colon) = s.bytes().position(|b| b == b':') else {
        return false;
    };
    let (scheme, rest) = (&s.as_bytes()[..colon], &s[colon + 1..]);
    let Some(rest) = rest.strip_prefix("//") else {
        return false;
    };
    scheme.first().is_some_and(u8::is_ascii_alphabetic)
        && scheme
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        && !rest.is_empty()
        && !rest.starts_with('/')
        && !s.chars().any(char::is_whitespace)
}

/// An absolute `https://` URL.
pub fn is_https_url(s: &str) -> bool {
    is_absolute_url(s) && s[..8.min(s.len())].eq_ignore_ascii_case("https://")
}

/// A non-empty string.
pub fn non_empty_str(v: Option<&Value>) -> Option<&str> {
    v.and_then(Value::as_str).filter(|s| !s.is_empty())
}

/// `base` joined to `path` as the guide's examples do: `https://h/fhir` + `Encounter/1`.
/// Scheme and host compare without regard to case (RFC 3986 §6.2.2.1); the path exactly.
pub fn under(base: &str, url: &str) -> bool {
    let base = base.trim_end_matches('/');
    let head = base
        .find("://")
        .map_or(0, |i| base[i + 3..].find('/').map_or(base.len(), |j| i + 3 + j));
    url.len() > base.len() + 1
        && url
            .get(..head)
            .is_some_and(|h| h.eq_ignore_ascii_case(&base[..head]))
        && url.get(head..base.len()) == Some(&base[head..])
        && url.get(base.len()..).is_some_and(|rest| rest.starts_with('/'))
}

/// `url` with its scheme and host in lower case: they are case-insensitive (RFC 3986
/// §6.2.2.1), and every other party compares them so.
pub fn lower_scheme_and_host(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            format!(
                "{}://{}{path}",
                scheme.to_ascii_lowercase(),
                host.to_ascii_lowercase()
            )
        }
        None => url.to_string(),
    }
}

/// The lower-cased host of an absolute URL, without user info or port.
pub fn host(url: &str) -> Option<String> {
    if !is_absolute_url(url) {
        return None;
    }
    let (_, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit('@').next()?;
    let host = if host_port.starts_with('[') {
        // IPv6 literal: keep through the closing bracket
        host_port.split_inclusive(']').next()?
    } else {
        host_port.split(':').next()?
    };
    let host = host.trim_end_matches('.');
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    #[test]
    fn hosts() {
        assert_eq!(
            host("https://Fhir.Provider.example.org/claims").as_deref(),
            Some("fhir.provider.example.org")
        );
        assert_eq!(host("https://u:p@a.org:8443/x?y#z").as_deref(), Some("a.org"));
        assert_eq!(host("https://[::1]:8443/x").as_deref(), Some("[::1]"));
        assert_eq!(host("https://a.org").as_deref(), Some("a.org"));
        assert_eq!(host("urn:oid:2.16.840.1"), None);
        assert_eq!(host("claims"), None);
    }

    use super::*;

    #[test]
    fn url_shapes() {
        assert!(is_https_url("https://fhir.provider.example.org"));
        assert!(!is_https_url("http://fhir.provider.example.org"));
        assert!(!is_absolute_url("Encounter/1"));
        assert!(!is_absolute_url("https:///x"));
        assert!(under("https://a.org/fhir", "https://a.org/fhir/Encounter/1"));
        assert!(!under("https://a.org/fhir", "https://a.org/fhirx/Encounter/1"));
        // Scheme and host in any case; the path as written.
        assert!(under("https://A.org/fhir", "HTTPS://a.ORG/fhir/Encounter/1"));
        assert!(under("https://A.org", "https://a.org/Encounter/1"));
        assert!(!under("https://a.org/FHIR", "https://a.org/fhir/Encounter/1"));
        assert!(!under("https://a.org/fhir", "https://a.örg/fhir/Encounter/1"));
    }

    /// The definition, spelled out the slow way: the scheme is what comes before the first `://`.
    fn absolute_by_definition(s: &str) -> bool {
        s.split_once("://").is_some_and(|(scheme, rest)| {
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !rest.is_empty()
                && !rest.starts_with('/')
                && !s.chars().any(char::is_whitespace)
        })
    }

    #[test]
    fn absolute_urls_by_every_combination_of_tricky_pieces() {
        let pieces = [
            "https", "h", "1h", "a+b-c.d", "a:b", ":", "//", "/", "x", "", " ", "\u{a0}", "é", "://",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for d in pieces {
                        let s = format!("{a}{b}{c}{d}");
                        assert_eq!(is_absolute_url(&s), absolute_by_definition(&s), "{s:?}");
                    }
                }
            }
        }
    }
}
