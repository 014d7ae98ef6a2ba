//! `claims.nbf`: `nbf` is not a claim of the guide; explain how it is treated.

use crate::clock::{display, relative};
use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "claims.nbf",
    severity: Severity::Notice,
    summary: "nbf is not defined by the guide (Data Holders ignore it; ptix verify honours it)",
    citation: Citation {
        page: Page::Index,
        section: "Field Handling",
        keyword: Keyword::Guidance,
        quote: "Unknown top-level claims are ignored (paraphrased); the guide defines no nbf claim",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
The payload has an `nbf` (not before) member. It is reported once, whatever its value, with a
note when it lies in the future or is no NumericDate.

## Why it matters
The guide's claim list has no `nbf` (an early draft let servers \"MAY support\" it; the current
text is silent), so a Data Holder following it treats `nbf` as an unknown top-level claim and
ignores it: a ticket with a future `nbf` is redeemable at once there. Generic JWT libraries, on
the other hand, enforce `nbf` (RFC 7519 §4.1.5), and so does `ptix verify`, which refuses the
ticket before `nbf` (with the same leeway as `exp`; a fraction counts from the next whole
second, as RFC 7519 allows fractions) and fails on an `nbf` that is no number of seconds from 1970
to the year 9999. The same
ticket therefore behaves differently depending on who checks it.

## How to fix
Omit `nbf`: a ticket is valid from the moment it is issued until `exp`. If a ticket must not be
usable before some date, mint it at that date instead.",
    decision: Some(
        "The guide does not define nbf; ptix reports it as a notice, and ptix verify honours it \
         (RFC 7519 semantics, with the exp leeway) because a verifier erring towards refusal is \
         safer than one that ignores a stated start time.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(v) = ctx.get("/nbf") else {
        return;
    };
    let base = "nbf is not a claim of the guide: Data Holders ignore it as an unknown claim, while ptix verify honours it";
    let message = match super::nbf_time(v) {
        Ok(nbf) if crate::clock::before_nbf(nbf, ctx.now, ctx.leeway) => format!(
            "{base}; here it is {}, {}, so ptix verify would refuse a ticket that Data Holders accept now",
            display(nbf),
            relative(nbf, ctx.now)
        ),
        Ok(_) => base.to_string(),
        Err(why) => format!("{base}; here it {why}, so ptix verify fails it"),
    };
    out.report("/payload/nbf", message).actual(v.clone());
}
