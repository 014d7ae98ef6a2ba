//! `claims.iss_https`: the issuer is an absolute https URL.

use crate::rules::support::{is_absolute_url, is_https_url};
use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "claims.iss_https",
    severity: Severity::Warning,
    summary: "iss is an absolute https URL (its keys are at {iss}/.well-known/jwks.json)",
    citation: Citation {
        page: Page::Index,
        section: "Issuer Key Publication",
        keyword: Keyword::Derived,
        quote: "Every issuer SHALL publish a JWK Set at ${iss}/.well-known/jwks.json (paraphrased)",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
When `iss` is a non-empty string (else `claims.iss` reports it), it is an absolute URL with the
`https` scheme and a host, and no whitespace.

## Why it matters
Verifiers find the issuer's keys by appending `/.well-known/jwks.json` to `iss` (and
`/.well-known/openid-federation` or `/.well-known/udap` for the other publication mechanisms).
An `iss` that is a name, a URN or a relative path gives them nowhere to look; an `http` URL
lets anyone on the network path substitute keys and so forge tickets. For Payer Claims
Adjudication, `iss` is also the Data Holder's own base URL, against which `aud` and the
encounter references are compared.

## How to fix
Use the issuer's https base URL, without a trailing `/.well-known/...` and without query or
fragment.

## Example
```json
\"iss\": \"https://fhir.provider.example.org\"
```",
    decision: Some(
        "The guide requires key publication at {iss}/.well-known/jwks.json but does not state the \
         URL form of iss; ptix warns on anything but an absolute https URL, since only that gives \
         verifiers an authenticated place to fetch keys.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(iss) = ctx.iss().filter(|s| !s.is_empty()) else {
        return;
    };
    if is_https_url(iss) {
        return;
    }
    let message = if is_absolute_url(iss) {
        format!("iss \"{iss}\" is not https; keys fetched from {iss}/.well-known/jwks.json would not be authenticated")
    } else {
        format!("iss \"{iss}\" is not an absolute https URL; verifiers look for the issuer's keys at {{iss}}/.well-known/jwks.json")
    };
    out.report("/payload/iss", message)
        .expected("an absolute https URL")
        .actual(iss);
}
