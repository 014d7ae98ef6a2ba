//! `jwt.signature`: the signature verifies with the issuer's key.

use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "jwt.signature",
    severity: Severity::Error,
    summary: "The signature verifies with the issuer key selected by kid",
    citation: Citation {
        page: Page::Index,
        section: "Server-Side Validation",
        keyword: Keyword::Shall,
        quote: "The Data Holder SHALL verify the ticket signature with the issuer's key; an invalid signature is rejected with invalid_grant (paraphrased from the validation steps and error table)",
    },
    applies: Applies::Signature,
    explain: "\
## What it checks
Only when a verification key was supplied (`ptix lint --key`/`--jwks`, `ptix verify`): the
signature over `BASE64URL(header).BASE64URL(payload)` verifies under the key the header's `kid`
selects, with the header's `alg` fitting that key (ES256 with a P-256 key, RS256 with RSA).
A header without `kid` is `jwt.kid_present`'s finding; `ptix lint` then tries every key given,
so this rule still says whether the signature itself verifies (`ptix verify` does so only with
`--allow-missing-kid`). The finding carries the reason: no key with that `kid`, algorithm and key type disagree, or a
plain mismatch. An ES256 signature that is not 64 bytes is left to `jwt.signature_encoding`,
which needs no key.

## Why it matters
The signature is the only thing that makes a ticket a grant: a Data Holder rejects a ticket
that does not verify with `invalid_grant`. For Payer Claims Adjudication the Data Holder checks
against its own issuing keys, so a mismatch usually means the ticket was signed with another
key (a demo key, a rotated-out key) or was altered after signing.

## How to fix
- Check that the `kid` in the header is the one your JWK Set publishes, and that you verified
  with the right key or JWK Set.
- Re-mint the ticket rather than editing it: any change to the header or payload (even
  whitespace or member order) invalidates the signature.
- For ES256, sign with a library that emits the 64-byte JOSE form (see `jwt.signature_encoding`).",
    decision: None,
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(SignatureStatus::Failed { reason }) = ctx.signature else {
        return;
    };
    // An ES256 signature of the wrong size can never verify: jwt.signature_encoding says why.
    if ctx
        .jws()
        .is_some_and(|j| j.alg() == Some("ES256") && j.signature.len() != 64)
    {
        return;
    }
    out.report("/signature", reason.clone());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_the_reason() {
        // A 64-byte (all zero) ES256 signature.
        let token = format!("eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.e30.{}", "A".repeat(86));
        let artifact = Artifact::from_text(&token);
        let mut opts = LintOptions::at(0);
        opts.select = vec![RULE.id.to_string()];
        let failed = SignatureStatus::Failed {
            reason: "the signature does not match the header and payload under this key".into(),
        };
        let f = run(&artifact, &opts, Some(&failed));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].pointer, "/signature");
        assert!(f[0].message.contains("does not match"));
        assert!(run(&artifact, &opts, None).is_empty());
        // A 3-byte ES256 signature is jwt.signature_encoding's.
        let short = Artifact::from_text("eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.e30.AAAA");
        assert!(run(&short, &opts, Some(&failed)).is_empty());
    }
}
