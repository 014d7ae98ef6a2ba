//! `claims.ticket_type_unprofiled`: a registered type other than Payer Claims Adjudication
//! gets only the common checks.

use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "claims.ticket_type_unprofiled",
    severity: Severity::Info,
    summary: "The ticket's type has no type-specific rules in ptix (only Payer Claims Adjudication does)",
    citation: Citation {
        page: Page::Index,
        section: "Artifact",
        keyword: Keyword::Guidance,
        quote: "ticket_type is the sole discriminator of processing rules: each type fixes its required claims and constraints (paraphrased)",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
`ticket_type` is a registered type other than Payer Claims Adjudication (patient self access,
patient-delegated access, public health investigation, social care referral, research study
access, provider consult, payer quality gap). It reports this once, for information.

## Why it matters
ptix is a Payer Claims Adjudication tool. For other types it checks the common rules: the JOSE
header and signature, the registered claims, the shapes of shared claims (`presenter_binding`,
`subject`, `requester`, `access` members, `revocation`, evidence), and the two requirements the
guide states across types (`smart_scopes.required`, `binding.required`). Its other
type-specific rules are those of Payer Claims Adjudication, so nothing checks, for instance, a
quality-gap ticket's `measure`. A clean lint of such a ticket does not mean every requirement of
its type is met.

## How to fix
Nothing to fix in the ticket. Check the type's own page of the guide by hand, or, if the ticket
was meant to be a Payer Claims Adjudication ticket, correct `ticket_type`.",
    decision: Some(
        "Registered types other than Payer Claims Adjudication are accepted (they are valid tickets) \
         and get the common rules; ptix says so in an info finding so a clean result is not \
         mistaken for a full check of that type.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(t) = ctx.ticket_type.filter(|t| !t.profiled) else {
        return;
    };
    out.report(
        "/payload/ticket_type",
        format!(
            "{} is a registered ticket type that ptix does not profile: it checks the common ticket rules \
             and the scopes and presenter binding the guide requires across types, not the rest of {}'s \
             own requirements",
            t.name, t.name
        ),
    )
    .actual(t.uri);
}
