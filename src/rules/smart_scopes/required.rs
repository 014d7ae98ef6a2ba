//! `smart_scopes.required`: every registered type but Payer Claims Adjudication carries a scope
//! ceiling.

use serde_json::Value;

use crate::rules::support::Member;
use crate::rules::*;
use crate::ticket::ticket_type::PAYER_CLAIMS_ADJUDICATION;

pub static RULE: Rule = Rule {
    id: "smart_scopes.required",
    severity: Severity::Error,
    summary: "access.smart_scopes is present (every registered ticket type except Payer Claims Adjudication)",
    citation: Citation {
        page: Page::AccessConstraints,
        section: "smart_scopes",
        keyword: Keyword::Schema,
        quote: "smart_scopes: required for every ticket type except Payer Claims Adjudication; a ticket_type URI fixes its required constraint set (paraphrased)",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
For a ticket whose `ticket_type` is a registered type other than Payer Claims Adjudication
(patient self access, patient-delegated access, public health investigation, social care
referral, research study access, provider consult, payer quality gap), `access` (when it is an
object) has a `smart_scopes` member. Its form is `smart_scopes.grammar`'s concern; a missing or
malformed `access` is `access.present`'s.

## Why it matters
A ticket type fixes the constraints it requires. For every registered type but Payer Claims
Adjudication (whose bound is `claim_linkage`), that is `smart_scopes`: the ceiling the Data
Holder intersects with the scopes the client asks for. Without it the Data Holder has no ceiling
to apply and rejects the ticket (`invalid_grant`).

## How to fix
Add the SMART v2 scopes the ticket allows, e.g. `\"smart_scopes\": [\"patient/*.rs\"]`, or, if
the ticket was meant to be a Payer Claims Adjudication ticket, correct `ticket_type`.",
    decision: None,
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(t) = ctx.ticket_type.filter(|t| *t != PAYER_CLAIMS_ADJUDICATION) else {
        return;
    };
    let Some(Value::Object(access)) = ctx.get("/access") else {
        return; // access.present owns a missing or malformed access
    };
    if access.member("smart_scopes").is_none() {
        out.report(
            "/payload/access",
            format!(
                "access has no smart_scopes, the scope ceiling a {} ticket requires",
                t.name
            ),
        )
        .expected("access.smart_scopes: a non-empty array of SMART v2 scopes");
    }
}
