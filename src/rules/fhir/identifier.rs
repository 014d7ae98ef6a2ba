//! `fhir.identifier`: every FHIR Identifier has a `system` or a `value`.

use crate::rules::support::Member;
use serde_json::Value;

use crate::rules::support::{child, kind, non_empty_str};
use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "fhir.identifier",
    severity: Severity::Error,
    summary: "Every FHIR Identifier in the ticket has a system or a value, as strings",
    citation: Citation {
        page: Page::Schema,
        section: "FHIRIdentifierSchema",
        keyword: Keyword::Schema,
        quote: "FHIR Identifier must include at least system or value (schema refinement; system and value are strings)",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
Every FHIR Identifier in the ticket:
- `subject.patient.identifier[]` and `requester.identifier[]` (each an array of Identifier
  objects);
- the single `identifier` of a Reference: `subject.recipient_record.identifier`,
  `access.claim_linkage.encounter[].identifier`, `access.claim_linkage.claim.identifier`,
  `access.data_holder_filter[].organization[].identifier`.

Each Identifier has a non-empty `system` or a non-empty `value`, and neither is anything but a
string. One finding per Identifier, at the Identifier. A single-Identifier slot that holds
something other than an object is left to the rule owning the Reference around it.

## Why it matters
The guide's schema rejects an Identifier with neither (JSON Schema cannot express this, so
schema validators miss it), and an Identifier without either identifies nothing: it cannot match
a patient, a payer or a claim.

## How to fix
Give each Identifier its namespace and value (`{\"system\": \"http://hl7.org/fhir/sid/us-npi\",
\"value\": \"1347825907\"}`), or remove it.",
    decision: None,
    file: file!(),
    check,
};

/// Check one Identifier object; `ptr` makes its pointer (only needed for a finding).
fn identifier(v: &Value, ptr: impl FnOnce() -> String, out: &mut Findings) {
    let Some(obj) = v.as_object() else {
        return;
    };
    let (system, value) = (obj.member("system"), obj.member("value"));
    let has = |m: Option<&Value>| m.and_then(Value::as_str).is_some_and(|s| !s.is_empty());
    let wrong_type = |m: Option<&Value>| m.is_some_and(|m| !m.is_string());
    if (has(system) || has(value)) && !wrong_type(system) && !wrong_type(value) {
        return;
    }
    let mut problems = Vec::new();
    if non_empty_str(system).is_none() && non_empty_str(value).is_none() {
        problems.push("it has neither a system nor a value".to_string());
    }
    for (name, m) in [("system", system), ("value", value)] {
        if let Some(m) = m.filter(|m| !m.is_string()) {
            problems.push(format!("its {name} is {}, not a string", kind(m)));
        }
    }
    out.report(
        ptr(),
        format!("this Identifier is invalid: {}", problems.join("; ")),
    )
    .expected("an object with a non-empty system and/or value (strings)")
    .actual(v.clone());
}

/// An `identifier` list (`Identifier[]`) at payload-relative `rel`.
fn list(ctx: &Ctx<'_>, rel: &str, out: &mut Findings) {
    let Some(v) = ctx.get(rel) else {
        return;
    };
    let ptr = || format!("/payload{rel}");
    let Some(items) = v.as_array() else {
        out.report(
            ptr(),
            format!(
                "{} is {}; expected an array of Identifiers",
                &rel[1..].replace('/', "."),
                kind(v)
            ),
        )
        .expected("an array")
        .actual(kind(v));
        return;
    };
    for (i, item) in items.iter().enumerate() {
        let p = || child(&ptr(), &i.to_string());
        if item.is_object() {
            identifier(item, p, out);
        } else {
            out.report(
                p(),
                format!(
                    "this Identifier is {}; expected an object with system and/or value",
                    kind(item)
                ),
            )
            .expected("an object")
            .actual(item.clone());
        }
    }
}

/// The single `identifier` of the Reference `reference`, whose pointer `ptr` makes.
fn reference(reference: Option<&Value>, ptr: impl FnOnce() -> String, out: &mut Findings) {
    if let Some(v) = reference.and_then(|r| r.member("identifier")) {
        identifier(v, || format!("/payload{}/identifier", ptr()), out);
    }
}

/// The elements of an array (none when `v` is not one).
fn each(v: Option<&Value>) -> &[Value] {
    v.and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    if ctx.get("/subject/patient").is_some_and(Value::is_object) {
        list(ctx, "/subject/patient/identifier", out);
    }
    if ctx.get("/requester").is_some_and(Value::is_object) {
        list(ctx, "/requester/identifier", out);
    }
    const RECIPIENT: &str = "/subject/recipient_record";
    reference(ctx.get(RECIPIENT), || RECIPIENT.to_string(), out);
    const ENCOUNTERS: &str = "/access/claim_linkage/encounter";
    for (i, enc) in each(ctx.get(ENCOUNTERS)).iter().enumerate() {
        reference(Some(enc), || format!("{ENCOUNTERS}/{i}"), out);
    }
    const CLAIM: &str = "/access/claim_linkage/claim";
    reference(ctx.get(CLAIM), || CLAIM.to_string(), out);
    const FILTERS: &str = "/access/data_holder_filter";
    for (f, filter) in each(ctx.get(FILTERS)).iter().enumerate() {
        for (o, org) in each(filter.member("organization")).iter().enumerate() {
            reference(Some(org), || format!("{FILTERS}/{f}/organization/{o}"), out);
        }
    }
}
