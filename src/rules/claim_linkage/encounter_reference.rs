//! `claim_linkage.encounter_reference`: each encounter is a literal reference.

use crate::rules::support::Member;
use serde_json::Value;

use crate::rules::*;

use super::{encounter_ptr, encounters};

pub static RULE: Rule = Rule {
    id: "claim_linkage.encounter_reference",
    severity: Severity::Error,
    summary: "Each encounter entry is a Reference with a non-empty reference",
    citation: Citation {
        page: Page::ClaimLinkage,
        section: "Shape and validity",
        keyword: Keyword::Derived,
        quote: "a non-empty array of references to the encounter records the claim covers, using the issuer's own resource URLs",
    },
    applies: Applies::Pca,
    explain: "\
## What it checks
Every entry of `claim_linkage.encounter` is a JSON object with a `reference` member that is a
non-empty string. One finding per bad entry.

## Why it matters
The Data Holder enforces the linkage by looking up the named encounters in its own records. The
page asks for the issuer's own resource URLs; an entry with only an `identifier` or a `display`
names no record, so the Data Holder cannot associate anything with it and rejects the ticket.

## How to fix
Give each entry the literal URL of the Encounter on the issuing server.

## Example
```json
\"encounter\": [{\"reference\": \"https://fhir.provider.example.org/Encounter/enc-2026-0117\"}]
```",
    decision: Some(
        "The schema types each entry as a generic Reference and does not force `reference`, but the \
         page says the entries use \"the issuer's own resource URLs\", and enforcement needs the literal \
         reference; ptix makes a missing one an error.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(entries) = encounters(ctx) else {
        return; // claim_linkage.encounter_nonempty
    };
    for (i, entry) in entries.iter().enumerate() {
        let ptr = || encounter_ptr(i);
        let Some(obj) = entry.as_object() else {
            out.report(
                ptr(),
                format!(
                    "encounter[{i}] is {}; expected a Reference object with a reference URL",
                    support::kind(entry)
                ),
            )
            .expected("a Reference object");
            continue;
        };
        match obj.member("reference") {
            None => {
                let what = if obj.contains_key("identifier") {
                    "only an identifier"
                } else {
                    "no reference"
                };
                out.report(
                    ptr(),
                    format!("encounter[{i}] has {what}; the Data Holder needs the literal URL of its Encounter record"),
                )
                .expected("a reference URL");
            }
            Some(Value::String(s)) if !s.is_empty() => {}
            Some(v) => {
                out.report(
                    format!("{}/reference", ptr()),
                    format!(
                        "encounter[{i}].reference is {}; expected the URL of the Encounter",
                        if v.as_str() == Some("") {
                            "an empty string"
                        } else {
                            support::kind(v)
                        }
                    ),
                )
                .expected("a non-empty string")
                .actual(v.clone());
            }
        }
    }
}
