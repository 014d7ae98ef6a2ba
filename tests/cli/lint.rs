//! `ptix lint` as CI and people use it: formats, selection, exit codes, inputs, keys.

use crate::support::*;

const NOW: &str = "2026-07-01T00:00:00Z";
const EXAMPLE: &str = "samples/tickets/valid/spec-example-pca.jwt";
const DATA_PERIOD: &str = "samples/tickets/invalid/pca.data_period_forbidden/data-period-present.json";

fn lint(args: &[&str]) -> (i32, String, String) {
    run(ptix().arg("lint").args(["--now", NOW]).args(args))
}

#[test]
fn json_report_schema_and_exit_codes() {
    let (code, out, err) = lint(&["--format", "json", EXAMPLE, DATA_PERIOD]);
    assert_eq!(code, 1, "{err}");
    let v = json(&out);
    assert_eq!(v["version"], 1);
    assert_eq!(v["summary"]["inputs"], 2);
    assert_eq!(v["inputs"][0]["path"], EXAMPLE);
    assert_eq!(v["inputs"][0]["kind"], "jws");
    assert_eq!(v["inputs"][1]["kind"], "payload");
    let f = &v["inputs"][1]["findings"][0];
    assert_eq!(f["rule"], "pca.data_period_forbidden");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["pointer"], "/payload/access/data_period");
    assert!(f["message"].as_str().unwrap().contains("SHALL NOT"));
    assert!(v["summary"]["errors"].as_u64().unwrap() >= 1);
    // --json is --format json; a clean input exits 0.
    let (code, out, _) = lint(&["--json", EXAMPLE]);
    assert_eq!(code, 0);
    assert_eq!(json(&out)["summary"]["errors"], 0);
}

#[test]
fn select_ignore_and_fail_on() {
    assert_eq!(lint(&[DATA_PERIOD, "--ignore", "pca"]).0, 0);
    assert_eq!(lint(&[DATA_PERIOD, "--select", "claims"]).0, 0);
    assert_eq!(lint(&[DATA_PERIOD, "--select", "pca.data_period_forbidden"]).0, 1);
    let (code, _, err) = lint(&[DATA_PERIOD, "--select", "no_such_family"]);
    assert_eq!(code, 2);
    assert!(err.contains("matches no rule"), "{err}");
    // The example carries a notice (its NPI fails the check digit): clean by default,
    // failing with --fail-on notice.
    assert_eq!(lint(&[EXAMPLE]).0, 0);
    assert_eq!(lint(&[EXAMPLE, "--fail-on", "notice"]).0, 1);
}

#[test]
fn list_rules_and_explain() {
    let (code, out, _) = run(ptix().args(["lint", "--list-rules", "--format", "json"]));
    assert_eq!(code, 0);
    let rules = json(&out);
    let n = rules.as_array().unwrap().len();
    assert_eq!(n, ptix::rules::all().count());
    for r in rules.as_array().unwrap() {
        for k in ["id", "severity", "summary", "citation", "explain"] {
            assert!(r.get(k).is_some(), "{k} in {r}");
        }
    }
    let (code, out, _) = run(ptix().args(["lint", "--list-rules"]));
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), n + 1, "a header and one line per rule");
    let (code, out, _) = run(ptix().args(["lint", "--explain", "pca.data_period_forbidden"]));
    assert_eq!(code, 0);
    assert!(
        out.contains("## Why it matters")
            && out.contains("SHALL NOT")
            && out.contains("payer-claims-adjudication.html"),
        "{out}"
    );
    let (code, _, err) = run(ptix().args(["lint", "--explain", "pca.nope"]));
    assert_eq!(code, 2);
    assert!(err.contains("--list-rules"), "{err}");
}

#[test]
fn inputs_directories_stdin_tokens_and_unreadable_files() {
    // A directory: searched recursively, in sorted order, fixture sidecars skipped.
    let (_, out, _) = lint(&[
        "--format",
        "json",
        "samples/tickets/invalid/pca.data_period_forbidden",
    ]);
    let v = json(&out);
    let paths: Vec<&str> = v["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"].as_str().unwrap())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert!(
        !paths.is_empty() && paths.iter().all(|p| !p.ends_with(".expect.json")),
        "{paths:?}"
    );
    // stdin and a literal token.
    let token = std::fs::read_to_string(path(EXAMPLE)).unwrap();
    let (code, out, _) = run(ptix()
        .args(["lint", "--json", "--now", NOW, "-"])
        .write_stdin(token.clone()));
    assert_eq!(code, 0);
    assert_eq!(json(&out)["inputs"][0]["path"], "stdin");
    let (code, _, _) = lint(&[token.trim()]);
    assert_eq!(code, 0);
    // As pasted from a request: an Authorization header or a token-exchange body.
    for pasted in [
        format!("Bearer {}", token.trim()),
        format!("grant_type=x&subject_token={}&subject_token_type=y", token.trim()),
    ] {
        let (code, out, err) = run(ptix()
            .args(["lint", "--json", "--now", NOW, "-"])
            .write_stdin(pasted));
        assert_eq!(code, 0, "{err}");
        assert_eq!(json(&out)["inputs"][0]["kind"], "jws");
    }
    // Not a JWS at all: an error finding, not a crash.
    let (code, out, _) = run(ptix().args(["lint", "--json", "-"]).write_stdin("hello world"));
    assert_eq!(code, 1);
    assert_eq!(json(&out)["inputs"][0]["findings"][0]["rule"], "jwt.compact");
    // An unreadable input: reported, the others still linted, exit 2.
    let (code, out, err) = lint(&["--json", EXAMPLE, "no/such/file.jwt"]);
    assert_eq!(code, 2);
    assert!(err.contains("no/such/file.jwt"), "{err}");
    assert_eq!(json(&out)["summary"]["inputs"], 1);
}

#[test]
fn signature_is_a_rule_when_a_key_is_given() {
    let (code, _, _) = lint(&[EXAMPLE, "--key", "keys/spec-example-issuer.jwk.json"]);
    assert_eq!(code, 0);
    let (code, out, _) = lint(&["--json", EXAMPLE, "--key", "keys/demo-issuer.jwk.json"]);
    assert_eq!(code, 1);
    let v = json(&out);
    let f = v["inputs"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "jwt.signature")
        .cloned();
    let f = f.unwrap_or_else(|| panic!("jwt.signature: {v:#}"));
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("nvOGRCsTz2QIQLsbl0ZQ_ux0tfyh5iave-jvNsANWv8"),
        "{f}"
    );
    // A key whose kid is not its thumbprint: verified, with an info finding.
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("k");
    assert_eq!(
        run(ptix()
            .args(["keygen", "-q", "--kid", "issuer-2026", "--out"])
            .arg(&prefix))
        .0,
        0
    );
    let key = std::fs::read(dir.path().join("k.key.pem")).unwrap();
    let key = ptix::keys::load::load_signing_key(&key, "k", None).unwrap();
    let payload = json(&std::fs::read_to_string(path("samples/tickets/valid/base-payload.json")).unwrap());
    let token = ptix::jose::compact::encode(
        &serde_json::json!({"alg": "ES256", "kid": "issuer-2026"}),
        &payload,
        |m| key.sign(m),
    )
    .unwrap();
    let (code, out, err) = run(ptix()
        .args(["lint", "--json", "--now", NOW, "--jwks"])
        .arg(dir.path().join("k.jwks.json"))
        .arg(&token));
    assert_eq!(code, 0, "{out}{err}");
    let rules: Vec<String> = json(&out)["inputs"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(rules, ["jwt.kid_thumbprint"]);

    // Without kid: that is jwt.kid_present's error; jwt.signature says whether the signature
    // verifies with a key given (every key is tried).
    let token =
        ptix::jose::compact::encode(&serde_json::json!({"alg": "ES256"}), &payload, |m| key.sign(m)).unwrap();
    let rules_with = |flag: &str, keys: std::path::PathBuf| {
        let (code, out, err) = run(ptix()
            .args(["lint", "--json", "--now", NOW, "--select", "jwt", flag])
            .arg(keys)
            .arg(&token));
        assert_eq!(code, 1, "{out}{err}");
        json(&out)["inputs"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["severity"] == "error") // (not the high-S notice half the signatures get)
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        rules_with("--jwks", dir.path().join("k.jwks.json")),
        ["jwt.kid_present"]
    );
    assert_eq!(
        rules_with("--key", path("keys/demo-issuer.pub.pem")),
        ["jwt.kid_present", "jwt.signature"]
    );
}

#[test]
fn sarif_junit_and_github_formats() {
    let (code, out, _) = lint(&["--format", "sarif", EXAMPLE, DATA_PERIOD]);
    assert_eq!(code, 1);
    let v = json(&out);
    assert_eq!(v["version"], "2.1.0");
    let driver = &v["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "ptix");
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), ptix::rules::all().count());
    assert!(rules.iter().all(|r| r["help"]["markdown"]
        .as_str()
        .is_some_and(|h| h.contains("## How to fix"))));
    let results = v["runs"][0]["results"].as_array().unwrap();
    let r = results
        .iter()
        .find(|r| r["ruleId"] == "pca.data_period_forbidden")
        .unwrap();
    assert_eq!(r["level"], "error");
    assert_eq!(
        rules[r["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "pca.data_period_forbidden"
    );
    assert_eq!(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        DATA_PERIOD
    );

    let (code, out, _) = lint(&["--format", "junit", EXAMPLE, DATA_PERIOD]);
    assert_eq!(code, 1);
    assert!(
        out.starts_with("<?xml") && out.contains("<testsuites") && out.contains("<failure"),
        "{out}"
    );
    assert_eq!(out.matches("<testsuite ").count(), 2);

    let (code, out, _) = lint(&["--format", "github", DATA_PERIOD]);
    assert_eq!(code, 1);
    let line = out
        .lines()
        .find(|l| l.contains("pca.data_period_forbidden"))
        .unwrap();
    assert!(
        line.starts_with(&format!("::error file={DATA_PERIOD},line="))
            && line.contains(",title=ptix pca.data_period_forbidden::"),
        "{line}"
    );
}

#[test]
fn colours_only_when_asked_or_on_a_terminal() {
    let (_, out, _) = lint(&[DATA_PERIOD]);
    assert!(!out.contains('\u{1b}'), "piped: no colours");
    let (_, out, _) = run(ptix()
        .args(["lint", "--color", "always", DATA_PERIOD])
        .env_remove("NO_COLOR"));
    assert!(out.contains('\u{1b}'), "--color always");
    let (_, out, _) = run(ptix().args(["--color", "never", "lint", DATA_PERIOD]));
    assert!(!out.contains('\u{1b}'));
}

#[test]
fn other_ticket_types_and_unknown_ones() {
    let mut p = json(&std::fs::read_to_string(path("samples/tickets/valid/base-payload.json")).unwrap());
    p["ticket_type"] =
        serde_json::json!("https://smarthealthit.org/permission-ticket-type/patient-self-access-v1");
    let (_, out, _) = run(ptix()
        .args(["lint", "--json", "--now", NOW, "-"])
        .write_stdin(p.to_string()));
    let v = json(&out);
    let f = v["inputs"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "claims.ticket_type_unprofiled")
        .cloned();
    let f = f.unwrap_or_else(|| panic!("{v:#}"));
    let message = f["message"].as_str().unwrap();
    assert!(
        message.starts_with("Patient Self Access is a registered ticket type that ptix does not profile"),
        "{f}"
    );
    // It does not say the type's own rules are another type's.
    assert!(!message.contains("Payer Claims Adjudication"), "{f}");
    // The requirements the guide states across types are checked: this PCA payload relabelled
    // lacks the scopes and the binding of a self-access ticket.
    let errors: Vec<&str> = v["inputs"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert_eq!(errors, ["binding.required", "smart_scopes.required"], "{v:#}");
    p["ticket_type"] = serde_json::json!("https://example.org/made-up-v1");
    let (code, out, _) = run(ptix()
        .args(["lint", "--json", "--now", NOW, "-"])
        .write_stdin(p.to_string()));
    assert_eq!(code, 1);
    assert!(out.contains("claims.ticket_type_known"), "{out}");
}

#[test]
fn readme_rule_table_matches_the_registry() {
    let readme = std::fs::read_to_string(path("README.md")).unwrap();
    let start = readme
        .find("<!-- rules:start -->")
        .expect("README has <!-- rules:start -->")
        + "<!-- rules:start -->\n".len();
    let end = readme
        .find("<!-- rules:end -->")
        .expect("README has <!-- rules:end -->");
    let table = ptix::report::rules_table::markdown();
    if std::env::var("PTIX_BLESS").as_deref() == Ok("1") {
        let updated = format!("{}{}{}", &readme[..start], table, &readme[end..]);
        std::fs::write(path("README.md"), updated).unwrap();
        return;
    }
    assert_eq!(
        &readme[start..end],
        table,
        "README rule table is stale: run PTIX_BLESS=1 cargo test readme_rule_table"
    );
}

#[test]
fn a_directory_without_tickets_is_an_error_not_a_pass() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a ticket").unwrap();
    let dir_arg = dir.path().display().to_string();
    for args in [
        vec!["lint", dir_arg.as_str()],
        vec!["verify", dir_arg.as_str(), "--key", "keys/demo-issuer.jwk.json"],
    ] {
        let (code, _, err) = run(ptix().args(&args));
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains(&format!("{dir_arg}: the directory holds no .jwt"))
                && err.contains("nothing to check"),
            "{err}"
        );
    }
}

/// A registered type's own profile claim (`measure` for quality gap queries) is known for that
/// type; on another type's ticket it is named as that type's, not as "not a claim of the guide".
#[test]
fn profile_claims_of_other_types() {
    let mut p = json(&std::fs::read_to_string(path("samples/tickets/valid/base-payload.json")).unwrap());
    p["measure"] = serde_json::json!({"text": "Colorectal cancer screening"});
    let unknown = |p: &serde_json::Value| -> Vec<String> {
        let (_, out, _) = run(ptix()
            .args(["lint", "--json", "--now", NOW, "-"])
            .write_stdin(p.to_string()));
        json(&out)["inputs"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "claims.unknown")
            .map(|f| f["message"].as_str().unwrap().to_string())
            .collect()
    };
    let on_pca = unknown(&p);
    assert_eq!(on_pca.len(), 1, "{on_pca:?}");
    assert!(
        on_pca[0].contains("a profile claim of Payer Quality Gap Queries"),
        "{on_pca:?}"
    );
    p["ticket_type"] =
        serde_json::json!("https://smarthealthit.org/permission-ticket-type/payer-quality-gap-v1");
    assert!(unknown(&p).is_empty());
}

/// An input that cannot be read is in the text report and in verify's JSON too, not only on
/// stderr (exit 2).
#[test]
fn unreadable_inputs_are_in_the_text_report_and_in_verify_json() {
    let missing = "/nonexistent/ticket.jwt";
    let (code, out, _) = run(ptix().args(["lint", "samples/tickets/valid/spec-example-pca.jwt", missing]));
    assert_eq!(code, 2);
    assert!(out.contains(&format!("{missing} (unreadable)")), "{out}");
    assert!(out.contains("Summary: 1 input, 1 unreadable,"), "{out}");
    let (code, out, _) = run(ptix().args([
        "verify",
        "samples/tickets/valid/spec-example-pca.jwt",
        missing,
        "--key",
        "keys/spec-example-issuer.jwk.json",
        "--now",
        "2026-07-01T00:00:00Z",
        "--json",
    ]));
    assert_eq!(code, 2);
    let v = json(&out);
    assert_eq!(v["unreadable"][0]["path"], missing, "{v:#}");
    assert_eq!(v["summary"]["unreadable"], 1);
    assert_eq!(v["summary"]["valid"], 1);
}

/// A dangling symbolic link named like a ticket in a linted directory is reported (exit 2),
/// not skipped.
#[test]
fn a_dangling_link_in_a_directory_is_unreadable() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        path("samples/tickets/valid/spec-example-pca.jwt"),
        dir.path().join("a.jwt"),
    )
    .unwrap();
    std::os::unix::fs::symlink("/nonexistent/target.jwt", dir.path().join("gone.jwt")).unwrap();
    let (code, out, _) = run(ptix()
        .args(["lint", "--json", "--now", "2026-07-01T00:00:00Z"])
        .arg(dir.path()));
    assert_eq!(code, 2, "{out}");
    let v = json(&out);
    assert!(
        v["unreadable"][0]["path"].as_str().unwrap().ends_with("gone.jwt"),
        "{v:#}"
    );
    assert!(
        v["unreadable"][0]["error"]
            .as_str()
            .unwrap()
            .contains("a symbolic link to nothing"),
        "{v:#}"
    );
    assert_eq!(v["summary"]["inputs"], 1);
    // A link to itself is a loop, and said to be one.
    std::fs::remove_file(dir.path().join("gone.jwt")).unwrap();
    std::os::unix::fs::symlink("loop.jwt", dir.path().join("loop.jwt")).unwrap();
    let (code, out, _) = run(ptix()
        .args(["lint", "--json", "--now", "2026-07-01T00:00:00Z"])
        .arg(dir.path()));
    assert_eq!(code, 2, "{out}");
    let error = json(&out)["unreadable"][0]["error"].as_str().unwrap().to_string();
    assert!(
        error.contains("loop.jwt") && error.contains("symbolic links"),
        "{error}"
    );
}
