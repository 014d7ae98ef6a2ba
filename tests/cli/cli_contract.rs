//! The contracts every subcommand shares: exit codes, streams, help.

use crate::support::*;

/// Every subcommand.
const SUBCOMMANDS: [&str; 8] = [
    "keygen",
    "mint",
    "inspect",
    "verify",
    "lint",
    "release",
    "completions",
    "man",
];

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

/// Run ptix with its stdout closed before it writes (as `| head -c0` does): exit code and
/// stderr.
fn with_closed_stdout(args: &[&str]) -> (Option<i32>, String) {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("ptix"))
        .args(args)
        .current_dir(path("."))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn closed_stdout_ends_quietly() {
    // `ptix man | head -c0`: the pipe closes while ptix writes; no panic, no error text.
    let (code, err) = with_closed_stdout(&["man"]);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(code, Some(0), "{err}");
}

/// Output that cannot be written (a full disk: `/dev/full`) is an error naming standard output,
/// for every command that writes one.
#[test]
fn a_failed_write_names_standard_output() {
    if !std::path::Path::new("/dev/full").exists() {
        return;
    }
    let claim = "samples/claims/professional-office-visit.json";
    for args in [
        &["inspect", TICKET][..],
        &[
            "verify",
            TICKET,
            "--jwks",
            "keys/demo-issuer.jwks.json",
            "--now",
            NOW,
        ],
        &["lint", "samples/tickets/valid", "--now", NOW],
        &["completions", "bash"],
        &["man"],
        &["keygen", "--show", "keys/demo-issuer.key.pem"],
        &[
            "mint",
            claim,
            "--key",
            "keys/demo-issuer.key.pem",
            "--issuer",
            "https://fhir.provider.example.org",
            "--now",
            NOW,
        ],
    ] {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("ptix"))
            .args(args)
            .current_dir(path("."))
            .stdout(full)
            .output()
            .unwrap();
        let (code, err) = (out.status.code(), String::from_utf8_lossy(&out.stderr));
        assert_eq!(code, Some(2), "{args:?}: {err}");
        assert!(
            err.contains("cannot write to standard output: No space left on device"),
            "{args:?}: {err}"
        );
    }
}

/// A reader that goes away does not turn a failing verdict into exit 0 (a CI job with
/// `pipefail` piping `ptix lint` into `head` must still fail).
#[test]
fn closed_stdout_keeps_the_verdict() {
    let keys = [
        "--jwks",
        "keys/demo-issuer.jwks.json",
        "--now",
        "2026-07-01T00:00:00Z",
    ];
    for input in [
        vec!["lint", "samples/tickets/invalid"],
        vec!["verify", "samples/tickets/invalid/jwt.crit"],
        vec!["verify", "samples/tickets/invalid/jwt.crit/crit-extension.jwt"],
    ] {
        let args: Vec<&str> = match input[0] {
            "verify" => input.iter().chain(&keys).copied().collect(),
            _ => input,
        };
        let (code, err) = with_closed_stdout(&args);
        assert!(
            !err.contains("panicked") && !err.contains("Broken pipe"),
            "{args:?}: {err}"
        );
        assert_eq!(code, Some(1), "{args:?}: {err}");
    }
}

#[test]
fn every_subcommand_help_ends_with_examples() {
    use clap::CommandFactory;
    for sub in ptix::cli::Cli::command().get_subcommands() {
        let name = sub.get_name().to_string();
        if name == "help" {
            continue;
        }
        let (code, out, _) = run(ptix().args([name.as_str(), "--help"]));
        assert_eq!(code, 0, "{name}");
        // Each subcommand's flags are built only when it runs (`cli::Deferred`); its help still
        // opens with its own description, the one `ptix --help` lists.
        let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
        assert!(
            !about.is_empty() && out.starts_with(&about),
            "{name}: {about:?}\n{out}"
        );
        let tail = out.rsplit("Examples:").next().unwrap_or_default();
        let examples = tail
            .lines()
            .filter(|l| l.trim_start().starts_with("ptix ") || l.contains("| ptix "))
            .count();
        assert!(
            out.contains("Examples:") && (2..=4).contains(&examples),
            "{name} --help ends with 2-3 examples:\n{out}"
        );
    }
}

#[test]
fn shipped_completions_are_current() {
    for (shell, file) in [
        ("bash", "ptix.bash"),
        ("zsh", "_ptix"),
        ("fish", "ptix.fish"),
        ("powershell", "_ptix.ps1"),
        ("elvish", "ptix.elv"),
    ] {
        let (code, out, _) = run(ptix().args(["completions", shell]));
        assert_eq!(code, 0);
        assert!(
            out.contains("keygen") && out.contains("--passphrase-file"),
            "{shell}"
        );
        let committed = path(&format!("completions/{file}"));
        if std::env::var("PTIX_BLESS").as_deref() == Ok("1") {
            std::fs::write(&committed, &out).unwrap();
            continue;
        }
        let have = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(
            have == out,
            "completions/{file} is stale: run PTIX_BLESS=1 cargo test shipped_completions"
        );
    }
}

#[test]
fn man_page_renders() {
    let (code, out, _) = run(ptix().arg("man"));
    assert_eq!(code, 0);
    assert!(
        out.starts_with(".ie") || out.contains(".TH ptix"),
        "{}",
        &out[..200.min(out.len())]
    );
    assert!(out.contains("keygen") && out.contains("verify"));
    assert!(!out.contains("ptix\\-help(1)"), "no page is written for `help`");

    // A subcommand's page has that subcommand's options (the top page only names it).
    let (code, page, _) = run(ptix().args(["man", "verify"]));
    assert_eq!(code, 0);
    assert!(
        page.contains(".TH ptix-verify") && page.contains("\\-\\-jwks"),
        "{page}"
    );

    // --dir writes the page of every subcommand the top page refers to.
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(ptix().args(["man", "--dir"]).arg(dir.path()));
    assert_eq!(code, 0, "{err}");
    for sub in SUBCOMMANDS {
        assert!(out.contains(&format!("ptix\\-{sub}(1)")), "{sub} not referred to");
        let text = std::fs::read_to_string(dir.path().join(format!("ptix-{sub}.1"))).unwrap();
        assert!(text.contains(&format!(".TH ptix-{sub}")), "{sub}: {text}");
    }
    assert!(dir.path().join("ptix.1").is_file());
}

#[test]
fn json_is_also_format_json() {
    let ex = "samples/tickets/valid/spec-example-pca.jwt";
    let now = "--now=2026-07-01T00:00:00Z";
    for args in [
        vec!["inspect", ex, now],
        vec!["verify", ex, now, "--key", "keys/spec-example-issuer.jwk.json"],
        vec!["keygen", "--show", "keys/demo-issuer.jwk.json"],
    ] {
        let with_json = run(ptix().args(&args).arg("--json"));
        let with_format = run(ptix().args(&args).args(["--format", "json"]));
        assert_eq!(json(&with_json.1), json(&with_format.1), "{args:?}");
    }
}

/// A bad PTIX_NOW is named as the environment variable it came from.
#[test]
fn a_bad_ptix_now_is_named() {
    let (code, _, err) = run(ptix()
        .args(["inspect", "samples/tickets/valid/spec-example-pca.jwt"])
        .current_dir(path("."))
        .env("PTIX_NOW", "garbage"));
    assert_eq!(code, 2);
    assert!(err.contains("PTIX_NOW"), "{err}");
}

/// Usage errors the contract review found: each exit 2 with a message, nothing written.
#[test]
fn more_usage_errors_are_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap().to_string();
    for (args, says) in [
        (
            vec!["verify", "-", "-", "--jwks", "keys/demo-issuer.jwks.json"],
            "only once",
        ),
        (vec!["lint", "-", "-"], "only once"),
        (vec!["keygen", "--out", &format!("{d}/")], "is a directory"),
        (
            [
                "mint",
                "samples/claims/professional-office-visit.json",
                "--out-dir",
                &d,
            ]
            .into_iter()
            .chain(demo_signer("2026-09-17T00:00:00Z"))
            .collect(),
            "--out-dir is for --batch",
        ),
    ] {
        let (code, out, err) = run(ptix().args(&args).current_dir(path(".")).write_stdin(""));
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

const TICKET: &str = "samples/tickets/valid/professional-office-visit.jwt";
const NOW: &str = "2026-11-05T00:00:00Z";

/// `-` reads stdin for every input that takes a file (keys, key sets, data), once a run.
#[test]
fn every_file_input_takes_stdin_once() {
    let jwks = std::fs::read(path("keys/demo-issuer.jwks.json")).unwrap();
    let (code, out, err) = run(ptix()
        .args(["verify", TICKET, "--jwks", "-", "--now", NOW])
        .write_stdin(jwks.clone()));
    assert_eq!(code, 0, "{out}{err}");
    let pem = std::fs::read(path("keys/demo-issuer.key.pem")).unwrap();
    let (code, out, err) = run(ptix()
        .args(["lint", TICKET, "--key", "-", "--now", NOW])
        .write_stdin(pem.clone()));
    assert_eq!(code, 0, "{out}{err}");
    let bundle = std::fs::read(path("samples/records/okafor-bundle.json")).unwrap();
    let (code, out, err) = run(ptix()
        .args([
            "release",
            "samples/tickets/release/one-encounter.jwt",
            "--data",
            "-",
        ])
        .args([
            "--jwks",
            "keys/demo-issuer.jwks.json",
            "--now",
            "2026-10-01T00:00:00Z",
            "--json",
        ])
        .write_stdin(bundle));
    assert_eq!(code, 0, "{err}");
    assert!(
        json(&out)["decisions"].as_array().is_some_and(|d| !d.is_empty()),
        "{out}"
    );
    // Twice: refused before anything is read, naming both.
    let token = std::fs::read(path(TICKET)).unwrap();
    let (code, out, err) = run(ptix()
        .args(["verify", "-", "--jwks", "-", "--now", NOW])
        .write_stdin(token.clone()));
    assert_eq!(code, 2, "{out}");
    assert!(
        err.contains("given for INPUT and --jwks, but stdin can be read only once"),
        "{err}"
    );
    // `-` that is no file input is not stdin: `--out -` is stdout, `--jti -` a value.
    let claim = std::fs::read(path("samples/claims/professional-office-visit.json")).unwrap();
    let (code, out, err) = run(ptix()
        .args([
            "mint",
            "-",
            "--out",
            "-",
            "--jti",
            "-",
            "--key",
            "keys/demo-issuer.key.pem",
        ])
        .args([
            "--issuer",
            "https://fhir.provider.example.org",
            "--now",
            "2026-09-17T00:00:00Z",
        ])
        .write_stdin(claim));
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim().split('.').count(), 3, "{out}");
    // One passphrase on stdin unlocks every key that needs it.
    let dir = tempfile::tempdir().unwrap();
    let pass = dir.path().join("pass");
    std::fs::write(&pass, "two keys\n").unwrap();
    for name in ["e1", "e2"] {
        let (code, _, err) = run(ptix()
            .args(["keygen", "-q", "--encrypt", "--passphrase-file"])
            .arg(&pass)
            .arg("--out")
            .arg(dir.path().join(name)));
        assert_eq!(code, 0, "{err}");
    }
    let (code, out, err) = run(ptix()
        .args([
            "verify",
            TICKET,
            "--now",
            NOW,
            "--jwks",
            "keys/demo-issuer.jwks.json",
            "--key",
        ])
        .arg(dir.path().join("e1.key.pem"))
        .arg("--key")
        .arg(dir.path().join("e2.key.pem"))
        .args(["--passphrase-file", "-"])
        .write_stdin("two keys\n"));
    assert_eq!(code, 0, "{out}{err}");
    // An update in place cannot come from stdin.
    let (code, _, err) = run(ptix()
        .args(["keygen", "--jwks", "-", "--out"])
        .arg(dir.path().join("n"))
        .write_stdin("{\"keys\":[]}"));
    assert_eq!(code, 2);
    assert!(err.contains("cannot be stdin"), "{err}");
}

/// A key given where its file name belongs (`--key "$(cat key.pem)"`, PTIX_KEY holding the
/// PEM) is never printed back.
#[test]
fn key_material_given_as_a_path_is_not_echoed() {
    let pem = std::fs::read_to_string(path("keys/demo-issuer.key.pem")).unwrap();
    let body_line = pem.lines().nth(1).unwrap().to_string();
    let claim = path("samples/claims/professional-office-visit.json");
    let flag = run(ptix().arg("mint").arg(&claim).args([
        "--issuer",
        "https://fhir.provider.example.org",
        "--key",
        &pem,
    ]));
    let env = run(ptix()
        .arg("mint")
        .arg(&claim)
        .args(["--issuer", "https://fhir.provider.example.org"])
        .env("PTIX_KEY", &pem));
    let jwk = std::fs::read_to_string(path("keys/demo-issuer.jwk.json")).unwrap();
    let show = run(ptix().args(["keygen", "--show", &jwk]));
    for (code, out, err) in [flag, env, show] {
        assert_eq!(code, 2, "{err}");
        assert!(out.is_empty());
        assert!(
            !err.contains("BEGIN PRIVATE KEY") && !err.contains(&body_line) && !err.contains("\"x\""),
            "{err}"
        );
        assert!(err.contains("not a file name"), "{err}");
    }
}

/// `--out` to this process's stdout (`-`, `/dev/stdout`, a link to it) writes there; any other
/// link is replaced, not followed.
#[test]
fn out_writes_through_stdout_and_links() {
    let dir = tempfile::tempdir().unwrap();
    let mint = |out: &std::path::Path| {
        run(mint_demo(
            "samples/claims/professional-office-visit.json",
            "2026-09-17T00:00:00Z",
        )
        .args(["-q", "--force", "--out"])
        .arg(out))
    };
    for out in ["-", "/dev/stdout"] {
        let (code, token, err) = mint(std::path::Path::new(out));
        assert_eq!(code, 0, "{err}");
        assert_eq!(token.trim().split('.').count(), 3, "{out}: {token}");
    }
    assert!(!std::path::Path::new("-").exists(), "no file named -");
    let real = dir.path().join("real.jwt");
    std::fs::write(&real, "old").unwrap();
    let link = dir.path().join("link.jwt");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let (code, _, err) = mint(&link);
    assert_eq!(code, 0, "{err}");
    assert!(!is_symlink(&link));
    assert_eq!(std::fs::read_to_string(&link).unwrap().split('.').count(), 3);
    assert_eq!(
        std::fs::read_to_string(&real).unwrap(),
        "old",
        "the link's target is untouched"
    );
    let to_stdout = dir.path().join("to-stdout");
    std::os::unix::fs::symlink("/proc/self/fd/1", &to_stdout).unwrap();
    let (code, token, err) = mint(&to_stdout);
    assert_eq!(code, 0, "{err}");
    assert_eq!(token.trim().split('.').count(), 3, "{token}");
    assert!(is_symlink(&to_stdout));
}

/// A link planted where a key goes is replaced, never followed, even to a FIFO or a device
/// (`/dev/full` here). (That a device that fails leaves the files as they were is the io
/// module's own test: a device target is no link.)
#[test]
fn keys_are_never_written_through_a_planted_link() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("reader.fifo");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let prefix = dir.path().join("v");
    std::os::unix::fs::symlink(&fifo, dir.path().join("v.key.pem")).unwrap();
    let (code, _, err) = run(ptix().args(["keygen", "-q", "--force", "--out"]).arg(&prefix));
    assert_eq!(code, 0, "{err}");
    let key = dir.path().join("v.key.pem");
    let meta = std::fs::symlink_metadata(&key).unwrap();
    assert!(meta.is_file(), "the link was replaced by the key file");
    assert_eq!(mode(&key), 0o600);
    let before = std::fs::read(&key).unwrap();
    std::fs::remove_file(dir.path().join("v.pub.pem")).unwrap();
    std::os::unix::fs::symlink("/dev/full", dir.path().join("v.pub.pem")).unwrap();
    let (code, _, _) = run(ptix().args(["keygen", "-q", "--force", "--out"]).arg(&prefix));
    // The link to /dev/full is replaced too (not followed): the run succeeds.
    assert_eq!(code, 0);
    assert_ne!(std::fs::read(&key).unwrap(), before);
    assert!(!is_symlink(dir.path().join("v.pub.pem")) && dir.path().join("v.pub.pem").is_file());
}

/// `keygen --force` replaces a key pair all or nothing: when one file cannot be replaced (an
/// immutable one here; skipped where `chattr` cannot set it), the others keep the old key.
#[test]
fn keygen_force_is_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("p9");
    let keygen = || run(ptix().args(["keygen", "--force", "--out"]).arg(&prefix));
    assert_eq!(keygen().0, 0);
    let files: Vec<_> = [".key.pem", ".pub.pem", ".jwk.json", ".jwks.json"]
        .iter()
        .map(|s| dir.path().join(format!("p9{s}")))
        .collect();
    let before: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    let jwks = &files[3];
    let immutable = std::process::Command::new("chattr").arg("+i").arg(jwks).status();
    if !immutable.is_ok_and(|s| s.success()) {
        return;
    }
    let (code, _, err) = keygen();
    let _ = std::process::Command::new("chattr").arg("-i").arg(jwks).status();
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("p9.jwks.json"), "{err}");
    for (f, old) in files.iter().zip(&before) {
        assert_eq!(&std::fs::read(f).unwrap(), old, "{} was replaced", f.display());
    }
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 4, "nothing left behind: {names:?}");
}

/// Output formats keep to what they are for: rule listings are text or JSON, `--explain` has
/// a JSON form and takes no inputs; a batch's --out-dir must be a directory; with no verdict,
/// verify's JSON still has every member of its schema.
#[test]
fn formats_and_targets_are_what_they_say() {
    let (code, out, _) = run(ptix().args(["lint", "--explain", "pca.exp_window", "--json"]));
    assert_eq!(code, 0);
    assert_eq!(json(&out)["id"], "pca.exp_window");
    for format in ["sarif", "junit", "github"] {
        let (code, out, err) = run(ptix().args(["lint", "--list-rules", "--format", format]));
        assert_eq!(code, 2, "{format}: {out}");
        assert!(err.contains("text or JSON"), "{err}");
    }
    assert_eq!(
        run(ptix().args(["lint", "--explain", "pca.exp_window", TICKET])).0,
        2
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f");
    std::fs::write(&file, "x").unwrap();
    let (code, _, err) = run(ptix()
        .args([
            "mint",
            "--batch",
            "/dev/null",
            "--key",
            "keys/demo-issuer.key.pem",
        ])
        .args(["--issuer", "https://fhir.provider.example.org", "--out-dir"])
        .arg(&file));
    assert_eq!(code, 2);
    assert!(err.contains("is not a directory"), "{err}");
    let (code, out, _) = run(ptix().args(["verify", TICKET, "--json"]));
    assert_eq!(code, 2);
    let v = json(&out);
    for member in ["valid", "no_verdict", "checks", "findings", "header", "payload"] {
        assert!(v.get(member).is_some(), "{member}: {v}");
    }
}

/// Examples in `--help` are never wrapped (clap wraps at 100 columns): a long one continues on
/// a line of its own after a backslash, so each pastes as it is.
#[test]
fn help_examples_paste_as_they_are() {
    for cmd in SUBCOMMANDS {
        let (_, out, _) = run(ptix().args([cmd, "--help"]).env("COLUMNS", "250"));
        let examples = out
            .split("Examples:")
            .nth(1)
            .unwrap_or_else(|| panic!("{cmd}: {out}"));
        for line in examples.lines() {
            assert!(line.chars().count() < 100, "{cmd}: {line}");
        }
        let mut continued = false;
        for line in examples.lines().filter(|l| !l.trim().is_empty()) {
            match continued {
                true => assert!(
                    line.starts_with("      "),
                    "{cmd}: a continuation is indented: {line}"
                ),
                false => assert!(line.starts_with("  ") && line.contains("ptix "), "{cmd}: {line}"),
            }
            continued = line.ends_with('\\');
        }
    }
}

/// Release's notes are messages (stderr, silenced by -q) in the table too; `man --dir` makes
/// the directory it is given; inspect says when it was given a payload rather than a token.
#[test]
fn messages_and_targets_as_a_newcomer_meets_them() {
    let (code, out, err) = run(ptix().args([
        "release",
        "samples/tickets/release/withhold-eth.jwt",
        "--data",
        "samples/records/okafor-bundle.json",
        "--jwks",
        "keys/demo-issuer.jwks.json",
        "--now",
        "2026-10-01T00:00:00Z",
        "--format",
        "table",
    ]));
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("note:") && err.contains("note:"), "{out}");
    let dir = tempfile::tempdir().unwrap();
    let man = dir.path().join("share/man/man1");
    let (code, _, err) = run(ptix().args(["man", "--dir"]).arg(&man));
    assert_eq!(code, 0, "{err}");
    assert!(man.join("ptix-mint.1").is_file());
    let (code, _, err) = run(ptix().args(["inspect", "samples/tickets/valid/base-payload.json"]));
    assert_eq!(code, 1);
    assert!(
        err.contains("is JSON, not a token") && err.contains("ptix lint"),
        "{err}"
    );
}
