//! `claims.exp_after_iat`: the ticket expires after it was issued.

use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "claims.exp_after_iat",
    severity: Severity::Error,
    summary: "exp is later than iat",
    citation: Citation {
        page: Page::Index,
        section: "Validity Period",
        keyword: Keyword::Derived,
        quote: "exp: expiration time; iat: issued-at time (a ticket valid for no time at all is never redeemable)",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
When both `exp` and `iat` are integer NumericDates (else `claims.exp`/`claims.iat` report them), `exp` is strictly greater than `iat`.

## Why it matters
A ticket that expires at or before the moment it was issued can never be redeemed; it usually
means seconds and milliseconds were mixed, or the two values were swapped.

## How to fix
Set `exp = iat + lifetime` in seconds (the Payer Claims Adjudication default is 60 days).",
    decision: Some("Derived from the meaning of the claims; an error because the ticket can never be valid."),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let (Some(iat), Some(exp)) = (super::numeric_date(ctx, "/iat"), super::numeric_date(ctx, "/exp")) else {
        return; // absence, wrong types and out-of-range values are claims.iat / claims.exp
    };
    if exp <= iat {
        out.report("/payload/exp", format!("exp ({exp}) is not after iat ({iat})"))
            .expected(format!("> {iat}"))
            .actual(exp);
    }
}
