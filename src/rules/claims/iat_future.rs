//! `claims.iat_future`: the ticket was not issued in the future.

use crate::clock::{display, relative};
use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "claims.iat_future",
    severity: Severity::Warning,
    summary: "iat is not in the future beyond max(leeway, 60 s)",
    citation: Citation {
        page: Page::Rfc7519,
        section: "4.1.6. \"iat\" (Issued At) Claim",
        keyword: Keyword::Derived,
        quote: "The \"iat\" (issued at) claim identifies the time at which the JWT was issued.",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
With `iat` an integer NumericDate (else `claims.iat` reports it), `iat <= now + max(leeway,
60 s)`: the ticket does not claim to have been issued after the evaluation time (the clock or
`--now`), with a minute's allowance for clocks that differ, or the leeway when `--leeway` gives
more (as `ptix verify`'s `iat` check).

## Why it matters
A ticket cannot have been issued in the future. A future `iat` means the issuer's clock is
wrong, `iat` was computed in the wrong unit or time zone, or the ticket is being checked with a
`--now` before it was minted. Some verifiers reject such tokens outright, and identity evidence
and lifetime checks anchored on `iat` become meaningless.

## How to fix
Set `iat` to the actual minting time in UTC seconds, and keep the issuer's clock synchronised
(NTP). If you are checking an old ticket with `--now`, pick a time after its `iat`.",
    decision: Some(
        "The guide does not address a future iat; ptix warns (rather than errs) because RFC 7519 \
         does not require rejecting it, but the ticket's clock or units are wrong.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(iat) = super::numeric_date(ctx, "/iat") else {
        return;
    };
    let latest = crate::clock::latest_iat(ctx.now, ctx.leeway);
    if iat > latest {
        out.report(
            "/payload/iat",
            format!(
                "iat is {}, {} (now is {}): the ticket claims to be issued in the future",
                display(iat),
                relative(iat, ctx.now),
                display(ctx.now)
            ),
        )
        .expected(format!("<= {}", display(latest)))
        .actual(iat);
    }
}
