//! Token parsing, every lint rule, every report format, inspect's summary and rendering, and
//! verify's verdict, on arbitrary input.
//!
//! The first byte chooses how the rest is read: as the token text itself (what a person pastes:
//! a token, `Bearer ...`, a form body, a payload JSON object), or as `header NUL payload NUL
//! signature` that the target encodes into a compact JWS (so mutations reach the JSON and the
//! rules instead of dying in base64url).

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use ptix::jose::{b64url, CompactJws};
use ptix::keys::ring::KeyRing;
use ptix::ops::lint::{lint_text, LintReport};
use ptix::ops::{inspect, verify};
use ptix::report::{self, RenderContext};
use ptix::rules::{LintOptions, Severity};

const NOW: i64 = 1_782_864_000;
const ISSUER: &str = "https://fhir.provider.example.org";

fn ring() -> &'static KeyRing {
    static RING: OnceLock<KeyRing> = OnceLock::new();
    RING.get_or_init(|| {
        let mut ring = KeyRing::default();
        let files: [(&str, &[u8]); 3] = [
            (
                "demo-issuer.jwks.json",
                include_bytes!("../../keys/demo-issuer.jwks.json"),
            ),
            (
                "spec-example-issuer.jwk.json",
                include_bytes!("../../keys/spec-example-issuer.jwk.json"),
            ),
            (
                "openssl-rsa2048-spki.pem",
                include_bytes!("../../tests/fixtures/keys/openssl-rsa2048-spki.pem"),
            ),
        ];
        for (label, bytes) in files {
            let keys = ptix::keys::load::load(bytes, label, None).expect("shipped keys load");
            ring.add(label, &keys);
        }
        ring
    })
}

fn text_of(data: &[u8]) -> String {
    match data.split_first() {
        Some((mode, rest)) if mode % 2 == 1 => {
            let mut parts = rest.splitn(3, |b| *b == 0);
            let header = parts.next().unwrap_or_default();
            let payload = parts.next().unwrap_or_default();
            let signature = parts.next().unwrap_or_default();
            format!(
                "{}.{}.{}",
                b64url::encode(header),
                b64url::encode(payload),
                b64url::encode(signature)
            )
        }
        Some((_, rest)) => String::from_utf8_lossy(rest).into_owned(),
        None => String::new(),
    }
}

fuzz_target!(|data: &[u8]| {
    let text = text_of(data);
    let (token, _) = ptix::ticket::extract::extract(&text);

    // lint, with and without keys, in every format.
    let opts = LintOptions::at(NOW);
    let reports = vec![
        lint_text("fuzz", &token, &opts, None),
        lint_text("fuzz-keys", &token, &opts, Some(ring())),
    ];
    let report = LintReport::new(reports);
    let ctx = RenderContext {
        now: NOW,
        fail_on: Severity::Error,
    };
    let _ = report::text::render(&report);
    let _ = report::json::render(&report, &ctx);
    // SARIF carries every rule's help text (the same for every input) and costs more than all
    // the rest together: render it for one input length in sixteen.
    if data.len() % 16 == 5 {
        let _ = report::sarif::render(&report);
    }
    let _ = report::junit::render(&report, &ctx);
    let _ = report::github::render(&report);

    // inspect: the summary, the table, the JSON; or what decoded of a malformed token.
    match CompactJws::parse(&token) {
        Ok(jws) => {
            let i = inspect::inspect(&jws, NOW);
            let _ = ptix::cli::inspect::render(&i, Some(100));
            let _ = ptix::cli::inspect::render(&i, None);
            serde_json::to_string(&i).expect("an inspection serializes");
        }
        Err(e) => {
            let _ = e.to_string();
            let p = inspect::partial(&token, &e);
            serde_json::to_string(&p).expect("a partial decode serializes");
        }
    }

    // verify: the full verdict.
    let expect = verify::Expectations {
        issuer: Some(ISSUER.to_string()),
        client_entity: Some("https://payer.example.com/claims".to_string()),
        ..verify::Expectations::default()
    };
    let verdict = verify::verify(&token, ring(), &expect, NOW, 60);
    serde_json::to_string(&verdict).expect("a verdict serializes");
    assert!(!verdict.valid || verdict.checks.iter().all(|c| c.ok));
});
