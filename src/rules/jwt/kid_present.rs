//! `jwt.kid_present`: the header names the signing key.

use crate::rules::support::Member;
use serde_json::Value;

use crate::rules::support::kind;
use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "jwt.kid_present",
    severity: Severity::Error,
    summary: "Header kid is present and a non-empty string",
    citation: Citation {
        page: Page::Index,
        section: "Developer Reference: Signing Algorithm",
        keyword: Keyword::Shall,
        quote: "The JWS header SHALL include a kid identifying the signing key, to support key rotation (paraphrased)",
    },
    applies: Applies::Header,
    explain: "\
## What it checks
The JOSE header has a `kid` member holding a non-empty string. A missing `kid` is reported at
`/header`; a `kid` that is not a string, or is empty, at `/header/kid`.

## Why it matters
A Data Holder finds the verification key by looking the `kid` up in the issuer's JWK Set
(`{iss}/.well-known/jwks.json`, or its own issuing keys for Payer Claims Adjudication). Without
it, key rotation breaks: the verifier cannot tell which of several published keys signed the
ticket. The guide does not say what a verifier does when `kid` is absent; the reference
implementation tries every key, others simply reject.

## How to fix
Set `kid` to the key's identifier as published in the JWK Set. The guide's examples use the
key's RFC 7638 thumbprint, which `ptix keygen` and `ptix mint` use by default.

## Example
```json
{\"alg\": \"ES256\", \"kid\": \"SwuYm_-ZfTu4e0LJhXtK9WlG-8ZH4DkkyiFc3JL-3Z0\"}
```",
    decision: None,
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(header) = ctx.header else {
        return;
    };
    match header.member("kid") {
        None => {
            out.report(
                "/header",
                "the header has no kid; a Data Holder needs it to pick the issuer key that verifies the ticket",
            );
        }
        Some(Value::String(s)) if s.is_empty() => {
            out.report(
                "/header/kid",
                "kid is an empty string; it must name the signing key",
            )
            .actual("");
        }
        Some(Value::String(_)) => {}
        Some(v) => {
            out.report(
                "/header/kid",
                format!(
                    "kid is {}, not a string; it must be the signing key's identifier",
                    kind(v)
                ),
            )
            .actual(v.clone());
        }
    }
}
