//! `subject.recipient_record_shape`: the direct-target hint is a Reference to a Patient.

use crate::rules::support::Member;
use serde_json::Value;

use crate::rules::support::kind;
use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "subject.recipient_record_shape",
    severity: Severity::Error,
    summary: "subject.recipient_record is a Reference with a reference and/or an identifier, of type Patient",
    citation: Citation {
        page: Page::Schema,
        section: "SubjectSchema.recipient_record",
        keyword: Keyword::Schema,
        quote: "recipient_record: FHIR Reference { reference?: string, identifier?: Identifier, type?: \"Patient\", display?: string }",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
When `subject.recipient_record` is present:
- it is a JSON object (a FHIR Reference);
- `type`, if present, is `\"Patient\"`;
- `reference`, if present, is a non-empty string naming no other type than Patient
  (`.../Practitioner/x` is not a patient's record), and `identifier`, if present, is an object;
- at least one of `reference` and `identifier` is present.

The content of `identifier` (system or value) is checked by `fhir.identifier`.

## Why it matters
The Data Holder uses the hint to go straight to the patient's record. A Reference with neither a
literal URL nor an identifier points nowhere; a `type` other than Patient names the wrong kind of
record; and the schema rejects both.

## How to fix
Point at the patient's record at the Data Holder by URL, by identifier, or both.

## Example
```json
\"recipient_record\": { \"reference\": \"https://fhir.provider.example.org/Patient/B77421\", \"type\": \"Patient\" }
```",
    decision: None,
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(rr) = ctx.get("/subject/recipient_record") else {
        return;
    };
    let base = "/payload/subject/recipient_record";
    let Some(obj) = rr.as_object() else {
        out.report(
            base,
            format!(
                "subject.recipient_record is {}; expected a FHIR Reference (an object)",
                kind(rr)
            ),
        )
        .expected("an object")
        .actual(kind(rr));
        return;
    };
    match obj.member("type") {
        None => {}
        Some(Value::String(t)) if t == "Patient" => {}
        Some(other) => {
            let shown = match other {
                Value::String(t) => format!("\"{t}\""),
                v => kind(v).to_string(),
            };
            out.report(
                format!("{base}/type"),
                format!("subject.recipient_record.type is {shown}; expected \"Patient\""),
            )
            .expected("Patient")
            .actual(other.clone());
        }
    }
    let reference = obj.member("reference");
    let identifier = obj.member("identifier");
    match reference {
        Some(Value::String(s)) if s.is_empty() => {
            out.report(
                format!("{base}/reference"),
                "subject.recipient_record.reference is an empty string",
            )
            .expected("a non-empty string")
            .actual("");
        }
        Some(Value::String(s)) => {
            let named = crate::ticket::claim::type_and_id(s).and_then(|t| t.split('/').next());
            if let Some(t) = named.filter(|t| *t != "Patient") {
                out.report(
                    format!("{base}/reference"),
                    format!(
                        "subject.recipient_record.reference {s:?} names {}, not a Patient",
                        crate::ticket::fhir::with_article(t)
                    ),
                )
                .expected("a Patient's URL (.../Patient/<id>)")
                .actual(s.as_str());
            }
        }
        None => {}
        Some(other) => {
            out.report(
                format!("{base}/reference"),
                format!(
                    "subject.recipient_record.reference is {}; expected a string",
                    kind(other)
                ),
            )
            .actual(other.clone());
        }
    }
    if let Some(id) = identifier.filter(|v| !v.is_object()) {
        out.report(
            format!("{base}/identifier"),
            format!(
                "subject.recipient_record.identifier is {}; expected one Identifier object",
                kind(id)
            ),
        )
        .expected("an object")
        .actual(kind(id));
    }
    if reference.is_none() && identifier.is_none() {
        out.report(
            base,
            "subject.recipient_record has neither a reference nor an identifier, so it points at no record",
        )
        .expected("reference and/or identifier");
    }
}
