//! `pca.requester_org`: the requester is present and is an Organization (the payer).

use crate::rules::support::Member;
use serde_json::Value;

use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "pca.requester_org",
    severity: Severity::Error,
    summary: "requester is present and is an Organization (the payer)",
    citation: Citation {
        page: Page::Schema,
        section: "PayerClaimsAdjudication ticket: requester",
        keyword: Keyword::Schema,
        quote: "requester: Organization (required; resourceType const \"Organization\"); the page: \"Requester: Organization (the payer)\"",
    },
    applies: Applies::Pca,
    explain: "\
## What it checks
`requester` is present, and its `resourceType` is `\"Organization\"`: not one of the other
requester types the base specification allows (`RelatedPerson`, `Practitioner`,
`PractitionerRole`), nor anything else. A requester that is not an object, or whose
`resourceType` is missing or unknown, is also `requester.type`'s finding (so a run selecting only
the `pca` rules still refuses it).

## Why it matters
In a Payer Claims Adjudication ticket the requester is the payer that adjudicates the claim.
The guide's schema requires it and fixes its type to Organization; the Data Holder uses its
identifiers to decide whether the redeeming party is the linked claim's payer. A ticket without
it, or naming a person, fails schema validation and is rejected.

## How to fix
Name the payer as a FHIR Organization, with the identifiers the provider's claim system knows
it by.

## Example
```json
\"requester\": {
  \"resourceType\": \"Organization\",
  \"identifier\": [{\"system\": \"http://hl7.org/fhir/sid/us-npi\", \"value\": \"1093817462\"}],
  \"name\": \"Example Health Plan\"
}
```",
    decision: None,
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(requester) = ctx.get("/requester") else {
        out.report(
            "/payload",
            "requester is missing; a Payer Claims Adjudication ticket names the payer as an Organization",
        )
        .expected("an Organization resource");
        return;
    };
    match requester.member("resourceType").and_then(Value::as_str) {
        Some("Organization") => {}
        Some(t) => {
            out.report(
                "/payload/requester/resourceType",
                format!("requester.resourceType is \"{t}\"; a Payer Claims Adjudication requester is the payer, an \"Organization\""),
            )
            .expected("Organization")
            .actual(t);
        }
        None => {
            out.report(
                "/payload/requester",
                "requester is not an Organization resource (no resourceType); a Payer Claims Adjudication requester is the payer, an \"Organization\"",
            )
            .expected("an Organization resource");
        }
    }
}
