//! The JWS algorithms Permission Tickets use, bound to key types: ES256 needs a P-256 key,
//! RS256 an RSA key. The token's `alg` never chooses the key type; `none`, HMAC and everything
//! else are refused.

use aws_lc_rs::signature::{
    RsaPublicKeyComponents, UnparsedPublicKey, ECDSA_P256_SHA256_FIXED, RSA_PKCS1_2048_8192_SHA256,
};

use crate::keys::PublicKey;

/// A supported JWS algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alg {
    Es256,
    Rs256,
}

impl Alg {
    /// Parse a header `alg`. Anything but ES256 and RS256 is `None`.
    pub fn from_header(alg: &str) -> Option<Alg> {
        match alg {
            "ES256" => Some(Alg::Es256),
            "RS256" => Some(Alg::Rs256),
            _ => None,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Alg::Es256 => "ES256",
            Alg::Rs256 => "RS256",
        }
    }
}

/// Why a signature did not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureError {
    /// The header's algorithm does not fit the key (e.g. RS256 against an EC key).
    AlgKeyMismatch { alg: &'static str, key: String },
    /// ES256 signatures are 64 bytes (`r || s`); this one is DER-encoded.
    DerSignature { len: usize },
    /// ES256 signatures are 64 bytes.
    WrongLength { len: usize, expected: usize },
    /// The signature does not match the signing input under this key.
    Mismatch,
}

impl std::fmt::Display for SignatureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SignatureError::AlgKeyMismatch { alg, key } => {
                write!(f, "the header says {alg} but the key is {key}; the algorithm must fit the key")
            }
            SignatureError::DerSignature { len } => write!(
                f,
                "the signature is DER-encoded ({len} bytes); JWS ES256 signatures are the 64-byte raw r||s form (RFC 7518 §3.4)"
            ),
            SignatureError::WrongLength { len, expected } => {
                write!(f, "the signature is {len} bytes; ES256 signatures are {expected} bytes (r||s)")
            }
            SignatureError::Mismatch => write!(f, "the signature does not match the header and payload under this key"),
        }
    }
}

impl std::error::Error for SignatureError {}

/// Does `signature` look like an ASN.1 DER `SEQUENCE { INTEGER r, INTEGER s }`?
pub fn looks_like_der(signature: &[u8]) -> bool {
    signature.len() >= 8
        && signature.len() <= 72
        && signature[0] == 0x30
        && usize::from(signature[1]) == signature.len() - 2
        && signature[2] == 0x02
}

/// P-256 group order n, halved (big-endian): an `s` above it is "high-S".
const P256_HALF_ORDER: [u8; 32] = [
    0x7f, 0xff, 0xff, 0xff, 0x80, 0x00, 0x00, 0x00, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xde,
    0x73, 0x7d, 0x56, 0xd3, 0x8b, 0xcf, 0x42, 0x79, 0xdc, 0xe5, 0x61, 0x7e, 0x31, 0x92, 0xa8,
];

/// P-256 group order n (big-endian).
const P256_ORDER: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xbc,
    0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
];

/// Rewrite a high-S ES256 signature `(r, s)` as the equivalent low-S `(r, n - s)`, so the
/// signatures ptix makes are never malleable-looking (both verify; low-S is canonical).
pub fn normalize_low_s(signature: &mut [u8]) {
    if !is_high_s(signature) {
        return;
    }
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let mut d = i16::from(P256_ORDER[i]) - i16::from(signature[32 + i]) - borrow;
        borrow = i16::from(d < 0);
        if d < 0 {
            d += 256;
        }
        signature[32 + i] = d as u8;
    }
}

/// A 64-byte ES256 signature whose `s` is above n/2: valid JOSE, but malleable
/// (`(r, n - s)` verifies too).
pub fn is_high_s(signature: &[u8]) -> bool {
    signature.len() == 64 && signature[32..] > P256_HALF_ORDER[..]
}

/// Verify a JWS signature over `signing_input` with `key`, for the algorithm `alg`.
pub fn verify(
    alg: Alg,
    key: &PublicKey,
    signing_input: &[u8],
    signature: &[u8],
) -> Result<(), SignatureError> {
    match (alg, key) {
        (Alg::Es256, PublicKey::Ec(_)) => {
            if signature.len() != 64 {
                return Err(if looks_like_der(signature) {
                    SignatureError::DerSignature { len: signature.len() }
                } else {
                    SignatureError::WrongLength {
                        len: signature.len(),
                        expected: 64,
                    }
                });
            }
            let point = key.ec_point().unwrap_or_default();
            UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, point)
                .verify(signing_input, signature)
                .map_err(|_| SignatureError::Mismatch)
        }
        (Alg::Rs256, PublicKey::Rsa(k)) => RsaPublicKeyComponents {
            n: &k.n[..],
            e: &k.e[..],
        }
        .verify(&RSA_PKCS1_2048_8192_SHA256, signing_input, signature)
        .map_err(|_| SignatureError::Mismatch),
        (alg, key) => Err(SignatureError::AlgKeyMismatch {
            alg: alg.name(),
            key: key.describe(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn high_s_boundary() {
        let mut sig = [0u8; 64];
        sig[32..].copy_from_slice(&P256_HALF_ORDER);
        assert!(!is_high_s(&sig));
        sig[63] += 1;
        assert!(is_high_s(&sig));
        // n - (n/2 + 1) = n/2 (n is odd), which is low-S.
        normalize_low_s(&mut sig);
        assert!(!is_high_s(&sig));
        assert_eq!(sig[32..], P256_HALF_ORDER[..]);
    }
}
