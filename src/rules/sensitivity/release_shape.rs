//! `sensitivity.release_shape`: `sensitivity_release_authorized` names what is released.

use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "sensitivity.release_shape",
    severity: Severity::Error,
    summary: "sensitivity_release_authorized is {codes?: Coding[], unlisted?: boolean} with non-empty codes or unlisted: true",
    citation: Citation {
        page: Page::Proposal005,
        section: "Shapes",
        keyword: Keyword::Shall,
        quote: "Both pieces share one shape ... At least one of a non-empty codes or unlisted: true SHALL be present in each piece used",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
When the top-level `sensitivity_release_authorized` claim is present, it has the shape
`sensitivity.withhold_shape` checks: an object; `codes` an array of Codings with `system` and
`code`; `unlisted` a boolean; a non-empty `codes` or `unlisted: true`.

## Why it matters
The claim is the issuer's attestation that the patient authorized release of these categories,
and the only way a ticket can unlock restricted items (for Payer Claims Adjudication, the
HIPAA self-pay restriction, v3-ActCode `HIPAASelfPay`). A malformed or empty claim unlocks
nothing: the Data Holder falls back to withholding, and the payer receives less than the patient
authorized.

## How to fix
List the authorized categories as Codings.

## Example
```json
\"sensitivity_release_authorized\": {
  \"codes\": [ { \"system\": \"http://terminology.hl7.org/CodeSystem/v3-ActCode\", \"code\": \"HIPAASelfPay\" } ]
}
```",
    decision: Some(
        "As for sensitivity.withhold_shape, ptix requires both system and code in each Coding.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    if let Some(v) = ctx.get("/sensitivity_release_authorized") {
        super::shape(
            v,
            "sensitivity_release_authorized",
            "/payload/sensitivity_release_authorized",
            out,
        );
    }
}
