//! Output for CI pipelines, checked by independent readers: SARIF against the published SARIF
//! 2.1.0 schema, JUnit with a JUnit XML parser, GitHub workflow annotations.

use crate::support::*;

const NOW: &str = "2026-07-01T00:00:00Z";

fn sarif_validator() -> jsonschema::Validator {
    let mut schema =
        json(&std::fs::read_to_string(path("tests/fixtures/schema/sarif-2.1.0-rtm.5.json")).unwrap());
    // The published rtm.5 schema has a stray `]` in its `language` patterns (ptix never emits
    // `language`) that a strict regex engine refuses; the fixture stays verbatim and the
    // patterns are repaired here.
    for at in [
        "/definitions/run/properties/language/pattern",
        "/definitions/toolComponent/properties/language/pattern",
    ] {
        let pattern = schema.pointer_mut(at).expect("a language pattern");
        assert_eq!(pattern, "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$");
        *pattern = serde_json::json!("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$");
    }
    jsonschema::validator_for(&schema).expect("the SARIF schema compiles")
}

fn lint_fixtures(format: &str) -> String {
    let (code, out, err) = run(ptix().args(["lint", "--now", NOW, "--format", format, "samples/tickets"]));
    assert_eq!(code, 1, "the invalid fixtures fail: {err}");
    out
}

#[test]
fn sarif_is_valid_sarif_2_1_0() {
    let validator = sarif_validator();
    let out = lint_fixtures("sarif");
    let sarif = json(&out);
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .take(10)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.len() > 100, "every finding is a result");
    // The oracle does catch a broken document.
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]["level"] = serde_json::json!("fatal");
    assert!(!validator.is_valid(&broken));
    // A clean run is valid SARIF too.
    let (_, out, _) = run(ptix().args([
        "lint",
        "--now",
        NOW,
        "--format",
        "sarif",
        "samples/tickets/valid/base-payload.json",
    ]));
    assert!(validator.is_valid(&json(&out)));
}

#[test]
fn junit_parses_with_a_junit_reader() {
    let out = lint_fixtures("junit");
    let suites = junit_parser::from_reader(std::io::Cursor::new(out.as_bytes())).expect("JUnit XML parses");
    let inputs = json(&run(ptix().args(["lint", "--now", NOW, "--json", "samples/tickets"])).1);
    assert_eq!(
        suites.suites.len(),
        inputs["inputs"].as_array().unwrap().len(),
        "one suite per input"
    );
    let failures: u64 = suites.suites.iter().map(|s| s.failures).sum();
    assert_eq!(
        failures,
        inputs["summary"]["errors"].as_u64().unwrap(),
        "one failure per error (--fail-on error)"
    );
    let failed_case = suites
        .suites
        .iter()
        .flat_map(|s| &s.cases)
        .find(|c| c.status.is_failure())
        .expect("a failed case");
    assert!(
        failed_case.name.contains('.'),
        "named after the rule: {}",
        failed_case.name
    );
}

#[test]
fn github_annotations() {
    let out = lint_fixtures("github");
    for line in out.lines() {
        assert!(
            line.starts_with("::error file=")
                || line.starts_with("::warning file=")
                || line.starts_with("::notice file="),
            "{line}"
        );
        assert!(
            line.contains(",title=ptix ") && line.matches("::").count() >= 2,
            "{line}"
        );
    }
}

#[test]
fn unreadable_inputs_and_awkward_names_reach_every_ci_format() {
    let dir = tempfile::tempdir().unwrap();
    let odd = dir.path().join("a b#1 é:%\\.json");
    std::fs::copy(path("samples/tickets/valid/base-payload.json"), &odd).unwrap();
    let missing = dir.path().join("missing.jwt");
    let lint = |format: &str| {
        let (code, out, err) = run(ptix()
            .args(["lint", "--now", NOW, "--format", format])
            .arg(&odd)
            .arg(&missing));
        assert_eq!(code, 2, "{format}: {err}");
        out
    };
    let sarif = json(&lint("sarif"));
    assert!(sarif_validator().is_valid(&sarif), "{sarif:#}");
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notice = &invocation["toolExecutionNotifications"][0];
    assert_eq!(notice["level"], "error");
    assert!(
        notice["message"]["text"]
            .as_str()
            .unwrap()
            .contains("missing.jwt"),
        "{notice}"
    );
    // A file's URI keeps every character: `#`, `%`, `:`, a backslash (part of a name outside
    // Windows) and non-ASCII are percent-encoded.
    let uris = sarif_uris(&sarif);
    for uri in &uris {
        assert!(uri.ends_with("/a%20b%231%20%C3%A9%3A%25%5C.json"), "{uri}");
    }
    let junit = lint("junit");
    let suites = junit_parser::from_reader(std::io::Cursor::new(junit.as_bytes())).expect("JUnit XML parses");
    let errors: u64 = suites.suites.iter().map(|s| s.errors).sum();
    assert_eq!(errors, 1, "{junit}");
    let github = lint("github");
    assert!(
        github
            .lines()
            .any(|l| l.starts_with("::error file=") && l.contains("missing.jwt")),
        "{github}"
    );
    let report = json(&lint("json"));
    assert_eq!(report["summary"]["unreadable"], 1);
    assert!(report["unreadable"][0]["path"]
        .as_str()
        .unwrap()
        .ends_with("missing.jwt"));
    // stdin is no file: SARIF describes it, GitHub annotates without a file.
    let (_, out, _) = run(ptix()
        .args(["lint", "--now", NOW, "--format", "sarif", "-"])
        .write_stdin(r#"{"iss": 5}"#));
    let location =
        &json(&out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(
        location["description"]["text"], "stdin (not a file)",
        "{location}"
    );
    assert_eq!(location["uri"], "stdin", "code scanning needs a uri: {location}");
    let (_, out, _) = run(ptix()
        .args(["lint", "--now", NOW, "--format", "github", "-"])
        .write_stdin(r#"{"iss": 5}"#));
    assert!(out.lines().all(|l| !l.contains("file=")), "{out}");
}

/// Values code scanning and JUnit readers choke on: a noncharacter (U+FFFE) makes XML
/// unreadable, line breaks in attributes must survive, DEL is kept in JSON; paths are named one
/// way (`./a//b` is `a/b`; an absolute one is a `file://` URI); a CR in a file name reaches a
/// GitHub annotation as `%0D`.
#[test]
fn hostile_values_and_paths_keep_every_format_readable() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("t");
    std::fs::create_dir(&sub).unwrap();
    let payload =
        serde_json::json!({"iss": "https://a.example", "ticket_type": "urn:a\u{fffe}b\nc\rd\te\u{7f}f"});
    std::fs::write(sub.join("p.json"), payload.to_string()).unwrap();
    std::fs::write(sub.join("cr\rname.json"), payload.to_string()).unwrap();
    let lint = |format: &str, target: &str| {
        let (_, out, err) = run(ptix()
            .args(["lint", "--now", NOW, "--format", format, target])
            .current_dir(dir.path()));
        assert!(!out.is_empty(), "{format}: {err}");
        out
    };
    let junit = lint("junit", "t");
    assert!(
        !junit.contains('\u{fffe}') && junit.contains("&#10;") && junit.contains("&#13;"),
        "{junit}"
    );
    let json_out = lint("json", "./t");
    assert!(json_out.contains("\u{7f}"), "DEL kept in JSON");
    let report = json(&json_out);
    let paths: Vec<&str> = report["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"].as_str().unwrap())
        .collect();
    assert!(paths.iter().all(|p| p.starts_with("./t/")), "{paths:?}");
    let sarif = json(&lint("sarif", "./t//"));
    let uris = sarif_uris(&sarif);
    assert!(uris.iter().any(|u| u == "t/p.json"), "{uris:?}");
    let absolute = sub.join("p.json");
    let sarif = json(&lint("sarif", absolute.to_str().unwrap()));
    let uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(uri.starts_with("file:///") && uri.ends_with("/t/p.json"), "{uri}");
    let github = lint("github", "./t");
    assert!(github.contains("file=t/cr%0Dname.json,"), "{github}");
}

/// In a pretty-printed payload file, SARIF regions and GitHub annotations point at the line of
/// the member a finding names (a missing member: its object's line).
#[test]
fn findings_point_at_their_line_in_a_payload_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.json");
    std::fs::write(
        &file,
        "{\n  \"iss\": \"https://fhir.provider.example.org\",\n  \"aud\": 5,\n  \"access\": {\n    \"data_period\": {}\n  }\n}\n",
    )
    .unwrap();
    let (_, out, _) = run(ptix()
        .args(["lint", "--now", NOW, "--format", "sarif", "p.json"])
        .current_dir(dir.path()));
    let sarif = json(&out);
    let line_of = |pointer: &str| {
        sarif["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["properties"]["pointer"] == pointer)
            .map(|r| r["locations"][0]["physicalLocation"]["region"]["startLine"].clone())
    };
    assert_eq!(line_of("/payload/aud"), Some(serde_json::json!(3)), "{out}");
    assert_eq!(
        line_of("/payload/access/data_period"),
        Some(serde_json::json!(5)),
        "{out}"
    );
    assert_eq!(line_of("/payload/access"), Some(serde_json::json!(4)), "{out}");
    // A missing member (subject) is reported where its object starts.
    assert_eq!(line_of("/payload/subject"), Some(serde_json::json!(1)), "{out}");
    let (_, out, _) = run(ptix()
        .args(["lint", "--now", NOW, "--format", "github", "p.json"])
        .current_dir(dir.path()));
    assert!(
        out.lines()
            .any(|l| l.contains("file=p.json,line=3,") && l.contains("/payload/aud")),
        "{out}"
    );
}

/// The artifact URI of every SARIF result.
fn sarif_uris(sarif: &serde_json::Value) -> Vec<String> {
    sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

/// Lines count from the file's first line (blank lines before the payload included), and a
/// member given twice is reported where its last copy is: the value ptix checks.
#[test]
fn payload_lines_count_from_the_file_and_take_the_last_copy() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("p.json"),
        "\n\n\n{\n  \"iss\": \"https://fhir.provider.example.org\",\n  \"aud\": \"https://a.example\",\n  \"aud\": 5\n}\n",
    )
    .unwrap();
    let (_, out, _) = run(ptix()
        .args(["lint", "--now", NOW, "--format", "github", "p.json"])
        .current_dir(dir.path()));
    let aud = out
        .lines()
        .find(|l| l.contains("title=ptix claims.aud::"))
        .unwrap_or_default();
    assert!(aud.contains("file=p.json,line=7,"), "{out}");
}
