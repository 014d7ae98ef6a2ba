//! Keys: the P-256 signing key, ES256/RS256 verification keys, and how they are read and written.
//!
//! - [`load`]: read any supported format, recognised by content (never by file name);
//! - [`jwk`]: JWK and JWK Set (RFC 7517) parsing and rendering;
//! - [`thumbprint`]: RFC 7638 JWK thumbprints (the default `kid`);
//! - [`passphrase`]: where a passphrase comes from (file, environment, terminal prompt);
//! - [`generate`]: new key pairs and their PEM encodings (plain or PBES2-encrypted PKCS#8).

pub mod generate;
pub mod jwk;
pub mod load;
pub mod passphrase;
pub mod ring;
pub mod thumbprint;

use std::fmt;

use aws_lc_rs::signature::{EcdsaKeyPair, KeyPair, ECDSA_P256_SHA256_FIXED_SIGNING};
use p256::elliptic_curve::sec1::ToEncodedPoint;
use zeroize::Zeroizing;

pub use load::{KeyError, KeyFormat, LoadedKey};
pub use passphrase::PassphraseSource;

/// An RSA public key (only ever used to verify RS256, which the guide also allows).
#[derive(Clone, PartialEq, Eq)]
pub struct RsaPublicKey {
    /// Modulus, big-endian, without leading zero bytes.
    pub n: Vec<u8>,
    /// Public exponent, big-endian, without leading zero bytes.
    pub e: Vec<u8>,
}

impl RsaPublicKey {
    pub fn new(n: &[u8], e: &[u8]) -> Self {
        RsaPublicKey {
            n: strip_zeros(n).to_vec(),
            e: strip_zeros(e).to_vec(),
        }
    }
    /// Why this key cannot verify RS256 safely, if it cannot: a modulus under 2048 bits, or a
    /// public exponent that is not an odd number of at least 3 (`e = 1` makes any "signature"
    /// its own message).
    pub fn unusable(&self) -> Option<String> {
        if self.bits() < 2048 {
            return Some(format!(
                "RSA keys for RS256 need at least 2048 bits; this one has {}",
                self.bits()
            ));
        }
        let odd = self.e.last().is_some_and(|b| b & 1 == 1);
        if !odd || self.e == [1] || self.e.len() > 32 {
            return Some(
                "the RSA public exponent must be an odd number of at least 3 (usually 65537)".into(),
            );
        }
        None
    }
    /// Modulus size in bits.
    pub fn bits(&self) -> usize {
        match self.n.first() {
            Some(first) => self.n.len() * 8 - first.leading_zeros() as usize,
            None => 0,
        }
    }
}

fn strip_zeros(b: &[u8]) -> &[u8] {
    let start = b.iter().position(|&x| x != 0).unwrap_or(b.len());
    &b[start..]
}

/// A public key that can verify a ticket signature.
#[derive(Clone, PartialEq, Eq)]
pub enum PublicKey {
    /// P-256, for ES256.
    Ec(p256::PublicKey),
    /// RSA, for RS256.
    Rsa(RsaPublicKey),
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({}, {})", self.describe(), self.thumbprint())
    }
}

impl PublicKey {
    /// `EC` or `RSA`: the JWK `kty`.
    pub fn kty(&self) -> &'static str {
        match self {
            PublicKey::Ec(_) => "EC",
            PublicKey::Rsa(_) => "RSA",
        }
    }
    /// The JWS algorithm this key verifies: ES256 for P-256, RS256 for RSA.
    pub fn alg(&self) -> &'static str {
        match self {
            PublicKey::Ec(_) => "ES256",
            PublicKey::Rsa(_) => "RS256",
        }
    }
    /// `P-256` or `RSA 2048-bit`, for messages.
    pub fn describe(&self) -> String {
        match self {
            PublicKey::Ec(_) => "EC P-256".to_string(),
            PublicKey::Rsa(k) => format!("RSA {}-bit", k.bits()),
        }
    }
    /// The uncompressed SEC1 point `04 || x || y` of an EC key.
    pub fn ec_point(&self) -> Option<Vec<u8>> {
        match self {
            PublicKey::Ec(k) => Some(k.to_encoded_point(false).as_bytes().to_vec()),
            PublicKey::Rsa(_) => None,
        }
    }
    /// The RFC 7638 thumbprint (SHA-256, base64url).
    pub fn thumbprint(&self) -> String {
        thumbprint::of(self)
    }
    /// The public JWK members that define the key (no `kid`, `alg` or `use`).
    pub fn jwk_members(&self) -> serde_json::Map<String, serde_json::Value> {
        jwk::public_members(self)
    }
}

/// The issuer's P-256 private key, prepared once for signing many tickets.
pub struct SigningKey {
    secret: p256::SecretKey,
    pair: EcdsaKeyPair,
    public: PublicKey,
    kid: String,
    rng: aws_lc_rs::rand::SystemRandom,
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print key material.
        write!(f, "SigningKey(kid={})", self.kid)
    }
}

impl SigningKey {
    /// Prepare a signing key. `kid` defaults to the RFC 7638 thumbprint.
    pub fn new(secret: p256::SecretKey, kid: Option<String>) -> Result<Self, KeyError> {
        use p256::pkcs8::EncodePrivateKey;
        let der = secret
            .to_pkcs8_der()
            .map_err(|e| KeyError::Internal(format!("PKCS#8 encoding failed: {e}")))?;
        let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, der.as_bytes())
            .map_err(|e| KeyError::Internal(format!("the signing backend refused the key: {e}")))?;
        let public = PublicKey::Ec(secret.public_key());
        debug_assert_eq!(pair.public_key().as_ref(), public.ec_point().unwrap_or_default());
        let kid = kid.unwrap_or_else(|| public.thumbprint());
        Ok(SigningKey {
            secret,
            pair,
            public,
            kid,
            rng: aws_lc_rs::rand::SystemRandom::new(),
        })
    }
    pub fn public(&self) -> &PublicKey {
        &self.public
    }
    pub fn kid(&self) -> &str {
        &self.kid
    }
    /// The same key known by another `kid` (the one its JWK Set publishes).
    pub fn with_kid(self, kid: String) -> Self {
        SigningKey { kid, ..self }
    }
    pub fn secret(&self) -> &p256::SecretKey {
        &self.secret
    }
    /// PKCS#8 DER of the private key, in zeroizing memory.
    pub fn pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        use p256::pkcs8::EncodePrivateKey;
        let doc = self
            .secret
            .to_pkcs8_der()
            .map_err(|e| KeyError::Internal(format!("PKCS#8 encoding failed: {e}")))?;
        Ok(Zeroizing::new(doc.as_bytes().to_vec()))
    }
    /// ES256 signature (raw `r || s`, 64 bytes, low-S) over `message`.
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>, KeyError> {
        let mut sig = self
            .pair
            .sign(&self.rng, message)
            .map(|s| s.as_ref().to_vec())
            .map_err(|_| KeyError::Internal("ES256 signing failed".into()))?;
        crate::jose::alg::normalize_low_s(&mut sig);
        Ok(sig)
    }
}

#[cfg(test)]
mod tests {
    use super::RsaPublicKey;

    #[test]
    fn rsa_keys_that_cannot_verify_safely_are_named() {
        let n = [0xc5u8; 256]; // 2048 bits
        assert_eq!(RsaPublicKey::new(&n, &[1, 0, 1]).unusable(), None);
        for e in [&[1u8][..], &[0, 1], &[2], &[1, 0, 0]] {
            assert!(RsaPublicKey::new(&n, e).unusable().is_some(), "{e:?}");
        }
        assert!(RsaPublicKey::new(&n[..128], &[1, 0, 1])
            .unusable()
            .is_some_and(|why| why.contains("2048")));
    }
}
