//! `claim_linkage.encounter_duplicate`: each encounter is linked once.

use std::collections::HashMap;

use crate::rules::*;

use super::{encounter_ptr, encounter_refs};

pub static RULE: Rule = Rule {
    id: "claim_linkage.encounter_duplicate",
    severity: Severity::Notice,
    summary: "No encounter reference is listed twice",
    citation: Citation {
        page: Page::ClaimLinkage,
        section: "Shape and validity",
        keyword: Keyword::Derived,
        quote: "encounter (required) is a non-empty array of references to the encounter records the claim covers",
    },
    applies: Applies::Pca,
    explain: "\
## What it checks
No two entries of `claim_linkage.encounter` carry the same `reference` string. Each repeat is
reported at the repeated entry.

## Why it matters
A repeat changes nothing the Data Holder releases, but it usually means the ticket was built
from a claim's service lines rather than its encounters, or that one encounter was meant to be
another; either way the list is worth a second look.

## How to fix
List each encounter once; check whether a different encounter was intended.",
    decision: Some(
        "The guide says nothing about repeats; ptix reports them as a notice (harmless for release, often a \
         generator bug), comparing reference strings exactly.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, reference) in encounter_refs(ctx) {
        match first.get(reference) {
            Some(&j) => {
                out.report(
                    encounter_ptr(i),
                    format!("encounter[{i}] repeats encounter[{j}] ({reference})"),
                )
                .actual(reference);
            }
            None => {
                first.insert(reference, i);
            }
        }
    }
}
