//! Load keys by content: PEM (PKCS#8, encrypted PKCS#8, SEC1, SPKI, PKCS#1), DER, JWK, JWK Set.
//!
//! The file name never decides the format. Whatever is found that ptix cannot use is named in
//! the error, with what to do about it.

use std::fmt;

use p256::pkcs8::DecodePrivateKey;
use pkcs8::der::Decode;
use zeroize::Zeroizing;

use super::passphrase::PassphraseSource;
use super::{jwk, PublicKey, RsaPublicKey, SigningKey};
use crate::jose::json;

const OID_EC: &str = "1.2.840.10045.2.1";
const OID_RSA: &str = "1.2.840.113549.1.1.1";
const OID_PBES2: &str = "1.2.840.113549.1.5.13";

/// A named curve's OID, as a person would call it.
fn curve_name(oid: &str) -> String {
    match oid {
        "1.2.840.10045.3.1.7" => "P-256".into(),
        "1.3.132.0.34" => "P-384".into(),
        "1.3.132.0.35" => "P-521".into(),
        "1.3.132.0.10" => "secp256k1".into(),
        "1.3.36.3.3.2.8.1.1.7" => "brainpoolP256r1".into(),
        other => format!("EC curve {other}"),
    }
}

fn algorithm_name(oid: &str) -> String {
    match oid {
        "1.3.101.112" => "an Ed25519 key".into(),
        "1.3.101.113" => "an Ed448 key".into(),
        "1.3.101.110" => "an X25519 key".into(),
        "1.2.840.10040.4.1" => "a DSA key".into(),
        "1.2.840.113549.1.1.10" => "an RSA-PSS key".into(),
        other => format!("a key of algorithm {other}"),
    }
}

/// Where a key came from, in the file's own terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyFormat {
    Pkcs8Pem,
    EncryptedPkcs8Pem,
    Sec1Pem,
    SpkiPem,
    Pkcs1Pem,
    Pkcs8Der,
    EncryptedPkcs8Der,
    Sec1Der,
    SpkiDer,
    Jwk,
    JwkSet { index: usize },
}

impl fmt::Display for KeyFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyFormat::Pkcs8Pem => write!(f, "PKCS#8 PEM"),
            KeyFormat::EncryptedPkcs8Pem => write!(f, "encrypted PKCS#8 PEM"),
            KeyFormat::Sec1Pem => write!(f, "SEC1 EC PRIVATE KEY PEM"),
            KeyFormat::SpkiPem => write!(f, "SPKI PUBLIC KEY PEM"),
            KeyFormat::Pkcs1Pem => write!(f, "PKCS#1 RSA PEM"),
            KeyFormat::Pkcs8Der => write!(f, "PKCS#8 DER"),
            KeyFormat::EncryptedPkcs8Der => write!(f, "encrypted PKCS#8 DER"),
            KeyFormat::Sec1Der => write!(f, "SEC1 EC private key DER"),
            KeyFormat::SpkiDer => write!(f, "SPKI DER"),
            KeyFormat::Jwk => write!(f, "JWK"),
            KeyFormat::JwkSet { index } => write!(f, "JWK Set entry {index}"),
        }
    }
}

/// The key itself.
pub enum KeyMaterial {
    PrivateEc(p256::SecretKey),
    PublicEc(p256::PublicKey),
    PublicRsa(RsaPublicKey),
    /// An RSA private key: only its public half is kept (ptix never signs with RSA).
    PrivateRsa(RsaPublicKey),
}

/// Never shows private key material: a private key appears as its public key's thumbprint.
impl fmt::Debug for KeyMaterial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (kind, public) = match self {
            KeyMaterial::PrivateEc(s) => ("PrivateEc", PublicKey::Ec(s.public_key())),
            KeyMaterial::PublicEc(p) => ("PublicEc", PublicKey::Ec(*p)),
            KeyMaterial::PublicRsa(k) => ("PublicRsa", PublicKey::Rsa(k.clone())),
            KeyMaterial::PrivateRsa(k) => ("PrivateRsa", PublicKey::Rsa(k.clone())),
        };
        write!(f, "{kind}(thumbprint {})", public.thumbprint())
    }
}

/// A key as read from a file, with the JWK metadata that came with it. Its `Debug` shows the
/// metadata and the public thumbprint, never private key material.
#[derive(Debug)]
pub struct LoadedKey {
    pub material: KeyMaterial,
    pub kid: Option<String>,
    pub alg: Option<String>,
    pub key_use: Option<String>,
    /// A JWK's `key_ops` (RFC 7517 §4.3), when it states them.
    pub key_ops: Option<Vec<String>>,
    pub format: KeyFormat,
    /// The file (or other source) the key came from, for messages.
    pub label: String,
}

impl LoadedKey {
    /// The public key (of a private key: its public half).
    pub fn public(&self) -> PublicKey {
        match &self.material {
            KeyMaterial::PrivateEc(s) => PublicKey::Ec(s.public_key()),
            KeyMaterial::PublicEc(p) => PublicKey::Ec(*p),
            KeyMaterial::PublicRsa(k) | KeyMaterial::PrivateRsa(k) => PublicKey::Rsa(k.clone()),
        }
    }
    pub fn is_private(&self) -> bool {
        matches!(
            self.material,
            KeyMaterial::PrivateEc(_) | KeyMaterial::PrivateRsa(_)
        )
    }
    /// The `key_ops` of the key's public half: a private JWK's `"sign"` is its public half's
    /// `"verify"` (as WebCrypto exports the two halves of one pair), so a private JWK given to
    /// verify with is judged by what its public half may do.
    pub fn public_key_ops(&self) -> Option<Vec<String>> {
        let ops = self.key_ops.as_ref()?;
        if !self.is_private() {
            return Some(ops.clone());
        }
        let mut public: Vec<String> = Vec::new();
        for op in ops {
            let op = if op == "sign" { "verify" } else { op.as_str() };
            if !public.iter().any(|o| o == op) {
                public.push(op.to_string());
            }
        }
        Some(public)
    }
    /// The key's `kid`: the one it names, else its RFC 7638 thumbprint.
    pub fn kid_or_thumbprint(&self) -> String {
        self.kid.clone().unwrap_or_else(|| self.public().thumbprint())
    }
    /// What the key's own members say against using it for `op` with `alg`
    /// ([`stated_against`]).
    pub fn stated_against(&self, op: &str, alg: &str) -> Option<String> {
        stated_against(
            self.key_use.as_deref(),
            self.alg.as_deref(),
            self.key_ops.as_deref(),
            op,
            alg,
        )
    }
    /// Turn the key into a signing key (P-256 private keys only).
    pub fn into_signing_key(self) -> Result<SigningKey, KeyError> {
        // A JWK that states what it is for must allow ES256 signing (RFC 7517 §4.2-4.4).
        if let Some(what) = self.stated_against("sign", "ES256") {
            return Err(KeyError::Unsupported {
                label: self.label,
                what: format!("a JWK whose {what} does not allow ES256 signing"),
            });
        }
        match self.material {
            KeyMaterial::PrivateEc(secret) => SigningKey::new(secret, self.kid),
            KeyMaterial::PrivateRsa(_) => Err(KeyError::RsaPrivate { label: self.label }),
            KeyMaterial::PublicEc(_) | KeyMaterial::PublicRsa(_) => Err(KeyError::NeedPrivate {
                label: self.label,
                found: self.format.to_string(),
            }),
        }
    }
}

/// Why a key could not be used. Every message names the source and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("{label}: not a key ptix can read ({found}); expected a PEM key (PKCS#8, SEC1, SPKI), a JWK or a JWK Set")]
    NotAKey { label: String, found: String },
    #[error(
        "{label}: this is a {curve} key; Permission Tickets use P-256 (ES256). Create one with `ptix keygen`"
    )]
    WrongCurve { label: String, curve: String },
    #[error("{label}: this is an RSA private key; ptix signs with ES256 only (P-256). Create a key with `ptix keygen`")]
    RsaPrivate { label: String },
    #[error(
        "{label}: this is a public key ({found}); signing needs the private key (e.g. keys/NAME.key.pem)"
    )]
    NeedPrivate { label: String, found: String },
    #[error("{label}: encrypted key: give --passphrase-file FILE or --passphrase-env VAR (or run on a terminal to be prompted)")]
    Encrypted { label: String },
    #[error("{label}: wrong passphrase (or the encrypted key is damaged)")]
    WrongPassphrase { label: String },
    #[error("{label}: the key is encrypted with {scheme}, which ptix does not read; convert it with `openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256 -in OLD -out NEW`")]
    UnsupportedEncryption { label: String, scheme: String },
    #[error("{label}: {what}")]
    Unsupported { label: String, what: String },
    #[error("{label}: invalid key: {detail}")]
    Invalid { label: String, detail: String },
    #[error("{label}: holds {count} keys; give a file with exactly one signing key")]
    Several { label: String, count: usize },
    #[error("passphrase: {0}")]
    Passphrase(String),
    #[error("internal key error: {0}")]
    Internal(String),
}

/// Read every key in `bytes` (a JWK Set can hold several; those of its keys ptix cannot use
/// are left out, see [`load_noting_ignored`]).
///
/// `passphrase` is consulted only if the key turns out to be encrypted.
pub fn load(
    bytes: &[u8],
    label: &str,
    passphrase: Option<&PassphraseSource>,
) -> Result<Vec<LoadedKey>, KeyError> {
    load_noting_ignored(bytes, label, passphrase).map(|(keys, _)| keys)
}

/// [`load`], also returning the JWK Set entries left out and why (RFC 7517 §5: a set may hold
/// keys a verifier does not understand; see [`jwk::parse_jwks`]).
pub fn load_noting_ignored(
    bytes: &[u8],
    label: &str,
    passphrase: Option<&PassphraseSource>,
) -> Result<(Vec<LoadedKey>, Vec<jwk::Ignored>), KeyError> {
    let text_start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let body = &bytes[text_start..];
    let body = crate::io::strip_bom(body);
    if body.first() == Some(&b'{') {
        let mut parsed = json::parse(body).map_err(|e| KeyError::Invalid {
            label: label.into(),
            detail: format!("not valid JSON: {}", json::describe(&e)),
        })?;
        if let Some(pointer) = parsed.duplicates.first() {
            let detail =
                format!("member {pointer} is given twice; a key whose members are ambiguous is not used");
            jwk::wipe(&mut parsed.value);
            return Err(KeyError::Invalid {
                label: label.into(),
                detail,
            });
        }
        let keys = if parsed.value.get("keys").is_some() {
            jwk::parse_jwks(&parsed.value, label)
        } else {
            jwk::parse_jwk(&parsed.value, label, None).map(|k| (vec![k], Vec::new()))
        };
        jwk::wipe(&mut parsed.value);
        return keys;
    }
    // Text before the first block ("Bag Attributes" from `openssl pkcs12`, a comment) is
    // allowed: RFC 7468 §2 says parsers must not malfunction on it.
    if body.starts_with(b"-----BEGIN ") || body.windows(12).any(|w| w == b"\n-----BEGIN ") {
        return load_pem(body, label, passphrase).map(|k| (k, Vec::new()));
    }
    if body.first() == Some(&0x30) {
        return load_der(bytes, label, passphrase).map(|k| (k, Vec::new()));
    }
    let found = if body.is_empty() {
        "the input is empty".to_string()
    } else if std::str::from_utf8(body).is_err() {
        "binary data".to_string()
    } else if body.starts_with(b"eyJ") {
        "it looks like a JWT, not a key".to_string()
    } else if body.starts_with(b"ssh-") || body.starts_with(b"ecdsa-sha2") {
        "an OpenSSH public key; convert it with `ssh-keygen -e -m PKCS8 -f FILE`".to_string()
    } else {
        "text that is not PEM or JSON".to_string()
    };
    Err(KeyError::NotAKey {
        label: label.into(),
        found,
    })
}

/// Split a PEM file into its blocks: `(label, whole block text)`.
fn pem_blocks(text: &str) -> Vec<(&str, &str)> {
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let after = &rest[start + 11..];
        let Some(label_end) = after.find("-----") else {
            break;
        };
        let pem_label = &after[..label_end];
        let end_marker = format!("-----END {pem_label}-----");
        let Some(end) = rest[start..].find(&end_marker) else {
            break;
        };
        let block_end = start + end + end_marker.len();
        blocks.push((pem_label, &rest[start..block_end]));
        rest = &rest[block_end..];
    }
    blocks
}

fn load_pem(
    body: &[u8],
    label: &str,
    passphrase: Option<&PassphraseSource>,
) -> Result<Vec<LoadedKey>, KeyError> {
    let text = std::str::from_utf8(body).map_err(|_| KeyError::NotAKey {
        label: label.into(),
        found: "PEM with non-UTF-8 bytes".into(),
    })?;
    let mut blocks: Vec<_> = pem_blocks(text)
        .into_iter()
        .filter(|(l, _)| *l != "EC PARAMETERS")
        .collect();
    // A key bundled with its certificates (as `openssl pkcs12 -nodes` writes): the key.
    if blocks.len() > 1 && blocks.iter().filter(|(l, _)| *l != "CERTIFICATE").count() == 1 {
        blocks.retain(|(l, _)| *l != "CERTIFICATE");
    }
    let (pem_label, block) = match blocks.as_slice() {
        [] => {
            return Err(KeyError::Invalid {
                label: label.into(),
                detail: "a PEM block starts but has no matching END line".into(),
            })
        }
        [one] => *one,
        many => {
            return Err(KeyError::Several {
                label: label.into(),
                count: many.len(),
            })
        }
    };
    let der = |expected: &str| -> Result<Zeroizing<Vec<u8>>, KeyError> {
        let (found_label, der) =
            pkcs8::der::pem::decode_vec(block.as_bytes()).map_err(|e| KeyError::Invalid {
                label: label.into(),
                detail: format!("the {expected} PEM block does not decode: {e}"),
            })?;
        debug_assert_eq!(found_label, expected);
        Ok(Zeroizing::new(der))
    };
    let key = match pem_label {
        "PRIVATE KEY" => from_pkcs8(&der(pem_label)?, label, KeyFormat::Pkcs8Pem)?,
        "ENCRYPTED PRIVATE KEY" => {
            let der = der(pem_label)?;
            let plain = decrypt(&der, label, passphrase)?;
            from_pkcs8(&plain, label, KeyFormat::EncryptedPkcs8Pem)?
        }
        // OpenSSL's legacy encryption: `Proc-Type: 4,ENCRYPTED` and `DEK-Info` in the block.
        _ if block.contains("Proc-Type:") => {
            return Err(KeyError::Unsupported {
                label: label.into(),
                what: "this key is encrypted in OpenSSL's legacy PEM format (Proc-Type and DEK-Info headers), which ptix does not read; convert it: `openssl pkcs8 -topk8 -v2 aes-256-cbc -in OLD -out NEW`".into(),
            })
        }
        "EC PRIVATE KEY" => from_sec1(&der(pem_label)?, label, KeyFormat::Sec1Pem)?,
        "PUBLIC KEY" => from_spki(&der(pem_label)?, label, KeyFormat::SpkiPem)?,
        "RSA PUBLIC KEY" => {
            let der = der(pem_label)?;
            let k = pkcs1::RsaPublicKey::from_der(&der).map_err(|e| invalid(label, e))?;
            rsa_key(
                KeyMaterial::PublicRsa(RsaPublicKey::new(k.modulus.as_bytes(), k.public_exponent.as_bytes())),
                label,
                KeyFormat::Pkcs1Pem,
            )?
        }
        "RSA PRIVATE KEY" => {
            let der = der(pem_label)?;
            let k = pkcs1::RsaPrivateKey::from_der(&der).map_err(|e| invalid(label, e))?;
            rsa_key(
                KeyMaterial::PrivateRsa(RsaPublicKey::new(k.modulus.as_bytes(), k.public_exponent.as_bytes())),
                label,
                KeyFormat::Pkcs1Pem,
            )?
        }
        "CERTIFICATE" => {
            return Err(KeyError::Unsupported {
                label: label.into(),
                what: CERTIFICATE.into(),
            })
        }
        "OPENSSH PRIVATE KEY" => {
            return Err(KeyError::Unsupported {
                label: label.into(),
                what: "this is an OpenSSH private key; convert it with `ssh-keygen -p -m PKCS8 -f FILE` or create one with `ptix keygen`".into(),
            })
        }
        other => {
            return Err(KeyError::NotAKey {
                label: label.into(),
                found: format!("a PEM block labelled \"{other}\""),
            })
        }
    };
    Ok(vec![key])
}

fn invalid(label: &str, e: impl fmt::Display) -> KeyError {
    KeyError::Invalid {
        label: label.into(),
        detail: e.to_string(),
    }
}

/// What a JWK's own members (`use`, `alg`, `key_ops`; RFC 7517 §4.2-4.4) say against using the
/// key for `op` (`sign` or `verify`) with `alg`, if anything: one place for signing (mint),
/// verifying (the key ring) and describing (`keygen --show`).
pub fn stated_against(
    key_use: Option<&str>,
    alg: Option<&str>,
    key_ops: Option<&[String]>,
    op: &str,
    wanted: &str,
) -> Option<String> {
    match (key_use, alg, key_ops) {
        (Some(u), _, _) if u != "sig" => Some(format!("\"use\": \"{u}\"")),
        (_, Some(a), _) if a != wanted => Some(format!("\"alg\": \"{a}\"")),
        (_, _, Some(ops)) if !ops.iter().any(|o| o == op) => {
            Some(format!("\"key_ops\": {ops:?}, which do not include \"{op}\""))
        }
        _ => None,
    }
}

fn rsa_key(material: KeyMaterial, label: &str, format: KeyFormat) -> Result<LoadedKey, KeyError> {
    if let KeyMaterial::PublicRsa(k) | KeyMaterial::PrivateRsa(k) = &material {
        if let Some(why) = k.unusable() {
            return Err(invalid(label, why));
        }
    }
    Ok(loaded(material, label, format))
}

fn loaded(material: KeyMaterial, label: &str, format: KeyFormat) -> LoadedKey {
    LoadedKey {
        material,
        kid: None,
        alg: None,
        key_use: None,
        key_ops: None,
        format,
        label: label.to_string(),
    }
}

/// A certificate holds a public key only: for verifying, its public key; for signing, nothing.
const CERTIFICATE: &str = "this is an X.509 certificate, which holds no private key: to verify with it, give its public key (`openssl x509 -pubkey -noout -in CERT -out KEY.pub.pem`, with `-inform DER` for a DER file); to sign, give the issuer's private key";

/// What a DER file that is no key is, when it is something keys come in: an X.509 certificate
/// (a signed structure: to-be-signed part, algorithm, signature bits) or a PKCS#12 bundle
/// (version 3, then PKCS#7 content).
fn der_container(bytes: &[u8]) -> Option<&'static str> {
    use pkcs8::der::asn1::{AnyRef, ObjectIdentifier};
    use pkcs8::der::{Decode, Reader, SliceReader, Tag, Tagged};
    let outer = AnyRef::from_der(bytes)
        .ok()
        .filter(|a| a.tag() == Tag::Sequence)?;
    let mut r = SliceReader::new(outer.value()).ok()?;
    let first: AnyRef<'_> = r.decode().ok()?;
    let second: AnyRef<'_> = r.decode().ok()?;
    match (first.tag(), second.tag()) {
        (Tag::Sequence, Tag::Sequence) => {
            let third: AnyRef<'_> = r.decode().ok()?;
            (third.tag() == Tag::BitString).then_some(CERTIFICATE)
        }
        (Tag::Integer, Tag::Sequence) if first.value() == [3] => {
            let oid: ObjectIdentifier = SliceReader::new(second.value()).ok()?.decode().ok()?;
            oid.to_string().starts_with("1.2.840.113549.1.7.").then_some(
                "this is a PKCS#12 bundle (.p12/.pfx), which ptix does not read; take the key out of it: `openssl pkcs12 -in FILE -nocerts -nodes -out KEY.pem` (the private key, for signing; add `-legacy` for an old bundle) or `openssl pkcs12 -in FILE -nokeys -clcerts | openssl x509 -pubkey -noout -out KEY.pub.pem` (the public key, for verifying)",
            )
        }
        _ => None,
    }
}

fn load_der(
    bytes: &[u8],
    label: &str,
    passphrase: Option<&PassphraseSource>,
) -> Result<Vec<LoadedKey>, KeyError> {
    if pkcs8::PrivateKeyInfo::from_der(bytes).is_ok() {
        return Ok(vec![from_pkcs8(bytes, label, KeyFormat::Pkcs8Der)?]);
    }
    if spki::SubjectPublicKeyInfoRef::from_der(bytes).is_ok() {
        return Ok(vec![from_spki(bytes, label, KeyFormat::SpkiDer)?]);
    }
    // Recognised by its outer shape, so a cipher ptix does not know is named, not "no key".
    if encryption_scheme_oid(bytes).is_some() {
        let plain = decrypt(bytes, label, passphrase)?;
        return Ok(vec![from_pkcs8(&plain, label, KeyFormat::EncryptedPkcs8Der)?]);
    }
    if sec1::EcPrivateKey::from_der(bytes).is_ok() {
        return Ok(vec![from_sec1(bytes, label, KeyFormat::Sec1Der)?]);
    }
    if let Some(what) = der_container(bytes) {
        return Err(KeyError::Unsupported {
            label: label.into(),
            what: what.into(),
        });
    }
    Err(KeyError::NotAKey {
        label: label.into(),
        found: "DER that is none of PKCS#8 (plain or encrypted), SEC1 or SPKI".into(),
    })
}

fn decrypt(
    der: &[u8],
    label: &str,
    passphrase: Option<&PassphraseSource>,
) -> Result<Zeroizing<Vec<u8>>, KeyError> {
    let scheme_oid =
        encryption_scheme_oid(der).ok_or_else(|| invalid(label, "malformed EncryptedPrivateKeyInfo"))?;
    if scheme_oid != OID_PBES2 {
        return Err(KeyError::UnsupportedEncryption {
            label: label.into(),
            scheme: format!("PBES1 or another legacy scheme ({scheme_oid})"),
        });
    }
    // PBES2 whose parameters do not parse: most often a cipher the pkcs5 crate does not know
    // (Camellia, AES-ECB), which only a conversion can help.
    let info =
        pkcs8::EncryptedPrivateKeyInfo::from_der(der).map_err(|e| KeyError::UnsupportedEncryption {
            label: label.into(),
            scheme: format!(
                "PBES2 and a cipher or key derivation other than AES-CBC, 3DES, PBKDF2 and scrypt ({e})"
            ),
        })?;
    if let pkcs8::pkcs5::EncryptionScheme::Pbes2(params) = &info.encryption_algorithm {
        kdf_within_limits(&params.kdf).map_err(|what| KeyError::UnsupportedEncryption {
            label: label.into(),
            scheme: what,
        })?;
    }
    let source = passphrase.ok_or_else(|| KeyError::Encrypted { label: label.into() })?;
    let pass = source.read(label)?;
    match info.decrypt(pass.as_bytes()) {
        Ok(doc) => Ok(Zeroizing::new(doc.as_bytes().to_vec())),
        Err(pkcs8::Error::EncryptedPrivateKey(pkcs8::pkcs5::Error::UnsupportedAlgorithm { oid })) => {
            Err(KeyError::UnsupportedEncryption {
                label: label.into(),
                scheme: format!("PBES2 with a cipher or PRF it does not know (OID {oid})"),
            })
        }
        Err(_) => Err(KeyError::WrongPassphrase { label: label.into() }),
    }
}

/// Most PBKDF2 iterations ptix runs to unlock a key (it writes 600,000; OpenSSL 3 writes 2,048;
/// 10 million take about 1.5 s). The count comes from the key file.
pub const MAX_PBKDF2_ITERATIONS: u32 = 10_000_000;

/// Most memory scrypt may use to unlock a key, 128 * r * N bytes (p256's default is 128 MiB).
/// Without a limit, a key file naming N = 2^40 makes the allocation abort the process.
pub const MAX_SCRYPT_BYTES: u64 = 256 << 20;

/// The key derivation's cost, read from the key file, is within what ptix will spend.
fn kdf_within_limits(kdf: &pkcs8::pkcs5::pbes2::Kdf<'_>) -> Result<(), String> {
    use pkcs8::pkcs5::pbes2::Kdf;
    match kdf {
        Kdf::Pbkdf2(p) if p.iteration_count > MAX_PBKDF2_ITERATIONS => Err(format!(
            "PBKDF2 with {} iterations, over ptix's limit of {MAX_PBKDF2_ITERATIONS}",
            p.iteration_count
        )),
        Kdf::Scrypt(p) => {
            let memory = 128u128 * u128::from(p.cost_parameter) * u128::from(p.block_size);
            let work = memory * u128::from(p.parallelization);
            if memory > u128::from(MAX_SCRYPT_BYTES) || work > 16 * u128::from(MAX_SCRYPT_BYTES) {
                Err(format!(
                    "scrypt with N={}, r={}, p={}, over ptix's limit of {} MiB",
                    p.cost_parameter,
                    p.block_size,
                    p.parallelization,
                    MAX_SCRYPT_BYTES >> 20
                ))
            } else {
                Ok(())
            }
        }
        _ => Ok(()),
    }
}

/// The encryption scheme OID of an EncryptedPrivateKeyInfo, read without interpreting its
/// parameters (so legacy PBES1 schemes can be named rather than failing to parse).
fn encryption_scheme_oid(der: &[u8]) -> Option<String> {
    use pkcs8::der::Reader;
    let mut reader = pkcs8::der::SliceReader::new(der).ok()?;
    reader
        .sequence(|r| {
            let alg: spki::AlgorithmIdentifierRef<'_> = r.decode()?;
            let _: pkcs8::der::asn1::OctetStringRef<'_> = r.decode()?;
            Ok(alg.oid.to_string())
        })
        .ok()
}

fn from_pkcs8(der: &[u8], label: &str, format: KeyFormat) -> Result<LoadedKey, KeyError> {
    let info = pkcs8::PrivateKeyInfo::from_der(der).map_err(|e| invalid(label, e))?;
    let alg = info.algorithm.oid.to_string();
    match alg.as_str() {
        OID_EC => {
            require_p256(
                info.algorithm.parameters_oid().ok().map(|o| o.to_string()),
                label,
                false,
            )?;
            let secret =
                p256::SecretKey::from_pkcs8_der(der).map_err(|e| not_p256(info.private_key, label, e))?;
            Ok(loaded(KeyMaterial::PrivateEc(secret), label, format))
        }
        OID_RSA => {
            let k = pkcs1::RsaPrivateKey::from_der(info.private_key).map_err(|e| invalid(label, e))?;
            rsa_key(
                KeyMaterial::PrivateRsa(RsaPublicKey::new(
                    k.modulus.as_bytes(),
                    k.public_exponent.as_bytes(),
                )),
                label,
                format,
            )
        }
        other => Err(KeyError::Unsupported {
            label: label.into(),
            what: format!(
                "this is {}; Permission Tickets use P-256 (ES256)",
                algorithm_name(other)
            ),
        }),
    }
}

/// An EC key's named curve must be P-256; `None`: the key gives its curve by explicit
/// parameters instead of a name (`public`: a public key, for the conversion command).
fn require_p256(curve_oid: Option<String>, label: &str, public: bool) -> Result<(), KeyError> {
    match curve_oid.map(|o| curve_name(&o)) {
        Some(curve) if curve == "P-256" => Ok(()),
        Some(curve) => Err(KeyError::WrongCurve {
            label: label.into(),
            curve,
        }),
        None => Err(KeyError::Unsupported {
            label: label.into(),
            what: format!(
                "this EC key gives its curve by explicit parameters, not by name, which ptix does not read; if it is a P-256 key, convert it: `openssl ec {}-in OLD -param_enc named_curve {}-out NEW`",
                if public { "-pubin " } else { "" },
                if public { "-pubout " } else { "" }
            ),
        }),
    }
}

fn from_sec1(der: &[u8], label: &str, format: KeyFormat) -> Result<LoadedKey, KeyError> {
    let key = sec1::EcPrivateKey::from_der(der).map_err(|e| {
        invalid(
            label,
            format!("{e} (a key written with explicit curve parameters is read once converted: `openssl ec -in OLD -param_enc named_curve -out NEW`)"),
        )
    })?;
    // A SEC1 key inside nothing else names its curve; one without parameters is taken as P-256
    // (and must then decode as one).
    if let Some(p) = key.parameters {
        require_p256(p.named_curve().map(|o| o.to_string()), label, false)?;
    }
    let secret = p256::SecretKey::from_sec1_der(der).map_err(|e| not_p256(der, label, e))?;
    Ok(loaded(KeyMaterial::PrivateEc(secret), label, format))
}

/// Why a P-256 private key (SEC1 `ECPrivateKey` DER, alone or inside PKCS#8) did not decode:
/// a stored public key that is not the private value's is named as such.
fn not_p256(ec_der: &[u8], label: &str, e: impl std::fmt::Display) -> KeyError {
    let mismatch = sec1::EcPrivateKey::from_der(ec_der).ok().is_some_and(|k| {
        let Ok(secret) = p256::SecretKey::from_slice(k.private_key) else {
            return false;
        };
        k.public_key
            .is_some_and(|stored| p256::PublicKey::from_sec1_bytes(stored).ok() != Some(secret.public_key()))
    });
    if mismatch {
        invalid(
            label,
            "the public key stored in the file is not the one of its private key (the file is damaged or was edited); export the key again from where it was made",
        )
    } else {
        invalid(label, e)
    }
}

fn from_spki(der: &[u8], label: &str, format: KeyFormat) -> Result<LoadedKey, KeyError> {
    let info = spki::SubjectPublicKeyInfoRef::from_der(der).map_err(|e| invalid(label, e))?;
    let alg = info.algorithm.oid.to_string();
    let raw = info.subject_public_key.raw_bytes();
    match alg.as_str() {
        OID_EC => {
            require_p256(
                info.algorithm.parameters_oid().ok().map(|o| o.to_string()),
                label,
                true,
            )?;
            let public = p256::PublicKey::from_sec1_bytes(raw)
                .map_err(|_| invalid(label, "the public point is not on the P-256 curve"))?;
            Ok(loaded(KeyMaterial::PublicEc(public), label, format))
        }
        OID_RSA => {
            let k = pkcs1::RsaPublicKey::from_der(raw).map_err(|e| invalid(label, e))?;
            rsa_key(
                KeyMaterial::PublicRsa(RsaPublicKey::new(
                    k.modulus.as_bytes(),
                    k.public_exponent.as_bytes(),
                )),
                label,
                format,
            )
        }
        other => Err(KeyError::Unsupported {
            label: label.into(),
            what: format!(
                "this is {}; Permission Tickets use P-256 (ES256) or RSA (RS256)",
                algorithm_name(other)
            ),
        }),
    }
}

/// Read exactly one P-256 private key for signing.
pub fn load_signing_key(
    bytes: &[u8],
    label: &str,
    passphrase: Option<&PassphraseSource>,
) -> Result<SigningKey, KeyError> {
    let mut keys = load(bytes, label, passphrase)?;
    let private: Vec<usize> = (0..keys.len()).filter(|&i| keys[i].is_private()).collect();
    match (keys.len(), private.as_slice()) {
        (1, _) => keys.remove(0).into_signing_key(),
        (_, [one]) => keys.remove(*one).into_signing_key(),
        (_, []) => Err(KeyError::NeedPrivate {
            label: label.into(),
            found: "a JWK Set of public keys".into(),
        }),
        (count, _) => Err(KeyError::Several {
            label: label.into(),
            count,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Debug output (as in `{:?}`, logs, `dbg!`) never contains the private key, in any form.
    #[test]
    fn debug_never_shows_private_key_material() {
        let pem = include_bytes!("../../keys/demo-issuer.key.pem");
        let keys = load(pem, "demo", None).unwrap();
        let KeyMaterial::PrivateEc(secret) = &keys[0].material else {
            panic!("a private key")
        };
        let d = secret.to_bytes();
        let forms = [
            crate::jose::b64url::encode(&d),
            d.iter().map(|b| format!("{b:02x}")).collect::<String>(),
            d.iter().map(|b| format!("{b:02X}")).collect::<String>(),
            format!("{:?}", d.as_slice()),
        ];
        let body: String = std::str::from_utf8(pem)
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .collect();
        let shown = [
            format!("{:?}", keys[0]),
            format!("{:#?}", keys),
            format!("{secret:?}"),
            format!(
                "{:?}",
                keys.into_iter().next().unwrap().into_signing_key().unwrap()
            ),
        ];
        for s in &shown {
            for f in &forms {
                assert!(!s.contains(f.as_str()), "{s} shows the key");
            }
            assert!(!s.contains(&body[..20]), "{s} shows the PEM body");
        }
        assert!(shown[0].contains("PrivateEc(thumbprint "), "{}", shown[0]);
    }

    /// An encrypted key whose KDF parameters (attacker-chosen, in the file) would take minutes
    /// or abort on allocation is refused before any derivation.
    #[test]
    fn kdf_costs_from_the_key_file_are_bounded() {
        use pkcs8::der::Encode;
        use pkcs8::pkcs5::pbes2::{self, Kdf, Pbkdf2Params, Pbkdf2Prf, ScryptParams};
        let salt = [7u8; 16];
        let iv = [9u8; 16];
        let pass = PassphraseSource::File(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/keys/passphrase.txt"),
        );
        let kdfs = [
            Kdf::Pbkdf2(Pbkdf2Params {
                salt: &salt,
                iteration_count: u32::MAX,
                key_length: None,
                prf: Pbkdf2Prf::HmacWithSha256,
            }),
            Kdf::Scrypt(ScryptParams {
                salt: &salt,
                cost_parameter: 1 << 40,
                block_size: 8,
                parallelization: 1,
                key_length: None,
            }),
            Kdf::Scrypt(ScryptParams {
                salt: &salt,
                cost_parameter: 1 << 17,
                block_size: 8,
                parallelization: u16::MAX,
                key_length: None,
            }),
        ];
        for kdf in kdfs {
            let info = pkcs8::EncryptedPrivateKeyInfo {
                encryption_algorithm: pkcs8::pkcs5::EncryptionScheme::Pbes2(pbes2::Parameters {
                    kdf,
                    encryption: pbes2::EncryptionScheme::Aes256Cbc { iv: &iv },
                }),
                encrypted_data: &[0u8; 144],
            };
            let pem = pkcs8::der::pem::encode_string(
                "ENCRYPTED PRIVATE KEY",
                pkcs8::der::pem::LineEnding::LF,
                &info.to_der().unwrap(),
            )
            .unwrap();
            let start = std::time::Instant::now();
            let err = load(pem.as_bytes(), "costly", Some(&pass))
                .unwrap_err()
                .to_string();
            assert!(err.contains("over ptix's limit"), "{err}");
            assert!(start.elapsed() < std::time::Duration::from_secs(1));
        }
    }

    #[test]
    fn a_private_jwk_is_read_and_its_json_wiped() {
        let mut v: serde_json::Value = serde_json::from_slice(include_bytes!(
            "../../tests/fixtures/keys/python-private.jwk.json"
        ))
        .unwrap();
        assert!(jwk::parse_jwk(&v, "jwk", None).unwrap().is_private());
        jwk::wipe(&mut v);
        // `Zeroize for String` overwrites the bytes (and spare capacity), then truncates.
        assert_eq!(v["d"], "");
        assert_eq!(v["x"], "");
    }
}
