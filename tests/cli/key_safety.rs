//! Key safety and nothing lost: private keys are 0600 from the moment they exist, never
//! printed, never echoed in errors with their passphrase; a write that fails (read-only
//! directory, full disk, file size limit) says so, exits 2 and leaves no partial file.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::*;

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("ptix")
}

/// Run `ptix ARGS` through `sh -c PRELUDE; exec ptix "$@"` (for umask and ulimit).
fn sh(prelude: &str, args: &[&str]) -> (i32, String, String) {
    let script = format!("{prelude}; exec \"$0\" \"$@\"");
    run(assert_cmd::Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(bin())
        .args(args)
        .env("NO_COLOR", "1")
        .current_dir(root()))
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Every 16-character window of a PEM's base64 body: none may appear in any output.
fn pem_fragments(pem: &str) -> Vec<String> {
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    body.as_bytes()
        .chunks(16)
        .filter(|c| c.len() == 16)
        .map(|c| String::from_utf8(c.to_vec()).unwrap())
        .collect()
}

fn assert_no_leak(text: &str, secrets: &[String]) {
    for s in secrets {
        assert!(!text.contains(s.as_str()), "output leaks {s:?}:\n{text}");
    }
}

#[test]
fn private_keys_are_0600_even_under_a_permissive_umask() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap().to_string();
    let pass = dir.path().join("pass.txt");
    fs::write(&pass, "umask test phrase\n").unwrap();
    let p = pass.to_str().unwrap();
    for (prefix, extra) in [
        ("plain", vec![]),
        ("enc", vec!["--encrypt", "--passphrase-file", p]),
        // --force replaces an existing key: the replacement is 0600 too.
        ("plain", vec!["--force"]),
    ] {
        let out = format!("{d}/{prefix}");
        let mut args = vec!["keygen", "-q", "--out", &out];
        args.extend(extra.iter().copied());
        let (code, _, err) = sh("umask 000", &args);
        assert_eq!(code, 0, "{err}");
        assert_eq!(mode(Path::new(&format!("{out}.key.pem"))), 0o600, "{prefix}");
        assert_eq!(mode(Path::new(&format!("{out}.pub.pem"))), 0o644);
        assert_eq!(mode(Path::new(&format!("{out}.jwk.json"))), 0o644);
    }
    // A restrictive umask does not widen or narrow the private key either.
    let out = format!("{d}/strict");
    let (code, _, err) = sh("umask 077", &["keygen", "-q", "--out", &out]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(mode(Path::new(&format!("{out}.key.pem"))), 0o600);
    assert!(files_in(dir.path()).iter().all(|f| !f.ends_with(".tmp")));
}

/// "From the start": the private key's temporary file is created with O_EXCL and mode 0600
/// in the open call itself, so no moment exists when it is readable by others.
#[test]
fn the_private_key_file_is_created_0600_in_the_open_call() {
    // Optional tool, and ptrace may be forbidden (containers): skip rather than fail.
    if std::process::Command::new("strace").arg("-V").output().is_err() {
        eprintln!("SKIPPED: strace is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("traced");
    let trace = dir.path().join("trace.txt");
    let status = std::process::Command::new("strace")
        .args(["-f", "-e", "trace=open,openat,creat", "-o"])
        .arg(&trace)
        .arg(bin())
        .args(["keygen", "-q", "--out"])
        .arg(&prefix)
        .status()
        .unwrap();
    let trace = fs::read_to_string(&trace).unwrap_or_default();
    if !status.success() || !trace.contains("execve") {
        eprintln!("SKIPPED: strace cannot trace here ({status})");
        return;
    }
    let opens: Vec<&str> = trace
        .lines()
        .filter(|l| l.contains("traced.key.pem") && l.contains("O_CREAT"))
        .collect();
    assert_eq!(opens.len(), 1, "{trace}");
    assert!(
        opens[0].contains("O_EXCL") && opens[0].contains(", 0600)") && opens[0].contains(".tmp"),
        "{}",
        opens[0]
    );
}

#[test]
fn private_key_material_is_never_printed() {
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("issuer");
    let (code, out, err) = run(ptix().args(["keygen", "--json", "--out"]).arg(&prefix));
    assert_eq!(code, 0, "{err}");
    let key_path = format!("{}.key.pem", prefix.display());
    let pem = fs::read_to_string(&key_path).unwrap();
    let secrets = pem_fragments(&pem);
    assert_no_leak(&format!("{out}{err}"), &secrets);
    assert!(!out.contains("PRIVATE KEY") && !out.contains("\"d\""), "{out}");
    // --show on the private key describes its public half only.
    for args in [
        vec!["keygen", "--show", &key_path],
        vec!["keygen", "--show", &key_path, "--json"],
    ] {
        let (code, out, err) = run(ptix().args(&args));
        assert_eq!(code, 0, "{err}");
        assert_no_leak(&format!("{out}{err}"), &secrets);
        assert!(!out.contains("\"d\""), "{out}");
    }
    // A private JWK shown: no "d" in what is printed.
    let (code, out, _) = run(ptix().args([
        "keygen",
        "--show",
        "tests/fixtures/keys/python-private.jwk.json",
        "--json",
    ]));
    assert_eq!(code, 0);
    let d = json(&fs::read_to_string(path("tests/fixtures/keys/python-private.jwk.json")).unwrap())["d"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!out.contains(&d) && !out.contains("\"d\""), "{out}");
    // Using the private key to verify (its public half) prints nothing of it either.
    let (code, out, err) = run(ptix().args([
        "verify",
        "samples/tickets/valid/spec-example-pca.jwt",
        "--key",
        &key_path,
    ]));
    assert_eq!(code, 1);
    assert_no_leak(&format!("{out}{err}"), &secrets);
}

/// Errors about an encrypted key never contain the passphrase or the key's PEM body.
/// A private key never goes to a stream, a device or a FIFO, even with --force over a link to
/// this process's stdout or stderr (which tickets may follow) or a FIFO someone reads: it
/// replaces what is there with a 0600 file of its own.
#[test]
fn a_private_key_never_follows_a_path_to_a_stream_or_fifo() {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("/dev/stderr", dir.path().join("e.key.pem")).unwrap();
    std::os::unix::fs::symlink("/proc/self/fd/1", dir.path().join("o.key.pem")).unwrap();
    let fifo = dir.path().join("f.key.pem");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    for prefix in ["e", "o", "f"] {
        let out = dir.path().join(prefix);
        let (code, stdout, stderr) = run(assert_cmd::Command::new(bin())
            .args(["keygen", "--force", "--json", "--out"])
            .arg(&out)
            .timeout(std::time::Duration::from_secs(20)));
        assert_eq!(code, 0, "{prefix}: {stderr}");
        assert!(
            !stdout.contains("PRIVATE KEY") && !stderr.contains("PRIVATE KEY"),
            "{prefix}"
        );
        let key = dir.path().join(format!("{prefix}.key.pem"));
        let meta = fs::symlink_metadata(&key).unwrap();
        assert!(
            meta.is_file() && !meta.file_type().is_fifo(),
            "{prefix}: {meta:?}"
        );
        assert_eq!(meta.permissions().mode() & 0o777, 0o600, "{prefix}");
        assert!(fs::read_to_string(&key).unwrap().contains("PRIVATE KEY"));
    }
}

#[test]
fn key_errors_never_contain_the_passphrase_or_the_pem_body() {
    let dir = tempfile::tempdir().unwrap();
    let right = "correct horse battery staple";
    let wrong = "Tr0ub4dor&3-wrong-phrase";
    let right_file = dir.path().join("right.txt");
    let wrong_file = dir.path().join("wrong.txt");
    fs::write(&right_file, format!("{right}\n")).unwrap();
    fs::write(&wrong_file, format!("{wrong}\n")).unwrap();
    let prefix = dir.path().join("enc");
    let (code, _, err) = run(ptix()
        .args(["keygen", "-q", "--encrypt", "--passphrase-file"])
        .arg(&right_file)
        .arg("--out")
        .arg(&prefix)
        .env("PTIX_TEST_PBKDF2_ITERATIONS", "1000"));
    assert_eq!(code, 0, "{err}");
    let key = PathBuf::from(format!("{}.key.pem", prefix.display()));
    let pem = fs::read_to_string(&key).unwrap();
    let mut secrets = pem_fragments(&pem);
    secrets.extend([right.to_string(), wrong.to_string(), "Tr0ub4dor".to_string()]);

    // Broken copies: a flipped character in the ciphertext, a truncated body, bad base64.
    let lines: Vec<&str> = pem.lines().collect();
    let mut flipped = lines.clone();
    let mid = flipped.len() / 2;
    let flipped_line: String = flipped[mid]
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if i == 10 {
                if c == 'A' {
                    'B'
                } else {
                    'A'
                }
            } else {
                c
            }
        })
        .collect();
    flipped[mid] = &flipped_line;
    let broken = [
        ("flipped.pem", flipped.join("\n") + "\n"),
        (
            "truncated.pem",
            [&lines[..3], &lines[lines.len() - 1..]].concat().join("\n") + "\n",
        ),
        ("badbase64.pem", pem.replacen(&lines[2][..8], "!!!!****", 1)),
        ("noend.pem", lines[..lines.len() - 1].join("\n")),
    ];
    let mut keys = vec![key.clone()];
    for (name, text) in &broken {
        let p = dir.path().join(name);
        fs::write(&p, text).unwrap();
        keys.push(p);
    }
    let claim = "samples/claims/professional-office-visit.json";
    for k in &keys {
        let k = k.to_str().unwrap();
        let pass_file = wrong_file.to_str().unwrap();
        let runs = [
            run(ptix().args(["keygen", "--show", k, "--passphrase-file", pass_file])),
            run(ptix()
                .args(["keygen", "--show", k, "--passphrase-env", "PTIX_PASS_UNDER_TEST"])
                .env("PTIX_PASS_UNDER_TEST", wrong)),
            run(ptix().args([
                "mint",
                claim,
                "--issuer",
                "https://fhir.provider.example.org",
                "--key",
                k,
                "--passphrase-file",
                pass_file,
            ])),
            run(ptix().args([
                "verify",
                "samples/tickets/valid/spec-example-pca.jwt",
                "--key",
                k,
                "--passphrase-file",
                pass_file,
            ])),
            run(ptix().args([
                "lint",
                "samples/tickets/valid/spec-example-pca.jwt",
                "--key",
                k,
                "--passphrase-file",
                pass_file,
            ])),
        ];
        for (code, out, err) in runs {
            assert_eq!(code, 2, "{k}: {out}{err}");
            assert!(err.contains(k), "{k}: the error names the file: {err}");
            assert!(
                !err.contains("panicked") && !err.contains("internal error"),
                "{err}"
            );
            assert_no_leak(&format!("{out}{err}"), &secrets);
        }
    }
    // The wrong passphrase on the intact key is named as such.
    let (_, _, err) = run(ptix().args([
        "keygen",
        "--show",
        key.to_str().unwrap(),
        "--passphrase-file",
        wrong_file.to_str().unwrap(),
    ]));
    assert!(err.contains("wrong passphrase"), "{err}");
}

#[test]
fn encrypt_with_an_unset_passphrase_variable_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(ptix()
        .args([
            "keygen",
            "--encrypt",
            "--passphrase-env",
            "PTIX_NO_SUCH_VARIABLE",
            "--out",
        ])
        .arg(dir.path().join("issuer"))
        .env_remove("PTIX_NO_SUCH_VARIABLE"));
    assert_eq!(code, 2);
    assert!(
        err.contains("PTIX_NO_SUCH_VARIABLE") && err.contains("is not set"),
        "{err}"
    );
    assert!(files_in(dir.path()).is_empty(), "{:?}", files_in(dir.path()));
}

/// A directory this process cannot write to. Root ignores permission bits, so as root a
/// chmod 555 directory is no test; /sys/kernel refuses new files even to root.
fn unwritable_dir() -> Option<(PathBuf, Option<tempfile::TempDir>)> {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o555)).unwrap();
    if fs::write(dir.path().join(".probe"), "x").is_err() {
        return Some((dir.path().to_path_buf(), Some(dir)));
    }
    let _ = fs::remove_file(dir.path().join(".probe"));
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let sys = PathBuf::from("/sys/kernel");
    if sys.is_dir() && fs::write(sys.join(".ptix-probe"), "x").is_err() {
        return Some((sys, None));
    }
    eprintln!("SKIPPED: no unwritable directory available");
    None
}

#[test]
fn writing_into_a_read_only_directory_is_a_clear_error_and_leaves_nothing() {
    let Some((dir, _guard)) = unwritable_dir() else {
        return;
    };
    let before = files_in(&dir);
    let prefix = dir.join("ptix-readonly-test");
    let (code, out, err) = run(ptix().args(["keygen", "--out"]).arg(&prefix));
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("cannot write") && err.contains("ptix-readonly-test.key.pem"),
        "{err}"
    );
    let target = dir.join("ptix-readonly-test.jwt");
    let (code, _, err) = run(mint_demo(
        "samples/claims/professional-office-visit.json",
        "2026-09-20T00:00:00Z",
    )
    .args(["--out"])
    .arg(&target));
    assert_eq!(code, 2);
    assert!(
        err.contains("cannot write") && err.contains("ptix-readonly-test.jwt"),
        "{err}"
    );
    assert_eq!(files_in(&dir), before, "nothing was added to {}", dir.display());
}

/// A full disk: the temporary file is created, the write fails, the temporary file goes. The
/// file size limit (RLIMIT_FSIZE, with SIGXFSZ ignored) makes every write to a regular file
/// fail like a full disk, and applies to root too.
#[test]
fn a_failing_write_leaves_no_partial_or_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap().to_string();
    let limit = "trap '' XFSZ; ulimit -f 0";
    let (code, out, err) = sh(limit, &["keygen", "--out", &format!("{d}/issuer")]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("cannot write") && err.contains("File too large"),
        "{err}"
    );
    assert!(files_in(dir.path()).is_empty(), "{:?}", files_in(dir.path()));
    let (code, _, err) = sh(
        limit,
        &[
            "mint",
            "samples/claims/professional-office-visit.json",
            "--key",
            "keys/demo-issuer.key.pem",
            "--issuer",
            "https://fhir.provider.example.org",
            "--now",
            "2026-09-20T00:00:00Z",
            "--out",
            &format!("{d}/ticket.jwt"),
        ],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("cannot write") && err.contains("ticket.jwt"),
        "{err}"
    );
    assert!(files_in(dir.path()).is_empty(), "{:?}", files_in(dir.path()));
    // A rotation that cannot write the new set keeps the old one intact.
    let (code, _, err) = run(ptix().args(["keygen", "-q", "--out", &format!("{d}/old")]));
    assert_eq!(code, 0, "{err}");
    let set = format!("{d}/old.jwks.json");
    let before = fs::read(&set).unwrap();
    let (code, _, _) = sh(limit, &["keygen", "--out", &format!("{d}/new"), "--jwks", &set]);
    assert_eq!(code, 2);
    assert_eq!(fs::read(&set).unwrap(), before);
    assert!(
        files_in(dir.path()).iter().all(|f| f.starts_with("old.")),
        "{:?}",
        files_in(dir.path())
    );
}

/// Writing to a device (here the full-disk device, /dev/full's numbers) goes to the device
/// itself and fails with ENOSPC; the device node is not replaced by a regular file.
#[test]
fn out_to_a_full_device_fails_cleanly_and_keeps_the_device() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    // Our own node when we may create one (root): a regression cannot touch the real /dev/full.
    let own = dir.path().join("full");
    let made = std::process::Command::new("mknod")
        .arg(&own)
        .args(["c", "1", "7"])
        .status()
        .is_ok_and(|s| s.success());
    let device = if made { own } else { PathBuf::from("/dev/full") };
    if !device.exists() {
        eprintln!("SKIPPED: no full device");
        return;
    }
    let (code, out, err) = run(mint_demo(
        "samples/claims/professional-office-visit.json",
        "2026-09-20T00:00:00Z",
    )
    .args(["--out"])
    .arg(&device));
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("No space left on device"), "{err}");
    assert_eq!(
        err.matches("No space left on device").count(),
        1,
        "said once: {err}"
    );
    assert!(fs::metadata(&device).unwrap().file_type().is_char_device());
    let parent = device.parent().unwrap();
    assert!(
        !files_in(parent)
            .iter()
            .any(|f| f.starts_with(".full.") && f.ends_with(".tmp")),
        "a temporary file was left in {}",
        parent.display()
    );
    // And /dev/stdout works as an --out (the token reaches stdout).
    let (code, out, err) = run(mint_demo(
        "samples/claims/professional-office-visit.json",
        "2026-09-20T00:00:00Z",
    )
    .args(["-q", "--out", "/dev/stdout"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim().matches('.').count(), 2, "{out}");
}
