//! `claim_linkage.encounter_own_url`: encounters are the issuer's own resource URLs.

use crate::rules::*;

use super::{encounter_ptr, encounter_refs};

pub static RULE: Rule = Rule {
    id: "claim_linkage.encounter_own_url",
    severity: Severity::Warning,
    summary: "Each encounter reference is an absolute URL under iss",
    citation: Citation {
        page: Page::ClaimLinkage,
        section: "Shape and validity",
        keyword: Keyword::Derived,
        quote: "references to the encounter records the claim covers, using the issuer's own resource URLs",
    },
    applies: Applies::Pca,
    explain: "\
## What it checks
Each non-empty `claim_linkage.encounter[].reference` is an absolute URL and lies under the
issuer's base URL (`iss` + `/` + path). Relative references (`Encounter/enc-1`) are flagged.

## Why it matters
The issuer is the Data Holder and mints references into its own records; the Data Holder
enforces the linkage by finding those records. A relative reference depends on a base the
reader has to guess (an older guide example used them); a URL on another server names records
this Data Holder has no association knowledge for, and it rejects the ticket.

## How to fix
Write the full URL on the issuing server: with `iss` `https://fhir.provider.example.org`, use
`https://fhir.provider.example.org/Encounter/enc-2026-0117`.",
    decision: Some(
        "The page asks for \"the issuer's own resource URLs\" without a keyword, the schema accepts any string, and \
         an older example used relative references. ptix warns on relative references and on URLs \
         not under iss, comparing exact strings.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let iss = ctx.iss().filter(|s| !s.is_empty());
    for (i, reference) in encounter_refs(ctx) {
        let message = if !support::is_absolute_url(reference) {
            format!("encounter[{i}].reference \"{reference}\" is relative; use the issuer's absolute resource URL")
        } else if let Some(iss) = iss.filter(|iss| !support::under(iss, reference)) {
            format!("encounter[{i}].reference \"{reference}\" is not under the issuer \"{iss}\"; the linkage names the issuer's own records")
        } else {
            continue;
        };
        let f = out.report(format!("{}/reference", encounter_ptr(i)), message);
        f.actual(reference);
        if let Some(iss) = iss {
            f.expected(format!("{}/Encounter/<id>", iss.trim_end_matches('/')));
        }
    }
}
