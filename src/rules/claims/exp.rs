//! `claims.exp`: the ticket has an expiry, as an integer NumericDate.

use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "claims.exp",
    severity: Severity::Error,
    summary: "exp is present and an integer NumericDate (seconds since 1970)",
    citation: Citation {
        page: Page::Index,
        section: "Validity Period",
        keyword: Keyword::Shall,
        quote: "Issuers SHALL include exp; Data Holders SHALL reject expired tickets (paraphrased); schema: exp is an integer",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
`exp` is present and is an integer between 0 (1970-01-01) and 253402300799
(9999-12-31T23:59:59Z), as JSON Schema reads integers: `1787513950.0` and `1.78751395e9` are
the integer 1787513950, as they are to the guide's schema and to JavaScript. A missing `exp` is
reported at `/payload`; a string, a fraction (`1787513950.5`), a negative number or an
out-of-range one at `/payload/exp`, quoting the value.

## Why it matters
Every ticket expires: there is no other bound on how long a stolen or forgotten ticket can be
redeemed (revocation is optional). A Data Holder that cannot read `exp` as a time rejects the
ticket. Strings such as `\"1787513950\"` or ISO dates are a common slip; values in the
trillions are JavaScript `Date.now()` milliseconds, which put expiry tens of thousands of years
away. The time rules (`claims.expired`, `lifetime.*`) skip values this rule reports.

## How to fix
Write `exp` as whole seconds since 1970, without quotes: `iat` plus the lifetime (60 days is
5184000 seconds, the Payer Claims Adjudication default).

## Example
```json
\"iat\": 1782329950,
\"exp\": 1787513950
```",
    decision: Some(
        "Negative values and values after the year 9999 are errors too: the schema accepts any \
         integer, but such a value is always a unit slip (milliseconds) or a bug, and cannot be \
         shown as a date.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    super::check_numeric_date(ctx, out, "exp", "expiration time");
}
