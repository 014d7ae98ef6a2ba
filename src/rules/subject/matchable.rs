//! `subject.matchable`: the patient carries enough to be matched.

use crate::rules::support::Member;
use serde_json::Value;

use crate::rules::support::non_empty_str;
use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "subject.matchable",
    severity: Severity::Warning,
    summary: "subject.patient has an identifier with system and value, or a name and a birthDate",
    citation: Citation {
        page: Page::Index,
        section: "Subject Resolution",
        keyword: Keyword::Derived,
        quote: "The patient may be thin — it only needs enough information for the Data Holder to resolve to a local record",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
When `subject.patient` is an object, it carries at least one of:
- an `identifier` entry with both a non-empty `system` and a non-empty `value`; or
- a `name` entry with a `family`, a `given` or a `text`, together with a non-empty `birthDate`.

## Why it matters
The Data Holder rejects a ticket whose subject resolves to zero records or to more than one.
A patient with only a gender, a name without a birth date, or an identifier without its system
(an MRN is meaningless without the assigner's namespace) rarely resolves to exactly one record.
Even when `recipient_record` points straight at the record, the Data Holder checks the record
it reached against `subject.patient`.

## How to fix
Include the patient's identifier at the Data Holder (system and value), and name and birth
date as you hold them.",
    decision: Some(
        "The guide asks for \"enough information to resolve\" without a keyword or a minimum; ptix \
         takes an identifier with system and value, or a name with a birth date, as that minimum and \
         warns below it, since resolution failure is likely but not certain.",
    ),
    file: file!(),
    check,
};

fn has_identifier(patient: &Value) -> bool {
    patient
        .member("identifier")
        .and_then(Value::as_array)
        .is_some_and(|ids| {
            ids.iter().any(|id| {
                non_empty_str(id.member("system")).is_some() && non_empty_str(id.member("value")).is_some()
            })
        })
}

fn has_name(patient: &Value) -> bool {
    patient
        .member("name")
        .and_then(Value::as_array)
        .is_some_and(|names| {
            names.iter().any(|n| {
                non_empty_str(n.member("family")).is_some()
                    || non_empty_str(n.member("text")).is_some()
                    || n.member("given")
                        .and_then(Value::as_array)
                        .is_some_and(|g| g.iter().any(|s| s.as_str().is_some_and(|s| !s.is_empty())))
            })
        })
}

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(patient) = ctx.get("/subject/patient").filter(|p| p.is_object()) else {
        return; // subject.patient
    };
    if has_identifier(patient) {
        return;
    }
    let name = has_name(patient);
    let birth = non_empty_str(patient.member("birthDate")).is_some();
    if name && birth {
        return;
    }
    let missing = match (name, birth) {
        (true, false) => "a name but no birthDate",
        (false, true) => "a birthDate but no name",
        _ => "neither a name nor a birthDate",
    };
    out.report(
        "/payload/subject/patient",
        format!(
            "subject.patient has no identifier with both system and value, and {missing}; a Data Holder may not resolve it to exactly one record"
        ),
    )
    .expected("an identifier with system and value, or a name and a birthDate");
}
