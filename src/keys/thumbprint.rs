//! RFC 7638 JWK thumbprints: SHA-256 over the required members in lexicographic order.

use sha2::{Digest, Sha256};

use super::PublicKey;
use crate::jose::b64url;

/// The canonical JSON the thumbprint hashes (RFC 7638 §3.2).
pub fn canonical_json(key: &PublicKey) -> String {
    let m = key.jwk_members();
    let s = |k: &str| m.get(k).and_then(|v| v.as_str()).unwrap_or_default().to_string();
    match key {
        PublicKey::Ec(_) => format!(
            r#"{{"crv":"{}","kty":"EC","x":"{}","y":"{}"}}"#,
            s("crv"),
            s("x"),
            s("y")
        ),
        PublicKey::Rsa(_) => format!(r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#, s("e"), s("n")),
    }
}

/// The RFC 7638 thumbprint, SHA-256, base64url without padding (43 characters).
pub fn of(key: &PublicKey) -> String {
    b64url::encode(&Sha256::digest(canonical_json(key).as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::RsaPublicKey;

    #[test]
    fn rfc7638_section_3_1_example() {
        let n = b64url::decode("0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw").unwrap();
        let e = b64url::decode("AQAB").unwrap();
        let key = PublicKey::Rsa(RsaPublicKey::new(&n, &e));
        assert_eq!(of(&key), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    }
}
