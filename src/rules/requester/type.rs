//! `requester.type`: the requester is one of the four FHIR resource types the guide allows.

use crate::rules::support::Member;
use serde_json::Value;

use crate::rules::support::kind;
use crate::rules::*;

const TYPES: [&str; 4] = [
    "RelatedPerson",
    "Practitioner",
    "PractitionerRole",
    "Organization",
];

pub static RULE: Rule = Rule {
    id: "requester.type",
    severity: Severity::Error,
    summary: "requester is a RelatedPerson, Practitioner, PractitionerRole or Organization resource",
    citation: Citation {
        page: Page::Schema,
        section: "RequesterSchema",
        keyword: Keyword::Schema,
        quote: "requester: discriminated union on resourceType of RelatedPerson, Practitioner, PractitionerRole, Organization",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
When `requester` is present, it is a JSON object whose `resourceType` is `\"RelatedPerson\"`,
`\"Practitioner\"`, `\"PractitionerRole\"` or `\"Organization\"`.

## Why it matters
The Data Holder selects its policy by who the grant is for, and the schema admits only these four
resource types. A requester of another type (a `Patient`, a `Device`), or one without a
`resourceType`, fails validation and leaves the Data Holder unable to apply the ticket type's
rules. (Which of the four a ticket type requires is a type rule: Payer Claims Adjudication
requires an Organization, checked by `pca.requester_org`.)

## How to fix
Describe the requester as one of the four resources. Leave `requester` out for patient
self-access.",
    decision: None,
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(requester) = ctx.get("/requester") else {
        return;
    };
    let Some(obj) = requester.as_object() else {
        out.report(
            "/payload/requester",
            format!(
                "requester is {}; expected a FHIR resource (an object)",
                kind(requester)
            ),
        )
        .expected("an object")
        .actual(kind(requester));
        return;
    };
    match obj.member("resourceType") {
        None => {
            out.report("/payload/requester", "requester has no resourceType")
                .expected(TYPES.to_vec());
        }
        Some(Value::String(t)) if TYPES.contains(&t.as_str()) => {}
        Some(other) => {
            let shown = match other {
                Value::String(t) => format!("\"{t}\""),
                v => kind(v).to_string(),
            };
            out.report(
                "/payload/requester/resourceType",
                format!(
                    "requester.resourceType is {shown}; expected RelatedPerson, Practitioner, PractitionerRole or Organization"
                ),
            )
            .expected(TYPES.to_vec())
            .actual(other.clone());
        }
    }
}
