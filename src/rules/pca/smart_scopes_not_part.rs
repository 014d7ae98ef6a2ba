//! `pca.smart_scopes_not_part`: Payer Claims Adjudication tickets carry no scope ceiling.

use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "pca.smart_scopes_not_part",
    severity: Severity::Error,
    summary: "access.smart_scopes is not part of Payer Claims Adjudication",
    citation: Citation {
        page: Page::PayerClaimsAdjudication,
        section: "Constraints",
        keyword: Keyword::Schema,
        quote: "There is no smart_scopes ceiling: the linked encounters are the bound",
    },
    applies: Applies::Pca,
    explain: "\
## What it checks
`access.smart_scopes` is absent.

## Why it matters
The type carries only `claim_linkage`. Which resource types adjudication needs (Claim, Coverage,
documentation, often beyond US Core) is the Data Holder's release-policy decision, not a scope
list in the ticket. The guide's schema types every extra `access` member as a JSON object, so
the usual array-valued `smart_scopes` fails validation and the ticket is rejected.

## How to fix
Remove `access.smart_scopes`. The client still asks for scopes at the token endpoint; the Data
Holder intersects them with its release policy for the linked encounters.",
    decision: Some(
        "The page says there is no smart_scopes ceiling but has a SHALL NOT only for data_period; the generated \
         catalog table still lists smart_scopes as required, which is stale. ptix follows the page \
         and the newest schema, where an array-valued member fails, and makes it an error.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    if let Some(v) = ctx.get("/access/smart_scopes") {
        out.report(
            "/payload/access/smart_scopes",
            "access.smart_scopes is present, but Payer Claims Adjudication has no scope ceiling: the linked encounters are the bound",
        )
        .actual(v.clone());
    }
}
