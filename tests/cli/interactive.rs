//! `mint --interactive` on a real terminal (tmux): prompts for what is missing, confirms, signs.
//! Skipped where tmux is not installed.

use std::process::Command;
use std::time::Duration;

use crate::support::*;

fn tmux(args: &[&str]) -> String {
    let out = Command::new("tmux")
        .args(args)
        .env("TERM", "xterm-256color")
        .output()
        .expect("tmux runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn interactive_mint_prompts_confirms_and_signs() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("SKIPPED: tmux is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t.jwt");
    let session = format!("ptix-{}", std::process::id());
    let bin = assert_cmd::cargo::cargo_bin("ptix");
    let script = format!(
        "cd {} && {} mint samples/claims/prior-authorization.json --interactive --now 2026-11-05T00:00:00Z > {}; echo done:$? > {}.exit; sleep 5",
        root().display(),
        bin.display(),
        out.display(),
        out.display()
    );
    let started = Command::new("tmux")
        .args([
            "new-session",
            "-d",
            "-s",
            &session,
            "-x",
            "150",
            "-y",
            "40",
            &script,
        ])
        .env("TERM", "xterm-256color")
        .status();
    if !started.is_ok_and(|s| s.success()) {
        eprintln!("SKIPPED: tmux cannot start a session here");
        return;
    }
    let wait_for = |text: &str| {
        for _ in 0..100 {
            if tmux(&["capture-pane", "-p", "-t", &session]).contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!(
            "no prompt {text:?}: {}",
            tmux(&["capture-pane", "-p", "-t", &session])
        );
    };
    wait_for("Issuer");
    tmux(&[
        "send-keys",
        "-t",
        &session,
        "https://fhir.provider.example.org",
        "Enter",
    ]);
    wait_for("Signing key file");
    tmux(&["send-keys", "-t", &session, "keys/demo-issuer.key.pem", "Enter"]);
    wait_for("Lifetime from submission");
    tmux(&["send-keys", "-t", &session, "Enter"]);
    wait_for("Presenter binding");
    tmux(&["send-keys", "-t", &session, "Enter"]);
    wait_for("expiring 60 days after submission");
    tmux(&["send-keys", "-t", &session, "y"]);
    let exit_file = format!("{}.exit", out.display());
    for _ in 0..100 {
        if std::path::Path::new(&exit_file).exists() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    tmux(&["kill-session", "-t", &session]);
    assert_eq!(
        std::fs::read_to_string(&exit_file).unwrap_or_default().trim(),
        "done:0"
    );
    let token = std::fs::read_to_string(&out).unwrap();
    let payload = independent_verify(token.trim(), &path("keys/demo-issuer.jwk.json"));
    assert_eq!(payload["iss"], "https://fhir.provider.example.org");
}
