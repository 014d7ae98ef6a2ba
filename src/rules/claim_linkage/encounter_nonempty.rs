//! `claim_linkage.encounter_nonempty`: the linkage names at least one encounter.

use crate::rules::support::Member;
use serde_json::Value;

use crate::rules::*;

use super::{linkage, BASE};

pub static RULE: Rule = Rule {
    id: "claim_linkage.encounter_nonempty",
    severity: Severity::Error,
    summary: "claim_linkage.encounter is a non-empty array",
    citation: Citation {
        page: Page::ClaimLinkage,
        section: "Shape and validity",
        keyword: Keyword::Schema,
        quote: "encounter (required) is a non-empty array of references to the encounter records the claim covers",
    },
    applies: Applies::Pca,
    explain: "\
## What it checks
When `claim_linkage` is an object, its `encounter` member is present and is an array with at
least one entry.

## Why it matters
The encounters are the ticket's only bound on release: the Data Holder releases what it
associates with them. Without any, there is nothing to release against, and the schema
(required, `minItems: 1`) rejects the ticket.

## How to fix
List every encounter the submitted claim or prior authorization covers. A single Reference must
still be wrapped in an array.",
    decision: None,
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(linkage) = linkage(ctx) else {
        return; // claim_linkage.shape
    };
    let ptr = || format!("{BASE}/encounter");
    match linkage.member("encounter") {
        None => {
            out.report(
                BASE,
                "claim_linkage has no encounter; the encounters the claim covers are required",
            )
            .expected("a non-empty array of Encounter References");
        }
        Some(Value::Array(a)) if a.is_empty() => {
            out.report(
                ptr(),
                "claim_linkage.encounter is empty; name at least one encounter the claim covers",
            )
            .expected("a non-empty array of Encounter References");
        }
        Some(Value::Array(_)) => {}
        Some(v) => {
            let hint = if v.is_object() {
                " (wrap the Reference in an array)"
            } else {
                ""
            };
            out.report(
                ptr(),
                format!(
                    "claim_linkage.encounter is {}; expected a non-empty array of References{hint}",
                    support::kind(v)
                ),
            )
            .expected("a non-empty array of Encounter References");
        }
    }
}
