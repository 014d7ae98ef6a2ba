//! `claim_linkage.claim_type`: the claim Reference's type is Claim.

use crate::rules::support::Member;
use serde_json::Value;

use crate::rules::*;

use super::{claim, BASE};

pub static RULE: Rule = Rule {
    id: "claim_linkage.claim_type",
    severity: Severity::Warning,
    summary: "claim_linkage.claim.type, if present, is Claim",
    citation: Citation {
        page: Page::ClaimLinkage,
        section: "Shape and validity",
        keyword: Keyword::Derived,
        quote: "\"claim\": { \"type\": \"Claim\", \"identifier\": {...}, \"display\": \"Submitted claim CLM-2026-0042\" } (the page's example)",
    },
    applies: Applies::Pca,
    explain: "\
## What it checks
When `claim_linkage.claim` is a Reference object with a `type`, the type is `\"Claim\"`.

## Why it matters
The Reference names the submitted claim (or prior authorization, which FHIR also models as a
Claim). Another type (`ClaimResponse`, `ExplanationOfBenefit`, `Encounter`) points at a
payer-side or unrelated record, which is not the provider's submission the ticket should be
re-associated with.

## How to fix
Set `type` to `\"Claim\"`, or remove it.",
    decision: Some(
        "Only the page's example fixes the value; ptix warns on any other type because every alternative names a \
         different record than the provider's submission.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(claim) = claim(ctx) else {
        return;
    };
    match claim.member("type") {
        None => {}
        Some(Value::String(t)) if t == "Claim" => {}
        // Not a string: fhir.datatypes.
        Some(v) if !v.is_string() => {}
        Some(v) => {
            out.report(
                format!("{BASE}/claim/type"),
                format!("claim.type is {v}; the claim Reference names the provider's submitted Claim"),
            )
            .expected("Claim")
            .actual(v.clone());
        }
    }
}
