//! `pca.recipient_record`: the subject carries the issuer's own record reference.

use serde_json::Value;

use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "pca.recipient_record",
    severity: Severity::Warning,
    summary: "subject.recipient_record is present",
    citation: Citation {
        page: Page::PayerClaimsAdjudication,
        section: "Required Claims",
        keyword: Keyword::Should,
        quote: "Subject: Patient, with subject.recipient_record SHOULD — the issuer is the Data Holder, so it knows its own record identifier",
    },
    applies: Applies::Pca,
    explain: "\
## What it checks
When `subject` is an object, it has a `recipient_record` (or the newer `patient_reference`,
which carries the same hint and is reported by its own rule).

## Why it matters
The issuer is the Data Holder, so it knows exactly which of its records the claim is about. A
direct reference resolves without demographic matching, which can fail or become ambiguous and
end the redemption with `invalid_grant`.

## How to fix
Add a Reference to the patient's record on the issuing server.

## Example
```json
\"recipient_record\": {
  \"reference\": \"https://fhir.provider.example.org/Patient/B77421\",
  \"type\": \"Patient\"
}
```",
    decision: Some(
        "The newest schema replaces recipient_record with subject.patient_reference. A subject that \
         carries patient_reference instead gives the same hint, so ptix does not warn here; \
         subject.patient_reference_model reports the model choice.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(Value::Object(subject)) = ctx.get("/subject") else {
        return; // subject rules own a missing or malformed subject
    };
    if subject.contains_key("recipient_record") || subject.contains_key("patient_reference") {
        return;
    }
    out.report(
        "/payload/subject",
        "subject has no recipient_record; the issuer knows its own record for the patient and SHOULD name it",
    )
    .expected("a recipient_record Reference to the issuer's Patient");
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(payload: Value) -> Vec<String> {
        let artifact = Artifact::Payload {
            payload,
            duplicates: Vec::new(),
        };
        let ctx = Ctx::new(&artifact, &LintOptions::at(0), None);
        let mut out = Findings::new(&RULE);
        check(&ctx, &mut out);
        out.out.into_iter().map(|f| f.pointer).collect()
    }

    #[test]
    fn patient_reference_counts_as_the_hint() {
        let model = json!({"subject": {"patient": {"resourceType": "Patient"},
            "patient_reference": "https://fhir.provider.example.org/Patient/B77421"}});
        assert!(run(model).is_empty());
        let bare = json!({"subject": {"patient": {"resourceType": "Patient"}}});
        assert_eq!(run(bare), ["/payload/subject"]);
        assert!(run(json!({"subject": "x"})).is_empty());
    }
}
