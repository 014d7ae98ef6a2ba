//! `pca.aud_type`: the audience is a Data Holder, not a trust framework.

use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "pca.aud_type",
    severity: Severity::Warning,
    summary: "aud_type is not trust_framework (the audience is the single issuing Data Holder)",
    citation: Citation {
        page: Page::PayerClaimsAdjudication,
        section: "Constraints",
        keyword: Keyword::Derived,
        quote: "the audience is the single issuing Data Holder",
    },
    applies: Applies::Pca,
    explain: "\
## What it checks
`aud_type` is absent or `\"data_holder_url\"`; `\"trust_framework\"` is flagged.

## Why it matters
A Payer Claims Adjudication ticket is redeemed only at the provider that minted it. With
`aud_type: \"trust_framework\"` the ticket says every participant of a framework may redeem it,
which no participant other than the issuer can honour (only the issuer can enforce
`claim_linkage`), and which turns an unbound ticket into a bearer credential for the whole
framework.

## How to fix
Set `aud_type` to `\"data_holder_url\"` (or omit it; that is the default) and `aud` to the
issuer's base URL.",
    decision: Some(
        "The guide names the audience as \"the single issuing Data Holder\" without a keyword about aud_type; ptix \
         warns on trust_framework because the ticket type cannot be redeemed anywhere else.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    if ctx.str("/aud_type") == Some("trust_framework") {
        out.report(
            "/payload/aud_type",
            "aud_type is \"trust_framework\", but a Payer Claims Adjudication ticket is redeemed only at the Data Holder that issued it",
        )
        .expected("data_holder_url")
        .actual("trust_framework");
    }
}
