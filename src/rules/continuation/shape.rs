//! `continuation.shape`: the continuation claim is exactly `{refresh_until}`.

use crate::rules::support::Member;
use serde_json::Value;

use crate::rules::support::{child, kind};
use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "continuation.shape",
    severity: Severity::Error,
    summary: "continuation is an object with only refresh_until, an integer or null",
    citation: Citation {
        page: Page::Schema,
        section: "continuation",
        keyword: Keyword::Schema,
        quote: "continuation: { refresh_until: integer }, required, additionalProperties false (the index prose: null means no bound)",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
When `continuation` is present: it is a JSON object; `refresh_until` is present and is a JSON
integer (a NumericDate, seconds) or `null`; no other member is present.

## Why it matters
`refresh_until` is the one field the adopted claim keeps: how long continuation credentials
derived from this ticket may live. A Data Holder cannot honour a bound it cannot read, and the
drafted shape (`refresh_token: {allowed, not_after, revocation_check}`) is no longer defined.

## How to fix
Write `\"continuation\": {\"refresh_until\": <Unix seconds>}`, or `null` where the issuer sets
no bound; move a drafted `refresh_token.not_after` to `refresh_until`.",
    decision: Some(
        "The schema types refresh_until as an integer while the prose lets null mean \
         \"indefinite\"; ptix accepts both, and requires the member, since the \
         schema does and null already expresses \"no bound\".",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(cont) = ctx.get("/continuation") else {
        return;
    };
    let base = "/payload/continuation";
    let Some(obj) = cont.as_object() else {
        out.report(
            base,
            format!(
                "continuation is {}; expected an object with refresh_until",
                kind(cont)
            ),
        )
        .expected("an object")
        .actual(kind(cont));
        return;
    };
    match obj.member("refresh_until") {
        None => {
            out.report(base, "continuation has no refresh_until")
                .expected("an integer (Unix seconds) or null");
        }
        Some(Value::Null) => {}
        Some(v) if crate::rules::support::integer(v).is_some() || v.is_u64() => {}
        Some(v) => {
            let shown = match v {
                Value::Number(n) => format!("{n}, not an integer"),
                Value::String(s) => format!("the string \"{s}\""),
                other => kind(other).to_string(),
            };
            out.report(
                child(base, "refresh_until"),
                format!("continuation.refresh_until is {shown}; expected an integer NumericDate or null"),
            )
            .expected("an integer (Unix seconds) or null")
            .actual(v.clone());
        }
    }
    for name in obj.keys().filter(|k| k.as_str() != "refresh_until") {
        out.report(
            child(base, name),
            format!("continuation has member \"{name}\"; only refresh_until is defined"),
        );
    }
}
