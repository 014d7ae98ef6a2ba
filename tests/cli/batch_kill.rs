//! Nothing lost: killing `ptix mint --batch FILE --out-dir DIR` at any moment leaves only
//! complete `.jwt` files (each written to a temporary file, then renamed), and a rerun with
//! `--skip-existing` finishes the job without touching what is already there.
//!
//! Interface assumed (issue 6): `ptix mint --batch NDJSON --out-dir DIR [--skip-existing]
//! --key K --issuer URL --now T` writes `<claim control number>.jwt` for each NDJSON line.
//!
//! Not registered in tests/cli/main.rs yet: add `mod batch_kill;` once `mint --batch` exists.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::*;

const NOW: &str = "2026-09-20T00:00:00Z";
const CLAIMS: usize = 600;

fn control_number(i: usize) -> String {
    format!("CLM-KILL-{i:05}")
}

/// NDJSON: the professional office visit claim, once per control number.
fn write_batch(dir: &Path) -> PathBuf {
    let claim =
        json(&std::fs::read_to_string(path("samples/claims/professional-office-visit.json")).unwrap());
    let mut text = String::new();
    for i in 0..CLAIMS {
        let mut c = claim.clone();
        c["id"] = Value::from(format!("kill-{i}"));
        c["identifier"][0]["value"] = Value::from(control_number(i));
        text.push_str(&c.to_string());
        text.push('\n');
    }
    let file = dir.join("claims.ndjson");
    std::fs::write(&file, text).unwrap();
    file
}

fn batch_command(batch: &Path, out_dir: &Path, skip_existing: bool) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("ptix"));
    cmd.args(["mint", "--batch"])
        .arg(batch)
        .arg("--out-dir")
        .arg(out_dir)
        .args(demo_signer(NOW))
        .arg("-q")
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (k, _) in std::env::vars() {
        if k.starts_with("PTIX_") {
            cmd.env_remove(k);
        }
    }
    if skip_existing {
        cmd.arg("--skip-existing");
    }
    cmd
}

/// Every `.jwt` in `dir` is a whole ticket: it parses, its signature verifies with the demo
/// key, and it is the ticket for the control number it is named after. Anything else in the
/// directory may only be a hidden temporary file of an interrupted write. Returns the
/// contents by file name.
fn check_out_dir(dir: &Path) -> BTreeMap<String, String> {
    let demo = std::fs::read(path("keys/demo-issuer.key.pem")).unwrap();
    let key = ptix::keys::load::load_signing_key(&demo, "demo", None).unwrap();
    let mut tickets = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let file = dir.join(&name);
        let Some(stem) = name.strip_suffix(".jwt") else {
            assert!(
                name.starts_with('.') && name.ends_with(".tmp"),
                "{name}: only .jwt files and hidden temporary files belong in the output directory"
            );
            continue;
        };
        let text = std::fs::read_to_string(&file).unwrap();
        let jws = ptix::jose::CompactJws::parse(&text)
            .unwrap_or_else(|e| panic!("{name} is not a complete token ({e}): {text:?}"));
        ptix::jose::alg::verify(
            ptix::jose::Alg::Es256,
            key.public(),
            jws.signing_input().as_bytes(),
            &jws.signature,
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            jws.payload
                .pointer("/access/claim_linkage/claim/identifier/value")
                .and_then(Value::as_str),
            Some(stem),
            "{name} holds another claim's ticket"
        );
        tickets.insert(name, text);
    }
    tickets
}

#[test]
fn killing_a_batch_at_any_moment_leaves_only_complete_tickets_and_a_rerun_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let batch = write_batch(dir.path());
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();

    // Kill at increasing delays: at start-up, mid-way through, and (likely) mid-write.
    let mut seen = BTreeMap::new();
    let mut finished = false;
    for (round, delay_ms) in [5u64, 20, 40, 75, 120, 200, 300, 450, 700, 1000]
        .iter()
        .enumerate()
    {
        let mut child = batch_command(&batch, &out_dir, round > 0).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(*delay_ms));
        if child.try_wait().unwrap().is_some() {
            finished = true;
        } else {
            child.kill().unwrap(); // SIGKILL: no handler, no cleanup
        }
        child.wait().unwrap();
        let now = check_out_dir(&out_dir);
        // A ticket once written is never rewritten or lost by a --skip-existing rerun.
        for (name, text) in &seen {
            assert_eq!(
                now.get(name),
                Some(text),
                "{name} changed or vanished in round {round}"
            );
        }
        seen = now;
        if finished {
            break;
        }
    }
    assert!(
        seen.len() < CLAIMS || finished,
        "the kills never interrupted anything"
    );

    // The rerun finishes the job.
    let started = Instant::now();
    let out = batch_command(&batch, &out_dir, true).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(started.elapsed() < Duration::from_secs(300));
    let all = check_out_dir(&out_dir);
    assert_eq!(all.len(), CLAIMS);
    for i in 0..CLAIMS {
        assert!(
            all.contains_key(&format!("{}.jwt", control_number(i))),
            "{i} missing"
        );
    }
    for (name, text) in &seen {
        assert_eq!(all.get(name), Some(text), "--skip-existing rewrote {name}");
    }
}
