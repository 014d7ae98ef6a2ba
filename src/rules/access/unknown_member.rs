//! `access.unknown_member`: every bare-named `access` member is a constraint the guide defines.

use crate::rules::support::child;
use crate::rules::*;

/// The constraints this guide defines (bare names are reserved for it).
pub(crate) const KNOWN: [&str; 5] = [
    "smart_scopes",
    "data_period",
    "data_holder_filter",
    "claim_linkage",
    "sensitivity_withhold",
];

/// Members of earlier drafts' `access` models.
const LEGACY: [&str; 5] = [
    "permissions",
    "fhir_resources",
    "sensitive_data",
    "scopes",
    "capability",
];

pub static RULE: Rule = Rule {
    id: "access.unknown_member",
    severity: Severity::Error,
    summary: "Every bare-named access member is a constraint the guide defines",
    citation: Citation {
        page: Page::AccessConstraints,
        section: "Constraint Model",
        keyword: Keyword::Shall,
        quote: "A Data Holder SHALL reject a ticket whose access contains a member it does not recognize and enforce, with invalid_grant and an error_description naming the unsupported constraint",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
Each member of `access` whose name is not a URL (no `://`, no `urn:` prefix) is one of the
constraints the guide defines: `smart_scopes`, `data_period`, `data_holder_filter`,
`claim_linkage`, `sensitivity_withhold`. One finding per other member; members of earlier
drafts' models (`permissions`, `fhir_resources`, `sensitive_data`, `scopes`, `capability`) are
named as legacy.

## Why it matters
Unrecognized means reject: ignoring a constraint would release more than the issuer authorized,
so a Data Holder answers `invalid_grant` (\"Unsupported access constraint: <name>\"). Bare names
are reserved for this guide, so no Data Holder can recognize an undefined one.

## How to fix
Express the limit with a defined constraint (`permissions` and `scopes` became `smart_scopes`;
`sensitive_data` became `sensitivity_withhold`), name another guide's constraint by its
canonical URL, or move a fact (not a limit) to a top-level profile claim.",
    decision: None,
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(access) = ctx.get("/access").and_then(|v| v.as_object()) else {
        return; // access.present
    };
    for name in access.keys() {
        if super::url_named(name) || KNOWN.contains(&name.as_str()) {
            continue;
        }
        let what = if LEGACY.contains(&name.as_str()) {
            format!("access.{name} is a legacy member from an earlier draft's access model")
        } else {
            format!("access.{name} is not a constraint this guide defines")
        };
        out.report(
            child("/payload/access", name),
            format!("{what}; a Data Holder rejects the ticket: \"Unsupported access constraint: {name}\""),
        )
        .expected(KNOWN.to_vec())
        .actual(name.as_str());
    }
}
