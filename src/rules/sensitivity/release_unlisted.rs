//! `sensitivity.release_unlisted`: release of all unlisted sensitive data is the broadest mode.

use serde_json::Value;

use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "sensitivity.release_unlisted",
    severity: Severity::Notice,
    summary: "sensitivity_release_authorized.unlisted is true: release of all locally classified sensitive data",
    citation: Citation {
        page: Page::Proposal005,
        section: "Shapes",
        keyword: Keyword::Derived,
        quote: "Setting unlisted: true on sensitivity_release_authorized is the broadest mode; it SHOULD only be used when the incorporating ticket-type profile or trust framework permits it and the issuer's ceremony covers all locally classified sensitive data not otherwise withheld",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
Reports `sensitivity_release_authorized.unlisted: true`.

## Why it matters
`unlisted: true` attests that the patient authorized release of every category of sensitive
data the Data Holder classifies, not just the listed codes. It is appropriate only where the
ticket type's profile or the trust framework permits it and the authorization ceremony actually
covered all of it. The Payer Claims Adjudication page describes release authorization only as
the explicit `HIPAASelfPay` code.

## How to fix
If the authorization covers specific categories, list them in `codes` and drop `unlisted`.
Keep it only where your profile or framework allows it and your records show a ceremony that
covered all sensitive data.",
    decision: Some(
        "The SHOULD is conditional on facts ptix cannot see (what the profile or trust framework \
         permits, what the ceremony covered), so ptix reports a notice prompting that check rather \
         than a warning on every use.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    if ctx.get("/sensitivity_release_authorized/unlisted") == Some(&Value::Bool(true)) {
        out.report(
            "/payload/sensitivity_release_authorized/unlisted",
            "sensitivity_release_authorized.unlisted is true: the issuer attests release of all locally classified sensitive data; use it only where the profile or trust framework permits it",
        );
    }
}
