//! What a ticket asks of the Data Holder: its subject, the encounters and claim it links, and
//! its sensitivity terms. Anything ptix cannot enforce is a refusal.
//!
//! Access Constraints, "Constraint Model": a Data Holder SHALL reject a ticket whose `access`
//! has a member it does not recognise and enforce ("Unsupported access constraint: {field}").
//! ptix enforces `claim_linkage` and `sensitivity_withhold`, so any other member refuses.

use serde_json::Value;

use super::labels::{read_policy, Coding};
use super::Refusal;
use crate::ticket::ticket_type::PAYER_CLAIMS_ADJUDICATION;

/// The `access` members ptix enforces.
pub const ENFORCED: &[&str] = &["claim_linkage", "sensitivity_withhold"];

/// A FHIR Identifier reduced to what matching uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identifier {
    pub system: Option<String>,
    pub value: String,
}

impl Identifier {
    pub fn from_json(v: &Value) -> Option<Identifier> {
        let value = v.get("value")?.as_str().filter(|s| !s.is_empty())?;
        Some(Identifier {
            system: v.get("system").and_then(Value::as_str).map(str::to_string),
            value: value.to_string(),
        })
    }
    /// Does a resource's Identifier equal this one (system and value; a missing system here
    /// matches on value alone)?
    pub fn matches(&self, other: &Value) -> bool {
        other.get("value").and_then(Value::as_str) == Some(self.value.as_str())
            && self
                .system
                .as_deref()
                .is_none_or(|s| other.get("system").and_then(Value::as_str) == Some(s))
    }
}

impl std::fmt::Display for Identifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.system {
            Some(s) => write!(f, "{s}|{}", self.value),
            None => write!(f, "{}", self.value),
        }
    }
}

/// The ticket's subject members.
#[derive(Debug, Clone, Default)]
pub struct Subject {
    /// `subject.patient`, the thin Patient the record must match.
    pub patient: Option<Value>,
    /// `subject.recipient_record.reference`.
    pub record_reference: Option<String>,
    /// `subject.recipient_record.identifier`.
    pub record_identifier: Option<Identifier>,
    /// `subject.patient_reference` (the newest model: a URL string).
    pub patient_reference: Option<String>,
}

impl Subject {
    /// How the ticket names its subject, for reports.
    pub fn describe(&self) -> String {
        if let Some(r) = self.record_reference.as_ref().or(self.patient_reference.as_ref()) {
            return r.clone();
        }
        if let Some(i) = &self.record_identifier {
            return format!("identifier {i}");
        }
        "subject.patient demographics".to_string()
    }
}

/// One linked reference (an encounter, or the claim): a literal reference and/or an identifier.
#[derive(Debug, Clone)]
pub struct Linked {
    pub reference: Option<String>,
    pub identifier: Option<Identifier>,
}

impl Linked {
    fn from_json(v: &Value) -> Linked {
        Linked {
            reference: v
                .get("reference")
                .and_then(Value::as_str)
                .filter(|s| !s.trim().is_empty())
                .map(str::to_string),
            identifier: v.get("identifier").and_then(Identifier::from_json),
        }
    }
    /// As the ticket writes it.
    pub fn describe(&self) -> String {
        match (&self.reference, &self.identifier) {
            (Some(r), _) => r.clone(),
            (None, Some(i)) => format!("identifier {i}"),
            (None, None) => "(nothing)".to_string(),
        }
    }
}

/// Everything ptix enforces, read from a payload.
#[derive(Debug, Clone, Default)]
pub struct Terms {
    pub jti: Option<String>,
    pub iss: Option<String>,
    pub subject: Subject,
    /// `access.claim_linkage.encounter[]`.
    pub encounters: Vec<Linked>,
    /// `access.claim_linkage.claim`.
    pub claim: Option<Linked>,
    /// `access.sensitivity_withhold.codes`.
    pub withhold: Vec<Coding>,
    /// `access.sensitivity_withhold.unlisted`.
    pub withhold_unlisted: bool,
    /// `sensitivity_release_authorized.codes` (top-level profile claim).
    pub release_authorized: Vec<Coding>,
    /// `sensitivity_release_authorized.unlisted`.
    pub release_unlisted: bool,
    /// The raw sensitivity members, for reports.
    pub sensitivity_withhold: Option<Value>,
    pub sensitivity_release_authorized: Option<Value>,
    /// Things the report should mention (ignored or odd terms).
    pub notes: Vec<String>,
}

/// Read a payload's terms, or refuse.
pub fn read(payload: &Value) -> Result<Terms, Refusal> {
    let Value::Object(p) = payload else {
        return Err(Refusal::new(
            "refuse.ticket_invalid",
            "the payload is not a JSON object",
        ));
    };
    let text = |k: &str| p.get(k).and_then(Value::as_str).map(str::to_string);
    let mut t = Terms {
        jti: text("jti"),
        iss: text("iss"),
        ..Terms::default()
    };

    // The ticket type fixes the constraint set; ptix computes release for Payer Claims
    // Adjudication only.
    match p.get("ticket_type").and_then(Value::as_str) {
        Some(uri) if uri == PAYER_CLAIMS_ADJUDICATION.uri => {}
        other => {
            return Err(Refusal::new(
                "refuse.ticket_type",
                format!(
                    "ticket_type is {}; ptix release computes what a Payer Claims Adjudication ticket ({}) opens, and no other type",
                    other.map_or("missing".to_string(), |u| format!("{u:?}")),
                    PAYER_CLAIMS_ADJUDICATION.uri
                ),
            ))
        }
    }

    // access: claim_linkage (required), sensitivity_withhold (optional), nothing else.
    let Some(Value::Object(access)) = p.get("access") else {
        return Err(Refusal::new(
            "refuse.claim_linkage",
            "the ticket has no access object, so no claim_linkage bounds the release",
        ));
    };
    let unsupported: Vec<&str> = access
        .keys()
        .map(String::as_str)
        .filter(|k| !ENFORCED.contains(k))
        .collect();
    if !unsupported.is_empty() {
        return Err(Refusal::new(
            "refuse.unsupported_constraint",
            format!(
                "Unsupported access constraint: {}. ptix enforces only {}; a Data Holder rejects a ticket carrying a constraint it cannot enforce (invalid_grant)",
                unsupported.join(", "),
                ENFORCED.join(" and ")
            ),
        ));
    }
    read_claim_linkage(access.get("claim_linkage"), &mut t)?;
    if let Some(w) = access.get("sensitivity_withhold") {
        // Enforce or reject: a member ptix does not know could narrow the release.
        if let Some(k) = w
            .as_object()
            .and_then(|o| o.keys().find(|k| !matches!(k.as_str(), "codes" | "unlisted")))
        {
            return Err(Refusal::new(
                "refuse.sensitivity_withhold",
                format!("access.sensitivity_withhold.{k} is not a member ptix knows (codes, unlisted): it cannot enforce what it does not understand"),
            ));
        }
        let (codes, unlisted) = read_policy(w, "access.sensitivity_withhold").map_err(|e| {
            Refusal::new(
                "refuse.sensitivity_withhold",
                format!("{e}: ptix cannot tell what to withhold, so it cannot enforce the constraint"),
            )
        })?;
        t.withhold = codes;
        t.withhold_unlisted = unlisted;
        t.sensitivity_withhold = Some(w.clone());
    }

    // A bound presenter is the token endpoint's to check; release does not see who presents.
    if let Some(method) = p
        .get("presenter_binding")
        .map(|b| b.get("method").and_then(Value::as_str).unwrap_or("?"))
    {
        t.notes.push(format!(
            "the ticket binds its presenter (presenter_binding method {method}): release does not check who presents it; the token endpoint must (ptix verify --client-key or --client-entity)"
        ));
    }

    // sensitivity_release_authorized is a fact, not a limit: a malformed one authorises nothing.
    if let Some(r) = p.get("sensitivity_release_authorized") {
        t.sensitivity_release_authorized = Some(r.clone());
        match read_policy(r, "sensitivity_release_authorized") {
            Ok((codes, unlisted)) => {
                for c in codes.iter().filter(|c| c.system.is_none()) {
                    t.notes.push(format!(
                        "sensitivity_release_authorized code {} has no system and authorises nothing",
                        c.code
                    ));
                }
                t.release_authorized = codes.into_iter().filter(|c| c.system.is_some()).collect();
                t.release_unlisted = unlisted;
                if unlisted {
                    t.notes.push(
                        "sensitivity_release_authorized.unlisted is true: ptix lifts restrictions only for the codes listed (never a silent widening)"
                            .into(),
                    );
                }
            }
            Err(e) => t.notes.push(format!("{e}; it authorises nothing")),
        }
    }

    read_subject(p.get("subject"), &mut t)?;
    Ok(t)
}

fn read_claim_linkage(v: Option<&Value>, t: &mut Terms) -> Result<(), Refusal> {
    let refuse = |m: String| Refusal::new("refuse.claim_linkage", m);
    let Some(Value::Object(cl)) = v else {
        return Err(refuse(
            "the ticket has no access.claim_linkage object, the required bound on release for this type"
                .into(),
        ));
    };
    let encounters = match cl.get("encounter") {
        Some(Value::Array(a)) if !a.is_empty() => a,
        _ => return Err(refuse(
            "access.claim_linkage.encounter is not a non-empty array: no linked encounter to release against"
                .into(),
        )),
    };
    for (n, e) in encounters.iter().enumerate() {
        let linked = Linked::from_json(e);
        if linked.reference.is_none() && linked.identifier.is_none() {
            return Err(refuse(format!(
                "access.claim_linkage.encounter[{n}] has neither a reference nor an identifier: ptix cannot tell which encounter it links"
            )));
        }
        t.encounters.push(linked);
    }
    if let Some(c) = cl.get("claim") {
        let linked = Linked::from_json(c);
        if linked.reference.is_none() && linked.identifier.is_none() {
            t.notes.push(
                "access.claim_linkage.claim has neither a reference nor an identifier with a value; no Claim is released by it"
                    .into(),
            );
        } else {
            t.claim = Some(linked);
        }
    }
    Ok(())
}

fn read_subject(v: Option<&Value>, t: &mut Terms) -> Result<(), Refusal> {
    let Some(Value::Object(s)) = v else {
        return Err(Refusal::new("refuse.subject", "the ticket has no subject object"));
    };
    let sub = &mut t.subject;
    sub.patient = s.get("patient").filter(|p| p.is_object()).cloned();
    if let Some(rr) = s.get("recipient_record") {
        let linked = Linked::from_json(rr);
        sub.record_reference = linked.reference;
        sub.record_identifier = linked.identifier;
    }
    sub.patient_reference = s
        .get("patient_reference")
        .and_then(Value::as_str)
        .filter(|r| !r.trim().is_empty())
        .map(str::to_string);
    Ok(())
}
