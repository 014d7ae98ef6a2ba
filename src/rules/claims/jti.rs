//! `claims.jti`: the ticket has an identifier.

use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "claims.jti",
    severity: Severity::Error,
    summary: "jti is present and a non-empty string",
    citation: Citation {
        page: Page::Index,
        section: "Conformance: Issuer",
        keyword: Keyword::Shall,
        quote: "The issuer SHALL include iss, aud, exp, iat, jti, ticket_type, subject and access (paraphrased); schema: jti is a non-empty string",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
`jti` is present and is a non-empty string. A missing `jti` is reported at `/payload`; an empty
string or another JSON type (a number is a common slip) at `/payload/jti`.

## Why it matters
`jti` is the ticket's audit anchor: the issuer and the Data Holder log redemptions against it,
and a revoked or disputed ticket is named by it. It is not a replay key: tickets are reusable
until `exp`, and Data Holders SHALL NOT reject a ticket only because its `jti` was seen before.
The reference implementation also refuses revocable tickets without a `jti`.

## How to fix
Set `jti` to a fresh random identifier per ticket, e.g. a UUID (what `ptix mint` does).

## Example
```json
\"jti\": \"3c9e1f5a-8d2b-4f6e-9a71-2b5d8c4e0f13\"
```",
    decision: None,
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    super::check_required_string(
        ctx,
        out,
        "jti",
        "issuers SHALL give every ticket an identifier for audit",
    );
}
