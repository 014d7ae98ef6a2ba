//! `ptix keygen`: a new issuer key pair and its files, and `--show` for any key file.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::{json, Value};

use crate::io::{self, Output};
use crate::keys::{self, generate, jwk, KeyFormat, LoadedKey, PassphraseSource};

/// What to generate and where.
pub struct KeygenRequest {
    /// File name prefix: `PREFIX.key.pem`, `.pub.pem`, `.jwk.json`, `.jwks.json`.
    pub prefix: PathBuf,
    /// `kid` to use instead of the RFC 7638 thumbprint.
    pub kid: Option<String>,
    /// Encrypt the private key with a passphrase from this source.
    pub encrypt: Option<PassphraseSource>,
    /// Append the public JWK to this JWK Set instead of writing `PREFIX.jwks.json`.
    pub append_jwks: Option<PathBuf>,
    pub force: bool,
    /// PBKDF2 iterations for `encrypt` (600,000 unless a test lowers it).
    pub iterations: u32,
}

/// The files written.
#[derive(Debug, Serialize)]
pub struct KeygenFiles {
    pub private_key: String,
    pub public_key: String,
    pub jwk: String,
    pub jwks: String,
}

/// What was generated.
#[derive(Debug, Serialize)]
pub struct KeygenReport {
    pub kid: String,
    pub thumbprint: String,
    pub alg: &'static str,
    pub crv: &'static str,
    pub encrypted: bool,
    pub files: KeygenFiles,
    pub jwk: Value,
}

#[derive(Debug, thiserror::Error)]
pub enum KeygenError {
    #[error(transparent)]
    Key(#[from] keys::KeyError),
    #[error(transparent)]
    File(#[from] io::FileError),
    #[error("{path}: {detail}")]
    Jwks { path: String, detail: String },
    #[error("--kid must not be empty")]
    EmptyKid,
    #[error("--kid {0}")]
    BadKid(String),
}

/// Longest `--kid` accepted (a kid travels in every ticket's header).
const MAX_KID: usize = 256;

/// A `--kid` is published and printed: no control or bidi characters, and not a novel.
fn check_kid(kid: &str) -> Result<(), KeygenError> {
    if kid.is_empty() {
        return Err(KeygenError::EmptyKid);
    }
    if kid.chars().count() > MAX_KID {
        return Err(KeygenError::BadKid(format!(
            "is {} characters long; at most {MAX_KID}",
            kid.chars().count()
        )));
    }
    if kid.trim() != kid {
        return Err(KeygenError::BadKid(
            "has spaces around it: a kid is compared exactly, and a command line or header would \
             easily lose them; give it without"
                .into(),
        ));
    }
    if let Some(c) = kid
        .chars()
        .find(|c| crate::report::unsafe_char(*c) || matches!(c, '\n' | '\t'))
    {
        return Err(KeygenError::BadKid(format!(
            "holds the character U+{:04X}: a kid is shown in terminals and logs; use printable characters",
            c as u32
        )));
    }
    Ok(())
}

fn with_suffix(prefix: &Path, suffix: &str) -> PathBuf {
    let mut s = prefix.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Generate a P-256 key pair and write its files atomically, all or nothing.
pub fn generate(req: &KeygenRequest) -> Result<KeygenReport, KeygenError> {
    if let Some(kid) = req.kid.as_deref() {
        check_kid(kid)?;
    }
    let private_path = with_suffix(&req.prefix, ".key.pem");
    let public_path = with_suffix(&req.prefix, ".pub.pem");
    let jwk_path = with_suffix(&req.prefix, ".jwk.json");
    // A set given by a symbolic link is updated where it lives (the link stays a link).
    let jwks_path = match &req.append_jwks {
        Some(p) if p.is_symlink() => std::fs::canonicalize(p).map_err(|e| KeygenError::Jwks {
            path: p.display().to_string(),
            detail: format!("cannot follow the link: {e}"),
        })?,
        Some(p) => p.clone(),
        None => with_suffix(&req.prefix, ".jwks.json"),
    };
    // Refuse before asking for a passphrase or doing any work.
    if !req.force {
        for p in [&private_path, &public_path, &jwk_path] {
            if p.exists() {
                return Err(io::FileError::Exists {
                    path: p.display().to_string(),
                }
                .into());
            }
        }
        if req.append_jwks.is_none() && jwks_path.exists() {
            return Err(io::FileError::Exists {
                path: jwks_path.display().to_string(),
            }
            .into());
        }
    }
    let existing_set = match &req.append_jwks {
        Some(_) => Some(read_jwks(&jwks_path)?),
        None => None,
    };

    let secret = generate::new_secret();
    let public = keys::PublicKey::Ec(secret.public_key());
    let thumbprint = public.thumbprint();
    let kid = req.kid.clone().unwrap_or_else(|| thumbprint.clone());
    let private_pem = match &req.encrypt {
        Some(source) => {
            let pass = source.read_new(&private_path.display().to_string())?;
            generate::encrypted_private_pem(&secret, pass.as_bytes(), req.iterations)?
        }
        None => generate::private_pem(&secret)?,
    };
    let public_pem = generate::public_pem(&secret.public_key())?;
    let public_jwk = jwk::public_jwk(&public, &kid);
    let set = match existing_set {
        Some(mut set) => {
            let keys =
                set.get_mut("keys")
                    .and_then(Value::as_array_mut)
                    .ok_or_else(|| KeygenError::Jwks {
                        path: jwks_path.display().to_string(),
                        detail: "not a JWK Set (no \"keys\" array)".into(),
                    })?;
            if keys
                .iter()
                .any(|k| k.get("kid").and_then(Value::as_str) == Some(kid.as_str()))
            {
                return Err(KeygenError::Jwks {
                    path: jwks_path.display().to_string(),
                    detail: format!("already holds a key with kid {kid}; choose another --kid"),
                });
            }
            keys.push(public_jwk.clone());
            set
        }
        None => json!({ "keys": [public_jwk.clone()] }),
    };
    let jwk_text = pretty(&public_jwk);
    let set_text = pretty(&set);
    let mut outputs = vec![
        Output {
            path: private_path.clone(),
            contents: private_pem.as_bytes(),
            mode: 0o600,
        },
        Output {
            path: public_path.clone(),
            contents: public_pem.as_bytes(),
            mode: 0o644,
        },
        Output {
            path: jwk_path.clone(),
            contents: jwk_text.as_bytes(),
            mode: 0o644,
        },
    ];
    if req.append_jwks.is_some() {
        // Replacing the set is the point of appending: the main files (no overwrite unless
        // --force) and the set swapped in, all or nothing.
        // The set keeps its permissions and, where ptix may, its owner (a web server's set).
        let meta = std::fs::metadata(&jwks_path).ok();
        let set = Output {
            path: jwks_path.clone(),
            contents: set_text.as_bytes(),
            mode: meta.as_ref().map_or(0o644, |m| {
                use std::os::unix::fs::PermissionsExt;
                m.permissions().mode() & 0o7777
            }),
        };
        io::write_all_atomic_replacing(&outputs, req.force, &set)?;
        if let Some(m) = meta {
            use std::os::unix::fs::MetadataExt;
            let _ = std::os::unix::fs::chown(&jwks_path, Some(m.uid()), Some(m.gid()));
        }
    } else {
        outputs.push(Output {
            path: jwks_path.clone(),
            contents: set_text.as_bytes(),
            mode: 0o644,
        });
        io::write_all_atomic(&outputs, req.force)?;
    }
    Ok(KeygenReport {
        kid,
        thumbprint,
        alg: "ES256",
        crv: "P-256",
        encrypted: req.encrypt.is_some(),
        files: KeygenFiles {
            private_key: private_path.display().to_string(),
            public_key: public_path.display().to_string(),
            jwk: jwk_path.display().to_string(),
            jwks: jwks_path.display().to_string(),
        },
        jwk: public_jwk,
    })
}

/// The JWK Set a new key is appended to: it must exist, be a set of public keys (each an object
/// with a `kty`, no private members), and have no member given twice (which copy counts differs
/// between readers: a key could be lost on rewriting).
fn read_jwks(path: &Path) -> Result<Value, KeygenError> {
    let err = |detail: String| KeygenError::Jwks {
        path: path.display().to_string(),
        detail,
    };
    if !path.exists() {
        return Err(err(
            "no such JWK Set: --jwks appends to an existing set (without --jwks, keygen writes PREFIX.jwks.json)".into(),
        ));
    }
    let bytes = io::read_file(path, 1 << 20)?;
    let parsed = crate::jose::json::parse(io::strip_bom(&bytes))
        .map_err(|e| err(format!("not valid JSON: {}", crate::jose::json::describe(&e))))?;
    if let Some(d) = parsed.duplicates.first() {
        return Err(err(format!(
            "member {d} is given twice; fix the set before appending to it"
        )));
    }
    let Some(keys) = parsed.value.get("keys").and_then(Value::as_array) else {
        return Err(err("not a JWK Set (no \"keys\" array)".into()));
    };
    for (n, k) in keys.iter().enumerate() {
        if !k.get("kty").is_some_and(Value::is_string) {
            return Err(err(format!("keys[{n}] is not a JWK (an object with a kty)")));
        }
        if let Some(m) = ["d", "k", "p", "q", "dp", "dq", "qi"]
            .iter()
            .find(|m| k.get(**m).is_some())
        {
            return Err(err(format!(
                "keys[{n}] holds private key material (member {m}): a published JWK Set holds public keys only; remove it"
            )));
        }
    }
    Ok(parsed.value)
}

/// JSON as written to files: pretty, with a final newline.
pub fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

/// One key as `keygen --show` describes it.
#[derive(Debug, Serialize)]
pub struct KeyDescription {
    pub source: String,
    pub format: String,
    pub private: bool,
    pub kty: &'static str,
    /// `EC P-256` or `RSA 2048-bit`.
    pub key_type: String,
    pub crv: Option<&'static str>,
    pub alg: &'static str,
    /// The `kid` the file names, if any.
    pub kid: Option<String>,
    pub thumbprint: String,
    /// Whether `kid` equals the thumbprint (the guide's convention).
    pub kid_is_thumbprint: Option<bool>,
    /// The public JWK (with `kid`: the file's, else the thumbprint; `use` and `alg` as the file
    /// states them, else `sig` and the key's algorithm; `key_ops` when the file states them, a
    /// private key's `sign` shown as its public half's `verify`).
    pub jwk: Value,
    /// What the file's own `use`/`alg`/`key_ops` say against what ptix does with the key
    /// (signing with a private key, verifying with a public one), if anything.
    pub refused_by_its_members: Option<String>,
}

/// Describe every key in a file.
pub fn describe(keys: &[LoadedKey]) -> Vec<KeyDescription> {
    keys.iter()
        .map(|k| {
            let public = k.public();
            let thumbprint = public.thumbprint();
            let kid = k.kid.clone();
            let private = k.is_private();
            KeyDescription {
                source: k.label.clone(),
                format: match k.format {
                    KeyFormat::JwkSet { index } => format!("JWK Set entry {index}"),
                    f => f.to_string(),
                },
                private,
                kty: public.kty(),
                key_type: public.describe(),
                crv: matches!(public, keys::PublicKey::Ec(_)).then_some("P-256"),
                alg: public.alg(),
                kid_is_thumbprint: kid.as_ref().map(|k| *k == thumbprint),
                jwk: {
                    let mut j = jwk::public_jwk(&public, kid.as_deref().unwrap_or(&thumbprint));
                    for (name, stated) in [("use", k.key_use.clone()), ("alg", k.alg.clone())] {
                        if let Some(v) = stated {
                            j[name] = Value::String(v);
                        }
                    }
                    if let Some(ops) = k.public_key_ops() {
                        j["key_ops"] = Value::from(ops);
                    }
                    j
                },
                // What ptix would do with it: sign with a private key, verify with a public one.
                refused_by_its_members: if private {
                    k.stated_against("sign", "ES256")
                } else {
                    k.stated_against("verify", public.alg())
                },
                kid,
                thumbprint,
            }
        })
        .collect()
}
