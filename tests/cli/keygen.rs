//! `ptix keygen`: files, modes, kid = thumbprint, overwrite protection, encryption, loading.

use std::fs;

use crate::support::*;

fn keygen_in(dir: &std::path::Path, extra: &[&str]) -> (i32, String, String) {
    let prefix = dir.join("issuer");
    run(ptix().arg("keygen").arg("--out").arg(&prefix).args(extra))
}

#[test]
fn writes_four_files_with_modes_and_kid_is_the_thumbprint() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = keygen_in(dir.path(), &["--json"]);
    assert_eq!(code, 0, "{err}");
    let report = json(&out);
    let key = dir.path().join("issuer.key.pem");
    let jwk_path = dir.path().join("issuer.jwk.json");
    assert_eq!(mode(&key), 0o600);
    assert_eq!(mode(&dir.path().join("issuer.pub.pem")), 0o644);
    assert!(fs::read_to_string(&key)
        .unwrap()
        .starts_with("-----BEGIN PRIVATE KEY-----"));
    assert!(fs::read_to_string(dir.path().join("issuer.pub.pem"))
        .unwrap()
        .starts_with("-----BEGIN PUBLIC KEY-----"));
    let jwk = json(&fs::read_to_string(&jwk_path).unwrap());
    for member in ["kty", "crv", "x", "y", "kid", "alg", "use"] {
        assert!(jwk.get(member).is_some(), "JWK has {member}: {jwk}");
    }
    assert_eq!(jwk["alg"], "ES256");
    assert_eq!(jwk["use"], "sig");
    assert!(jwk.get("d").is_none(), "public JWK carries no private key");
    assert_eq!(jwk["kid"].as_str().unwrap(), independent_thumbprint(&jwk));
    assert_eq!(report["kid"], jwk["kid"]);
    assert_eq!(report["thumbprint"], jwk["kid"]);
    let set = json(&fs::read_to_string(dir.path().join("issuer.jwks.json")).unwrap());
    assert_eq!(set["keys"].as_array().unwrap(), &vec![jwk.clone()]);
    // With --json the summary is the JSON on stdout, not said again on stderr; without, the
    // summary on stderr names the kid.
    assert!(!err.contains("Generated"), "{err}");
    let plain = tempfile::tempdir().unwrap();
    let (_, _, err) = keygen_in(plain.path(), &[]);
    let kid = json(&fs::read_to_string(plain.path().join("issuer.jwk.json")).unwrap())["kid"].clone();
    assert!(
        err.contains(kid.as_str().unwrap()),
        "summary names the kid: {err}"
    );
    // No temporary files are left behind.
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 4);
}

#[test]
fn refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(keygen_in(dir.path(), &[]).0, 0);
    let key = dir.path().join("issuer.key.pem");
    let before = fs::read(&key).unwrap();
    // Only the JWK Set is missing: still nothing may be written.
    fs::remove_file(dir.path().join("issuer.jwks.json")).unwrap();
    let (code, out, err) = keygen_in(dir.path(), &[]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("already exists") && err.contains("--force"), "{err}");
    assert_eq!(fs::read(&key).unwrap(), before);
    assert!(
        !dir.path().join("issuer.jwks.json").exists(),
        "nothing written half-way"
    );
    let (code, _, err) = keygen_in(dir.path(), &["--force"]);
    assert_eq!(code, 0, "{err}");
    assert_ne!(fs::read(&key).unwrap(), before);
    assert_eq!(mode(&key), 0o600);
}

#[test]
fn kid_override_and_jwks_rotation() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(keygen_in(dir.path(), &[]).0, 0);
    let set_path = dir.path().join("issuer.jwks.json");
    let (code, _, err) = run(ptix()
        .args(["keygen", "--kid", "issuer-2027", "--jwks"])
        .arg(&set_path)
        .arg("--out")
        .arg(dir.path().join("next")));
    assert_eq!(code, 0, "{err}");
    let set = json(&fs::read_to_string(&set_path).unwrap());
    let kids: Vec<&str> = set["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap())
        .collect();
    assert_eq!(kids.len(), 2);
    assert_eq!(kids[1], "issuer-2027");
    assert!(!dir.path().join("next.jwks.json").exists());
    // A duplicate kid is refused, and nothing is written.
    let (code, _, err) = run(ptix()
        .args(["keygen", "--kid", "issuer-2027", "--jwks"])
        .arg(&set_path)
        .arg("--out")
        .arg(dir.path().join("third")));
    assert_eq!(code, 2);
    assert!(err.contains("issuer-2027"), "{err}");
    assert!(!dir.path().join("third.key.pem").exists());
    assert_eq!(json(&fs::read_to_string(&set_path).unwrap()), set);
    // A set that cannot be written: nothing is written at all.
    let (code, _, err) = run(ptix()
        .args(["keygen", "--jwks"])
        .arg(dir.path().join("missing/set.jwks.json"))
        .arg("--out")
        .arg(dir.path().join("fourth")));
    assert_eq!(code, 2, "{err}");
    let left: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("fourth") || n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// The private JWK of a PEM private key, built through the library.
fn private_jwk(pem: &[u8]) -> serde_json::Value {
    let key = ptix::keys::load::load_signing_key(pem, "k", None).unwrap();
    let mut jwk = serde_json::Value::Object(key.public().jwk_members());
    jwk["d"] = serde_json::json!(ptix::jose::b64url::encode(&key.secret().to_bytes()));
    jwk
}

fn show_json(args: &[&str]) -> serde_json::Value {
    let (code, out, err) = run(ptix().args(["keygen", "--json", "--show"]).args(args));
    assert_eq!(code, 0, "{args:?}: {err}");
    json(&out)
}

#[test]
fn encrypted_key_round_trip_with_file_and_env_passphrases() {
    let dir = tempfile::tempdir().unwrap();
    let pass = dir.path().join("pass.txt");
    fs::write(&pass, "s3cret phrase\n").unwrap();
    let (code, out, err) = keygen_in(
        dir.path(),
        &["--encrypt", "--json", "--passphrase-file", pass.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    let kid = json(&out)["kid"].as_str().unwrap().to_string();
    let key = dir.path().join("issuer.key.pem");
    assert!(fs::read_to_string(&key)
        .unwrap()
        .starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    assert_eq!(mode(&key), 0o600);
    let k = key.to_str().unwrap();
    let shown = show_json(&[k, "--passphrase-file", pass.to_str().unwrap()]);
    assert_eq!(shown["keys"][0]["thumbprint"], kid.as_str());
    assert_eq!(shown["keys"][0]["private"], true);
    let (code, out, err) = run(ptix()
        .args(["keygen", "--json", "--show", k, "--passphrase-env", "KEY_PASS"])
        .env("KEY_PASS", "s3cret phrase"));
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["keys"][0]["thumbprint"], kid.as_str());
    // Wrong passphrase: a clear error, exit 2, and the passphrase is not echoed.
    let (code, out, err) = run(ptix()
        .args(["keygen", "--show", k, "--passphrase-env", "KEY_PASS"])
        .env("KEY_PASS", "not it"));
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("wrong passphrase"), "{err}");
    assert!(!err.contains("not it"), "{err}");
    // No passphrase source and no terminal.
    let (code, _, err) = run(ptix().args(["keygen", "--show", k]));
    assert_eq!(code, 2);
    assert!(err.contains("--passphrase-file"), "{err}");
}

#[test]
fn encrypt_without_a_passphrase_source_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = keygen_in(dir.path(), &["--encrypt"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--passphrase-file") && err.contains("nothing was written"),
        "{err}"
    );
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn loads_every_supported_format_by_content() {
    let k = |f: &str| path(&format!("tests/fixtures/keys/{f}")).display().to_string();
    let pass = k("passphrase.txt");
    let pkcs8 = show_json(&[&k("openssl-genpkey-pkcs8.pem")]);
    let thumb = pkcs8["keys"][0]["thumbprint"].clone();
    for (file, format, private) in [
        ("openssl-genpkey-pkcs8.pem", "PKCS#8 PEM", true),
        ("openssl-genpkey-spki.pem", "SPKI PUBLIC KEY PEM", false),
        ("openssl-pbes2-encrypted.pem", "encrypted PKCS#8 PEM", true),
        ("openssl-pbes2-hmacsha1.pem", "encrypted PKCS#8 PEM", true),
        ("openssl-pbes2-des3.pem", "encrypted PKCS#8 PEM", true),
        ("openssl-pkcs8-encrypted.der", "encrypted PKCS#8 DER", true),
        ("openssl-sec1.der", "SEC1 EC private key DER", true),
        ("openssl-cert-and-key.pem", "PKCS#8 PEM", true),
        ("python-private.jwk.json", "JWK", true),
    ] {
        let shown = show_json(&[&k(file), "--passphrase-file", &pass]);
        let key = &shown["keys"][0];
        assert_eq!(key["format"], format, "{file}");
        assert_eq!(key["private"], private, "{file}");
        assert_eq!(key["thumbprint"], thumb, "{file}: the same key in every format");
    }
    // A file named .txt is still read by content.
    let dir = tempfile::tempdir().unwrap();
    let renamed = dir.path().join("key.txt");
    fs::copy(k("openssl-ecparam-sec1.pem"), &renamed).unwrap();
    let sec1 = show_json(&[renamed.to_str().unwrap()]);
    assert_eq!(sec1["keys"][0]["format"], "SEC1 EC PRIVATE KEY PEM");
    assert_eq!(sec1["keys"][0]["crv"], "P-256");
    let rsa = show_json(&[&k("openssl-rsa2048-spki.pem")]);
    assert_eq!(rsa["keys"][0]["alg"], "RS256");
    assert_eq!(
        rsa["keys"][0]["thumbprint"].as_str().unwrap(),
        independent_thumbprint(&rsa["keys"][0]["jwk"])
    );
    let jwks = show_json(&["keys/demo-issuer.jwks.json"]);
    assert_eq!(jwks["keys"][0]["format"], "JWK Set entry 0");
}

#[test]
fn refuses_keys_it_cannot_use_with_a_reason() {
    let k = |f: &str| path(&format!("tests/fixtures/keys/{f}")).display().to_string();
    for (file, expected) in [
        (
            "openssl-p384.pem",
            "this is a P-384 key; Permission Tickets use P-256",
        ),
        ("p384.jwk.json", "this is a P-384 key"),
        ("openssl-ed25519.pem", "Ed25519"),
        ("invalid-point.jwk.json", "not on the P-256 curve"),
        (
            "openssl-pbes1-encrypted.pem",
            "openssl pkcs8 -topk8 -v2 aes-256-cbc",
        ),
        (
            "openssl-legacy-encrypted.pem",
            "legacy PEM format (Proc-Type and DEK-Info headers), which ptix does not read; convert it: `openssl pkcs8 -topk8",
        ),
        ("README.md", "not a key ptix can read"),
        (
            "openssl-explicit-params.pem",
            "explicit parameters, not by name, which ptix does not read; if it is a P-256 key, convert it: `openssl ec -in OLD -param_enc named_curve -out NEW`",
        ),
        (
            "openssl-explicit-params-spki.pem",
            "`openssl ec -pubin -in OLD -param_enc named_curve -pubout -out NEW`",
        ),
        (
            "openssl-cert.der",
            "X.509 certificate, which holds no private key: to verify with it, give its public key (`openssl x509 -pubkey",
        ),
        ("openssl-bundle.p12", "PKCS#12 bundle (.p12/.pfx), which ptix does not read; take the key out of it: `openssl pkcs12 -in FILE -nocerts -nodes"),
        (
            "openssl-pbes2-camellia.pem",
            "PBES2 and a cipher or key derivation other than AES-CBC, 3DES, PBKDF2 and scrypt (",
        ),
        (
            "mismatched-public-key.der",
            "the public key stored in the file is not the one of its private key",
        ),
    ] {
        let (code, out, err) = run(ptix().args([
            "keygen",
            "--show",
            &k(file),
            "--passphrase-file",
            &k("passphrase.txt"),
        ]));
        assert_eq!(code, 2, "{file}");
        assert!(out.is_empty(), "{file}");
        assert!(err.contains(expected), "{file}: {err}");
        assert!(err.contains(file), "the error names the file: {err}");
    }
}

#[test]
fn spec_example_key_kid_is_its_thumbprint() {
    let shown = show_json(&["keys/spec-example-issuer.jwk.json"]);
    let key = &shown["keys"][0];
    assert_eq!(key["kid"], "nvOGRCsTz2QIQLsbl0ZQ_ux0tfyh5iave-jvNsANWv8");
    assert_eq!(key["kid_is_thumbprint"], true);
    assert_eq!(
        key["thumbprint"].as_str().unwrap(),
        independent_thumbprint(&key["jwk"])
    );
}

#[test]
fn openssl_reads_the_keys_keygen_writes() {
    if !have("openssl") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pass = dir.path().join("pass");
    fs::write(&pass, "interop pass\n").unwrap();
    assert_eq!(keygen_in(dir.path(), &[]).0, 0);
    let enc = dir.path().join("enc");
    // The real 600,000-iteration PBES2 path.
    let (code, _, err) = run(ptix()
        .args(["keygen", "--encrypt", "--passphrase-file"])
        .arg(&pass)
        .arg("--out")
        .arg(&enc));
    assert_eq!(code, 0, "{err}");
    let openssl = |args: &[&str]| {
        let out = std::process::Command::new("openssl").args(args).output().unwrap();
        assert!(
            out.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let d = |f: &str| dir.path().join(f).display().to_string();
    let text = openssl(&["pkey", "-in", &d("issuer.key.pem"), "-noout", "-text"]);
    assert!(text.contains("prime256v1") || text.contains("P-256"), "{text}");
    let pub_from_priv = openssl(&["pkey", "-in", &d("issuer.key.pem"), "-pubout"]);
    assert_eq!(pub_from_priv, fs::read_to_string(d("issuer.pub.pem")).unwrap());
    openssl(&["pkey", "-pubin", "-in", &d("issuer.pub.pem"), "-noout"]);
    let passin = format!("file:{}", pass.display());
    let enc_pub = openssl(&["pkey", "-in", &d("enc.key.pem"), "-passin", &passin, "-pubout"]);
    assert_eq!(enc_pub, fs::read_to_string(d("enc.pub.pem")).unwrap());
    let params = openssl(&["asn1parse", "-in", &d("enc.key.pem")]);
    assert!(
        params.contains("PBKDF2") && params.contains("aes-256-cbc") && params.contains("hmacWithSHA256"),
        "{params}"
    );
}

#[test]
fn values_starting_with_a_hyphen_are_values() {
    // Base64url thumbprints start with '-' one time in 64: `--kid -x...` must not read as a flag.
    let dir = tempfile::tempdir().unwrap();
    let kid = "-Qd1oE0ZbKpPg8YQ2bDxUuW7mYVfX9lZt1K7RqkY3Zs";
    let (code, _, err) = run(ptix()
        .args(["keygen", "-q", "--kid", kid, "--out"])
        .arg(dir.path().join("k")));
    assert_eq!(code, 0, "{err}");
    let jwk = json(&fs::read_to_string(dir.path().join("k.jwk.json")).unwrap());
    assert_eq!(jwk["kid"], kid);
    let (code, out, err) = run(ptix().args([
        "mint",
        "samples/claims/prior-authorization.json",
        "--payload-only",
        "--issuer",
        "https://fhir.provider.example.org",
        "--bind-jkt",
        kid,
        "--jti",
        "-1",
    ]));
    assert_eq!(code, 0, "{err}");
    let payload = json(&out);
    assert_eq!(payload["presenter_binding"]["jkt"], kid);
    assert_eq!(payload["jti"], "-1");
}

/// `ptix mint -q` of the sample claim with KEY (and `extra`), at a time the claim is fresh.
fn mint_sample(key: &std::path::Path, extra: &[&str]) -> (i32, String, String) {
    run(ptix()
        .args(["mint", "-q"])
        .arg(path("samples/claims/professional-office-visit.json"))
        .args([
            "--issuer",
            "https://fhir.provider.example.org",
            "--now",
            "2026-09-17T00:00:00Z",
            "--key",
        ])
        .arg(key)
        .args(extra))
}

/// A key made with `keygen --kid` mints tickets that verify against its own JWK Set with
/// `mint --kid` (the PEM carries no kid; without the flag the header has the thumbprint).
#[test]
fn a_kid_given_to_keygen_is_given_to_mint_too() {
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("issuer");
    let (code, _, err) = run(ptix()
        .args(["keygen", "-q", "--kid", "issuer-2027", "--out"])
        .arg(&prefix));
    assert_eq!(code, 0, "{err}");
    let file = |suffix: &str| format!("{}{suffix}", prefix.display());
    let key = std::path::PathBuf::from(file(".key.pem"));
    let mint = |extra: &[&str]| {
        let (code, out, err) = mint_sample(&key, extra);
        assert_eq!(code, 0, "{err}");
        out.trim().to_string()
    };
    let verify = |token: &str| {
        run(ptix().args([
            "verify",
            "--now",
            "2026-09-17T00:00:00Z",
            "--jwks",
            &file(".jwks.json"),
            token,
        ]))
        .0
    };
    let token = mint(&["--kid", "issuer-2027"]);
    let header = json(
        &String::from_utf8(ptix::jose::b64url::decode(token.split('.').next().unwrap()).unwrap()).unwrap(),
    );
    assert_eq!(header, serde_json::json!({"alg": "ES256", "kid": "issuer-2027"}));
    assert_eq!(verify(&token), 0);
    // Without --kid, the thumbprint: not the set's kid.
    assert_eq!(verify(&mint(&[])), 1);
    // An empty kid is refused.
    let (code, _, err) = mint_sample(&key, &["--kid", ""]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--kid must not be empty"), "{err}");
}

/// The reminder to mint with --kid is on stderr whatever the output format, as one shell word;
/// a kid with spaces around it is refused; --show takes no flag meant for generating.
#[test]
fn the_kid_reminder_survives_json_and_pastes_as_one_word() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = run(ptix()
        .args(["keygen", "--json", "--kid", "issuer's key", "--out"])
        .arg(dir.path().join("a")));
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["kid"], "issuer's key");
    assert!(err.contains(r#"mint with --kid 'issuer'\''s key'"#), "{err}");
    let (code, _, err) = run(ptix()
        .args(["keygen", "--kid", " lead", "--out"])
        .arg(dir.path().join("b")));
    assert_eq!(code, 2);
    assert!(err.contains("spaces around it"), "{err}");
    assert!(!dir.path().join("b.key.pem").exists());
    for flag in [&["--kid", "x"][..], &["--force"], &["--encrypt"]] {
        let (code, _, err) = run(ptix()
            .args(["keygen", "--show", "keys/demo-issuer.key.pem"])
            .args(flag));
        assert_eq!(code, 2, "{flag:?}: {err}");
    }
}

/// A JWK that states it is not for ES256 signing is refused for minting (RFC 7517 §4.2-4.4);
/// a PEM file with text before its block (as `openssl pkcs12` writes) is read (RFC 7468 §2).
#[test]
fn signing_keys_from_other_tools() {
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("k");
    assert_eq!(run(ptix().args(["keygen", "-q", "--out"]).arg(&prefix)).0, 0);
    let pem = fs::read_to_string(format!("{}.key.pem", prefix.display())).unwrap();
    let mint = |key: &std::path::Path| mint_sample(key, &[]);
    let bagged = dir.path().join("bagged.pem");
    fs::write(
        &bagged,
        format!("Bag Attributes\n    localKeyID: 01 00 00 00\nKey Attributes: <No Attributes>\n{pem}"),
    )
    .unwrap();
    let (code, _, err) = mint(&bagged);
    assert_eq!(code, 0, "{err}");
    // A private JWK, from the PEM through the library, with use/alg/key_ops that refuse signing.
    let private = private_jwk(pem.as_bytes());
    for (member, value, ok) in [
        ("use", serde_json::json!("sig"), true),
        ("use", serde_json::json!("enc"), false),
        ("alg", serde_json::json!("ES384"), false),
        ("key_ops", serde_json::json!(["sign"]), true),
        ("key_ops", serde_json::json!(["verify"]), false),
    ] {
        let mut k = private.clone();
        k[member] = value.clone();
        let file = dir.path().join("k.jwk.json");
        fs::write(&file, k.to_string()).unwrap();
        let (code, _, err) = mint(&file);
        assert_eq!(code, if ok { 0 } else { 2 }, "{member}={value}: {err}");
        if !ok {
            assert!(err.contains("does not allow ES256 signing"), "{err}");
        }
    }
}

/// Appending to a published set: the set must exist and hold public keys only, once each; a
/// link is followed to the set it names; the set keeps its permissions; a kid is printable.
#[test]
fn appending_keeps_the_set_safe() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(keygen_in(dir.path(), &[]).0, 0);
    let set_path = dir.path().join("issuer.jwks.json");
    let append = |set: &std::path::Path, out: &str, extra: &[&str]| {
        run(ptix()
            .arg("keygen")
            .args(extra)
            .arg("--jwks")
            .arg(set)
            .arg("--out")
            .arg(dir.path().join(out)))
    };
    let one = json(&fs::read_to_string(&set_path).unwrap())["keys"][0].clone();

    // Refused, nothing written: no such set, a private key in it, a member given twice, a
    // member that is no key.
    let private = json(&fs::read_to_string(dir.path().join("issuer.jwk.json")).unwrap());
    let mut with_d = private.clone();
    with_d["d"] = serde_json::json!("AAAA");
    let bad_sets = [
        (None, "no such JWK Set"),
        (
            Some(serde_json::json!({"keys": [with_d]}).to_string()),
            "private key material",
        ),
        (
            Some(format!("{{\"keys\": [{one}], \"keys\": []}}")),
            "given twice",
        ),
        (Some("{\"keys\": [1]}".to_string()), "is not a JWK"),
    ];
    for (n, (text, words)) in bad_sets.iter().enumerate() {
        let path = dir.path().join(format!("bad{n}.json"));
        if let Some(t) = text {
            fs::write(&path, t).unwrap();
        }
        let (code, _, err) = append(&path, &format!("refused{n}"), &[]);
        assert_eq!(code, 2, "{words}: {err}");
        assert!(err.contains(words), "{err}");
        assert!(!dir.path().join(format!("refused{n}.key.pem")).exists());
    }

    // Through a link: the set it names grows, the link stays; the mode stays 0640.
    let published = dir.path().join("published.jwks.json");
    fs::copy(&set_path, &published).unwrap();
    fs::set_permissions(&published, fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("link.jwks.json");
    std::os::unix::fs::symlink(&published, &link).unwrap();
    let (code, _, err) = append(&link, "via-link", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(
        json(&fs::read_to_string(&published).unwrap())["keys"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        fs::metadata(&published).unwrap().permissions().mode() & 0o777,
        0o640
    );

    // A kid with a control or bidi character, or a very long one, is refused.
    for kid in ["a\u{1b}[31mb", "\u{202e}evil", &"k".repeat(300)] {
        let (code, _, err) = append(&published, "kid", &["--kid", kid]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("--kid"), "{err}");
    }
}

#[test]
fn show_reads_stdin() {
    let pem = fs::read(path("keys/demo-issuer.key.pem")).unwrap();
    let (code, out, err) = run(ptix().args(["keygen", "--show", "-"]).write_stdin(pem));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("source      stdin") && out.contains("thumbprint"),
        "{out}"
    );
}

/// `--show` describes the key as the file states it, and says when its own members forbid its use.
#[test]
fn show_states_what_the_file_says_against_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let mut jwk = json(&fs::read_to_string(path("keys/demo-issuer.jwk.json")).unwrap());
    jwk["use"] = serde_json::json!("enc");
    jwk["key_ops"] = serde_json::json!(["encrypt"]);
    let file = dir.path().join("enc.jwk.json");
    fs::write(&file, jwk.to_string()).unwrap();
    let d = &show_json(&[file.to_str().unwrap()])["keys"][0];
    assert_eq!(d["jwk"]["use"], "enc");
    assert_eq!(
        d["jwk"]["key_ops"],
        serde_json::json!(["encrypt"]),
        "as the file states: {d}"
    );
    assert!(
        d["refused_by_its_members"]
            .as_str()
            .unwrap()
            .contains("\"use\": \"enc\""),
        "{d}"
    );
    // A private JWK for signing (key_ops ["sign"]) is what ptix signs with: nothing refused.
    let mut private = private_jwk(&fs::read(path("keys/demo-issuer.key.pem")).unwrap());
    private["key_ops"] = serde_json::json!(["sign"]);
    let file = dir.path().join("sign.jwk.json");
    fs::write(&file, private.to_string()).unwrap();
    let d = &show_json(&[file.to_str().unwrap()])["keys"][0];
    assert_eq!(d["private"], true);
    assert!(d["refused_by_its_members"].is_null(), "{d}");
    // Its public half verifies: the "sign" of the private key is the public key's "verify".
    assert_eq!(d["jwk"]["key_ops"], serde_json::json!(["verify"]), "{d}");
}

/// A private JWK as WebCrypto exports one (`key_ops: ["sign"]`) signs, and verifies as its
/// public half, as `--show` says it does.
#[test]
fn a_private_jwk_for_signing_verifies_through_its_public_half() {
    let dir = tempfile::tempdir().unwrap();
    let mut private = private_jwk(&fs::read(path("keys/demo-issuer.key.pem")).unwrap());
    private["key_ops"] = serde_json::json!(["sign"]);
    private["ext"] = serde_json::json!(true);
    let file = dir.path().join("webcrypto.jwk.json");
    fs::write(&file, private.to_string()).unwrap();
    let (code, token, err) = mint_sample(&file, &[]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(ptix()
        .args(["verify", "--now", "2026-09-17T00:00:00Z", "--key"])
        .arg(&file)
        .arg(token.trim()));
    assert_eq!(code, 0, "{out}{err}");
    // Whereas a private key marked for verifying only does not sign.
    private["key_ops"] = serde_json::json!(["verify"]);
    fs::write(&file, private.to_string()).unwrap();
    assert_eq!(mint_sample(&file, &[]).0, 2);
}
