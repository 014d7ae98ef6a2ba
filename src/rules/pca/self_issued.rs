//! `pca.self_issued`: the ticket's audience is its issuer.

use serde_json::Value;

use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "pca.self_issued",
    severity: Severity::Warning,
    summary: "aud is exactly one value, equal to iss (the issuer is the Data Holder)",
    citation: Citation {
        page: Page::PayerClaimsAdjudication,
        section: "Purpose",
        keyword: Keyword::Derived,
        quote: "The issuer and the Data Holder are the same party",
    },
    applies: Applies::Pca,
    explain: "\
## What it checks
`aud` is a single string equal to `iss`, or a one-element array whose element equals `iss`. The
comparison is exact: no trailing-slash, case or port normalisation. Skipped when `aud_type` is
`trust_framework` (`pca.aud_type` reports that).

## Why it matters
The provider that submits the claim mints the ticket and later accepts it back, verifying it with
its own issuing keys. `claim_linkage` names encounters by the issuer's own resource URLs, so only
the issuer can enforce it; the claim-linkage page says this confines the type to self-issued
tickets. A ticket addressed to any other server is rejected there (it cannot enforce the
linkage), and an audience list wider than the issuer offers the ticket to servers that must
refuse it.

## How to fix
Set `aud` to the issuer's own base URL, spelled exactly as `iss`.

## Example
```json
\"iss\": \"https://fhir.provider.example.org\",
\"aud\": \"https://fhir.provider.example.org\"
```",
    decision: Some(
        "The guide states the sameness as a property of the type but has no \"SHALL equal\" sentence, and does not \
         forbid an aud array; ptix warns unless aud is exactly the issuer. Values are compared as \
         exact strings, since the guide leaves URL normalisation unspecified.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(iss) = ctx.iss().filter(|s| !s.is_empty()) else {
        return; // claims.iss
    };
    if ctx.str("/aud_type") == Some("trust_framework") {
        return; // pca.aud_type: a framework audience is never the issuer
    }
    match ctx.get("/aud") {
        Some(Value::String(aud)) if !aud.is_empty() && aud != iss => {
            out.report(
                "/payload/aud",
                format!("aud \"{aud}\" is not the issuer \"{iss}\"; a Payer Claims Adjudication ticket is redeemed at the server that issued it"),
            )
            .expected(iss)
            .actual(aud.as_str());
        }
        Some(Value::Array(items))
            if !items.is_empty() && items.iter().all(|v| v.as_str().is_some_and(|s| !s.is_empty())) =>
        {
            match items.as_slice() {
                [only] if only.as_str() == Some(iss) => {}
                [only] => {
                    out.report(
                        "/payload/aud/0",
                        format!("aud names {only}, not the issuer \"{iss}\"; a Payer Claims Adjudication ticket is redeemed at the server that issued it"),
                    )
                    .expected(iss)
                    .actual(only.clone());
                }
                _ => {
                    out.report(
                        "/payload/aud",
                        format!(
                            "aud names {} audiences; a self-issued Payer Claims Adjudication ticket names exactly one, the issuer \"{iss}\"",
                            items.len()
                        ),
                    )
                    .expected(iss)
                    .actual(Value::Array(items.clone()));
                }
            }
        }
        _ => {} // missing or malformed aud is claims.aud
    }
}
