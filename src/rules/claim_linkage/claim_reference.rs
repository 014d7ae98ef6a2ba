//! `claim_linkage.claim_reference`: the claim is one Reference, not a Claim resource.

use crate::rules::support::Member;
use serde_json::Value;

use crate::rules::*;

use super::{linkage, BASE};

pub static RULE: Rule = Rule {
    id: "claim_linkage.claim_reference",
    severity: Severity::Error,
    summary: "claim_linkage.claim, if present, is a single Reference object, not a Claim resource",
    citation: Citation {
        page: Page::ClaimLinkage,
        section: "Shape and validity",
        keyword: Keyword::Derived,
        quote: "claim (optional) is a single reference that re-associates the ticket with the submission it accompanies",
    },
    applies: Applies::Pca,
    explain: "\
## What it checks
When `claim_linkage.claim` is present, it is a JSON object (not an array, not a string) without
a `resourceType` member (the obsolete Claim-resource shape). Its `identifier` is
`claim_linkage.claim_identifier`'s.

## Why it matters
The schema types `claim` as one Reference; an array or a bare string fails validation. An older
draft put a minimal Claim resource here (`resourceType`, an identifier array, `status`, `use`);
that shape is obsolete, and a Data Holder reading `claim.identifier` as a single Identifier
cannot re-associate the ticket with the submission.

## How to fix
Replace the value with one Reference carrying the provider's claim control number.

## Example
```json
\"claim\": {
  \"type\": \"Claim\",
  \"identifier\": {\"system\": \"https://fhir.provider.example.org/claims\", \"value\": \"CLM-2026-0042\"},
  \"display\": \"Submitted claim CLM-2026-0042\"
}
```",
    decision: Some(
        "A non-object fails the schema. The schema accepts an object with resourceType, but that is the obsolete \
         Claim-resource shape; ptix makes it an error too, since its identifier array cannot be read \
         as the single Identifier the current shape requires.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(claim) = linkage(ctx).and_then(|l| l.member("claim")) else {
        return;
    };
    let ptr = || format!("{BASE}/claim");
    match claim {
        Value::Object(c) => {
            if let Some(rt) = c.member("resourceType") {
                out.report(
                    format!("{}/resourceType", ptr()),
                    format!("claim carries resourceType {rt}: that is the obsolete Claim-resource shape; claim is now a single Reference"),
                )
                .expected("a Reference (type, identifier, display)")
                .actual(rt.clone());
            }
        }
        Value::Array(items) => {
            out.report(
                ptr(),
                format!(
                    "claim is an array of {} item(s); expected a single Reference object",
                    items.len()
                ),
            )
            .expected("a single Reference object");
        }
        v => {
            out.report(
                ptr(),
                format!(
                    "claim is {}; expected a single Reference object",
                    support::kind(v)
                ),
            )
            .expected("a single Reference object");
        }
    }
}
