//! `pca.requester_identifier`: the payer carries an identifier the provider can match.

use crate::rules::support::Member;
use serde_json::Value;

use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "pca.requester_identifier",
    severity: Severity::Warning,
    summary: "requester has at least one identifier with both system and value",
    citation: Citation {
        page: Page::PayerClaimsAdjudication,
        section: "Required Claims",
        keyword: Keyword::Derived,
        quote: "Requester: Organization (the payer), identified well enough for the provider to match it to the claim's payer",
    },
    applies: Applies::Pca,
    explain: "\
## What it checks
When `requester` is an object, it has an `identifier` array holding at least one Identifier
whose `system` and `value` are both non-empty strings. (A non-array `identifier` is reported by
`fhir.identifier`.)

## Why it matters
The Data Holder selects policy by asking whether the redeeming payer is the linked claim's payer,
and it answers that by matching the requester's identifiers against the payer recorded on the
claim. A bare name, or a value without the system that gives it meaning, cannot be matched
reliably, so the redemption is likely refused.

## How to fix
Add the identifier the claim itself carries for the payer: an NPI, an X12 payer id, or a
system your claim system uses, with both `system` and `value`.

## Example
```json
\"identifier\": [{\"system\": \"http://hl7.org/fhir/sid/us-npi\", \"value\": \"1093817462\"}]
```",
    decision: Some(
        "The page gives no keyword and mandates no identifier system. ptix asks for at least one \
         Identifier with both system and value, the least a provider can match on, and makes it a warning: \
         a ticket without one is valid but probably unredeemable.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(Value::Object(requester)) = ctx.get("/requester") else {
        return; // absence is pca.requester_org; a non-object is requester.type
    };
    match requester.member("identifier") {
        None => {
            out.report(
                "/payload/requester",
                "requester has no identifier; the provider cannot match the payer to the claim's payer by name alone",
            )
            .expected("an identifier with system and value");
        }
        Some(Value::Array(ids)) => {
            let usable = ids.iter().any(|id| {
                support::non_empty_str(id.member("system")).is_some()
                    && support::non_empty_str(id.member("value")).is_some()
            });
            if !usable {
                let message = if ids.is_empty() {
                    "requester.identifier is empty; the provider cannot match the payer to the claim's payer"
                        .to_string()
                } else {
                    format!(
                        "none of the requester's {} identifier(s) has both a system and a value, so the provider cannot match the payer reliably",
                        ids.len()
                    )
                };
                out.report("/payload/requester/identifier", message)
                    .expected("an identifier with system and value");
            }
        }
        Some(_) => {} // fhir.identifier owns the shape of the list
    }
}
