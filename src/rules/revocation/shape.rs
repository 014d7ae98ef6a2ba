//! `revocation.shape`: the status-list pointer is exactly `{url, index}`.

use crate::rules::support::Member;
use serde_json::Value;

use crate::rules::support::{child, kind};
use crate::rules::*;

/// JavaScript's Number.MAX_SAFE_INTEGER, the schema's bound.
const MAX_INDEX: u64 = 9_007_199_254_740_991;

pub static RULE: Rule = Rule {
    id: "revocation.shape",
    severity: Severity::Error,
    summary: "revocation is exactly {url: non-empty string, index: integer >= 0}",
    citation: Citation {
        page: Page::Schema,
        section: "RevocationSchema",
        keyword: Keyword::Schema,
        quote: "revocation: { url: non-empty string, index: integer, minimum 0 }, required url and index, additionalProperties false",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
When `revocation` is present: it is a JSON object; `url` is a non-empty string; `index` is a
non-negative integer (no fraction, no quotes; `3.0` counts, as in JSON Schema); and there are no other members. One finding
per problem.

## Why it matters
A Data Holder SHALL check revocation before issuing a token and SHALL reject when it cannot
determine the status. With no usable `url` or `index` the status is undeterminable, so every
redemption fails; a stray member fails the schema.

## How to fix
Point at the issuer's status list and give the ticket's zero-based bit index in it.

## Example
```json
\"revocation\": { \"url\": \"https://fhir.provider.example.org/status/pca-2026\", \"index\": 4711 }
```",
    decision: None,
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(rev) = ctx.get("/revocation") else {
        return;
    };
    let base = "/payload/revocation";
    let Some(obj) = rev.as_object() else {
        out.report(
            base,
            format!(
                "revocation is {}; expected an object with url and index",
                kind(rev)
            ),
        )
        .expected("an object")
        .actual(kind(rev));
        return;
    };
    match obj.member("url") {
        None => {
            out.report(base, "revocation has no url (the issuer's status list)");
        }
        Some(Value::String(s)) if s.is_empty() => {
            out.report(child(base, "url"), "revocation.url is an empty string")
                .expected("a non-empty string")
                .actual("");
        }
        Some(Value::String(_)) => {}
        Some(other) => {
            out.report(
                child(base, "url"),
                format!("revocation.url is {}; expected a string", kind(other)),
            )
            .actual(other.clone());
        }
    }
    match obj.member("index") {
        None => {
            out.report(
                base,
                "revocation has no index (the ticket's bit in the status list)",
            );
        }
        Some(v) => {
            let ok = crate::rules::support::integer(v).is_some_and(|i| (0..=MAX_INDEX as i64).contains(&i));
            if !ok {
                let why = match v {
                    Value::Number(n) if n.as_f64().is_some_and(|f| f < 0.0) => {
                        format!("revocation.index is {n}; it must not be negative")
                    }
                    Value::Number(n) if n.as_f64().is_some_and(|f| f.fract() != 0.0) => {
                        format!("revocation.index is {n}; expected a whole number")
                    }
                    Value::Number(n) => {
                        format!("revocation.index {n} is larger than 2^53 - 1")
                    }
                    other => format!("revocation.index is {}; expected an integer", kind(other)),
                };
                out.report(child(base, "index"), why)
                    .expected("an integer >= 0")
                    .actual(v.clone());
            }
        }
    }
    for name in obj.keys().filter(|k| !matches!(k.as_str(), "url" | "index")) {
        out.report(
            child(base, name),
            format!("revocation has member \"{name}\"; only url and index are allowed"),
        );
    }
}
