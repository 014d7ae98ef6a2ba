//! `ptix inspect`: what a ticket says, in a person's terms. Nothing here verifies anything.

use serde::Serialize;
use serde_json::{json, Value};

use crate::clock;
use crate::jose::alg::looks_like_der;
use crate::jose::compact::{JwsError, Segment};
use crate::jose::{b64url, json as strict_json, CompactJws};
use crate::ticket::ticket_type::PAYER_CLAIMS_ADJUDICATION;
use crate::ticket::TicketType;

/// The PCA page's operational window for `exp - iat`, in days.
pub const PCA_WINDOW_DAYS: (i64, i64) = (45, 75);

/// A point in time three ways.
#[derive(Debug, Serialize)]
pub struct When {
    pub unix: i64,
    pub utc: String,
    pub relative: String,
}

impl When {
    fn new(unix: i64, now: i64) -> When {
        When {
            unix,
            utc: clock::display(unix),
            relative: clock::relative(unix, now),
        }
    }
}

/// The signature as transmitted.
#[derive(Debug, Serialize)]
pub struct SignatureInfo {
    pub alg: Option<String>,
    pub bytes: usize,
    /// `raw r||s`, `DER`, or `other`.
    pub form: &'static str,
}

/// The facts a person looks for first.
#[derive(Debug, Serialize)]
pub struct Summary {
    pub ticket_type: Value,
    pub issuer: Option<String>,
    pub audience: Vec<String>,
    pub aud_type: Option<String>,
    pub subject: Value,
    pub requester: Value,
    pub encounters: Vec<String>,
    pub claim: Value,
    pub presenter_binding: Value,
    pub issued: Option<When>,
    pub expires: Option<When>,
    pub expired: Option<bool>,
    /// `nbf`, when the ticket has one.
    pub not_before: Option<When>,
    /// Whether `nbf` is still ahead of `--now` (null without `nbf`).
    pub not_yet_valid: Option<bool>,
    pub lifetime_days: Option<f64>,
    /// `exp - iat`, exactly.
    pub lifetime_seconds: Option<i64>,
    /// For a Payer Claims Adjudication ticket: whether the lifetime is in the 45-75 day window
    /// (null for other types).
    pub lifetime_in_pca_window: Option<bool>,
    pub jti: Option<String>,
    pub kid: Option<String>,
    pub constraints: Vec<String>,
    /// `revocation` as written (`{url, index}`), null when the ticket cannot be revoked.
    pub revocation: Value,
    /// JSON Pointers of members given twice (`/header/...`, `/payload/...`): shown with their
    /// last value, which another reader may not take.
    pub duplicate_members: Vec<String>,
}

/// A decoded ticket and its summary.
#[derive(Debug, Serialize)]
pub struct Inspection {
    pub header: Value,
    pub payload: Value,
    pub signature: SignatureInfo,
    pub summary: Summary,
}

fn s(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str).map(str::to_string)
}

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
            .collect(),
        Some(other) => vec![other.to_string()],
        None => Vec::new(),
    }
}

/// `system|value` for each FHIR Identifier, naming well-known systems.
fn identifiers(v: Option<&Value>) -> Vec<String> {
    let list = match v {
        Some(Value::Array(a)) => a.clone(),
        Some(o @ Value::Object(_)) => vec![o.clone()],
        _ => Vec::new(),
    };
    list.iter()
        .map(|i| {
            let system = i.get("system").and_then(Value::as_str).unwrap_or("");
            let value = i.get("value").and_then(Value::as_str).unwrap_or("?");
            match system {
                "http://hl7.org/fhir/sid/us-npi" => format!("NPI {value}"),
                "" => value.to_string(),
                sys => format!("{value} ({sys})"),
            }
        })
        .collect()
}

fn human_name(patient: &Value) -> Option<String> {
    let name = patient.get("name")?.as_array()?.first()?;
    if let Some(text) = name.get("text").and_then(Value::as_str) {
        return Some(text.to_string());
    }
    let given: Vec<&str> = name
        .get("given")
        .and_then(Value::as_array)
        .map(|g| g.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let family = name.get("family").and_then(Value::as_str).unwrap_or("");
    let full = format!("{} {family}", given.join(" ")).trim().to_string();
    (!full.is_empty()).then_some(full)
}

/// Summarise a decoded ticket as of `now`.
pub fn inspect(jws: &CompactJws, now: i64) -> Inspection {
    let p = &jws.payload;
    let type_uri = s(p.get("ticket_type"));
    let ticket_type = match type_uri.as_deref() {
        Some(uri) => match TicketType::from_uri(uri) {
            Some(t) => json!({"uri": uri, "name": t.name}),
            None => json!({"uri": uri, "name": "unknown ticket type"}),
        },
        None => Value::Null,
    };
    let patient = p.pointer("/subject/patient").cloned().unwrap_or(Value::Null);
    let record = p
        .pointer("/subject/recipient_record/reference")
        .or_else(|| p.pointer("/subject/patient_reference"))
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| {
            identifiers(p.pointer("/subject/recipient_record/identifier"))
                .first()
                .map(|i| format!("by identifier {i}"))
        });
    let subject = match p.get("subject") {
        None => Value::Null,
        Some(_) => json!({
        "name": human_name(&patient),
        "birth_date": s(patient.get("birthDate")),
        "gender": s(patient.get("gender")),
        "identifiers": identifiers(patient.get("identifier")),
        "record": record,
        }),
    };
    // No `requester` member is null: what marks a self-access ticket (patient-self-access page,
    // "Required Claims"), not a requester without a name.
    let requester = match p.get("requester") {
        None => Value::Null,
        Some(req) => json!({
            "resource_type": s(req.get("resourceType")),
            // An Organization's name is a string; a Practitioner's or RelatedPerson's, HumanNames.
            "name": s(req.get("name")).or_else(|| human_name(req)),
            "identifiers": identifiers(req.get("identifier")),
        }),
    };
    let encounters = p
        .pointer("/access/claim_linkage/encounter")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|e| {
                    e.get("reference")
                        .and_then(Value::as_str)
                        .map_or_else(|| e.to_string(), str::to_string)
                })
                .collect()
        })
        .unwrap_or_default();
    let claim = match p.pointer("/access/claim_linkage/claim") {
        Some(c) => json!({
            "control_number": s(c.pointer("/identifier/value")),
            "system": s(c.pointer("/identifier/system")),
            "display": s(c.get("display")),
        }),
        None => Value::Null,
    };
    let iat = p.get("iat").and_then(crate::rules::support::integer);
    let exp = p.get("exp").and_then(crate::rules::support::integer);
    // Any NumericDate (RFC 7519 §2), as verify reads it: the first whole second it allows.
    let nbf = p.get("nbf").and_then(|v| crate::rules::claims::nbf_time(v).ok());
    let lifetime_days = match (iat, exp) {
        (Some(i), Some(e)) => Some(((e as f64 - i as f64) / 86_400.0 * 10.0).round() / 10.0),
        _ => None,
    };
    let constraints = p
        .get("access")
        .and_then(Value::as_object)
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    let summary = Summary {
        ticket_type,
        issuer: s(p.get("iss")),
        audience: strings(p.get("aud")),
        aud_type: s(p.get("aud_type")),
        subject,
        requester,
        encounters,
        claim,
        presenter_binding: p.get("presenter_binding").cloned().unwrap_or(Value::Null),
        issued: iat.map(|i| When::new(i, now)),
        expires: exp.map(|e| When::new(e, now)),
        expired: exp.map(|e| e <= now),
        not_before: nbf.map(|n| When::new(n, now)),
        not_yet_valid: nbf.map(|n| n > now),
        lifetime_days,
        lifetime_seconds: iat.zip(exp).map(|(i, e)| e.saturating_sub(i)),
        // Exactly, in seconds, as pca.exp_window judges it (a rounded day count is not).
        lifetime_in_pca_window: iat
            .zip(exp)
            .filter(|_| type_uri.as_deref() == Some(PAYER_CLAIMS_ADJUDICATION.uri))
            .map(|(i, e)| {
                let secs = e.saturating_sub(i);
                secs >= PCA_WINDOW_DAYS.0 * 86_400 && secs <= PCA_WINDOW_DAYS.1 * 86_400
            }),
        jti: s(p.get("jti")),
        kid: jws.kid().map(str::to_string),
        constraints,
        revocation: p.get("revocation").cloned().unwrap_or(Value::Null),
        duplicate_members: jws
            .header_duplicates
            .iter()
            .chain(&jws.payload_duplicates)
            .cloned()
            .collect(),
    };
    let form = match (jws.signature.len(), jws.alg()) {
        (64, Some("ES256")) => "raw r||s",
        (_, _) if looks_like_der(&jws.signature) => "DER",
        (_, Some("RS256")) => "RSASSA-PKCS1-v1_5",
        _ => "other",
    };
    Inspection {
        header: jws.header.clone(),
        payload: p.clone(),
        signature: SignatureInfo {
            alg: jws.alg().map(str::to_string),
            bytes: jws.signature.len(),
            form,
        },
        summary,
    }
}

/// What could be decoded of a malformed token, segment by segment.
#[derive(Debug, Serialize)]
pub struct Partial {
    pub error: String,
    pub segments: Vec<SegmentState>,
}

#[derive(Debug, Serialize)]
pub struct SegmentState {
    pub segment: &'static str,
    /// Offset of the segment's first character in the token.
    pub offset: usize,
    pub length: usize,
    /// The decoded JSON (header/payload) when it decoded.
    pub json: Option<Value>,
    /// Why it did not decode.
    pub problem: Option<String>,
}

/// Decode what can be decoded of a token that failed to parse.
pub fn partial(token: &str, error: &JwsError) -> Partial {
    let t = token.trim();
    let mut segments = Vec::new();
    let mut offset = 0;
    for (i, part) in t.split('.').take(3).enumerate() {
        let segment = [Segment::Header, Segment::Payload, Segment::Signature][i];
        let (json, problem) = match b64url::decode(part) {
            Err(e) => (None, Some(e.to_string())),
            Ok(bytes) if segment == Segment::Signature => {
                (None, (bytes.is_empty()).then(|| "empty".to_string()))
            }
            Ok(bytes) => match strict_json::parse(&bytes) {
                Ok(p) if p.value.is_object() => (Some(p.value), None),
                Ok(p) => (
                    None,
                    Some(format!(
                        "JSON {} instead of an object",
                        crate::jose::compact::kind(&p.value)
                    )),
                ),
                Err(e) => (None, Some(format!("not JSON: {}", strict_json::describe(&e)))),
            },
        };
        segments.push(SegmentState {
            segment: segment.name(),
            offset,
            length: part.len(),
            json,
            problem,
        });
        offset += part.len() + 1;
    }
    Partial {
        error: error.to_string(),
        segments,
    }
}
