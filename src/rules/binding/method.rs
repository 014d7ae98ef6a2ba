//! `binding.method`: `presenter_binding`, when present, names one of the two binding methods.

use crate::rules::support::Member;
use serde_json::Value;

use crate::rules::support::kind;
use crate::rules::*;

const METHODS: [&str; 2] = ["jkt", "trust_framework_client"];

pub static RULE: Rule = Rule {
    id: "binding.method",
    severity: Severity::Error,
    summary: "presenter_binding is an object whose method is jkt or trust_framework_client",
    citation: Citation {
        page: Page::Index,
        section: "Issuer Requirements",
        keyword: Keyword::Shall,
        quote: "When using presenter_binding, bind the ticket appropriately with one method (jkt or trust_framework_client)",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
When `presenter_binding` is present, it is a JSON object and its `method` member is the string
`\"jkt\"` (key-bound) or `\"trust_framework_client\"` (framework-bound). The members each form
needs are checked by `binding.jkt_shape` and `binding.tfc_shape`.

## Why it matters
`method` selects how the Data Holder checks the presenting client. A Data Holder SHALL verify
a present binding according to its method; with no method, or one it does not know, it cannot,
and it rejects the ticket (`invalid_grant`). Dropping the binding instead would turn a ticket
meant for one client into one any authenticated client in `aud` may redeem.

## How to fix
Use one of the two forms, or leave `presenter_binding` out (it is optional for Payer Claims
Adjudication). `cnf` is not used: key binding is `{\"method\": \"jkt\", \"jkt\": ...}`.

## Example
```json
\"presenter_binding\": {
  \"method\": \"trust_framework_client\",
  \"trust_framework\": \"https://directory.example-network.org\",
  \"framework_type\": \"udap\",
  \"entity_uri\": \"https://payer.example.com/organizations/claims-review\"
}
```",
    decision: None,
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(binding) = ctx.get("/presenter_binding") else {
        return;
    };
    let Some(obj) = binding.as_object() else {
        out.report(
            "/payload/presenter_binding",
            format!(
                "presenter_binding is {}; expected an object with a method",
                kind(binding)
            ),
        )
        .expected("an object")
        .actual(kind(binding));
        return;
    };
    match obj.member("method") {
        None => {
            out.report(
                "/payload/presenter_binding",
                "presenter_binding has no method; expected \"jkt\" or \"trust_framework_client\"",
            )
            .expected(METHODS.to_vec());
        }
        Some(Value::String(m)) if METHODS.contains(&m.as_str()) => {}
        Some(Value::String(m)) => {
            out.report(
                "/payload/presenter_binding/method",
                format!(
                    "presenter_binding.method \"{m}\" is not a binding method; expected \"jkt\" or \"trust_framework_client\""
                ),
            )
            .expected(METHODS.to_vec())
            .actual(m.as_str());
        }
        Some(other) => {
            out.report(
                "/payload/presenter_binding/method",
                format!(
                    "presenter_binding.method is {}; expected the string \"jkt\" or \"trust_framework_client\"",
                    kind(other)
                ),
            )
            .expected(METHODS.to_vec())
            .actual(other.clone());
        }
    }
}
