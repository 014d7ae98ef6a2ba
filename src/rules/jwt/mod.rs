//! JOSE header and signature rules.

pub mod alg_allowed;
pub mod alg_es256;
pub mod compact;
pub mod crit;
pub mod duplicate_member;
pub mod embedded_key;
pub mod kid_present;
pub mod kid_thumbprint;
pub mod signature;
pub mod signature_encoding;
pub mod signature_high_s;
pub mod typ;

use super::Rule;

pub static RULES: &[&Rule] = &[
    &compact::RULE,
    &duplicate_member::RULE,
    &alg_allowed::RULE,
    &alg_es256::RULE,
    &kid_present::RULE,
    &typ::RULE,
    &crit::RULE,
    &embedded_key::RULE,
    &signature_encoding::RULE,
    &signature_high_s::RULE,
    &signature::RULE,
    &kid_thumbprint::RULE,
];

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::jose::b64url::encode;
    use crate::rules::{run, Artifact, LintOptions, SignatureStatus};

    /// Header members replaced by every kind of JSON value, with signatures of several sizes:
    /// the jwt rules report or skip, never panic.
    #[test]
    fn hostile_headers_never_panic() {
        let values = [
            json!(null),
            json!(true),
            json!(-1),
            json!(1.5),
            json!(""),
            json!("ES256"),
            json!("RS256"),
            json!("Hé"),
            json!("application/JWT"),
            json!([]),
            json!(["x", 1]),
            json!({}),
        ];
        let signatures: [Vec<u8>; 4] = [
            vec![],
            vec![0xff; 64],
            vec![0x30, 0x06, 0x02, 1, 1, 0x02, 1, 1],
            vec![1; 256],
        ];
        let mut opts = LintOptions::at(0);
        opts.select = vec!["jwt".into()];
        let failed = SignatureStatus::Failed { reason: "x".into() };
        for name in ["alg", "kid", "typ", "crit", "jwk", "jku", "x5t#S256"] {
            for v in &values {
                for sig in &signatures {
                    let mut header = json!({"alg": "ES256", "kid": "k"});
                    header[name] = v.clone();
                    let token = format!(
                        "{}.{}.{}",
                        encode(header.to_string().as_bytes()),
                        encode(b"{\"iss\":1}"),
                        encode(sig)
                    );
                    let artifact = Artifact::from_text(&token);
                    assert!(matches!(artifact, Artifact::Jws(_)), "{token}");
                    for status in [None, Some(&failed)] {
                        for f in run(&artifact, &opts, status) {
                            assert!(
                                !f.message.starts_with("internal error"),
                                "{name} = {v}: {}",
                                f.message
                            );
                        }
                    }
                }
            }
        }
    }
}
