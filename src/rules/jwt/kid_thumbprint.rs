//! `jwt.kid_thumbprint`: the `kid` is the RFC 7638 thumbprint of the key that verified the
//! ticket, as in the guide's examples.

use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "jwt.kid_thumbprint",
    severity: Severity::Info,
    summary: "Header kid equals the RFC 7638 thumbprint of the verifying key (the guide's convention)",
    citation: Citation {
        page: Page::Index,
        section: "Developer Reference: Signing Algorithm",
        keyword: Keyword::Guidance,
        quote: "The header includes kid to support key rotation (paraphrased); the guide's example keys use their RFC 7638 JWK thumbprint as kid, a convention of its key generation script rather than a rule",
    },
    applies: Applies::Signature,
    explain: "\
## What it checks
Only when a verification key was supplied (`ptix lint --key`/`--jwks`, `ptix verify`) and the
signature verified: the header `kid` is the RFC 7638 SHA-256 thumbprint of that key
(base64url, 43 characters).

## Why it matters
Nothing requires it: a `kid` is any string the issuer's JWK Set agrees on. But the guide's
examples derive every `kid` from the key itself, and so does ptix. A thumbprint `kid` cannot
drift away from the key it names and lets anyone holding the public key check which key signed
the ticket. A different `kid` is fine as long as the published JWK Set carries the same `kid`
on the same key; this finding is only a pointer in case that is not what you intended.

## How to fix
Nothing, if the `kid` is the one your JWK Set publishes. To follow the convention, set `kid` to
the key's thumbprint (`ptix keygen` prints it; `ptix mint` uses it by default) and publish the
key under that `kid`.",
    decision: Some(
        "Informational only: the thumbprint kid is a convention of the guide's examples, and any kid \
         that matches the issuer's JWK Set is conformant.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(SignatureStatus::Verified { key, .. }) = ctx.signature else {
        return;
    };
    // A missing or non-string kid is jwt.kid_present's.
    let Some(kid) = ctx.jws().and_then(|j| j.kid()).filter(|k| !k.is_empty()) else {
        return;
    };
    let thumbprint = key.thumbprint();
    if kid != thumbprint {
        out.report(
            "/header/kid",
            format!(
                "kid \"{kid}\" is not the RFC 7638 thumbprint of the verifying key ({thumbprint}); \
                 fine if your JWK Set publishes the key under this kid"
            ),
        )
        .expected(thumbprint)
        .actual(kid);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::jwk::parse_jwk;

    fn demo_key() -> crate::keys::PublicKey {
        let text = include_str!("../../../keys/demo-issuer.jwk.json");
        let jwk: serde_json::Value = serde_json::from_str(text).unwrap();
        parse_jwk(&jwk, "demo", None).unwrap().public()
    }

    fn findings(header: &str, status: &SignatureStatus) -> Vec<Finding> {
        use crate::jose::b64url::encode;
        let token = format!("{}.{}.AAAA", encode(header.as_bytes()), encode(b"{}"));
        let artifact = Artifact::from_text(&token);
        let mut opts = LintOptions::at(0);
        opts.select = vec![RULE.id.to_string()];
        run(&artifact, &opts, Some(status))
    }

    #[test]
    fn reports_a_kid_that_is_not_the_thumbprint() {
        let key = demo_key();
        let status = SignatureStatus::Verified {
            kid: "k1".into(),
            source: "test".into(),
            key: key.clone(),
        };
        let f = findings(r#"{"alg":"ES256","kid":"k1"}"#, &status);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].pointer, "/header/kid");
        let good = format!(r#"{{"alg":"ES256","kid":"{}"}}"#, key.thumbprint());
        assert!(findings(&good, &status).is_empty());
        // Missing kid belongs to jwt.kid_present; failed signatures to jwt.signature.
        assert!(findings(r#"{"alg":"ES256"}"#, &status).is_empty());
        let failed = SignatureStatus::Failed { reason: "x".into() };
        assert!(findings(r#"{"alg":"ES256","kid":"k1"}"#, &failed).is_empty());
    }
}
