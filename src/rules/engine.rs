//! Running rules: applicability, the clock, selection, and panics contained per rule.

use std::panic::{catch_unwind, AssertUnwindSafe};

use serde_json::Value;

use super::{all, matches, Applies, Finding, Findings, Rule, Severity};
use crate::jose::{CompactJws, JwsError};
use crate::keys::PublicKey;
use crate::ticket::ticket_type::{TicketType, PAYER_CLAIMS_ADJUDICATION};

/// What is being linted.
#[derive(Debug)]
pub enum Artifact {
    /// A compact JWS (header, payload and signature decoded; nothing verified).
    Jws(CompactJws),
    /// A bare payload (templates, fixtures): header rules are skipped.
    Payload { payload: Value, duplicates: Vec<String> },
    /// Text that is not a compact JWS at all.
    Malformed(JwsError),
}

impl Artifact {
    /// Read text as a JWS, or as a payload when it is a JSON object.
    pub fn from_text(text: &str) -> Artifact {
        let t = text.trim().trim_start_matches('\u{feff}');
        if t.starts_with('{') {
            return match crate::jose::compact::object(t.as_bytes(), crate::jose::compact::Segment::Payload) {
                Ok((payload, duplicates)) => Artifact::Payload { payload, duplicates },
                Err(e) => Artifact::Malformed(e),
            };
        }
        // A token pasted as `Bearer <token>` or in a token-exchange request body, as every ptix
        // command reads one.
        let (token, _) = crate::ticket::extract::extract(t);
        match CompactJws::parse(&token) {
            Ok(jws) => Artifact::Jws(jws),
            Err(e) => Artifact::Malformed(e),
        }
    }
    pub fn payload(&self) -> Option<&Value> {
        match self {
            Artifact::Jws(j) => Some(&j.payload),
            Artifact::Payload { payload, .. } => Some(payload),
            Artifact::Malformed(_) => None,
        }
    }
    pub fn header(&self) -> Option<&Value> {
        match self {
            Artifact::Jws(j) => Some(&j.header),
            _ => None,
        }
    }
}

/// The outcome of checking the signature, when a key was given.
#[derive(Debug, Clone)]
pub enum SignatureStatus {
    /// Verified with this key (its `kid` or thumbprint, and where it came from).
    Verified {
        key: PublicKey,
        kid: String,
        source: String,
    },
    /// Not verified, and why (a sentence a person understands).
    Failed { reason: String },
}

/// Settings that apply to a whole run.
#[derive(Debug, Clone)]
pub struct LintOptions {
    /// Unix seconds.
    pub now: i64,
    /// Clock skew tolerated for `exp` and `iat` (seconds).
    pub leeway: i64,
    /// Only rules matching one of these (empty: all).
    pub select: Vec<String>,
    /// Never rules matching one of these.
    pub ignore: Vec<String>,
    /// The least severe findings wanted: rules of a lower severity do not run (a batch that
    /// shows only errors and warnings does not compute notices).
    pub least_severe: Severity,
}

impl LintOptions {
    pub fn at(now: i64) -> Self {
        LintOptions {
            now,
            leeway: DEFAULT_LEEWAY,
            select: Vec::new(),
            ignore: Vec::new(),
            least_severe: Severity::Info,
        }
    }
    /// Is this rule switched on by `--select`/`--ignore`?
    pub fn enabled(&self, id: &str) -> bool {
        (self.select.is_empty() || self.select.iter().any(|p| matches(p, id)))
            && !self.ignore.iter().any(|p| matches(p, id))
    }
}

/// Default clock skew: none, as in the guide's reference implementation (expired when
/// `exp <= now`); `--leeway` allows some (RFC 7519 §4.1.4: "usually no more than a few minutes").
pub const DEFAULT_LEEWAY: i64 = 0;

/// What a rule sees.
pub struct Ctx<'a> {
    pub artifact: &'a Artifact,
    pub header: Option<&'a Value>,
    pub payload: &'a Value,
    pub now: i64,
    pub leeway: i64,
    /// The registered ticket type, if `ticket_type` names one.
    pub ticket_type: Option<TicketType>,
    pub signature: Option<&'a SignatureStatus>,
    /// The payload's members that rules look into, found once (set only by [`Ctx::new`], so it
    /// always belongs to `payload`).
    top: TopLevel<'a>,
}

/// The payload's top-level members that rules name, found once per run: the rules look
/// members up by pointer about a hundred times a ticket, and scanning the payload's members
/// for the first token was half of that.
struct TopLevel<'a>([Option<&'a Value>; TopLevel::SLOTS]);

impl<'a> TopLevel<'a> {
    const SLOTS: usize = 15;

    /// The slot of a member name rules look up (the most asked first); others have none.
    fn slot(name: &str) -> Option<usize> {
        Some(match name {
            "access" => 0,
            "subject" => 1,
            "requester" => 2,
            "aud" => 3,
            "iss" => 4,
            "exp" => 5,
            "iat" => 6,
            "nbf" => 7,
            "jti" => 8,
            "ticket_type" => 9,
            "aud_type" => 10,
            "revocation" => 11,
            "continuation" => 12,
            "presenter_binding" => 13,
            "sensitivity_release_authorized" => 14,
            _ => return None,
        })
    }

    fn of(payload: &'a Value) -> Self {
        let mut top = [None; Self::SLOTS];
        if let Value::Object(map) = payload {
            for (k, v) in map {
                if let Some(i) = Self::slot(k) {
                    top[i] = Some(v);
                }
            }
        }
        TopLevel(top)
    }

    /// `ticket_type`, when it is a string.
    fn type_uri(&self) -> Option<&'a str> {
        Self::slot("ticket_type")
            .and_then(|i| self.0[i])
            .and_then(Value::as_str)
    }
}

impl<'a> Ctx<'a> {
    /// What the rules see of `artifact` (a malformed one has a null payload), as of `opts`.
    pub fn new(artifact: &'a Artifact, opts: &LintOptions, signature: Option<&'a SignatureStatus>) -> Self {
        static NULL: Value = Value::Null;
        let payload = artifact.payload().unwrap_or(&NULL);
        let top = TopLevel::of(payload);
        Ctx {
            artifact,
            header: artifact.header(),
            payload,
            now: opts.now,
            leeway: opts.leeway,
            ticket_type: top.type_uri().and_then(TicketType::from_uri),
            signature,
            top,
        }
    }

    /// A payload member by JSON Pointer relative to the payload (`/access/claim_linkage`).
    pub fn get(&self, pointer: &str) -> Option<&'a Value> {
        if let Some((first, below)) = pointer.strip_prefix('/').map(split_token) {
            if let Some(i) = TopLevel::slot(first) {
                let member = self.top.0[i]?;
                return if below.is_empty() {
                    Some(member)
                } else {
                    lookup(member, below)
                };
            }
        }
        lookup(self.payload, pointer)
    }
    /// A payload member as a string.
    pub fn str(&self, pointer: &str) -> Option<&'a str> {
        self.get(pointer).and_then(Value::as_str)
    }
    /// A payload member as an integer, as JSON Schema reads one (`5` and `5.0`; not `5.5` or
    /// `"5"`).
    pub fn int(&self, pointer: &str) -> Option<i64> {
        self.get(pointer).and_then(super::support::integer)
    }
    /// The JWS itself, for rules about the header or signature.
    pub fn jws(&self) -> Option<&'a CompactJws> {
        match self.artifact {
            Artifact::Jws(j) => Some(j),
            _ => None,
        }
    }
    /// The issuer, if it is a string.
    pub fn iss(&self) -> Option<&'a str> {
        self.str("/iss")
    }
}

/// RFC 6901 lookup without allocating (serde_json's `Value::pointer` unescapes every token
/// with `replace`, which dominated lint time).
pub fn lookup<'v>(root: &'v Value, pointer: &str) -> Option<&'v Value> {
    if pointer.is_empty() {
        return Some(root);
    }
    let mut rest = pointer.strip_prefix('/')?;
    let mut target = root;
    loop {
        let (token, below) = split_token(rest);
        let unescaped;
        let token = if token.bytes().any(|b| b == b'~') {
            unescaped = token.replace("~1", "/").replace("~0", "~");
            unescaped.as_str()
        } else {
            token
        };
        target = match target {
            Value::Object(map) => member(map, token)?,
            Value::Array(list) => {
                if token.len() > 1 && token.starts_with('0') {
                    return None;
                }
                list.get(token.parse::<usize>().ok()?)?
            }
            _ => return None,
        };
        match below.strip_prefix('/') {
            Some(n) => rest = n,
            None => return Some(target),
        }
    }
}

/// A pointer's first reference token (as written, escapes and all) and what follows it (empty,
/// or from the next `/`). Split by hand: pointers are short, and a searcher costs more to set up.
fn split_token(rest: &str) -> (&str, &str) {
    rest.split_at(rest.bytes().position(|b| b == b'/').unwrap_or(rest.len()))
}

/// A member of an object. Tickets' objects are small, and comparing a few short keys beats
/// hashing the key (serde_json's map hashes with SipHash); large objects use the hash.
pub fn member<'v>(map: &'v serde_json::Map<String, Value>, key: &str) -> Option<&'v Value> {
    if map.len() <= 16 {
        map.iter().find_map(|(k, v)| (k == key).then_some(v))
    } else {
        map.get(key)
    }
}

/// Does a rule with these needs run on this input?
fn applies(
    rule: &Rule,
    artifact: &Artifact,
    ticket_type: Option<TicketType>,
    has_type: bool,
    sig: bool,
) -> bool {
    match (rule.applies, artifact) {
        (Applies::Always, _) => true,
        (_, Artifact::Malformed(_)) => false,
        (Applies::Header, a) => matches!(a, Artifact::Jws(_)),
        (Applies::Signature, a) => sig && matches!(a, Artifact::Jws(_)),
        (Applies::Ticket, _) => true,
        // PCA rules run for PCA tickets, and for payloads without a (string) ticket_type: ptix
        // is a Payer Claims Adjudication tool, and a template often lacks the claim.
        (Applies::Pca, _) => ticket_type == Some(PAYER_CLAIMS_ADJUDICATION) || !has_type,
    }
}

/// Run every enabled rule that applies, in registry order.
pub fn run(artifact: &Artifact, opts: &LintOptions, signature: Option<&SignatureStatus>) -> Vec<Finding> {
    let ctx = Ctx::new(artifact, opts, signature);
    let has_type = ctx.top.type_uri().is_some();
    let mut findings = Vec::new();
    for rule in all() {
        if rule.severity > opts.least_severe
            || !opts.enabled(rule.id)
            || !applies(rule, artifact, ctx.ticket_type, has_type, signature.is_some())
        {
            continue;
        }
        let mut out = Findings::new(rule);
        match catch_unwind(AssertUnwindSafe(|| (rule.check)(&ctx, &mut out))) {
            Ok(()) => findings.append(&mut out.out),
            Err(_) => findings.push(Finding {
                rule: rule.id,
                severity: Severity::Error,
                pointer: String::new(),
                message: format!(
                    "internal error: rule {} failed on this input; please report it",
                    rule.id
                ),
                expected: None,
                actual: None,
            }),
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_agrees_with_serde_json() {
        let v = serde_json::json!({"a": [{"b~/c": 1}], "": {"x": 2}, "0": 3});
        for p in [
            "",
            "/a",
            "/a/0",
            "/a/0/b~0~1c",
            "//x",
            "/0",
            "/a/00",
            "/a/1",
            "/nope",
            "a",
        ] {
            assert_eq!(lookup(&v, p), v.pointer(p), "{p}");
        }
    }

    #[test]
    fn ctx_get_agrees_with_lookup_from_the_root() {
        let payloads = [
            serde_json::json!({"access": {"claim_linkage": {"claim": {"reference": "Claim/1"}}},
                "subject": [1, {"a/b": 2}], "aud": "x", "a~b": {"c": 3}, "": {"": 4}, "0": 5,
                "jti": null, "sensitivity_release_authorized": ["R"]}),
            serde_json::json!([{"access": 1}, 2]),
            serde_json::json!("access"),
            serde_json::json!({}),
        ];
        let pointers = [
            "",
            "/",
            "//",
            "/access",
            "/access/",
            "/access/claim_linkage/claim/reference",
            "/access/nope",
            "/subject/0",
            "/subject/1/a~1b",
            "/subject/01",
            "/aud",
            "/aud/0",
            "/a~0b/c",
            "/jti",
            "/0",
            "/0/access",
            "/sensitivity_release_authorized/0",
            "/nbf",
            "access",
        ];
        for payload in &payloads {
            let artifact = Artifact::Payload {
                payload: payload.clone(),
                duplicates: Vec::new(),
            };
            let ctx = Ctx::new(&artifact, &LintOptions::at(0), None);
            for p in pointers {
                assert_eq!(ctx.get(p), payload.pointer(p), "{payload} {p}");
            }
        }
    }

    #[test]
    fn rules_below_the_least_severe_wanted_do_not_run() {
        // A one-day ticket: `pca.exp_window` (a notice) reports it.
        let payload = serde_json::json!({"iat": 1_000_000, "exp": 1_086_400});
        let artifact = Artifact::Payload {
            payload,
            duplicates: Vec::new(),
        };
        let mut opts = LintOptions::at(1_000_000);
        let all = run(&artifact, &opts, None);
        assert!(all.iter().any(|f| f.rule == "pca.exp_window"), "{all:?}");
        opts.least_severe = Severity::Warning;
        let fewer = run(&artifact, &opts, None);
        assert!(fewer.iter().all(|f| f.severity <= Severity::Warning), "{fewer:?}");
        let severe: Vec<_> = all.iter().filter(|f| f.severity <= Severity::Warning).collect();
        assert_eq!(fewer.iter().collect::<Vec<_>>(), severe);
    }
}
