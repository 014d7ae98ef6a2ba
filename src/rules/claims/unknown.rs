//! `claims.unknown`: top-level claims ptix does not know; Data Holders ignore them.

use crate::rules::support::child;
use crate::rules::*;
use crate::ticket::ticket_type::REGISTRY;

pub static RULE: Rule = Rule {
    id: "claims.unknown",
    severity: Severity::Info,
    summary: "Top-level claims outside the guide's claim set are ignored by Data Holders",
    citation: Citation {
        page: Page::Index,
        section: "Field Handling",
        keyword: Keyword::Guidance,
        quote: "Unknown top-level claims are ignored (paraphrased); extensions SHALL NOT change the meaning of base fields",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
Every top-level payload member is one ptix knows: `iss`, `aud`, `aud_type`, `exp`, `iat`,
`nbf`, `jti`, `ticket_type`, `presenter_binding`, `subject`, `requester`, `access`,
`subject_identity_evidence`, `requester_identity_evidence`, `revocation`, `continuation`, and
the profile claim `sensitivity_release_authorized`, and the profile claims the guide defines
for the ticket's own type (`measure` for Payer Quality Gap Queries, `reportable_condition` for
Public Health Investigation). Claims of earlier models are `claims.legacy`'s. Each other
member is reported once, for information (another type's profile claim is named as such).

## Why it matters
Unknown top-level claims are allowed and ignored: a Data Holder neither enforces nor rejects
them. That is right for facts another profile defines (`measure` for quality gap queries,
`reportable_condition` for public health). But a typo (`acess`, `revocaton`) or a limit placed
at the top level instead of in `access` is silently dropped, and the ticket grants more than
intended. Limits belong in `access`, where an unknown member makes the Data Holder reject the
ticket instead of ignoring it.

## How to fix
Check the spelling of the claim. If it is meant to limit access, move it into `access` as a
named constraint. If it is a profile fact, keep it; this finding is informational.",
    decision: None,
    file: file!(),
    check,
};

/// The top-level claims ptix knows (besides claims.legacy's).
const KNOWN: &[&str] = &[
    "iss",
    "aud",
    "aud_type",
    "exp",
    "iat",
    "nbf",
    "jti",
    "ticket_type",
    "presenter_binding",
    "subject",
    "requester",
    "access",
    "subject_identity_evidence",
    "requester_identity_evidence",
    "revocation",
    "continuation",
    "sensitivity_release_authorized",
];

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(payload) = ctx.payload.as_object() else {
        return;
    };
    let profile = match ctx.ticket_type {
        Some(t) if !t.profiled => format!(
            " (it may be a profile claim of {}, which ptix does not model)",
            t.name
        ),
        _ => String::new(),
    };
    for name in payload.keys() {
        if KNOWN.contains(&name.as_str())
            || super::legacy::is_legacy(name)
            || ctx.ticket_type.is_some_and(|t| t.claims.contains(&name.as_str()))
        {
            continue;
        }
        // Another registered type's profile claim.
        if let Some(t) = REGISTRY.iter().find(|t| t.claims.contains(&name.as_str())) {
            out.report(
                child("/payload", name),
                format!(
                    "\"{name}\" is a profile claim of {}, not of this ticket's type; Data Holders ignore it",
                    t.name
                ),
            );
            continue;
        }
        let hint = match close_to_known(name) {
            Some(k) => format!("; did you mean \"{k}\"?"),
            None => String::new(),
        };
        out.report(
            child("/payload", name),
            format!(
                "\"{name}\" is not a claim of the guide; Data Holders ignore unknown top-level claims{profile}{hint}"
            ),
        );
    }
}

/// A known claim `name` is one edit (or a case change) away from.
fn close_to_known(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    KNOWN
        .iter()
        .copied()
        .find(|k| *k == lower || (k.len() > 3 && within_one_edit(k, &lower)))
}

/// Levenshtein distance <= 1.
fn within_one_edit(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short.iter().zip(long.iter()).take_while(|(x, y)| x == y).count();
    if short.len() == long.len() {
        short[prefix + 1.min(short.len() - prefix)..] == long[prefix + 1.min(long.len() - prefix)..]
    } else {
        short[prefix..] == long[prefix + 1..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typo_hints() {
        assert_eq!(close_to_known("acess"), Some("access"));
        assert_eq!(close_to_known("revocaton"), Some("revocation"));
        assert_eq!(close_to_known("Subject"), Some("subject"));
        assert_eq!(close_to_known("measure"), None);
        assert_eq!(close_to_known("iss2"), None);
        assert!(within_one_edit("access", "acces"));
        assert!(within_one_edit("access", "accesz"));
        assert!(!within_one_edit("access", "acxesz"));
    }
}
