//! `sensitivity.withhold_shape`: `access.sensitivity_withhold` names what to withhold.

use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "sensitivity.withhold_shape",
    severity: Severity::Error,
    summary: "access.sensitivity_withhold is {codes?: Coding[], unlisted?: boolean} with non-empty codes or unlisted: true",
    citation: Citation {
        page: Page::Proposal005,
        section: "Shapes",
        keyword: Keyword::Shall,
        quote: "At least one of a non-empty codes or unlisted: true SHALL be present in each piece used",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
When `access.sensitivity_withhold` is present:
- it is a JSON object;
- `codes`, if present, is an array of FHIR Codings, each an object with a non-empty `system` and
  `code`;
- `unlisted`, if present, is a boolean;
- `codes` is non-empty, or `unlisted` is `true`.

## Why it matters
`sensitivity_withhold` is an access constraint: a Data Holder enforces it or rejects the ticket.
One that names no category, or names it in a form the Data Holder cannot match against its
security labels, cannot be enforced and is rejected (`invalid_grant`); a malformed piece also
breaks the promise made to the patient who asked for the withholding.

## How to fix
List the categories to withhold as Codings, add `\"unlisted\": true` to withhold all other
locally classified sensitive data, or remove the constraint.

## Example
```json
\"sensitivity_withhold\": {
  \"codes\": [ { \"system\": \"http://terminology.hl7.org/CodeSystem/v3-ActCode\", \"code\": \"ETH\" } ]
}
```",
    decision: Some(
        "FHIR lets a Coding omit system or code; ptix requires both in sensitivity codes, because a \
         bare code (ETH) is ambiguous across code systems and the Data Holder matches categories \
         against security labels by system and code.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    if let Some(v) = ctx.get("/access/sensitivity_withhold") {
        super::shape(
            v,
            "access.sensitivity_withhold",
            "/payload/access/sensitivity_withhold",
            out,
        );
    }
}
