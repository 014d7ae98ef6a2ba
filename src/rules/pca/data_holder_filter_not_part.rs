//! `pca.data_holder_filter_not_part`: the audience is the issuer, so there is nothing to filter.

use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "pca.data_holder_filter_not_part",
    severity: Severity::Error,
    summary: "access.data_holder_filter is not part of Payer Claims Adjudication",
    citation: Citation {
        page: Page::PayerClaimsAdjudication,
        section: "Constraints",
        keyword: Keyword::Schema,
        quote: "data_holder_filter is likewise not part of this type: the audience is the single issuing Data Holder",
    },
    applies: Applies::Pca,
    explain: "\
## What it checks
`access.data_holder_filter` is absent.

## Why it matters
A data-holder filter chooses among the servers a ticket may be redeemed at. A Payer Claims
Adjudication ticket is redeemed only at the provider that issued it, so a filter has nothing to
choose. The guide's schema types every extra `access` member as a JSON object, so the
array-valued filter fails validation and the ticket is rejected.

## How to fix
Remove `access.data_holder_filter`; set `aud` to the issuer's base URL.",
    decision: Some(
        "The page says the member is not part of the type without a keyword. ptix makes it an error: \
         a well-formed filter is an array, which the type's schema rejects.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    if ctx.get("/access/data_holder_filter").is_some() {
        out.report(
            "/payload/access/data_holder_filter",
            "access.data_holder_filter is present, but a Payer Claims Adjudication ticket's audience is the single issuing Data Holder",
        );
    }
}
