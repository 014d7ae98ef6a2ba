//! `claim_linkage.claim_identifier`: the claim Reference carries the control number.

use crate::rules::support::Member;
use serde_json::Value;

use crate::rules::*;

use super::{claim, BASE};

pub static RULE: Rule = Rule {
    id: "claim_linkage.claim_identifier",
    severity: Severity::Warning,
    summary: "claim_linkage.claim has one identifier object with system and value",
    citation: Citation {
        page: Page::ClaimLinkage,
        section: "Shape and validity",
        keyword: Keyword::Derived,
        quote: "its identifier carries the provider's own submission-time control number — the X12 837 CLM01, echoed back to the provider in the 835",
    },
    applies: Applies::Pca,
    explain: "\
## What it checks
When `claim_linkage.claim` is a Reference object, its `identifier` is present, is a single
Identifier object (not an array, the obsolete Claim-resource shape, nor a string), and has
non-empty string `system` and `value`.

## Why it matters
The claim Reference exists to re-associate the ticket with its submission, and the value that
does it is the provider's claim control number in `identifier`. Without it, or without the
system that scopes it, neither the payer nor the Data Holder can tie the ticket back to the
claim. The schema types `identifier` as one object; an array fails validation.

## How to fix
Put the 837 CLM01 value in `identifier.value` and the provider's claim-number system in
`identifier.system`.

## Example
```json
\"identifier\": {\"system\": \"https://fhir.provider.example.org/claims\", \"value\": \"CLM-2026-0042\"}
```",
    decision: Some(
        "The page describes the identifier as what the claim Reference carries without a keyword; ptix warns when \
         it is missing or lacks system or value, because the Reference then re-associates nothing.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(claim) = claim(ctx) else {
        return; // claim_linkage.claim_reference
    };
    let ptr = || format!("{BASE}/claim/identifier");
    match claim.member("identifier") {
        None => {
            out.report(
                format!("{BASE}/claim"),
                "claim has no identifier; the provider's claim control number (837 CLM01) re-associates the ticket with the submission",
            )
            .expected("an Identifier with system and value");
        }
        Some(Value::Object(id)) => {
            let missing: Vec<&str> = ["system", "value"]
                .into_iter()
                .filter(|m| support::non_empty_str(id.get(*m)).is_none())
                .collect();
            if !missing.is_empty() {
                out.report(
                    ptr(),
                    format!(
                        "claim.identifier has no usable {}; both system and value identify the claim control number",
                        missing.join(" or ")
                    ),
                )
                .expected("an Identifier with system and value");
            }
        }
        // An array of identifiers (the obsolete Claim-resource shape), a string, ...
        Some(v) => {
            out.report(
                ptr(),
                format!(
                    "claim.identifier is {}; it is one Identifier object (the control number)",
                    support::kind(v)
                ),
            )
            .expected("a single Identifier object with system and value")
            .actual(v.clone());
        }
    }
}
