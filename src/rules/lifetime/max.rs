//! `lifetime.max`: no ticket is valid for more than a year.

use crate::clock::span;
use crate::rules::claims::numeric_date;
use crate::rules::*;

/// The longest lifetime the guide recommends (standing authorizations): 365 days.
const MAX_SECS: i64 = 365 * 86_400;

pub static RULE: Rule = Rule {
    id: "lifetime.max",
    severity: Severity::Warning,
    summary: "The ticket is valid for at most one year (exp - iat <= 365 days)",
    citation: Citation {
        page: Page::Index,
        section: "Ticket Lifecycle",
        keyword: Keyword::Derived,
        quote: "Recommended lifetimes: interactive use 1-4 hours, batch 24 hours, standing authorization up to 1 year with revocation (paraphrased)",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
When `iat` and `exp` are integer NumericDates and `exp > iat` (else `claims.iat`, `claims.exp`
or `claims.exp_after_iat` report them), the lifetime `exp - iat` is at most 365 days.

## Why it matters
The guide sets no hard maximum, but its longest recommended lifetime is one year, for standing
authorizations that also carry `revocation`. A ticket is reusable until `exp` by anyone who
can authenticate as an allowed client, so a longer lifetime widens the window in which a leaked
ticket is useful and outlives the relationships it encodes (a payer contract, a claim's
adjudication). Lifetimes of decades usually come from a unit slip (`exp` in milliseconds
would be caught by `claims.exp`; an `exp` computed in minutes is not).

## How to fix
Choose `exp` for the use: for Payer Claims Adjudication, the payer's additional-information
window (60 days by default; 45-75 days typical). If access must last longer, re-mint tickets
periodically, or issue a standing ticket of at most a year with `revocation`.",
    decision: Some(
        "The guide recommends at most a year and sets no hard limit; ptix warns beyond 365 days \
         (whether or not the ticket carries revocation) rather than erring, since a Data Holder \
         will still accept the ticket.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let (Some(iat), Some(exp)) = (numeric_date(ctx, "/iat"), numeric_date(ctx, "/exp")) else {
        return;
    };
    let lifetime = exp - iat;
    if lifetime > MAX_SECS {
        out.report(
            "/payload/exp",
            format!(
                "the ticket is valid for {} ({} from iat to exp); the guide recommends at most 1 year, and only with revocation",
                span(lifetime),
                super::in_days(lifetime)
            ),
        )
        .expected("exp - iat <= 365 days")
        .actual(exp);
    }
}
