//! Building a Payer Claims Adjudication payload from claim facts and the minting options.
//!
//! The mapping (README "Mapping"): `iss`/`aud` = the provider's FHIR base; `subject.patient` =
//! a thin Patient; `subject.recipient_record` = `<issuer>/Patient/<id>`; `requester` = the payer
//! Organization; `access.claim_linkage.encounter` = every `Claim.item[].encounter[]` as an
//! absolute URL under the issuer; `access.claim_linkage.claim` = the provider's control number.

use serde_json::{json, Value};

use crate::rules::support::host;

use super::claim::{literal_type_id, ClaimFacts, EncounterRef, Missing};
use super::object::Object;
use super::ticket_type::PAYER_CLAIMS_ADJUDICATION;

/// The v3-ActCode system for sensitivity and policy codes (`HIPAASelfPay`, `ETH`, ...).
pub const V3_ACT_CODE: &str = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

/// How the presenter is bound, if at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Binding {
    Jkt(String),
    Framework {
        trust_framework: String,
        framework_type: String,
        entity_uri: String,
    },
}

/// Everything the flags say.
#[derive(Debug, Clone, Default)]
pub struct MintOptions {
    pub issuer: Option<String>,
    pub audience: Option<String>,
    /// Seconds added to the submission time (default 60 days).
    pub lifetime: i64,
    /// An absolute expiry instead.
    pub exp: Option<i64>,
    pub jti: Option<String>,
    /// `Patient/<id>` at the provider: overrides what the claim says.
    pub patient_id: Option<String>,
    pub no_recipient_record: bool,
    pub payer_name: Option<String>,
    /// (system, value)
    pub payer_ids: Vec<(String, String)>,
    pub encounters: Vec<String>,
    pub claim_id_system: Option<String>,
    /// (system, value): the provider's control number, overriding Claim.identifier.
    pub claim_id: Option<(String, String)>,
    pub binding: Option<Binding>,
    /// Codes for `sensitivity_release_authorized`: (system, code).
    pub release_authorized: Vec<(String, String)>,
    /// Codes for `access.sensitivity_withhold`: (system, code).
    pub withhold: Vec<(String, String)>,
}

/// The default lifetime: 60 days from submission (the CMS criterion the PCA page cites).
pub const DEFAULT_LIFETIME: i64 = 60 * 86_400;

/// The issuer's FHIR base from a Bundle fullUrl (`https://h/fhir/Claim/1` -> `https://h/fhir`).
pub fn base_from_full_url(full_url: &str) -> Option<String> {
    if !full_url.contains("://") {
        return None;
    }
    let trimmed = full_url.trim_end_matches('/');
    let (rest, _id) = trimmed.rsplit_once('/')?;
    let (base, ty) = rest.rsplit_once('/')?;
    (ty == "Claim" && base.contains("://") && base.split("://").nth(1).is_some_and(|h| !h.is_empty()))
        .then(|| crate::rules::support::lower_scheme_and_host(base))
}

/// Check an issuer URL: absolute http(s) with a host, no query or fragment.
pub fn check_issuer(url: &str) -> Result<String, String> {
    let u = &crate::rules::support::lower_scheme_and_host(url.trim());
    let ok_scheme = u.starts_with("https://") || u.starts_with("http://");
    let host = u
        .split("://")
        .nth(1)
        .unwrap_or("")
        .split('/')
        .next()
        .unwrap_or("");
    // User info (`user:secret@host`) would travel in every ticket and encounter URL.
    if !ok_scheme || host.is_empty() || host.contains('@') || u.contains(['?', '#', ' ']) {
        return Err(format!(
            "{url:?} is not a FHIR base URL: give the provider's absolute https URL, e.g. https://fhir.provider.example.org"
        ));
    }
    Ok(u.trim_end_matches('/').to_string())
}

/// An encounter's URL for `claim_linkage`: the issuer's own record of an Encounter, as the
/// claim-linkage page asks ("references to the encounter records the claim covers, using the
/// issuer's own resource URLs"); `Err` says why the claim's reference cannot be one.
fn encounter_url(issuer: &str, e: &EncounterRef) -> Result<String, String> {
    let url = match (&e.problem, &e.url, &e.server_ref) {
        (Some(problem), _, _) => return Err(problem.clone()),
        (None, Some(url), _) => url.clone(),
        (None, None, Some(type_id)) => [issuer, "/", type_id].concat(),
        (None, None, None) => return Err("it names no record".into()),
    };
    issuer_encounter(issuer, url)
}

/// `url` when it is an Encounter under `issuer`.
fn issuer_encounter(issuer: &str, url: String) -> Result<String, String> {
    // Under the issuer as every party compares URLs (scheme and host without case), and then
    // written with the issuer's own scheme and host.
    let base = issuer.trim_end_matches('/');
    if !crate::rules::support::under(base, &url) {
        return Err(format!(
            "{url} is not under the issuer {issuer}: a ticket links the issuer's own records (check --issuer)"
        ));
    }
    let url = if url.starts_with(base) {
        url
    } else {
        [base, &url[base.len()..]].concat()
    };
    match url[base.len() + 1..].split_once('/') {
        // A FHIR id: no query, no space, at most 64 characters.
        Some(("Encounter", id)) if crate::release::data::is_fhir_id(id) => Ok(url),
        _ => Err(format!(
            "{url} does not name an Encounter (<issuer>/Encounter/<id>, the id 1-64 of A-Z a-z 0-9 - .)"
        )),
    }
}

/// An `--encounter` value: `Encounter/<id>` or an absolute URL under the issuer.
fn flag_encounter(issuer: &str, value: &str) -> Result<String, String> {
    if value.starts_with("https://") || value.starts_with("http://") {
        return issuer_encounter(issuer, value.to_string());
    }
    match literal_type_id(value, "Encounter") {
        Some(type_id) if type_id == value => Ok([issuer, "/", &type_id].concat()),
        _ => Err("it is neither Encounter/<id> (the id 1-64 of A-Z a-z 0-9 - .) nor an absolute URL".into()),
    }
}

/// The identifier of the issuer's own Patient record among the thin Patient's (those with a
/// system and a value): a medical record number (typed `MR`), else one whose system is on the
/// issuer's host, else the first. A payer's member or subscriber number (typed `MB`, `SN`) is
/// never the issuer's record.
fn record_identifier<'a>(ids: &'a [Value], issuer: &str) -> Option<&'a Value> {
    let typed = |i: &Value, codes: &[&str]| {
        i["type"]["coding"].as_array().is_some_and(|codings| {
            codings
                .iter()
                .any(|c| codes.iter().any(|code| c["code"] == *code))
        })
    };
    let usable = || {
        ids.iter()
            .filter(|i| i.get("system").is_some() && i.get("value").is_some())
            .filter(|i| !typed(i, &["MB", "SN"]))
    };
    let typed_mr = |i: &Value| {
        i["type"]["coding"]
            .as_array()
            .is_some_and(|codings| codings.iter().any(|c| c["code"] == "MR"))
    };
    let on_issuer_host = |i: &Value| {
        i["system"]
            .as_str()
            .and_then(host)
            .is_some_and(|h| Some(h) == host(issuer))
    };
    usable()
        .find(|i| typed_mr(i))
        .or_else(|| usable().find(|i| on_issuer_host(i)))
        .or_else(|| usable().next())
}

fn codings(codes: &[(String, String)]) -> Value {
    Value::Array(
        codes
            .iter()
            .map(|(s, c)| json!({"system": s, "code": c}))
            .collect(),
    )
}

/// `{"reference": url}`.
fn reference(url: String) -> Value {
    Object::new().set("reference", Value::String(url)).build()
}

/// Build the payload, or list everything that is missing.
pub fn payload(facts: ClaimFacts, opts: &MintOptions, iat: i64) -> Result<Value, Vec<Missing>> {
    let mut missing = facts.missing;
    // The payer can come from flags alone; a flag replaces only what it names (the claim's
    // identifiers stay with --payer-name, its name with --payer-id).
    let payer = if opts.payer_name.is_some() || !opts.payer_ids.is_empty() {
        let from_claim = |member: &str| facts.payer.as_ref().and_then(|p| p.get(member)).cloned();
        let ids = if opts.payer_ids.is_empty() {
            from_claim("identifier")
        } else {
            let ids = opts
                .payer_ids
                .iter()
                .map(|(s, v)| json!({"system": s, "value": v}));
            Some(Value::Array(ids.collect()))
        };
        missing.retain(|m| m.what != "payer (requester)");
        Some(
            Object::new()
                .set("resourceType", Value::from("Organization"))
                .set_some("identifier", ids)
                .set_some(
                    "name",
                    opts.payer_name
                        .as_deref()
                        .map(Value::from)
                        .or_else(|| from_claim("name")),
                )
                .build(),
        )
    } else {
        facts.payer
    };
    let Some(issuer) = opts.issuer.clone() else {
        missing.push(Missing {
            what: "issuer",
            looked_at: "--issuer, PTIX_ISSUER, and the Claim's Bundle fullUrl".into(),
            flag: "--issuer URL (or PTIX_ISSUER)",
        });
        return Err(missing);
    };
    // The claim's encounters, then the flag's: each a URL under the issuer, or a reason why not.
    let mut encounters: Vec<String> = Vec::new();
    let found = facts.encounters.iter().map(|e| {
        encounter_url(&issuer, e).map_err(|why| Missing {
            what: "the issuer's URL of an encounter",
            looked_at: match (e.at, e.written.as_str()) {
                ((i, _), _) if e.whole_element => format!("Claim.item[{i}].encounter: {why}"),
                ((i, j), "") => format!("Claim.item[{i}].encounter[{j}]: {why}"),
                ((i, j), written) => format!("Claim.item[{i}].encounter[{j}] ({written:?}): {why}"),
            },
            flag: "Encounter/<id> or a URL under the issuer as the claim's encounter reference",
        })
    });
    let given = opts.encounters.iter().map(|r| {
        flag_encounter(&issuer, r).map_err(|why| Missing {
            what: "a usable --encounter",
            looked_at: format!("--encounter {r:?}: {why}"),
            flag: "--encounter Encounter/<id> or an absolute URL under the issuer",
        })
    });
    let mut unusable = 0;
    for result in found.chain(given) {
        match result {
            Ok(url) if encounters.contains(&url) => {}
            Ok(url) => encounters.push(url),
            Err(m) => {
                unusable += 1;
                missing.push(m);
            }
        }
    }
    // None named at all (an unusable one is reported as such).
    if encounters.is_empty() && unusable == 0 {
        missing.push(Missing {
            what: "encounters",
            looked_at: "Claim.item[].encounter[]".into(),
            flag: "Claim.item[].encounter references in the claim (for one claim, --encounter REF adds them: repeatable, e.g. --encounter Encounter/enc-2026-0117)",
        });
    }
    // A system asked for must be there: the claim reference is not left out silently.
    if let Some(sys) = opts
        .claim_id_system
        .as_deref()
        .filter(|_| opts.claim_id.is_none())
    {
        if !facts.identifiers.iter().any(|(s, _)| s.as_deref() == Some(sys)) {
            let systems: Vec<&str> = facts
                .identifiers
                .iter()
                .filter_map(|(s, _)| s.as_deref())
                .collect();
            missing.push(Missing {
                what: "the control number --claim-id-system names",
                looked_at: format!(
                    "Claim.identifier[].system: {}",
                    if systems.is_empty() {
                        "none".to_string()
                    } else {
                        systems.join(", ")
                    }
                ),
                flag: "--claim-id-system with one of those systems, or --claim-id SYSTEM|VALUE",
            });
        }
    }
    if facts.identifier_not_array && opts.claim_id.is_none() {
        missing.push(Missing {
            what: "a readable Claim.identifier",
            looked_at: "Claim.identifier: one object where FHIR JSON has an array of identifiers".into(),
            flag: "an array in the claim (\"identifier\": [{...}]), or --claim-id SYSTEM|VALUE",
        });
    }
    // A submission time that cannot be read is not replaced by now without a word (the ticket's
    // expiry would move); a year or a month alone is a valid FHIR dateTime and counts from now.
    if let Some(c) = facts.created.as_deref().filter(|_| opts.exp.is_none()) {
        if parse_fhir_datetime(c).is_none() && !is_partial_date(c) {
            missing.push(Missing {
                what: "a usable submission time",
                looked_at: format!(
                    "Claim.created ({}): not a FHIR date or dateTime (YYYY-MM-DD, or with a time and zone)",
                    facts.created_json.as_deref().unwrap_or(c)
                ),
                flag: "a valid Claim.created, or --exp TIME",
            });
        }
    }
    // --patient-id is for a claim whose Patient has no id of the issuer's; one that names
    // another record is a contradiction (another patient's records would be released).
    // (A Patient the claim locates on another server names no record of the issuer's.)
    let local_ref = facts.patient_ref.as_deref().filter(|_| {
        facts
            .patient_url
            .as_deref()
            .is_none_or(|u| crate::rules::support::under(&issuer, u))
    });
    if let (Some(given), Some(named)) = (opts.patient_id.as_deref(), local_ref) {
        let given = given.strip_prefix("Patient/").unwrap_or(given);
        let named_id = named.strip_prefix("Patient/").unwrap_or(named);
        let named_id = named_id.split("/_history/").next().unwrap_or(named_id);
        if given != named_id {
            missing.push(Missing {
                what: "one patient record",
                looked_at: format!("Claim.patient names {named}, and --patient-id gives Patient/{given}"),
                flag:
                    "--patient-id only for a claim whose Patient is contained or has no id (or leave it out)",
            });
        }
    }
    let patient_bare = facts.patient_bare;
    let patient = facts.patient.unwrap_or(Value::Null);
    let recipient_record = if opts.no_recipient_record {
        None
    } else {
        let patient_ref = opts
            .patient_id
            .as_ref()
            .map(|id| {
                if id.starts_with("Patient/") {
                    id.clone()
                } else {
                    ["Patient/", id].concat()
                }
            })
            // A Patient the claim locates on another server is not the issuer's record.
            .or(facts.patient_ref.filter(|_| {
                facts
                    .patient_url
                    .as_deref()
                    .is_none_or(|u| crate::rules::support::under(&issuer, u))
            }));
        match patient_ref {
            Some(r) => Some(
                Object::new()
                    .set("reference", Value::String([&issuer, "/", &r].concat()))
                    .set("type", Value::from("Patient"))
                    .build(),
            ),
            // A contained Patient has no server id: point at the record by the identifier the
            // issuer assigned (typed MR, else a system on the issuer's host, else the first).
            None => patient
                .get("identifier")
                .and_then(Value::as_array)
                .and_then(|a| record_identifier(a, &issuer))
                .map(|id| {
                    let identifier = Object::new()
                        .set("system", id["system"].clone())
                        .set("value", id["value"].clone());
                    Object::new()
                        .set("identifier", identifier.build())
                        .set("type", Value::from("Patient"))
                        .build()
                }),
        }
    };
    // A Patient named by a bare reference is found by recipient_record or not at all.
    if patient_bare && recipient_record.is_none() {
        missing.push(Missing {
            what: "patient demographics",
            looked_at: "Claim.patient is a bare reference, and no recipient_record can name the issuer's record (another server, or --no-recipient-record)".into(),
            flag: if opts.no_recipient_record {
                "the Patient in the Bundle or as a contained resource, or mint without --no-recipient-record"
            } else {
                "the Patient in the Bundle or as a contained resource, or --patient-id ID"
            },
        });
    }
    if !missing.is_empty() {
        return Err(missing);
    }
    let subject = Object::new()
        .set("patient", patient)
        .set_some("recipient_record", recipient_record);
    let control = opts.claim_id.clone().or_else(|| {
        // The provider's own control number: with several identifiers, the one whose system is
        // on the issuer's host (a payer's ICN/DCN/CCN never is), else the first.
        let issuer_host = host(&issuer);
        let chosen = match &opts.claim_id_system {
            Some(sys) => facts
                .identifiers
                .iter()
                .find(|(s, _)| s.as_deref() == Some(sys.as_str())),
            None => facts
                .identifiers
                .iter()
                .find(|(s, _)| {
                    s.as_deref()
                        .and_then(host)
                        .is_some_and(|h| Some(h) == issuer_host)
                })
                .or_else(|| facts.identifiers.first()),
        };
        chosen.map(|(s, v)| (s.clone().unwrap_or_default(), v.clone()))
    });
    let claim = control.map(|(system, value)| {
        let what = if facts.use_.as_deref() == Some("preauthorization") {
            "Prior authorization"
        } else {
            "Submitted claim"
        };
        let display = [what, " ", &value].concat();
        let identifier = Object::new()
            .set_some("system", (!system.is_empty()).then_some(Value::String(system)))
            .set("value", Value::String(value));
        Object::new()
            .set("type", Value::from("Claim"))
            .set("identifier", identifier.build())
            .set("display", Value::String(display))
            .build()
    });
    let linkage = Object::new()
        .set(
            "encounter",
            Value::Array(encounters.into_iter().map(reference).collect()),
        )
        .set_some("claim", claim);
    let access = Object::new().set("claim_linkage", linkage.build()).set_some(
        "sensitivity_withhold",
        (!opts.withhold.is_empty()).then(|| json!({"codes": codings(&opts.withhold)})),
    );
    let exp = opts.exp.unwrap_or_else(|| {
        let submitted = facts
            .created
            .as_deref()
            .and_then(parse_fhir_datetime)
            .filter(|t| *t <= iat)
            .unwrap_or(iat);
        submitted.saturating_add(opts.lifetime)
    });
    // Values are moved in (`json!` on an expression serializes a copy of it).
    let aud = opts.audience.clone().unwrap_or_else(|| issuer.clone());
    let binding = opts.binding.as_ref().map(|b| match b {
        Binding::Jkt(t) => json!({"method": "jkt", "jkt": t}),
        Binding::Framework {
            trust_framework,
            framework_type,
            entity_uri,
        } => json!({"method": "trust_framework_client", "trust_framework": trust_framework,
                    "framework_type": framework_type, "entity_uri": entity_uri}),
    });
    let p = Object::new()
        .set("iss", Value::String(issuer))
        .set("aud", Value::String(aud))
        .set("aud_type", Value::from("data_holder_url"))
        .set("exp", Value::from(exp))
        .set("iat", Value::from(iat))
        .set("jti", Value::String(opts.jti.clone().unwrap_or_else(random_jti)))
        .set("ticket_type", Value::from(PAYER_CLAIMS_ADJUDICATION.uri))
        .set_some("presenter_binding", binding)
        .set("subject", subject.build())
        .set("requester", payer.unwrap_or(Value::Null))
        .set_some(
            "sensitivity_release_authorized",
            (!opts.release_authorized.is_empty())
                .then(|| json!({"codes": codings(&opts.release_authorized)})),
        )
        .set("access", access.build());
    Ok(p.build())
}

/// A random (v4) UUID. The bytes come from aws-lc's generator, which the signer uses anyway (no
/// system call per ticket, unlike `Uuid::new_v4`), drawn 64 tickets' worth at a time: one call
/// costs about as much as filling a kilobyte, and a batch mints a ticket every few microseconds.
/// A jti is public, so the bytes waiting in the pool are no secret.
fn random_jti() -> String {
    const POOL: usize = 16 * 64;
    thread_local! {
        // Random bytes not yet used, and how many of them have been.
        static RANDOM: std::cell::RefCell<([u8; POOL], usize)> = const { std::cell::RefCell::new(([0; POOL], POOL)) };
    }
    let drawn = RANDOM.with_borrow_mut(|(pool, used)| {
        if *used == POOL {
            aws_lc_rs::rand::fill(pool).ok()?;
            *used = 0;
        }
        let bytes = pool.get(*used..*used + 16)?.try_into().ok()?;
        *used += 16;
        Some(bytes)
    });
    let Some(bytes) = drawn else {
        return uuid::Uuid::new_v4().to_string();
    };
    let mut text = [0u8; uuid::fmt::Hyphenated::LENGTH];
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .hyphenated()
        .encode_lower(&mut text)
        .to_string()
}

/// A FHIR dateTime of a year or a month alone (`2026`, `2026-09`).
fn is_partial_date(s: &str) -> bool {
    let digits = |t: &str, n: usize| t.len() == n && t.bytes().all(|b| b.is_ascii_digit());
    match s.split_once('-') {
        None => digits(s, 4),
        Some((y, m)) => digits(y, 4) && digits(m, 2) && matches!(m.parse::<u8>(), Ok(1..=12)),
    }
}

/// A FHIR `dateTime` or `date` as Unix seconds (a date is its midnight UTC).
pub fn parse_fhir_datetime(s: &str) -> Option<i64> {
    // A time of day (FHIR requires its zone); never a bare number, which `parse_instant` would
    // take for Unix seconds (`"2026"` is a year). A year or a month alone is no time of
    // submission: the caller falls back to now.
    if s.contains('T') {
        return crate::clock::parse_instant(s).ok();
    }
    let date = time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).ok()?;
    Some(date.midnight().assume_utc().unix_timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bases_and_issuers() {
        assert_eq!(
            base_from_full_url("https://fhir.provider.example.org/Claim/clm-1").as_deref(),
            Some("https://fhir.provider.example.org")
        );
        assert_eq!(base_from_full_url("urn:uuid:1234"), None);
        assert_eq!(check_issuer("https://x.org/fhir/").unwrap(), "https://x.org/fhir");
        assert!(check_issuer("fhir.provider.example.org").is_err());
        assert!(check_issuer("https://").is_err());
        assert_eq!(parse_fhir_datetime("2026-09-16"), Some(1_789_516_800));
        assert_eq!(
            parse_fhir_datetime("2026-09-16T14:32:00-05:00"),
            Some(1_789_587_120)
        );
        for partial in ["2026", "2026-09", "1789516800", "2026-09-16T14:32:00"] {
            assert_eq!(parse_fhir_datetime(partial), None, "{partial}");
        }
        for (s, partial) in [
            ("2026", true),
            ("2026-09", true),
            ("2026-13", false),
            ("12345", false),
            ("2026-9", false),
        ] {
            assert_eq!(is_partial_date(s), partial, "{s}");
        }
    }

    #[test]
    fn jtis_are_random_v4_uuids() {
        let jtis: Vec<String> = (0..200).map(|_| random_jti()).collect();
        let distinct: std::collections::HashSet<&String> = jtis.iter().collect();
        assert_eq!(distinct.len(), jtis.len());
        for j in jtis {
            let u = uuid::Uuid::parse_str(&j).unwrap();
            assert_eq!(j, u.to_string(), "lower case, hyphenated");
            assert_eq!(u.get_version(), Some(uuid::Version::Random));
            assert_eq!(u.get_variant(), uuid::Variant::RFC4122);
        }
    }
}
