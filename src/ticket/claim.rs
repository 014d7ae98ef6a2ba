//! Reading a FHIR R4 Claim (a Claim resource with contained resources, or a Bundle holding the
//! Claim and what it references) into the facts a ticket needs.
//!
//! Nothing here invents data: what cannot be found is reported with the FHIR path that was
//! looked at, so the caller can say which flag supplies it.

use serde_json::{json, Value};

use super::fhir::{Identifier, Insurance, List, Reference, Resource, Str};
use super::object::Object;

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
struct Resolved<'d, 'a> {
    resource: &'d Resource<'a>,
    /// `Type/id` at the provider's server, when the reference names one (not for contained
    /// resources, which have only a local id).
    server_ref: Option<String>,
    /// The absolute URL, when the Bundle gave one (`fullUrl`).
    full_url: Option<&'d str>,
}

/// An encounter a claim item names, and where it is at the provider's server when the claim says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EncounterRef {
    /// The reference as written (empty when the item gives only an identifier).
    pub written: String,
    /// Where the claim names it: `Claim.item[i].encounter[j]` is `(i, j)`.
    pub at: (usize, usize),
    /// Its absolute URL: the Bundle entry's fullUrl, or the reference itself.
    pub url: Option<String>,
    /// `Encounter/<id>` at the server, when the reference or the resolved resource gives it (and
    /// there is no `url`).
    pub server_ref: Option<String>,
    /// Why neither can be had (a contained Encounter, an identifier only, ...).
    pub problem: Option<String>,
    /// The problem is the item's `encounter` element itself, not one of its entries.
    pub whole_element: bool,
}

/// The facts a Payer Claims Adjudication ticket is built from.
#[derive(Debug, Clone, Default)]
pub struct ClaimFacts {
    /// `Claim.use`: claim, preauthorization, predetermination.
    pub use_: Option<String>,
    /// `Claim.created`, as written.
    pub created: Option<String>,
    /// `Claim.created` as JSON text (`"2026-09-16"`, `12345`), for messages.
    pub created_json: Option<String>,
    /// `Claim.identifier[]` as (system, value).
    pub identifiers: Vec<(Option<String>, String)>,
    /// `Claim.identifier` is one object, not an array (not read: FHIR JSON has an array).
    pub identifier_not_array: bool,
    /// The claim names its Patient by a bare reference only: the ticket's subject is found by
    /// `recipient_record` alone.
    pub patient_bare: bool,
    /// `Claim.status` when the claim is void (`cancelled`, `entered-in-error`).
    pub void: Option<String>,
    /// The thin Patient for `subject.patient`.
    pub patient: Option<Value>,
    /// `Patient/<id>` at the server, when known.
    pub patient_ref: Option<String>,
    /// The Patient's absolute URL, when the claim gives one (a Bundle fullUrl or an absolute
    /// reference): a record on another server is not the issuer's to point at.
    pub patient_url: Option<String>,
    /// The payer Organization for `requester`.
    pub payer: Option<Value>,
    /// `Claim.item[].encounter[]` (deduplicated, in order).
    pub encounters: Vec<EncounterRef>,
    /// The Claim's own absolute URL in a Bundle.
    pub claim_full_url: Option<String>,
    pub missing: Vec<Missing>,
}

struct Doc<'d, 'a> {
    claim: &'d Resource<'a>,
    /// Bundle entries: (fullUrl, resource).
    entries: Vec<(Option<&'d str>, &'d Resource<'a>)>,
}

impl<'d, 'a> Doc<'d, 'a> {
    /// Resolve a Reference from the Claim.
    fn resolve(&self, reference: &Reference) -> Option<Resolved<'d, 'a>> {
        let r = reference.reference.get()?;
        if let Some(local) = r.strip_prefix('#') {
            let resource = self
                .claim
                .contained
                .array()
                .iter()
                .find(|c| c.id.get() == Some(local))?;
            return Some(Resolved {
                resource,
                server_ref: None,
                full_url: None,
            });
        }
        // An absolute URL or a URN (`urn:uuid:`, `urn:oid:`, as Bundles built by tools use):
        // match a fullUrl exactly.
        if r.contains("://") || r.starts_with("urn:") {
            let (full, res) = self.entries.iter().find(|(f, _)| *f == Some(r))?;
            return Some(Resolved {
                resource: res,
                server_ref: type_id(res),
                full_url: web_url(*full),
            });
        }
        // Relative `Type/id`: match resourceType and id, or a fullUrl ending in it.
        let (ty, id) = r.split_once('/')?;
        let id = id.split('/').next()?;
        let ends_in_type_id = |f: &str| {
            f.strip_suffix(id)
                .and_then(|x| x.strip_suffix('/'))
                .and_then(|x| x.strip_suffix(ty))
                .is_some_and(|x| x.ends_with('/'))
        };
        self.entries
            .iter()
            .find(|(full, res)| {
                (res.resource_type.get() == Some(ty) && res.id.get() == Some(id))
                    || full.is_some_and(ends_in_type_id)
            })
            .map(|(full, res)| Resolved {
                resource: res,
                server_ref: Some([ty, "/", id].concat()),
                full_url: web_url(*full),
            })
    }
}

/// A fullUrl that locates the resource at a server (not a `urn:uuid:` that only names it
/// inside the Bundle).
fn web_url(full_url: Option<&str>) -> Option<&str> {
    full_url.filter(|f| f.starts_with("https://") || f.starts_with("http://"))
}

fn type_id(res: &Resource) -> Option<String> {
    Some([res.resource_type.get()?, "/", res.id.get()?].concat())
}

/// `Type/id` from a literal reference (relative or absolute), if it names one of
/// `expected_type` with a FHIR id.
pub fn literal_type_id(reference: &str, expected_type: &str) -> Option<String> {
    type_and_id(reference)
        .filter(|t| {
            t.split_once('/')
                .is_some_and(|(ty, id)| ty == expected_type && crate::release::data::is_fhir_id(id))
        })
        .map(str::to_string)
}

/// A Claim status that voids the claim (FHIR: cancelled, entered-in-error): it grants nothing,
/// so mint refuses it and release does not take it as the ticket's claim.
pub fn is_void(status: &str) -> bool {
    matches!(status, "cancelled" | "entered-in-error")
}

/// Which of a Claim's `insurance` entries is the focal one (the coverage the claim is billed
/// under), from each entry's `focal` (`Some(true)` also for `"true"` as converters from XML
/// write it): the one marked; with a single entry, that one (it needs no mark). None of several
/// marked, or several marked: which coverage is meant is not known, and `Err` says why. Mint
/// (the payer) and release (the coverage released) decide the same way.
pub fn focal_index(focal: &[Option<bool>]) -> Result<Option<usize>, String> {
    let marked: Vec<usize> = (0..focal.len()).filter(|&i| focal[i] == Some(true)).collect();
    match (marked.as_slice(), focal.len()) {
        ([one], _) => Ok(Some(*one)),
        ([], 0) => Ok(None),
        ([], 1) => Ok(Some(0)),
        ([], n) => Err(format!("none of Claim.insurance's {n} entries is focal")),
        (several, _) => Err(format!("{} Claim.insurance entries are focal", several.len())),
    }
}

/// The identifier systems of the US Social Security Number: FHIR's, and the OID it stands for.
const US_SSN: [&str; 2] = ["http://hl7.org/fhir/sid/us-ssn", "urn:oid:2.16.840.1.113883.4.1"];

/// A US Social Security Number: by its system (either form, a trailing slash ignored), or
/// typed `SS` (v2-0203, or with no code system). A ticket travels through the payer's claims
/// pipeline and needs no national identifier to find a record the issuer assigned, so a thin
/// Patient leaves it out.
fn is_ssn(i: &Identifier) -> bool {
    // Most identifiers are neither: their text is looked at before anything is decoded.
    let by_system = i
        .system
        .0
        .is_some_and(|t| t.contains("us-ssn") || t.contains("113883.4.1"))
        && i.system
            .as_str()
            .is_some_and(|s| US_SSN.contains(&s.trim().trim_end_matches('/')));
    by_system
        || i.type_.0.is_some_and(|t| t.contains("SS"))
            && i.type_.value().is_some_and(|t| {
                t["coding"].as_array().is_some_and(|codings| {
                    codings.iter().any(|c| {
                        c["code"] == "SS"
                            && (c.get("system").is_none()
                                || c["system"] == "http://terminology.hl7.org/CodeSystem/v2-0203")
                    })
                })
            })
}

/// Keep what a thin resource needs from FHIR Identifiers: system, value (and type); for a
/// Patient, not a Social Security Number (`is_ssn`).
fn thin_identifiers(list: &List<Identifier>, patient: bool) -> Option<Value> {
    let thin: Vec<Value> = list
        .items
        .iter()
        .filter(|i| i.system.0.is_some() || i.value.0.is_some())
        .filter(|i| !(patient && is_ssn(i)))
        // A retired identifier no longer finds the record.
        .filter(|i| i.use_.get() != Some("old"))
        .map(|i| {
            Object::new()
                .set_some("type", i.type_.value())
                .set_some("system", i.system.value())
                .set_some("value", i.value.value())
                .build()
        })
        .collect();
    (!thin.is_empty()).then_some(Value::Array(thin))
}

/// A thin Patient: identifiers, name, birthDate, gender.
fn thin_patient(p: &Resource) -> Value {
    let mut m = Object::new()
        .set("resourceType", Value::from("Patient"))
        .set_some("identifier", thin_identifiers(&p.identifier, true));
    if let Some(Value::Array(names)) = p.name.value() {
        let thin: Vec<Value> = names
            .into_iter()
            .map(|mut n| {
                const KEPT: [&str; 4] = ["use", "text", "family", "given"];
                // Usually a name has only these members, in this order: it is kept as it is.
                let as_is = n.as_object().is_some_and(|m| {
                    let mut last = None;
                    m.keys().all(|k| {
                        let place = KEPT.iter().position(|kept| kept == k);
                        let in_order = place.is_some() && place > last;
                        last = place;
                        in_order
                    })
                });
                if as_is {
                    return n;
                }
                let Some(n) = n.as_object_mut() else {
                    return Object::new().build();
                };
                KEPT.iter()
                    .fold(Object::new(), |t, k| t.set_some(k, n.remove(*k)))
                    .build()
            })
            .collect();
        if !thin.is_empty() {
            m = m.set("name", Value::Array(thin));
        }
    }
    m.set_some("birthDate", p.birth_date.value())
        .set_some("gender", p.gender.value())
        .build()
}

/// A requester Organization: identifiers and name.
fn thin_organization(o: &Resource) -> Value {
    Object::new()
        .set("resourceType", Value::from("Organization"))
        .set_some("identifier", thin_identifiers(&o.identifier, false))
        .set_some("name", o.name.value())
        .build()
}

/// From a bare Reference (`identifier`, `display`) when the resource is not in the document.
fn from_reference(r: &Reference, resource_type: &str) -> Option<Value> {
    let id = thin_identifiers(&r.identifier, resource_type == "Patient");
    let display = r.display.get();
    if id.is_none() && display.is_none() {
        return None;
    }
    let name = display.map(|d| match resource_type {
        "Patient" => json!([{ "text": d }]),
        _ => Value::from(d),
    });
    Some(
        Object::new()
            .set("resourceType", Value::from(resource_type))
            .set_some("identifier", id)
            .set_some("name", name)
            .build(),
    )
}

/// The `Type/id` a literal reference ends in (`Organization/x`, `<base>/Organization/x`,
/// `.../_history/2`), when `Type` is a FHIR R4 resource type.
pub fn type_and_id(reference: &str) -> Option<&str> {
    let record = reference.split("/_history/").next()?.trim_end_matches('/');
    let mut parts = record.rsplitn(3, '/');
    let (id, ty) = (parts.next()?, parts.next()?);
    (!id.is_empty() && super::fhir::is_r4_resource_type(ty))
        .then(|| &record[record.len() - id.len() - ty.len() - 1..])
}

/// The type a Reference names (with its article) when it is not `expected`: the resolved resource's, else the
/// literal reference's (`Practitioner/x`, `<base>/Practitioner/x`), else `Reference.type`.
fn other_type(d: &Doc, r: &Reference, expected: &str) -> Option<String> {
    let named = match d.resolve(r) {
        Some(res) => Some(
            res.resource
                .resource_type
                .get()
                .unwrap_or("resource without a resourceType"),
        ),
        None => r
            .reference
            .get()
            .filter(|l| !l.starts_with('#') && !l.starts_with("urn:"))
            .and_then(type_and_id)
            .and_then(|t| t.split('/').next())
            .or_else(|| r.type_.get()),
    };
    named.filter(|t| *t != expected).map(super::fhir::with_article)
}

/// Read a FHIR Claim or Bundle from its JSON text. Only the members the mapping reads are
/// built (see [`super::fhir`]); everything else is skipped while parsing.
pub fn read_bytes(document: &[u8]) -> Result<ClaimFacts, ClaimError> {
    // A byte order mark is ignored, as for tokens, keys and FHIR data.
    let (document, bom) = {
        let rest = crate::io::strip_bom(document);
        (rest, document.len() - rest.len())
    };
    let object = document.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    if !object {
        // Not an object: name what it is.
        if let Err(e) = std::str::from_utf8(document) {
            let utf16 = document.starts_with(&[0xFF, 0xFE]) || document.starts_with(&[0xFE, 0xFF]);
            return Err(ClaimError::Json(format!(
                "invalid UTF-8 at byte {}{}",
                bom + e.valid_up_to() + 1,
                if utf16 {
                    " (a UTF-16 byte order mark: save the claim as UTF-8)"
                } else {
                    " (JSON text is UTF-8)"
                }
            )));
        }
        let v: Value = serde_json::from_slice(document).map_err(|e| ClaimError::Json(e.to_string()))?;
        return Err(ClaimError::NotAClaim(crate::jose::compact::kind(&v).to_string()));
    }
    let doc = Resource::parse(document).map_err(|e| ClaimError::Json(e.to_string()))?;
    read(&doc)
}

/// Read a FHIR Claim or Bundle.
fn read(doc: &Resource) -> Result<ClaimFacts, ClaimError> {
    let (claim, entries, claim_full_url) = match doc.resource_type.get() {
        Some("Claim") => (doc, Vec::new(), None),
        Some("Bundle") => {
            let entries: Vec<(Option<&str>, &Resource)> = doc
                .entry
                .array()
                .iter()
                .filter_map(|e| Some((e.full_url.get(), e.resource.0.as_ref()?)))
                .collect();
            let claims: Vec<&(Option<&str>, &Resource)> = entries
                .iter()
                .filter(|(_, r)| r.resource_type.get() == Some("Claim"))
                .collect();
            match claims.as_slice() {
                [one] => (one.1, entries.clone(), one.0.map(str::to_string)),
                [] => return Err(ClaimError::NotAClaim("a Bundle without a Claim".into())),
                many => return Err(ClaimError::SeveralClaims(many.len())),
            }
        }
        Some(other) => return Err(ClaimError::NotAClaim(format!("a {other} resource"))),
        None => return Err(ClaimError::NotAClaim("an object without resourceType".into())),
    };
    let d = Doc { claim, entries };
    let absolute = |r: &str| (r.starts_with("https://") || r.starts_with("http://")).then(|| r.to_string());
    let owned = |s: &Str| s.get().map(str::to_string);
    let mut f = ClaimFacts {
        use_: owned(&claim.use_),
        // A string's value, or the JSON text of any other type (then unusable); null is absent.
        created: claim
            .created
            .as_str()
            .or_else(|| claim.created.0.filter(|t| *t != "null").map(str::to_string)),
        created_json: claim.created.0.filter(|t| *t != "null").map(str::to_string),
        claim_full_url,
        ..ClaimFacts::default()
    };
    // The payer's references: an identifier it assigned (an ICN, DCN or CCN) is never the
    // provider's control number (claim-linkage page).
    let payer_refs: Vec<&str> = claim
        .insurer
        .0
        .iter()
        .chain(claim.insurance.array().iter().flat_map(|i| {
            let coverage = i.coverage.0.as_ref().and_then(|c| d.resolve(c));
            coverage.map_or(&[][..], |c| c.resource.payor.array())
        }))
        .filter_map(|r| r.reference.get())
        .collect();
    // A number someone else assigned is not the provider's: an assigner that is a payer, or any
    // assigner but the claim's provider (a display or an identifier alone is how claims
    // converted from X12 name the payer); or typed as the payer's (CARIN BB `payerid`, or `uc`,
    // the "Unique Claim ID" a payer assigns to a claim it received).
    let provider = claim.provider.0.as_ref();
    let provider_record = provider.and_then(|p| d.resolve(p)).map(|r| r.resource);
    // The assigner is the claim's provider when it names it: by the same reference, or one that
    // resolves to the same record or ends in the same `Type/id` (relative or absolute); by an
    // identifier (system and value) of the reference or of the provider's record; or by its
    // display or name.
    let is_provider = |a: &Reference| {
        let Some(p) = provider else { return false };
        let same = |x: Option<&str>, y: Option<&str>| x.is_some() && x == y;
        let same_id = |x: &Identifier, y: &Identifier| {
            x.value.0.is_some() && x.system.0 == y.system.0 && x.value.0 == y.value.0
        };
        let same_name = |x: &str, y: &str| x.trim().eq_ignore_ascii_case(y.trim());
        let a_record = d.resolve(a).map(|r| r.resource);
        let provider_ids = p
            .identifier
            .items
            .iter()
            .chain(provider_record.iter().flat_map(|r| r.identifier.items.iter()));
        same(a.reference.get(), p.reference.get())
            || a_record
                .zip(provider_record)
                .is_some_and(|(x, y)| std::ptr::eq(x, y))
            || same(
                a.reference.get().and_then(type_and_id),
                p.reference.get().and_then(type_and_id),
            )
            || provider_ids
                .into_iter()
                .any(|y| a.identifier.items.iter().any(|x| same_id(x, y)))
            || a.display.get().is_some_and(|x| {
                p.display.get().is_some_and(|y| same_name(x, y))
                    || provider_record
                        .and_then(|r| r.name.as_str())
                        .is_some_and(|y| same_name(x, &y))
            })
    };
    let by_payer = |i: &Identifier| {
        let assigned_elsewhere =
            i.assigner.0.as_ref().is_some_and(|a| {
                a.reference.get().is_some_and(|r| payer_refs.contains(&r)) || !is_provider(a)
            });
        assigned_elsewhere
            || i.type_
                .0
                .is_some_and(|t| t.contains("payerid") || t.contains("\"uc\""))
                && i.type_.value().is_some_and(|t| {
                    t["coding"].as_array().is_some_and(|codings| {
                        codings.iter().any(|c| {
                            c["code"] == "payerid"
                                || c["code"] == "uc"
                                    && c["system"]
                                        .as_str()
                                        .is_none_or(|s| s.ends_with("/C4BBIdentifierType"))
                        })
                    })
                })
    };
    f.identifier_not_array = !claim.identifier.was_array && !claim.identifier.items.is_empty();
    // A claim that is void grants nothing (FHIR: cancelled, entered-in-error).
    f.void = claim.status.get().filter(|s| is_void(s)).map(str::to_string);
    f.identifiers = claim
        .identifier
        .array()
        .iter()
        .filter(|i| !by_payer(i))
        // FHIR strings are never empty: an empty value identifies nothing.
        .filter_map(|i| Some((i.system.as_str(), i.value.as_str().filter(|v| !v.is_empty())?)))
        .collect();

    // Patient.
    let patient_type = claim
        .patient
        .0
        .as_ref()
        .and_then(|r| other_type(&d, r, "Patient"));
    match (&claim.patient.0, patient_type) {
        // A Practitioner (or the Claim itself) is not made the ticket's subject.
        (Some(r), Some(named)) => f.missing.push(Missing {
            what: "patient",
            looked_at: format!(
                "Claim.patient ({}) names {named}, not a Patient",
                r.reference.get().unwrap_or("no reference")
            ),
            flag: "a Claim.patient reference to the Patient",
        }),
        (Some(r), None) => {
            // A version-specific reference names a version of the record: the record is meant.
            let literal = r
                .reference
                .get()
                .map(|l| l.rsplit_once("/_history/").map_or(l, |(record, _)| record));
            f.patient_url = literal.and_then(absolute);
            match d.resolve(r) {
                Some(res) => {
                    f.patient = Some(thin_patient(res.resource));
                    f.patient_url = res.full_url.map(str::to_string);
                    f.patient_ref = res
                        .server_ref
                        .or_else(|| literal.and_then(|l| literal_type_id(l, "Patient")));
                }
                None => {
                    f.patient = from_reference(r, "Patient");
                    f.patient_ref = literal.and_then(|l| literal_type_id(l, "Patient"));
                    // A bare reference to the record (`Patient/<id>`, the claim as the server
                    // holds it): the issuer is the Data Holder, and `recipient_record` names
                    // the record; the thin Patient has nothing more to say.
                    if f.patient.is_none() && f.patient_ref.is_some() {
                        f.patient = Some(Object::new().set("resourceType", Value::from("Patient")).build());
                        f.patient_bare = true;
                    }
                    if f.patient.is_none() {
                        f.missing.push(Missing {
                            what: "patient demographics",
                            looked_at: format!(
                                "Claim.patient ({}) is not contained or in the Bundle, and has no identifier or display",
                                literal.unwrap_or("no reference")
                            ),
                            flag: "the Patient in the Bundle or as a contained resource",
                        });
                    }
                }
            }
        }
        (None, _) => f.missing.push(Missing {
            what: "patient",
            looked_at: "Claim.patient".into(),
            flag: "a Claim.patient reference in the claim",
        }),
    }

    // Payer: Claim.insurer, else the focal coverage's payor.
    let insurer_type = claim
        .insurer
        .0
        .as_ref()
        .and_then(|r| other_type(&d, r, "Organization"));
    if let (Some(t), Some(r)) = (&insurer_type, claim.insurer.0.as_ref()) {
        f.missing.push(Missing {
            what: "payer (requester)",
            looked_at: format!(
                "Claim.insurer ({}) names {t}, not an Organization",
                r.reference.get().unwrap_or("no reference")
            ),
            flag: "a Claim.insurer reference to the payer's Organization, or --payer-name NAME and --payer-id SYSTEM|VALUE",
        });
    }
    let from_insurer = claim
        .insurer
        .0
        .as_ref()
        .filter(|_| insurer_type.is_none())
        .and_then(|r| {
            d.resolve(r)
                .map(|x| thin_organization(x.resource))
                .or_else(|| from_reference(r, "Organization"))
        });
    // The focal insurance: the one entry marked focal (`true`, or `"true"` as converters from
    // XML write it); a claim with a single entry needs no mark. Several marked, or none of
    // several: which coverage the claim is under is not known, and no payer is guessed.
    let insurance = claim.insurance.array();
    let flags: Vec<Option<bool>> = insurance
        .iter()
        .map(|i: &Insurance| match i.focal.0 {
            Some("true" | "\"true\"") => Some(true),
            Some("false" | "\"false\"") => Some(false),
            _ => None,
        })
        .collect();
    let (focal, no_focal_why) = match focal_index(&flags) {
        Ok(i) => (i.and_then(|i| insurance.get(i)), None),
        Err(why) => (None, Some(why)),
    };
    let from_payor = || {
        let coverage = d.resolve(focal?.coverage.0.as_ref()?)?.resource;
        // The payer is the Organization among the payors (a Patient or a RelatedPerson pays
        // too, as self-pay or guarantor). `#id` resolves in the Coverage first: a Bundle's
        // Coverage contains its own payer.
        let resolve = |p: &Reference| {
            let local = p.reference.get().and_then(|r| r.strip_prefix('#'));
            local
                .and_then(|id| coverage.contained.array().iter().find(|c| c.id.get() == Some(id)))
                .or_else(|| d.resolve(p).map(|x| x.resource))
        };
        let organization = |p: &&Reference| match resolve(p) {
            Some(r) => r.resource_type.get() == Some("Organization"),
            // Unresolved: unless its type, or its reference, names another type.
            None => match p.type_.get() {
                Some(ty) => ty == "Organization",
                None => p.reference.get().is_none_or(|r| {
                    let record = r.split("/_history/").next().unwrap_or(r);
                    let ty = record
                        .trim_end_matches('/')
                        .rsplit('/')
                        .nth(1)
                        .unwrap_or("Organization");
                    ty == "Organization" || !ty.starts_with(|c: char| c.is_ascii_uppercase())
                }),
            },
        };
        let payor = coverage.payor.array().iter().find(organization)?;
        resolve(payor)
            .map(thin_organization)
            .or_else(|| from_reference(payor, "Organization"))
    };
    // An insurer named without identifiers (a display alone, as claims converted from X12 often
    // name it) gives way to the focal coverage's payor when that one has them: the Data Holder
    // matches the payer by its identifiers.
    let identified = |o: &Value| o.get("identifier").is_some();
    f.payer = match from_insurer {
        Some(insurer) if !identified(&insurer) => Some(from_payor().filter(identified).unwrap_or(insurer)),
        Some(insurer) => Some(insurer),
        None => from_payor(),
    };
    if f.payer.is_none() && insurer_type.is_none() {
        let looked_at = "Claim.insurer, then Claim.insurance[focal].coverage -> Coverage.payor";
        f.missing.push(Missing {
            what: "payer (requester)",
            looked_at: match no_focal_why {
                Some(why) => format!("{looked_at} ({why})"),
                None => looked_at.into(),
            },
            flag: "--payer-name NAME and --payer-id SYSTEM|VALUE",
        });
    }

    // Encounters: every Claim.item[].encounter[], deduplicated in order.
    for (i, item) in claim.item.array().iter().enumerate() {
        if item.encounter.malformed {
            // Not silently fewer encounters than the claim names: the linkage bounds release.
            f.encounters.push(EncounterRef {
                at: (i, 0),
                whole_element: true,
                problem: Some("Claim.item.encounter must be an array of References (this one is not, or holds something else)".into()),
                ..EncounterRef::default()
            });
        }
        for (j, e) in item.encounter.array().iter().enumerate() {
            let written = e.reference.get().unwrap_or_default();
            if !written.is_empty() && f.encounters.iter().any(|x| x.written == written) {
                continue;
            }
            f.encounters.push(encounter(&d, e, (i, j)));
        }
    }
    Ok(f)
}

/// Where an encounter the claim names is at the provider's server, or why that is unknown.
fn encounter(d: &Doc, e: &Reference, at: (usize, usize)) -> EncounterRef {
    // A version-specific reference names a version of the record: the record is what is linked.
    let Some(r) = e
        .reference
        .get()
        .map(|r| r.rsplit_once("/_history/").map_or(r, |(record, _)| record))
        .filter(|r| !r.is_empty())
    else {
        return EncounterRef {
            at,
            problem: Some(
                "it has no reference (an identifier or a display alone does not locate the record)".into(),
            ),
            ..EncounterRef::default()
        };
    };
    let resolved = d.resolve(e);
    let url = resolved
        .as_ref()
        .and_then(|x| x.full_url)
        .or_else(|| (r.starts_with("https://") || r.starts_with("http://")).then_some(r))
        .map(str::to_string);
    // Only needed when there is no URL.
    let server_ref = match &url {
        Some(_) => None,
        None => resolved
            .and_then(|x| x.server_ref)
            .or_else(|| literal_type_id(r, "Encounter").filter(|_| !r.contains(':'))),
    };
    let problem = match (&url, &server_ref) {
        (Some(_), _) | (None, Some(_)) => None,
        _ if r.starts_with('#') => {
            Some("it is a contained Encounter, which has no URL at the provider's server".into())
        }
        _ if r.starts_with("urn:") => {
            Some("no Bundle entry with this fullUrl holds an Encounter with an id".into())
        }
        _ => Some("it is neither Encounter/<id> (the id 1-64 of A-Z a-z 0-9 - .) nor an absolute URL".into()),
    };
    EncounterRef {
        written: r.to_string(),
        at,
        url,
        server_ref,
        problem,
        whole_element: false,
    }
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
        // A trailing slash is ignored; a type alone, an empty id or no type names nothing.
        assert_eq!(
            literal_type_id("/Patient/B1/", "Patient").as_deref(),
            Some("Patient/B1")
        );
        for none in ["Patient", "Patient/", "B1", "/B1", "Patient//", ""] {
            assert_eq!(literal_type_id(none, "Patient"), None, "{none:?}");
        }
    }

    #[test]
    fn text_that_is_not_utf8_says_where_and_why() {
        let e = read_bytes(b"\xff\xfe{\x00}\x00").unwrap_err().to_string();
        assert_eq!(
            e,
            "not JSON: invalid UTF-8 at byte 1 (a UTF-16 byte order mark: save the claim as UTF-8)"
        );
        let e = read_bytes(b"\xef\xbb\xbf\xff").unwrap_err().to_string();
        assert_eq!(e, "not JSON: invalid UTF-8 at byte 4 (JSON text is UTF-8)");
        let e = read_bytes(b"[\"\xc3\"]").unwrap_err().to_string();
        assert_eq!(e, "not JSON: invalid UTF-8 at byte 3 (JSON text is UTF-8)");
    }

    #[test]
    fn a_thin_patient_keeps_use_text_family_and_given_of_each_name_in_that_order() {
        let doc =
            br##"{"resourceType":"Claim","patient":{"reference":"#p"},"contained":[{"resourceType":"Patient",
            "id":"p","name":[{"use":"official","family":"Okafor","given":["Daniel"]},
            {"given":["Dan"],"period":{"start":"2001"},"family":"O","use":"nickname"},{},"Okafor"]}]}"##;
        let patient = read_bytes(doc).unwrap().patient.unwrap();
        // Compared as text: the order of members is part of the ticket.
        assert_eq!(
            patient["name"].to_string(),
            r#"[{"use":"official","family":"Okafor","given":["Daniel"]},{"use":"nickname","family":"O","given":["Dan"]},{},{}]"#
        );
    }

    #[test]
    fn a_bundle_with_escapes_odd_entries_and_references_by_full_url() {
        let doc = br#"{"resourceType":"Bundle","entry":[
            7, {"fullUrl":5}, {"resource":"x"},
            {"fullUrl":"https://h.org/fhir/Claim/c1","resource":{"resourceType":"Claim","id":"c1",
              "identifier":[{"system":"urn:x","value":"CLM-\u0041\u00e9"}],
              "patient":{"reference":"https://h.org/fhir/Patient/p1"},
              "insurance":[{"focal":false,"coverage":{"reference":"Coverage/v1"}}],
              "item":[{"encounter":[{"reference":"Encounter/e1"},{"reference":"Encounter/e1"}]},
                      {"encounter":{"reference":"Encounter/not-a-list"}}]}},
            {"fullUrl":"https://h.org/fhir/Patient/p1","resource":{"resourceType":"Patient",
              "identifier":{"system":"urn:mrn","value":"M1","use":"usual"},"name":[{"family":"O\"K"}]}},
            {"fullUrl":"https://h.org/fhir/Coverage/v1","resource":{"resourceType":"Coverage",
              "payor":[{"reference":"Organization/o1"}]}},
            {"fullUrl":"https://h.org/fhir/Organization/o1","resource":{"resourceType":"Organization","name":"Payer"}},
            {"fullUrl":"https://h.org/fhir/Encounter/e1","resource":{"resourceType":"Encounter"}}]}"#;
        let f = read_bytes(doc).unwrap();
        assert_eq!(f.claim_full_url.as_deref(), Some("https://h.org/fhir/Claim/c1"));
        assert_eq!(
            f.identifiers,
            [(Some("urn:x".to_string()), "CLM-A\u{e9}".to_string())]
        );
        // Resolved by fullUrl; the resource has no id, so the server id comes from the URL.
        assert_eq!(f.patient_ref.as_deref(), Some("Patient/p1"));
        assert_eq!(
            f.patient,
            Some(
                json!({"resourceType": "Patient", "identifier": [{"system": "urn:mrn", "value": "M1"}],
                        "name": [{"family": "O\"K"}]})
            )
        );
        // One coverage (not marked focal): the claim's; its payor found by a fullUrl ending in
        // Type/id.
        assert_eq!(
            f.payer,
            Some(json!({"resourceType": "Organization", "name": "Payer"}))
        );
        assert_eq!(
            f.encounters,
            [EncounterRef {
                written: "Encounter/e1".to_string(),
                at: (0, 0),
                url: Some("https://h.org/fhir/Encounter/e1".to_string()),
                server_ref: None,
                problem: None,
                whole_element: false,
            }, EncounterRef {
                // One object where FHIR has an array: reported, not dropped.
                at: (1, 0),
                whole_element: true,
                problem: Some("Claim.item.encounter must be an array of References (this one is not, or holds something else)".into()),
                ..EncounterRef::default()
            }]
        );
        assert!(f.missing.is_empty());
    }
}
