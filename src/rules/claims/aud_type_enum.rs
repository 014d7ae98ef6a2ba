//! `claims.aud_type_enum`: `aud_type`, when present, is one of the two defined values.

use serde_json::Value;

use crate::rules::support::kind;
use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "claims.aud_type_enum",
    severity: Severity::Error,
    summary: "aud_type, when present, is data_holder_url or trust_framework",
    citation: Citation {
        page: Page::Index,
        section: "Ticket Audience",
        keyword: Keyword::Schema,
        quote: "aud_type: \"data_holder_url\" | \"trust_framework\"; absent means data_holder_url (paraphrased from the audience section and schema.ts)",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
If `aud_type` is present, it is exactly the string `data_holder_url` or `trust_framework`
(case-sensitive). Absence is fine: it means `data_holder_url`.

## Why it matters
`aud_type` tells a Data Holder how to read every `aud` value: as Data Holder base URLs that must
match its own exactly, or as trust frameworks it must be a verified participant of. Any other
value leaves the audience uninterpretable; a schema-validating server rejects the ticket, and a
lenient one might guess wrong and widen the audience.

## How to fix
Use `data_holder_url` (or omit `aud_type`) when `aud` lists Data Holder URLs. Use
`trust_framework` only when `aud` names a framework; issuers SHALL set it in that case. Payer
Claims Adjudication tickets are addressed to the issuing Data Holder: `data_holder_url`.",
    decision: None,
    file: file!(),
    check,
};

const VALUES: [&str; 2] = ["data_holder_url", "trust_framework"];

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(v) = ctx.get("/aud_type") else {
        return;
    };
    let message = match v {
        Value::String(s) if VALUES.contains(&s.as_str()) => return,
        Value::String(s) => match VALUES.iter().find(|x| x.eq_ignore_ascii_case(s.trim())) {
            Some(x) => format!("aud_type \"{s}\" is not \"{x}\": values are exact, lowercase strings"),
            None => format!(
                "aud_type \"{s}\" is not defined; expected \"data_holder_url\" or \"trust_framework\""
            ),
        },
        other => format!(
            "aud_type is {}; expected the string \"data_holder_url\" or \"trust_framework\"",
            kind(other)
        ),
    };
    out.report("/payload/aud_type", message)
        .expected(Value::from(VALUES.to_vec()))
        .actual(v.clone());
}
