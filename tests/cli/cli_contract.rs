//! The contracts every subcommand shares: exit codes, streams, help.

use crate::support::*;

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    let (code, _, err) = run(ptix().arg("no-such-command"));
    assert_eq!(code, 2, "{err}");
    let (code, out, _) = run(ptix().arg("--help"));
    assert_eq!(code, 0);
    for verb in ["keygen", "mint", "inspect", "verify", "lint", "completions"] {
        assert!(out.contains(verb), "--help lists {verb}:\n{out}");
    }
    let (code, out, _) = run(ptix().arg("--version"));
    assert_eq!(code, 0);
    assert!(out.starts_with("ptix "), "{out}");
}

#[test]
fn help_ends_with_examples_for_every_subcommand() {
    for verb in ["keygen", "completions"] {
        let (code, out, _) = run(ptix().args([verb, "--help"]));
        assert_eq!(code, 0);
        let tail = out.rsplit("Examples:").next().unwrap_or_default();
        assert!(
            out.contains("Examples:") && tail.contains("ptix "),
            "{verb} --help:\n{out}"
        );
    }
}

#[test]
fn closed_stdout_ends_quietly() {
    // `ptix man | head -c0`: the pipe closes while ptix writes; no panic, no error text.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("ptix"))
        .arg("man")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(0), "{err}");
}
