//! `subject.patient_reference_model`: the newest index's `patient_reference` is accepted.

use crate::rules::support::kind;
use crate::rules::support::Member;
use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "subject.patient_reference_model",
    severity: Severity::Notice,
    summary: "subject.patient_reference is the newest index's model; ptix mints recipient_record",
    citation: Citation {
        page: Page::Index,
        section: "Subject Resolution",
        keyword: Keyword::Derived,
        quote: "newest index and schema: subject.patient_reference, a plain URL string of the Patient at the Data Holder; the Payer Claims Adjudication page and its signed example use subject.recipient_record (a FHIR Reference)",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
Reports `subject.patient_reference` when present, and says whether it is a non-empty string
(the newest model's shape) and whether `recipient_record` is present too.

## Why it matters
The guide is between two models of the direct-target hint. The Payer Claims Adjudication page,
the security considerations and every signed example use `subject.recipient_record`, a FHIR
Reference; the newest base page and schema replace it with `subject.patient_reference`, a URL
string, and close `subject` against anything else. A Data Holder built to one model may reject or
ignore the other: with `patient_reference` on a seed-model server the hint is lost (the subject
still resolves by demographics), and a strict newest-model server rejects `recipient_record`.

## How to fix
Nothing, if your Data Holders read `patient_reference`. Otherwise use
`subject.recipient_record: {\"reference\": \"<url>\", \"type\": \"Patient\"}`, which is what
`ptix mint` produces. Carry one of the two, not both.",
    decision: Some(
        "The guide is between two subject models; both are accepted on input. ptix mints recipient_record (the model of \
         the Payer Claims Adjudication page it implements) and notes patient_reference; a \
         patient_reference that is not a non-empty string is called out in the same notice rather \
         than as a separate error, since the seed-model schema does not define the member at all.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(subject) = ctx.get("/subject").and_then(|v| v.as_object()) else {
        return;
    };
    let Some(pr) = subject.member("patient_reference") else {
        return;
    };
    let both = if subject.contains_key("recipient_record") {
        "; the ticket also carries recipient_record, so it mixes the two models"
    } else {
        ""
    };
    let message = match pr.as_str() {
        Some(s) if !s.is_empty() => format!(
            "subject.patient_reference (\"{s}\") follows the newest index model; the Payer Claims Adjudication page and ptix use subject.recipient_record{both}"
        ),
        Some(_) => format!(
            "subject.patient_reference is an empty string; the newest index model expects the Patient's URL at the Data Holder, and ptix uses subject.recipient_record{both}"
        ),
        None => format!(
            "subject.patient_reference is {}; the newest index model expects a URL string, and ptix uses subject.recipient_record{both}",
            kind(pr)
        ),
    };
    out.report("/payload/subject/patient_reference", message)
        .actual(pr.clone());
}
