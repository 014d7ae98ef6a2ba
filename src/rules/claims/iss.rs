//! `claims.iss`: the ticket names its issuer.

use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "claims.iss",
    severity: Severity::Error,
    summary: "iss is present and a non-empty string",
    citation: Citation {
        page: Page::Index,
        section: "Conformance: Issuer",
        keyword: Keyword::Shall,
        quote: "The issuer SHALL include iss, aud, exp, iat, jti, ticket_type, subject and access (paraphrased); schema: iss is a non-empty string",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
`iss` is present and is a non-empty string. A missing `iss` is reported at `/payload`; an empty
string or another JSON type at `/payload/iss`. Its URL form is `claims.iss_https`'s.

## Why it matters
`iss` says who vouches for the ticket and where its keys live (`{iss}/.well-known/jwks.json`).
A Data Holder decides whether to trust the issuer for this ticket type before anything else in
the payload counts; a ticket without an issuer cannot be verified and is rejected with
`invalid_grant`. For Payer Claims Adjudication the issuer is the Data Holder itself, so `iss`
is that Data Holder's own base URL.

## How to fix
Set `iss` to the issuer's base URL, the one under which it publishes its JWK Set.

## Example
```json
\"iss\": \"https://fhir.provider.example.org\"
```",
    decision: None,
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    super::check_required_string(
        ctx,
        out,
        "iss",
        "a Data Holder cannot tell who issued it or where its keys are",
    );
}
