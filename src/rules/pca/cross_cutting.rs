//! `pca.cross_cutting`: a cross-cutting constraint is allowed, at the cost of some servers.

use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "pca.cross_cutting",
    severity: Severity::Notice,
    summary: "access.sensitivity_withhold is allowed, but servers that do not enforce it reject the ticket",
    citation: Citation {
        page: Page::PayerClaimsAdjudication,
        section: "Constraints",
        keyword: Keyword::May,
        quote: "Cross-cutting constraints defined elsewhere in the catalog, such as sensitivity_withhold, MAY be added, with the standard consequence for servers that do not enforce them",
    },
    applies: Applies::Pca,
    explain: "\
## What it checks
Reports `access.sensitivity_withhold` when it is present.

## Why it matters
The constraint is allowed, but every `access` member is enforce-or-reject: a Data Holder that
does not implement Proposal 005's sensitivity policy rejects the whole ticket with
`invalid_grant`. Since the issuer is the Data Holder here, that is only a problem when the
issuing server itself does not enforce it; it already withholds records the patient restricted
from the payer without being told.

## How to fix
Keep it only if your own server enforces `sensitivity_withhold`; otherwise remove it and rely
on the server's restriction flags.",
    decision: None,
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    if ctx.get("/access/sensitivity_withhold").is_some() {
        out.report(
            "/payload/access/sensitivity_withhold",
            "access.sensitivity_withhold is present; a Data Holder that does not enforce it rejects the ticket",
        );
    }
}
