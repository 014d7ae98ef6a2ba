//! `ptix verify`: each check has a ticket that fails only that check (built here, with a key
//! generated here), and the guide's example verifies.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::{json, Value};

use crate::support::*;

const NOW: &str = "2026-07-01T00:00:00Z";
const NOW_UNIX: i64 = 1_782_864_000;
const ISSUER: &str = "https://fhir.provider.example.org";

struct Issuer {
    _dir: tempfile::TempDir,
    prefix: PathBuf,
}

impl Issuer {
    fn new() -> Issuer {
        let dir = tempfile::tempdir().unwrap();
        let prefix = dir.path().join("issuer");
        let (code, _, err) = run(ptix().arg("keygen").arg("-q").arg("--out").arg(&prefix));
        assert_eq!(code, 0, "{err}");
        Issuer { _dir: dir, prefix }
    }
    fn file(&self, suffix: &str) -> PathBuf {
        PathBuf::from(format!("{}{suffix}", self.prefix.display()))
    }
    fn kid(&self) -> String {
        json(&std::fs::read_to_string(self.file(".jwk.json")).unwrap())["kid"]
            .as_str()
            .unwrap()
            .to_string()
    }
    /// Sign header + payload with this issuer's key (through the library, to craft odd tokens).
    fn sign(&self, header: &Value, payload: &Value) -> String {
        let bytes = std::fs::read(self.file(".key.pem")).unwrap();
        let key = ptix::keys::load::load_signing_key(&bytes, "test key", None).unwrap();
        ptix::jose::compact::encode(header, payload, |m| key.sign(m)).unwrap()
    }
    fn header(&self) -> Value {
        json!({"alg": "ES256", "kid": self.kid()})
    }
}

fn base_payload() -> Value {
    json(&std::fs::read_to_string(path("samples/tickets/valid/base-payload.json")).unwrap())
}

/// Verify with the issuer's JWK Set at NOW; return (exit code, failed check ids, verdict).
fn verify(issuer: &Issuer, token: &str, extra: &[&str]) -> (i32, BTreeSet<String>, Value) {
    let (code, out, err) = run(ptix()
        .args(["verify", "--json", "--now", NOW, "--jwks"])
        .arg(issuer.file(".jwks.json"))
        .args(extra)
        .arg(token));
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    let v = json(&out);
    let failed = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["ok"] == false)
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(v["valid"], code == 0, "exit code agrees with valid");
    (code, failed, v)
}

/// `ptix verify --now NOW FLAG FILE TOKEN` (text output): exit code, stdout, stderr.
fn verify_with(flag: &str, keys: &std::path::Path, token: &str) -> (i32, String, String) {
    run(ptix().args(["verify", "--now", NOW, flag]).arg(keys).arg(token))
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

#[test]
fn a_good_ticket_passes_every_check() {
    let iss = Issuer::new();
    let token = iss.sign(&iss.header(), &base_payload());
    let (code, failed, v) = verify(&iss, &token, &["--issuer", ISSUER]);
    assert_eq!(code, 0, "{v:#}");
    assert!(failed.is_empty());
    let ids: Vec<&str> = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "format",
            "alg",
            "key",
            "signature",
            "exp",
            "iat",
            "nbf",
            "issuer",
            "audience",
            "presenter",
            "profile"
        ]
    );
    assert_eq!(v["payload"], base_payload());
    assert_eq!(v["header"], iss.header());
}

#[test]
fn each_check_fails_alone() {
    let iss = Issuer::new();
    let good = iss.sign(&iss.header(), &base_payload());
    let with = |edit: &dyn Fn(&mut Value)| {
        let mut p = base_payload();
        edit(&mut p);
        iss.sign(&iss.header(), &p)
    };
    // signature: the payload was changed after signing.
    let parts: Vec<&str> = good.split('.').collect();
    let mut p = base_payload();
    p["jti"] = json!("another-jti");
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        ptix::jose::b64url::encode(p.to_string().as_bytes()),
        parts[2]
    );
    assert_eq!(verify(&iss, &tampered, &[]).1, set(&["signature"]));
    // exp
    let expired = with(&|p| {
        p["iat"] = json!(NOW_UNIX - 7_200);
        p["exp"] = json!(NOW_UNIX - 3_600);
    });
    let (_, failed, v) = verify(&iss, &expired, &[]);
    assert_eq!(failed, set(&["exp"]));
    let exp_check = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "exp")
        .unwrap()
        .clone();
    assert!(
        exp_check["message"]
            .as_str()
            .unwrap()
            .starts_with("expired 60 minutes ago"),
        "{exp_check}"
    );
    // No leeway by default, as in the guide's reference implementation: expired when exp <=
    // now (this very second included); --leeway allows some.
    let just = with(&|p| p["exp"] = json!(NOW_UNIX - 30));
    assert_eq!(verify(&iss, &just, &[]).1, set(&["exp"]));
    assert!(verify(&iss, &just, &["--leeway", "60"]).1.is_empty());
    let now = with(&|p| p["exp"] = json!(NOW_UNIX));
    assert_eq!(verify(&iss, &now, &[]).1, set(&["exp"]));
    let next = with(&|p| p["exp"] = json!(NOW_UNIX + 1));
    assert!(verify(&iss, &next, &[]).1.is_empty());
    // iat a little ahead (an issuer's clock ahead of the verifier's): accepted without leeway.
    let skewed = with(&|p| p["iat"] = json!(NOW_UNIX + 30));
    assert!(verify(&iss, &skewed, &[]).1.is_empty());
    // iat in the future
    let future = with(&|p| {
        p["iat"] = json!(NOW_UNIX + 3_600);
        p["exp"] = json!(NOW_UNIX + 3_600 + 60 * 86_400);
    });
    assert_eq!(verify(&iss, &future, &[]).1, set(&["iat"]));
    // nbf in the future
    let nbf = with(&|p| p["nbf"] = json!(NOW_UNIX + 3_600));
    assert_eq!(verify(&iss, &nbf, &[]).1, set(&["nbf"]));
    // A NumericDate may have a fraction (RFC 7519 §2): valid from the first whole second after.
    let message = |v: &Value, id: &str| {
        let c = v["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap();
        c["message"].as_str().unwrap().to_string()
    };
    let nbf = with(&|p| p["nbf"] = json!(NOW_UNIX as f64 - 0.5));
    assert_eq!(verify(&iss, &nbf, &[]).0, 0);
    let nbf = with(&|p| p["nbf"] = json!(NOW_UNIX as f64 + 0.25));
    let (_, failed, v) = verify(&iss, &nbf, &[]);
    assert_eq!(failed, set(&["nbf"]));
    assert!(
        message(&v, "nbf").contains("not valid before 2026-07-01T00:00:01Z"),
        "{v}"
    );
    let nbf = with(&|p| p["nbf"] = json!("2026-06-01"));
    let (_, failed, v) = verify(&iss, &nbf, &[]);
    assert_eq!(failed, set(&["nbf"]));
    assert!(
        message(&v, "nbf").starts_with("nbf is the string \"2026-06-01\""),
        "{v}"
    );
    // Out of range either way: refused, not clamped.
    for out_of_range in [json!(-1e300), json!(1e300), json!(-5)] {
        let nbf = with(&|p| p["nbf"] = out_of_range.clone());
        let (_, failed, v) = verify(&iss, &nbf, &[]);
        assert_eq!(failed, set(&["nbf"]), "{out_of_range}");
        assert!(
            message(&v, "nbf").contains("outside 1970 to the year 9999"),
            "{v}"
        );
    }
    // exp and iat present but unreadable say why (not "missing").
    let odd = with(&|p| {
        p["exp"] = json!(1_787_513_950.5);
        p["iat"] = json!("1782329950");
    });
    let (_, failed, v) = verify(&iss, &odd, &[]);
    assert!(failed.contains("exp") && failed.contains("iat"), "{failed:?}");
    assert_eq!(
        message(&v, "exp"),
        "exp is 1787513950.5, not a whole number of seconds; the guide's schema types it as an integer"
    );
    assert_eq!(
        message(&v, "iat"),
        "iat is the string \"1782329950\"; a NumericDate is a JSON integer of seconds since 1970-01-01T00:00:00Z (drop the quotes)"
    );
    let huge = with(&|p| p["exp"] = json!(9_223_372_036_854_775_808u64));
    let (_, failed, v) = verify(&iss, &huge, &[]);
    assert!(failed.contains("exp"), "{failed:?}");
    assert!(message(&v, "exp").contains("after the year 9999"), "{v}");
    // issuer (audience given explicitly, so only the issuer check fails)
    assert_eq!(
        verify(
            &iss,
            &good,
            &["--issuer", "https://other.example.org", "--audience", ISSUER]
        )
        .1,
        set(&["issuer"])
    );
    // audience
    assert_eq!(
        verify(&iss, &good, &["--audience", "https://other.example.org"]).1,
        set(&["audience"])
    );
    // --issuer alone also sets the expected audience (self-issued type)
    let other_aud = with(&|p| p["aud"] = json!("https://other.example.org"));
    let (_, failed, _) = verify(&iss, &other_aud, &["--issuer", ISSUER]);
    assert!(failed.contains("audience"), "{failed:?}");
    // presenter: entity URI and client key
    let bound = with(&|p| {
        p["presenter_binding"] = json!({"method": "trust_framework_client", "trust_framework": "https://directory.example-network.org",
                                         "framework_type": "udap", "entity_uri": "https://payer.example.com/claims"})
    });
    assert!(verify(
        &iss,
        &bound,
        &["--client-entity", "https://payer.example.com/claims"]
    )
    .1
    .is_empty());
    assert_eq!(
        verify(&iss, &bound, &["--client-entity", "https://evil.example.com"]).1,
        set(&["presenter"])
    );
    let client = Issuer::new();
    let jkt_bound = with(&|p| p["presenter_binding"] = json!({"method": "jkt", "jkt": client.kid()}));
    let client_pub = client.file(".pub.pem");
    assert!(
        verify(&iss, &jkt_bound, &["--client-key", client_pub.to_str().unwrap()])
            .1
            .is_empty()
    );
    let other_client = iss.file(".pub.pem");
    assert_eq!(
        verify(
            &iss,
            &jkt_bound,
            &["--client-key", other_client.to_str().unwrap()]
        )
        .1,
        set(&["presenter"])
    );
    // profile: a lint error (PCA issuers SHALL NOT include data_period)
    let (_, failed, v) = verify(
        &iss,
        &with(&|p| p["access"]["data_period"] = json!({"start": "2026-01-01"})),
        &[],
    );
    assert_eq!(failed, set(&["profile"]));
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "pca.data_period_forbidden"),
        "{v:#}"
    );
    // key: a kid the trust store does not have
    let unknown_kid = iss.sign(
        &json!({"alg": "ES256", "kid": "not-a-known-kid"}),
        &base_payload(),
    );
    let (_, failed, v) = verify(&iss, &unknown_kid, &[]);
    assert_eq!(failed, set(&["key", "signature"]), "no key, no signature check");
    let key_check = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "key")
        .unwrap()
        .clone();
    let msg = key_check["message"].as_str().unwrap();
    assert!(
        msg.contains("kid=not-a-known-kid") && msg.contains(&iss.kid()) && msg.contains("available"),
        "{msg}"
    );
    // format
    let (code, failed, _) = verify(&iss, "eyJhbGciOiJFUzI1NiJ9.e30", &[]);
    assert_eq!(code, 1);
    assert_eq!(failed, set(&["format"]));
}

#[test]
fn algorithms_are_bound_to_key_types() {
    let iss = Issuer::new();
    // alg none: refused, whatever the signature.
    let none = format!(
        "{}.{}.",
        ptix::jose::b64url::encode(json!({"alg": "none", "kid": iss.kid()}).to_string().as_bytes()),
        ptix::jose::b64url::encode(base_payload().to_string().as_bytes())
    );
    let (code, failed, _) = verify(&iss, &none, &[]);
    assert_eq!(code, 1);
    assert!(
        failed.contains("alg") && failed.contains("signature"),
        "{failed:?}"
    );
    // RS256 header against an EC key.
    let rs = iss.sign(&json!({"alg": "RS256", "kid": iss.kid()}), &base_payload());
    let (_, failed, v) = verify(&iss, &rs, &[]);
    assert!(
        failed.contains("key") && failed.contains("signature"),
        "{failed:?}"
    );
    let msg = v["checks"].to_string();
    assert!(msg.contains("RS256"), "{msg}");
}

#[test]
fn missing_kid_is_invalid_unless_allowed() {
    let iss = Issuer::new();
    let token = iss.sign(&json!({"alg": "ES256"}), &base_payload());
    let (_, failed, _) = verify(&iss, &token, &[]);
    assert!(failed.contains("key"), "{failed:?}");
    let (code, failed, verdict) = verify(&iss, &token, &["--allow-missing-kid"]);
    // The verifier chose to accept it: the missing kid is reported as a warning.
    assert_eq!((code, failed), (0, set(&[])), "{verdict:#}");
    let kid_finding = verdict["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "jwt.kid_present")
        .cloned();
    assert_eq!(kid_finding.map(|f| f["severity"].clone()), Some(json!("warning")));
    // A kid that is there but malformed is still an error.
    let token = iss.sign(&json!({"alg": "ES256", "kid": 5}), &base_payload());
    let (code, failed, _) = verify(&iss, &token, &["--allow-missing-kid"]);
    assert_eq!((code, failed), (1, set(&["profile"])));
}

#[test]
fn keys_of_a_jwk_set_that_ptix_cannot_use_are_ignored_with_a_note() {
    let iss = Issuer::new();
    let token = iss.sign(&iss.header(), &base_payload());
    let mut set = json(&std::fs::read_to_string(iss.file(".jwks.json")).unwrap());
    let others = [
        json!({"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", "kid": "ed"}),
        json!({"kty": "oct", "k": "c2VjcmV0", "kid": "hmac"}),
        json!({"kty": "foo", "kid": "unknown"}),
        json!({"kty": "EC", "crv": "P-256", "kid": "no-coordinates"}),
    ];
    set["keys"].as_array_mut().unwrap().extend(others.iter().cloned());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mixed.jwks.json");
    std::fs::write(&file, set.to_string()).unwrap();
    let (code, out, err) = verify_with("--jwks", &file, &token);
    assert_eq!(code, 0, "{out}{err}");
    for i in 1..=4 {
        assert!(
            err.contains(&format!(
                "note: ignored {} (key {i} of the JWK Set)",
                file.display()
            )),
            "{err}"
        );
    }
    // A token whose kid names an ignored key is told why that key was not used.
    let token = iss.sign(&json!({"alg": "ES256", "kid": "ed"}), &base_payload());
    let (code, out, _) = verify_with("--jwks", &file, &token);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("kid=ed") && out.contains("Ed25519"), "{out}");
    // An empty set, or one with no key ptix can use, gives no verdict.
    std::fs::write(&file, r#"{"keys": []}"#).unwrap();
    let (code, _, err) = verify_with("--jwks", &file, &token);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("holds no keys"), "{err}");
    std::fs::write(&file, json!({"keys": others}).to_string()).unwrap();
    let (code, _, err) = verify_with("--jwks", &file, &token);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("key 0 of the JWK Set") && err.contains("Ed25519"),
        "{err}"
    );
    // A member given twice: the set is refused, naming it.
    let text = std::fs::read_to_string(iss.file(".jwks.json")).unwrap();
    std::fs::write(&file, text.replacen("\"kty\":", "\"kty\": \"RSA\", \"kty\":", 1)).unwrap();
    let (code, _, err) = verify_with("--jwks", &file, &token);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("member /keys/0/kty is given twice"), "{err}");
    // A set holding a private key: used through its public half, with a warning.
    let private =
        json(&std::fs::read_to_string(path("tests/fixtures/keys/python-private.jwk.json")).unwrap());
    let mut set = json(&text);
    set["keys"].as_array_mut().unwrap().push(private);
    std::fs::write(&file, set.to_string()).unwrap();
    let good = iss.sign(&iss.header(), &base_payload());
    let (code, _, err) = verify_with("--jwks", &file, &good);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning: key 1 of the JWK Set") && err.contains("holds private key material"),
        "{err}"
    );
}

#[test]
fn rs256_with_an_rsa_key_signed_by_openssl() {
    if !have("openssl") {
        return;
    }
    let rsa = path("tests/fixtures/keys/openssl-rsa2048.pem");
    let spki = path("tests/fixtures/keys/openssl-rsa2048-spki.pem");
    let (_, out, _) = run(ptix().args(["keygen", "--json", "--show"]).arg(&spki));
    let kid = json(&out)["keys"][0]["thumbprint"].as_str().unwrap().to_string();
    let input = format!(
        "{}.{}",
        ptix::jose::b64url::encode(json!({"alg": "RS256", "kid": kid}).to_string().as_bytes()),
        ptix::jose::b64url::encode(base_payload().to_string().as_bytes())
    );
    let dir = tempfile::tempdir().unwrap();
    let msg = dir.path().join("msg");
    std::fs::write(&msg, &input).unwrap();
    let sig = std::process::Command::new("openssl")
        .args(["dgst", "-sha256", "-sign"])
        .arg(&rsa)
        .arg(&msg)
        .output()
        .unwrap();
    assert!(sig.status.success());
    let token = format!("{input}.{}", ptix::jose::b64url::encode(&sig.stdout));
    let (code, out, err) = run(ptix()
        .args(["verify", "--json", "--now", NOW, "--key"])
        .arg(&spki)
        .arg(&token));
    assert_eq!(code, 0, "{out}{err}");
    let v = json(&out);
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "jwt.alg_es256"),
        "RS256 is allowed but not recommended: {v:#}"
    );
    // The same RSA key as a private PKCS#8 file works as a verification key (its public half).
    let (code, _, err) = verify_with("--key", &rsa, &token);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn the_guides_example_verifies_and_is_expired_without_now() {
    let ex = "samples/tickets/valid/spec-example-pca.jwt";
    let (code, out, err) = run(ptix().args([
        "verify",
        ex,
        "--key",
        "keys/spec-example-issuer.jwk.json",
        "--now",
        NOW,
        "--issuer",
        ISSUER,
    ]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("VALID"), "{out}");
    let (code, out, _) = run(ptix().args(["verify", ex, "--key", "keys/spec-example-issuer.jwk.json"]));
    assert_eq!(code, 1);
    assert!(
        out.contains("expired") && out.contains("days ago, at 2026-08-23T19:39:10Z"),
        "{out}"
    );
    // From stdin, with a Bearer prefix.
    let token = std::fs::read_to_string(path(ex)).unwrap();
    let (code, _, err) = run(ptix()
        .args([
            "verify",
            "-",
            "--key",
            "keys/spec-example-issuer.jwk.json",
            "--now",
            NOW,
        ])
        .write_stdin(format!("Bearer {token}")));
    assert_eq!(code, 0, "{err}");
}

#[test]
fn no_verdict_without_readable_token_or_key() {
    let (code, out, err) = run(ptix().args([
        "verify",
        "no/such/ticket.jwt",
        "--key",
        "keys/demo-issuer.jwk.json",
    ]));
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("no/such/ticket.jwt"), "{err}");
    let (code, _, err) = run(ptix().args([
        "verify",
        "samples/tickets/valid/spec-example-pca.jwt",
        "--key",
        "no/such/key.pem",
    ]));
    assert_eq!(code, 2);
    assert!(err.contains("no/such/key.pem"), "{err}");
    let (code, _, err) = run(ptix().args(["verify", "samples/tickets/valid/spec-example-pca.jwt"]));
    assert_eq!(code, 2);
    assert!(err.contains("--key") && err.contains("--jwks"), "{err}");
}

#[test]
fn several_trusted_keys_with_the_tokens_kid_is_an_error_not_a_verdict() {
    let iss = Issuer::new();
    let token = iss.sign(&iss.header(), &base_payload());
    // The same key offered twice is one key.
    let (code, out, err) = run(ptix()
        .args(["verify", "--now", NOW, "--jwks"])
        .arg(iss.file(".jwks.json"))
        .arg("--key")
        .arg(iss.file(".jwk.json"))
        .arg(&token));
    assert_eq!(code, 0, "{out}{err}");
    // Another key published under the same kid: no verdict.
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other");
    assert_eq!(
        run(ptix()
            .args(["keygen", "-q", "--kid", &iss.kid(), "--out"])
            .arg(&other))
        .0,
        0
    );
    let (code, out, err) = run(ptix()
        .args(["verify", "--now", NOW, "--jwks"])
        .arg(iss.file(".jwks.json"))
        .arg("--key")
        .arg(dir.path().join("other.jwk.json"))
        .arg(&token));
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("2 trusted keys have kid=") && err.contains("remove the duplicates"),
        "{err}"
    );
    // With --json, stdout says so too (as it does for many inputs).
    let (code, out, _) = run(ptix()
        .args(["verify", "--json", "--now", NOW, "--jwks"])
        .arg(iss.file(".jwks.json"))
        .arg("--key")
        .arg(dir.path().join("other.jwk.json"))
        .arg(&token));
    assert_eq!(code, 2);
    let v = json(&out);
    assert_eq!(v["valid"], false);
    assert!(
        v["no_verdict"]
            .as_str()
            .unwrap()
            .contains("remove the duplicates"),
        "{v}"
    );
    // So does an unreadable token or key.
    for (input, key) in [
        ("no/such.jwt", "keys/demo-issuer.pub.pem"),
        (token.as_str(), "no/such/key.pem"),
    ] {
        let (code, out, _) = run(ptix().args(["verify", "--json", "--now", NOW, "--key", key, input]));
        assert_eq!(code, 2);
        let v = json(&out);
        assert_eq!(v["valid"], false, "{v}");
        assert!(
            v["no_verdict"].as_str().is_some_and(|r| r.contains("no/such")),
            "{v}"
        );
    }
}

#[test]
fn a_jwk_set_key_is_found_by_its_own_kid_and_a_key_file_also_by_its_thumbprint() {
    let iss = Issuer::new();
    // The token's kid is the thumbprint (ptix keygen's default).
    let token = iss.sign(&iss.header(), &base_payload());
    let mut jwk = json(&std::fs::read_to_string(iss.file(".jwk.json")).unwrap());
    jwk.as_object_mut().unwrap().remove("kid");
    let dir = tempfile::tempdir().unwrap();
    let (single, set) = (
        dir.path().join("nokid.jwk.json"),
        dir.path().join("nokid.jwks.json"),
    );
    std::fs::write(&single, jwk.to_string()).unwrap();
    std::fs::write(&set, json!({"keys": [jwk]}).to_string()).unwrap();
    // A key file of its own: found by its thumbprint.
    let (code, out, err) = verify_with("--key", &single, &token);
    assert_eq!(code, 0, "{out}{err}");
    // In a published set, a key is found by its kid, as JOSE libraries look it up; the
    // message says how to fix the set.
    let (code, out, _) = verify_with("--jwks", &set, &token);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("no key of") && out.contains("add \"kid\""), "{out}");
}

/// A key given on its own without a kid (a PEM file, a JWK without kid) is the key the user
/// named to verify with: a token signed with it verifies whatever its kid says, as a JOSE
/// library given one key does. A key with a kid of its own, or in a JWK Set, is not tried for
/// another kid.
#[test]
fn a_key_without_kid_of_its_own_verifies_a_token_whatever_its_kid() {
    let iss = Issuer::new();
    let token = iss.sign(&json!({"alg": "ES256", "kid": "issuer-2027"}), &base_payload());
    for file in [iss.file(".pub.pem"), iss.file(".key.pem")] {
        let (code, out, err) = verify_with("--key", &file, &token);
        assert_eq!(code, 0, "{}: {out}{err}", file.display());
        assert!(
            out.contains("a key without kid of its own, tried because no trusted key has kid=issuer-2027"),
            "{out}"
        );
    }
    // Another key without kid does not verify it: invalid, and the message says so.
    let other = Issuer::new();
    let (code, out, _) = verify_with("--key", &other.file(".pub.pem"), &token);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("without a kid of their own do not verify the signature either"),
        "{out}"
    );
    // A key of a set that has the token's kid but cannot verify (key_ops without verify) is
    // named in the refusal: the key given on its own is not tried in its place.
    let mut set = json(&std::fs::read_to_string(other.file(".jwks.json")).unwrap());
    set["keys"][0]["kid"] = json!("issuer-2027");
    set["keys"][0]["key_ops"] = json!(["sign"]);
    let unfit = other.file(".unfit.jwks.json");
    std::fs::write(&unfit, set.to_string()).unwrap();
    let (code, out, err) = run(ptix()
        .args(["verify", "--now", NOW, "--jwks"])
        .arg(&unfit)
        .arg("--key")
        .arg(iss.file(".pub.pem"))
        .arg(&token));
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("do not include \"verify\""), "{out}");
    // The JWK and the JWK Set name the key by its thumbprint: kid issuer-2027 is not there.
    for (flag, suffix) in [("--key", ".jwk.json"), ("--jwks", ".jwks.json")] {
        let (code, out, _) = verify_with(flag, &iss.file(suffix), &token);
        assert_eq!(code, 1, "{flag} {suffix}: {out}");
        assert!(
            out.contains("signed by key kid=issuer-2027, which is not in"),
            "{out}"
        );
    }
}

/// A JWK whose key_ops leave out "verify" cannot verify (RFC 7517 §4.3).
#[test]
fn key_ops_without_verify_make_a_key_unusable_for_verification() {
    let iss = Issuer::new();
    let token = iss.sign(&iss.header(), &base_payload());
    let dir = tempfile::tempdir().unwrap();
    for (ops, valid) in [
        (json!(["verify"]), true),
        (json!(["sign", "verify"]), true),
        (json!(["encrypt"]), false),
        (json!(["sign"]), false),
    ] {
        let mut set = json(&std::fs::read_to_string(iss.file(".jwks.json")).unwrap());
        set["keys"][0]["key_ops"] = ops.clone();
        let file = dir.path().join("ops.jwks.json");
        std::fs::write(&file, set.to_string()).unwrap();
        let (code, out, err) = verify_with("--jwks", &file, &token);
        assert_eq!(code, if valid { 0 } else { 1 }, "{ops}: {out}{err}");
        if !valid {
            assert!(out.contains("do not include \"verify\""), "{out}");
        }
    }
}

/// `--issuer` stands for the audience of a self-issued Payer Claims Adjudication ticket only:
/// a ticket of another type names a Data Holder that is not its issuer.
#[test]
fn the_issuer_is_the_default_audience_of_payer_claims_adjudication_tickets_only() {
    let iss = Issuer::new();
    let mut p = base_payload();
    p["iss"] = json!("https://tickets.payer.example.com");
    let pca = iss.sign(&iss.header(), &p);
    let (code, failed, _) = verify(&iss, &pca, &["--issuer", "https://tickets.payer.example.com"]);
    assert_eq!((code, failed), (1, set(&["audience"])));
    p["ticket_type"] = json!("https://smarthealthit.org/permission-ticket-type/payer-quality-gap-v1");
    p["access"] = json!({"smart_scopes": ["patient/Observation.rs"]});
    let other = iss.sign(&iss.header(), &p);
    let (_, failed, v) = verify(&iss, &other, &["--issuer", "https://tickets.payer.example.com"]);
    let audience = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "audience")
        .unwrap()
        .clone();
    assert_eq!(audience["skipped"], true, "{v:#}");
    assert!(!failed.contains("audience"), "{v:#}");
    // With --audience it is checked.
    let (_, failed, _) = verify(&iss, &other, &["--audience", "https://elsewhere.example.org"]);
    assert!(failed.contains("audience"));
}

/// A malformed token given as the argument is judged as a token (exit 1), not taken for a
/// file name (which would be exit 2, "File name too long").
#[test]
fn a_malformed_token_argument_is_a_token() {
    let iss = Issuer::new();
    let sig = "c2lnbmF0dXJlLWJ5dGVzLXNpZ25hdHVyZS1ieXRlcw";
    let header_array = format!(
        "WyJFUzI1NiJd.{}.{sig}",
        ptix::jose::b64url::encode(b"{\"iss\":\"x\"}")
    );
    let (code, out, err) = verify_with("--jwks", &iss.file(".jwks.json"), &header_array);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("not a compact JWS"), "{out}");
    // A missing file whose name has dots stays a missing file (exit 2).
    let (code, _, err) = verify_with("--jwks", &iss.file(".jwks.json"), "ticket.v2.jwt");
    assert_eq!(code, 2, "{err}");
}

/// A revocable ticket: its status is unknown to ptix, so an otherwise valid ticket gets no
/// verdict (the Data Holder fails closed) until the caller says it checked the status; an
/// otherwise invalid one is invalid whatever its status.
#[test]
fn a_revocable_ticket_fails_closed_until_its_status_is_checked() {
    let iss = Issuer::new();
    let mut p = base_payload();
    p["revocation"] = json!({"url": "https://fhir.provider.example.org/status/1", "index": 7});
    let token = iss.sign(&iss.header(), &p);
    let run_verify = |extra: &[&str]| {
        run(ptix()
            .args(["verify", "--now", NOW, "--jwks"])
            .arg(iss.file(".jwks.json"))
            .args(extra)
            .arg(&token))
    };
    let (code, out, err) = run_verify(&["--json"]);
    assert_eq!(code, 2, "{err}");
    let v = json(&out);
    assert_eq!(v["valid"], false);
    assert!(
        v["no_verdict"].as_str().unwrap().contains("--revocation-checked"),
        "{v}"
    );
    let check = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "revocation")
        .unwrap();
    assert_eq!(check["ok"], false);
    assert!(
        check["message"]
            .as_str()
            .unwrap()
            .contains("bit 7 of the status list at https://fhir.provider.example.org/status/1"),
        "{check}"
    );
    assert!(err.contains("revocation status unknown"), "{err}");
    // In text, the report says there is no verdict.
    let (code, out, _) = run_verify(&[]);
    assert_eq!(code, 2);
    assert!(out.starts_with("NO VERDICT "), "{out}");
    // Checked by the caller: valid.
    let (code, out, err) = run_verify(&["--json", "--revocation-checked"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["valid"], true);
    // Expired: invalid, whatever the status.
    let (code, out, _) = run(ptix()
        .args(["verify", "--json", "--now", "2030-01-01T00:00:00Z", "--jwks"])
        .arg(iss.file(".jwks.json"))
        .arg(&token));
    assert_eq!(code, 1);
    assert!(json(&out).get("no_verdict").is_none(), "{out}");
    // Among many: counted apart in the summary, and the run exits 2.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.jwt"), &token).unwrap();
    std::fs::write(dir.path().join("b.jwt"), iss.sign(&iss.header(), &base_payload())).unwrap();
    let (code, out, _) = run(ptix()
        .args(["verify", "--json", "--now", NOW, "--jwks"])
        .arg(iss.file(".jwks.json"))
        .arg(dir.path()));
    assert_eq!(code, 2);
    assert_eq!(
        json(&out)["summary"],
        json!({"inputs": 2, "valid": 1, "invalid": 0, "no_verdict": 1, "unreadable": 0})
    );
}
