//! `claims.ticket_type`: the ticket says which type it is.

use serde_json::Value;

use crate::rules::support::kind;
use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "claims.ticket_type",
    severity: Severity::Error,
    summary: "ticket_type is present and a string",
    citation: Citation {
        page: Page::Index,
        section: "Server-Side Validation",
        keyword: Keyword::Shall,
        quote: "The issuer SHALL include ticket_type; a ticket without one is rejected with invalid_grant, \"Missing ticket type\" (paraphrased)",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
`ticket_type` is present and is a JSON string. A missing claim is reported at `/payload`, a
non-string at `/payload/ticket_type`. Whether the string is a registered type is
`claims.ticket_type_known`'s.

## Why it matters
`ticket_type` is the sole discriminator of processing rules: a Data Holder picks the type's
required claims, constraints and issuer trust from it, right after checking the signature. A
ticket without one is rejected with `invalid_grant` (\"Missing ticket type\"). ptix runs its
Payer Claims Adjudication rules on payloads without a `ticket_type` (templates often lack it),
but a Data Holder does not guess.

## How to fix
Add the type's URI from the guide's registry.

## Example
```json
\"ticket_type\": \"https://smarthealthit.org/permission-ticket-type/payer-claims-adjudication-v1\"
```",
    decision: None,
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    match ctx.get("/ticket_type") {
        None => {
            out.report(
                "/payload",
                "the ticket has no ticket_type; Data Holders reject it (\"Missing ticket type\")",
            )
            .expected(crate::ticket::ticket_type::PAYER_CLAIMS_ADJUDICATION.uri);
        }
        // An empty string names no type: as missing.
        Some(Value::String(s)) if s.trim().is_empty() => {
            out.report(
                "/payload/ticket_type",
                "ticket_type is empty; Data Holders reject it (\"Missing ticket type\")",
            )
            .expected(crate::ticket::ticket_type::PAYER_CLAIMS_ADJUDICATION.uri);
        }
        Some(Value::String(_)) => {}
        Some(v) => {
            out.report(
                "/payload/ticket_type",
                format!("ticket_type is {}; it must be a ticket type URI string", kind(v)),
            )
            .actual(v.clone());
        }
    }
}
