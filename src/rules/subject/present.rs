//! `subject.present`: the ticket names its subject.

use crate::rules::support::kind;
use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "subject.present",
    severity: Severity::Error,
    summary: "subject is present and an object",
    citation: Citation {
        page: Page::Index,
        section: "Issuer Requirements",
        keyword: Keyword::Shall,
        quote: "Include claims: iss, aud, exp, jti, ticket_type, subject, and access",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
The payload has a `subject` member and it is a JSON object.

## Why it matters
Every ticket identifies exactly one patient. The Data Holder resolves `subject` to a local record
before it grants anything; without it there is no record to scope access to, and the ticket is
rejected (`invalid_grant`, \"Unable to resolve ticket subject\").

## How to fix
Add `subject` with a `patient` (a FHIR Patient resource) and, for Payer Claims Adjudication,
a `recipient_record` pointing at the patient's record at the issuing Data Holder.

## Example
```json
\"subject\": {
  \"patient\": { \"resourceType\": \"Patient\", \"identifier\": [ { \"system\": \"http://fhir.provider.example.org/mrn\", \"value\": \"B77421\" } ] },
  \"recipient_record\": { \"reference\": \"https://fhir.provider.example.org/Patient/B77421\", \"type\": \"Patient\" }
}
```",
    decision: None,
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    match ctx.get("/subject") {
        None => {
            out.report("/payload", "the ticket has no subject claim")
                .expected("an object with patient");
        }
        Some(v) if !v.is_object() => {
            out.report(
                "/payload/subject",
                format!("subject is {}; expected an object with patient", kind(v)),
            )
            .expected("an object")
            .actual(kind(v));
        }
        Some(_) => {}
    }
}
