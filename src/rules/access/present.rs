//! `access.present`: the ticket carries its access constraints.

use crate::rules::support::kind;
use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "access.present",
    severity: Severity::Error,
    summary: "access is present and an object",
    citation: Citation {
        page: Page::Index,
        section: "Issuer Requirements",
        keyword: Keyword::Shall,
        quote: "Include claims: iss, aud, exp, jti, ticket_type, subject, and access",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
The payload has an `access` member and it is a JSON object (its members are named
constraints).

## Why it matters
`access` is the ticket's bound on release. A ticket without it fails validation; for Payer Claims
Adjudication it would also lack the required `claim_linkage`, the only thing limiting what the
payer can read.

## How to fix
Add `access` with the constraints the ticket type requires; for Payer Claims Adjudication,
`{\"claim_linkage\": {\"encounter\": [{\"reference\": \"...\"}]}}`.",
    decision: None,
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    match ctx.get("/access") {
        None => {
            out.report("/payload", "the ticket has no access claim")
                .expected("an object of access constraints");
        }
        Some(v) if !v.is_object() => {
            out.report(
                "/payload/access",
                format!("access is {}; expected an object of named constraints", kind(v)),
            )
            .expected("an object")
            .actual(kind(v));
        }
        Some(_) => {}
    }
}
