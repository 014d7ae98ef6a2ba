//! `claims.aud_url`: a Data Holder audience is an absolute https URL.

use serde_json::Value;

use crate::rules::support::{is_absolute_url, is_https_url};
use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "claims.aud_url",
    severity: Severity::Warning,
    summary: "With aud_type data_holder_url (or absent), every aud value is an absolute https URL",
    citation: Citation {
        page: Page::Index,
        section: "Ticket Audience",
        keyword: Keyword::Derived,
        quote: "For a Data Holder URL audience, the Data Holder's base URL SHALL exactly match one aud value (paraphrased)",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
When `aud_type` is `data_holder_url` or absent (which means the same), each `aud` value that is
a non-empty string is an absolute `https` URL with a host. Each bad value is reported at its
own pointer. With `aud_type: trust_framework`, or an `aud_type` `claims.aud_type_enum` rejects,
nothing is checked; bad `aud` types are `claims.aud`'s.

## Why it matters
A Data Holder compares its own FHIR base URL with the `aud` values, exactly. A base URL is an
`https` URL, so a bare host name (`fhir.provider.example.org`), an organization name, a
`urn:` or an `http` URL can never match: the ticket is refused with \"Ticket not valid for this
server\" everywhere. If the value is meant to name a trust framework, `aud_type` is missing.

## How to fix
Write the Data Holder's FHIR base URL exactly as the server advertises it (scheme, host, path,
no trailing slash unless it has one). If `aud` names a trust framework, add
`\"aud_type\": \"trust_framework\"`.

## Example
```json
\"aud\": \"https://fhir.provider.example.org\",
\"aud_type\": \"data_holder_url\"
```",
    decision: Some(
        "The guide requires an exact match with the Data Holder's base URL without stating its \
         form; ptix warns on anything but an absolute https URL, since no FHIR base URL a Data \
         Holder would compare with can match it.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let absent = match ctx.get("/aud_type") {
        None => true,
        Some(Value::String(s)) if s == "data_holder_url" => false,
        Some(_) => return, // trust_framework, or claims.aud_type_enum's to report
    };
    let values: Vec<(String, &str)> = match ctx.get("/aud") {
        Some(Value::String(s)) => vec![("/payload/aud".to_string(), s.as_str())],
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.as_str().map(|s| (format!("/payload/aud/{i}"), s)))
            .collect(),
        _ => return,
    };
    let how = if absent {
        " (aud_type is absent, which means data_holder_url)"
    } else {
        ""
    };
    for (pointer, aud) in values {
        if aud.is_empty() || is_https_url(aud) {
            continue; // empty values are claims.aud's
        }
        let message = if is_absolute_url(aud) {
            format!("aud \"{aud}\" is not https; a Data Holder's base URL is an https URL{how}")
        } else {
            format!(
                "aud \"{aud}\" is not an absolute https URL, so no Data Holder base URL can match it{how}; \
                 if it names a trust framework, set aud_type to trust_framework"
            )
        };
        out.report(pointer, message)
            .expected("an absolute https URL")
            .actual(aud);
    }
}
