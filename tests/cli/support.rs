//! Shared helpers: a clean `ptix` command, paths to shipped files, independent checks.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A path under the repository root.
pub fn path(rel: &str) -> PathBuf {
    root().join(rel)
}

/// `ptix` with a clean environment: no colours, no PTIX_* settings, working dir = repo root.
pub fn ptix() -> Command {
    let mut cmd = Command::cargo_bin("ptix").expect("the ptix binary is built");
    for (k, _) in std::env::vars() {
        if k.starts_with("PTIX_") {
            cmd.env_remove(k);
        }
    }
    cmd.env("NO_COLOR", "1").current_dir(root());
    cmd
}

/// Run and return (exit code, stdout, stderr).
pub fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().expect("ptix runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Parse JSON or fail the test with the text.
pub fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// The RFC 7638 thumbprint of a public JWK, computed by jsonwebtoken (an independent
/// implementation).
pub fn independent_thumbprint(jwk: &serde_json::Value) -> String {
    let jwk: jsonwebtoken::jwk::Jwk = serde_json::from_value(jwk.clone()).expect("a JWK jsonwebtoken reads");
    jwk.thumbprint(jsonwebtoken::jwk::ThumbprintHash::SHA256)
        .expect("jsonwebtoken computes a thumbprint")
}

/// Unix permission bits of a file.
pub fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).expect("file exists").permissions().mode() & 0o777
}

/// Is a command available on PATH? When `PTIX_REQUIRE_INTEROP=1` (as in CI) a missing tool
/// fails the test instead of skipping it.
pub fn have(tool: &str) -> bool {
    let found = std::process::Command::new(tool).arg("version").output().is_ok();
    if !found && std::env::var("PTIX_REQUIRE_INTEROP").as_deref() == Ok("1") {
        panic!("{tool} is required (PTIX_REQUIRE_INTEROP=1) but not installed");
    }
    if !found {
        eprintln!("SKIPPED: {tool} is not installed");
    }
    found
}

/// Compare `actual` with the committed snapshot `tests/snapshots/NAME`; `PTIX_BLESS=1`
/// rewrites it.
pub fn snapshot(name: &str, actual: &str) {
    let path = path(&format!("tests/snapshots/{name}"));
    if std::env::var("PTIX_BLESS").as_deref() == Ok("1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "no snapshot {}; run with PTIX_BLESS=1 to create it",
            path.display()
        )
    });
    if expected != actual {
        let first = expected.lines().zip(actual.lines()).position(|(a, b)| a != b);
        panic!(
            "snapshot {} differs (first differing line: {first:?}); rerun with PTIX_BLESS=1 if intended\n--- expected\n{expected}\n--- actual\n{actual}",
            path.display()
        );
    }
}

/// Verify an ES256 token with jsonwebtoken's RustCrypto backend (not the aws-lc-rs code that
/// signed it) and a public JWK file; returns the payload. Times are not checked here.
pub fn independent_verify(token: &str, jwk_file: &Path) -> serde_json::Value {
    use jsonwebtoken::{decode, decode_header, Algorithm, DecodingKey, Validation};
    let jwk: jsonwebtoken::jwk::Jwk =
        serde_json::from_str(&std::fs::read_to_string(jwk_file).unwrap()).unwrap();
    let key = DecodingKey::from_jwk(&jwk).expect("jsonwebtoken reads the JWK");
    let header = decode_header(token).expect("jsonwebtoken reads the header");
    assert_eq!(header.alg, Algorithm::ES256);
    let mut v = Validation::new(Algorithm::ES256);
    v.validate_exp = false;
    v.validate_aud = false;
    v.required_spec_claims.clear();
    decode::<serde_json::Value>(token, &key, &v)
        .unwrap_or_else(|e| panic!("jsonwebtoken rejects the token: {e:?}"))
        .claims
}

/// The middle segment of a compact JWS, decoded.
pub fn payload_of(token: &str) -> serde_json::Value {
    let seg = token.trim().split('.').nth(1).expect("three segments");
    json(&String::from_utf8(ptix::jose::b64url::decode(seg).expect("base64url")).unwrap())
}

/// The first segment of a compact JWS, decoded.
pub fn header_of(token: &str) -> serde_json::Value {
    let seg = token.trim().split('.').next().expect("a segment");
    json(&String::from_utf8(ptix::jose::b64url::decode(seg).expect("base64url")).unwrap())
}

/// The flags that mint with the demo key, for the sample issuer, as of `now`.
pub fn demo_signer(now: &str) -> [&str; 6] {
    [
        "--key",
        "keys/demo-issuer.key.pem",
        "--issuer",
        "https://fhir.provider.example.org",
        "--now",
        now,
    ]
}

/// `ptix mint CLAIM` with the demo key, the sample issuer and a fixed `--now`.
pub fn mint_demo(claim: &str, now: &str) -> Command {
    let mut cmd = ptix();
    cmd.args(["mint", claim]).args(demo_signer(now));
    cmd
}

/// Whether `p` itself is a symbolic link (not followed).
pub fn is_symlink(p: impl AsRef<Path>) -> bool {
    std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
}
