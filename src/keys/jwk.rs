//! JWK and JWK Set (RFC 7517, RFC 7518 §6): parsing into keys, and rendering public JWKs.

use serde_json::{json, Map, Value};

use super::load::{KeyError, KeyFormat, KeyMaterial, LoadedKey};
use super::{PublicKey, RsaPublicKey};
use crate::jose::b64url;
use p256::elliptic_curve::sec1::ToEncodedPoint;

/// The members that define a public key: `kty, crv, x, y` (EC) or `kty, n, e` (RSA).
pub fn public_members(key: &PublicKey) -> Map<String, Value> {
    let mut m = Map::new();
    match key {
        PublicKey::Ec(k) => {
            let point = k.to_encoded_point(false);
            let x = point.x().map(|x| b64url::encode(x)).unwrap_or_default();
            let y = point.y().map(|y| b64url::encode(y)).unwrap_or_default();
            m.insert("kty".into(), json!("EC"));
            m.insert("crv".into(), json!("P-256"));
            m.insert("x".into(), json!(x));
            m.insert("y".into(), json!(y));
        }
        PublicKey::Rsa(k) => {
            m.insert("kty".into(), json!("RSA"));
            m.insert("n".into(), json!(b64url::encode(&k.n)));
            m.insert("e".into(), json!(b64url::encode(&k.e)));
        }
    }
    m
}

/// A public JWK for publication: key members plus `kid`, `alg` and `use: sig`.
pub fn public_jwk(key: &PublicKey, kid: &str) -> Value {
    let mut m = public_members(key);
    m.insert("kid".into(), json!(kid));
    m.insert("alg".into(), json!(key.alg()));
    m.insert("use".into(), json!("sig"));
    Value::Object(m)
}

/// Read a JWK object (`index` is its position in a JWK Set, if it came from one).
pub fn parse_jwk(jwk: &Value, label: &str, index: Option<usize>) -> Result<LoadedKey, KeyError> {
    let at = match index {
        Some(i) => format!("{label} (key {i} of the JWK Set)"),
        None => label.to_string(),
    };
    let invalid = |detail: String| KeyError::Invalid {
        label: at.clone(),
        detail,
    };
    let obj = jwk
        .as_object()
        .ok_or_else(|| invalid("a JWK must be a JSON object".into()))?;
    let text = |name: &str| -> Result<Option<String>, KeyError> {
        match obj.get(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(invalid(format!("JWK member \"{name}\" must be a string"))),
        }
    };
    // Borrowed, not copied: for "d" the text is the private key.
    let bytes = |name: &str| -> Result<Vec<u8>, KeyError> {
        match obj.get(name) {
            Some(Value::String(s)) => {
                b64url::decode(s).map_err(|e| invalid(format!("JWK member \"{name}\": {e}")))
            }
            Some(_) => Err(invalid(format!("JWK member \"{name}\" must be a string"))),
            None => Err(invalid(format!("JWK member \"{name}\" is missing"))),
        }
    };
    let kty = text("kty")?.ok_or_else(|| invalid("JWK member \"kty\" is missing".into()))?;
    let has_private = obj.contains_key("d");
    let material = match kty.as_str() {
        "EC" => {
            let crv = text("crv")?.unwrap_or_default();
            if crv != "P-256" {
                return Err(KeyError::WrongCurve {
                    label: at.clone(),
                    curve: if crv.is_empty() {
                        "curve-less EC".into()
                    } else {
                        crv
                    },
                });
            }
            let (x, y) = (bytes("x")?, bytes("y")?);
            if x.len() != 32 || y.len() != 32 {
                return Err(invalid(format!(
                    "P-256 coordinates are 32 bytes each; x has {} and y has {}",
                    x.len(),
                    y.len()
                )));
            }
            let mut point = vec![4u8];
            point.extend_from_slice(&x);
            point.extend_from_slice(&y);
            let public = p256::PublicKey::from_sec1_bytes(&point)
                .map_err(|_| invalid("the point (x, y) is not on the P-256 curve".into()))?;
            if has_private {
                let d = zeroize::Zeroizing::new(bytes("d")?);
                let secret = p256::SecretKey::from_slice(&d)
                    .map_err(|_| invalid("JWK member \"d\" is not a valid P-256 private scalar".into()))?;
                if secret.public_key() != public {
                    return Err(invalid(
                        "the private key \"d\" does not match the public point (x, y)".into(),
                    ));
                }
                KeyMaterial::PrivateEc(secret)
            } else {
                KeyMaterial::PublicEc(public)
            }
        }
        "RSA" => {
            let key = RsaPublicKey::new(&bytes("n")?, &bytes("e")?);
            if let Some(why) = key.unusable() {
                return Err(invalid(why));
            }
            if has_private {
                KeyMaterial::PrivateRsa(key)
            } else {
                KeyMaterial::PublicRsa(key)
            }
        }
        "OKP" => {
            return Err(KeyError::Unsupported {
                label: at.clone(),
                what: format!(
                    "an OKP ({}) key; Permission Tickets are signed with ES256 (P-256) or RS256",
                    text("crv")?.unwrap_or_else(|| "EdDSA".into())
                ),
            })
        }
        "oct" => {
            return Err(KeyError::Unsupported {
                label: at.clone(),
                what: "a symmetric (oct) key; Permission Tickets are signed with ES256 (P-256), never HMAC"
                    .into(),
            })
        }
        other => return Err(invalid(format!("unknown JWK key type \"{other}\""))),
    };
    Ok(LoadedKey {
        material,
        kid: text("kid")?,
        alg: text("alg")?,
        key_use: text("use")?,
        key_ops: match obj.get("key_ops") {
            None => None,
            Some(Value::Array(ops)) => Some(
                ops.iter()
                    .map(|o| o.as_str().map(str::to_string))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| invalid("JWK member \"key_ops\" must be an array of strings".into()))?,
            ),
            Some(_) => {
                return Err(invalid(
                    "JWK member \"key_ops\" must be an array of strings".into(),
                ))
            }
        },
        format: match index {
            Some(i) => KeyFormat::JwkSet { index: i },
            None => KeyFormat::Jwk,
        },
        label: at,
    })
}

/// Overwrite every string in a parsed JWK or JWK Set with zeros (a private JWK's `d` is a
/// string in the parsed JSON; it must not linger in freed memory).
pub fn wipe(v: &mut Value) {
    use zeroize::Zeroize;
    match v {
        Value::String(s) => s.zeroize(),
        Value::Array(a) => a.iter_mut().for_each(wipe),
        Value::Object(m) => m.values_mut().for_each(wipe),
        _ => {}
    }
}

/// A key in a JWK Set that ptix cannot use, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignored {
    /// Its `kid`, when it has one (so a token naming it gets a precise message).
    pub kid: Option<String>,
    pub reason: String,
}

/// Read a JWK Set: every key in `keys` that ptix can use. Keys it cannot use (an unknown or
/// unsupported `kty` or curve, a missing or malformed member) are set aside with the reason, as
/// RFC 7517 §5 asks ("Implementations SHOULD ignore JWKs within a JWK Set that use kty values
/// that are not understood by them, that are missing required members, or for which values are
/// out of the supported ranges"): a published set may hold keys for other algorithms. A set
/// whose keys are all unusable is an error, naming the first one's problem.
pub fn parse_jwks(set: &Value, label: &str) -> Result<(Vec<LoadedKey>, Vec<Ignored>), KeyError> {
    let keys = set
        .get("keys")
        .and_then(Value::as_array)
        .ok_or_else(|| KeyError::Invalid {
            label: label.to_string(),
            detail: "a JWK Set needs a \"keys\" array".into(),
        })?;
    if keys.is_empty() {
        return Err(KeyError::Invalid {
            label: label.to_string(),
            detail: "the JWK Set holds no keys".into(),
        });
    }
    let mut usable = Vec::new();
    let mut ignored = Vec::new();
    let mut first_error = None;
    for (i, jwk) in keys.iter().enumerate() {
        match parse_jwk(jwk, label, Some(i)) {
            Ok(key) => usable.push(key),
            Err(e) => {
                // Advice to create a P-256 key is for a key file given to sign with; a published
                // set may rightly hold other keys.
                let reason = e.to_string();
                let reason = reason
                    .split(". Create one with")
                    .next()
                    .unwrap_or(&reason)
                    .to_string();
                ignored.push(Ignored {
                    kid: jwk.get("kid").and_then(Value::as_str).map(str::to_string),
                    reason,
                });
                first_error.get_or_insert(e);
            }
        }
    }
    match first_error {
        Some(e) if usable.is_empty() => Err(e),
        _ => Ok((usable, ignored)),
    }
}
