//! FHIR claim extraction for `mint`: the JSON scanner (it must accept and refuse exactly what
//! serde_json does when ignoring a value, except invalid UTF-8 and nesting beyond 128 levels,
//! which only the scanner refuses; and keep a value as checked raw JSON exactly when serde_json
//! can build it), `ticket::claim::read_bytes`, `ticket::build::payload`,
//! and the whole `Minter` (payload rules, signing); a minted token must decode to the payload it
//! was made from, with a low-S signature.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use ptix::jose::CompactJws;
use ptix::keys::SigningKey;
use ptix::ops::mint::Minter;
use ptix::ticket::build::{self, MintOptions, DEFAULT_LIFETIME};
use ptix::ticket::claim;
use ptix::ticket::scan::Scanner;

const NOW: i64 = 1_782_864_000;

fn key() -> SigningKey {
    static PEM: &[u8] = include_bytes!("../../keys/demo-issuer.key.pem");
    ptix::keys::load::load_signing_key(PEM, "demo-issuer.key.pem", None).expect("the demo key loads")
}

fn minters() -> &'static [Minter; 2] {
    static MINTERS: OnceLock<[Minter; 2]> = OnceLock::new();
    MINTERS.get_or_init(|| {
        let options = MintOptions {
            issuer: Some("https://fhir.provider.example.org".into()),
            lifetime: DEFAULT_LIFETIME,
            jti: Some("fuzz".into()),
            ..MintOptions::default()
        };
        // The second takes the issuer from the Bundle's fullUrl and adds flags' data.
        let from_bundle = MintOptions {
            issuer: None,
            encounters: vec!["Encounter/extra".into()],
            patient_id: Some("p1".into()),
            claim_id_system: Some("urn:oid:1.2.3".into()),
            ..options.clone()
        };
        [options, from_bundle].map(|options| Minter {
            key: Some(key()),
            options,
            typ: None,
            leeway: 60,
        })
    })
}

fuzz_target!(|data: &[u8]| {
    let ours = Scanner::document(data, Scanner::skip);
    if std::str::from_utf8(data).is_ok() {
        let serde = serde_json::from_slice::<serde::de::IgnoredAny>(data);
        match (&ours, &serde) {
            (Ok(()), Ok(_)) => {}
            // The scanner refuses nesting deeper than 128 levels; serde_json skips any depth.
            (Err(a), _) if a.message == "recursion limit exceeded" => {}
            (Err(a), Err(b)) => assert_eq!((a.line, a.column), (b.line(), b.column()), "{a} vs {b}"),
            _ => panic!("scanner {ours:?} vs serde_json {serde:?}"),
        }
        // Kept as raw JSON (checked) exactly when serde_json can build the value.
        let raw = Scanner::document(data, |s| s.raw().map(|_| ()));
        let value = serde_json::from_slice::<serde_json::Value>(data);
        match (&raw, &value) {
            (Ok(()), Ok(_)) | (Err(_), Err(_)) => {}
            (Err(a), _) if a.message == "recursion limit exceeded" => {}
            (_, Err(b)) if b.to_string().starts_with("recursion limit exceeded") => {}
            _ => panic!("raw {raw:?} vs serde_json's Value {value:?}"),
        }
    } else {
        assert!(ours.is_err());
    }
    if let Ok(facts) = claim::read_bytes(data) {
        for m in minters() {
            let _ = build::payload(facts.clone(), &m.options, NOW);
        }
    }
    for minter in minters() {
        let Ok(minted) = minter.mint(data, NOW) else {
            continue;
        };
        let token = minted.token.expect("a minter with a key signs");
        let jws = CompactJws::parse(&token).expect("a minted token parses");
        assert_eq!(jws.payload, minted.payload);
        assert!(jws.header_duplicates.is_empty() && jws.payload_duplicates.is_empty());
        assert!(!ptix::jose::alg::is_high_s(&jws.signature));
    }
});
