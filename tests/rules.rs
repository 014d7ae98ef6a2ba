//! The rule fixtures, checked both ways (zlint/pkilint style):
//! - every fixture produces exactly the findings its `.expect.json` lists (rule + pointer);
//! - a fixture in `invalid/<rule.id>/` triggers that rule;
//! - every registered rule is triggered by at least one fixture;
//! - fixtures in `valid/` produce no error and no warning.
//!
//! A fixture is `NAME.json` (a bare payload: header rules are skipped) or `NAME.jwt`, with
//! `NAME.expect.json`: `{"now": "RFC 3339 (optional)", "findings": [{"rule", "pointer"}]}`.
//! The default `now` is 2026-07-01T00:00:00Z, inside the guide example's validity window.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use ptix::rules::{self, Artifact, LintOptions, Severity};
use serde_json::Value;

const FIXTURE_NOW: i64 = 1_782_864_000; // 2026-07-01T00:00:00Z

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples/tickets")
}

struct Case {
    path: PathBuf,
    expected: BTreeSet<(String, String)>,
    actual: Vec<rules::Finding>,
}

fn fixtures(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(fixtures(&p));
        } else {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            if (name.ends_with(".json") && !name.ends_with(".expect.json")) || name.ends_with(".jwt") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The fixtures: `valid/` and `invalid/` only (other folders of samples/tickets, such as
/// `release/`, hold sample tickets for other commands, not lint fixtures).
fn all_fixtures() -> Vec<PathBuf> {
    let mut out = fixtures(&root().join("valid"));
    out.extend(fixtures(&root().join("invalid")));
    out
}

fn run_case(path: &Path) -> Case {
    let stem = path.file_name().unwrap().to_string_lossy();
    let stem = stem.trim_end_matches(".json").trim_end_matches(".jwt");
    let expect_path = path.with_file_name(format!("{stem}.expect.json"));
    let expect_text = std::fs::read_to_string(&expect_path)
        .unwrap_or_else(|_| panic!("{} has no {}", path.display(), expect_path.display()));
    let expect: Value =
        serde_json::from_str(&expect_text).unwrap_or_else(|e| panic!("{}: {e}", expect_path.display()));
    let now = expect
        .get("now")
        .and_then(Value::as_str)
        .map(|t| ptix::clock::parse_instant(t).expect("now is RFC 3339"))
        .unwrap_or(FIXTURE_NOW);
    let expected = expect["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("{}: findings must be an array", expect_path.display()))
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["pointer"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let text = std::fs::read_to_string(path).unwrap();
    let artifact = Artifact::from_text(&text);
    let actual = rules::run(&artifact, &LintOptions::at(now), None);
    Case {
        path: path.to_path_buf(),
        expected,
        actual,
    }
}

#[test]
fn every_fixture_produces_exactly_its_declared_findings() {
    let mut failures = Vec::new();
    for path in all_fixtures() {
        let case = run_case(&path);
        let actual: BTreeSet<(String, String)> = case
            .actual
            .iter()
            .map(|f| (f.rule.to_string(), f.pointer.clone()))
            .collect();
        if actual != case.expected {
            let missing: Vec<_> = case.expected.difference(&actual).collect();
            let extra: Vec<_> = case
                .actual
                .iter()
                .filter(|f| !case.expected.contains(&(f.rule.to_string(), f.pointer.clone())))
                .map(|f| format!("{} {} {}", f.rule, f.pointer, f.message))
                .collect();
            failures.push(format!(
                "{}:\n  missing: {missing:?}\n  undeclared: {extra:#?}",
                case.path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn fixtures_in_a_rule_folder_trigger_that_rule() {
    let invalid = root().join("invalid");
    let mut failures = Vec::new();
    for dir in std::fs::read_dir(&invalid).unwrap().flatten() {
        let id = dir.file_name().to_string_lossy().into_owned();
        assert!(
            rules::by_id(&id).is_some(),
            "samples/tickets/invalid/{id} names no registered rule"
        );
        for path in fixtures(&dir.path()) {
            if !run_case(&path).actual.iter().any(|f| f.rule == id) {
                failures.push(format!("{} does not trigger {id}", path.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_has_a_fixture_that_triggers_it() {
    let mut triggered = BTreeSet::new();
    for path in all_fixtures() {
        triggered.extend(run_case(&path).actual.iter().map(|f| f.rule));
    }
    // Rules that need a verification key are exercised by tests/cli/lint.rs and verify tests.
    let missing: Vec<&str> = rules::all()
        .filter(|r| r.applies != rules::Applies::Signature && !triggered.contains(r.id))
        .map(|r| r.id)
        .collect();
    assert!(
        missing.is_empty(),
        "rules without a triggering fixture: {missing:?}"
    );
}

#[test]
fn valid_fixtures_have_no_errors_or_warnings() {
    for path in fixtures(&root().join("valid")) {
        let bad: Vec<_> = run_case(&path)
            .actual
            .into_iter()
            .filter(|f| matches!(f.severity, Severity::Error | Severity::Warning))
            .map(|f| format!("{} {} {}", f.rule, f.pointer, f.message))
            .collect();
        assert!(bad.is_empty(), "{}: {bad:#?}", path.display());
    }
}
