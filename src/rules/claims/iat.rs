//! `claims.iat`: the ticket says when it was issued, as an integer NumericDate.

use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "claims.iat",
    severity: Severity::Error,
    summary: "iat is present and an integer NumericDate (seconds since 1970)",
    citation: Citation {
        page: Page::Index,
        section: "Conformance: Issuer",
        keyword: Keyword::Shall,
        quote: "The issuer SHALL include iss, aud, exp, iat, jti, ticket_type, subject and access (paraphrased); schema: iat is an integer",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
`iat` is present and is an integer between 0 (1970-01-01) and 253402300799
(9999-12-31T23:59:59Z), as JSON Schema reads integers (`1782329950.0` counts). A missing `iat`
is reported at `/payload`; a string, a fraction, a negative number or an out-of-range one at
`/payload/iat`, quoting the value.

## Why it matters
The guide's issuer requirements and its current schema require `iat` (an earlier schema made it
optional). Besides dating the ticket for audit, it anchors the temporal validity of embedded
identity evidence, and ptix uses it to judge the ticket's lifetime (`lifetime.*`,
`claims.exp_after_iat`). Those rules skip values this rule reports.

## How to fix
Set `iat` to the minting time in whole seconds since 1970, without quotes (`date +%s`).
`ptix mint` sets it for you.

## Example
```json
\"iat\": 1782329950
```",
    decision: Some(
        "Negative values and values after the year 9999 are errors too: the schema accepts any \
         integer, but such a value is always a unit slip (milliseconds) or a bug.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    super::check_numeric_date(ctx, out, "iat", "issued-at time");
}
