//! `claims.aud`: the ticket names its audience.

use serde_json::Value;

use crate::rules::support::kind;
use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "claims.aud",
    severity: Severity::Error,
    summary: "aud is a non-empty string or a non-empty array of non-empty strings",
    citation: Citation {
        page: Page::Schema,
        section: "schema.ts: aud",
        keyword: Keyword::Schema,
        quote:
            "aud: a non-empty string, or a non-empty array of non-empty strings (issuers SHALL include aud)",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
`aud` is present and is either a non-empty string or a non-empty array whose every element is
a non-empty string. A missing `aud` is reported at `/payload`; an empty string, an empty array
or another JSON type at `/payload/aud`; each bad array element at its own pointer
(`/payload/aud/1`). Whether the values are URLs is `claims.aud_url`'s.

## Why it matters
`aud` says where the ticket may be redeemed. A Data Holder redeems only tickets whose `aud`
names it (its exact base URL, or a trust framework it is a verified member of) and answers
anything else with `invalid_grant` (\"Ticket not valid for this server\"). Without a usable
`aud` the ticket is valid nowhere, or, to a careless server, everywhere.

## How to fix
Set `aud` to the Data Holder's FHIR base URL. For Payer Claims Adjudication that is the issuer
itself, so `aud` equals `iss`.

## Example
```json
\"aud\": \"https://fhir.provider.example.org\",
\"aud_type\": \"data_holder_url\"
```",
    decision: None,
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    match ctx.get("/aud") {
        None => {
            out.report(
                "/payload",
                "the ticket has no aud; issuers SHALL name where it may be redeemed",
            )
            .expected("the Data Holder's base URL");
        }
        Some(Value::String(s)) if s.is_empty() => {
            out.report("/payload/aud", "aud is an empty string").actual("");
        }
        Some(Value::String(_)) => {}
        Some(Value::Array(items)) if items.is_empty() => {
            out.report(
                "/payload/aud",
                "aud is an empty array; it must name at least one audience",
            )
            .actual(Value::Array(Vec::new()));
        }
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                let problem = match item {
                    Value::String(s) if s.is_empty() => "an empty string".to_string(),
                    Value::String(_) => continue,
                    other => kind(other).to_string(),
                };
                out.report(
                    format!("/payload/aud/{i}"),
                    format!("aud[{i}] is {problem}; every aud entry must be a non-empty string"),
                )
                .actual(item.clone());
            }
        }
        Some(v) => {
            out.report(
                "/payload/aud",
                format!(
                    "aud is {}; expected a non-empty string or an array of them",
                    kind(v)
                ),
            )
            .actual(v.clone());
        }
    }
}
