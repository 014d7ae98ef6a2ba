//! `jwt.embedded_key`: the header offers no key or key location of its own.

use crate::rules::support::child;
use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "jwt.embedded_key",
    severity: Severity::Warning,
    summary: "Header carries no jwk, jku, x5u, x5c, x5t or x5t#S256 (keys come from the issuer, not the token)",
    citation: Citation {
        page: Page::PayerClaimsAdjudication,
        section: "Data Holder Processing",
        keyword: Keyword::Derived,
        quote: "Verify the ticket signature against this system's own issuing keys — the issuer is the Data Holder.",
    },
    applies: Applies::Header,
    explain: "\
## What it checks
The JOSE header has none of the members that carry or locate a key: `jwk` (an embedded public
key), `jku` (a JWK Set URL), `x5u` (a certificate URL), `x5c` (a certificate chain), `x5t` and
`x5t#S256` (certificate thumbprints). Each one present is reported separately.

## Why it matters
A ticket's signature is only worth the key it is checked against. The guide has verifiers take
keys from the issuer: the JWK Set at `{iss}/.well-known/jwks.json` (or OpenID Federation/UDAP
metadata), and for Payer Claims Adjudication the Data Holder's own issuing keys. A key the token
offers about itself proves nothing, because whoever forged the token chose it; trusting `jwk` or
fetching `jku`/`x5u` is a well-known way to accept forged tokens (and `jku`/`x5u` invite
server-side request forgery). ptix never trusts or fetches them, and a careful Data Holder
ignores or rejects them. Their presence suggests a signer built for a different protocol, and
adds bytes to a ticket that travels in claim attachments.

## How to fix
Remove these members; keep `alg` and `kid`. Publish the signing key in the issuer's JWK Set
under that `kid` instead.

## Example
```json
{\"alg\": \"ES256\", \"kid\": \"SwuYm_-ZfTu4e0LJhXtK9WlG-8ZH4DkkyiFc3JL-3Z0\"}
```",
    decision: Some(
        "A warning: RFC 7515 allows these members, but the guide has verifiers use the issuer's \
         published keys (the Data Holder's own keys for Payer Claims Adjudication), so a key \
         offered by the token is at best ignored and at worst trusted by a careless verifier.",
    ),
    file: file!(),
    check,
};

/// Key-bearing header members, and what each one is.
const MEMBERS: &[(&str, &str)] = &[
    ("jwk", "embeds a public key"),
    ("jku", "points at a JWK Set URL"),
    ("x5u", "points at an X.509 certificate URL"),
    ("x5c", "embeds an X.509 certificate chain"),
    ("x5t", "names an X.509 certificate by SHA-1 thumbprint"),
    ("x5t#S256", "names an X.509 certificate by SHA-256 thumbprint"),
];

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(header) = ctx.header.and_then(|h| h.as_object()) else {
        return;
    };
    for (name, what) in MEMBERS {
        if header.contains_key(*name) {
            out.report(
                child("/header", name),
                format!(
                    "the header {what} ({name}); ptix never trusts or fetches keys a token offers, \
                     the Data Holder verifies with the issuer's own published keys, selected by kid"
                ),
            );
        }
    }
}
