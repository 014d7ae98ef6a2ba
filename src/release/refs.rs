//! References and URLs inside resources, and whether they point into this Data Holder's data.
//!
//! The data's own references are relative (`Encounter/enc-2026-0117`), while a ticket's are
//! absolute under `iss` (`https://fhir.provider.example.org/Encounter/enc-2026-0117`). Both are
//! compared as `Type/id` after stripping one of the known bases (the ticket's `iss` and the
//! bases of the data's Bundle `fullUrl`s). A reference to another server, a contained resource
//! (`#x`) or a `urn:` never matches.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;

use super::data::{is_fhir_id, is_resource_type, Resource};

/// How references resolve into the data: the ticket's `iss` (an absolute reference under it
/// names `Type/id`), and the `fullUrl`s of the data's Bundle entries (a `urn:uuid:` of a
/// transaction, or an absolute URL under the data's own base, names exactly the entry that has
/// it; a URL on any other server names nothing here). Derefs to the bases.
///
/// A relative reference names `Type/id` here, except inside an entry whose `fullUrl` is on
/// another server: there it is relative to that server (FHIR R4 Bundle, "Resolving references
/// in Bundles"), and names only the entry with that absolute `fullUrl` ([`Refs::within`]).
#[derive(Debug, Clone, Default)]
pub struct Refs {
    pub bases: Vec<String>,
    /// `fullUrl` ([`normal_url`]) -> `Type/id` (`None`: two entries share it, it names nothing).
    pub full_urls: Arc<HashMap<String, Option<String>>>,
    /// The base relative references are resolved against, when it is not one of `bases`.
    relative_base: Option<String>,
}

impl Refs {
    pub fn new(bases: Vec<String>) -> Refs {
        Refs {
            bases,
            ..Refs::default()
        }
    }

    /// How the references inside `r` resolve: against the base of its entry's `fullUrl` when
    /// that is another server's.
    pub fn within(&self, r: &Resource) -> Cow<'_, Refs> {
        match &r.base {
            Some(base) if !self.bases.iter().any(|own| normal_url(own) == *base) => Cow::Owned(Refs {
                bases: self.bases.clone(),
                full_urls: Arc::clone(&self.full_urls),
                relative_base: Some(base.clone()),
            }),
            _ => Cow::Borrowed(self),
        }
    }
}

impl Refs {
    /// A reference as written, absolute when it is relative to another server: how one that
    /// names nothing here is shown (and kept apart from the local record of the same name).
    pub fn as_written(&self, reference: &str) -> String {
        let r = reference.trim();
        match &self.relative_base {
            Some(base) if !r.contains("://") && !r.starts_with("urn:") && !r.starts_with('#') => {
                format!("{base}/{}", r.trim_start_matches('/'))
            }
            _ => r.to_string(),
        }
    }
}

/// A URL as `fullUrl`s are compared: scheme and host in lower case (RFC 3986 §6.2.2.1), no
/// trailing slash, no `/_history/<version>` (a version names a version of the record).
pub fn normal_url(url: &str) -> String {
    let u = url.trim();
    let u = u.split_once("/_history/").map_or(u, |(record, _)| record);
    crate::rules::support::lower_scheme_and_host(u.trim_end_matches('/'))
}

impl std::ops::Deref for Refs {
    type Target = [String];
    fn deref(&self) -> &[String] {
        &self.bases
    }
}

/// `Type/id` of a reference that points into this data, or None.
///
/// `Encounter/x`, `Encounter/x/_history/2`, `<base>/Encounter/x` (for a known base) and the
/// `urn:` `fullUrl` of the entry holding it give `Encounter/x`; `Encounter?identifier=...` and
/// `Encounter/x#c` give nothing.
pub fn local_key(reference: &str, bases: &Refs) -> Option<String> {
    let r = reference.trim();
    // `Encounter/x/` is no reference form of FHIR's: it names nothing, wherever it is written.
    if r.ends_with('/') {
        return None;
    }
    if r.starts_with("urn:") || r.contains("://") {
        if let Some(found) = bases.full_urls.get(&normal_url(r)) {
            return found.clone();
        }
        if r.starts_with("urn:") {
            return None;
        }
    }
    if r.is_empty() || r.starts_with('#') {
        return None;
    }
    if let (Some(base), false) = (&bases.relative_base, r.contains("://")) {
        let absolute = format!("{base}/{}", r.trim_start_matches('/'));
        return bases.full_urls.get(&normal_url(&absolute)).cloned().flatten();
    }
    let rest = if r.contains("://") {
        // Scheme and host in any case (RFC 3986 §6.2.2.1), as `support::under` compares them.
        bases.iter().find_map(|b| {
            let b = b.trim_end_matches('/');
            crate::rules::support::under(b, r).then(|| &r[b.len() + 1..])
        })?
    } else {
        r.trim_start_matches('/')
    };
    // A search (`Encounter?identifier=...`) or a resource contained in another
    // (`Patient/p#x`) is not the record `Type/id`.
    if rest.contains(['?', '#']) {
        return None;
    }
    let parts: Vec<&str> = rest.split('/').collect();
    match parts.as_slice() {
        [ty, id] | [ty, id, "_history", _] if is_resource_type(ty) && is_fhir_id(id) => {
            Some(format!("{ty}/{id}"))
        }
        _ => None,
    }
}

/// The strings found by walking `path` from `v`, through objects, flattening arrays at every
/// step: `strings_at(doc, &["content", "attachment", "url"])`.
pub fn strings_at<'a>(v: &'a Value, path: &[&str]) -> Vec<&'a str> {
    let mut out = Vec::new();
    collect(v, path, &mut out);
    out
}

fn collect<'a>(v: &'a Value, path: &[&str], out: &mut Vec<&'a str>) {
    match v {
        Value::Array(items) => items.iter().for_each(|i| collect(i, path, out)),
        Value::Object(obj) => {
            if let Some((first, rest)) = path.split_first() {
                if let Some(next) = obj.get(*first) {
                    collect(next, rest, out);
                }
            }
        }
        Value::String(s) if path.is_empty() => out.push(s),
        _ => {}
    }
}

/// The literal `reference` strings of the References at `path` (`&["encounter"]`,
/// `&["context", "encounter"]`, `&["item", "encounter"]`).
pub fn references_at<'a>(v: &'a Value, path: &[&str]) -> Vec<&'a str> {
    let mut full: Vec<&str> = path.to_vec();
    full.push("reference");
    strings_at(v, &full)
}

/// Does `key` (`Type/id`) name a resource of `rtype`?
pub fn is_type(key: &str, rtype: &str) -> bool {
    key.split_once('/').is_some_and(|(t, _)| t == rtype)
}

#[cfg(test)]
mod tests {
    use super::super::data::base_of_full_url;
    use super::*;
    use serde_json::json;

    #[test]
    fn local_keys() {
        let mut bases = Refs::new(vec!["https://fhir.provider.example.org".to_string()]);
        bases.full_urls = Arc::new(HashMap::from([
            ("urn:uuid:2".into(), Some("Encounter/e2".into())),
            ("urn:uuid:twice".into(), None),
            (
                "https://ehr.example.org/fhir/Patient/x".into(),
                Some("Patient/x".into()),
            ),
        ]));
        let k = |r: &str| local_key(r, &bases);
        assert_eq!(k("urn:uuid:twice"), None);
        // Under the data's own base: exactly the entry with that fullUrl, and nothing else there.
        assert_eq!(
            k("HTTPS://EHR.example.org/fhir/Patient/x/_history/2").as_deref(),
            Some("Patient/x")
        );
        assert_eq!(k("https://ehr.example.org/fhir/Patient/y"), None);
        assert_eq!(k("urn:uuid:2").as_deref(), Some("Encounter/e2"));
        assert_eq!(k("Encounter/e1").as_deref(), Some("Encounter/e1"));
        assert_eq!(
            k("https://fhir.provider.example.org/Encounter/e1").as_deref(),
            Some("Encounter/e1")
        );
        assert_eq!(k("Encounter/e1/_history/3").as_deref(), Some("Encounter/e1"));
        // Scheme and host in any case.
        assert_eq!(
            k("HTTPS://FHIR.Provider.Example.org/Encounter/e1").as_deref(),
            Some("Encounter/e1")
        );
        assert_eq!(k("https://other.example.org/Encounter/e1"), None);
        assert_eq!(k("https://fhir.provider.example.org.evil/Encounter/e1"), None);
        assert_eq!(k("#contained"), None);
        assert_eq!(k("urn:uuid:1"), None);
        assert_eq!(k("Encounter/e1/extra"), None);
        // A trailing slash names nothing, relative, absolute or as a fullUrl would.
        assert_eq!(k("Encounter/e1/"), None);
        assert_eq!(k("https://fhir.provider.example.org/Encounter/e1/"), None);
        assert_eq!(k("https://ehr.example.org/fhir/Patient/x/"), None);
        assert_eq!(k("Encounter/../Patient"), None);
        assert_eq!(k(""), None);
        assert_eq!(k("Encounter/e1?_id=e2"), None);
        assert_eq!(k("Patient/x#c"), None);
        assert_eq!(k("https://fhir.provider.example.org/Encounter/e1#c"), None);

        // Inside an entry on another server, a relative reference is that server's.
        let entry = |full_url: &str| Resource {
            rtype: "Observation".into(),
            id: "o".into(),
            key: "Observation/o".into(),
            value: json!({}),
            full_url: Some(full_url.into()),
            base: base_of_full_url(&normal_url(full_url)),
            bundle_security: Vec::new(),
            origin: "test".into(),
        };
        let other = entry("https://ehr.example.org/fhir/Observation/o");
        let within = bases.within(&other);
        assert_eq!(local_key("Patient/x", &within).as_deref(), Some("Patient/x"));
        assert_eq!(local_key("Patient/x/", &within), None);
        assert_eq!(local_key("Encounter/e1", &within), None);
        assert_eq!(
            local_key("https://fhir.provider.example.org/Encounter/e1", &within).as_deref(),
            Some("Encounter/e1")
        );
        let own = entry("HTTPS://fhir.provider.example.org/Observation/o");
        assert_eq!(
            local_key("Encounter/e1", &bases.within(&own)).as_deref(),
            Some("Encounter/e1")
        );
        let transaction = entry("urn:uuid:7");
        assert_eq!(
            local_key("Encounter/e1", &bases.within(&transaction)).as_deref(),
            Some("Encounter/e1")
        );
    }

    #[test]
    fn paths_flatten_arrays() {
        let doc = json!({"context": {"encounter": [{"reference": "Encounter/a"}, {"reference": "Encounter/b"}, {"display": "x"}]}});
        assert_eq!(
            references_at(&doc, &["context", "encounter"]),
            ["Encounter/a", "Encounter/b"]
        );
        let claim = json!({"item": [{"encounter": [{"reference": "Encounter/a"}]}, {"encounter": [{"reference": "Encounter/c"}]}]});
        assert_eq!(
            references_at(&claim, &["item", "encounter"]),
            ["Encounter/a", "Encounter/c"]
        );
        assert!(references_at(&json!({"encounter": "Encounter/a"}), &["encounter"]).is_empty());
    }
}
