//! `subject.patient`: the subject carries a FHIR Patient.

use crate::rules::support::Member;
use serde_json::Value;

use crate::rules::support::kind;
use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "subject.patient",
    severity: Severity::Error,
    summary: "subject.patient is present and a FHIR Patient resource",
    citation: Citation {
        page: Page::Index,
        section: "Subject Resolution",
        keyword: Keyword::Shall,
        quote: "Every ticket SHALL include subject.patient, a FHIR Patient resource carrying the demographic facts needed for matching (name, date of birth, identifiers)",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
When `subject` is an object: `subject.patient` is present, is a JSON object, and its
`resourceType` is `\"Patient\"`.

## Why it matters
The Data Holder matches `subject.patient` against its records, and checks any record reached
through `recipient_record` against it before granting access. A missing patient, or a resource
of another type, leaves nothing to match: the ticket is rejected.

## How to fix
Put a thin FHIR Patient in `subject.patient`: `resourceType`, the identifiers you hold (an MRN
at the Data Holder), name and birth date.",
    decision: None,
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(subject) = ctx.get("/subject").and_then(Value::as_object) else {
        // No subject object at all (subject.present says so too): no patient either.
        out.report(
            "/payload/subject",
            "the ticket has no subject, so no subject.patient",
        )
        .expected("subject: {\"patient\": a FHIR Patient resource}");
        return;
    };
    let Some(patient) = subject.member("patient") else {
        out.report("/payload/subject", "subject has no patient")
            .expected("a FHIR Patient resource");
        return;
    };
    let Some(patient) = patient.as_object() else {
        out.report(
            "/payload/subject/patient",
            format!(
                "subject.patient is {}; expected a FHIR Patient resource (an object)",
                kind(patient)
            ),
        )
        .expected("an object")
        .actual(kind(patient));
        return;
    };
    match patient.member("resourceType") {
        None => {
            out.report(
                "/payload/subject/patient",
                "subject.patient has no resourceType; expected \"Patient\"",
            )
            .expected("Patient");
        }
        Some(Value::String(t)) if t == "Patient" => {}
        Some(other) => {
            let shown = match other {
                Value::String(t) => format!("\"{t}\""),
                v => kind(v).to_string(),
            };
            out.report(
                "/payload/subject/patient/resourceType",
                format!("subject.patient.resourceType is {shown}; expected \"Patient\""),
            )
            .expected("Patient")
            .actual(other.clone());
        }
    }
}
