//! `smart_scopes.grammar`: each entry of `access.smart_scopes` is a SMART v2 scope.

use serde_json::Value;

use crate::rules::support::{child, kind};
use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "smart_scopes.grammar",
    severity: Severity::Error,
    summary: "access.smart_scopes is a non-empty array of SMART v2 scope strings",
    citation: Citation {
        page: Page::Schema,
        section: "smart_scopes",
        keyword: Keyword::Schema,
        quote: "a non-empty array of strings matching ^(patient|user|system)\\/(\\*|[A-Za-z]+)\\.[cruds]+(\\?\\S+)?$",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
When `access.smart_scopes` is present, it is a non-empty array, and each entry is a string of
the SMART App Launch v2 form `context/Type.cruds[?search-params]`, exactly as the guide's
schema pattern `^(patient|user|system)/(\\*|[A-Za-z]+)\\.[cruds]+(\\?\\S+)?$` states:
- a context `patient`, `user` or `system`;
- a resource type of ASCII letters, or `*`;
- one or more of the interaction letters `c r u d s`;
- optionally `?` and search parameters, with no whitespace.

One finding per bad entry. (For Payer Claims Adjudication, `smart_scopes` is not part of the type
at all: `pca.smart_scopes_not_part` also fires.)

## Why it matters
`smart_scopes` is the ceiling the Data Holder intersects with the requested scopes. SMART v1
scopes (`patient/Observation.read`), `launch`/`openid` scopes and free text fail the schema,
and a Data Holder cannot enforce a ceiling it cannot parse: it rejects the ticket.

## How to fix
Write v2 scopes: `patient/Observation.rs`, `patient/*.rs`, or narrowed,
`patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory`.
`.read` becomes `.rs`, `.write` becomes `.cud`, `.*` becomes `.cruds`.",
    decision: None,
    file: file!(),
    check,
};

/// JavaScript's `\s` (Unicode White_Space plus the BOM).
fn js_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Does `s` match the schema's SMART v2 scope pattern?
pub(crate) fn is_scope(s: &str) -> bool {
    let Some((context, rest)) = s.split_once('/') else {
        return false;
    };
    if !matches!(context, "patient" | "user" | "system") {
        return false;
    }
    let Some((ty, rest)) = rest.split_once('.') else {
        return false;
    };
    if !(ty == "*" || (!ty.is_empty() && ty.bytes().all(|b| b.is_ascii_alphabetic()))) {
        return false;
    }
    let (perms, query) = match rest.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (rest, None),
    };
    if perms.is_empty() || !perms.bytes().all(|b| b"cruds".contains(&b)) {
        return false;
    }
    query.is_none_or(|q| !q.is_empty() && !q.chars().any(js_space))
}

/// A hint for common mistakes.
fn hint(s: &str) -> &'static str {
    let perms = s.rsplit_once('.').map(|(_, p)| p.split('?').next().unwrap_or(p));
    match perms {
        Some("read" | "write" | "*") => " (SMART v1 syntax; v2 uses interaction letters such as .rs)",
        _ if s.chars().any(js_space) => " (it contains whitespace: one scope per array entry)",
        _ => "",
    }
}

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(scopes) = ctx.get("/access/smart_scopes") else {
        return;
    };
    let base = "/payload/access/smart_scopes";
    let Some(items) = scopes.as_array() else {
        let extra = if scopes.is_string() {
            " (a single scope still goes in an array)"
        } else {
            ""
        };
        out.report(
            base,
            format!(
                "access.smart_scopes is {}; expected an array of SMART v2 scope strings{extra}",
                kind(scopes)
            ),
        )
        .expected("an array of strings")
        .actual(scopes.clone());
        return;
    };
    if items.is_empty() {
        out.report(
            base,
            "access.smart_scopes is an empty array; it needs at least one scope",
        )
        .expected("a non-empty array");
        return;
    }
    for (i, item) in items.iter().enumerate() {
        let ptr = child(base, &i.to_string());
        match item {
            Value::String(s) if is_scope(s) => {}
            Value::String(s) => {
                out.report(
                    ptr,
                    format!(
                        "\"{s}\" is not a SMART v2 scope of the form context/Type.cruds[?params]{}",
                        hint(s)
                    ),
                )
                .expected("(patient|user|system)/(Type|*).[cruds]+[?params]")
                .actual(s.as_str());
            }
            other => {
                out.report(
                    ptr,
                    format!(
                        "access.smart_scopes[{i}] is {}; expected a scope string",
                        kind(other)
                    ),
                )
                .expected("a string")
                .actual(other.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_scope;

    #[test]
    fn scope_grammar() {
        for ok in [
            "patient/Observation.rs",
            "patient/*.rs",
            "user/Condition.cruds",
            "system/Patient.r",
            "patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory",
            "patient/Observation.sr",
        ] {
            assert!(is_scope(ok), "{ok}");
        }
        for bad in [
            "patient/Observation.read",
            "patient/Observation.rs?",
            "patient/Observation.rs?a=b c",
            "patient/Observation",
            "Patient/Observation.rs",
            "patient/Observation.rs ",
            "patient/US-Core.rs",
            "patient/.rs",
            "launch/patient",
            "openid",
            "patient/Observation.rx",
            "",
        ] {
            assert!(!is_scope(bad), "{bad}");
        }
    }
}
