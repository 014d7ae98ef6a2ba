//! `binding.jkt_shape`: the key-bound form is exactly `{method, jkt}`.

use crate::rules::support::Member;
use serde_json::Value;

use crate::rules::support::{child, kind};
use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "binding.jkt_shape",
    severity: Severity::Error,
    summary: "The jkt binding has exactly method and a non-empty jkt string",
    citation: Citation {
        page: Page::Schema,
        section: "KeyBindingSchema",
        keyword: Keyword::Schema,
        quote: "{ method: \"jkt\", jkt: non-empty string }, strict (no other members)",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
When `presenter_binding.method` is `\"jkt\"`: `jkt` is present and a non-empty string, and the
object has no member other than `method` and `jkt`. One finding per stray member.

## Why it matters
The schema closes this form. A stray member is usually a sign of a mixed-up binding (members of
the `trust_framework_client` form, or an `x5t#S256` meant as a second binding) and a validating
Data Holder rejects the ticket. Without `jkt` there is nothing to compare the client key with.

## How to fix
Put the RFC 7638 SHA-256 thumbprint of the client's assertion-signing key in `jkt` and remove
everything else.

## Example
```json
\"presenter_binding\": { \"method\": \"jkt\", \"jkt\": \"NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs\" }
```",
    decision: None,
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(obj) = super::form(ctx, "jkt") else {
        return;
    };
    let base = "/payload/presenter_binding";
    match obj.member("jkt") {
        None => {
            out.report(
                base,
                "the jkt binding has no jkt member (the client key's thumbprint)",
            )
            .expected("a non-empty string");
        }
        Some(Value::String(s)) if s.is_empty() => {
            out.report(child(base, "jkt"), "presenter_binding.jkt is an empty string")
                .expected("a non-empty string")
                .actual("");
        }
        Some(Value::String(_)) => {}
        Some(other) => {
            out.report(
                child(base, "jkt"),
                format!("presenter_binding.jkt is {}; expected a string", kind(other)),
            )
            .expected("a non-empty string")
            .actual(other.clone());
        }
    }
    for name in obj.keys().filter(|k| !matches!(k.as_str(), "method" | "jkt")) {
        out.report(
            child(base, name),
            format!("presenter_binding has member \"{name}\", which the jkt form does not allow (only method and jkt)"),
        );
    }
}
