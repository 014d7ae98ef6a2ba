//! An independent oracle: the guide's JSON Schema for this ticket type (from its schema
//! source), checked by the `jsonschema` crate against every fixture payload.
//!
//! - Where the schema rejects a payload, lint must report at least one error (or a finding
//!   from a rule where ptix is deliberately lenient, listed with its reason).
//! - Where lint reports an error the schema accepts, the rule must be one the schema cannot
//!   express; each is listed below with the reason.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ptix::rules::{self, Artifact, LintOptions, Severity};
use serde_json::Value;

const FIXTURE_NOW: i64 = 1_782_864_000;

/// Error rules the schema cannot express, and why.
fn beyond_the_schema() -> BTreeMap<&'static str, &'static str> {
    BTreeMap::from([
        ("jwt.compact", "the schema describes a payload, not the JWS around it"),
        ("jwt.alg_allowed", "JOSE header, outside the payload schema"),
        ("jwt.kid_present", "JOSE header"),
        ("jwt.crit", "JOSE header"),
        ("jwt.signature_encoding", "JOSE signature"),
        ("jwt.duplicate_member", "a JSON Schema sees the parsed value, after duplicates collapsed"),
        ("claims.expired", "depends on the clock"),
        ("claims.exp_after_iat", "compares two members"),
        ("claims.exp", "the schema allows integers up to 2^53; ptix refuses times past year 9999 and negative times"),
        ("claims.iat", "as claims.exp"),
        ("claims.ticket_type_known", "the PCA-branch schema fixes ticket_type; ptix also knows the other registry types"),
        ("fhir.identifier", "an Identifier needs system or value: a zod refinement JSON Schema cannot express"),
        ("pca.data_period_forbidden", "the PCA schema's catchall accepts any object-valued access member; the page says SHALL NOT"),
        ("claim_linkage.encounter_reference", "ptix decision: each encounter needs a literal reference (the schema allows identifier-only References)"),
        ("subject.recipient_record_shape", "a Reference needs reference or identifier: not expressible in the schema"),
        ("sensitivity.withhold_shape", "non-empty codes or unlisted:true: a refinement"),
        ("sensitivity.release_shape", "as sensitivity.withhold_shape"),
        ("data_period.shape", "start <= end and FHIR date syntax"),
        ("data_holder_filter.shape", "jurisdiction needs country or state: a refinement"),
        ("revocation.https", "URL scheme, not a JSON type"),
        ("continuation.needs_revocation", "a dependency between members"),
        ("continuation.shape", "continuation is not in the seed-model schema"),
        ("access.unknown_member", "the schema's catchall accepts unknown object members; the guide says unknown constraints are rejected"),
        ("requester.type", "overlaps the schema's Organization requirement; reported together"),
        ("smart_scopes.grammar", "the scope grammar is a pattern the PCA schema does not carry"),
        ("binding.jkt_shape", "reported with the schema's oneOf"),
        ("binding.tfc_shape", "reported with the schema's oneOf"),
        ("evidence.shape", "identity evidence is outside the seed-model schema"),
    ])
}

/// Where ptix is deliberately more lenient than the schema: it reports a warning or notice
/// from one of these rules instead of an error.
fn lenient() -> BTreeMap<&'static str, &'static str> {
    BTreeMap::from([
        ("subject.members", "the schema closes subject, but the guide's prose only rules on unknown top-level claims and access members (DIGEST 7.12): warning"),
        ("subject.patient_reference_model", "this seed-model schema predates subject.patient_reference; ptix accepts both models (DIGEST 7.1): notice"),
        ("claim_linkage.claim_identifier", "the schema types claim.identifier as one object; DIGEST's catalogue rates its shape (single object, system and value) a warning, and ptix follows it"),
    ])
}

fn fixtures(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if p.is_dir() {
            fixtures(&p, out);
        } else if (name.ends_with(".json") && !name.ends_with(".expect.json")) || name.ends_with(".jwt") {
            out.push(p);
        }
    }
}

#[test]
fn lint_agrees_with_the_guides_schema() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("tests/fixtures/schema/payer-claims-ticket.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let explained = beyond_the_schema();
    let mut files = Vec::new();
    fixtures(&root.join("samples/tickets"), &mut files);
    files.sort();
    let mut problems = Vec::new();
    let mut compared = 0;
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let artifact = Artifact::from_text(&text);
        let Some(payload) = artifact.payload().cloned() else {
            continue;
        };
        // The schema is the Payer Claims Adjudication branch: other types are out of its scope.
        let pca = "https://smarthealthit.org/permission-ticket-type/payer-claims-adjudication-v1";
        if payload
            .get("ticket_type")
            .and_then(Value::as_str)
            .is_some_and(|t| t != pca)
        {
            continue;
        }
        compared += 1;
        let expect_path = path.with_file_name(format!(
            "{}.expect.json",
            path.file_name()
                .unwrap()
                .to_string_lossy()
                .trim_end_matches(".json")
                .trim_end_matches(".jwt")
        ));
        let now = std::fs::read_to_string(&expect_path)
            .ok()
            .and_then(|t| serde_json::from_str::<Value>(&t).ok())
            .and_then(|v| v.get("now").and_then(Value::as_str).map(str::to_string))
            .map(|t| ptix::clock::parse_instant(&t).unwrap())
            .unwrap_or(FIXTURE_NOW);
        let findings = rules::run(&artifact, &LintOptions::at(now), None);
        let errors: Vec<&str> = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.rule)
            .collect();
        let schema_errors: Vec<String> = validator
            .iter_errors(&payload)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        let excused = findings.iter().any(|f| lenient().contains_key(f.rule));
        if !schema_errors.is_empty() && errors.is_empty() && !excused {
            problems.push(format!(
                "{}: the schema rejects it ({schema_errors:?}) but lint reports no error",
                path.display()
            ));
        }
        if schema_errors.is_empty() {
            for rule in &errors {
                if !explained.contains_key(rule) {
                    problems.push(format!("{}: lint error {rule} where the schema accepts the payload, and no reason is recorded", path.display()));
                }
            }
        }
    }
    assert!(compared > 40, "compared {compared} payloads");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
