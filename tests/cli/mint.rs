//! `ptix mint`: the mapping from each sample claim, signatures checked independently, and
//! every refusal.

use std::fs;

use serde_json::{json, Value};

use crate::support::*;

const ISSUER: &str = "https://fhir.provider.example.org";
/// A time after every sample claim's submission and within its 60 days.
const NOW: &str = "2026-11-05T00:00:00Z";
const NOW_UNIX: i64 = 1_793_836_800;

const SAMPLES: &[&str] = &[
    "professional-office-visit",
    "institutional-multi-encounter",
    "prior-authorization",
    "bundle-separate-entries",
    "self-pay-authorized",
];

fn sample_args(name: &str) -> Vec<String> {
    fs::read_to_string(path(&format!("samples/claims/{name}.args")))
        .map(|s| s.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default()
}

fn claim_created(name: &str) -> i64 {
    let doc = json(&fs::read_to_string(path(&format!("samples/claims/{name}.json"))).unwrap());
    let claim = if doc["resourceType"] == "Bundle" {
        doc["entry"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["resource"].clone())
            .find(|r| r["resourceType"] == "Claim")
            .unwrap()
    } else {
        doc
    };
    ptix::clock::parse_instant(claim["created"].as_str().unwrap()).unwrap()
}

fn mint(name: &str, extra: &[&str]) -> (i32, String, String) {
    run(mint_demo(&format!("samples/claims/{name}.json"), NOW)
        .args(sample_args(name))
        .args(extra))
}

#[test]
fn each_sample_mints_a_ticket_that_verifies_independently_and_lints_clean() {
    let demo_jwk = path("keys/demo-issuer.jwk.json");
    let kid = json(&fs::read_to_string(&demo_jwk).unwrap())["kid"]
        .as_str()
        .unwrap()
        .to_string();
    for name in SAMPLES {
        let (code, token, err) = mint(name, &[]);
        assert_eq!(code, 0, "{name}: {err}");
        let token = token.trim();
        assert_eq!(token.matches('.').count(), 2, "{name}: one compact JWS on stdout");
        // An implementation other than the one that signed it.
        let payload = independent_verify(token, &demo_jwk);
        let header = header_of(token);
        assert_eq!(
            header,
            serde_json::json!({"alg": "ES256", "kid": kid}),
            "{name}: header, no typ"
        );
        assert_eq!(
            independent_thumbprint(&json(&fs::read_to_string(&demo_jwk).unwrap())),
            kid
        );
        // Times: iat = now, exp = Claim.created + 60 days.
        assert_eq!(payload["iat"], NOW_UNIX, "{name}");
        assert_eq!(
            payload["exp"].as_i64().unwrap(),
            claim_created(name) + 60 * 86_400,
            "{name}"
        );
        assert!(
            uuid_like(payload["jti"].as_str().unwrap()),
            "{name}: jti is a UUID"
        );
        // The mapping, pinned (iat, exp, jti redacted).
        let mut redacted = payload.clone();
        for k in ["iat", "exp", "jti"] {
            redacted[k] = Value::String("<redacted>".into());
        }
        snapshot(
            &format!("mint/{name}.payload.json"),
            &(serde_json::to_string_pretty(&redacted).unwrap() + "\n"),
        );
        // Lints with no errors and no warnings.
        let (code, out, err) = run(ptix().args([
            "lint",
            "--format",
            "json",
            "--now",
            NOW,
            "--key",
            "keys/demo-issuer.jwk.json",
            token,
        ]));
        assert_eq!(code, 0, "{name}: {out}{err}");
        let report = json(&out);
        assert_eq!(report["summary"]["errors"], 0, "{name}: {out}");
        assert_eq!(report["summary"]["warnings"], 0, "{name}: {out}");
    }
}

fn uuid_like(s: &str) -> bool {
    s.len() == 36 && s.chars().filter(|c| *c == '-').count() == 4
}

#[test]
fn mapping_follows_the_flags() {
    let dir = tempfile::tempdir().unwrap();
    let client = dir.path().join("client");
    assert_eq!(run(ptix().arg("keygen").arg("--out").arg(&client).arg("-q")).0, 0);
    let (code, out, err) = mint(
        "professional-office-visit",
        &[
            "--payload-only",
            "--jti",
            "fixed-jti",
            "--encounter",
            "Encounter/enc-extra",
            "--patient-id",
            "B77421",
            "--claim-id",
            "https://fhir.provider.example.org/claims|CLM-OVERRIDE",
            "--bind-client-key",
            client.with_extension("pub.pem").to_str().unwrap(),
            "--release-authorized",
            "HIPAASelfPay",
            "--withhold",
            "ETH",
            "--exp",
            "2026-12-31T00:00:00Z",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let p = json(&out);
    assert_eq!(p["jti"], "fixed-jti");
    assert_eq!(p["exp"], 1_798_675_200);
    assert_eq!(
        p["subject"]["recipient_record"]["reference"],
        "https://fhir.provider.example.org/Patient/B77421"
    );
    let encounters: Vec<&str> = p["access"]["claim_linkage"]["encounter"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["reference"].as_str().unwrap())
        .collect();
    assert_eq!(
        encounters,
        [
            "https://fhir.provider.example.org/Encounter/enc-2026-0117",
            "https://fhir.provider.example.org/Encounter/enc-extra"
        ]
    );
    assert_eq!(
        p["access"]["claim_linkage"]["claim"]["identifier"]["value"],
        "CLM-OVERRIDE"
    );
    let thumb = json(&fs::read_to_string(client.with_extension("jwk.json")).unwrap())["kid"].clone();
    assert_eq!(
        p["presenter_binding"],
        serde_json::json!({"method": "jkt", "jkt": thumb})
    );
    assert_eq!(
        p["sensitivity_release_authorized"]["codes"][0],
        serde_json::json!({"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "HIPAASelfPay"})
    );
    assert_eq!(p["access"]["sensitivity_withhold"]["codes"][0]["code"], "ETH");
}

#[test]
fn issuer_from_the_bundle_is_named_and_typ_only_on_request() {
    let (code, out, err) = run(ptix().args([
        "mint",
        "samples/claims/bundle-separate-entries.json",
        "--key",
        "keys/demo-issuer.key.pem",
        "--now",
        NOW,
        "--typ",
        "JWT",
    ]));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("issuer https://fhir.provider.example.org taken from the Bundle"),
        "{err}"
    );
    assert_eq!(payload_of(&out)["iss"], ISSUER);
    let header = header_of(&out);
    assert_eq!(header["typ"], "JWT");
}

#[test]
fn out_file_and_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("t.jwt");
    let claim = fs::read(path("samples/claims/prior-authorization.json")).unwrap();
    let (code, out, err) = run(mint_demo("-", NOW).arg("--out").arg(&out_file).write_stdin(claim));
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty(), "the token went to the file");
    let token = fs::read_to_string(&out_file).unwrap();
    assert_eq!(
        payload_of(&token)["access"]["claim_linkage"]["claim"]["display"],
        "Prior authorization CLM-2026-0063"
    );
}

fn claim_without(pointer_edit: impl Fn(&mut Value)) -> tempfile::NamedTempFile {
    let mut claim = json(&fs::read_to_string(path("samples/claims/professional-office-visit.json")).unwrap());
    pointer_edit(&mut claim);
    let f = tempfile::Builder::new().suffix(".json").tempfile().unwrap();
    fs::write(f.path(), serde_json::to_string(&claim).unwrap()).unwrap();
    f
}

/// The sample claim's contained Patient.
fn contained_patient(claim: &mut Value) -> &mut Value {
    claim["contained"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|r| r["resourceType"] == "Patient")
        .unwrap()
}

fn mint_file(f: &std::path::Path, extra: &[&str]) -> (i32, String, String) {
    run(mint_demo(f.to_str().unwrap(), NOW).args(extra))
}

#[test]
fn refuses_a_claim_without_encounters_patient_or_payer_all_at_once() {
    let f = claim_without(|c| {
        for item in c["item"].as_array_mut().unwrap() {
            item.as_object_mut().unwrap().remove("encounter");
        }
        c.as_object_mut().unwrap().remove("insurer");
        c.as_object_mut().unwrap().remove("insurance");
        c.as_object_mut().unwrap().remove("patient");
    });
    let (code, out, err) = mint_file(f.path(), &[]);
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty());
    for expected in [
        "Claim.item[].encounter[]",
        "--encounter",
        "Claim.patient",
        "Claim.insurer",
        "--payer-name",
    ] {
        assert!(err.contains(expected), "names {expected}: {err}");
    }
    // Supplying the encounter and payer by flag, the patient is still missing.
    let (code, _, err) = mint_file(
        f.path(),
        &[
            "--encounter",
            "Encounter/e1",
            "--payer-name",
            "Plan",
            "--payer-id",
            "https://www.x12.org/payer-id|X1",
        ],
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("Claim.patient") && !err.contains("--encounter REF"),
        "{err}"
    );
}

#[test]
fn refuses_bad_issuer_expired_exp_unreadable_key_and_wrong_passphrase() {
    let claim = "samples/claims/professional-office-visit.json";
    let mint = |args: &[&str]| run(ptix().arg("mint").arg(claim).args(args));
    let (code, _, err) = mint(&[
        "--key",
        "keys/demo-issuer.key.pem",
        "--issuer",
        "fhir.provider.example.org",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("not a FHIR base URL"), "{err}");
    let (code, out, err) = mint(&[&demo_signer(NOW)[..], &["--exp", "2026-11-01T00:00:00Z"]].concat());
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty());
    assert!(
        err.contains("already be expired") && err.contains("nothing was signed"),
        "{err}"
    );
    let (code, _, err) = mint(&["--key", "keys/no-such.pem", "--issuer", ISSUER]);
    assert_eq!(code, 2);
    assert!(err.contains("keys/no-such.pem"), "{err}");
    let (code, _, err) = mint(&["--key", "keys/demo-issuer.jwk.json", "--issuer", ISSUER]);
    assert_eq!(code, 2);
    assert!(err.contains("signing needs the private key"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let pass = dir.path().join("p");
    fs::write(&pass, "right\n").unwrap();
    let prefix = dir.path().join("enc");
    assert_eq!(
        run(ptix()
            .args(["keygen", "--encrypt", "-q", "--passphrase-file"])
            .arg(&pass)
            .arg("--out")
            .arg(&prefix))
        .0,
        0
    );
    fs::write(&pass, "wrong\n").unwrap();
    let (code, _, err) = run(ptix()
        .args([
            "mint",
            claim,
            "--issuer",
            ISSUER,
            "--now",
            NOW,
            "--passphrase-file",
        ])
        .arg(&pass)
        .arg("--key")
        .arg(prefix.with_extension("key.pem")));
    assert_eq!(code, 2);
    assert!(err.contains("wrong passphrase"), "{err}");
    // The right passphrase, from the environment, signs.
    let (code, out, err) = run(ptix()
        .args([
            "mint",
            claim,
            "--issuer",
            ISSUER,
            "--now",
            NOW,
            "--passphrase-env",
            "P",
        ])
        .env("P", "right")
        .arg("--key")
        .arg(prefix.with_extension("key.pem")));
    assert_eq!(code, 0, "{err}");
    independent_verify(out.trim(), &prefix.with_extension("jwk.json"));
}

#[test]
fn payload_only_needs_no_key_and_not_a_claim_is_refused() {
    let (code, out, err) = run(ptix().args([
        "mint",
        "samples/claims/prior-authorization.json",
        "--payload-only",
        "--issuer",
        ISSUER,
        "--now",
        NOW,
    ]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        json(&out)["ticket_type"],
        "https://smarthealthit.org/permission-ticket-type/payer-claims-adjudication-v1"
    );
    let (code, _, err) = run(ptix().args([
        "mint",
        "keys/demo-issuer.jwk.json",
        "--payload-only",
        "--issuer",
        ISSUER,
    ]));
    assert_eq!(code, 2);
    assert!(err.contains("expected a FHIR Claim"), "{err}");
    let (code, _, err) = run(ptix().args([
        "mint",
        "samples/claims/prior-authorization.json",
        "--issuer",
        ISSUER,
    ]));
    assert_eq!(code, 2, "no key: usage error");
    assert!(err.contains("--key"), "{err}");
    let (code, _, err) = run(ptix().args([
        "mint",
        "samples/claims/prior-authorization.json",
        "--interactive",
        "--issuer",
        ISSUER,
    ]));
    assert_eq!(code, 2);
    assert!(err.contains("needs a terminal"), "{err}");
}

#[test]
fn members_of_unexpected_types_read_as_absent_and_duplicates_are_refused() {
    // Wrong-typed members the mapping reads are absent (as in a JSON lookup); members it skips
    // can be anything. The ticket is the one the clean claim gives.
    let clean = claim_without(|_| {});
    let odd = claim_without(|c| {
        c["item"].as_array_mut().unwrap().push(json!(5));
        c["item"][0]["net"] = json!({"value": [1, {"x": null}]});
        c["contained"]
            .as_array_mut()
            .unwrap()
            .push(json!("not a resource"));
        c["supportingInfo"] = json!(false);
        c["priority"] = json!([[[]]]);
    });
    let payload = |f: &std::path::Path| {
        let (code, out, err) = mint_file(f, &["--payload-only", "--jti", "fixed"]);
        assert_eq!(code, 0, "{err}");
        json(&out)
    };
    assert_eq!(payload(odd.path()), payload(clean.path()));

    // `"insurer": "Organization/x"` is not a Reference: the payer comes from the coverage.
    let no_insurer = claim_without(|c| c["insurer"] = json!("Organization/payer1"));
    let p = payload(no_insurer.path());
    assert_eq!(p["requester"]["resourceType"], "Organization");

    // A member the mapping reads, given twice, would make the ticket depend on which copy wins.
    let text = fs::read_to_string(clean.path()).unwrap();
    let twice = text.replacen(
        "{\"resourceType\":\"Claim\",",
        "{\"resourceType\":\"Claim\",\"created\":\"2020-01-01\",",
        1,
    );
    assert_ne!(twice, text);
    let f = tempfile::Builder::new().suffix(".json").tempfile().unwrap();
    fs::write(f.path(), twice).unwrap();
    let (code, _, err) = mint_file(f.path(), &["--payload-only"]);
    assert_eq!(code, 2, "an unusable claim is unreadable input");
    assert!(err.contains("duplicate field `created`"), "{err}");
}

#[test]
fn malformed_claims_are_refused_with_line_and_column_and_skipped_parts_are_only_checked() {
    let text = fs::read_to_string(path("samples/claims/professional-office-visit.json")).unwrap();
    let mint_bytes = |bytes: &[u8]| {
        let f = tempfile::Builder::new().suffix(".json").tempfile().unwrap();
        fs::write(f.path(), bytes).unwrap();
        mint_file(f.path(), &["--payload-only", "--jti", "fixed"])
    };
    let (code, clean, err) = mint_bytes(text.as_bytes());
    assert_eq!(code, 0, "{err}");

    // A byte order mark at the start (Windows tools write one) is ignored; anywhere else it is
    // not JSON.
    let (code, out, err) = mint_bytes(format!("\u{feff}{text}").as_bytes());
    assert_eq!((code, &out), (0, &clean), "{err}");
    let (code, _, err) = mint_bytes(format!(" \u{feff}{text}").as_bytes());
    assert_eq!(code, 2);
    assert!(err.contains("not JSON"), "{err}");

    // Broken JSON anywhere, even in parts the mapping skips: refused, with where.
    let first_line_with = |needle: &str| 1 + text.lines().position(|l| l.contains(needle)).unwrap();
    let line = first_line_with("\"diagnosis\"");
    let broken = text.replacen("\"diagnosis\": [", "\"diagnosis\": [,", 1);
    let (code, out, err) = mint_bytes(broken.as_bytes());
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(
        err.contains(&format!("not JSON: expected value at line {line} column")),
        "{err}"
    );

    // Invalid UTF-8 in a skipped string is still not JSON text.
    let mut bad_utf8 = text.clone().into_bytes();
    let at = text.find("Essential (primary) hypertension").unwrap();
    bad_utf8[at] = 0xff;
    let (code, _, err) = mint_bytes(&bad_utf8);
    assert_eq!(code, 2);
    assert!(err.contains("invalid UTF-8 at line"), "{err}");

    // A lone surrogate escape: only checked where it is skipped; refused where the ticket
    // would carry it (the Patient's family name is copied into subject.patient).
    let skipped = text.replacen(
        "Essential (primary) hypertension",
        "Essential (primary) hypertension \\ud800",
        1,
    );
    assert_ne!(skipped, text);
    let (code, out, err) = mint_bytes(skipped.as_bytes());
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, clean);
    let copied = text.replacen("\"family\": \"", "\"family\": \"\\ud800", 1);
    assert_ne!(copied, text);
    let (code, _, err) = mint_bytes(copied.as_bytes());
    assert_eq!(code, 2);
    assert!(
        err.contains("lone leading surrogate in hex escape at line"),
        "{err}"
    );
}

/// The sample Bundle with every fullUrl and reference turned into a `urn:uuid:` (as Bundles
/// assembled by tools often are).
fn urn_bundle() -> Value {
    let mut doc = json(&fs::read_to_string(path("samples/claims/bundle-separate-entries.json")).unwrap());
    let mut text = doc.to_string();
    for (i, entry) in doc["entry"].as_array().unwrap().iter().enumerate() {
        let full = entry["fullUrl"].as_str().unwrap();
        let type_id = full.strip_prefix(&format!("{ISSUER}/")).unwrap();
        let urn = format!("urn:uuid:00000000-0000-4000-8000-{i:012}");
        text = text.replace(&format!("\"{full}\""), &format!("\"{urn}\""));
        text = text.replace(&format!("\"{type_id}\""), &format!("\"{urn}\""));
    }
    doc = json(&text);
    assert!(!text.contains("\"Encounter/"), "{text}");
    doc
}

#[test]
fn urn_uuid_bundles_resolve_to_the_resources_server_ids() {
    let f = tempfile::Builder::new().suffix(".json").tempfile().unwrap();
    fs::write(f.path(), urn_bundle().to_string()).unwrap();
    let (code, out, err) = mint_file(f.path(), &["--payload-only", "--jti", "fixed"]);
    assert_eq!(code, 0, "{err}");
    let p = json(&out);
    // The same ticket as from the Bundle with server URLs.
    let (code, expected, err) = mint("bundle-separate-entries", &["--payload-only", "--jti", "fixed"]);
    assert_eq!(code, 0, "{err}");
    let expected = json(&expected);
    for member in ["subject", "requester", "access"] {
        assert_eq!(p[member], expected[member], "{member}");
    }
    assert_eq!(
        p["access"]["claim_linkage"]["encounter"][0]["reference"],
        format!("{ISSUER}/Encounter/enc-2026-0231")
    );
}

#[test]
fn encounters_that_are_not_the_issuers_records_are_refused() {
    let with_encounter = |reference: Value| {
        claim_without(move |c| {
            c["item"][0]["encounter"] = json!([reference.clone()]);
            c["contained"]
                .as_array_mut()
                .unwrap()
                .push(json!({"resourceType": "Encounter", "id": "e1", "status": "finished"}));
        })
    };
    for (reference, words) in [
        (json!({"reference": "#e1"}), "contained Encounter"),
        (
            json!({"identifier": {"system": "urn:x", "value": "V1"}}),
            "an identifier or a display alone",
        ),
        (
            json!({"reference": "https://other.example.net/fhir/Encounter/e1"}),
            "is not under the issuer",
        ),
        (json!({"reference": "Patient/p1"}), "neither Encounter/<id>"),
        (
            json!({"reference": "urn:uuid:4c2b0d1e-0000-4000-8000-000000000001"}),
            "no Bundle entry",
        ),
    ] {
        let f = with_encounter(reference.clone());
        let (code, out, err) = mint_file(f.path(), &["--payload-only"]);
        assert_eq!(code, 1, "{reference}: {out}");
        assert!(
            err.contains("Claim.item[0].encounter[0]") && err.contains(words),
            "{reference}: {err}"
        );
    }
    // A version-specific reference links the record.
    let f = with_encounter(json!({"reference": "Encounter/e7/_history/2"}));
    let (code, out, err) = mint_file(f.path(), &["--payload-only"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        json(&out)["access"]["claim_linkage"]["encounter"][0]["reference"],
        format!("{ISSUER}/Encounter/e7")
    );
    // The flag takes Encounter/<id> or a URL under the issuer, nothing else.
    for (value, ok) in [
        ("Encounter/extra-1", true),
        ("https://fhir.provider.example.org/Encounter/extra-2", true),
        ("Patient/p1", false),
        ("enc-bare", false),
        ("https://evil.example.com/Encounter/x", false),
        ("https://fhir.provider.example.org/Encounter/x/_history/2", false),
    ] {
        let (code, out, err) = mint(
            "professional-office-visit",
            &["--payload-only", "--encounter", value],
        );
        if ok {
            assert_eq!(code, 0, "{value}: {err}");
            let encounters = json(&out)["access"]["claim_linkage"]["encounter"].to_string();
            assert!(
                encounters.contains(value.rsplit('/').next().unwrap()),
                "{encounters}"
            );
        } else {
            assert_eq!(code, 2, "{value}: {out}");
            assert!(err.contains(&format!("--encounter {value:?}")), "{err}");
        }
    }
}

#[test]
fn the_thin_patient_carries_no_social_security_number_and_the_record_is_found_by_its_mrn() {
    let f = claim_without(|c| {
        let patient = contained_patient(c);
        let mrn = patient["identifier"][0].clone();
        patient["identifier"] = json!([
            {"system": "http://hl7.org/fhir/sid/us-ssn", "value": "123-45-6789"},
            // The SSN's OID alone, FHIR's system with a trailing slash, the SS type alone.
            {"system": "urn:oid:2.16.840.1.113883.4.1", "value": "987-65-4321"},
            {"system": "http://hl7.org/fhir/sid/us-ssn/", "value": "111-22-3333"},
            {"type": {"coding": [{"code": "SS"}]}, "system": "urn:x:national", "value": "444-55-6666"},
            // Not an SSN: an OID that only starts like it.
            {"system": "urn:oid:2.16.840.1.113883.4.10", "value": "keep-me"},
            {"system": "urn:oid:2.16.840.1.113883.4.3.55", "value": "DL-99"},
            mrn
        ]);
    });
    let (code, out, err) = mint_file(f.path(), &["--payload-only"]);
    assert_eq!(code, 0, "{err}");
    let p = json(&out);
    let text = p.to_string();
    for ssn in ["6789", "4321", "3333", "6666"] {
        assert!(!text.contains(ssn), "{ssn}: {text}");
    }
    let systems: Vec<&str> = p["subject"]["patient"]["identifier"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["system"].as_str().unwrap())
        .collect();
    assert_eq!(
        systems,
        [
            "urn:oid:2.16.840.1.113883.4.10",
            "urn:oid:2.16.840.1.113883.4.3.55",
            "http://fhir.provider.example.org/mrn"
        ]
    );
    // The record is pointed at by the medical record number, not the first identifier.
    assert_eq!(
        p["subject"]["recipient_record"]["identifier"]["system"],
        "http://fhir.provider.example.org/mrn"
    );
}

#[test]
fn the_control_number_is_the_providers_and_the_issuer_is_written_in_lower_case() {
    let f = claim_without(|c| {
        let own = c["identifier"][0].clone();
        c["identifier"] = json!([{"system": "https://payer.example/icn", "value": "ICN999"}, own]);
    });
    let (code, out, err) = run(ptix().arg("mint").arg(f.path()).args([
        "--payload-only",
        "--now",
        NOW,
        "--issuer",
        "HTTPS://FHIR.Provider.example.org",
    ]));
    assert_eq!(code, 0, "{err}");
    let p = json(&out);
    // The identifier on the issuer's host, not the payer's number listed first.
    let number = &p["access"]["claim_linkage"]["claim"]["identifier"];
    assert!(number["system"].as_str().unwrap().starts_with(ISSUER), "{number}");
    // Scheme and host are case-insensitive: written as every party compares them.
    assert_eq!(p["iss"], ISSUER);
    assert_eq!(p["aud"], ISSUER);
    // Also from a Bundle whose fullUrls write the host in capitals, with or without --issuer.
    let text = fs::read_to_string(path("samples/claims/bundle-separate-entries.json"))
        .unwrap()
        .replace(ISSUER, "https://FHIR.Provider.example.org");
    let f = tempfile::Builder::new().suffix(".json").tempfile().unwrap();
    fs::write(f.path(), text).unwrap();
    for extra in [&[][..], &["--issuer", ISSUER][..]] {
        let (code, out, err) = run(ptix()
            .arg("mint")
            .arg(f.path())
            .args(["--payload-only", "--now", NOW])
            .args(extra));
        assert_eq!(code, 0, "{extra:?}: {err}");
        let p = json(&out);
        assert_eq!(p["iss"], ISSUER);
        assert_eq!(
            p["access"]["claim_linkage"]["encounter"][0]["reference"],
            format!("{ISSUER}/Encounter/enc-2026-0231")
        );
    }
}

/// `--out` replaces an earlier ticket, but never a key or a claim (any file that is not a
/// ticket) without --force.
#[test]
fn out_never_replaces_a_key_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("issuer.key.pem");
    fs::copy(path("keys/demo-issuer.key.pem"), &key).unwrap();
    let before = fs::read(&key).unwrap();
    let claim = path("samples/claims/professional-office-visit.json");
    let mint_to = |out: &std::path::Path, extra: &[&str]| {
        run(ptix()
            .args(["mint", "-q"])
            .arg(&claim)
            .args([
                "--issuer",
                "https://fhir.provider.example.org",
                "--now",
                NOW,
                "--key",
            ])
            .arg(&key)
            .arg("--out")
            .arg(out)
            .args(extra))
    };
    // Another key file: refused without --force.
    let other_key = dir.path().join("other.key.pem");
    fs::copy(&key, &other_key).unwrap();
    let (code, _, err) = mint_to(&other_key, &[]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("is not a ticket") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(fs::read(&other_key).unwrap(), before, "the key is untouched");
    // The run's own key: refused even with --force.
    let (code, _, err) = mint_to(&key, &["--force"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is an input of this run"), "{err}");
    assert_eq!(fs::read(&key).unwrap(), before, "the key is untouched");
    // An earlier ticket is replaced.
    let ticket = dir.path().join("t.jwt");
    assert_eq!(mint_to(&ticket, &[]).0, 0);
    let first = fs::read_to_string(&ticket).unwrap();
    assert_eq!(mint_to(&ticket, &[]).0, 0);
    assert_ne!(fs::read_to_string(&ticket).unwrap(), first, "a new jti");
    // An empty file (from mktemp) is replaced; a file with two dots in it is no ticket.
    let empty = dir.path().join("empty");
    fs::write(&empty, "").unwrap();
    assert_eq!(mint_to(&empty, &[]).0, 0);
    let version = dir.path().join("VERSION");
    fs::write(&version, "1.2.3\n").unwrap();
    assert_eq!(mint_to(&version, &[]).0, 2);
    assert_eq!(fs::read_to_string(&version).unwrap(), "1.2.3\n");
    // With --force, any file.
    let other = dir.path().join("notes.txt");
    fs::write(&other, "notes").unwrap();
    assert_eq!(mint_to(&other, &["--force"]).0, 0);
    assert!(fs::read_to_string(&other).unwrap().starts_with("eyJ"));
}

/// Review findings on the mapping: the payer is the Organization among the payors; a Patient
/// on another server is not given an address under the issuer; an identifier the payer
/// assigned is never the control number; a --claim-id-system that names nothing is an error.
#[test]
fn payer_patient_and_control_number_are_the_right_ones() {
    let payload = |edit: &dyn Fn(&mut Value), extra: &[&str]| {
        let f = claim_without(edit);
        let (code, out, err) = mint_file(f.path(), &[&["--payload-only"][..], extra].concat());
        (code, if code == 0 { json(&out) } else { Value::Null }, err)
    };
    // No insurer; the guarantor Patient is the first payor.
    let (code, p, err) = payload(
        &|c| {
            c.as_object_mut().unwrap().remove("insurer");
            c["contained"][2]["payor"] = json!([{"reference": "#pat1"}, {"reference": "#payer1"}]);
        },
        &[],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(p["requester"]["name"], "Lakeshore Mutual Health Plan", "{p:#}");
    assert_eq!(p["requester"]["identifier"][0]["value"], "1347825907");
    // Unresolved payors: a typed RelatedPerson and a versioned Patient reference are no payer.
    let (code, p, err) = payload(
        &|c| {
            c.as_object_mut().unwrap().remove("insurer");
            c["contained"][2]["payor"] = json!([
                {"type": "RelatedPerson", "display": "Mom"},
                {"reference": "Patient/p1/_history/2", "display": "Self"},
                {"reference": "#payer1"}
            ]);
        },
        &[],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(p["requester"]["name"], "Lakeshore Mutual Health Plan", "{p:#}");
    // A Patient on another server: no recipient_record at the issuer.
    let (code, p, err) = payload(
        &|c| {
            c["patient"] = json!({"reference": "https://mpi.other.example.com/fhir/Patient/X999", "display": "Daniel Okafor"});
        },
        &[],
    );
    assert_eq!(code, 0, "{err}");
    let record = p["subject"]["recipient_record"]["reference"]
        .as_str()
        .unwrap_or_default();
    assert!(!record.contains("X999"), "{p:#}");
    // A number the payer assigned is passed over: an ICN whose assigner is the insurer, a Unique
    // Claim ID (CARIN BB `uc`).
    for payers in [
        json!({"system": "https://payer.example.com/icn", "value": "ICN-1", "assigner": {"reference": "#payer1"}}),
        json!({"type": {"coding": [{"system": "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBIdentifierType", "code": "uc"}]},
               "system": "https://payer.example.com/icn", "value": "ICN-99812345"}),
    ] {
        let (code, p, err) = payload(
            &|c| {
                c["identifier"] =
                    json!([payers, {"system": "urn:oid:2.16.840.1.113883.3.4242.1.1", "value": "CLM-1"}])
            },
            &[],
        );
        assert_eq!(code, 0, "{err}");
        assert_eq!(
            p["access"]["claim_linkage"]["claim"]["identifier"]["value"],
            "CLM-1"
        );
    }
    // The provider's own number is kept whichever way its assigner names the provider: the
    // provider's record's identifier or name, or the same Type/id as an absolute URL.
    let own = |provider: Value, assigner: Value| {
        move |c: &mut Value| {
            c["provider"] = provider.clone();
            c["contained"]
                .as_array_mut()
                .unwrap()
                .push(json!({"resourceType": "Organization", "id": "prov",
                "identifier": [{"system": "http://hl7.org/fhir/sid/us-npi", "value": "1884207162"}],
                "name": "Maple Ridge Primary Care"}));
            c["identifier"] = json!([{"system": "urn:oid:2.16.840.1.113883.3.4242.1.1", "value": "CLM-7", "assigner": assigner.clone()}]);
        }
    };
    for (provider, assigner) in [
        (
            json!({"reference": "#prov"}),
            json!({"identifier": {"system": "http://hl7.org/fhir/sid/us-npi", "value": "1884207162"}}),
        ),
        (
            json!({"reference": "#prov"}),
            json!({"display": "MAPLE RIDGE PRIMARY CARE"}),
        ),
        (
            json!({"reference": "Organization/org-maple"}),
            json!({"reference": "https://fhir.provider.example.org/Organization/org-maple"}),
        ),
    ] {
        let (code, p, err) = payload(&own(provider.clone(), assigner.clone()), &[]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(
            p["access"]["claim_linkage"]["claim"]["identifier"]["value"], "CLM-7",
            "{provider} {assigner}: {p:#}"
        );
    }
    // Anyone else's stays out.
    let (_, p, _) = payload(
        &own(
            json!({"reference": "#prov"}),
            json!({"display": "Lakeshore Mutual Health Plan"}),
        ),
        &[],
    );
    assert!(p["access"]["claim_linkage"].get("claim").is_none(), "{p:#}");
    // --payer-name replaces the name only; --payer-id the identifiers only.
    let (_, p, _) = payload(&|_| {}, &["--payer-name", "Lakeshore Mutual"]);
    assert_eq!(p["requester"]["name"], "Lakeshore Mutual");
    assert_eq!(p["requester"]["identifier"][0]["value"], "1347825907");
    let (_, p, _) = payload(&|_| {}, &["--payer-id", "https://www.x12.org/payer-id|LMH02"]);
    assert_eq!(p["requester"]["name"], "Lakeshore Mutual Health Plan");
    assert_eq!(
        p["requester"]["identifier"],
        json!([{"system": "https://www.x12.org/payer-id", "value": "LMH02"}])
    );
    // --claim-id-system that matches nothing.
    let (code, _, err) = payload(&|_| {}, &["--claim-id-system", "urn:nomatch"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("--claim-id-system") && err.contains("https://fhir.provider.example.org/claims"),
        "{err}"
    );
}

/// A `Claim.created` or `Claim.identifier` that cannot be read is named, not replaced silently
/// (the expiry would count from now; the claim reference would be left out).
#[test]
fn an_unreadable_created_or_identifier_is_named() {
    for (bad, shown) in [
        (json!("2026-13-45"), "\"2026-13-45\""),
        (json!(12345), "12345"),
        (json!("2026-09-16T14:32:00"), "\"2026-09-16T14:32:00\""),
    ] {
        let f = claim_without(|c| c["created"] = bad.clone());
        let (code, out, err) = mint_file(f.path(), &["--payload-only"]);
        assert_eq!(code, 1, "{bad}: {out}");
        assert!(
            err.contains(&format!("Claim.created ({shown})")) && err.contains("--exp"),
            "{err}"
        );
        // With --exp the submission time is not needed.
        let (code, _, err) = mint_file(f.path(), &["--payload-only", "--exp", "2026-12-01T00:00:00Z"]);
        assert_eq!(code, 0, "{bad}: {err}");
    }
    // A year or a month alone is a valid FHIR dateTime: the expiry counts from now.
    let f = claim_without(|c| c["created"] = json!("2026-09"));
    let (code, out, err) = mint_file(f.path(), &["--payload-only"]);
    assert_eq!(code, 0, "{err}");
    let p = json(&out);
    assert_eq!(p["exp"].as_i64(), Some(NOW_UNIX + 60 * 86_400));

    let f = claim_without(|c| c["identifier"] = c["identifier"][0].clone());
    let (code, _, err) = mint_file(f.path(), &["--payload-only"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("Claim.identifier: one object") && err.contains("--claim-id"),
        "{err}"
    );
    let (code, out, err) = mint_file(f.path(), &["--payload-only", "--claim-id", "urn:x|CLM-1"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        json(&out)["access"]["claim_linkage"]["claim"]["identifier"]["value"],
        "CLM-1"
    );
}

/// Claims as converters and clearinghouses write them: the payer's claim number assigned by
/// display or identifier, or typed as the payer's, is never the control number; the focal
/// coverage is not guessed; an item's encounter that is no array is named; a void claim mints
/// nothing; a member number or a retired MRN is never the record's identifier.
#[test]
fn payer_numbers_focal_coverage_encounters_and_void_claims() {
    let payload = |f: &std::path::Path| {
        let (code, out, err) = mint_file(f, &["--payload-only"]);
        assert_eq!(code, 0, "{err}");
        json(&out)
    };
    let control = |p: &Value| p["access"]["claim_linkage"]["claim"]["identifier"]["value"].clone();
    for assigner in [
        json!({"display": "Lakeshore"}),
        json!({"identifier": {"value": "1347825907"}}),
    ] {
        let f = claim_without(|c| {
            c["identifier"] = json!([
                {"system": "https://lakeshore.example/icn", "value": "ICN-1", "assigner": assigner.clone()},
                {"system": "urn:oid:1.2.3", "value": "PCN-1"}
            ])
        });
        assert_eq!(control(&payload(f.path())), "PCN-1", "{assigner}");
    }
    let f = claim_without(|c| {
        c["identifier"] = json!([
            {"type": {"coding": [{"system": "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBIdentifierType", "code": "payerid"}]},
             "system": "https://lakeshore.example/claims", "value": "ICN-2"},
            {"system": "urn:oid:1.2.3", "value": "PCN-2"}
        ])
    });
    assert_eq!(control(&payload(f.path())), "PCN-2");

    // Several coverages, none focal (or two): no payer is guessed.
    for focal in [json!([false, false]), json!([true, true])] {
        let f = claim_without(|c| {
            let first = c["insurance"][0].clone();
            c.as_object_mut().unwrap().remove("insurer");
            c["insurance"] = json!([first.clone(), first]);
            c["insurance"][0]["focal"] = focal[0].clone();
            c["insurance"][1]["focal"] = focal[1].clone();
            c["insurance"][1]["sequence"] = json!(2);
        });
        let (code, _, err) = mint_file(f.path(), &["--payload-only"]);
        assert_eq!(code, 1, "{focal}");
        let why = if focal[0] == true {
            "2 Claim.insurance entries are focal"
        } else {
            "none of Claim.insurance's 2 entries is focal"
        };
        assert!(err.contains("payer (requester)") && err.contains(why), "{err}");
    }

    // An insurer named by display alone: the focal coverage's payor, with its identifiers.
    let f = claim_without(|c| c["insurer"] = json!({"display": "Lakeshore Mutual Health Plan"}));
    let p = payload(f.path());
    assert!(
        p["requester"]["identifier"]
            .as_array()
            .is_some_and(|ids| !ids.is_empty()),
        "{p}"
    );

    let f = claim_without(|c| c["item"][0]["encounter"] = c["item"][0]["encounter"][0].clone());
    let (code, _, err) = mint_file(f.path(), &["--payload-only"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("Claim.item[0].encounter: ") && err.contains("must be an array"),
        "{err}"
    );

    // The record's identifier: not the payer's member number, not a retired MRN.
    let f = claim_without(|c| {
        let patient = contained_patient(c);
        patient["identifier"] = json!([
            {"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "MB"}]},
             "system": "https://lakeshore.example/members", "value": "LMH-1"},
            {"use": "old", "system": "urn:oid:1.2.9", "value": "OLD-1"},
            {"system": "urn:oid:1.2.9", "value": "MRN-1"}
        ]);
    });
    let p = payload(f.path());
    assert_eq!(
        p["subject"]["recipient_record"]["identifier"]["value"], "MRN-1",
        "{p}"
    );
    assert!(!p.to_string().contains("OLD-1"), "{p}");

    // A claim as the server holds it names its Patient by a bare reference: the record is named
    // by recipient_record.
    let f = claim_without(|c| c["patient"] = json!({"reference": "Patient/B77421"}));
    let p = payload(f.path());
    assert_eq!(
        p["subject"]["recipient_record"]["reference"],
        "https://fhir.provider.example.org/Patient/B77421"
    );
    assert_eq!(p["subject"]["patient"], json!({"resourceType": "Patient"}));
    let (code, _, err) = mint_file(f.path(), &["--payload-only", "--no-recipient-record"]);
    assert_eq!(code, 1);
    assert!(err.contains("bare reference"), "{err}");

    // Versioned: the record; an id that is no FHIR id: refused.
    let f = claim_without(|c| c["patient"] = json!({"reference": "Patient/B77421/_history/3"}));
    assert_eq!(
        payload(f.path())["subject"]["recipient_record"]["reference"],
        "https://fhir.provider.example.org/Patient/B77421"
    );
    for bad in [
        "Encounter/enc-1?x=y",
        "Encounter/enc 1",
        &format!("Encounter/{}", "a".repeat(65)),
    ] {
        let f = claim_without(|c| c["item"][0]["encounter"] = json!([{"reference": bad}]));
        let (code, _, err) = mint_file(f.path(), &["--payload-only"]);
        assert_eq!(code, 1, "{bad}");
        assert!(err.contains("the id 1-64"), "{err}");
    }

    for status in ["cancelled", "entered-in-error"] {
        let f = claim_without(|c| c["status"] = json!(status));
        let (code, _, err) = mint_file(f.path(), &["--payload-only"]);
        assert_eq!(code, 1, "a refusal, not unreadable input: {err}");
        assert!(err.contains(&format!("Claim.status is {status}")), "{err}");
    }
}

/// Flags checked before anything is minted: one claim's values are refused with --batch (every
/// line would get them); a thumbprint must be one; --out is for tokens; an issuer carrying
/// credentials is refused; --audience is written as the issuer is.
#[test]
fn flags_that_cannot_apply_are_refused_by_name() {
    let claim = path("samples/claims/professional-office-visit.json");
    let dir = tempfile::tempdir().unwrap();
    let lines = dir.path().join("claims.ndjson");
    fs::write(&lines, "{}\n").unwrap();
    for (flag, value) in [
        ("--jti", "fixed"),
        ("--patient-id", "P123"),
        ("--claim-id", "https://fhir.provider.example.org/claims|X1"),
        ("--encounter", "Encounter/enc-1"),
    ] {
        let (code, out, err) = run(ptix()
            .args(["mint", "--batch"])
            .arg(&lines)
            .args([flag, value])
            .args(demo_signer(NOW)));
        assert_eq!(code, 2, "{flag}: {out}{err}");
        assert!(err.contains(flag) && err.contains("--batch"), "{flag}: {err}");
    }
    let mint = |extra: &[&str]| run(ptix().arg("mint").arg(&claim).args(demo_signer(NOW)).args(extra));
    // --patient-id against a claim that names its Patient's record: another patient's.
    let (code, _, err) = run(ptix()
        .args(["mint", "--payload-only", "--now", NOW, "--patient-id", "P123"])
        .arg(path("samples/claims/bundle-separate-entries.json")));
    assert_eq!(code, 1);
    assert!(
        err.contains("Claim.patient names Patient/D51230, and --patient-id gives Patient/P123"),
        "{err}"
    );
    // A Patient on another server names no record of the issuer's: --patient-id is for it.
    let mut foreign = json(&fs::read_to_string(&claim).unwrap());
    foreign["patient"] = serde_json::json!({"reference": "https://payer.example.com/fhir/Patient/P999"});
    let foreign_file = dir.path().join("foreign.json");
    fs::write(&foreign_file, foreign.to_string()).unwrap();
    let (code, out, err) = run(ptix()
        .args(["mint", "--payload-only", "--now", NOW, "--patient-id", "B77421"])
        .args(["--issuer", "https://fhir.provider.example.org"])
        .arg(&foreign_file));
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        json(&out)["subject"]["recipient_record"]["reference"],
        "https://fhir.provider.example.org/Patient/B77421"
    );
    let (code, _, err) = mint(&["--bind-jkt", "abc"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--bind-jkt") && err.contains("not a key thumbprint"),
        "{err}"
    );
    let (code, _, err) = mint(&["--payload-only", "--out", "p.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("--out") && err.contains("--payload-only"), "{err}");
    let (code, _, err) = run(ptix()
        .args([
            "mint",
            "--payload-only",
            "--issuer",
            "https://user:secret@fhir.provider.example.org",
        ])
        .arg(&claim));
    assert_eq!(code, 2);
    assert!(err.contains("is not a FHIR base URL"), "{err}");
    let (code, out, err) = run(ptix()
        .args(["mint", "--payload-only", "--now", NOW])
        .args(["--issuer", "https://fhir.provider.example.org/"])
        .args(["--audience", "HTTPS://FHIR.Provider.Example.org/"])
        .arg(&claim));
    assert_eq!(code, 0, "{err}");
    let p = json(&out);
    assert_eq!(p["iss"], "https://fhir.provider.example.org");
    assert_eq!(p["aud"], p["iss"], "the same URL, written the same way");
    // verify compares exactly, and says when the two differ only in how they are written.
    let (code, token, err) = mint(&[]);
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = run(ptix()
        .args([
            "verify",
            token.trim(),
            "--jwks",
            "keys/demo-issuer.jwks.json",
            "--now",
            NOW,
        ])
        .args(["--issuer", "https://fhir.provider.example.org/"]));
    assert_eq!(code, 1);
    assert!(
        out.contains("differ only by a trailing slash or letter case"),
        "{out}"
    );
}

/// A Claim.patient or Claim.insurer that names another kind of resource is not relabelled as
/// the ticket's Patient or payer: the claim is refused, naming the element and the type.
#[test]
fn a_patient_or_insurer_of_another_type_is_refused() {
    for (element, reference, says) in [
        (
            "patient",
            "#payer1",
            "Claim.patient (#payer1) names an Organization, not a Patient",
        ),
        (
            "patient",
            "Practitioner/prac-bell",
            "Claim.patient (Practitioner/prac-bell) names a Practitioner, not a Patient",
        ),
        (
            "insurer",
            "#pat1",
            "Claim.insurer (#pat1) names a Patient, not an Organization",
        ),
    ] {
        let f = claim_without(|c| c[element] = json!({"reference": reference}));
        let (code, out, err) = mint_file(f.path(), &[]);
        assert_eq!(code, 1, "{element} {reference}: {err}");
        assert!(out.is_empty());
        assert!(err.contains(says), "{err}");
        assert_eq!(
            err.matches("payer (requester)").count(),
            usize::from(element == "insurer"),
            "{err}"
        );
    }
    // A path segment that is no FHIR resource type names no type: not refused for one.
    let f = claim_without(|c| {
        c["insurer"] = json!({"reference": "https://payers.example.com/Payers/X", "display": "Plan"})
    });
    let (code, _, err) = mint_file(f.path(), &["--payload-only"]);
    assert_eq!(code, 0, "{err}");
    // The payer given by flags replaces an insurer that cannot be one.
    let f = claim_without(|c| c["insurer"] = json!({"reference": "#pat1"}));
    let (code, out, err) = mint_file(
        f.path(),
        &[
            "--payer-name",
            "Plan",
            "--payer-id",
            "https://www.x12.org/payer-id|X1",
            "--payload-only",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["requester"]["name"], "Plan");
}
