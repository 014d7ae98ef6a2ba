//! `pca.recipient_record_own`: the recipient record is the issuer's own resource URL.

use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "pca.recipient_record_own",
    severity: Severity::Notice,
    summary: "subject.recipient_record.reference is an absolute URL under iss",
    citation: Citation {
        page: Page::PayerClaimsAdjudication,
        section: "Data Holder Processing",
        keyword: Keyword::Guidance,
        quote: "Resolve the subject; recipient_record resolves directly, since the issuer assigned it",
    },
    applies: Applies::Pca,
    explain: "\
## What it checks
When `subject.recipient_record.reference` is a non-empty string, it is an absolute URL under
the issuer's base URL (`iss` + `/` + path), like the guide's example.

## Why it matters
In this ticket type the issuer is the Data Holder and assigned the patient's record id itself,
so the hint should point into its own server. A relative reference leaves the base to guess;
a URL on another server names a record this Data Holder cannot resolve directly, and it falls
back to demographic matching.

## How to fix
Use the absolute URL of the Patient on the issuing server, e.g.
`https://fhir.provider.example.org/Patient/B77421` when `iss` is
`https://fhir.provider.example.org`.",
    decision: None,
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(reference) = support::non_empty_str(ctx.get("/subject/recipient_record/reference")) else {
        return; // subject.recipient_record_shape owns absence and type
    };
    let ptr = "/payload/subject/recipient_record/reference";
    let iss = ctx.iss().filter(|s| !s.is_empty());
    if !support::is_absolute_url(reference) {
        let f = out.report(
            ptr,
            format!("recipient_record.reference \"{reference}\" is relative; the issuer knows its own absolute Patient URL"),
        );
        f.actual(reference);
        if let Some(iss) = iss {
            f.expected(format!("{}/Patient/<id>", iss.trim_end_matches('/')));
        }
    } else if let Some(iss) = iss {
        if !support::under(iss, reference) {
            out.report(
                ptr,
                format!("recipient_record.reference \"{reference}\" is not under the issuer \"{iss}\"; the issuer's own record should be named"),
            )
            .expected(format!("{}/Patient/<id>", iss.trim_end_matches('/')))
            .actual(reference);
        }
    }
}
