//! `claims.expired`: the ticket has not expired (at `--now`, allowing the clock leeway).

use crate::clock::{display, relative};
use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "claims.expired",
    severity: Severity::Error,
    summary: "The ticket has not expired (exp is after now, minus the leeway)",
    citation: Citation {
        page: Page::Index,
        section: "Validity Period",
        keyword: Keyword::Shall,
        quote: "Data Holders SHALL reject expired tickets (paraphrased); the error table answers an expired ticket with invalid_grant",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
With `exp` an integer NumericDate (else `claims.exp` reports it) after `iat` (else
`claims.exp_after_iat` reports it), the ticket is still valid at
the evaluation time: `exp > now - leeway`. `now` is the clock or `--now`; the leeway is 0
unless `--leeway` gives one. The message says how long ago and when it expired.

## Why it matters
A Data Holder rejects an expired ticket with `invalid_grant`; nothing else about the ticket
matters then. Tickets are reusable until `exp`, so a payer that comes back late in adjudication
needs one that is still valid. The reference implementation treats `exp <= now` as expired with
no leeway at all, and so does ptix by default: a ticket whose `exp` is this very second is
expired.

## How to fix
Mint a new ticket (tickets cannot be extended: changing `exp` breaks the signature). If it
expired too soon for the payer's process, choose a longer lifetime that covers the payer's
additional-information window (60 days by default for Payer Claims Adjudication). To check a
historical ticket, pass `--now` with a time inside its validity window.",
    decision: Some(
        "The guide names no clock-skew allowance and its reference implementation allows none \
         (`exp <= now` is expired); ptix allows none by default, and --leeway gives some (RFC \
         7519 §4.1.4: \"usually no more than a few minutes\").",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(exp) = super::numeric_date(ctx, "/exp") else {
        return;
    };
    if super::numeric_date(ctx, "/iat").is_some_and(|iat| exp <= iat) {
        return; // never valid at all: claims.exp_after_iat's
    }
    if crate::clock::expired(exp, ctx.now, ctx.leeway) {
        out.report(
            "/payload/exp",
            format!(
                "the ticket expired {}, at {}; Data Holders reject expired tickets",
                relative(exp, ctx.now),
                display(exp)
            ),
        )
        .expected(format!("> {}", display(ctx.now.saturating_sub(ctx.leeway))))
        .actual(exp);
    }
}
