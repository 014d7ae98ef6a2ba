//! `ptix keygen`: flags and rendering; the work is in `ops::keygen`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use super::shared::{read_keys, PassphraseArgs};
use super::{Outcome, Ui};
use crate::keys::generate::PBKDF2_ITERATIONS;
use crate::ops::keygen::{self, KeygenRequest};

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  ptix keygen --out keys/issuer
  ptix keygen --out keys/issuer-2026 --encrypt --passphrase-file ~/.ptix-pass \\
      --jwks keys/issuer.jwks.json
  ptix keygen --show keys/issuer.key.pem")]
pub struct KeygenArgs {
    /// Write PREFIX.key.pem (PKCS#8, mode 0600), PREFIX.pub.pem (SPKI), PREFIX.jwk.json and
    /// PREFIX.jwks.json.
    #[arg(
        long,
        value_name = "PREFIX",
        required_unless_present = "show",
        conflicts_with = "show"
    )]
    pub out: Option<PathBuf>,
    /// Key id to publish; default: the key's RFC 7638 thumbprint.
    // Thumbprints are base64url: one in 64 starts with '-'.
    #[arg(long, value_name = "KID", allow_hyphen_values = true, conflicts_with = "show")]
    pub kid: Option<String>,
    /// Encrypt the private key (PBES2: PBKDF2-SHA256, 600,000 iterations, AES-256-CBC) with a
    /// passphrase from --passphrase-file, --passphrase-env or a terminal prompt.
    #[arg(long, conflicts_with = "show")]
    pub encrypt: bool,
    /// Append the public key to this existing JWK Set (key rotation) instead of writing
    /// PREFIX.jwks.json; a duplicate kid is refused.
    #[arg(long, value_name = "PATH", conflicts_with = "show")]
    pub jwks: Option<PathBuf>,
    /// Overwrite existing files.
    #[arg(long, conflicts_with = "show")]
    pub force: bool,
    /// Show the kid, thumbprint, curve and public JWK of any key file ptix can read.
    #[arg(long, value_name = "KEYFILE", allow_hyphen_values = true)]
    pub show: Option<PathBuf>,
    #[command(flatten)]
    pub output: super::shared::OutputArgs,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
}

/// PBKDF2 iterations for `--encrypt`. Debug builds (the test suite) may lower the count with
/// `PTIX_TEST_PBKDF2_ITERATIONS`; a release binary has no way to weaken it.
fn pbkdf2_iterations() -> u32 {
    #[cfg(debug_assertions)]
    if let Some(n) = std::env::var("PTIX_TEST_PBKDF2_ITERATIONS")
        .ok()
        .and_then(|s| s.parse::<u32>().ok())
    {
        return n.max(1);
    }
    PBKDF2_ITERATIONS
}

pub fn run(args: KeygenArgs, ui: &mut Ui) -> anyhow::Result<Outcome> {
    super::shared::stdin_once(
        args.show
            .iter()
            .map(|p| ("--show", p.as_os_str()))
            .chain(args.passphrase.named()),
    )?;
    if args.jwks.as_ref().is_some_and(|j| j.as_os_str() == "-") {
        anyhow::bail!(
            "--jwks names the JWK Set file to add the key to (it is updated in place), so it cannot be stdin"
        );
    }
    if let Some(path) = &args.show {
        return show(path, &args, ui);
    }
    let Some(prefix) = args.out.clone() else {
        anyhow::bail!("give --out PREFIX (or --show KEYFILE)");
    };
    // `--out keys/` would write hidden files named `.key.pem`, `.pub.pem`, ...
    if prefix.as_os_str().to_string_lossy().ends_with('/') || prefix.is_dir() {
        anyhow::bail!(
            "--out {} is a directory; give a file name prefix in it, e.g. --out {}",
            prefix.display(),
            prefix.join("issuer").display()
        );
    }
    let encrypt = if args.encrypt {
        Some(args.passphrase.source().context(
            "--encrypt needs a passphrase: give --passphrase-file FILE or --passphrase-env VAR (no terminal to prompt on); nothing was written",
        )?)
    } else {
        if args.passphrase.passphrase_file.is_some() || args.passphrase.passphrase_env.is_some() {
            anyhow::bail!(
                "a passphrase source was given without --encrypt; add --encrypt to protect the key"
            );
        }
        None
    };
    let report = keygen::generate(&KeygenRequest {
        prefix,
        kid: args.kid.clone(),
        encrypt,
        append_jwks: args.jwks.clone(),
        force: args.force,
        iterations: pbkdf2_iterations(),
    })?;
    // Said in every output mode (on stderr): without it, tickets minted with this key name
    // another kid than the JWK Set publishes.
    let kid_reminder = || {
        if args.kid.is_some() {
            ui.note(format_args!(
                "note: the PEM files carry no kid: mint with --kid {} (or PTIX_KID) so tickets name the key as the JWK Set publishes it",
                shell_word(&report.kid)
            ));
        }
    };
    if args.output.is_json() {
        // The summary is the JSON on stdout: not said again on stderr.
        ui.print_json(&report)?;
        kid_reminder();
        return Ok(Outcome::Success);
    }
    let enc = if report.encrypted {
        "encrypted PKCS#8"
    } else {
        "PKCS#8, not encrypted"
    };
    ui.note(format_args!(
        "Generated an ES256 (P-256) key, kid {}\n  private key  {} ({enc}, mode 0600: keep it secret)\n  public key   {}\n  JWK          {}\n  JWK Set      {}",
        report.kid, report.files.private_key, report.files.public_key, report.files.jwk, report.files.jwks
    ));
    kid_reminder();
    Ok(Outcome::Success)
}

/// A value as one shell word, to paste into a command line: as it is when it needs no quoting,
/// else in single quotes.
fn shell_word(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~' | '/' | ':' | '=' | '@' | '+')
        });
    match plain {
        true => s.to_string(),
        false => format!("'{}'", crate::report::printable_line(s).replace('\'', "'\\''")),
    }
}

fn show(path: &std::path::Path, args: &KeygenArgs, ui: &mut Ui) -> anyhow::Result<Outcome> {
    // `-`: stdin, as for every file ptix reads.
    let loaded = read_keys(path, args.passphrase.source().as_ref())?;
    let described = keygen::describe(&loaded);
    if args.output.is_json() {
        ui.print_json(&serde_json::json!({ "keys": described }))?;
        return Ok(Outcome::Success);
    }
    let mut out = super::shared::Named(ui.stdout());
    for (i, d) in described.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let kind = if d.private { "private" } else { "public" };
        writeln!(out, "source      {}", crate::report::printable_line(&d.source))?;
        writeln!(out, "format      {} ({kind})", d.format)?;
        let does = match (d.private, &d.refused_by_its_members) {
            (_, Some(_)) => "refused by its own members (below)".to_string(),
            (true, None) => format!("signs and verifies {}", d.alg),
            (false, None) => format!("verifies {}", d.alg),
        };
        writeln!(out, "type        {}, {does}", d.key_type)?;
        match (&d.kid, d.kid_is_thumbprint) {
            (Some(kid), Some(true)) => writeln!(out, "kid         {kid} (= thumbprint)")?,
            (Some(kid), _) => writeln!(
                out,
                "kid         {} (not the thumbprint)",
                crate::report::printable_line(kid)
            )?,
            (None, _) => writeln!(out, "kid         none in the file; ptix uses the thumbprint")?,
        }
        writeln!(out, "thumbprint  {}", d.thumbprint)?;
        if let Some(why) = &d.refused_by_its_members {
            writeln!(
                out,
                "refused     the file's {}, so ptix will not use this key (to sign with a private key, to verify with a public one)",
                crate::report::printable_line(why)
            )?;
        }
        writeln!(
            out,
            "jwk         {}",
            crate::report::printable_line(&d.jwk.to_string())
        )?;
    }
    Ok(Outcome::Success)
}
