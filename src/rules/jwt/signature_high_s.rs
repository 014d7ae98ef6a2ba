//! `jwt.signature_high_s`: an ES256 signature with `s > n/2` (valid, but malleable).

use crate::jose::alg::is_high_s;
use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "jwt.signature_high_s",
    severity: Severity::Notice,
    summary: "ES256 signature uses the low-S form (s <= n/2)",
    citation: Citation {
        page: Page::Rfc7518,
        section: "3.4. Digital Signature with ECDSA",
        keyword: Keyword::Guidance,
        quote: "RFC 7518 accepts any valid (r, s); for ECDSA, (r, n - s) is an equally valid signature of the same input (paraphrased: ECDSA malleability)",
    },
    applies: Applies::Header,
    explain: "\
## What it checks
When `alg` is `ES256` and the signature is 64 bytes, its `s` half is at most half the P-256
group order `n`. No key is needed.

## Why it matters
An ECDSA signature `(r, s)` has a twin `(r, n - s)` that verifies just as well. A high-S
signature is valid JOSE, and Data Holders accept it, but it means the same ticket exists with
two different signature strings. Anything that identifies a ticket by its token text or a hash
of it (audit logs, a cache, de-duplication in a claims pipeline) may then see one ticket as
two. The ticket's `jti` is the stable identifier; some ecosystems (Bitcoin, Ethereum,
libsecp256k1) insist on low-S for this reason.

## How to fix
Nothing is required. If you want canonical tokens, normalise after signing: when `s > n/2`,
replace `s` with `n - s`; `ptix mint` always does, and some signing libraries do by default.
Either way, identify a ticket by its `jti`, not by its token text.",
    decision: Some(
        "A notice, not a warning: RFC 7518 and the guide accept both forms, and ptix verify does \
         too; the finding only explains why the same ticket can appear with two signatures.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(jws) = ctx.jws() else {
        return;
    };
    if jws.alg() == Some("ES256") && is_high_s(&jws.signature) {
        out.report(
            "/signature",
            "the ES256 signature has s > n/2 (high-S): valid, but (r, n - s) verifies too, so the token text is not unique",
        );
    }
}
