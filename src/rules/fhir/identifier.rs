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

/// Check one Identifier object at `ptr`.
fn identifier(v: &Value, ptr: &str, out: &mut Findings) {
    let Some(obj) = v.as_object() else {
        return;
    };
    let mut problems = Vec::new();
    for name in ["system", "value"] {
        if let Some(m) = obj.get(name).filter(|m| !m.is_string()) {
            problems.push(format!("its {name} is {}, not a string", kind(m)));
        }
    }
    if non_empty_str(obj.member("system")).is_none() && non_empty_str(obj.member("value")).is_none() {
        problems.insert(0, "it has neither a system nor a value".to_string());
    }
    if !problems.is_empty() {
        out.report(
            ptr,
            format!("this Identifier is invalid: {}", problems.join("; ")),
        )
        .expected("an object with a non-empty system and/or value (strings)")
        .actual(v.clone());
    }
}

/// An `identifier` list (`Identifier[]`) at payload-relative `rel`.
fn list(ctx: &Ctx<'_>, rel: &str, out: &mut Findings) {
    let Some(v) = ctx.get(rel) else {
        return;
    };
    let ptr = format!("/payload{rel}");
    let Some(items) = v.as_array() else {
        out.report(
            &ptr,
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
        let p = child(&ptr, &i.to_string());
        if item.is_object() {
            identifier(item, &p, out);
        } else {
            out.report(
                p,
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

/// The single `identifier` of the Reference at payload-relative `rel`.
fn reference(ctx: &Ctx<'_>, rel: &str, out: &mut Findings) {
    if let Some(v) = ctx.get(rel).and_then(|r| r.member("identifier")) {
        identifier(v, &format!("/payload{rel}/identifier"), out);
    }
}

/// Every element of the array at `rel`, as `rel/i`.
fn each(ctx: &Ctx<'_>, rel: &str) -> Vec<String> {
    let n = ctx.get(rel).and_then(Value::as_array).map_or(0, Vec::len);
    (0..n).map(|i| format!("{rel}/{i}")).collect()
}

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    if ctx.get("/subject/patient").is_some_and(Value::is_object) {
        list(ctx, "/subject/patient/identifier", out);
    }
    if ctx.get("/requester").is_some_and(Value::is_object) {
        list(ctx, "/requester/identifier", out);
    }
    reference(ctx, "/subject/recipient_record", out);
    for enc in each(ctx, "/access/claim_linkage/encounter") {
        reference(ctx, &enc, out);
    }
    reference(ctx, "/access/claim_linkage/claim", out);
    for filter in each(ctx, "/access/data_holder_filter") {
        for org in each(ctx, &format!("{filter}/organization")) {
            reference(ctx, &org, out);
        }
    }
}
