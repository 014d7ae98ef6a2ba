//! `binding.tfc_shape`: the framework-bound form is exactly
//! `{method, trust_framework, framework_type, entity_uri}`.

use serde_json::Value;

use crate::rules::support::{child, kind};
use crate::rules::*;

const FRAMEWORK_TYPES: [&str; 3] = ["udap", "well-known", "oidf"];
const MEMBERS: [&str; 4] = ["method", "trust_framework", "framework_type", "entity_uri"];

pub static RULE: Rule = Rule {
    id: "binding.tfc_shape",
    severity: Severity::Error,
    summary: "The trust_framework_client binding has trust_framework, framework_type and entity_uri, and nothing else",
    citation: Citation {
        page: Page::Schema,
        section: "TrustFrameworkClientBindingSchema",
        keyword: Keyword::Schema,
        quote: "{ method: \"trust_framework_client\", trust_framework: non-empty string, framework_type: \"well-known\" | \"udap\" | \"oidf\", entity_uri: non-empty string }, strict",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
When `presenter_binding.method` is `\"trust_framework_client\"`:
- `trust_framework` and `entity_uri` are present and non-empty strings;
- `framework_type` is one of `\"udap\"`, `\"well-known\"`, `\"oidf\"`;
- no other member is present.

One finding per missing, malformed or stray member.

## Why it matters
The Data Holder confirms the presenting client is `entity_uri` within the named framework, by
the framework's own mechanism: a UDAP certificate SAN, a JWKS at
`{entity_uri}/.well-known/jwks.json`, or an OpenID Federation trust chain. Without all three
members it cannot verify the binding and rejects the ticket; the schema also closes the form.

## How to fix
Name the framework (its identifier URL), its type, and the client's entity URI.

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
    let Some(obj) = super::form(ctx, "trust_framework_client") else {
        return;
    };
    let base = "/payload/presenter_binding";
    for name in ["trust_framework", "framework_type", "entity_uri"] {
        match obj.get(name) {
            None => {
                out.report(base, format!("the trust_framework_client binding has no {name}"));
            }
            Some(Value::String(s)) if name == "framework_type" => {
                if !FRAMEWORK_TYPES.contains(&s.as_str()) {
                    out.report(
                        child(base, name),
                        format!(
                            "presenter_binding.framework_type \"{s}\" is not one of \"udap\", \"well-known\", \"oidf\""
                        ),
                    )
                    .expected(FRAMEWORK_TYPES.to_vec())
                    .actual(s.as_str());
                }
            }
            Some(Value::String(s)) if s.is_empty() => {
                out.report(
                    child(base, name),
                    format!("presenter_binding.{name} is an empty string"),
                )
                .expected("a non-empty string")
                .actual("");
            }
            Some(Value::String(_)) => {}
            Some(other) => {
                out.report(
                    child(base, name),
                    format!("presenter_binding.{name} is {}; expected a string", kind(other)),
                )
                .actual(other.clone());
            }
        }
    }
    for name in obj.keys().filter(|k| !MEMBERS.contains(&k.as_str())) {
        out.report(
            child(base, name),
            format!(
                "presenter_binding has member \"{name}\", which the trust_framework_client form does not allow"
            ),
        );
    }
}
