//! `subject.members`: `subject` carries only the members the guide defines.

use crate::rules::support::child;
use crate::rules::*;

const KNOWN: [&str; 3] = ["patient", "recipient_record", "patient_reference"];

pub static RULE: Rule = Rule {
    id: "subject.members",
    severity: Severity::Warning,
    summary: "subject has no members other than patient, recipient_record and patient_reference",
    citation: Citation {
        page: Page::Schema,
        section: "SubjectSchema",
        keyword: Keyword::Derived,
        quote: "subject: { patient, recipient_record? } with no other members (additionalProperties: false); the newest schema has patient_reference in place of recipient_record",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
When `subject` is an object, every member is `patient`, `recipient_record` or
`patient_reference`. One finding per other member.

## Why it matters
The guide's schema closes `subject`, so a schema-validating Data Holder rejects the ticket.
One that does not validate ignores the member, and whatever it was meant to say (an MRN, a
second patient, an old-model `reference`) is lost: subject resolution runs on `patient` alone.

## How to fix
Move identifiers into `subject.patient.identifier`, put the direct-target hint in
`subject.recipient_record`, and drop anything else.",
    decision: Some(
        "The schema closes subject but the prose only speaks of unknown top-level claims and \
         unknown access members; ptix warns instead of failing, because a Data \
         Holder that does not validate the schema ignores the member.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(subject) = ctx.get("/subject").and_then(|v| v.as_object()) else {
        return;
    };
    for name in subject.keys().filter(|k| !KNOWN.contains(&k.as_str())) {
        out.report(
            child("/payload/subject", name),
            format!(
                "subject has member \"{name}\"; only patient, recipient_record and patient_reference are defined"
            ),
        );
    }
}
