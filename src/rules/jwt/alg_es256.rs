//! `jwt.alg_es256`: ES256 is the recommended algorithm, and the only one the reference
//! implementation accepts.

use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "jwt.alg_es256",
    severity: Severity::Warning,
    summary: "Header alg is ES256 (RS256 is allowed but not recommended)",
    citation: Citation {
        page: Page::Index,
        section: "Developer Reference: Signing Algorithm",
        keyword: Keyword::Should,
        quote: "ES256 (ECDSA P-256 with SHA-256) is RECOMMENDED; RS256 is also supported (paraphrased)",
    },
    applies: Applies::Header,
    explain: "\
## What it checks
The header's `alg` is `ES256`. It reports only `RS256`; every other value is `jwt.alg_allowed`'s.

## Why it matters
The guide RECOMMENDS ES256 and merely supports RS256. The reference implementation goes further
and refuses anything but ES256 (\"Permission Ticket must be signed with ES256\"), so an RS256
ticket may be rejected by Data Holders built on it. ES256 keys and signatures are also much
smaller (64-byte signatures instead of 256 or more), which matters for a ticket that travels
inside claim attachments.

## How to fix
Create a P-256 issuer key (`ptix keygen`), publish it in the issuer's JWK Set at
`{iss}/.well-known/jwks.json`, and sign with `alg: ES256`.",
    decision: Some(
        "RS256 stays a warning rather than an error: the guide allows it; only the reference \
         implementation refuses it. ptix verify accepts both by default.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    if ctx.jws().and_then(|j| j.alg()) == Some("RS256") {
        out.report(
            "/header/alg",
            "alg is RS256; ES256 is RECOMMENDED, and the reference implementation accepts only ES256",
        )
        .expected("ES256")
        .actual("RS256");
    }
}
