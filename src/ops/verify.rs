//! `ptix verify`: the Data Holder's verdict on a presented ticket.

use serde::Serialize;
use serde_json::Value;

use crate::clock;
use crate::jose::{Alg, CompactJws};
use crate::keys::ring::{KeyRing, Selection, TrustedKey};
use crate::keys::PublicKey;
use crate::rules::{self, Artifact, Finding, LintOptions, Severity, SignatureStatus};
use crate::ticket::ticket_type::PAYER_CLAIMS_ADJUDICATION;

/// Check a token's signature against trusted keys, choosing the key by `kid`.
pub fn check_signature(jws: &CompactJws, ring: &KeyRing, allow_missing_kid: bool) -> SignatureStatus {
    select_and_verify(jws, ring, allow_missing_kid).status
}

/// The signature outcome, and how key selection went (verify reports them as two checks).
struct SignatureCheck {
    status: SignatureStatus,
    /// A trusted key was chosen by `kid` (whether or not the signature then verified).
    key_selected: bool,
    /// Different trusted keys share the token's `kid`: no verdict is possible.
    ambiguous: bool,
}

fn select_and_verify(jws: &CompactJws, ring: &KeyRing, allow_missing_kid: bool) -> SignatureCheck {
    let status = |status: SignatureStatus, key_selected: bool| SignatureCheck {
        status,
        key_selected,
        ambiguous: false,
    };
    let failed = |reason: String| status(SignatureStatus::Failed { reason }, false);
    let Some(alg_name) = jws.alg() else {
        return failed("the header has no alg; nothing can be verified".into());
    };
    let Some(alg) = Alg::from_header(alg_name) else {
        return failed(format!(
            "alg {alg_name:?} is not accepted: Permission Tickets are signed with ES256 (or RS256); none and HMAC are never accepted"
        ));
    };
    let input = jws.signing_input().as_bytes();
    // Of keys tried in turn: the first that verifies (`note` follows its source).
    let first_verifying = |candidates: &[&TrustedKey], note: &str| {
        let k = candidates
            .iter()
            .find(|k| k.verify(alg, input, &jws.signature).is_ok())?;
        let verified = SignatureStatus::Verified {
            key: k.key.clone(),
            kid: k.kid.clone(),
            source: format!("{}{note}", k.source),
        };
        Some(status(verified, true))
    };
    match ring.select(jws.kid(), alg, allow_missing_kid) {
        Selection::Found(k) => match k.verify(alg, input, &jws.signature) {
            Ok(()) => status(
                SignatureStatus::Verified {
                    key: k.key.clone(),
                    kid: k.kid.clone(),
                    source: k.source.clone(),
                },
                true,
            ),
            Err(e) => status(
                SignatureStatus::Failed {
                    reason: format!("{e} (key kid={} from {})", k.kid, k.source),
                },
                true,
            ),
        },
        Selection::MissingKid => failed(match jws.header.get("kid") {
            Some(kid) => format!(
                "the header's kid is {}, not a string naming a key",
                crate::jose::compact::kind(kid)
            ),
            None => "the header has no kid, which the guide requires for key selection".into(),
        }),
        Selection::TryAll(candidates) => first_verifying(&candidates, "").unwrap_or_else(|| {
            failed(format!(
                "the header has no kid and none of the {} {} key(s) in {ring} verifies the signature",
                candidates.len(),
                alg.name()
            ))
        }),
        Selection::Unnamed { kid, candidates } => {
            let note = format!(" (a key without kid of its own, tried because no trusted key has kid={kid})");
            first_verifying(&candidates, &note).unwrap_or_else(|| {
                failed(format!(
                    "signed by key kid={kid}, which is not in {ring}; the {} key(s) there without a kid of their own do not verify the signature either",
                    candidates.len()
                ))
            })
        }
        Selection::NoMatch {
            kid,
            available,
            unfit,
        } => failed(if unfit.is_empty() {
            format!(
                "signed by key kid={kid}, which is not in {ring} (available: {})",
                if available.is_empty() {
                    "none".to_string()
                } else {
                    first_few(available, ", ")
                }
            )
        } else {
            format!(
                "signed by key kid={kid}, and no key of {ring} with that kid can verify it: {}",
                first_few(unfit, "; ")
            )
        }),
        Selection::Ambiguous { kid, sources } => SignatureCheck {
            ambiguous: true,
            ..failed(format!(
                "{} trusted keys have kid={kid} ({}): remove the duplicates; no verdict is possible",
                sources.len(),
                first_few(sources, ", ")
            ))
        },
    }
}

/// The first few items of a list for a message, and how many more there are (a JWK Set may
/// hold thousands of keys; a message is one line).
fn first_few(items: Vec<String>, sep: &str) -> String {
    const SHOWN: usize = 5;
    let more = items.len().saturating_sub(SHOWN);
    let mut text = items.into_iter().take(SHOWN).collect::<Vec<_>>().join(sep);
    if more > 0 {
        text.push_str(&format!("{sep}and {more} more"));
    }
    text
}

/// What the verifier expects of the ticket, beyond a good signature.
#[derive(Debug, Clone, Default)]
pub struct Expectations {
    /// `iss` must equal this exactly.
    pub issuer: Option<String>,
    /// One `aud` value must equal this exactly. Defaults to `issuer` for a Payer Claims
    /// Adjudication ticket (the type is self-issued).
    pub audience: Option<String>,
    /// `presenter_binding.jkt` must be this key's thumbprint.
    pub client_key: Option<PublicKey>,
    /// `presenter_binding.entity_uri` must equal this.
    pub client_entity: Option<String>,
    pub allow_missing_kid: bool,
    /// The caller checked the ticket's revocation status (ptix reads no status lists); without
    /// it, a revocable ticket gets no verdict: the Data Holder fails closed.
    pub revocation_checked: bool,
}

/// One check of the verdict.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// Stable id: `format`, `alg`, `key`, `signature`, `exp`, `iat`, `nbf`, `issuer`,
    /// `audience`, `presenter`, `revocation`, `profile`.
    pub id: &'static str,
    pub ok: bool,
    /// True when the check did not apply (e.g. `issuer` without `--issuer`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub skipped: bool,
    pub message: String,
}

/// The verdict with its reasons.
#[derive(Debug, Serialize)]
pub struct Verdict {
    pub valid: bool,
    /// Set when no verdict is possible: the trusted keys themselves are ambiguous (several
    /// eligible keys share the token's kid: a configuration error, not a bad ticket), or the
    /// ticket passes every other check but its revocation status is unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_verdict: Option<String>,
    pub checks: Vec<Check>,
    pub findings: Vec<Finding>,
    pub header: Value,
    pub payload: Value,
}

/// Lint rules that verify's own checks replace (they would report the same fact twice).
const REPLACED_BY_CHECKS: &[&str] = &[
    "claims.expired",
    "claims.iat_future",
    "jwt.signature",
    "jwt.kid_thumbprint",
];

fn check(id: &'static str, ok: bool, message: impl Into<String>) -> Check {
    Check {
        id,
        ok,
        skipped: false,
        message: message.into(),
    }
}

/// Why the time claim `name` cannot be read: missing (then `if_missing` follows), or why its
/// value is no NumericDate.
fn unread_time(p: &Value, name: &str, if_missing: &str) -> String {
    match p.get(name) {
        None => format!("{name} is missing{if_missing}"),
        Some(v) => {
            let why = rules::claims::numeric_date_problem(v).unwrap_or_else(|| format!("is {v}"));
            format!("{name} {}", cut(&why))
        }
    }
}

/// A message quoting a value, cut short.
fn cut(text: &str) -> String {
    match text.char_indices().nth(200) {
        Some((at, _)) => format!("{}...", &text[..at]),
        None => text.to_string(),
    }
}

fn skipped(id: &'static str, message: impl Into<String>) -> Check {
    Check {
        id,
        ok: true,
        skipped: true,
        message: message.into(),
    }
}

/// Verify a ticket as the Data Holder that issued it would.
pub fn verify(token: &str, ring: &KeyRing, expect: &Expectations, now: i64, leeway: i64) -> Verdict {
    let mut checks = Vec::new();
    let artifact = CompactJws::parse(token).map(Artifact::Jws);
    let not_a_ticket = |checks| Verdict {
        no_verdict: None,
        valid: false,
        checks,
        findings: Vec::new(),
        header: Value::Null,
        payload: Value::Null,
    };
    let jws = match &artifact {
        Ok(Artifact::Jws(jws)) => jws,
        Ok(_) => return not_a_ticket(checks),
        Err(e) => {
            checks.push(check("format", false, format!("not a compact JWS: {e}")));
            return not_a_ticket(checks);
        }
    };
    checks.push(check("format", true, "compact JWS with JSON header and payload"));

    // Signature: algorithm, key by kid, then the signature itself.
    match jws.alg().map(|a| (a, Alg::from_header(a))) {
        Some((name, Some(_))) => checks.push(check("alg", true, name)),
        Some((name, None)) => checks.push(check(
            "alg",
            false,
            format!("alg {name:?} is refused: only ES256 (recommended) and RS256 are accepted; none and HMAC never"),
        )),
        None => checks.push(check("alg", false, "the header has no alg")),
    }
    let SignatureCheck {
        status: signature,
        key_selected,
        ambiguous,
    } = select_and_verify(jws, ring, expect.allow_missing_kid);
    let mut no_verdict = match (&signature, ambiguous) {
        (SignatureStatus::Failed { reason }, true) => Some(reason.clone()),
        _ => None,
    };
    match &signature {
        SignatureStatus::Verified { kid, source, .. } => {
            checks.push(check("key", true, format!("kid={kid} from {source}")));
            checks.push(check("signature", true, format!("verified with kid={kid}")));
        }
        SignatureStatus::Failed { reason } if key_selected => {
            let kid = jws.kid().unwrap_or_default();
            checks.push(check("key", true, format!("kid={kid} is trusted")));
            checks.push(check("signature", false, reason.clone()));
        }
        SignatureStatus::Failed { reason } => {
            // Only `ptix verify` has the flag, and it helps only when there is no kid at all.
            let hint = if jws.header.get("kid").is_none() && !expect.allow_missing_kid {
                "; --allow-missing-kid tries every key"
            } else {
                ""
            };
            checks.push(check("key", false, format!("{reason}{hint}")));
            checks.push(check(
                "signature",
                false,
                "not verified: no trusted key was selected",
            ));
        }
    }

    // Time.
    let p = &jws.payload;
    match p.get("exp").and_then(rules::support::integer) {
        Some(exp) if clock::expired(exp, now, leeway) => checks.push(check(
            "exp",
            false,
            format!(
                "expired {}, at {}",
                clock::relative_precise(exp, now),
                clock::display(exp)
            ),
        )),
        Some(exp) => checks.push(check(
            "exp",
            true,
            format!(
                "expires {}, at {}",
                clock::relative_precise(exp, now),
                clock::display(exp)
            ),
        )),
        None => checks.push(check(
            "exp",
            false,
            unread_time(p, "exp", "; a ticket without expiry is refused"),
        )),
    }
    match p.get("iat").and_then(rules::support::integer) {
        Some(iat) if iat > clock::latest_iat(now, leeway) => checks.push(check(
            "iat",
            false,
            format!(
                "issued in the future: {} ({})",
                clock::display(iat),
                clock::relative_precise(iat, now)
            ),
        )),
        Some(iat) => checks.push(check(
            "iat",
            true,
            format!(
                "issued {}, at {}",
                clock::relative_precise(iat, now),
                clock::display(iat)
            ),
        )),
        None => checks.push(check("iat", false, unread_time(p, "iat", ""))),
    }
    match p.get("nbf") {
        None => checks.push(skipped("nbf", "no nbf")),
        // Any NumericDate (RFC 7519 §2: fractions allowed); the first whole second it allows.
        Some(v) => match rules::claims::nbf_time(v) {
            Ok(nbf) if clock::before_nbf(nbf, now, leeway) => checks.push(check(
                "nbf",
                false,
                format!(
                    "not valid before {} ({})",
                    clock::display(nbf),
                    clock::relative_precise(nbf, now)
                ),
            )),
            Ok(nbf) => checks.push(check("nbf", true, format!("valid since {}", clock::display(nbf)))),
            Err(why) => checks.push(check("nbf", false, format!("nbf {}", cut(&why)))),
        },
    }

    // Expectations.
    let iss = p.get("iss").and_then(Value::as_str);
    match &expect.issuer {
        Some(want) if iss == Some(want.as_str()) => {
            checks.push(check("issuer", true, format!("iss is {want}")))
        }
        Some(want) => checks.push(check(
            "issuer",
            false,
            format!(
                "iss is {}, expected exactly {want}{}",
                iss.map_or("missing".to_string(), |s| format!("{s:?}")),
                iss.map_or("", |s| only_written_differently(s, want))
            ),
        )),
        None => checks.push(skipped(
            "issuer",
            "not checked (no --issuer); the trusted key stands for the issuer",
        )),
    }
    // Only a Payer Claims Adjudication ticket is self-issued (its issuer is the Data Holder it
    // is redeemed at); other types name a Data Holder that is not their issuer.
    let self_issued = p.get("ticket_type").and_then(Value::as_str) == Some(PAYER_CLAIMS_ADJUDICATION.uri);
    let audience = expect
        .audience
        .clone()
        .or_else(|| expect.issuer.clone().filter(|_| self_issued));
    match audience {
        Some(want) => {
            let values: Vec<&str> = match p.get("aud") {
                Some(Value::String(s)) => vec![s.as_str()],
                Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            if values.contains(&want.as_str()) {
                checks.push(check("audience", true, format!("aud includes {want}")));
            } else {
                checks.push(check(
                    "audience",
                    false,
                    format!(
                        "ticket not valid for this server: aud is {}, expected {want} (exact match){}",
                        json_short(p.get("aud")),
                        values
                            .iter()
                            .map(|v| only_written_differently(v, &want))
                            .find(|hint| !hint.is_empty())
                            .unwrap_or("")
                    ),
                ));
            }
        }
        None if expect.issuer.is_some() => checks.push(skipped(
            "audience",
            "not checked (no --audience; --issuer stands for the audience only of a self-issued Payer Claims Adjudication ticket)",
        )),
        None => checks.push(skipped("audience", "not checked (no --audience or --issuer)")),
    }
    checks.push(presenter_check(p, expect));
    // ptix reads no status lists: a revocable ticket's status is the caller's to check, and
    // unknown, the Data Holder fails closed (base specification, "Server-Side Validation").
    let revocation = p.get("revocation").map(|r| {
        let list = match (r.get("url").and_then(Value::as_str), r.get("index")) {
            (Some(url), Some(index)) => format!("bit {index} of the status list at {url}"),
            _ => format!("revocation {r}"),
        };
        match expect.revocation_checked {
            true => check("revocation", true, format!("{list}: checked by the caller (--revocation-checked)")),
            false => check("revocation", false, format!("status unknown (ptix reads no status lists): check {list}, then run with --revocation-checked")),
        }
    });

    // Profile rules.
    let mut opts = LintOptions::at(now);
    opts.leeway = leeway;
    opts.ignore = REPLACED_BY_CHECKS.iter().map(|s| s.to_string()).collect();
    let mut findings = match &artifact {
        Ok(a) => rules::run(a, &opts, Some(&signature)),
        Err(_) => Vec::new(),
    };
    if expect.allow_missing_kid {
        // The verifier accepts tokens without kid (as the reference implementation does, trying
        // every key): their absence is still reported, as a warning.
        for f in findings
            .iter_mut()
            .filter(|f| f.rule == "jwt.kid_present" && f.pointer == "/header")
        {
            f.severity = Severity::Warning;
            f.message.push_str(" (accepted with --allow-missing-kid)");
        }
    }
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    checks.push(check(
        "profile",
        errors == 0,
        match (errors, warnings) {
            (0, 0) => "no lint errors or warnings".to_string(),
            (0, w) => format!("no lint errors ({w} warning{})", if w == 1 { "" } else { "s" }),
            (e, w) => format!(
                "{e} lint error{} and {w} warning{}",
                if e == 1 { "" } else { "s" },
                if w == 1 { "" } else { "s" }
            ),
        },
    ));
    let valid = checks.iter().all(|c| c.ok);
    if let Some(r) = revocation {
        // Otherwise valid, the ticket is neither valid nor invalid until its status is known.
        if valid && !r.ok && no_verdict.is_none() {
            no_verdict = Some(format!("revocation {}", r.message));
        }
        let at = checks.len() - 1; // before `profile`
        checks.insert(at, r);
    }
    let valid = valid && checks.iter().all(|c| c.ok);
    let (header, payload) = match artifact {
        Ok(Artifact::Jws(jws)) => (jws.header, jws.payload),
        _ => (Value::Null, Value::Null),
    };
    Verdict {
        valid: valid && no_verdict.is_none(),
        no_verdict,
        checks,
        findings,
        header,
        payload,
    }
}

fn json_short(v: Option<&Value>) -> String {
    v.map_or("missing".to_string(), Value::to_string)
}

fn presenter_check(p: &Value, expect: &Expectations) -> Check {
    let binding = p.get("presenter_binding");
    let method = binding.and_then(|b| b.get("method")).and_then(Value::as_str);
    match (&expect.client_key, &expect.client_entity) {
        (None, None) => skipped("presenter", "not checked (no --client-key or --client-entity)"),
        _ if binding.is_none() => check(
            "presenter",
            true,
            "the ticket has no presenter_binding: any authenticated client acting for the requester may redeem it",
        ),
        (Some(key), _) => {
            let thumb = key.thumbprint();
            match (method, binding.and_then(|b| b.get("jkt")).and_then(Value::as_str)) {
                (Some("jkt"), Some(jkt)) if jkt == thumb => check("presenter", true, format!("client key thumbprint {thumb} matches presenter_binding.jkt")),
                (Some("jkt"), Some(jkt)) => check(
                    "presenter",
                    false,
                    format!("client key thumbprint {thumb} does not match presenter_binding.jkt {jkt}"),
                ),
                (m, _) => check(
                    "presenter",
                    false,
                    format!("the ticket binds the presenter by {}, not by key thumbprint", m.unwrap_or("an unknown method")),
                ),
            }
        }
        (None, Some(entity)) => match binding.and_then(|b| b.get("entity_uri")).and_then(Value::as_str) {
            Some(uri) if uri == entity => check("presenter", true, format!("client entity {entity} matches presenter_binding.entity_uri")),
            Some(uri) => check("presenter", false, format!("client entity {entity} does not match presenter_binding.entity_uri {uri}")),
            None => check(
                "presenter",
                false,
                format!("the ticket binds the presenter by {}, not by entity_uri", method.unwrap_or("an unknown method")),
            ),
        },
    }
}

/// A hint when an expected URL and the ticket's differ only in how they are written (a
/// trailing slash, the case of the scheme or host): the comparison stays exact, as a Data
/// Holder's is, but the operator learns what to give (`ptix mint` writes the issuer without
/// either).
fn only_written_differently(found: &str, wanted: &str) -> &'static str {
    let canonical = |u: &str| crate::rules::support::lower_scheme_and_host(u.trim_end_matches('/'));
    if found != wanted && canonical(found) == canonical(wanted) {
        "; they differ only by a trailing slash or letter case: give it as the ticket writes it"
    } else {
        ""
    }
}
