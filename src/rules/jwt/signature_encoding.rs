//! `jwt.signature_encoding`: an ES256 signature is the 64-byte JOSE form `r || s`.

use crate::jose::alg::looks_like_der;
use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "jwt.signature_encoding",
    severity: Severity::Error,
    summary: "An ES256 signature is 64 bytes (r || s), not DER and not any other length",
    citation: Citation {
        page: Page::Rfc7518,
        section: "3.4. Digital Signature with ECDSA",
        keyword: Keyword::Shall,
        quote: "The JWS Signature value MUST be a 64-octet sequence. If it is not a 64-octet sequence, the validation has failed.",
    },
    applies: Applies::Header,
    explain: "\
## What it checks
When the header's `alg` is `ES256`, the decoded signature segment is exactly 64 bytes: the
32-byte big-endian `r` followed by the 32-byte `s`. It says whether a wrong signature is
ASN.1 DER (`30 len 02 ...`, typically 70 to 72 bytes) or simply the wrong length (empty,
truncated, or an RS256-sized signature under an ES256 header). No key is needed.

## Why it matters
RFC 7518 fixes the ES256 signature encoding, and a verifier that follows it fails any other
form before looking at the key. Many crypto libraries (OpenSSL, Java's `Signature`, .NET's
default, cloud KMS APIs) return DER; pasting that into a JWS yields a ticket some verifiers
accept and others (including ptix and the reference implementation) reject.

## How to fix
Use a JOSE library to sign, or convert the DER `SEQUENCE { INTEGER r, INTEGER s }` to the raw
form yourself: strip the DER framing, left-pad `r` and `s` to 32 bytes each (dropping a leading
`00` sign byte), and concatenate them.

## Example
A DER signature decodes to 70-72 bytes starting `30 44 02 20 ...`/`30 45 02 21 00 ...`; a JOSE
ES256 signature is 86 base64url characters (64 bytes).",
    decision: None,
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(jws) = ctx.jws() else {
        return;
    };
    if jws.alg() != Some("ES256") {
        return;
    }
    let sig = &jws.signature;
    let len = sig.len();
    if len == 64 {
        return;
    }
    let message = if looks_like_der(sig) {
        format!(
            "the ES256 signature is DER-encoded ({len} bytes); JWS requires the raw 64-byte r||s form (RFC 7518 §3.4)"
        )
    } else if len == 0 {
        "the signature segment is empty; an ES256 signature is 64 bytes (r||s)".to_string()
    } else {
        format!("the ES256 signature is {len} bytes, not DER and not the 64-byte r||s form RFC 7518 §3.4 requires")
    };
    out.report("/signature", message).expected(64).actual(len);
}
