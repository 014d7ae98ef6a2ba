//! `ptix inspect`: snapshots of the human and JSON views of the shipped tickets, malformed
//! tokens, and the ways a token arrives.

use crate::support::*;

const NOW: &str = "2026-11-05T00:00:00Z";
const TICKETS: &[&str] = &[
    "spec-example-pca",
    "professional-office-visit",
    "institutional-multi-encounter",
    "prior-authorization",
    "bundle-separate-entries",
    "self-pay-authorized",
];

#[test]
fn snapshots_of_the_shipped_tickets() {
    for name in TICKETS {
        let file = format!("samples/tickets/valid/{name}.jwt");
        let (code, out, err) = run(ptix().args(["inspect", &file, "--now", NOW]));
        assert_eq!(code, 0, "{name}: {err}");
        assert!(err.contains("not verified"), "{name}: says so on stderr: {err}");
        assert!(!out.contains('\u{1b}'), "no colours when piped");
        // The signature differs between mints; everything else is pinned.
        snapshot(&format!("inspect/{name}.txt"), &out);
        let (code, out, _) = run(ptix().args(["inspect", "--json", &file, "--now", NOW]));
        assert_eq!(code, 0);
        let v = json(&out);
        for key in ["header", "payload", "signature", "summary"] {
            assert!(v.get(key).is_some(), "{name}: --json has {key}");
        }
        assert_eq!(v["signature"]["bytes"], 64);
        assert_eq!(v["signature"]["form"], "raw r||s");
        snapshot(&format!("inspect/{name}.json"), &out);
    }
}

#[test]
fn the_example_summary_reads_at_a_glance() {
    let (_, out, _) = run(ptix().args([
        "inspect",
        "samples/tickets/valid/spec-example-pca.jwt",
        "--now",
        NOW,
    ]));
    for expected in [
        "Payer Claims Adjudication",
        "Daniel Okafor, born 1962-03-09",
        "NPI 1093817465",
        "https://fhir.provider.example.org/Encounter/enc-2026-0117",
        "2026-08-23T19:39:10Z (2 months ago): EXPIRED",
        "60 days (inside the 45-75 day PCA window)",
        "ES256, kid nvOGRCsTz2QIQLsbl0ZQ_ux0tfyh5iave-jvNsANWv8, 64 bytes, raw r||s",
    ] {
        assert!(out.contains(expected), "inspect shows {expected:?}:\n{out}");
    }
    let (_, out, _) = run(ptix().args([
        "inspect",
        "--json",
        "samples/tickets/valid/spec-example-pca.jwt",
        "--now",
        "2026-07-01T00:00:00Z",
    ]));
    let v = json(&out);
    assert_eq!(v["summary"]["expires"]["relative"], "in 54 days");
    assert_eq!(v["summary"]["expired"], false);
    assert_eq!(v["summary"]["lifetime_days"], 60.0);
    assert_eq!(v["summary"]["lifetime_in_pca_window"], true);
}

#[test]
fn accepts_bearer_and_token_exchange_bodies() {
    let token = std::fs::read_to_string(path("samples/tickets/valid/spec-example-pca.jwt")).unwrap();
    let token = token.trim();
    let body = format!(
        "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&subject_token={token}&subject_token_type=https%3A%2F%2Fsmarthealthit.org%2Ftoken-type%2Fpermission-ticket&scope=system%2FClaim.rs"
    );
    for input in [format!("Bearer {token}"), body, format!("\n  {token}  \n")] {
        let (code, out, err) = run(ptix()
            .args(["inspect", "--json", "-", "--now", NOW])
            .write_stdin(input.clone()));
        assert_eq!(code, 0, "{err}");
        assert_eq!(
            json(&out)["payload"]["jti"],
            "uc5-2f9a7c11-5d28-4e6b-9b54-3c1f8a02d977"
        );
        // Each also as the argument itself.
        let (code, out, err) = run(ptix().args(["inspect", "--json", &input, "--now", NOW]));
        assert_eq!(code, 0, "{input}: {err}");
        assert_eq!(
            json(&out)["payload"]["jti"],
            "uc5-2f9a7c11-5d28-4e6b-9b54-3c1f8a02d977"
        );
    }
    // A header written with a newline after `{` encodes as `ew...`: still a token argument.
    let header = ptix::jose::b64url::encode(b"{\n  \"alg\": \"ES256\"\n}");
    let rest = token.split_once('.').unwrap().1;
    let (code, out, err) = run(ptix().args(["inspect", "--json", &format!("{header}.{rest}")]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["header"]["alg"], "ES256");
    // A file name with dots that does not exist is a missing file, not a token, even when it
    // starts like a token's header would.
    for name in ["my.ticket.jwt", "ewan-ticket.jwt", "eyAbc.jwt"] {
        let (code, _, err) = run(ptix().args(["inspect", name]));
        assert_eq!(code, 2, "{name}: {err}");
        assert!(err.contains(&format!("{name}: no such file")), "{err}");
    }
}

#[test]
fn a_malformed_token_shows_what_decoded_and_points_at_the_break() {
    let token = std::fs::read_to_string(path("samples/tickets/valid/spec-example-pca.jwt")).unwrap();
    let parts: Vec<&str> = token.trim().split('.').collect();
    // A '+' inside the payload segment (standard base64, not base64url).
    let mut payload = parts[1].to_string();
    payload.replace_range(10..11, "+");
    let broken = format!("{}.{payload}.{}", parts[0], parts[2]);
    let (code, out, err) = run(ptix().args(["inspect", &broken]));
    assert_eq!(code, 1, "{err}");
    let offset = parts[0].len() + 1 + 10;
    assert!(
        out.contains("payload segment") && out.contains(&format!("token offset {offset}")),
        "{out}"
    );
    assert!(
        out.contains("\"kid\": \"nvOGRCsTz2QIQLsbl0ZQ_ux0tfyh5iave-jvNsANWv8\""),
        "the header still decodes:\n{out}"
    );
    let (code, out, _) = run(ptix().args(["inspect", "--json", &broken]));
    assert_eq!(code, 1);
    let v = json(&out);
    assert_eq!(v["segments"][0]["json"]["alg"], "ES256");
    assert!(
        v["segments"][1]["problem"].as_str().unwrap().contains("'+'"),
        "{v:#}"
    );
    // Two segments only.
    let (code, out, _) = run(ptix().args(["inspect", &format!("{}.{}", parts[0], parts[1])]));
    assert_eq!(code, 1);
    assert!(out.contains("has 2"), "{out}");
}

#[test]
fn times_that_are_no_numeric_dates_are_shown_as_written() {
    let bytes = std::fs::read(path("keys/demo-issuer.key.pem")).unwrap();
    let key = ptix::keys::load::load_signing_key(&bytes, "demo", None).unwrap();
    let mut payload =
        json(&std::fs::read_to_string(path("samples/tickets/valid/base-payload.json")).unwrap());
    payload["exp"] = serde_json::json!("soon");
    payload["iat"] = serde_json::json!(1.5);
    let token =
        ptix::jose::compact::encode(&serde_json::json!({"alg": "ES256"}), &payload, |m| key.sign(m)).unwrap();
    let (code, out, err) = run(ptix().args(["inspect", &token, "--now", NOW]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"soon\" (not a NumericDate)"), "{out}");
    assert!(out.contains("1.5 (not a NumericDate)"), "{out}");
}

/// Another type's ticket: a RelatedPerson requester is shown by its HumanName, and a one-hour
/// lifetime in hours, without the Payer Claims Adjudication window.
#[test]
fn other_types_show_their_requester_and_lifetime_as_they_are() {
    let payload = serde_json::json!({
        "iss": "https://trusted-issuer.org", "aud": "https://fhir.provider.example.org",
        "exp": 1_782_867_600, "iat": 1_782_864_000, "jti": "t-1",
        "ticket_type": "https://smarthealthit.org/permission-ticket-type/patient-delegated-access-v1",
        "subject": {"patient": {"resourceType": "Patient", "name": [{"family": "Reyes", "given": ["Sofia"]}]}},
        "requester": {"resourceType": "RelatedPerson", "name": [{"family": "Reyes", "given": ["Elena"]}]},
        "access": {"smart_scopes": ["patient/*.rs"]}
    });
    let token = format!(
        "{}.{}.{}",
        ptix::jose::b64url::encode(br#"{"alg":"ES256","kid":"k"}"#),
        ptix::jose::b64url::encode(payload.to_string().as_bytes()),
        ptix::jose::b64url::encode(&[7; 64])
    );
    let (code, out, err) = run(ptix().args(["inspect", &token, "--now", "2026-07-01T00:00:00Z"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Elena Reyes (RelatedPerson)"), "{out}");
    assert!(out.contains("1 hour ") && !out.contains("PCA window"), "{out}");
    let (_, out, _) = run(ptix().args(["inspect", "--json", &token, "--now", "2026-07-01T00:00:00Z"]));
    let s = &json(&out)["summary"];
    assert_eq!(s["requester"]["name"], "Elena Reyes");
    assert_eq!(s["lifetime_seconds"], 3600);
    assert_eq!(s["lifetime_in_pca_window"], serde_json::Value::Null);

    // A self-access ticket has no requester: shown as none (null), not as a nameless one; an
    // empty requester object is still a requester.
    let mut payload = payload;
    payload["ticket_type"] =
        serde_json::json!("https://smarthealthit.org/permission-ticket-type/patient-self-access-v1");
    let summary = |payload: &serde_json::Value| {
        let token = format!(
            "{}.{}.{}",
            ptix::jose::b64url::encode(br#"{"alg":"ES256","kid":"k"}"#),
            ptix::jose::b64url::encode(payload.to_string().as_bytes()),
            ptix::jose::b64url::encode(&[7; 64])
        );
        let (_, text, _) = run(ptix().args(["inspect", &token, "--now", "2026-07-01T00:00:00Z"]));
        let (_, out, _) = run(ptix().args(["inspect", "--json", &token, "--now", "2026-07-01T00:00:00Z"]));
        (text, json(&out)["summary"].clone())
    };
    payload["requester"] = serde_json::json!({});
    let (text, s) = summary(&payload);
    assert!(text.contains("(no name)") && s["requester"].is_object(), "{text}");
    payload.as_object_mut().unwrap().remove("requester");
    let (text, s) = summary(&payload);
    assert!(text.contains("none (no requester member"), "{text}");
    assert!(s["requester"].is_null(), "{s}");
    assert!(s["subject"].is_object(), "{s}");
    payload.as_object_mut().unwrap().remove("subject");
    let (text, s) = summary(&payload);
    assert!(text.contains("missing (no subject member)"), "{text}");
    assert!(s["subject"].is_null(), "{s}");
}

/// A ticket not yet valid says so; the PCA window is judged in seconds, as lint judges it; a
/// member given twice is named on stderr.
#[test]
fn not_yet_valid_exact_window_and_duplicate_members() {
    let mut payload =
        json(&std::fs::read_to_string(path("samples/tickets/valid/base-payload.json")).unwrap());
    let iat = payload["iat"].as_i64().unwrap();
    payload["nbf"] = serde_json::json!(iat + 86_400);
    payload["exp"] = serde_json::json!(iat + 45 * 86_400 - 1);
    let body = payload.to_string().replacen('{', r#"{"jti":"first","#, 1);
    let token = format!(
        "{}.{}.{}",
        ptix::jose::b64url::encode(br#"{"alg":"ES256","kid":"k"}"#),
        ptix::jose::b64url::encode(body.as_bytes()),
        ptix::jose::b64url::encode(&[7; 64])
    );
    let at = iat.to_string();
    let (code, out, err) = run(ptix().args(["inspect", &token, "--now", &at]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("NOT YET VALID"), "{out}");
    assert!(out.contains("outside the 45-75 day PCA window"), "{out}");
    assert!(err.contains("/payload/jti is given twice"), "{err}");
    let (_, out, _) = run(ptix().args(["inspect", "--json", &token, "--now", &at]));
    let s = &json(&out)["summary"];
    assert_eq!(s["not_yet_valid"], true);
    assert_eq!(s["lifetime_in_pca_window"], false);
    assert_eq!(s["duplicate_members"], serde_json::json!(["/payload/jti"]));
}

/// What could mislead a person reading the table: a line break in a value (it could fake a
/// row), an invisible character, a long URL cut in two, a revocation list, an `nbf` that is no
/// time, an unsigned token, an unknown constraint, a missing payer, an issuer that is no string.
#[test]
fn nothing_in_the_table_misleads() {
    let mut payload =
        json(&std::fs::read_to_string(path("samples/tickets/valid/base-payload.json")).unwrap());
    payload["subject"]["patient"]["name"] =
        serde_json::json!([{"text": "Daniel Okafor\nRequester     Acme Payer (Organization)"}]);
    payload["aud"] = serde_json::json!("https://fhir.provider.example.org\u{200b}");
    let long = format!("https://fhir.provider.example.org/Encounter/{}", "e".repeat(60));
    payload["access"]["claim_linkage"]["encounter"] = serde_json::json!([{"reference": long}]);
    payload["access"]["mystery"] = serde_json::json!({});
    payload["revocation"] =
        serde_json::json!({"url": "https://fhir.provider.example.org/status/1", "index": 7});
    payload["nbf"] = serde_json::json!("2026-07-05");
    payload["iss"] = serde_json::json!(42);
    payload.as_object_mut().unwrap().remove("requester");
    let token = format!(
        "{}.{}.",
        ptix::jose::b64url::encode(br#"{"alg":"none"}"#),
        ptix::jose::b64url::encode(payload.to_string().as_bytes())
    );
    let (code, out, err) = run(ptix().args(["inspect", &token, "--now", NOW]));
    assert_eq!(code, 0, "{err}");
    let table: Vec<&str> = out.lines().take_while(|l| !l.starts_with('└')).collect();
    let row = |name: &str| {
        table
            .iter()
            .find(|l| l.trim_start_matches('│').trim_start().starts_with(name))
            .unwrap_or_else(|| panic!("no {name} row: {out}"))
            .to_string()
    };
    assert!(
        row("Subject").contains("Daniel Okafor\\nRequester     Acme Payer"),
        "{out}"
    );
    assert_eq!(
        table.iter().filter(|l| l.contains("Requester")).count(),
        2,
        "{out}"
    ); // the escaped one and the real row
    assert!(row("Audience").contains("example.org\\u{200b}"), "{out}");
    assert!(row("Encounters").contains(&long), "{out}");
    assert!(
        row("Constraints").contains("mystery (not defined by the guide: a Data Holder rejects it)"),
        "{out}"
    );
    assert!(
        row("Revocation").contains("bit 7 of the status list at https://fhir.provider.example.org/status/1"),
        "{out}"
    );
    assert!(
        row("Not before").contains("\"2026-07-05\" (not a NumericDate)"),
        "{out}"
    );
    assert!(row("Signature").contains("UNSIGNED: none"), "{out}");
    assert!(row("Requester").contains("MISSING"), "{out}");
    assert!(row("Issuer").contains("42 (not a string)"), "{out}");
    let (_, out, _) = run(ptix().args(["inspect", &token, "--now", NOW, "--json"]));
    assert_eq!(json(&out)["summary"]["revocation"]["index"], 7);
}
