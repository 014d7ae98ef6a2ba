//! New P-256 key pairs and their files: PKCS#8 PEM (plain or PBES2-encrypted), SPKI PEM.

use p256::pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};
use rand_core::{OsRng, RngCore};
use zeroize::Zeroizing;

use super::KeyError;

/// PBKDF2-SHA256 iterations for encrypted keys: OWASP's 2023 figure for PBKDF2-HMAC-SHA256.
/// With AES-256-CBC this is a PBES2 scheme OpenSSL 3 reads (p256's default, scrypt with
/// 128 MiB, is refused by OpenSSL's memory limit).
pub const PBKDF2_ITERATIONS: u32 = 600_000;

/// A fresh random P-256 private key.
pub fn new_secret() -> p256::SecretKey {
    p256::SecretKey::random(&mut OsRng)
}

/// Unencrypted PKCS#8 PEM (`BEGIN PRIVATE KEY`).
pub fn private_pem(secret: &p256::SecretKey) -> Result<Zeroizing<String>, KeyError> {
    secret
        .to_pkcs8_pem(LineEnding::LF)
        .map_err(|e| KeyError::Internal(format!("PKCS#8 PEM encoding failed: {e}")))
}

/// Encrypted PKCS#8 PEM (`BEGIN ENCRYPTED PRIVATE KEY`): PBES2, PBKDF2-SHA256, AES-256-CBC.
pub fn encrypted_private_pem(
    secret: &p256::SecretKey,
    passphrase: &[u8],
    iterations: u32,
) -> Result<Zeroizing<String>, KeyError> {
    let mut salt = [0u8; 16];
    let mut iv = [0u8; 16];
    OsRng.fill_bytes(&mut salt);
    OsRng.fill_bytes(&mut iv);
    let params = pkcs8::pkcs5::pbes2::Parameters::pbkdf2_sha256_aes256cbc(iterations, &salt, &iv)
        .map_err(|e| KeyError::Internal(format!("PBES2 parameters: {e}")))?;
    let der = secret
        .to_pkcs8_der()
        .map_err(|e| KeyError::Internal(format!("PKCS#8 encoding failed: {e}")))?;
    let info = pkcs8::PrivateKeyInfo::try_from(der.as_bytes())
        .map_err(|e| KeyError::Internal(format!("PKCS#8 decoding failed: {e}")))?;
    let encrypted = info
        .encrypt_with_params(params, passphrase)
        .map_err(|e| KeyError::Internal(format!("PBES2 encryption failed: {e}")))?;
    encrypted
        .to_pem("ENCRYPTED PRIVATE KEY", LineEnding::LF)
        .map_err(|e| KeyError::Internal(format!("PEM encoding failed: {e}")))
}

/// SPKI PEM (`BEGIN PUBLIC KEY`).
pub fn public_pem(public: &p256::PublicKey) -> Result<String, KeyError> {
    public
        .to_public_key_pem(LineEnding::LF)
        .map_err(|e| KeyError::Internal(format!("SPKI PEM encoding failed: {e}")))
}
