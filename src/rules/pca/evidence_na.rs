//! `pca.evidence_na`: identity evidence has no role when the requester is an organization.

use crate::rules::*;

const SLOTS: [&str; 2] = ["subject_identity_evidence", "requester_identity_evidence"];

pub static RULE: Rule = Rule {
    id: "pca.evidence_na",
    severity: Severity::Notice,
    summary: "No identity evidence is carried (the requester is an organization)",
    citation: Citation {
        page: Page::Index,
        section: "Identity Evidence",
        keyword: Keyword::Guidance,
        quote: "identity evidence is not applicable when the requester is an organization (paraphrased; the Use Case Catalog marks it not applicable for Payer Claims Adjudication)",
    },
    applies: Applies::Pca,
    explain: "\
## What it checks
Neither `subject_identity_evidence` nor `requester_identity_evidence` is present.

## Why it matters
Identity evidence (an embedded `id_token`) lets a Data Holder check that a person is who the
ticket says. In Payer Claims Adjudication the requester is the payer organization and the
issuer is the Data Holder itself, which already knows the patient, so the evidence has nothing
to prove. Carrying it enlarges the ticket and exposes the token's claims along the payer's
claims pipeline; a Data Holder still validates what is present, so a stale token can cause a
rejection.

## How to fix
Remove the evidence members.",
    decision: None,
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(payload) = ctx.payload.as_object() else {
        return;
    };
    for slot in SLOTS {
        if payload.contains_key(slot) {
            out.report(
                support::child("/payload", slot),
                format!("{slot} is present, but identity evidence does not apply when the requester is an organization (the payer)"),
            );
        }
    }
}
