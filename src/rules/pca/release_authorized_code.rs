//! `pca.release_authorized_code`: authorised release of restricted items uses HIPAASelfPay.

use crate::rules::support::Member;
use serde_json::Value;

use crate::rules::*;

const V3_ACT_CODE: &str = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
const SELF_PAY: &str = "HIPAASelfPay";

pub static RULE: Rule = Rule {
    id: "pca.release_authorized_code",
    severity: Severity::Notice,
    summary: "sensitivity_release_authorized lists the v3-ActCode HIPAASelfPay code",
    citation: Citation {
        page: Page::PayerClaimsAdjudication,
        section: "Restricted Data",
        keyword: Keyword::Guidance,
        quote: "a sensitivity_release_authorized claim per Proposal 005, using the v3-ActCode HIPAASelfPay security label policy code — never a silent widening of the default",
    },
    applies: Applies::Pca,
    explain: "\
## What it checks
When the top-level `sensitivity_release_authorized` is an object, its `codes` array contains
the Coding `{\"system\": \"http://terminology.hl7.org/CodeSystem/v3-ActCode\", \"code\": \"HIPAASelfPay\"}`.

## Why it matters
The restriction a payer ticket meets is the HIPAA right to restrict disclosure to a health
plan of items paid out of pocket. When the patient has authorised release of those items to the
plan, the guide expresses it with this one code. Other codes (or `unlisted: true` alone) release
categories the payer case does not call for, or leave the self-pay items withheld.

## How to fix
List the self-pay code, and only the codes the patient's authorisation covers.

## Example
```json
\"sensitivity_release_authorized\": {
  \"codes\": [{\"system\": \"http://terminology.hl7.org/CodeSystem/v3-ActCode\", \"code\": \"HIPAASelfPay\"}]
}
```",
    decision: None,
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(Value::Object(release)) = ctx.get("/sensitivity_release_authorized") else {
        return; // absent, or sensitivity.release_shape
    };
    let expected = serde_json::json!({"system": V3_ACT_CODE, "code": SELF_PAY});
    match release.member("codes") {
        None => {
            out.report(
                "/payload/sensitivity_release_authorized",
                "sensitivity_release_authorized lists no codes; a payer ticket authorises release with the v3-ActCode HIPAASelfPay code",
            )
            .expected(expected);
        }
        Some(Value::Array(codes)) => {
            let code_of = |c: &Value| c.member("code").and_then(Value::as_str).map(str::to_owned);
            let exact = codes.iter().any(|c| {
                c.member("system").and_then(Value::as_str) == Some(V3_ACT_CODE)
                    && code_of(c).as_deref() == Some(SELF_PAY)
            });
            if exact {
                return;
            }
            let other_system = codes
                .iter()
                .filter(|c| code_of(c).as_deref() == Some(SELF_PAY))
                .find_map(|c| c.member("system").and_then(Value::as_str));
            let message = if let Some(system) = other_system {
                format!("sensitivity_release_authorized has HIPAASelfPay under the system \"{system}\", not v3-ActCode ({V3_ACT_CODE})")
            } else {
                "sensitivity_release_authorized does not list the v3-ActCode HIPAASelfPay code the guide uses for payer release".to_string()
            };
            out.report("/payload/sensitivity_release_authorized/codes", message)
                .expected(expected);
        }
        Some(_) => {} // sensitivity.release_shape
    }
}
