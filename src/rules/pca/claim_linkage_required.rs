//! `pca.claim_linkage_required`: the ticket carries the type's required constraint.

use serde_json::Value;

use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "pca.claim_linkage_required",
    severity: Severity::Error,
    summary: "access.claim_linkage is present",
    citation: Citation {
        page: Page::PayerClaimsAdjudication,
        section: "Constraints",
        keyword: Keyword::Schema,
        quote: "claim_linkage (required) — this profile's required bound on release (the schema requires access.claim_linkage)",
    },
    applies: Applies::Pca,
    explain: "\
## What it checks
When `access` is an object, it has a `claim_linkage` member.

## Why it matters
`claim_linkage` is the only bound on what a Payer Claims Adjudication ticket releases: the
encounters the claim covers. The schema requires it, and a Data Holder checks type-required
claims before it resolves the subject; a ticket without it is rejected with `invalid_grant`.

## How to fix
Link the encounters the submitted claim covers, using the issuer's own resource URLs.

## Example
```json
\"access\": {
  \"claim_linkage\": {
    \"encounter\": [{\"reference\": \"https://fhir.provider.example.org/Encounter/enc-2026-0117\"}]
  }
}
```",
    decision: None,
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(Value::Object(access)) = ctx.get("/access") else {
        return; // access.present owns a missing or malformed access
    };
    if !access.contains_key("claim_linkage") {
        out.report(
            "/payload/access",
            "access has no claim_linkage, the constraint a Payer Claims Adjudication ticket requires",
        )
        .expected("access.claim_linkage");
    }
}
