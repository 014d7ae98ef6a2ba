//! Proof against independent implementations: PyJWT (+ `cryptography`) and panva/jose.
//!
//! `.ci/run` installs both into a temporary directory and sets `PTIX_INTEROP_DIR` (holding
//! `py/` for PYTHONPATH and `node/node_modules/jose`). Without it the tests say SKIPPED, and
//! with `PTIX_REQUIRE_INTEROP=1` (CI) a missing tool fails them.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::support::*;

const NOW: &str = "2026-07-01T00:00:00Z";

fn interop_dir() -> Option<PathBuf> {
    match std::env::var("PTIX_INTEROP_DIR") {
        Ok(d)
            if Path::new(&d).join("py/jwt").is_dir()
                && Path::new(&d).join("node/node_modules/jose").is_dir() =>
        {
            Some(PathBuf::from(d))
        }
        _ if std::env::var("PTIX_REQUIRE_INTEROP").as_deref() == Ok("1") => {
            panic!("PTIX_INTEROP_DIR must hold py/ (PyJWT[crypto]) and node/node_modules/jose (PTIX_REQUIRE_INTEROP=1)")
        }
        _ => {
            eprintln!("SKIPPED: set PTIX_INTEROP_DIR (see .ci/run) to run the PyJWT and jose interop tests");
            None
        }
    }
}

fn python(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("python3")
        .arg(path("tests/interop/pyjwt_interop.py"))
        .args(args)
        .env("PYTHONPATH", dir.join("py"))
        .output()
        .map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

fn node(dir: &Path, args: &[&str]) -> Result<String, String> {
    let script = dir.join("node/jose_interop.mjs");
    fs::copy(path("tests/interop/jose_interop.mjs"), &script).map_err(|e| e.to_string())?;
    let out = Command::new("node")
        .arg(&script)
        .args(args)
        .output()
        .map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn base_payload() -> Value {
    json(&fs::read_to_string(path("samples/tickets/valid/base-payload.json")).unwrap())
}

/// `ptix verify` and `ptix lint` on a token: (verify exit code, lint errors + warnings).
fn ptix_judges(token: &str, key: &Path) -> (i32, u64) {
    let (code, _, _) = run(ptix().args(["verify", "--now", NOW, "--key", s(key), token]));
    let (_, out, err) = run(ptix().args(["lint", "--json", "--now", NOW, "--key", s(key), token]));
    let v = json(&format!(
        "{out}{}",
        if out.is_empty() { err } else { String::new() }
    ));
    (
        code,
        v["summary"]["errors"].as_u64().unwrap() + v["summary"]["warnings"].as_u64().unwrap(),
    )
}

fn tamper(token: &str) -> String {
    let parts: Vec<&str> = token.split('.').collect();
    let mut payload = json(&String::from_utf8(ptix::jose::b64url::decode(parts[1]).unwrap()).unwrap());
    payload["jti"] = Value::String("tampered".into());
    format!(
        "{}.{}.{}",
        parts[0],
        ptix::jose::b64url::encode(payload.to_string().as_bytes()),
        parts[2]
    )
}

#[test]
fn tickets_minted_by_ptix_verify_in_pyjwt_and_jose() {
    let Some(dir) = interop_dir() else { return };
    let work = tempfile::tempdir().unwrap();
    let prefix = work.path().join("issuer");
    assert_eq!(run(ptix().args(["keygen", "-q", "--out", s(&prefix)])).0, 0);
    let key = |suffix: &str| work.path().join(format!("issuer{suffix}"));
    let (code, token, err) = run(ptix().args([
        "mint",
        "samples/claims/professional-office-visit.json",
        "--key",
        s(&key(".key.pem")),
        "--issuer",
        "https://fhir.provider.example.org",
        "--now",
        "2026-11-05T00:00:00Z",
    ]));
    assert_eq!(code, 0, "{err}");
    let token_file = work.path().join("t.jwt");
    fs::write(&token_file, &token).unwrap();
    for public in [key(".pub.pem"), key(".jwk.json")] {
        let py = python(&dir, &["verify", s(&token_file), s(&public)])
            .unwrap_or_else(|e| panic!("PyJWT with {public:?}: {e}"));
        assert_eq!(json(&py)["jti"], payload_of(&token)["jti"]);
        let js = node(&dir, &["verify", s(&token_file), s(&public)])
            .unwrap_or_else(|e| panic!("jose with {public:?}: {e}"));
        assert_eq!(json(&js)["jti"], payload_of(&token)["jti"]);
    }
    // A tampered token fails in both.
    fs::write(&token_file, tamper(token.trim())).unwrap();
    assert!(python(&dir, &["verify", s(&token_file), s(&key(".pub.pem"))]).is_err());
    assert!(node(&dir, &["verify", s(&token_file), s(&key(".jwk.json"))]).is_err());
}

#[test]
fn tokens_minted_by_pyjwt_and_jose_verify_and_lint_clean_in_ptix() {
    let Some(dir) = interop_dir() else { return };
    let work = tempfile::tempdir().unwrap();
    let payload_file = work.path().join("payload.json");
    fs::write(&payload_file, base_payload().to_string()).unwrap();

    // PyJWT signs with a key ptix generated; ptix verifies with the JWK Set.
    let prefix = work.path().join("issuer");
    let (_, out, _) = run(ptix().args(["keygen", "-q", "--json", "--out", s(&prefix)]));
    let kid = json(&out)["kid"].as_str().unwrap().to_string();
    let jwks = work.path().join("issuer.jwks.json");
    let token = python(
        &dir,
        &[
            "mint",
            s(&work.path().join("issuer.key.pem")),
            &kid,
            s(&payload_file),
        ],
    )
    .expect("PyJWT mints");
    assert_eq!(header_of(&token), serde_json::json!({"alg": "ES256", "kid": kid}));
    assert_eq!(
        ptix_judges(&token, &jwks),
        (0, 0),
        "PyJWT's token: valid, no lint errors or warnings"
    );
    assert_eq!(
        ptix_judges(&tamper(&token), &jwks).0,
        1,
        "tampered PyJWT token is invalid"
    );

    // jose generates its own key pair and signs; ptix reads jose's JWK and PKCS#8 PEM.
    let token = node(&dir, &["keygen-mint", s(&payload_file), s(work.path())]).expect("jose mints");
    let jose_jwk = work.path().join("jose.jwk.json");
    assert_eq!(
        ptix_judges(&token, &jose_jwk),
        (0, 0),
        "jose's token: valid, clean"
    );
    assert_eq!(
        ptix_judges(&tamper(&token), &jose_jwk).0,
        1,
        "tampered jose token is invalid"
    );
    let (code, out, err) =
        run(ptix().args(["keygen", "--json", "--show", s(&work.path().join("jose.key.pem"))]));
    assert_eq!(code, 0, "ptix loads jose's PKCS#8: {err}");
    let shown = json(&out);
    assert_eq!(
        shown["keys"][0]["thumbprint"],
        json(&fs::read_to_string(&jose_jwk).unwrap())["kid"]
    );
    // And ptix signs with jose's private key; jose verifies.
    let (code, token, err) = run(ptix().args([
        "mint",
        "samples/claims/prior-authorization.json",
        "--key",
        s(&work.path().join("jose.key.pem")),
        "--issuer",
        "https://fhir.provider.example.org",
        "--now",
        "2026-11-05T00:00:00Z",
    ]));
    assert_eq!(code, 0, "{err}");
    let token_file = work.path().join("t.jwt");
    fs::write(&token_file, token.trim()).unwrap();
    node(&dir, &["verify", s(&token_file), s(&jose_jwk)])
        .expect("jose verifies ptix's token signed with jose's key");
}

#[test]
fn keygen_keys_load_in_python_cryptography() {
    let Some(dir) = interop_dir() else { return };
    let work = tempfile::tempdir().unwrap();
    let pass = work.path().join("pass");
    fs::write(&pass, "interop passphrase\n").unwrap();
    assert_eq!(
        run(ptix().args(["keygen", "-q", "--out", s(&work.path().join("plain"))])).0,
        0
    );
    assert_eq!(
        run(ptix().args([
            "keygen",
            "-q",
            "--encrypt",
            "--passphrase-file",
            s(&pass),
            "--out",
            s(&work.path().join("enc"))
        ]))
        .0,
        0
    );
    assert_eq!(
        python(&dir, &["load", s(&work.path().join("plain.key.pem"))]).unwrap(),
        "secp256r1"
    );
    assert_eq!(
        python(&dir, &["load", s(&work.path().join("enc.key.pem")), s(&pass)]).unwrap(),
        "secp256r1"
    );
    fs::write(&pass, "wrong\n").unwrap();
    assert!(python(&dir, &["load", s(&work.path().join("enc.key.pem")), s(&pass)]).is_err());
}
