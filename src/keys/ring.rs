//! A set of trusted verification keys, and choosing the one a token names by `kid`.

use std::fmt;

use super::{LoadedKey, PublicKey};
use crate::jose::Alg;

/// A key trusted for verification, with the JWK metadata that restricts it.
#[derive(Debug, Clone)]
pub struct TrustedKey {
    /// The EC key parsed once for the backend (verifying many tickets re-uses it).
    pub parsed: Option<std::sync::Arc<aws_lc_rs::signature::ParsedPublicKey>>,
    pub key: PublicKey,
    /// The `kid` it is known by: the JWK's own, else the RFC 7638 thumbprint.
    pub kid: String,
    /// Whether `kid` came from the key file (a JWK) rather than the thumbprint.
    pub named: bool,
    /// An entry of a JWK Set: found by its own `kid` only, as JOSE libraries and the guide's
    /// reference implementation look keys up in a published set (a key file of its own, PEM or
    /// JWK, is also found by its thumbprint).
    pub in_set: bool,
    pub alg: Option<String>,
    pub key_use: Option<String>,
    pub key_ops: Option<Vec<String>>,
    /// The file it came from.
    pub source: String,
}

impl TrustedKey {
    /// Verify a JWS signature with this key (the pre-parsed EC key when there is one).
    pub fn verify(
        &self,
        alg: Alg,
        signing_input: &[u8],
        signature: &[u8],
    ) -> Result<(), crate::jose::alg::SignatureError> {
        match (&self.parsed, alg) {
            (Some(parsed), Alg::Es256) if signature.len() == 64 => parsed
                .verify_sig(signing_input, signature)
                .map_err(|_| crate::jose::alg::SignatureError::Mismatch),
            _ => crate::jose::alg::verify(alg, &self.key, signing_input, signature),
        }
    }

    pub fn from_loaded(k: &LoadedKey) -> TrustedKey {
        let key = k.public();
        let parsed = key.ec_point().and_then(|point| {
            aws_lc_rs::signature::ParsedPublicKey::new(&aws_lc_rs::signature::ECDSA_P256_SHA256_FIXED, point)
                .ok()
                .map(std::sync::Arc::new)
        });
        TrustedKey {
            parsed,
            key,
            kid: k.kid_or_thumbprint(),
            named: k.kid.is_some(),
            in_set: matches!(k.format, super::load::KeyFormat::JwkSet { .. }),
            alg: k.alg.clone(),
            key_use: k.key_use.clone(),
            key_ops: k.public_key_ops(),
            source: k.label.clone(),
        }
    }
    /// Can this key verify `alg`? (kty/crv fit the algorithm; `alg` and `use`, when the JWK
    /// states them, agree.) `Err` says why not.
    pub fn eligible(&self, alg: Alg) -> Result<(), String> {
        if self.key.alg() != alg.name() {
            return Err(format!(
                "it is an {} key and the token says {}",
                self.key.describe(),
                alg.name()
            ));
        }
        match super::load::stated_against(
            self.key_use.as_deref(),
            self.alg.as_deref(),
            self.key_ops.as_deref(),
            "verify",
            alg.name(),
        ) {
            Some(what) => Err(format!("its JWK says {what}")),
            None => Ok(()),
        }
    }
}

/// Every key given with `--key` and `--jwks`.
#[derive(Debug, Clone, Default)]
pub struct KeyRing {
    pub keys: Vec<TrustedKey>,
    /// The files the keys came from, for messages.
    pub sources: Vec<String>,
    /// Keys of JWK Sets that ptix cannot use, left out (a token naming one is told why).
    pub ignored: Vec<super::jwk::Ignored>,
}

/// The result of choosing a key for a token.
#[derive(Debug)]
pub enum Selection<'a> {
    Found(&'a TrustedKey),
    /// The token has no `kid` and `--allow-missing-kid` was not given.
    MissingKid,
    /// Try each of these (no `kid`, `--allow-missing-kid`).
    TryAll(Vec<&'a TrustedKey>),
    /// No trusted key has this kid (or none with that kid fits the algorithm).
    NoMatch {
        kid: String,
        available: Vec<String>,
        unfit: Vec<String>,
    },
    /// No trusted key has this kid, but these keys were given on their own without a kid (a
    /// PEM file, a JWK without `kid`): the user named them to verify with, as a JOSE library
    /// given one key uses it whatever the token's kid. Try each.
    Unnamed {
        kid: String,
        candidates: Vec<&'a TrustedKey>,
    },
    /// More than one eligible key has this kid.
    Ambiguous {
        kid: String,
        sources: Vec<String>,
    },
}

impl KeyRing {
    pub fn add(&mut self, source: &str, keys: &[LoadedKey]) {
        self.sources.push(source.to_string());
        self.keys.extend(keys.iter().map(TrustedKey::from_loaded));
    }
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
    /// Choose the key for a token with this `kid` and algorithm.
    pub fn select(&self, kid: Option<&str>, alg: Alg, allow_missing_kid: bool) -> Selection<'_> {
        let Some(kid) = kid else {
            if !allow_missing_kid {
                return Selection::MissingKid;
            }
            return Selection::TryAll(self.keys.iter().filter(|k| k.eligible(alg).is_ok()).collect());
        };
        let named: Vec<&TrustedKey> = self
            .keys
            .iter()
            .filter(|k| k.kid == kid && (k.named || !k.in_set))
            .collect();
        // The same key offered twice (say, as a JWK and in a JWK Set) is one key.
        let mut fit: Vec<&TrustedKey> = Vec::new();
        for k in named.iter().copied().filter(|k| k.eligible(alg).is_ok()) {
            if !fit.iter().any(|f| f.key == k.key) {
                fit.push(k);
            }
        }
        let unnamed: Vec<&TrustedKey> = self
            .keys
            .iter()
            .filter(|k| !k.named && !k.in_set && k.eligible(alg).is_ok())
            .collect();
        match fit.as_slice() {
            [one] => Selection::Found(one),
            // Only when no trusted key has the kid (one that has it but cannot verify is named
            // in the refusal instead).
            [] if !unnamed.is_empty() && named.is_empty() => Selection::Unnamed {
                kid: kid.to_string(),
                candidates: unnamed,
            },
            [] => Selection::NoMatch {
                kid: kid.to_string(),
                available: self
                    .keys
                    .iter()
                    .filter(|k| k.named || !k.in_set)
                    .map(|k| k.kid.clone())
                    .collect(),
                unfit: named
                    .iter()
                    .filter_map(|k| {
                        k.eligible(alg)
                            .err()
                            .map(|why| format!("{} in {}: {why}", k.kid, k.source))
                    })
                    .chain(
                        self.ignored
                            .iter()
                            .filter(|i| i.kid.as_deref() == Some(kid))
                            .map(|i| format!("ignored {}", i.reason)),
                    )
                    .chain(
                        self.keys
                            .iter()
                            .filter(|k| k.kid == kid && !k.named && k.in_set)
                            .map(|k| {
                                format!(
                                    "{} holds a key without kid whose thumbprint is {kid}; a JWK Set key is found by its kid: add \"kid\": \"{kid}\" to it",
                                    k.source
                                )
                            }),
                    )
                    .collect(),
            },
            many => Selection::Ambiguous {
                kid: kid.to_string(),
                sources: many.iter().map(|k| k.source.clone()).collect(),
            },
        }
    }
}

impl fmt::Display for KeyRing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.sources.join(", "))
    }
}
