//! `jwt.alg_allowed`: the header names ES256 or RS256, the only algorithms the guide allows.

use crate::rules::support::Member;
use serde_json::Value;

use crate::rules::support::kind;
use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "jwt.alg_allowed",
    severity: Severity::Error,
    summary: "Header alg is ES256 or RS256; none, HMAC and other algorithms are refused",
    citation: Citation {
        page: Page::Index,
        section: "Developer Reference: Signing Algorithm",
        keyword: Keyword::Derived,
        quote: "ES256 (ECDSA P-256 with SHA-256) is RECOMMENDED; RS256 is also supported (paraphrased; no other algorithm is named)",
    },
    applies: Applies::Header,
    explain: "\
## What it checks
The JOSE header has an `alg` member, it is a string, and it is exactly `ES256` or `RS256`
(JOSE algorithm names are case-sensitive). A missing `alg` is reported at `/header`; any other
value (`none`, `HS256`, `ES384`, `PS256`, `es256`, a number) at `/header/alg`.

## Why it matters
The guide names two algorithms: ES256 (recommended) and RS256. A Data Holder verifies the
ticket with the issuer's published public keys, so:
- `none` means the ticket is unsigned: anyone could have written it;
- `HS256`/`HS384`/`HS512` are shared-secret MACs: they cannot be checked against a public key,
  and a verifier that tried would be open to the classic key-confusion forgery;
- anything else is an algorithm no Data Holder is required to implement.

Every such ticket is answered with `invalid_grant`.

## How to fix
Sign with the issuer's P-256 key and `alg: ES256` (what `ptix mint` does). If your key is RSA,
use `RS256`, but see `jwt.alg_es256`.

## Example
```json
{\"alg\": \"ES256\", \"kid\": \"SwuYm_-ZfTu4e0LJhXtK9WlG-8ZH4DkkyiFc3JL-3Z0\"}
```",
    decision: Some(
        "The guide lists ES256 and RS256 and nothing else; ptix treats every other value as an error, \
         since a verifier holding only public keys cannot check `none` or HMAC tickets and no other \
         algorithm is required of Data Holders.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(header) = ctx.header else {
        return;
    };
    let alg = match header.member("alg") {
        None => {
            out.report(
                "/header",
                "the header has no alg; tickets are signed with ES256 (or RS256)",
            )
            .expected("ES256");
            return;
        }
        Some(Value::String(s)) => s.as_str(),
        Some(v) => {
            out.report(
                "/header/alg",
                format!(
                    "alg is {}, not a string; expected \"ES256\" or \"RS256\"",
                    kind(v)
                ),
            )
            .expected("ES256")
            .actual(v.clone());
            return;
        }
    };
    if matches!(alg, "ES256" | "RS256") {
        return;
    }
    let message = if alg.eq_ignore_ascii_case("none") {
        format!(
            "alg is \"{alg}\": the ticket is unsigned and anyone could have written it; sign it with ES256"
        )
    } else if alg.eq_ignore_ascii_case("ES256") || alg.eq_ignore_ascii_case("RS256") {
        format!(
            "alg \"{alg}\" is not \"{}\": JOSE algorithm names are case-sensitive",
            alg.to_ascii_uppercase()
        )
    } else if alg.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("HS")) {
        format!(
            "alg \"{alg}\" is a shared-secret HMAC; tickets are signed with the issuer's private key \
             and verified with its published public key (ES256 or RS256)"
        )
    } else {
        format!("alg \"{alg}\" is not allowed for Permission Tickets; expected ES256 (recommended) or RS256")
    };
    out.report("/header/alg", message).expected("ES256").actual(alg);
}
