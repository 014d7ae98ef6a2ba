//! Reading a FHIR R4 Claim (a Claim resource with contained resources, or a Bundle holding the
//! Claim and what it references) into the facts a ticket needs.
//!
//! Nothing here invents data: what cannot be found is reported with the FHIR path that was
//! looked at, so the caller can say which flag supplies it.

use serde_json::{json, Map, Value};

/// Something the claim does not say, and where we looked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// What is missing, e.g. "patient".
    pub what: &'static str,
    /// The FHIR path(s) looked at.
    pub looked_at: String,
    /// The flag that supplies it.
    pub flag: &'static str,
}

/// Why a document is not a usable claim.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ClaimError {
    #[error("not JSON: {0}")]
    Json(String),
    #[error("expected a FHIR Claim or a Bundle holding one, found {0}")]
    NotAClaim(String),
    #[error("the Bundle holds {0} Claims; give one claim per document (or use --batch with NDJSON)")]
    SeveralClaims(usize),
}

/// A reference resolved to its resource, with the server id when one is known.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub resource: Value,
    /// `Type/id` at the provider's server, when the reference names one (not for contained
    /// resources, which have only a local id).
    pub server_ref: Option<String>,
    /// The absolute URL, when the Bundle gave one (`fullUrl`).
    pub full_url: Option<String>,
}

/// The facts a Payer Claims Adjudication ticket is built from.
#[derive(Debug, Clone, Default)]
pub struct ClaimFacts {
    pub claim_id: Option<String>,
    /// `Claim.use`: claim, preauthorization, predetermination.
    pub use_: Option<String>,
    /// `Claim.created`, as written.
    pub created: Option<String>,
    /// `Claim.identifier[]` as (system, value).
    pub identifiers: Vec<(Option<String>, String)>,
    /// The thin Patient for `subject.patient`.
    pub patient: Option<Value>,
    /// `Patient/<id>` at the server, when known.
    pub patient_ref: Option<String>,
    /// The payer Organization for `requester`.
    pub payer: Option<Value>,
    /// `Claim.item[].encounter[]` as written (deduplicated, in order), with any Bundle fullUrl.
    pub encounters: Vec<(String, Option<String>)>,
    /// The Claim's own absolute URL in a Bundle.
    pub claim_full_url: Option<String>,
    pub missing: Vec<Missing>,
}

struct Doc<'a> {
    claim: &'a Value,
    /// Bundle entries: (fullUrl, resource).
    entries: Vec<(Option<&'a str>, &'a Value)>,
}

impl Doc<'_> {
    /// Resolve a Reference object (`{"reference": ...}`) from the Claim.
    fn resolve(&self, reference: &Value) -> Option<Resolved> {
        let r = reference.get("reference")?.as_str()?;
        if let Some(local) = r.strip_prefix('#') {
            let contained = self.claim.get("contained")?.as_array()?;
            let resource = contained
                .iter()
                .find(|c| c.get("id").and_then(Value::as_str) == Some(local))?;
            return Some(Resolved {
                resource: resource.clone(),
                server_ref: None,
                full_url: None,
            });
        }
        // Absolute URL: match a fullUrl exactly.
        if r.contains("://") {
            if let Some((full, res)) = self.entries.iter().find(|(f, _)| *f == Some(r)) {
                return Some(Resolved {
                    resource: (*res).clone(),
                    server_ref: type_id(res),
                    full_url: full.map(str::to_string),
                });
            }
            return None;
        }
        // Relative `Type/id`: match resourceType and id, or a fullUrl ending in it.
        let (ty, id) = r.split_once('/')?;
        let id = id.split('/').next()?;
        self.entries
            .iter()
            .find(|(full, res)| {
                (res.get("resourceType").and_then(Value::as_str) == Some(ty)
                    && res.get("id").and_then(Value::as_str) == Some(id))
                    || full.is_some_and(|f| f.ends_with(&format!("/{ty}/{id}")))
            })
            .map(|(full, res)| Resolved {
                resource: (*res).clone(),
                server_ref: Some(format!("{ty}/{id}")),
                full_url: full.map(str::to_string),
            })
    }
}

fn type_id(res: &Value) -> Option<String> {
    Some(format!(
        "{}/{}",
        res.get("resourceType")?.as_str()?,
        res.get("id")?.as_str()?
    ))
}

/// `Type/id` from a literal reference (relative or absolute), if it names one.
pub fn literal_type_id(reference: &str, expected_type: &str) -> Option<String> {
    let parts: Vec<&str> = reference.trim_end_matches('/').rsplitn(3, '/').collect();
    match parts.as_slice() {
        [id, ty, ..] if *ty == expected_type && !id.is_empty() && !id.starts_with('#') => {
            Some(format!("{ty}/{id}"))
        }
        _ => None,
    }
}

/// Keep what a thin resource needs from FHIR Identifiers: system, value (and type).
fn thin_identifiers(v: Option<&Value>) -> Option<Value> {
    let list: Vec<Value> = match v {
        Some(Value::Array(a)) => a.clone(),
        Some(o @ Value::Object(_)) => vec![o.clone()],
        _ => return None,
    };
    let thin: Vec<Value> = list
        .iter()
        .filter(|i| i.get("system").is_some() || i.get("value").is_some())
        .map(|i| {
            let mut m = Map::new();
            for k in ["type", "system", "value"] {
                if let Some(x) = i.get(k) {
                    m.insert(k.to_string(), x.clone());
                }
            }
            Value::Object(m)
        })
        .collect();
    (!thin.is_empty()).then_some(Value::Array(thin))
}

/// A thin Patient: identifiers, name, birthDate, gender.
fn thin_patient(p: &Value) -> Value {
    let mut m = Map::new();
    m.insert("resourceType".into(), json!("Patient"));
    if let Some(ids) = thin_identifiers(p.get("identifier")) {
        m.insert("identifier".into(), ids);
    }
    if let Some(names) = p.get("name").and_then(Value::as_array) {
        let thin: Vec<Value> = names
            .iter()
            .map(|n| {
                let mut t = Map::new();
                for k in ["use", "text", "family", "given"] {
                    if let Some(x) = n.get(k) {
                        t.insert(k.to_string(), x.clone());
                    }
                }
                Value::Object(t)
            })
            .collect();
        if !thin.is_empty() {
            m.insert("name".into(), Value::Array(thin));
        }
    }
    for k in ["birthDate", "gender"] {
        if let Some(x) = p.get(k) {
            m.insert(k.to_string(), x.clone());
        }
    }
    Value::Object(m)
}

/// A requester Organization: identifiers and name.
fn thin_organization(o: &Value) -> Value {
    let mut m = Map::new();
    m.insert("resourceType".into(), json!("Organization"));
    if let Some(ids) = thin_identifiers(o.get("identifier")) {
        m.insert("identifier".into(), ids);
    }
    if let Some(n) = o.get("name") {
        m.insert("name".into(), n.clone());
    }
    Value::Object(m)
}

/// From a bare Reference (`identifier`, `display`) when the resource is not in the document.
fn from_reference(r: &Value, resource_type: &str) -> Option<Value> {
    let mut m = Map::new();
    m.insert("resourceType".into(), json!(resource_type));
    let id = r.get("identifier").and_then(|i| thin_identifiers(Some(i)));
    let display = r.get("display").and_then(Value::as_str);
    if id.is_none() && display.is_none() {
        return None;
    }
    if let Some(ids) = id {
        m.insert("identifier".into(), ids);
    }
    if let Some(d) = display {
        if resource_type == "Patient" {
            m.insert("name".into(), json!([{ "text": d }]));
        } else {
            m.insert("name".into(), json!(d));
        }
    }
    Some(Value::Object(m))
}

/// Read a FHIR Claim or Bundle.
pub fn read(doc: &Value) -> Result<ClaimFacts, ClaimError> {
    let rt = doc.get("resourceType").and_then(Value::as_str);
    let (claim, entries, claim_full_url) = match rt {
        Some("Claim") => (doc, Vec::new(), None),
        Some("Bundle") => {
            let entries: Vec<(Option<&str>, &Value)> = doc
                .get("entry")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|e| Some((e.get("fullUrl").and_then(Value::as_str), e.get("resource")?)))
                        .collect()
                })
                .unwrap_or_default();
            let claims: Vec<&(Option<&str>, &Value)> = entries
                .iter()
                .filter(|(_, r)| r.get("resourceType").and_then(Value::as_str) == Some("Claim"))
                .collect();
            match claims.as_slice() {
                [one] => (one.1, entries.clone(), one.0.map(str::to_string)),
                [] => return Err(ClaimError::NotAClaim("a Bundle without a Claim".into())),
                many => return Err(ClaimError::SeveralClaims(many.len())),
            }
        }
        Some(other) => return Err(ClaimError::NotAClaim(format!("a {other} resource"))),
        None => {
            return Err(ClaimError::NotAClaim(format!(
                "JSON {} without resourceType",
                crate::jose::compact::kind(doc)
            )))
        }
    };
    let d = Doc { claim, entries };
    let mut f = ClaimFacts {
        claim_id: claim.get("id").and_then(Value::as_str).map(str::to_string),
        use_: claim.get("use").and_then(Value::as_str).map(str::to_string),
        created: claim.get("created").and_then(Value::as_str).map(str::to_string),
        claim_full_url,
        ..ClaimFacts::default()
    };
    f.identifiers = claim
        .get("identifier")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|i| {
                    Some((
                        i.get("system").and_then(Value::as_str).map(str::to_string),
                        i.get("value")?.as_str()?.to_string(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default();

    // Patient.
    match claim.get("patient") {
        Some(r) => {
            let literal = r.get("reference").and_then(Value::as_str);
            match d.resolve(r) {
                Some(res) => {
                    f.patient = Some(thin_patient(&res.resource));
                    f.patient_ref = res
                        .server_ref
                        .or_else(|| literal.and_then(|l| literal_type_id(l, "Patient")));
                }
                None => {
                    f.patient = from_reference(r, "Patient");
                    f.patient_ref = literal.and_then(|l| literal_type_id(l, "Patient"));
                    if f.patient.is_none() {
                        f.missing.push(Missing {
                            what: "patient demographics",
                            looked_at: format!(
                                "Claim.patient ({}) is not contained or in the Bundle, and has no identifier or display",
                                literal.unwrap_or("no reference")
                            ),
                            flag: "include the Patient in the Bundle or as a contained resource",
                        });
                    }
                }
            }
        }
        None => f.missing.push(Missing {
            what: "patient",
            looked_at: "Claim.patient".into(),
            flag: "the Claim must name its patient (Claim.patient)",
        }),
    }

    // Payer: Claim.insurer, else the focal coverage's payor.
    let insurer = claim.get("insurer");
    let from_insurer = insurer.and_then(|r| {
        d.resolve(r)
            .map(|x| thin_organization(&x.resource))
            .or_else(|| from_reference(r, "Organization"))
    });
    f.payer = from_insurer.or_else(|| {
        let insurance = claim.get("insurance")?.as_array()?;
        let focal = insurance
            .iter()
            .find(|i| i.get("focal").and_then(Value::as_bool) == Some(true))
            .or_else(|| insurance.first())?;
        let coverage = d.resolve(focal.get("coverage")?)?.resource;
        let payor = coverage.get("payor")?.as_array()?.first()?;
        d.resolve(payor)
            .map(|x| thin_organization(&x.resource))
            .or_else(|| from_reference(payor, "Organization"))
    });
    if f.payer.is_none() {
        f.missing.push(Missing {
            what: "payer (requester)",
            looked_at: "Claim.insurer, then Claim.insurance[focal].coverage -> Coverage.payor".into(),
            flag: "--payer-name NAME and --payer-id SYSTEM|VALUE",
        });
    }

    // Encounters: every Claim.item[].encounter[], deduplicated in order.
    if let Some(items) = claim.get("item").and_then(Value::as_array) {
        for item in items {
            for e in item
                .get("encounter")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let Some(r) = e.get("reference").and_then(Value::as_str) else {
                    continue;
                };
                let full = d.resolve(e).and_then(|x| x.full_url);
                if !f.encounters.iter().any(|(x, _)| x == r) {
                    f.encounters.push((r.to_string(), full));
                }
            }
        }
    }
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_ids() {
        assert_eq!(
            literal_type_id("Patient/B1", "Patient").as_deref(),
            Some("Patient/B1")
        );
        assert_eq!(
            literal_type_id("https://x.org/fhir/Patient/B1", "Patient").as_deref(),
            Some("Patient/B1")
        );
        assert_eq!(literal_type_id("#p1", "Patient"), None);
        assert_eq!(literal_type_id("Encounter/B1", "Patient"), None);
    }
}

/// The members of a Claim, Bundle, or referenced resource that the mapping reads; everything
/// else in the document is skipped while parsing (claims run to many KB of item detail).
#[derive(serde::Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Slim {
    resource_type: Option<Value>,
    id: Option<Value>,
    identifier: Option<Value>,
    #[serde(rename = "use")]
    use_: Option<Value>,
    created: Option<Value>,
    patient: Option<Value>,
    insurer: Option<Value>,
    insurance: Option<Value>,
    contained: Option<Value>,
    item: Option<Vec<SlimItem>>,
    entry: Option<Vec<SlimEntry>>,
    name: Option<Value>,
    birth_date: Option<Value>,
    gender: Option<Value>,
    payor: Option<Value>,
}

#[derive(serde::Deserialize)]
struct SlimItem {
    encounter: Option<Value>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct SlimEntry {
    full_url: Option<Value>,
    resource: Option<Box<Slim>>,
}

impl Slim {
    fn into_value(self) -> Value {
        let mut m = Map::new();
        let mut put = |k: &str, v: Option<Value>| {
            if let Some(v) = v {
                m.insert(k.to_string(), v);
            }
        };
        put("resourceType", self.resource_type);
        put("id", self.id);
        put("identifier", self.identifier);
        put("use", self.use_);
        put("created", self.created);
        put("patient", self.patient);
        put("insurer", self.insurer);
        put("insurance", self.insurance);
        put("contained", self.contained);
        put(
            "item",
            self.item.map(|items| {
                Value::Array(
                    items
                        .into_iter()
                        .map(|i| match i.encounter {
                            Some(e) => json!({ "encounter": e }),
                            None => json!({}),
                        })
                        .collect(),
                )
            }),
        );
        put(
            "entry",
            self.entry.map(|entries| {
                Value::Array(
                    entries
                        .into_iter()
                        .map(|e| {
                            let mut o = Map::new();
                            if let Some(f) = e.full_url {
                                o.insert("fullUrl".into(), f);
                            }
                            if let Some(r) = e.resource {
                                o.insert("resource".into(), r.into_value());
                            }
                            Value::Object(o)
                        })
                        .collect(),
                )
            }),
        );
        put("name", self.name);
        put("birthDate", self.birth_date);
        put("gender", self.gender);
        put("payor", self.payor);
        Value::Object(m)
    }
}

/// Read a FHIR Claim or Bundle from its JSON text, parsing only what the mapping needs.
pub fn read_bytes(document: &[u8]) -> Result<ClaimFacts, ClaimError> {
    let first = document.iter().find(|b| !b.is_ascii_whitespace());
    if first != Some(&b'{') {
        // Not an object: let the general reader name what it is.
        let v: Value = serde_json::from_slice(document).map_err(|e| ClaimError::Json(e.to_string()))?;
        return read(&v);
    }
    let slim: Slim = serde_json::from_slice(document)
        .map_err(|e| ClaimError::Json(format!("not a FHIR Claim or Bundle the mapping can read: {e}")))?;
    read(&slim.into_value())
}
