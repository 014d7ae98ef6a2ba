//! `claim_linkage.shape`: claim_linkage is an object with only `encounter` and `claim`.

use crate::rules::*;

use super::BASE;

pub static RULE: Rule = Rule {
    id: "claim_linkage.shape",
    severity: Severity::Error,
    summary: "claim_linkage is an object with only encounter and claim",
    citation: Citation {
        page: Page::Schema,
        section: "ClaimLinkageSchema",
        keyword: Keyword::Schema,
        quote: "claim_linkage: { encounter: Reference[] (non-empty), claim?: Reference }, a strict object (no other members)",
    },
    applies: Applies::Pca,
    explain: "\
## What it checks
When `access.claim_linkage` is present, it is a JSON object whose members are only `encounter`
and `claim`. Each unknown member is reported on its own.

## Why it matters
The guide's schema closes the object. An extra member fails validation; a misspelt one
(`encounters`, `claims`) also means the intended linkage is missing, and the Data Holder
rejects the ticket rather than guess.

## How to fix
Keep the encounters in `encounter` (an array of References) and the optional submission handle
in `claim` (one Reference); move anything else out, or drop it.

## Example
```json
\"claim_linkage\": {
  \"encounter\": [{\"reference\": \"https://fhir.provider.example.org/Encounter/enc-2026-0117\"}],
  \"claim\": {\"type\": \"Claim\", \"identifier\": {\"system\": \"https://fhir.provider.example.org/claims\", \"value\": \"CLM-2026-0042\"}}
}
```",
    decision: Some(
        "claim_linkage rules run where Payer Claims Adjudication rules run (Applies::Pca): the constraint was \
         introduced by that type and is defined only against the issuer's own records, and ptix treats payloads \
         without a ticket_type as PCA templates.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(linkage) = ctx.get("/access/claim_linkage") else {
        return; // pca.claim_linkage_required
    };
    let Some(members) = linkage.as_object() else {
        out.report(
            BASE,
            format!(
                "claim_linkage is {}; expected an object with encounter and an optional claim",
                support::kind(linkage)
            ),
        )
        .expected("an object");
        return;
    };
    for name in members.keys() {
        if name != "encounter" && name != "claim" {
            out.report(
                support::child(BASE, name),
                format!(
                    "claim_linkage has an unknown member \"{name}\"; only encounter and claim are allowed"
                ),
            )
            .expected(serde_json::json!(["encounter", "claim"]))
            .actual(name.as_str());
        }
    }
}
