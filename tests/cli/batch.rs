//! `ptix mint --batch`: NDJSON in, one ticket per line out, in order; bad lines reported and
//! skipped; `--out-dir` with resume; directories verified and linted in parallel, in order.

use std::fs;

use serde_json::Value;

use crate::support::*;

const NOW: &str = "2026-11-05T00:00:00Z";

fn compact(name: &str) -> String {
    let v: Value = json(&fs::read_to_string(path(&format!("samples/claims/{name}.json"))).unwrap());
    v.to_string()
}

fn ndjson(lines: &[String]) -> tempfile::NamedTempFile {
    let f = tempfile::Builder::new().suffix(".ndjson").tempfile().unwrap();
    fs::write(f.path(), lines.join("\n") + "\n").unwrap();
    f
}

/// `ptix verify DIR --json` (with `--jwks`) or `ptix lint DIR --json` (with `--key`), with the
/// demo key set and NOW: exit code and stdout.
fn check_dir(command: &str, dir: &std::path::Path) -> (i32, String) {
    let key_flag = if command == "verify" { "--jwks" } else { "--key" };
    let (code, out, _) = run(ptix()
        .args([
            command,
            "--json",
            "--now",
            NOW,
            key_flag,
            "keys/demo-issuer.jwks.json",
        ])
        .arg(dir));
    (code, out)
}

/// `ptix mint --batch SOURCE` with the demo key, the sample issuer and NOW.
fn batch_cmd(source: impl AsRef<std::ffi::OsStr>) -> assert_cmd::Command {
    let mut cmd = ptix();
    cmd.arg("mint").args(demo_signer(NOW)).arg("--batch").arg(source);
    cmd
}

fn batch(file: &std::path::Path, extra: &[&str]) -> (i32, String, String) {
    run(batch_cmd(file).args(extra))
}

#[test]
fn ndjson_out_in_input_order_with_bad_lines_reported() {
    let no_encounter = {
        let mut v = json(&compact("prior-authorization"));
        v["item"].as_array_mut().unwrap().iter_mut().for_each(|i| {
            i.as_object_mut().unwrap().remove("encounter");
        });
        v.to_string()
    };
    let lines = vec![
        compact("professional-office-visit"),
        "{not json".to_string(),
        compact("institutional-multi-encounter"),
        String::new(),
        no_encounter,
        compact("bundle-separate-entries"),
    ];
    let f = ndjson(&lines);
    let (code, out, err) = batch(f.path(), &[]);
    assert_eq!(code, 1, "a bad line makes the exit code 1: {err}");
    let rows: Vec<Value> = out.lines().map(json).collect();
    let line_numbers: Vec<u64> = rows.iter().map(|r| r["line"].as_u64().unwrap()).collect();
    assert_eq!(
        line_numbers,
        [1, 2, 3, 5, 6],
        "one row per non-blank input line, in order"
    );
    for (row, claim) in [
        (&rows[0], "CLM-2026-0042"),
        (&rows[2], "CLM-2026-0057"),
        (&rows[4], "CLM-2026-0051"),
    ] {
        assert_eq!(row["claim"], claim);
        let token = row["ticket"].as_str().unwrap();
        let payload = independent_verify(token, &path("keys/demo-issuer.jwk.json"));
        assert_eq!(row["jti"], payload["jti"]);
        assert_eq!(row["exp"], payload["exp"]);
    }
    assert!(rows[1]["error"].as_str().unwrap().contains("JSON"), "{}", rows[1]);
    // The remedy that works in a batch comes first (--encounter is for one claim).
    assert!(
        rows[3]["error"]
            .as_str()
            .unwrap()
            .contains("supply it with Claim.item[].encounter references in the claim"),
        "{}",
        rows[3]
    );
    assert!(
        err.contains(":2: ") && err.contains(":5: "),
        "stderr names the bad lines: {err}"
    );
    assert!(err.contains("5 line(s): 3 minted, 0 skipped, 2 failed"), "{err}");
    // --force replaces files: without --out-dir it has nothing to act on, and is refused.
    let (code, out, err) = batch(f.path(), &["--force"]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty() && err.contains("--out-dir"), "{err}");
}

#[test]
fn lines_with_crlf_and_a_byte_order_mark_are_read_and_located_within_the_line() {
    // Windows tools write CRLF line endings, and often a byte order mark at the start.
    for ending in ["\n", "\r\n"] {
        let f = tempfile::Builder::new().suffix(".ndjson").tempfile().unwrap();
        let first = format!("\u{feff}{}", compact("professional-office-visit"));
        let text = [first.as_str(), r#"{"resourceType":"Claim","#, ""].join(ending);
        fs::write(f.path(), text).unwrap();
        let (code, out, err) = batch(f.path(), &[]);
        assert_eq!(code, 1, "{ending:?}: {err}");
        let rows: Vec<Value> = out.lines().map(json).collect();
        assert_eq!(rows.len(), 2, "{ending:?}: {out}");
        assert_eq!(rows[0]["claim"], "CLM-2026-0042", "{ending:?}");
        // The line's own coordinates: the end of its 24 bytes, not the newline after them (a
        // column only: "line 1" would read as the file's first line).
        let error = rows[1]["error"].as_str().unwrap();
        assert!(error.ends_with("at column 24"), "{ending:?}: {error}");
        assert!(
            err.contains(":2: ") && err.contains("at column 24") && !err.contains("line 1"),
            "{ending:?}: {err}"
        );
    }
}

#[test]
fn out_dir_files_resume_and_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("tickets");
    let names = [
        "professional-office-visit",
        "prior-authorization",
        "self-pay-authorized",
    ];
    let lines: Vec<String> = names.iter().map(|n| compact(n)).collect();
    let f = ndjson(&lines);
    let out_arg = out_dir.to_str().unwrap();
    let (code, out, err) = batch(f.path(), &["--out-dir", out_arg]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty(), "tickets go to files");
    let mut files: Vec<String> = fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        ["CLM-2026-0038.jwt", "CLM-2026-0042.jwt", "CLM-2026-0063.jwt"]
    );
    let token = fs::read_to_string(out_dir.join("CLM-2026-0042.jwt")).unwrap();
    independent_verify(token.trim(), &path("keys/demo-issuer.jwk.json"));
    // Rerun without --skip-existing: existing files are not overwritten.
    let (code, _, err) = batch(f.path(), &["--out-dir", out_arg]);
    assert_eq!(code, 1);
    assert!(
        err.contains("already exists") && err.contains("--skip-existing"),
        "{err}"
    );
    assert_eq!(
        fs::read_to_string(out_dir.join("CLM-2026-0042.jwt")).unwrap(),
        token
    );
    // Resume: only the missing file is minted.
    fs::remove_file(out_dir.join("CLM-2026-0063.jwt")).unwrap();
    let (code, _, err) = batch(f.path(), &["--out-dir", out_arg, "--skip-existing"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("3 line(s): 1 minted, 2 skipped, 0 failed"), "{err}");
    assert!(out_dir.join("CLM-2026-0063.jwt").exists());
    // --force replaces.
    let (code, _, _) = batch(f.path(), &["--out-dir", out_arg, "--force"]);
    assert_eq!(code, 0);
    assert_ne!(
        fs::read_to_string(out_dir.join("CLM-2026-0042.jwt")).unwrap(),
        token
    );
    // The same control number twice in one batch: the second line fails.
    let dup = ndjson(&[
        compact("professional-office-visit"),
        compact("professional-office-visit"),
    ]);
    let other = dir.path().join("dup");
    let (code, _, err) = batch(dup.path(), &["--out-dir", other.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains(":2: ") && err.contains("must be unique"), "{err}");
    assert_eq!(fs::read_dir(&other).unwrap().count(), 1);
    // No temporary files are left behind.
    assert!(fs::read_dir(&out_dir).unwrap().all(|e| e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .ends_with(".jwt")));
}

#[test]
fn stdin_batch() {
    let input = format!(
        "{}\n{}\n",
        compact("prior-authorization"),
        compact("bundle-separate-entries")
    );
    let (code, out, err) = run(batch_cmd("-").write_stdin(input));
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 2);
}

#[test]
fn directories_verify_and_lint_in_deterministic_order() {
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<String> = [
        "professional-office-visit",
        "prior-authorization",
        "self-pay-authorized",
        "bundle-separate-entries",
    ]
    .iter()
    .map(|n| compact(n))
    .collect();
    let f = ndjson(&lines);
    let out_dir = dir.path().join("t");
    assert_eq!(batch(f.path(), &["--out-dir", out_dir.to_str().unwrap()]).0, 0);
    // One tampered ticket.
    let bad = out_dir.join("CLM-2026-0051.jwt");
    let t = fs::read_to_string(&bad).unwrap();
    fs::write(&bad, format!("{}A", t.trim())).unwrap();
    let (code, out) = check_dir("verify", &out_dir);
    assert_eq!(code, 1);
    let v = json(&out);
    let paths: Vec<String> = v["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"].as_str().unwrap().to_string())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert_eq!(v["summary"]["valid"], 3);
    assert_eq!(v["summary"]["invalid"], 1);
    let lint = || check_dir("lint", &out_dir).1;
    let first = lint();
    for _ in 0..3 {
        assert_eq!(lint(), first, "same output every run");
    }
}

#[test]
fn a_control_number_repeated_in_a_later_chunk_fails_in_every_mode() {
    // Line 1 and line 700 share a control number; they fall in different chunks (512 lines
    // each). The later ticket must neither replace the earlier one (--force) nor pass as
    // "skipped: exists" (--skip-existing).
    let template = compact("prior-authorization");
    let lines: Vec<String> = (1..=700)
        .map(|i| {
            let number = if i == 700 { 1 } else { i };
            template.replace("CLM-2026-0063", &format!("CLM-R-{number:04}"))
        })
        .collect();
    assert!(lines[0].contains("CLM-R-0001") && lines[699].contains("CLM-R-0001"));
    let f = ndjson(&lines);
    let dir = tempfile::tempdir().unwrap();
    for mode in ["--force", "--skip-existing"] {
        let out_dir = dir.path().join(mode.trim_start_matches('-'));
        let (code, _, err) = batch(f.path(), &["--out-dir", out_dir.to_str().unwrap(), mode]);
        assert_eq!(code, 1, "{mode}: {err}");
        assert!(
            err.contains(":700: ") && err.contains("also the file of line 1:"),
            "{mode}: {err}"
        );
        assert!(
            err.contains("700 line(s): 699 minted, 0 skipped, 1 failed"),
            "{mode}: {err}"
        );
        assert_eq!(fs::read_dir(&out_dir).unwrap().count(), 699);
    }
}

#[test]
fn directories_of_more_than_one_chunk_keep_order_and_each_verdict() {
    // Inputs are read and checked 1024 at a time: 2100 files cross two chunk boundaries.
    let f = ndjson(&[compact("professional-office-visit")]);
    let (code, out, err) = batch(f.path(), &[]);
    assert_eq!(code, 0, "{err}");
    let token = json(out.lines().next().unwrap())["ticket"]
        .as_str()
        .unwrap()
        .to_string();
    let dir = tempfile::tempdir().unwrap();
    let tampered = [0usize, 1023, 1024, 2047, 2048, 2099];
    for i in 0..2100 {
        let t = if tampered.contains(&i) {
            format!("{token}A")
        } else {
            token.clone()
        };
        fs::write(dir.path().join(format!("{i:04}.jwt")), t).unwrap();
    }
    let invalid_paths = |v: &Value, key: &str, bad: &dyn Fn(&Value) -> bool| -> Vec<usize> {
        let inputs = v["inputs"].as_array().unwrap();
        assert_eq!(inputs.len(), 2100);
        for (i, input) in inputs.iter().enumerate() {
            assert!(
                input[key].as_str().unwrap().ends_with(&format!("{i:04}.jwt")),
                "{input}"
            );
        }
        (0..2100).filter(|i| bad(&inputs[*i])).collect()
    };
    let (code, out) = check_dir("verify", dir.path());
    assert_eq!(code, 1);
    let v = json(&out);
    assert_eq!(invalid_paths(&v, "path", &|i| i["valid"] != true), tampered);
    let (code, out) = check_dir("lint", dir.path());
    assert_eq!(code, 1);
    let v = json(&out);
    let an_error = |i: &Value| {
        i["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["severity"] == "error")
    };
    assert_eq!(invalid_paths(&v, "path", &an_error), tampered);
}

#[test]
fn a_claim_without_a_control_number_is_named_by_its_line() {
    let mut no_number = json(&compact("professional-office-visit"));
    no_number.as_object_mut().unwrap().remove("identifier");
    let f = ndjson(&[compact("institutional-multi-encounter"), no_number.to_string()]);
    let (code, out, err) = batch(f.path(), &[]);
    assert_eq!(code, 0, "{err}");
    let rows: Vec<Value> = out.lines().map(json).collect();
    assert_eq!(rows[1]["line"], 2);
    // `claim` is the provider's control number: there is none (Claim.id is not one).
    assert_eq!(rows[1]["claim"], Value::Null, "{}", rows[1]);
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = batch(f.path(), &["--out-dir", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(dir.path().join("line-2.jwt").is_file(), "{err}");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
}

/// A ticket file in the way of a directory fails its line (exit 1) and the batch goes on; a
/// directory no ticket can be written in (read-only: here sysfs, where even root creates no
/// file) stops the batch with exit 2.
#[test]
fn an_unwritable_out_dir_stops_the_batch_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let mut claim = json(&compact("professional-office-visit"));
    let lines: Vec<String> = (0..3)
        .map(|i| {
            claim["identifier"][0]["value"] = serde_json::json!(format!("CLM-W-{i}"));
            claim.to_string()
        })
        .collect();
    let input = ndjson(&lines);
    fs::create_dir(dir.path().join("CLM-W-1.jwt")).unwrap();
    let (code, _, err) = batch(
        input.path(),
        &["--out-dir", dir.path().to_str().unwrap(), "--force"],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("CLM-W-1.jwt") && err.contains("2 minted"), "{err}");
    assert!(dir.path().join("CLM-W-2.jwt").is_file());
    let sys = std::path::Path::new("/sys/kernel");
    if sys.is_dir() && fs::write(sys.join("ptix-probe.jwt"), "x").is_err() {
        let (code, _, err) = batch(input.path(), &["--out-dir", "/sys/kernel"]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("the batch stopped"), "{err}");
    }
}

/// Temporary files a killed run left in --out-dir are removed by the next run; one whose
/// writer still runs is left alone.
#[test]
fn a_resumed_run_removes_what_a_killed_one_left() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tickets");
    std::fs::create_dir_all(&out).unwrap();
    let abandoned = out.join(".CLM-1.jwt.4294967294.0badc0de.tmp");
    // The second name a --force run keeps of a file it replaces.
    let kept = out.join(".CLM-3.jwt.4294967294.0badc0de.old");
    let live = out.join(format!(".CLM-2.jwt.{}.0badc0de.tmp", std::process::id()));
    let unrelated = out.join(".notes.tmp");
    for f in [&abandoned, &kept, &live, &unrelated] {
        std::fs::write(f, "").unwrap();
    }
    let claim = std::fs::read_to_string(path("samples/claims/professional-office-visit.json")).unwrap();
    let line = serde_json::to_string(&json(&claim)).unwrap();
    let input = dir.path().join("claims.ndjson");
    std::fs::write(&input, format!("{line}\n")).unwrap();
    let (code, _, err) = run(ptix()
        .args(["mint", "--batch"])
        .arg(&input)
        .arg("--out-dir")
        .arg(&out)
        .args(demo_signer("2026-09-17T00:00:00Z")));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("removed 2 temporary file"), "{err}");
    assert!(!abandoned.exists() && !kept.exists());
    assert!(live.exists() && unrelated.exists());
}
