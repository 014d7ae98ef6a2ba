//! Round-trip properties over generated input: base64url, compact JWS, JWK <-> key, and
//! payload -> signed token -> payload; and the claim reader's JSON scanner against serde_json.

use proptest::prelude::*;
use serde_json::{Map, Number, Value};

use ptix::jose::alg::{self, Alg};
use ptix::jose::{b64url, compact, json, CompactJws};
use ptix::keys::{jwk, load, PublicKey, SigningKey};
use ptix::ticket::fhir::Raw;
use ptix::ticket::scan::{ScanError, Scanner};

/// Scan a whole document, skipping its one value.
fn scan(text: &[u8]) -> Result<(), ScanError> {
    Scanner::document(text, Scanner::skip)
}

/// The scanner accepts exactly what serde_json accepts when ignoring a value, and refuses the
/// rest at the same line and column. Text that is not UTF-8 is refused whole (serde_json, when
/// ignoring, lets invalid UTF-8 inside strings through). (Nesting beyond 128 levels, which only
/// the scanner refuses, is out of these generators' reach; the `claim` fuzz target allows it.)
fn scans_like_serde_json(text: &[u8]) -> Result<(), TestCaseError> {
    let ours = scan(text);
    if std::str::from_utf8(text).is_err() {
        prop_assert!(ours.is_err());
        return Ok(());
    }
    let serde = serde_json::from_slice::<serde::de::IgnoredAny>(text);
    match (&ours, &serde) {
        (Ok(()), Ok(_)) => {}
        (Err(a), Err(b)) => prop_assert_eq!((a.line, a.column), (b.line(), b.column()), "{} vs {}", a, b),
        _ => prop_assert!(
            false,
            "{:?}: {:?} vs {:?}",
            String::from_utf8_lossy(text),
            ours,
            serde
        ),
    }
    Ok(())
}

/// JSON text whose keys and strings may hold escapes serde_json cannot decode (lone surrogates)
/// and whose numbers may overflow an f64.
fn json_text_with_odd_escapes() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("a"),
        Just("\\u0041"),
        Just("\\ud800"),
        Just("\\udc00"),
        Just("\\ud83d\\ude00"),
        Just("\\ud83d\\u0041"),
        Just("\\n"),
    ];
    let string = prop::collection::vec(piece, 0..3).prop_map(|p| format!("\"{}\"", p.concat()));
    let leaf = prop_oneof![
        string.clone(),
        Just("1".to_string()),
        Just("1e400".to_string()),
        Just("-0.5E-3".to_string()),
        Just("true".to_string()),
        Just("null".to_string()),
    ];
    leaf.prop_recursive(4, 32, 4, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec((string.clone(), inner), 0..4).prop_map(|members| {
                let members: Vec<String> = members.into_iter().map(|(k, v)| format!("{k}:{v}")).collect();
                format!("{{{}}}", members.join(","))
            }),
        ]
    })
}

/// A shipped sample claim, compact.
fn sample_claim(i: usize) -> Vec<u8> {
    let names = [
        "professional-office-visit",
        "bundle-separate-entries",
        "prior-authorization",
    ];
    let path = format!(
        "{}/samples/claims/{}.json",
        env!("CARGO_MANIFEST_DIR"),
        names[i % names.len()]
    );
    let text = std::fs::read(path).unwrap_or_default();
    serde_json::from_slice::<Value>(&text).map_or(text, |v| v.to_string().into_bytes())
}

/// Any JSON value (finite numbers only: JSON has no others), a few levels deep.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter_map("finite", Number::from_f64)
            .prop_map(Value::Number),
        any::<String>().prop_map(Value::String),
        "[ -~]{0,20}".prop_map(Value::String),
        // Longer, so an escape falls in any 64-byte block.
        "[a-z\"\\\\\n\u{1}é]{60,140}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((any::<String>(), inner), 0..8)
                .prop_map(|members| Value::Object(members.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn json_object() -> impl Strategy<Value = Value> {
    prop::collection::vec(("[a-z_~/]{1,12}|\\PC{0,6}", json_value()), 0..10)
        .prop_map(|members| Value::Object(members.into_iter().collect()))
}

/// A P-256 private key from 32 random bytes (the rare scalar that is 0 or >= n is skipped).
fn signing_key() -> impl Strategy<Value = SigningKey> {
    any::<[u8; 32]>().prop_filter_map("a valid P-256 scalar", |bytes| {
        p256::SecretKey::from_slice(&bytes)
            .ok()
            .and_then(|secret| SigningKey::new(secret, None).ok())
    })
}

fn demo_key() -> SigningKey {
    let pem = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/keys/demo-issuer.key.pem")).unwrap();
    load::load_signing_key(&pem, "demo", None).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Bytes -> base64url -> the same bytes; the text is unpadded URL-safe alphabet only.
    #[test]
    fn the_scanner_agrees_with_serde_json_on_json_like_text(
        text in r#"[ \[\]{}",:0-9eE.+\-tfnrulas\\/\x01\n]{0,40}"#
    ) {
        scans_like_serde_json(text.as_bytes())?;
    }

    #[test]
    fn the_scanner_keeps_as_raw_json_exactly_what_serde_json_can_build(text in json_text_with_odd_escapes()) {
        // `Raw` members are checked when read, so turning them into values cannot fail, and
        // nothing serde_json could build is refused.
        let raw = Scanner::document(text.as_bytes(), |s| s.raw());
        let value = serde_json::from_str::<Value>(&text);
        prop_assert_eq!(raw.is_ok(), value.is_ok(), "{:?}: {:?} vs {:?}", text, raw, value);
        // And the value built from the kept text is serde_json's.
        if let (Ok(raw), Ok(value)) = (raw, value) {
            prop_assert_eq!(Raw(Some(raw)).value(), Some(value), "{:?}", text);
        }
    }

    #[test]
    fn raw_members_build_the_value_serde_json_builds(value in json_value()) {
        let text = value.to_string();
        let raw = Scanner::document(text.as_bytes(), |s| s.raw());
        prop_assert!(raw.is_ok(), "{:?}: {:?}", text, raw);
        let expected: Value = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(raw.ok().and_then(|r| Raw(Some(r)).value()), Some(expected), "{:?}", text);
    }

    #[test]
    fn compact_json_is_what_serde_json_writes(value in json_value()) {
        let mut ours = Vec::new();
        json::write_compact(&value, &mut ours);
        prop_assert_eq!(String::from_utf8(ours).unwrap(), value.to_string());
    }

    #[test]
    fn the_scanner_agrees_with_serde_json_on_generated_json(value in json_value()) {
        let text = value.to_string();
        scans_like_serde_json(text.as_bytes())?;
        // Every prefix is broken JSON (or a shorter valid number).
        for cut in (0..text.len()).filter(|i| text.is_char_boundary(*i)).step_by(7) {
            scans_like_serde_json(&text.as_bytes()[..cut])?;
        }
    }

    #[test]
    fn the_scanner_agrees_with_serde_json_on_damaged_claims(
        which in 0usize..3,
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
    ) {
        let mut text = sample_claim(which);
        for (at, byte) in edits {
            let i = at.index(text.len());
            text[i] = byte;
        }
        scans_like_serde_json(&text)?;
    }

    #[test]
    fn base64url_round_trips(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let text = b64url::encode(&bytes);
        prop_assert_eq!(text.len(), (bytes.len() * 4).div_ceil(3));
        prop_assert!(text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        prop_assert_eq!(b64url::decode(&text).unwrap(), bytes);
    }

    /// Strict decoding accepts exactly the canonical encodings: whatever decodes, re-encodes
    /// to the same text (no padding, no stray bits, no second spelling of the same bytes).
    #[test]
    fn base64url_decoding_is_canonical(text in "[A-Za-z0-9_=+/. -]{0,40}") {
        if let Ok(bytes) = b64url::decode(&text) {
            prop_assert_eq!(b64url::encode(&bytes), text);
        }
    }

    /// Header and payload objects and any signature bytes survive compact serialization.
    #[test]
    fn jws_encode_then_parse_round_trips(
        header in json_object(),
        payload in json_object(),
        signature in prop::collection::vec(any::<u8>(), 0..100),
    ) {
        let token = compact::encode(&header, &payload, |_| Ok::<_, ()>(signature.clone())).unwrap();
        let jws = CompactJws::parse(&token).unwrap();
        prop_assert_eq!(&jws.header, &header);
        prop_assert_eq!(&jws.payload, &payload);
        prop_assert_eq!(&jws.signature, &signature);
        prop_assert!(jws.header_duplicates.is_empty() && jws.payload_duplicates.is_empty());
        prop_assert_eq!(format!("{}.{}", jws.signing_input(), b64url::encode(&signature)), token);
    }

    /// A key's public JWK, as ptix publishes it, loads back as the same key: same point, same
    /// RFC 7638 thumbprint (also as computed by jsonwebtoken), same kid.
    #[test]
    fn public_jwk_load_gives_the_same_key_and_thumbprint(key in signing_key(), kid in "[A-Za-z0-9_-]{1,43}") {
        let public = key.public().clone();
        let published = jwk::public_jwk(&public, &kid);
        let loaded = load::load(published.to_string().as_bytes(), "jwk", None).unwrap();
        prop_assert_eq!(loaded.len(), 1);
        prop_assert_eq!(&loaded[0].public(), &public);
        prop_assert_eq!(loaded[0].public().thumbprint(), public.thumbprint());
        prop_assert_eq!(loaded[0].kid.as_deref(), Some(kid.as_str()));
        let theirs: jsonwebtoken::jwk::Jwk = serde_json::from_value(published).unwrap();
        prop_assert_eq!(
            theirs.thumbprint(jsonwebtoken::jwk::ThumbprintHash::SHA256).unwrap(),
            public.thumbprint()
        );
        // The default kid is the thumbprint.
        prop_assert_eq!(key.kid(), public.thumbprint());
    }

    /// The private key, through PKCS#8, loads back as the same signing key.
    #[test]
    fn private_key_pkcs8_round_trips(key in signing_key()) {
        let der = key.pkcs8_der().unwrap();
        let back = load::load_signing_key(&der, "der", None).unwrap();
        prop_assert_eq!(back.public(), key.public());
        let pem = ptix::keys::generate::private_pem(key.secret()).unwrap();
        let back = load::load_signing_key(pem.as_bytes(), "pem", None).unwrap();
        prop_assert_eq!(back.public(), key.public());
    }

    /// payload -> signed token -> the same payload, with a low-S signature that verifies
    /// under the signer's key and no other.
    #[test]
    fn payload_to_token_to_payload(payload in json_object(), key in signing_key()) {
        let header = serde_json::json!({"alg": "ES256", "kid": key.kid()});
        let token = compact::encode(&header, &payload, |m| key.sign(m)).unwrap();
        let jws = CompactJws::parse(&token).unwrap();
        prop_assert_eq!(&jws.payload, &payload);
        prop_assert_eq!(jws.kid(), Some(key.kid()));
        prop_assert_eq!(jws.signature.len(), 64);
        prop_assert!(!alg::is_high_s(&jws.signature));
        let input = jws.signing_input().as_bytes();
        prop_assert!(alg::verify(Alg::Es256, key.public(), input, &jws.signature).is_ok());
        let other = demo_key();
        prop_assert!(alg::verify(Alg::Es256, other.public(), input, &jws.signature).is_err());
        // Any single flipped bit in the signature breaks it.
        let mut bad = jws.signature.clone();
        bad[payload.to_string().len() % 64] ^= 1;
        prop_assert!(alg::verify(Alg::Es256, key.public(), input, &bad).is_err());
    }
}

/// The ticket-shaped case: the shipped base payload with generated values in its claims,
/// through `Minter::sign` (what `ptix mint` runs) and back.
#[test]
fn ticket_payload_through_the_minter_round_trips() {
    let base: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/samples/tickets/valid/base-payload.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let minter = ptix::ops::mint::Minter {
        key: None,
        options: ptix::ticket::build::MintOptions::default(),
        typ: None,
        leeway: 60,
    };
    let key = demo_key();
    proptest!(|(jti in "\\PC{0,40}", name in any::<String>(), exp in any::<i64>())| {
        let mut p = base.clone();
        p["jti"] = Value::from(jti);
        p["requester"]["name"] = Value::from(name);
        p["exp"] = Value::from(exp);
        let token = minter.sign(&key, &p).unwrap();
        let jws = CompactJws::parse(&token).unwrap();
        prop_assert_eq!(&jws.payload, &p);
        prop_assert_eq!(&jws.header, &serde_json::json!({"alg": "ES256", "kid": key.kid()}));
        prop_assert!(matches!(key.public(), PublicKey::Ec(_)));
        prop_assert!(alg::verify(Alg::Es256, key.public(), jws.signing_input().as_bytes(), &jws.signature).is_ok());
    });
}
