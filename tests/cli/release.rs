//! `ptix release`: the released set of every sample ticket, the same decisions from a Bundle and
//! from NDJSON, the Bundle output, and each exit code.

use std::path::Path;

use serde_json::{json, Value};

use crate::support::*;

const NOW: &str = "2026-10-01T00:00:00Z";
const BUNDLE: &str = "samples/records/okafor-bundle.json";
const NDJSON: &str = "samples/records/okafor-ndjson";
const JWKS: &str = "keys/demo-issuer.jwks.json";

fn ticket(name: &str) -> String {
    format!("samples/tickets/release/{name}.jwt")
}

/// Run `ptix release` verified with the demo JWKS; return (exit code, stdout, stderr).
fn release(input: &str, data: &str, extra: &[&str]) -> (i32, String, String) {
    run(ptix()
        .args(["release", input, "--data", data, "--jwks", JWKS, "--now", NOW])
        .args(extra))
}

/// The JSON report of a release that must succeed.
fn report(input: &str, data: &str) -> Value {
    let (code, out, err) = release(input, data, &["--format", "json"]);
    assert_eq!(code, 0, "{input} on {data}: {err}");
    json(&out)
}

fn released(v: &Value) -> Vec<String> {
    v["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["decision"] == "released")
        .map(|d| d["resource"].as_str().unwrap().to_string())
        .collect()
}

fn decision<'a>(v: &'a Value, resource: &str) -> &'a Value {
    v["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["resource"] == resource)
        .unwrap_or_else(|| panic!("no decision for {resource}"))
}

/// The patient-level floor of the Okafor records: the problem list, current medications and
/// allergies (the encounter diagnoses cond-0101-exam, cond-0110-osa, cond-0113-htn,
/// cond-0117-dm2, cond-0117-palpitations and the self-pay cond-0109-osa go with their encounters).
const FLOOR: &[&str] = &[
    "AllergyIntolerance/allergy-lisinopril",
    "AllergyIntolerance/allergy-penicillin",
    "Condition/cond-dm2",
    "Condition/cond-hld",
    "Condition/cond-htn",
    "MedicationRequest/mr-amlodipine",
    "MedicationRequest/mr-losartan",
    "MedicationRequest/mr-metformin",
    "MedicationRequest/mr-simvastatin",
    "MedicationStatement/ms-aspirin",
    "Patient/B77421",
];

const ENC_0117: &[&str] = &[
    "Binary/bin-0117",
    "Claim/clm-2026-0042",
    "Condition/cond-0117-dm2",
    "Condition/cond-0117-palpitations",
    "Coverage/cov-okafor-lmh",
    "DiagnosticReport/dr-0117-a1c",
    "DocumentReference/doc-0117",
    "Encounter/enc-2026-0117",
    "Observation/obs-0117-a1c",
    "Observation/obs-0117-bmi",
    "Observation/obs-0117-bp",
    "Observation/obs-0117-hr",
    "Observation/obs-0117-weight",
    "Procedure/proc-0117-ecg",
];

const ENC_0107_0108: &[&str] = &[
    "Binary/bin-0107",
    "Condition/cond-0107-chestpain",
    "DiagnosticReport/dr-0107-cbc",
    "DiagnosticReport/dr-0107-troponin",
    "DocumentReference/doc-0107",
    "Encounter/enc-2026-0107",
    "Encounter/enc-2026-0108",
    "MedicationRequest/mr-acetaminophen",
    "MedicationStatement/ms-0107-ibuprofen",
    "Observation/obs-0107-bp",
    "Observation/obs-0107-hgb",
    "Observation/obs-0107-hr",
    "Observation/obs-0107-plt",
    "Observation/obs-0107-rr",
    "Observation/obs-0107-spo2",
    "Observation/obs-0107-temp",
    "Observation/obs-0107-trop-1",
    "Observation/obs-0107-trop-2",
    "Observation/obs-0107-wbc",
    "Observation/obs-0108-bp",
    "Observation/obs-0108-hr",
    "Observation/obs-0108-lvef",
    "Procedure/proc-0107-ecg",
    "Procedure/proc-0108-stress-echo",
];

const ENC_0110: &[&str] = &[
    "Binary/bin-0110",
    "Condition/cond-0110-osa",
    "DocumentReference/doc-0110",
    "Encounter/enc-2026-0110",
    "Observation/obs-0110-bmi",
    "Observation/obs-0110-bp",
    "Observation/obs-0110-hr",
    "Observation/obs-0110-weight",
];

/// The 12 HIPAASelfPay resources of the records README.
const SELF_PAY: &[&str] = &[
    "Binary/bin-0109",
    "Condition/cond-0109-osa",
    "DiagnosticReport/dr-0109-hsat",
    "DocumentReference/doc-0109",
    "Encounter/enc-2026-0109",
    "Observation/obs-0109-ahi",
    "Observation/obs-0109-bmi",
    "Observation/obs-0109-bp",
    "Observation/obs-0109-hr",
    "Observation/obs-0109-weight",
    "Procedure/proc-0109-hsat",
    "ServiceRequest/sr-0109-hsat",
];

const ENC_0113_WITHOUT_ETH: &[&str] = &[
    "Condition/cond-0113-htn",
    "Encounter/enc-2026-0113",
    "Observation/obs-0113-bp",
    "Observation/obs-0113-hr",
];

fn sorted(parts: &[&[&str]]) -> Vec<String> {
    let mut v: Vec<(String, String)> = parts
        .iter()
        .flat_map(|p| p.iter())
        .map(|k| {
            let (t, id) = k.split_once('/').unwrap();
            (t.to_string(), id.to_string())
        })
        .collect();
    v.sort();
    v.dedup();
    v.into_iter().map(|(t, id)| format!("{t}/{id}")).collect()
}

#[test]
fn each_sample_ticket_releases_exactly_its_set_from_bundle_and_ndjson() {
    let cases: &[(&str, Vec<String>)] = &[
        ("one-encounter", sorted(&[FLOOR, ENC_0117])),
        ("several-encounters", sorted(&[FLOOR, ENC_0117, ENC_0107_0108])),
        ("self-pay-withheld", sorted(&[FLOOR, ENC_0110])),
        ("self-pay-authorized", sorted(&[FLOOR, ENC_0110, SELF_PAY])),
        ("withhold-eth", sorted(&[FLOOR, ENC_0113_WITHOUT_ETH])),
    ];
    let counts: Vec<usize> = cases.iter().map(|(_, want)| want.len()).collect();
    assert_eq!(
        counts,
        [25, 49, 19, 31, 15],
        "the counts the tickets README states"
    );
    for (name, want) in cases {
        let from_bundle = report(&ticket(name), BUNDLE);
        assert_eq!(&released(&from_bundle), want, "{name}");
        assert_eq!(from_bundle["summary"]["released"], want.len());
        assert_eq!(from_bundle["summary"]["total"], 141);
        assert_eq!(from_bundle["patient"], "Patient/B77421");
        assert_eq!(from_bundle["ticket"]["verified"], true);
        assert_eq!(from_bundle["ticket"]["jti"], format!("release-{name}"));
        // The NDJSON export of the same records gives the same decision for every resource.
        let from_ndjson = report(&ticket(name), NDJSON);
        assert_eq!(from_bundle["decisions"], from_ndjson["decisions"], "{name}");
        assert_eq!(from_bundle["summary"], from_ndjson["summary"], "{name}");
    }
}

#[test]
fn rules_and_reasons_for_the_interesting_records() {
    // Restricted, linked but not authorised: the restriction decides, naming its label.
    let v = report(&ticket("self-pay-withheld"), BUNDLE);
    for k in SELF_PAY.iter().filter(|k| !k.starts_with("Binary/")) {
        let d = decision(&v, k);
        assert_eq!(d["rule"], "withhold.restricted_self_pay", "{d}");
        assert!(d["reason"].as_str().unwrap().contains("HIPAASelfPay"), "{d}");
    }
    // The Binary of the withheld document is reached only through it.
    let bin = decision(&v, "Binary/bin-0109");
    assert_eq!(bin["rule"], "withhold.not_linked");
    assert!(
        bin["reason"]
            .as_str()
            .unwrap()
            .contains("DocumentReference/doc-0109"),
        "{bin}"
    );
    assert_eq!(
        v["linkage"]["claim"]["found"], false,
        "CLM-2026-0038 is not in the records"
    );
    // Authorised: released, and the reason says the restriction was lifted.
    let v = report(&ticket("self-pay-authorized"), BUNDLE);
    let d = decision(&v, "Observation/obs-0109-ahi");
    assert_eq!(d["rule"], "release.encounter_reference");
    assert!(
        d["reason"].as_str().unwrap().contains("release authorised"),
        "{d}"
    );
    // ETH: the withhold code wins over the encounter link.
    let v = report(&ticket("withhold-eth"), BUNDLE);
    let d = decision(&v, "Observation/obs-0113-auditc");
    assert_eq!(d["decision"], "withheld");
    assert_eq!(d["rule"], "withhold.sensitivity_code");
    // One encounter: every release rule that applies there.
    let v = report(&ticket("one-encounter"), BUNDLE);
    for (k, rule) in [
        ("Patient/B77421", "release.patient"),
        ("Encounter/enc-2026-0117", "release.linked_encounter"),
        ("Claim/clm-2026-0042", "release.claim"),
        ("Coverage/cov-okafor-lmh", "release.coverage"),
        ("DocumentReference/doc-0117", "release.encounter_reference"),
        ("Binary/bin-0117", "release.attachment"),
        ("Condition/cond-dm2", "release.floor_problem"),
        ("MedicationStatement/ms-aspirin", "release.floor_medication"),
        ("AllergyIntolerance/allergy-penicillin", "release.floor_allergy"),
        ("Condition/cond-0109-osa", "withhold.not_linked"),
        ("Condition/cond-0101-exam", "withhold.not_linked"),
        ("Condition/cond-nephrolithiasis", "withhold.not_linked"),
        ("MedicationRequest/mr-lisinopril", "withhold.not_linked"),
        ("Practitioner/prac-natarajan", "withhold.not_linked"),
    ] {
        assert_eq!(decision(&v, k)["rule"], rule, "{k}");
    }
    // A ticket none of whose encounters is in the data: no association to enforce, so it is
    // refused (claim-linkage page), not answered with the patient-level floor.
    let (code, out, err) = release(&ticket("unexported-encounter"), BUNDLE, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        err.contains("refuse.claim_linkage") && err.contains("Encounter/enc-2026-0118"),
        "{err}"
    );
    assert_eq!(json(&out)["refused"]["id"], "refuse.claim_linkage");
}

#[test]
fn bundle_output_holds_exactly_the_released_resources() {
    let expected = released(&report(&ticket("several-encounters"), BUNDLE));
    let (code, out, err) = release(&ticket("several-encounters"), NDJSON, &["--format", "bundle"]);
    assert_eq!(code, 0, "{err}");
    let b = json(&out);
    assert_eq!(b["resourceType"], "Bundle");
    assert_eq!(b["type"], "collection");
    assert_eq!(b["timestamp"], NOW);
    let entries = b["entry"].as_array().unwrap();
    let keys: Vec<String> = entries
        .iter()
        .map(|e| {
            let r = &e["resource"];
            format!(
                "{}/{}",
                r["resourceType"].as_str().unwrap(),
                r["id"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(keys, expected);
    for e in entries {
        let r = &e["resource"];
        assert_eq!(
            e["fullUrl"],
            format!(
                "https://fhir.provider.example.org/{}/{}",
                r["resourceType"].as_str().unwrap(),
                r["id"].as_str().unwrap()
            )
        );
    }
}

#[test]
fn table_is_for_people() {
    let (code, out, err) = release(&ticket("withhold-eth"), BUNDLE, &["--format", "table"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Released  15 of 141 resources"), "{out}");
    assert!(out.contains("Withhold ETH"), "{out}");
    assert!(
        out.contains("Observation/obs-0113-auditc") && out.contains("withhold.sensitivity_code"),
        "{out}"
    );
    // Not a terminal and no --format: JSON.
    let (code, out, _) = release(&ticket("withhold-eth"), BUNDLE, &[]);
    assert_eq!(code, 0);
    assert_eq!(json(&out)["summary"]["released"], 15);
}

#[test]
fn an_invalid_ticket_is_refused_with_exit_1() {
    // Signed by the demo key, checked against the guide's example key.
    let (code, out, err) = run(ptix().args([
        "release",
        &ticket("one-encounter"),
        "--data",
        BUNDLE,
        "--key",
        "keys/spec-example-issuer.jwk.json",
        "--now",
        NOW,
        "--format",
        "json",
    ]));
    assert_eq!(code, 1, "{err}");
    assert_eq!(json(&out)["refused"]["id"], "refuse.ticket_invalid");
    assert!(err.contains("release refused") && err.contains("key"), "{err}");
    // Expired.
    let (code, _, err) = run(ptix().args([
        "release",
        &ticket("one-encounter"),
        "--data",
        BUNDLE,
        "--jwks",
        JWKS,
        "--now",
        "2027-01-01T00:00:00Z",
    ]));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("exp"), "{err}");
    // No output for a pipeline.
    let (code, out, _) = run(ptix().args([
        "release",
        &ticket("one-encounter"),
        "--data",
        BUNDLE,
        "--key",
        "keys/spec-example-issuer.jwk.json",
        "--format",
        "bundle",
    ]));
    assert_eq!(code, 1);
    assert!(out.is_empty(), "{out}");
}

fn copy_ndjson(dir: &Path, types: &[&str]) {
    for t in types {
        std::fs::copy(
            path(&format!("{NDJSON}/{t}.ndjson")),
            dir.join(format!("{t}.ndjson")),
        )
        .unwrap();
    }
}

#[test]
fn a_subject_not_in_the_data_is_refused_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    copy_ndjson(dir.path(), &["Encounter", "Observation", "Condition"]);
    let (code, out, err) = release(
        &ticket("one-encounter"),
        dir.path().to_str().unwrap(),
        &["--format", "json"],
    );
    assert_eq!(code, 1, "{err}");
    let v = json(&out);
    assert_eq!(v["refused"]["id"], "refuse.subject");
    assert!(
        v["refused"]["message"]
            .as_str()
            .unwrap()
            .contains("Patient/B77421"),
        "{v}"
    );
}

/// Sign a payload with the demo key (through the library, to craft tickets mint refuses).
fn sign(payload: &Value) -> String {
    let bytes = std::fs::read(path("keys/demo-issuer.key.pem")).unwrap();
    let key = ptix::keys::load::load_signing_key(&bytes, "demo key", None).unwrap();
    let kid = header_of(&std::fs::read_to_string(path(&ticket("one-encounter"))).unwrap())["kid"].clone();
    ptix::jose::compact::encode(&json!({"alg": "ES256", "kid": kid}), payload, |m| key.sign(m)).unwrap()
}

fn sample_payload(name: &str) -> Value {
    payload_of(&std::fs::read_to_string(path(&ticket(name))).unwrap())
}

#[test]
fn a_constraint_ptix_cannot_enforce_is_refused_with_exit_1() {
    // A URL-named extension constraint: the ticket verifies (a lint warning only), but ptix
    // cannot enforce it, so a Data Holder using it must reject the ticket.
    let mut p = sample_payload("one-encounter");
    p["access"]["https://example.org/constraints/business-hours"] = json!({"tz": "America/Chicago"});
    let token = sign(&p);
    let (code, _, err) = run(ptix().args(["verify", "--jwks", JWKS, "--now", NOW]).arg(&token));
    assert_eq!(code, 0, "the ticket itself is valid: {err}");
    let (code, out, err) = release(&token, BUNDLE, &["--format", "json"]);
    assert_eq!(code, 1, "{err}");
    let v = json(&out);
    assert_eq!(v["refused"]["id"], "refuse.unsupported_constraint");
    assert!(
        v["refused"]["message"]
            .as_str()
            .unwrap()
            .contains("Unsupported access constraint: https://example.org/constraints/business-hours"),
        "{v}"
    );
    // data_period: refused by verify's profile check, and by release itself with --no-verify.
    let mut p = sample_payload("one-encounter");
    p["access"]["data_period"] = json!({"start": "2026-01-01"});
    let (code, out, _) = run(ptix()
        .args([
            "release",
            "-",
            "--data",
            BUNDLE,
            "--no-verify",
            "--format",
            "json",
        ])
        .write_stdin(p.to_string()));
    assert_eq!(code, 1);
    assert_eq!(json(&out)["refused"]["id"], "refuse.unsupported_constraint");
}

#[test]
fn sensitivity_withhold_unlisted_is_enforced_from_the_labels() {
    let mut p = sample_payload("withhold-eth");
    p["access"]["sensitivity_withhold"] = json!({"unlisted": true});
    let (code, out, err) = release(&sign(&p), BUNDLE, &["--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    assert_eq!(
        decision(&v, "Observation/obs-0113-auditc")["rule"],
        "withhold.sensitivity_unlisted"
    );
    assert_eq!(v["summary"]["released"], 15);
}

#[test]
fn no_verify_says_so_loudly_and_computes_from_the_payload() {
    let (code, out, err) = run(ptix().args([
        "release",
        &ticket("one-encounter"),
        "--data",
        BUNDLE,
        "--no-verify",
        "--format",
        "json",
        "-q",
    ]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("NOTHING WAS VERIFIED"), "even with -q: {err}");
    let v = json(&out);
    assert_eq!(v["ticket"]["verified"], false);
    assert_eq!(v["summary"]["released"], 25);
    // A bare payload (e.g. from `ptix mint --payload-only`) works with --no-verify.
    let (code, out, err) = run(ptix()
        .args(["release", "-", "--data", NDJSON, "--no-verify"])
        .write_stdin(sample_payload("one-encounter").to_string()));
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["summary"]["released"], 25);
    // --no-verify with keys is a usage error; no keys without --no-verify is exit 2.
    let (code, _, _) = release(&ticket("one-encounter"), BUNDLE, &["--no-verify"]);
    assert_eq!(code, 2);
    let (code, _, err) = run(ptix().args(["release", &ticket("one-encounter"), "--data", BUNDLE]));
    assert_eq!(code, 2);
    assert!(err.contains("--no-verify") && err.contains("--jwks"), "{err}");
}

#[test]
fn unreadable_data_exits_2() {
    let (code, out, err) = release(&ticket("one-encounter"), "no/such/records", &[]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("no/such/records"), "{err}");
    let empty = tempfile::tempdir().unwrap();
    let (code, _, err) = release(&ticket("one-encounter"), empty.path().to_str().unwrap(), &[]);
    assert_eq!(code, 2);
    assert!(err.contains("no FHIR data files"), "{err}");
    // Not FHIR: a JSON array, a resource without an id.
    for (name, body) in [
        ("list.json", "[1, 2]"),
        ("noid.json", r#"{"resourceType": "Patient"}"#),
        ("broken.json", "{\"resourceType\": \"Bundle\",\n \"entry\": [\n}"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join(name);
        std::fs::write(&f, body).unwrap();
        let (code, _, err) = release(&ticket("one-encounter"), f.to_str().unwrap(), &[]);
        assert_eq!(code, 2, "{name}: {err}");
        assert!(err.contains(name), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    // The same resource twice (the Bundle and the NDJSON side by side).
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(path(BUNDLE), dir.path().join("okafor-bundle.json")).unwrap();
    copy_ndjson(dir.path(), &["Patient"]);
    let (code, _, err) = release(&ticket("one-encounter"), dir.path().to_str().unwrap(), &[]);
    assert_eq!(code, 2);
    assert!(err.contains("Patient/B77421 appears twice"), "{err}");
    // A member given twice: which copy counts is ambiguous (a Patient to one reader, an
    // Encounter to another), in a Bundle or on an NDJSON line.
    for (name, body, says) in [
        (
            "dup.json",
            r#"{"resourceType": "Bundle", "entry": [{"resource": {"resourceType": "Patient", "resourceType": "Encounter", "id": "B77421"}}]}"#,
            "dup.json: member /entry/0/resource/resourceType is given twice",
        ),
        (
            "dup.ndjson",
            "{\"resourceType\": \"Patient\", \"id\": \"B77421\"}\n{\"resourceType\": \"Encounter\", \"id\": \"e\", \"id\": \"f\"}\n",
            "dup.ndjson:2: member /id is given twice",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join(name);
        std::fs::write(&f, body).unwrap();
        let (code, out, err) = release(&ticket("one-encounter"), f.to_str().unwrap(), &[]);
        assert_eq!(code, 2, "{name}: {err}");
        assert!(out.is_empty());
        assert!(err.contains(says), "{err}");
    }
}

#[test]
fn a_bad_ndjson_line_exits_2_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    copy_ndjson(dir.path(), &["Patient", "Encounter"]);
    let bad = dir.path().join("Observation.ndjson");
    let lines: Vec<String> = std::fs::read_to_string(path(&format!("{NDJSON}/Observation.ndjson")))
        .unwrap()
        .lines()
        .take(2)
        .map(str::to_string)
        .collect();
    std::fs::write(
        &bad,
        format!(
            "{}\n{}\n{{\"resourceType\": \"Observation\", \"id\": \n",
            lines[0], lines[1]
        ),
    )
    .unwrap();
    let (code, out, err) = release(&ticket("one-encounter"), dir.path().to_str().unwrap(), &[]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("Observation.ndjson:3"), "{err}");
    // A line that is JSON but not a resource.
    std::fs::write(&bad, format!("{}\n[\"x\"]\n", lines[0])).unwrap();
    let (code, _, err) = release(&ticket("one-encounter"), dir.path().to_str().unwrap(), &[]);
    assert_eq!(code, 2);
    assert!(err.contains("Observation.ndjson:2"), "{err}");
}

#[test]
fn help_has_examples_and_the_readme_lists_every_rule() {
    let (code, out, _) = run(ptix().args(["release", "--help"]));
    assert_eq!(code, 0);
    let tail = out.rsplit("Examples:").next().unwrap_or_default();
    assert!(
        out.contains("Examples:") && tail.contains("ptix release"),
        "{out}"
    );
    let readme = std::fs::read_to_string(path("README.md")).unwrap();
    let section = readme
        .split("## `ptix release`")
        .nth(1)
        .expect("README has a ptix release section");
    for r in ptix::ops::release::RULES {
        assert!(section.contains(&format!("`{}`", r.id)), "README lacks {}", r.id);
    }
}

#[test]
fn a_ticket_minted_for_another_data_holder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let ticket = dir.path().join("other-aud.jwt");
    let (code, _, err) = run(ptix()
        .args([
            "mint",
            "samples/claims/professional-office-visit.json",
            "-q",
            "--out",
        ])
        .arg(&ticket)
        .args(demo_signer("2026-09-16T19:40:00Z"))
        .args([
            "--audience",
            "https://other-dh.example.org",
            "--patient-id",
            "B77421",
        ]));
    assert_eq!(code, 0, "{err}");
    // No --issuer or --audience: the releasing Data Holder is the ticket's own issuer.
    let (code, _, err) = release(ticket.to_str().unwrap(), BUNDLE, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("refuse.ticket_invalid") && err.contains("other-dh.example.org"),
        "{err}"
    );
    // Saying which audience to expect releases it.
    let (code, _, err) = release(
        ticket.to_str().unwrap(),
        BUNDLE,
        &["--audience", "https://other-dh.example.org"],
    );
    assert_eq!(code, 0, "{err}");
}

/// A security label ptix cannot read may be a restriction: the record is withheld (and what
/// inherits labels from it), never released as if it had none.
#[test]
fn an_unreadable_security_label_withholds_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let mut bundle: Value = json(&std::fs::read_to_string(BUNDLE).unwrap());
    let baseline = report(&ticket("one-encounter"), BUNDLE);
    let was_released = released(&baseline);
    let encounter = "Encounter/enc-2026-0117";
    assert!(was_released.iter().any(|k| k == encounter));
    let mut changed = Vec::new();
    for (n, entry) in bundle["entry"].as_array_mut().unwrap().iter_mut().enumerate() {
        let r = &mut entry["resource"];
        let key = format!(
            "{}/{}",
            r["resourceType"].as_str().unwrap(),
            r["id"].as_str().unwrap()
        );
        let bad = match n % 3 {
            0 => {
                json!({"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "HIPAASelfPay"})
            }
            1 => json!("HIPAASelfPay"),
            _ => json!([["HIPAASelfPay"]]),
        };
        if key == encounter
            || (r["resourceType"] == "Observation" && was_released.contains(&key) && changed.len() < 4)
        {
            r["meta"] = json!({"security": bad});
            changed.push(key);
        }
    }
    assert!(changed.len() >= 3, "{changed:?}");
    let data = dir.path().join("bundle.json");
    std::fs::write(&data, serde_json::to_vec(&bundle).unwrap()).unwrap();
    let (code, out, err) = release(
        &ticket("one-encounter"),
        data.to_str().unwrap(),
        &["--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    for key in &changed {
        let d = decision(&v, key);
        assert_eq!(d["decision"], "withheld", "{d}");
        assert_eq!(d["rule"], "withhold.unreadable_label", "{d}");
        assert!(
            d["reason"]
                .as_str()
                .unwrap()
                .contains("unreadable security label"),
            "{d}"
        );
    }
    // What sits under the encounter inherits its unreadable label.
    assert!(v["summary"]["released"].as_u64() < baseline["summary"]["released"].as_u64());
    assert!(released(&v).iter().all(|k| !changed.contains(k)));
}

/// A ticket that can be revoked is released only when its status was checked.
#[test]
fn a_revocable_ticket_needs_its_status_checked() {
    let mut p = sample_payload("one-encounter");
    p["revocation"] = json!({"url": "https://fhir.provider.example.org/status/1", "index": 4});
    let token = sign(&p);
    let (code, out, err) = release(&token, BUNDLE, &["--format", "json"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(json(&out)["refused"]["id"], "refuse.revocation");
    assert!(err.contains("--revocation-checked"), "{err}");
    let (code, out, err) = release(&token, BUNDLE, &["--format", "json", "--revocation-checked"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["summary"]["released"], 25);
}

/// A ticket that names no claim (the guide's own example has none): the Claim of a linked
/// encounter is withheld, and the reason says so truly (the encounter is linked; the ticket
/// names no claim) instead of calling the linked encounter unlinked.
#[test]
fn a_ticket_without_a_claim_releases_no_claim_and_says_why() {
    let mut p = sample_payload("one-encounter");
    let linkage = p["access"]["claim_linkage"].as_object_mut().unwrap();
    assert!(linkage.remove("claim").is_some());
    let token = sign(&p);
    let v = report(&token, BUNDLE);
    let d = decision(&v, "Claim/clm-2026-0042");
    assert_eq!(d["decision"], "withheld", "{d}");
    assert_eq!(d["rule"], "withhold.not_linked", "{d}");
    let reason = d["reason"].as_str().unwrap();
    assert!(
        reason.contains(
            "tied to the linked Encounter/enc-2026-0117, but a Claim goes only with the ticket's own claim"
        ) && reason.contains("the ticket names no claim (access.claim_linkage.claim)"),
        "{reason}"
    );
    assert!(!reason.contains("which the ticket does not link"), "{reason}");
    assert_eq!(decision(&v, "Encounter/enc-2026-0117")["decision"], "released");
}

/// The sample Bundle changed by `edit`, written to a temporary file; the report of the
/// one-encounter ticket on it (exit code, stdout, stderr).
fn release_edited(edit: impl FnOnce(&mut Vec<Value>)) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut bundle: Value = json(&std::fs::read_to_string(path(BUNDLE)).unwrap());
    edit(bundle["entry"].as_array_mut().unwrap());
    let data = dir.path().join("bundle.json");
    std::fs::write(&data, serde_json::to_vec(&bundle).unwrap()).unwrap();
    release(
        &ticket("one-encounter"),
        data.to_str().unwrap(),
        &["--format", "json"],
    )
}

fn entry_of<'a>(entries: &'a mut [Value], key: &str) -> &'a mut Value {
    entries
        .iter_mut()
        .find(|e| {
            format!(
                "{}/{}",
                e["resource"]["resourceType"].as_str().unwrap(),
                e["resource"]["id"].as_str().unwrap()
            ) == key
        })
        .unwrap_or_else(|| panic!("no entry {key}"))
}

/// A Bundle entry whose fullUrl names another record is refused (exit 2): matched by its
/// fullUrl, the linked encounter would have been the other one.
#[test]
fn a_full_url_naming_another_record_is_refused() {
    let (code, out, err) = release_edited(|entries| {
        let a = entry_of(entries, "Encounter/enc-2026-0117")["fullUrl"].take();
        let b = std::mem::replace(&mut entry_of(entries, "Encounter/enc-2026-0101")["fullUrl"], a);
        entry_of(entries, "Encounter/enc-2026-0117")["fullUrl"] = b;
    });
    assert_eq!(code, 2, "{err}");
    assert_eq!(out, "");
    assert!(
        err.contains("bundle.json entry[")
            && err.contains("fullUrl https://fhir.provider.example.org/Encounter/enc-2026-0117 names Encounter/enc-2026-0117, but its resource is Encounter/enc-2026-0101"),
        "{err}"
    );
}

/// In an entry from another server, `Encounter/x` is that server's encounter (FHIR R4 Bundle
/// reference resolution), not the linked one; nor is a search or a contained resource the
/// record it starts with.
#[test]
fn relative_references_resolve_against_their_entrys_server() {
    let observation = |id: &str, encounter: &str| {
        json!({"resourceType": "Observation", "id": id, "status": "final", "code": {"text": "HIV viral load"},
               "subject": {"reference": "Patient/B77421"}, "encounter": {"reference": encounter}})
    };
    let (code, out, err) = release_edited(|entries| {
        for (full_url, id, encounter) in [
            (
                "https://other.example.org/fhir/Observation/obs-elsewhere",
                "obs-elsewhere",
                "Encounter/enc-2026-0117",
            ),
            (
                "https://fhir.provider.example.org/Observation/obs-here",
                "obs-here",
                "Encounter/enc-2026-0117",
            ),
            (
                "urn:uuid:6f0c2a57-1f0e-4b8e-9d67-2d7c0b1e5a10",
                "obs-uuid",
                "Encounter/enc-2026-0117",
            ),
            (
                "https://fhir.provider.example.org/Observation/obs-contained",
                "obs-contained",
                "Encounter/enc-2026-0117#x",
            ),
            (
                "https://fhir.provider.example.org/Observation/obs-search",
                "obs-search",
                "Encounter/enc-2026-0117?_id=enc-2026-0101",
            ),
        ] {
            entries.push(json!({"fullUrl": full_url, "resource": observation(id, encounter)}));
        }
        // A current problem, but of the other server's Patient/B77421: not in the floor.
        entries.push(json!({"fullUrl": "https://other.example.org/fhir/Condition/cond-elsewhere", "resource": {
            "resourceType": "Condition", "id": "cond-elsewhere", "subject": {"reference": "Patient/B77421"},
            "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]},
            "code": {"text": "HIV infection"}}}));
    });
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    for released in ["Observation/obs-here", "Observation/obs-uuid"] {
        let d = decision(&v, released);
        assert_eq!(d["rule"], "release.encounter_reference", "{d}");
    }
    for withheld in [
        "Observation/obs-elsewhere",
        "Observation/obs-contained",
        "Observation/obs-search",
    ] {
        let d = decision(&v, withheld);
        assert_eq!(d["decision"], "withheld", "{d}");
    }
    // Its patient is the other server's too: a current problem there is not this one's floor.
    let d = decision(&v, "Condition/cond-elsewhere");
    assert_eq!(d["decision"], "withheld", "{d}");
    assert!(
        d["reason"]
            .as_str()
            .unwrap()
            .contains("does not name Patient/B77421 as its patient"),
        "{d}"
    );
}

/// A Binary goes with the record its securityContext names, whatever else points at it.
#[test]
fn a_binary_follows_its_security_context() {
    let (code, out, err) = release_edited(|entries| {
        let doc = &mut entry_of(entries, "DocumentReference/doc-0117")["resource"];
        doc["content"]
            .as_array_mut()
            .unwrap()
            .push(json!({"attachment": {"contentType": "text/plain", "url": "Binary/bin-0101"}}));
    });
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    assert_eq!(decision(&v, "DocumentReference/doc-0117")["decision"], "released");
    assert_eq!(decision(&v, "Binary/bin-0117")["rule"], "release.attachment");
    let d = decision(&v, "Binary/bin-0101");
    assert_eq!(d["decision"], "withheld", "{d}");
    assert!(
        d["reason"]
            .as_str()
            .unwrap()
            .contains("its securityContext DocumentReference/doc-0101 is withheld"),
        "{d}"
    );
}

/// A claim withheld by a restriction takes its coverage with it.
#[test]
fn a_withheld_claim_withholds_its_coverage() {
    let (code, out, err) = release_edited(|entries| {
        entry_of(entries, "Claim/clm-2026-0042")["resource"]["meta"] = json!({"security": [
            {"system": "http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "code": "R"}
        ]});
    });
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    assert_eq!(
        decision(&v, "Claim/clm-2026-0042")["rule"],
        "withhold.confidentiality"
    );
    let d = decision(&v, "Coverage/cov-okafor-lmh");
    assert_eq!(d["decision"], "withheld", "{d}");
    assert_eq!(
        d["reason"], "the coverage of the ticket's claim Claim/clm-2026-0042, which is withheld",
        "{d}"
    );
}

/// Data whose fullUrls write the issuer's host in capitals is under the issuer: no note says
/// otherwise, and nothing changes.
#[test]
fn the_datas_base_is_compared_without_case() {
    let (code, out, err) = release_edited(|entries| {
        for e in entries.iter_mut() {
            let url = e["fullUrl"].as_str().unwrap().replace(
                "https://fhir.provider.example.org",
                "HTTPS://FHIR.Provider.example.org",
            );
            e["fullUrl"] = json!(url);
        }
    });
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    assert_eq!(v["notes"], json!([]), "{v:#}");
    assert_eq!(released(&v), released(&report(&ticket("one-encounter"), BUNDLE)));
}

/// Restrictions reach every way a record can travel: a contained resource tied to a self-pay
/// encounter takes its container with it; a Composition's label reaches entries of sections
/// nested at any depth; the v3 code systems are recognised under any of their names.
#[test]
fn restrictions_reach_contained_nested_and_otherwise_named_records() {
    let restricted =
        |system: &str, code: &str| json!({"meta": {"security": [{"system": system, "code": code}]}});
    let (code, out, err) = release_edited(|entries| {
        let obs = &mut entry_of(entries, "Observation/obs-0117-bp")["resource"];
        obs["contained"] = json!([{"resourceType": "Condition", "id": "c1", "code": {"text": "severe OSA"},
            "subject": {"reference": "Patient/B77421"}, "encounter": {"reference": "Encounter/enc-2026-0109"}}]);
        let nested = |depth: usize| {
            let mut section = json!({"entry": [{"reference": "Observation/obs-0117-hr"}]});
            for _ in 0..depth {
                section = json!({"section": [section]});
            }
            section
        };
        let mut comp = restricted("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "R");
        comp["resourceType"] = json!("Composition");
        comp["id"] = json!("comp-deep");
        comp["status"] = json!("final");
        comp["subject"] = json!({"reference": "Patient/B77421"});
        comp["encounter"] = json!({"reference": "Encounter/enc-2026-0117"});
        comp["section"] = json!([nested(4)]);
        entries.push(
            json!({"fullUrl": "https://fhir.provider.example.org/Composition/comp-deep", "resource": comp}),
        );
        for (id, system, code) in [
            ("obs-0117-weight", "URN:OID:2.16.840.1.113883.5.25", "R"),
            ("obs-0117-bmi", "2.16.840.1.113883.5.4", "HIPAASelfPay"),
            (
                "obs-0117-a1c",
                "https://hl7.org/fhir/ValueSet/v3-ConfidentialityClassification",
                "V",
            ),
        ] {
            let obs = &mut entry_of(entries, &format!("Observation/{id}"))["resource"];
            obs["meta"] = restricted(system, code)["meta"].clone();
        }
    });
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    let d = decision(&v, "Observation/obs-0117-bp");
    assert_eq!(d["rule"], "withhold.restricted_self_pay", "{d}");
    assert!(
        d["reason"].as_str().unwrap().contains("Encounter/enc-2026-0109"),
        "{d}"
    );
    for (key, rule) in [
        ("Observation/obs-0117-hr", "withhold.confidentiality"),
        ("Observation/obs-0117-weight", "withhold.confidentiality"),
        ("Observation/obs-0117-bmi", "withhold.restricted_self_pay"),
        ("Observation/obs-0117-a1c", "withhold.confidentiality"),
    ] {
        assert_eq!(decision(&v, key)["rule"], rule, "{key}");
    }
}

/// Two released entries sharing a fullUrl in the data get unique ones in the output Bundle
/// (FHIR R4 bdl-7).
#[test]
fn the_output_bundle_has_unique_full_urls() {
    let dir = tempfile::tempdir().unwrap();
    let mut bundle: Value = json(&std::fs::read_to_string(path(BUNDLE)).unwrap());
    for id in ["obs-0117-bp", "obs-0117-hr"] {
        entry_of(
            bundle["entry"].as_array_mut().unwrap(),
            &format!("Observation/{id}"),
        )["fullUrl"] = json!("urn:uuid:11111111-1111-1111-1111-111111111111");
    }
    let data = dir.path().join("bundle.json");
    std::fs::write(&data, serde_json::to_vec(&bundle).unwrap()).unwrap();
    let (code, out, err) = release(
        &ticket("one-encounter"),
        data.to_str().unwrap(),
        &["--format", "bundle"],
    );
    assert_eq!(code, 0, "{err}");
    let urls: Vec<String> = json(&out)["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["fullUrl"].as_str().unwrap().to_string())
        .collect();
    let unique: std::collections::BTreeSet<&String> = urls.iter().collect();
    assert_eq!(unique.len(), urls.len(), "{urls:?}");
    assert!(urls.contains(&"https://fhir.provider.example.org/Observation/obs-0117-bp".to_string()));
}

/// A record that holds a restricted one is withheld too: a document whose content is a self-pay
/// Binary, a report listing a self-pay result, an observation derived from one would reveal
/// what is withheld.
#[test]
fn a_record_holding_a_restricted_one_is_withheld_too() {
    let (code, out, err) = release_edited(|entries| {
        let doc = &mut entry_of(entries, "DocumentReference/doc-0117")["resource"];
        doc["content"]
            .as_array_mut()
            .unwrap()
            .push(json!({"attachment": {"contentType": "text/plain", "url": "Binary/bin-0109"}}));
        let obs = &mut entry_of(entries, "Observation/obs-0117-bmi")["resource"];
        obs["derivedFrom"] = json!([{"reference": "Observation/obs-0109-weight"}]);
    });
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    for (key, through) in [
        ("DocumentReference/doc-0117", "Binary/bin-0109"),
        ("Observation/obs-0117-bmi", "Observation/obs-0109-weight"),
    ] {
        let d = decision(&v, key);
        assert_eq!(d["rule"], "withhold.restricted_self_pay", "{d}");
        assert!(
            d["reason"]
                .as_str()
                .unwrap()
                .contains(&format!("labelled HIPAASelfPay through {through}")),
            "{d}"
        );
    }
    // The document's own content goes with it.
    assert_eq!(decision(&v, "Binary/bin-0117")["decision"], "withheld");
}
