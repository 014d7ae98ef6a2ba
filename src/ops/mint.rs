//! `ptix mint`: a FHIR Claim in, a signed Payer Claims Adjudication ticket out.
//!
//! The payload is checked with the rule registry before signing: an error refuses to sign,
//! warnings are returned for the caller to show. The signing key is prepared once, so the same
//! [`Minter`] serves one claim or a million.

use serde_json::Value;

use crate::jose::{compact, json};
use crate::keys::{KeyError, SigningKey};
use crate::rules::{self, Artifact, Finding, LintOptions, Severity};
use crate::ticket::build::{self, MintOptions};
use crate::ticket::claim::{self, ClaimError, Missing};

/// Why a ticket was not minted.
#[derive(Debug, thiserror::Error)]
pub enum MintError {
    #[error("{0}")]
    Claim(#[from] ClaimError),
    #[error("{}", missing_text(.0))]
    Missing(Vec<Missing>),
    #[error("the payload breaks {} rule(s); nothing was signed", .0.iter().filter(|f| f.severity == Severity::Error).count())]
    Lint(Vec<Finding>),
    #[error("{0}")]
    Expired(String),
    /// The claim is void (Claim.status cancelled or entered-in-error): no ticket for it.
    #[error("Claim.status is {0}: a void claim grants no access, so no ticket is minted for it")]
    Void(String),
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error("the signed ticket would be {0} bytes, over the {max}-byte limit above which ptix verify and inspect refuse tokens; nothing was written", max = compact::MAX_TOKEN_BYTES)]
    TooLarge(usize),
}

impl MintError {
    /// Something missing because a flag's value cannot be used (`--encounter` naming another
    /// server): the command line is wrong, not the claim.
    pub fn bad_flag(&self) -> bool {
        matches!(self, MintError::Missing(m) if m.iter().any(|x| x.what.starts_with("a usable --")))
    }
}

fn missing_text(m: &[Missing]) -> String {
    let mut s = format!(
        "{} thing(s) a ticket needs are missing from the claim or cannot be used:",
        m.len()
    );
    for x in m {
        s.push_str(&format!(
            "\n  - {}: looked at {}; supply it with {}",
            x.what, x.looked_at, x.flag
        ));
    }
    s
}

/// A minted ticket (or, with `payload_only`, just its payload).
#[derive(Debug)]
pub struct Minted {
    pub payload: Value,
    pub token: Option<String>,
    /// Lint findings below error (warnings, notices, infos).
    pub findings: Vec<Finding>,
    /// Set when the issuer came from the Bundle's fullUrl (to be named on stderr).
    pub issuer_from_bundle: Option<String>,
    /// The provider's control number, when the claim has one.
    pub control_number: Option<String>,
}

impl Minted {
    pub fn jti(&self) -> Option<&str> {
        rules::engine::lookup(&self.payload, "/jti").and_then(Value::as_str)
    }
    pub fn exp(&self) -> Option<i64> {
        rules::engine::lookup(&self.payload, "/exp").and_then(Value::as_i64)
    }
}

/// A claim mapped to a payload, not yet checked or signed.
#[derive(Debug)]
pub struct Prepared {
    pub payload: Value,
    pub issuer_from_bundle: Option<String>,
    pub control_number: Option<String>,
}

/// Mints tickets with one prepared key and one set of options.
pub struct Minter {
    pub key: Option<SigningKey>,
    pub options: MintOptions,
    /// Add `typ` to the header (none by default, as in the guide's examples).
    pub typ: Option<String>,
    pub leeway: i64,
}

impl Minter {
    /// Mint from the bytes of a FHIR Claim or Bundle, as of `now`.
    pub fn mint(&self, document: &[u8], now: i64) -> Result<Minted, MintError> {
        let prepared = self.prepare(document, now)?;
        self.finish(prepared, now, Severity::Info)
    }

    /// Map a claim to a payload (no lint, no signature yet): cheap, so a batch can decide to
    /// skip a claim (`--skip-existing`) before signing.
    pub fn prepare(&self, document: &[u8], now: i64) -> Result<Prepared, MintError> {
        // Claims are FHIR data, not JOSE: the whole document is validated, but only the members
        // the mapping reads are kept (`ticket::scan`; nesting is bounded at 128 levels).
        let facts = claim::read_bytes(document)?;
        if let Some(status) = facts.void.clone() {
            return Err(MintError::Void(status));
        }
        let issuer_from_bundle = match &self.options.issuer {
            None => facts
                .claim_full_url
                .as_deref()
                .and_then(build::base_from_full_url),
            Some(_) => None,
        };
        let created = facts.created.clone();
        let payload = match &issuer_from_bundle {
            Some(issuer) => {
                let options = MintOptions {
                    issuer: Some(issuer.clone()),
                    ..self.options.clone()
                };
                build::payload(facts, &options, now)
            }
            None => build::payload(facts, &self.options, now),
        }
        .map_err(MintError::Missing)?;
        let claim = |name| rules::engine::lookup(&payload, name).and_then(Value::as_i64);
        if let (Some(exp), Some(iat)) = (claim("/exp"), claim("/iat")) {
            if exp <= iat {
                let exp_from = match (&self.options.exp, created) {
                    (Some(_), _) => "--exp".to_string(),
                    (None, Some(c)) => format!("Claim.created ({c}) + --lifetime"),
                    (None, None) => "now + --lifetime".to_string(),
                };
                return Err(MintError::Expired(format!(
                    "the ticket would already be expired: exp from {exp_from} is {}, not after now ({}); give a later --exp or a longer --lifetime",
                    crate::clock::display(exp),
                    crate::clock::display(iat)
                )));
            }
        }
        let control_number = rules::engine::lookup(&payload, "/access/claim_linkage/claim/identifier/value")
            .and_then(Value::as_str)
            .map(str::to_string);
        Ok(Prepared {
            payload,
            issuer_from_bundle,
            control_number,
        })
    }

    /// Lint the payload (an error refuses) and sign it; `least_severe`: the least severe
    /// findings wanted besides the errors.
    pub fn finish(&self, prepared: Prepared, now: i64, least_severe: Severity) -> Result<Minted, MintError> {
        let Prepared {
            payload,
            issuer_from_bundle,
            control_number,
            ..
        } = prepared;
        let artifact = Artifact::Payload {
            payload,
            duplicates: Vec::new(),
        };
        let mut opts = LintOptions::at(now);
        opts.leeway = self.leeway;
        opts.least_severe = least_severe;
        let findings = rules::run(&artifact, &opts, None);
        let Artifact::Payload { payload, .. } = artifact else {
            return Err(MintError::Key(KeyError::Internal("payload lost".into())));
        };
        if findings.iter().any(|f| f.severity == Severity::Error) {
            return Err(MintError::Lint(findings));
        }
        let token = match &self.key {
            Some(key) => Some(self.sign(key, &payload)?),
            None => None,
        };
        if let Some(len) = token
            .as_ref()
            .map(String::len)
            .filter(|n| *n > compact::MAX_TOKEN_BYTES)
        {
            return Err(MintError::TooLarge(len));
        }
        Ok(Minted {
            payload,
            token,
            findings,
            issuer_from_bundle,
            control_number,
        })
    }

    /// Sign a payload: header `{alg: ES256, kid}` (plus `typ` when asked).
    pub fn sign(&self, key: &SigningKey, payload: &Value) -> Result<String, KeyError> {
        // The header's JSON text, written directly (the same for every ticket).
        let mut header = Vec::with_capacity(96);
        header.extend_from_slice(br#"{"alg":"ES256","kid":"#);
        json::write_str(key.kid(), &mut header);
        if let Some(t) = &self.typ {
            header.extend_from_slice(br#","typ":"#);
            json::write_str(t, &mut header);
        }
        header.push(b'}');
        compact::encode_with_header(&header, payload, |m| key.sign(m))
    }
}
