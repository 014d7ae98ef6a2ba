//! `pca.data_period_forbidden`: Payer Claims Adjudication tickets carry no `data_period`.

use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "pca.data_period_forbidden",
    severity: Severity::Error,
    summary: "access.data_period is not part of Payer Claims Adjudication",
    citation: Citation {
        page: Page::PayerClaimsAdjudication,
        section: "Constraints",
        keyword: Keyword::ShallNot,
        quote: "data_period is not part of this type, and issuers SHALL NOT include it",
    },
    applies: Applies::Pca,
    explain: "\
## What it checks
`access.data_period` is absent.

## Why it matters
The linked encounters are this type's time anchor: they bound event records, and the
patient-level floor (current problems, medications, allergies) is deliberately current-state.
A `data_period` is either redundant or cuts current medications out of the floor.

## How to fix
Remove `access.data_period`; link the encounters the claim covers in
`access.claim_linkage.encounter` instead.",
    decision: None,
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    if ctx.get("/access/data_period").is_some() {
        out.report(
            "/payload/access/data_period",
            "access.data_period is present; Payer Claims Adjudication issuers SHALL NOT include it",
        );
    }
}
