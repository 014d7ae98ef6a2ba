//! `binding.required`: individual-access ticket types name the client that may redeem them.

use crate::rules::support::Member;
use crate::rules::*;

/// The individual-access types: the patient's own access, and access delegated by the patient.
const INDIVIDUAL_ACCESS: [&str; 2] = [
    "https://smarthealthit.org/permission-ticket-type/patient-self-access-v1",
    "https://smarthealthit.org/permission-ticket-type/patient-delegated-access-v1",
];

pub static RULE: Rule = Rule {
    id: "binding.required",
    severity: Severity::Error,
    summary: "presenter_binding is present on individual-access tickets (patient self access, patient-delegated access)",
    citation: Citation {
        page: Page::Index,
        section: "Presenter Binding",
        keyword: Keyword::Shall,
        quote: "presenter_binding: individual-access types require it; B2B types (Payer Claims Adjudication, quality gap) make it optional; the Data Holder rejects a ticket whose type requires binding and that has none (paraphrased)",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
For a ticket whose `ticket_type` is patient self access or patient-delegated access, the
payload has a `presenter_binding` member (its shape is the other `binding.*` rules' concern).

## Why it matters
An individual-access ticket is handed to an app the patient (or their delegate) chose. The
binding says which client may redeem it: by the thumbprint of its key (`jkt`) or by its entity
in a trust framework. Without it, any client that gets hold of the ticket could redeem it, so
the guide makes binding part of these types, and a Data Holder rejects such a ticket without
one. Business-to-business types (Payer Claims Adjudication, payer quality gap) may omit it.

## How to fix
Bind the ticket to the client that will present it, e.g.
`\"presenter_binding\": {\"method\": \"jkt\", \"jkt\": \"<RFC 7638 thumbprint of the client's key>\"}`.",
    decision: None,
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(t) = ctx.ticket_type.filter(|t| INDIVIDUAL_ACCESS.contains(&t.uri)) else {
        return;
    };
    if ctx.payload.member("presenter_binding").is_none() {
        out.report(
            "/payload",
            format!(
                "the ticket has no presenter_binding; a {} ticket must name the client that may redeem it",
                t.name
            ),
        )
        .expected("presenter_binding with method jkt or trust_framework_client");
    }
}
