//! Hostile input: every attack on `ptix verify` is refused with a reason, and a corpus of
//! malformed and malicious tokens never makes `inspect`, `lint` or `verify` panic.
//!
//! Tokens are built here: signed with the shipped demo key (trusted through
//! keys/demo-issuer.jwks.json) or with an attacker's key generated on the spot.

use std::collections::BTreeSet;
use std::io::Read;

use serde_json::{json, Value};

use crate::support::*;

const NOW: &str = "2026-07-01T00:00:00Z";
const JWKS: &str = "keys/demo-issuer.jwks.json";

/// P-256 group order n (big-endian).
const P256_ORDER: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xbc,
    0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
];

fn b64(bytes: &[u8]) -> String {
    ptix::jose::b64url::encode(bytes)
}

fn demo_key() -> ptix::keys::SigningKey {
    let pem = std::fs::read(path("keys/demo-issuer.key.pem")).unwrap();
    ptix::keys::load::load_signing_key(&pem, "demo", None).unwrap()
}

fn attacker_key() -> ptix::keys::SigningKey {
    ptix::keys::SigningKey::new(ptix::keys::generate::new_secret(), None).unwrap()
}

fn demo_kid() -> String {
    json(&std::fs::read_to_string(path(JWKS)).unwrap())["keys"][0]["kid"]
        .as_str()
        .unwrap()
        .to_string()
}

fn payload() -> Value {
    json(&std::fs::read_to_string(path("samples/tickets/valid/base-payload.json")).unwrap())
}

/// Sign the exact header and payload bytes given (duplicate members and odd JSON survive).
fn sign_raw(key: &ptix::keys::SigningKey, header: &[u8], payload: &[u8]) -> String {
    let input = format!("{}.{}", b64(header), b64(payload));
    let sig = key.sign(input.as_bytes()).unwrap();
    format!("{input}.{}", b64(&sig))
}

fn sign(key: &ptix::keys::SigningKey, header: &Value, payload: &Value) -> String {
    sign_raw(key, header.to_string().as_bytes(), payload.to_string().as_bytes())
}

/// A good ticket signed by the demo key.
fn good() -> String {
    sign(
        &demo_key(),
        &json!({"alg": "ES256", "kid": demo_kid()}),
        &payload(),
    )
}

/// Replace a token's signature segment.
fn with_signature(token: &str, sig: &[u8]) -> String {
    let input = &token[..token.rfind('.').unwrap()];
    format!("{input}.{}", b64(sig))
}

fn signature_of(token: &str) -> Vec<u8> {
    ptix::jose::b64url::decode(token.rsplit('.').next().unwrap()).unwrap()
}

/// `n - s` for a 64-byte ES256 signature: the other, equally valid, signature.
fn flip_s(sig: &[u8]) -> Vec<u8> {
    let mut out = sig.to_vec();
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let mut d = i16::from(P256_ORDER[i]) - i16::from(sig[32 + i]) - borrow;
        borrow = i16::from(d < 0);
        if d < 0 {
            d += 256;
        }
        out[32 + i] = d as u8;
    }
    out
}

/// The raw `r || s` signature as ASN.1 DER, as OpenSSL and most crypto APIs return it.
fn der(sig: &[u8]) -> Vec<u8> {
    let int = |x: &[u8]| {
        let x = &x[x.iter().position(|&b| b != 0).unwrap_or(x.len() - 1)..];
        let mut v = vec![0x02];
        if x[0] & 0x80 != 0 {
            v.push(x.len() as u8 + 1);
            v.push(0);
        } else {
            v.push(x.len() as u8);
        }
        v.extend_from_slice(x);
        v
    };
    let body = [int(&sig[..32]), int(&sig[32..])].concat();
    [vec![0x30, body.len() as u8], body].concat()
}

fn hmac_sha256(secret: &[u8], message: &[u8]) -> Vec<u8> {
    use hmac::Mac;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret).unwrap();
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

/// `verify --json` with the demo JWK Set at NOW: (exit code, failed check ids, verdict).
fn verify_json(token: &str, extra: &[&str]) -> (i32, BTreeSet<String>, Value) {
    let (code, out, err) = run(ptix()
        .args(["verify", "-", "--json", "--now", NOW, "--jwks", JWKS])
        .args(extra)
        .write_stdin(token.to_string()));
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    assert!(
        !err.contains("panicked") && !err.contains("internal error"),
        "{err}"
    );
    let v = json(&out);
    let failed = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["ok"] == false)
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    (code, failed, v)
}

fn check_message(v: &Value, id: &str) -> String {
    v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .map(|c| c["message"].as_str().unwrap().to_string())
        .unwrap_or_default()
}

fn rules_found(v: &Value) -> BTreeSet<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}:{}",
                f["rule"].as_str().unwrap(),
                f["severity"].as_str().unwrap()
            )
        })
        .collect()
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

#[test]
fn the_good_ticket_verifies() {
    let (code, failed, v) = verify_json(&good(), &[]);
    assert_eq!(code, 0, "{v:#}");
    assert!(failed.is_empty());
}

#[test]
fn alg_none_in_any_spelling_is_refused() {
    for alg in ["none", "None", "NONE", "nOnE"] {
        let token = format!(
            "{}.{}.",
            b64(json!({"alg": alg, "kid": demo_kid()}).to_string().as_bytes()),
            b64(payload().to_string().as_bytes())
        );
        let (code, failed, v) = verify_json(&token, &[]);
        assert_eq!(code, 1);
        assert!(
            failed.contains("alg") && failed.contains("signature"),
            "{alg}: {failed:?}"
        );
        let msg = check_message(&v, "alg");
        assert!(msg.contains(alg) && msg.contains("none and HMAC never"), "{msg}");
        assert!(rules_found(&v).contains("jwt.alg_allowed:error"), "{v:#}");
    }
}

/// The classic key-confusion attack: HS256 with the issuer's public key bytes (the PEM, the
/// JWK, the JWK Set, the raw point) as the HMAC secret.
#[test]
fn hs256_signed_with_the_public_key_as_secret_is_refused() {
    let header = json!({"alg": "HS256", "kid": demo_kid()});
    let input = format!(
        "{}.{}",
        b64(header.to_string().as_bytes()),
        b64(payload().to_string().as_bytes())
    );
    let jwk = std::fs::read(path("keys/demo-issuer.jwk.json")).unwrap();
    let point = demo_key().public().ec_point().unwrap();
    for secret in [
        std::fs::read(path("keys/demo-issuer.pub.pem")).unwrap(),
        jwk.clone(),
        String::from_utf8(jwk).unwrap().trim().as_bytes().to_vec(),
        std::fs::read(path(JWKS)).unwrap(),
        point,
    ] {
        let token = format!("{input}.{}", b64(&hmac_sha256(&secret, input.as_bytes())));
        let (code, failed, v) = verify_json(&token, &[]);
        assert_eq!(code, 1);
        assert!(
            failed.contains("alg") && failed.contains("signature") && failed.contains("key"),
            "{failed:?}"
        );
        assert!(check_message(&v, "alg").contains("HS256"), "{v:#}");
        assert!(
            check_message(&v, "key").contains("HMAC are never accepted"),
            "{v:#}"
        );
    }
}

#[test]
fn an_algorithm_that_does_not_fit_the_key_is_refused() {
    // RS256 header against the EC key (an RSA-sized signature).
    let rs = with_signature(
        &sign(
            &demo_key(),
            &json!({"alg": "RS256", "kid": demo_kid()}),
            &payload(),
        ),
        &[0x5a; 256],
    );
    let (code, failed, v) = verify_json(&rs, &[]);
    assert_eq!(code, 1);
    assert_eq!(failed, set(&["key", "signature"]));
    let msg = check_message(&v, "key");
    assert!(msg.contains("EC P-256 key and the token says RS256"), "{msg}");

    // ES256 header against an RSA key (selected by its kid, its thumbprint).
    let rsa = path("tests/fixtures/keys/openssl-rsa2048-spki.pem");
    let (_, out, _) = run(ptix().args(["keygen", "--json", "--show"]).arg(&rsa));
    let rsa_kid = json(&out)["keys"][0]["thumbprint"].as_str().unwrap().to_string();
    let es = sign(&demo_key(), &json!({"alg": "ES256", "kid": rsa_kid}), &payload());
    let (code, out, err) = run(ptix()
        .args(["verify", "-", "--json", "--now", NOW, "--key"])
        .arg(&rsa)
        .write_stdin(es));
    assert_eq!(code, 1, "{err}");
    let v = json(&out);
    let msg = check_message(&v, "key");
    assert!(msg.contains("RSA 2048-bit key and the token says ES256"), "{msg}");
    assert_eq!(v["checks"][3]["id"], "signature");
    assert_eq!(v["checks"][3]["ok"], false);
}

/// Keys a token offers about itself (jwk, jku, x5u, x5c) are never trusted and never fetched:
/// a listening socket named by jku/x5u gets no connection.
#[test]
fn keys_offered_by_the_token_are_never_trusted_or_fetched() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}/jwks.json", listener.local_addr().unwrap());
    let attacker = attacker_key();
    let attacker_jwk = ptix::keys::jwk::public_jwk(attacker.public(), attacker.kid());
    let offered = json!({
        "jwk": attacker_jwk,
        "jku": url,
        "x5u": url,
        "x5c": ["MIIBszCCAVmgAwIBAgIUWm"],
    });
    let mut forged_payload = payload();
    forged_payload["requester"]["name"] = json!("Attacker Health Plan");
    // The attacker names the issuer's kid (signature fails) or its own (no such key).
    for kid in [demo_kid(), attacker.kid().to_string()] {
        let mut header = json!({"alg": "ES256", "kid": kid});
        for (k, v) in offered.as_object().unwrap() {
            header[k] = v.clone();
        }
        let token = sign(&attacker, &header, &forged_payload);
        let (code, failed, v) = verify_json(&token, &[]);
        assert_eq!(code, 1);
        if kid == demo_kid() {
            assert_eq!(failed, set(&["signature"]), "{v:#}");
            assert!(check_message(&v, "signature").contains("does not match"), "{v:#}");
        } else {
            assert_eq!(failed, set(&["key", "signature"]), "{v:#}");
            assert!(check_message(&v, "key").contains("not in"), "{v:#}");
        }
        let pointers: BTreeSet<&str> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "jwt.embedded_key")
            .map(|f| f["pointer"].as_str().unwrap())
            .collect();
        assert_eq!(
            pointers,
            ["/header/jku", "/header/jwk", "/header/x5c", "/header/x5u"].into(),
            "{v:#}"
        );
        assert!(rules_found(&v).contains("jwt.embedded_key:warning"));
        // lint says so too, without any key.
        let (_, out, _) = run(ptix()
            .args(["lint", "-", "--now", NOW, "--select", "jwt.embedded_key"])
            .write_stdin(token.clone()));
        assert!(
            out.contains("jwt.embedded_key") && out.contains("never trusts or fetches"),
            "{out}"
        );
    }
    match listener.accept() {
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
        other => panic!("something connected to the jku/x5u URL: {other:?}"),
    }
}

/// `kid` selects among the trusted keys; it never becomes a file path.
#[test]
fn kid_is_never_a_file_path() {
    for kid in [
        "../../keys/demo-issuer.jwk.json",
        "keys/demo-issuer.jwk.json",
        "/etc/passwd",
        "/dev/zero",
        "file:///etc/passwd",
    ] {
        // Even signed by the right key, a path-shaped kid is just an unknown kid.
        let token = sign(&demo_key(), &json!({"alg": "ES256", "kid": kid}), &payload());
        let (code, failed, v) = verify_json(&token, &[]);
        assert_eq!(code, 1);
        assert_eq!(failed, set(&["key", "signature"]), "{kid}: {v:#}");
        let msg = check_message(&v, "key");
        assert!(
            msg.contains(&format!("kid={kid}, which is not in {JWKS}")) && msg.contains(&demo_kid()),
            "{msg}"
        );
    }
}

#[test]
fn crit_naming_anything_fails_the_profile() {
    for crit in [json!(["exp"]), json!(["b64"]), json!([]), json!("exp")] {
        let token = sign(
            &demo_key(),
            &json!({"alg": "ES256", "kid": demo_kid(), "crit": crit, "exp": 1}),
            &payload(),
        );
        let (code, failed, v) = verify_json(&token, &[]);
        assert_eq!(code, 1);
        assert_eq!(failed, set(&["profile"]), "{crit}: {v:#}");
        assert!(rules_found(&v).contains("jwt.crit:error"), "{v:#}");
    }
}

#[test]
fn duplicate_members_fail_the_profile() {
    let kid = demo_kid();
    let p = payload().to_string();
    let cases: Vec<(String, String, &str)> = vec![
        (
            format!(r#"{{"alg":"ES256","kid":"{kid}","alg":"ES256"}}"#),
            p.clone(),
            "/header/alg",
        ),
        (
            format!(r#"{{"alg":"ES256","kid":"not-it","kid":"{kid}"}}"#),
            p.clone(),
            "/header/kid",
        ),
        (
            format!(r#"{{"alg":"ES256","kid":"{kid}"}}"#),
            p.replacen('{', r#"{"iss":"https://evil.example.org","#, 1),
            "/payload/iss",
        ),
        (
            format!(r#"{{"alg":"ES256","kid":"{kid}"}}"#),
            p.replacen(r#""requester":{"#, r#""requester":{"name":"Someone Else","#, 1),
            "/payload/requester/name",
        ),
    ];
    for (header, payload, pointer) in cases {
        let token = sign_raw(&demo_key(), header.as_bytes(), payload.as_bytes());
        let (code, failed, v) = verify_json(&token, &[]);
        assert_eq!(code, 1);
        assert_eq!(failed, set(&["profile"]), "{pointer}: {v:#}");
        let dup = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == "jwt.duplicate_member")
            .unwrap_or_else(|| panic!("{pointer}: no jwt.duplicate_member in {v:#}"));
        assert_eq!(dup["pointer"], pointer);
        assert_eq!(dup["severity"], "error");
    }
}

#[test]
fn der_and_wrong_length_signatures_are_refused() {
    let token = good();
    let sig = signature_of(&token);
    let der_sig = der(&sig);
    assert!(ptix::jose::alg::looks_like_der(&der_sig));
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (der_sig.clone(), "DER-encoded"),
        (sig[..63].to_vec(), "63 bytes"),
        ([sig.clone(), vec![0]].concat(), "65 bytes"),
        (Vec::new(), "0 bytes"),
        ([sig.clone(), sig.clone()].concat(), "128 bytes"),
        (vec![0; 256], "256 bytes"),
    ];
    for (bad, words) in cases {
        let (code, failed, v) = verify_json(&with_signature(&token, &bad), &[]);
        assert_eq!(code, 1);
        assert_eq!(failed, set(&["signature", "profile"]), "{words}: {v:#}");
        let msg = check_message(&v, "signature");
        assert!(msg.contains(words), "{words}: {msg}");
        assert!(rules_found(&v).contains("jwt.signature_encoding:error"), "{v:#}");
    }
    // All zeros, and r || s swapped: the right length, and wrong.
    for bad in [vec![0u8; 64], [&sig[32..], &sig[..32]].concat()] {
        let (code, failed, v) = verify_json(&with_signature(&token, &bad), &[]);
        assert_eq!(code, 1);
        assert_eq!(failed, set(&["signature"]), "{v:#}");
        assert!(check_message(&v, "signature").contains("does not match"));
    }
}

#[test]
fn non_canonical_base64url_and_wrong_segment_counts_are_format_errors() {
    let token = good();
    let parts: Vec<&str> = token.split('.').collect();
    let (h, p, s) = (parts[0], parts[1], parts[2]);
    // The signature is 86 characters; its last one carries 4 unused bits.
    let mut tail = s.to_string();
    let last = tail.pop().unwrap();
    let bumped = match last {
        'A'..='O' => ((last as u8) + 1) as char,
        _ => 'B',
    };
    let cases = [
        (format!("{h}=.{p}.{s}"), "padding"),
        (format!("{h}.{p}.{s}=="), "padding"),
        (format!("{h}.{p}+.{s}"), "'+' is not a base64url character"),
        (
            format!("{h}.{p}.{}/{}", &s[..10], &s[11..]),
            "'/' is not a base64url character",
        ),
        (
            format!("{h}.{} {}.{s}", &p[..5], &p[6..]),
            "byte 0x20 is not a base64url character",
        ),
        (format!("{h}.{p}.{tail}{bumped}"), "non-zero trailing bits"),
        (format!("{h}.{p}.{s}.{s}"), "this has 4"),
        (format!("{h}.{p}.{s}.{s}.{s}"), "this has 5"),
        (format!("{h}.{p}"), "this has 2"),
        (h.to_string(), "this has 1"),
        (format!("{h}.{p}.{s}."), "this has 4"),
        (format!("{h}..{s}"), "payload segment is not valid JSON"),
    ];
    for (bad, words) in cases {
        let (code, failed, v) = verify_json(&bad, &[]);
        assert_eq!(code, 1);
        assert_eq!(failed, set(&["format"]), "{words}: {v:#}");
        let msg = check_message(&v, "format");
        assert!(msg.contains(words), "{words}: {msg}");
    }
}

#[test]
fn invalid_and_wrong_curve_keys_are_refused_with_a_reason() {
    for (file, words) in [
        (
            "tests/fixtures/keys/invalid-point.jwk.json",
            "not on the P-256 curve",
        ),
        ("tests/fixtures/keys/p384.jwk.json", "P-384"),
        ("tests/fixtures/keys/openssl-p384.pem", "P-384"),
        ("tests/fixtures/keys/openssl-ed25519.pem", "Ed25519"),
    ] {
        let (code, out, err) = run(ptix()
            .args(["verify", "-", "--now", NOW, "--key", file])
            .write_stdin(good()));
        assert_eq!(code, 2, "{file}: {out}{err}");
        assert!(out.is_empty());
        assert!(err.contains(file) && err.contains(words), "{file}: {err}");
    }
    // In a JWK Set beside a good key: ignored with a note naming it (RFC 7517 §5), and the
    // good key verifies.
    let dir = tempfile::tempdir().unwrap();
    let set_path = dir.path().join("mixed.jwks.json");
    let good_jwk = json(&std::fs::read_to_string(path(JWKS)).unwrap())["keys"][0].clone();
    let bad_jwk = json(&std::fs::read_to_string(path("tests/fixtures/keys/invalid-point.jwk.json")).unwrap());
    std::fs::write(&set_path, json!({"keys": [good_jwk, bad_jwk]}).to_string()).unwrap();
    let (code, _, err) = run(ptix()
        .args(["verify", "-", "--now", NOW, "--jwks"])
        .arg(&set_path)
        .write_stdin(good()));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("note: ignored")
            && err.contains("key 1 of the JWK Set")
            && err.contains("not on the P-256 curve"),
        "{err}"
    );
}

#[test]
fn oversized_tokens_are_refused_before_decoding() {
    let limit = ptix::jose::compact::MAX_TOKEN_BYTES;
    assert_eq!(limit, 64 * 1024);
    // Over the limit by one byte, and made of characters that are not even base64url: the
    // size is checked first.
    let big = format!("{}.{}.{}", "!".repeat(limit / 2), "!".repeat(limit / 2), "AA");
    let (code, failed, v) = verify_json(&big, &[]);
    assert_eq!(code, 1);
    assert_eq!(failed, set(&["format"]));
    let msg = check_message(&v, "format");
    assert!(
        msg.contains("refuses tokens over 65536 bytes before decoding"),
        "{msg}"
    );
    // A signed ticket over the limit (a padded payload) is refused the same way.
    let mut p = payload();
    p["padding"] = json!("x".repeat(limit));
    let (_, failed, v) = verify_json(&good_with(&p), &[]);
    assert_eq!(failed, set(&["format"]), "{v:#}");
    // Input files over 1 MiB are not even read in full.
    let (code, _, err) = run(ptix()
        .args(["verify", "-", "--jwks", JWKS])
        .write_stdin("A".repeat((1 << 20) + 1)));
    assert_eq!(code, 2);
    assert!(err.contains("larger than 1048576 bytes"), "{err}");
}

fn good_with(p: &Value) -> String {
    sign(&demo_key(), &json!({"alg": "ES256", "kid": demo_kid()}), p)
}

#[test]
fn deeply_nested_json_is_an_error_not_a_stack_overflow() {
    let kid = demo_kid();
    let header = format!(r#"{{"alg":"ES256","kid":"{kid}"}}"#);
    for depth in [129, 1_000, 20_000] {
        let nested = format!(
            r#"{{"iss":"x","deep":{}1{}}}"#,
            "[".repeat(depth),
            "]".repeat(depth)
        );
        let token = sign_raw(&demo_key(), header.as_bytes(), nested.as_bytes());
        let (code, failed, v) = verify_json(&token, &[]);
        assert_eq!(code, 1);
        assert_eq!(failed, set(&["format"]));
        assert!(check_message(&v, "format").contains("recursion limit"), "{v:#}");
    }
    // Within the limit, the token parses and every rule runs.
    let mut p = payload();
    p["access"]["deep"] = serde_json::from_str(&format!("{}1{}", "[".repeat(120), "]".repeat(120))).unwrap();
    let (code, failed, v) = verify_json(&good_with(&p), &[]);
    assert_eq!(code, 1);
    assert_eq!(failed, set(&["profile"]), "{v:#}");
    assert!(rules_found(&v).contains("access.unknown_member:error"));
}

#[test]
fn non_utf8_bytes_are_refused_with_a_reason() {
    let kid = demo_kid();
    let header = format!(r#"{{"alg":"ES256","kid":"{kid}"}}"#);
    // Invalid UTF-8 inside the payload JSON.
    let token = sign_raw(&demo_key(), header.as_bytes(), b"{\"iss\":\"\xff\xfe\"}");
    let (code, failed, v) = verify_json(&token, &[]);
    assert_eq!(code, 1);
    assert_eq!(failed, set(&["format"]));
    assert!(
        check_message(&v, "format").contains("payload segment is not valid JSON"),
        "{v:#}"
    );
    // A \u escape of a lone surrogate is named as such (serde_json calls it an "unexpected end
    // of hex escape").
    for payload in [
        &br#"{"iss":"\ud800"}"#[..],
        br#"{"iss":"\ud800\u0041"}"#,
        br#"{"iss":"\udc00"}"#,
    ] {
        let token = sign_raw(&demo_key(), header.as_bytes(), payload);
        let (code, failed, v) = verify_json(&token, &[]);
        assert_eq!(code, 1);
        assert_eq!(failed, set(&["format"]));
        assert!(
            check_message(&v, "format").contains("lone UTF-16 surrogate"),
            "{v:#}"
        );
    }
    // Raw non-UTF-8 bytes in the token text itself.
    let mut raw = good().into_bytes();
    raw.insert(10, 0xff);
    let (code, out, err) = run(ptix()
        .args(["verify", "-", "--json", "--now", NOW, "--jwks", JWKS])
        .write_stdin(raw));
    assert_eq!(code, 1, "{err}");
    assert!(
        check_message(&json(&out), "format").contains("is not a base64url character"),
        "{out}"
    );
}

/// `exp` and `iat` that are not integers in range: floats, negatives, 2^63, 2^64, 1e400.
#[test]
fn numbers_out_of_range_for_exp_and_iat_are_refused() {
    let kid = demo_kid();
    let header = format!(r#"{{"alg":"ES256","kid":"{kid}"}}"#);
    let base = payload().to_string();
    let good_exp = payload()["exp"].to_string();
    let good_iat = payload()["iat"].to_string();
    for (claim, value, failing) in [
        ("exp", "1787513950.5", "exp"),
        ("exp", "-1", "exp"),
        ("exp", "0", "exp"),
        ("exp", "9223372036854775807", "profile"),
        ("exp", "9223372036854775808", "exp"),
        ("exp", "18446744073709551616", "exp"),
        ("exp", "-9223372036854775808", "exp"),
        ("exp", "1e308", "exp"),
        ("exp", "\"1787513950\"", "exp"),
        ("exp", "null", "exp"),
        ("iat", "1782329950.25", "iat"),
        ("iat", "-9223372036854775808", "profile"),
        ("iat", "9223372036854775807", "iat"),
        ("iat", "18446744073709551616", "iat"),
        ("iat", "-1e300", "iat"),
    ] {
        let original = if claim == "exp" { &good_exp } else { &good_iat };
        let p = base.replacen(
            &format!("\"{claim}\":{original}"),
            &format!("\"{claim}\":{value}"),
            1,
        );
        assert_ne!(p, base);
        let token = sign_raw(&demo_key(), header.as_bytes(), p.as_bytes());
        let (code, failed, v) = verify_json(&token, &[]);
        assert_eq!(code, 1, "{claim}={value}: {v:#}");
        assert!(failed.contains(failing), "{claim}={value}: {failed:?}");
        assert!(
            !failed.contains("format") && !failed.contains("signature"),
            "{claim}={value}: {failed:?}"
        );
    }
    // 1e400 is not a JSON number ptix (or any f64 parser) can hold: a format error.
    let p = base.replacen(&format!("\"exp\":{good_exp}"), "\"exp\":1e400", 1);
    let (_, failed, v) = verify_json(&sign_raw(&demo_key(), header.as_bytes(), p.as_bytes()), &[]);
    assert_eq!(failed, set(&["format"]));
    assert!(
        check_message(&v, "format").contains("number out of range"),
        "{v:#}"
    );
}

/// High-S ES256 signatures are valid JOSE but malleable: verify accepts, lint explains.
#[test]
fn a_high_s_twin_still_verifies_but_lints_with_a_notice() {
    let token = good();
    let sig = signature_of(&token);
    assert!(!ptix::jose::alg::is_high_s(&sig), "ptix signs low-S");
    let twin = with_signature(&token, &flip_s(&sig));
    assert!(ptix::jose::alg::is_high_s(&signature_of(&twin)));
    assert_ne!(twin, token);
    let (code, failed, v) = verify_json(&twin, &[]);
    assert_eq!(code, 0, "{v:#}");
    assert!(failed.is_empty());
    assert!(rules_found(&v).contains("jwt.signature_high_s:notice"), "{v:#}");
    let (code, out, _) = run(ptix()
        .args(["lint", "-", "--now", NOW, "--fail-on", "notice"])
        .write_stdin(twin));
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("jwt.signature_high_s") && out.contains("high-S"),
        "{out}"
    );
    let (code, _, _) = run(ptix()
        .args(["lint", "-", "--now", NOW, "--fail-on", "notice"])
        .write_stdin(token));
    assert_eq!(code, 0);
}

/// mint never writes a token that verify would refuse for its size.
#[test]
fn mint_refuses_to_make_a_token_over_the_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("big.jwt");
    let (code, stdout, err) = run(mint_demo(
        "samples/claims/professional-office-visit.json",
        "2026-09-20T00:00:00Z",
    )
    .args(["--payer-name"])
    .arg("x".repeat(70_000))
    .arg("--out")
    .arg(&out));
    assert_eq!(code, 2, "{err}");
    assert!(stdout.is_empty());
    assert!(
        err.contains("65536-byte limit") && err.contains("nothing was written"),
        "{err}"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

/// aws-lc signatures are randomised, so about half come out high-S before normalisation;
/// over 50 mints, none may reach the token.
#[test]
fn tickets_ptix_mints_are_never_high_s() {
    for i in 0..50 {
        let (code, out, err) = run(mint_demo(
            "samples/claims/professional-office-visit.json",
            "2026-09-20T00:00:00Z",
        )
        .args(["-q"]));
        assert_eq!(code, 0, "{err}");
        let sig = signature_of(out.trim());
        assert_eq!(sig.len(), 64);
        assert!(
            !ptix::jose::alg::is_high_s(&sig),
            "mint {i} made a high-S signature"
        );
    }
}

/// Control characters from a token never reach the terminal raw: an escape sequence in kid or
/// iss could retitle the window, rewrite the screen or the clipboard.
#[test]
fn terminal_escape_sequences_from_a_token_are_not_passed_through() {
    let evil = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m";
    let mut p = payload();
    p["iss"] = json!(format!("https://x.example.org/{evil}"));
    p["requester"]["name"] = json!(evil);
    let token = sign(
        &demo_key(),
        &json!({"alg": "ES256", "kid": format!("k{evil}")}),
        &p,
    );
    for args in [
        vec!["inspect", "-"],
        vec!["lint", "-"],
        vec!["verify", "-", "--jwks", JWKS],
        vec![
            "verify",
            "-",
            "--jwks",
            JWKS,
            "--issuer",
            "https://fhir.provider.example.org",
        ],
    ] {
        let (code, out, err) = run(ptix()
            .args(&args)
            .args(["--color", "always", "--now", NOW])
            .write_stdin(token.clone()));
        assert!(code == 0 || code == 1, "{args:?}: {err}");
        for text in [&out, &err] {
            assert!(
                !text.contains("\u{1b}]"),
                "{args:?}: an OSC sequence got through: {text:?}"
            );
            assert!(!text.contains('\u{7}'), "{args:?}: BEL got through: {text:?}");
            assert!(
                !text.contains("\u{1b}[2J"),
                "{args:?}: clear-screen got through: {text:?}"
            );
            assert!(!text.contains('\u{9b}'), "{args:?}: C1 CSI got through: {text:?}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The corpus: each case runs through inspect, lint (with the demo keys) and verify, from stdin.

struct Case {
    name: String,
    input: Vec<u8>,
    /// A word each command's output (stdout and stderr, lower-cased) must contain:
    /// [inspect, lint, verify].
    words: [String; 3],
}

fn case(name: &str, input: impl Into<Vec<u8>>, word: &str) -> Case {
    case3(name, input, [word, word, word])
}

fn case3(name: &str, input: impl Into<Vec<u8>>, words: [&str; 3]) -> Case {
    Case {
        name: name.to_string(),
        input: input.into(),
        words: words.map(|w| w.to_lowercase()),
    }
}

fn corpus() -> Vec<Case> {
    let kid = demo_kid();
    let key = demo_key();
    let token = good();
    let parts: Vec<String> = token.split('.').map(str::to_string).collect();
    let (h, p, s) = (&parts[0], &parts[1], &parts[2]);
    let sig = signature_of(&token);
    let header = |extra: &str| format!(r#"{{"alg":"ES256","kid":"{kid}"{extra}}}"#);
    let signed = |header: &str, payload: &str| sign_raw(&key, header.as_bytes(), payload.as_bytes());
    let base = payload().to_string();
    let with_payload = |edit: &dyn Fn(&mut Value)| {
        let mut v = payload();
        edit(&mut v);
        signed(&header(""), &v.to_string())
    };
    let numeric = |claim: &str, value: &str| {
        let original = payload()[claim].to_string();
        signed(
            &header(""),
            &base.replacen(
                &format!("\"{claim}\":{original}"),
                &format!("\"{claim}\":{value}"),
                1,
            ),
        )
    };
    let unsigned = |header: &str| format!("{}.{p}.{s}", b64(header.as_bytes()));
    let attacker = attacker_key();
    let input = format!("{h}.{p}");
    let hs = format!(
        "{}.{p}",
        b64(format!(r#"{{"alg":"HS256","kid":"{kid}"}}"#).as_bytes())
    );
    let hs_token = format!(
        "{hs}.{}",
        b64(&hmac_sha256(
            &std::fs::read(path("keys/demo-issuer.pub.pem")).unwrap(),
            hs.as_bytes()
        ))
    );
    let deep = |n: usize| {
        format!(
            "{}.{p}.{s}",
            b64(format!("{}{}", "[".repeat(n), "]".repeat(n)).as_bytes())
        )
    };
    let limit = ptix::jose::compact::MAX_TOKEN_BYTES;

    vec![
        // Structure.
        case("empty", "", "empty"),
        case("whitespace only", " \n\t\n", "empty"),
        case("one segment", h.as_str(), "this has 1"),
        case("two segments", input.as_str(), "this has 2"),
        case("four segments", format!("{token}.{s}"), "this has 4"),
        case(
            "five segments (JWE)",
            format!("{h}.{p}.{s}.{s}.{s}"),
            "this has 5",
        ),
        case("trailing dot", format!("{token}."), "this has 4"),
        case("only dots", "..", "header segment is not valid JSON"),
        case(
            "empty payload segment",
            format!("{h}..{s}"),
            "payload segment is not valid JSON",
        ),
        case("padding in header", format!("{h}=.{p}.{s}"), "padding"),
        case("padding in signature", format!("{token}=="), "padding"),
        case(
            "plus in payload",
            format!("{h}.{p}+.{s}"),
            "'+' is not a base64url character",
        ),
        case(
            "slash in signature",
            format!("{h}.{p}.{}/", &s[..s.len() - 1]),
            "base64url",
        ),
        case(
            "space inside",
            format!("{h}.{} {}.{s}", &p[..8], &p[8..]),
            "base64url",
        ),
        case(
            "non-canonical tail",
            format!("{h}.{p}.{}", canonical_bump(s)),
            "trailing bits",
        ),
        case("dangling character", format!("{h}.{p}.{s}AAA"), "length"),
        case("NUL byte", format!("{h}.{p}\0.{s}"), "base64url"),
        case(
            "non-UTF-8 bytes",
            [h.as_bytes(), b".\xff\xfe.", s.as_bytes()].concat(),
            "base64url",
        ),
        case(
            "header not JSON",
            format!("{}.{p}.{s}", b64(b"hello")),
            "header segment is not valid JSON",
        ),
        case("header is an array", unsigned("[1,2]"), "array"),
        case("header is a string", unsigned("\"ES256\""), "string"),
        case("payload is a number", format!("{h}.{}.{s}", b64(b"42")), "number"),
        case(
            "payload trailing data",
            signed(&header(""), "{} x"),
            "trailing characters",
        ),
        case(
            "payload invalid UTF-8",
            signed(&header(""), "{\"iss\":\"\u{fffd}\"}").replace(
                &b64("{\"iss\":\"\u{fffd}\"}".as_bytes()),
                &b64(b"{\"iss\":\"\xff\"}"),
            ),
            "not valid json",
        ),
        case(
            "payload BOM",
            signed(&header(""), &format!("\u{feff}{base}")),
            "not valid json",
        ),
        case("header nested 200", deep(200), "recursion limit"),
        case(
            "payload nested 7000",
            signed(
                &header(""),
                &format!("{}{}", "{\"a\":".repeat(7_000), "}".repeat(7_000)),
            ),
            "recursion limit",
        ),
        case(
            "oversized token",
            format!("{}.{}.{s}", "e".repeat(limit), p),
            "65536",
        ),
        case("oversized input", "A".repeat((1 << 20) + 1), "larger than"),
        case("number 1e400", numeric("exp", "1e400"), "number out of range"),
        case("bearer prefix only", "Bearer ", "3 segments"),
        case3(
            "form body with empty token",
            "grant_type=x&subject_token=&x=y",
            ["empty", "empty", "empty"],
        ),
        // Algorithms.
        case3(
            "alg none",
            format!(
                "{}.{p}.",
                b64(format!(r#"{{"alg":"none","kid":"{kid}"}}"#).as_bytes())
            ),
            ["none", "none", "none"],
        ),
        case("alg NONE", format!("{}.{p}.", b64(br#"{"alg":"NONE"}"#)), "none"),
        case("alg HS256 with the public key as secret", hs_token, "hs256"),
        case3(
            "alg RS256 with the EC kid",
            with_signature(
                &signed(&format!(r#"{{"alg":"RS256","kid":"{kid}"}}"#), &base),
                &[7; 256],
            ),
            ["rs256", "rs256", "ec p-256 key and the token says rs256"],
        ),
        case(
            "alg ES384",
            signed(&format!(r#"{{"alg":"ES384","kid":"{kid}"}}"#), &base),
            "es384",
        ),
        case(
            "alg missing",
            signed(&format!(r#"{{"kid":"{kid}"}}"#), &base),
            "alg",
        ),
        case(
            "alg a number",
            signed(&format!(r#"{{"alg":256,"kid":"{kid}"}}"#), &base),
            "alg",
        ),
        case(
            "alg empty",
            signed(&format!(r#"{{"alg":"","kid":"{kid}"}}"#), &base),
            "alg",
        ),
        case(
            "alg with a trailing space",
            signed(&format!(r#"{{"alg":"ES256 ","kid":"{kid}"}}"#), &base),
            "es256 ",
        ),
        // Keys the token offers, and kids that look like paths.
        case(
            "embedded jwk",
            sign(
                &attacker,
                &json!({"alg":"ES256","kid":kid,"jwk":ptix::keys::jwk::public_jwk(attacker.public(), attacker.kid())}),
                &payload(),
            ),
            "jwk",
        ),
        case(
            "jku",
            sign(
                &attacker,
                &json!({"alg":"ES256","kid":attacker.kid(),"jku":"https://attacker.example/jwks.json"}),
                &payload(),
            ),
            "jku",
        ),
        case(
            "x5u",
            signed(&header(r#","x5u":"https://attacker.example/cert.pem""#), &base),
            "x5u",
        ),
        case("x5c", signed(&header(r#","x5c":["MIIB"]"#), &base), "x5c"),
        case(
            "kid path traversal",
            signed(
                r#"{"alg":"ES256","kid":"../../keys/demo-issuer.jwk.json"}"#,
                &base,
            ),
            "../../keys/demo-issuer.jwk.json",
        ),
        case(
            "kid absolute path",
            signed(r#"{"alg":"ES256","kid":"/etc/passwd"}"#, &base),
            "/etc/passwd",
        ),
        case("kid missing", signed(r#"{"alg":"ES256"}"#, &base), "kid"),
        case("kid a number", signed(r#"{"alg":"ES256","kid":7}"#, &base), "kid"),
        case(
            "kid 10 KB",
            signed(
                &format!(r#"{{"alg":"ES256","kid":"{}"}}"#, "k".repeat(10_000)),
                &base,
            ),
            "kid",
        ),
        // crit and duplicates.
        case("crit", signed(&header(r#","crit":["exp"]"#), &base), "crit"),
        case("crit empty", signed(&header(r#","crit":[]"#), &base), "crit"),
        case3(
            "duplicate alg",
            signed(&format!(r#"{{"alg":"ES256","alg":"none","kid":"{kid}"}}"#), &base),
            ["alg", "duplicate", "duplicate"],
        ),
        case3(
            "duplicate iss",
            signed(
                &header(""),
                &base.replacen('{', r#"{"iss":"https://evil.example.org","#, 1),
            ),
            ["iss", "duplicate", "duplicate"],
        ),
        // Signatures.
        case3(
            "DER signature",
            with_signature(&token, &der(&sig)),
            ["der", "der", "der"],
        ),
        case3(
            "63-byte signature",
            with_signature(&token, &sig[..63]),
            ["63 bytes", "63 bytes", "63 bytes"],
        ),
        case3(
            "empty signature",
            format!("{h}.{p}."),
            ["0 bytes", "signature segment is empty", "0 bytes"],
        ),
        case3(
            "128-byte signature",
            with_signature(&token, &[sig.clone(), sig.clone()].concat()),
            ["128 bytes", "128 bytes", "128 bytes"],
        ),
        case3(
            "zero signature",
            with_signature(&token, &[0; 64]),
            ["not verified", "does not match", "does not match"],
        ),
        case3(
            "signature of another payload",
            format!("{h}.{}.{s}", b64(base.replace("Okafor", "Smith").as_bytes())),
            ["smith", "does not match", "does not match"],
        ),
        case3(
            "high-S twin",
            with_signature(&token, &flip_s(&sig)),
            ["raw r||s", "high-s", "high-s"],
        ),
        // Numbers.
        case("exp a float", numeric("exp", "1787513950.5"), "exp"),
        case("exp negative", numeric("exp", "-1"), "exp"),
        case("exp 2^63", numeric("exp", "9223372036854775808"), "exp"),
        case("exp 2^64", numeric("exp", "18446744073709551616"), "exp"),
        case("exp i64::MIN", numeric("exp", "-9223372036854775808"), "exp"),
        case("exp i64::MAX", numeric("exp", "9223372036854775807"), "exp"),
        case("exp 1e308", numeric("exp", "1e308"), "exp"),
        case("exp a string", numeric("exp", "\"1787513950\""), "exp"),
        case("iat i64::MIN", numeric("iat", "-9223372036854775808"), "iat"),
        case("iat 2^64", numeric("iat", "18446744073709551616"), "iat"),
        case(
            "nbf i64::MIN",
            with_payload(&|v| v["nbf"] = json!(i64::MIN)),
            "nbf",
        ),
        case("nbf a float", with_payload(&|v| v["nbf"] = json!(1.5)), "nbf"),
        // Payload shapes.
        case3(
            "payload empty object",
            signed(&header(""), "{}"),
            ["not verified", "iss", "exp"],
        ),
        case3(
            "subject a string",
            with_payload(&|v| v["subject"] = json!("x")),
            ["subject", "subject", "subject"],
        ),
        case3(
            "access deep",
            with_payload(&|v| {
                v["access"]["deep"] =
                    serde_json::from_str(&format!("{}1{}", "[".repeat(120), "]".repeat(120))).unwrap()
            }),
            ["deep", "deep", "deep"],
        ),
        case3(
            "aud an object",
            with_payload(&|v| v["aud"] = json!({"x": 1})),
            ["aud", "aud", "aud"],
        ),
        case3(
            "huge array of encounters",
            with_payload(&|v| {
                v["access"]["claim_linkage"]["encounter"] = json!(vec![json!({"reference": 1}); 2_000])
            }),
            ["encounter", "encounter", "encounter"],
        ),
    ]
}

/// The signature segment with its last character's unused bits set.
fn canonical_bump(s: &str) -> String {
    let mut t = s.to_string();
    let last = t.pop().unwrap();
    t.push(match last {
        'A'..='O' => ((last as u8) + 1) as char,
        _ => 'B',
    });
    t
}

#[test]
fn the_hostile_corpus_never_panics_and_names_each_problem() {
    let cases = corpus();
    assert!(cases.len() >= 50, "{} cases", cases.len());
    let mut failures = Vec::new();
    for c in &cases {
        let commands: [Vec<&str>; 3] = [
            vec!["inspect", "-", "--now", NOW],
            vec!["lint", "-", "--now", NOW, "--jwks", JWKS],
            vec!["verify", "-", "--now", NOW, "--jwks", JWKS],
        ];
        for (args, word) in commands.iter().zip(&c.words) {
            let (code, out, err) = run(ptix().args(args).write_stdin(c.input.clone()));
            let all = format!("{out}\n{err}").to_lowercase();
            if !matches!(code, 0..=2) || all.contains("panicked") || all.contains("internal error") {
                failures.push(format!("{} / {}: exit {code}\n{err}", c.name, args[0]));
            } else if !all.contains(word.as_str()) {
                failures.push(format!(
                    "{} / {}: output does not name the problem ({word:?}):\n{}",
                    c.name,
                    args[0],
                    all.chars().take(1_500).collect::<String>()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failure(s):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// A panic (a bug) never shows its payload, which could hold a token or key material, and
/// never exits 101. `PTIX_TEST_PANIC` makes the binary panic on purpose.
#[test]
fn a_panic_prints_a_short_generic_message_and_exits_2() {
    let (code, out, err) = run(ptix()
        .args(["inspect", "x"])
        .env("PTIX_TEST_PANIC", "secret-token-eyJhbGciOi"));
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.starts_with("ptix: internal error at src/"), "{err}");
    assert!(err.contains("please report it"), "{err}");
    assert!(
        !err.contains("secret-token") && !err.contains("panicked"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn a_linted_directory_with_symlink_loops_and_a_fifo_ends() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        path("samples/tickets/valid/spec-example-pca.jwt"),
        dir.path().join("t.jwt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(".", dir.path().join("a")).unwrap();
    std::os::unix::fs::symlink(".", dir.path().join("b")).unwrap();
    // A FIFO with a lintable name would block a reader forever.
    let fifo = std::process::Command::new("mkfifo")
        .arg(dir.path().join("pipe.jwt"))
        .status()
        .is_ok_and(|s| s.success());
    assert!(fifo, "mkfifo (coreutils) is needed");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("ptix"))
        .args(["lint", "--now", NOW, "--json"])
        .arg(dir.path())
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > std::time::Duration::from_secs(20) {
            let _ = child.kill();
            panic!("lint did not finish on a directory with symlink loops");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0));
    let mut out = String::new();
    child.stdout.take().unwrap().read_to_string(&mut out).unwrap();
    assert_eq!(json(&out)["summary"]["inputs"], 1, "{out}");
}

/// `release` escapes what comes from the token on stderr, as verify does: a hostile kid
/// cannot start a line of its own or reorder the text.
#[test]
fn release_escapes_token_text_in_its_messages() {
    let header = r#"{"alg":"ES256","kid":"abc\u202eevil\nptix: release computed, 28 released"}"#;
    let token = format!(
        "{}.{}.{}",
        ptix::jose::b64url::encode(header.as_bytes()),
        ptix::jose::b64url::encode(br#"{"iss":"x"}"#),
        ptix::jose::b64url::encode(&[1; 64])
    );
    let (code, _, err) = run(ptix()
        .args([
            "release",
            &token,
            "--data",
            "samples/records/okafor-bundle.json",
            "--jwks",
            "keys/demo-issuer.jwks.json",
        ])
        .current_dir(path(".")));
    assert_eq!(code, 1, "{err}");
    assert!(!err.contains('\u{202e}'), "{err}");
    assert!(
        !err.lines().any(|l| l.starts_with("ptix: release computed")),
        "{err}"
    );
    assert!(err.contains("abc\\u{202e}evil\\nptix"), "{err}");
}

/// The release table escapes what the ticket says (encounter and claim references) too.
#[test]
fn release_table_escapes_token_text() {
    let mut p = payload();
    let linked = p["access"]["claim_linkage"]["encounter"][0].clone();
    p["access"]["claim_linkage"]["encounter"] =
        serde_json::json!([linked, {"reference": "Encounter/x\u{1b}]0;title\u{7}"}]);
    let (code, out, err) = run(ptix()
        .args([
            "release",
            "-",
            "--data",
            "samples/records/okafor-bundle.json",
            "--no-verify",
            "--format",
            "table",
        ])
        .current_dir(path("."))
        .write_stdin(p.to_string()));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Encounter/x\\u{1b}]0;title\\u{7}"), "{out}");
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
}
