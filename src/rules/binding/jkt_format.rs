//! `binding.jkt_format`: `jkt` looks like a base64url SHA-256 JWK thumbprint.

use crate::rules::support::child;
use crate::rules::support::Member;
use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "binding.jkt_format",
    severity: Severity::Warning,
    summary: "presenter_binding.jkt is 43 base64url characters (a SHA-256 JWK thumbprint)",
    citation: Citation {
        page: Page::Rfc7638,
        section: "3. JSON Web Key (JWK) Thumbprint",
        keyword: Keyword::Derived,
        quote: "the guide: the Data Holder computes the JWK Thumbprint (RFC 7638) of the client_assertion signing key and compares it to presenter_binding.jkt; semantics are those of cnf.jkt",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
When `presenter_binding.jkt` is a non-empty string, it is exactly 43 characters of the base64url
alphabet (`A-Z a-z 0-9 - _`), with no `=` padding, and its last character carries no stray bits:
the unpadded base64url encoding of a 32-byte SHA-256 digest.

## Why it matters
The Data Holder computes the thumbprint of the key that signed the client assertion and compares
it with `jkt` as a string. A hex digest, a padded or standard-base64 value, a SHA-1 thumbprint, or
a `kid` that is not a thumbprint never compares equal, so every redemption fails with
`invalid_grant` (\"Ticket presenter binding mismatch\").

## How to fix
Compute the RFC 7638 thumbprint with SHA-256 over the client's public JWK (required members
only, lexicographic order, no whitespace) and encode it with unpadded base64url.
`ptix keygen` prints the thumbprint of the keys it makes.",
    decision: Some(
        "RFC 7638 leaves the hash open and the guide does not name one; ptix expects SHA-256, as \
         cnf.jkt (whose semantics the guide adopts) and the guide's examples use. A warning, not \
         an error: a deployment could agree on another hash.",
    ),
    file: file!(),
    check,
};

fn is_b64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(obj) = super::form(ctx, "jkt") else {
        return;
    };
    let Some(jkt) = obj
        .member("jkt")
        .and_then(|v| v.as_str())
        .filter(|s| !s.is_empty())
    else {
        return; // binding.jkt_shape
    };
    if let Some(problem) = problem(jkt) {
        out.report(
            child("/payload/presenter_binding", "jkt"),
            format!("presenter_binding.jkt \"{jkt}\" {problem}"),
        )
        .expected("43 base64url characters (unpadded SHA-256 JWK thumbprint)")
        .actual(jkt);
    }
}

/// What keeps `jkt` from being an RFC 7638 SHA-256 thumbprint, if anything (also what
/// `ptix mint --bind-jkt` refuses).
pub fn problem(jkt: &str) -> Option<String> {
    let bytes = jkt.as_bytes();
    if jkt.ends_with('=') {
        Some("has base64 padding".to_string())
    } else if !bytes.iter().copied().all(is_b64url) {
        Some("has characters outside the base64url alphabet".to_string())
    } else if bytes.len() != 43 {
        Some(format!(
            "is {} characters long, not 43 (a base64url SHA-256 digest)",
            bytes.len()
        ))
    } else if !bytes.last().is_some_and(|b| b"AEIMQUYcgkosw048".contains(b)) {
        Some("does not decode to exactly 32 bytes (stray bits in its last character)".to_string())
    } else {
        None
    }
}
