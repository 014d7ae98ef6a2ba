//! `continuation.needs_revocation`: a ticket whose access may outlive it is revocable.

use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "continuation.needs_revocation",
    severity: Severity::Error,
    summary: "A ticket with continuation also carries revocation",
    citation: Citation {
        page: Page::Index,
        section: "Long-Lived Access and Continuation",
        keyword: Keyword::Shall,
        quote: "if continuation is present, the ticket SHALL also carry revocation (paraphrased)",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
When `continuation` is present, `revocation` is present too.

## Why it matters
`continuation.refresh_until` lets a Data Holder keep refreshing access past the ticket's `exp`.
Revocation is the only way the issuer can end that relationship early, and it is how revocation
reaches the refresh tokens derived from the ticket. Without it, access the issuer can no longer
withdraw could run until `refresh_until`.

## How to fix
Add a `revocation` status-list pointer, or drop `continuation` and let access end at `exp`.",
    decision: None,
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    if ctx.get("/continuation").is_some() && ctx.get("/revocation").is_none() {
        out.report(
            "/payload/continuation",
            "the ticket carries continuation but no revocation; a ticket with continuation SHALL be revocable",
        )
        .expected("a revocation claim");
    }
}
