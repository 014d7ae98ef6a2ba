//! `claim_linkage.encounter_type`: each encounter reference points at an Encounter.

use crate::rules::support::Member;
use serde_json::Value;

use crate::rules::*;

use super::{encounter_ptr, encounters};

pub static RULE: Rule = Rule {
    id: "claim_linkage.encounter_type",
    severity: Severity::Warning,
    summary: "Each encounter reference ends in Encounter/<id>, and its type, if given, is Encounter",
    citation: Citation {
        page: Page::ClaimLinkage,
        section: "Shape and validity",
        keyword: Keyword::Derived,
        quote: "encounter (required) is a non-empty array of references to the encounter records the claim covers",
    },
    applies: Applies::Pca,
    explain: "\
## What it checks
For each entry of `claim_linkage.encounter`: a non-empty string `reference` ends in the two
path segments `Encounter/<id>`; a `type` member, when present, is `\"Encounter\"`.

## Why it matters
The Data Holder releases the records it associates with the named encounters. A reference to
another resource type (a Claim, a Patient, an EpisodeOfCare) or to a search or versioned URL is
not an encounter record, so the linkage either fails to resolve or releases against the wrong
anchor; a mismatched `type` signals the same confusion.

## How to fix
Reference the Encounter resources themselves, as `<base>/Encounter/<id>`, and drop or correct
`type`.",
    decision: Some(
        "The page calls the entries references to encounter records without a keyword; ptix warns on references \
         whose last two path segments are not Encounter/<id> (versioned `_history` and search URLs included) \
         and on a type other than Encounter.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(entries) = encounters(ctx) else {
        return;
    };
    for (i, entry) in entries.iter().enumerate() {
        let Some(obj) = entry.as_object() else {
            continue; // claim_linkage.encounter_reference
        };
        let ptr = || encounter_ptr(i);
        if let Some(reference) = support::non_empty_str(obj.member("reference")) {
            if !is_encounter_path(reference) {
                out.report(
                    format!("{}/reference", ptr()),
                    format!("encounter[{i}].reference \"{reference}\" does not end in Encounter/<id>"),
                )
                .expected(".../Encounter/<id>")
                .actual(reference);
            }
        }
        match obj.member("type") {
            None => {}
            Some(Value::String(t)) if t == "Encounter" => {}
            // Not a string: fhir.datatypes.
            Some(v) if !v.is_string() => {}
            Some(v) => {
                out.report(
                    format!("{}/type", ptr()),
                    format!("encounter[{i}].type is {v}; expected \"Encounter\""),
                )
                .expected("Encounter")
                .actual(v.clone());
            }
        }
    }
}

/// Does the reference's path end in `Encounter/<id>`?
fn is_encounter_path(reference: &str) -> bool {
    let mut segments = reference.rsplit('/');
    match (segments.next(), segments.next()) {
        (Some(id), Some("Encounter")) => {
            !id.is_empty() && !id.contains(['?', '#']) && !id.chars().any(char::is_whitespace)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::is_encounter_path;

    #[test]
    fn encounter_paths() {
        assert!(is_encounter_path("https://h/fhir/Encounter/enc-1"));
        assert!(is_encounter_path("Encounter/enc-1"));
        assert!(!is_encounter_path("https://h/fhir/Encounter/"));
        assert!(!is_encounter_path("https://h/fhir/Claim/1"));
        assert!(!is_encounter_path("https://h/fhir/Encounter/1/_history/2"));
        assert!(!is_encounter_path("https://h/fhir/Encounter/?patient=1"));
        assert!(!is_encounter_path("Encounter"));
    }
}
