//! `ptix mint`: flags, key and passphrase handling, rendering; the mapping is in
//! `ticket::claim` and `ticket::build`, the signing in `ops::mint`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};

use super::shared::{parse_leeway, read_key_bytes, read_one_public_key, NowArgs, PassphraseArgs};
use super::{Outcome, Ui};
use crate::keys::{self, SigningKey};
use crate::ops::mint::{MintError, Minter};
use crate::rules::Severity;
use crate::ticket::build::{self, Binding, MintOptions, V3_ACT_CODE};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FrameworkType {
    Udap,
    WellKnown,
    Oidf,
}

impl FrameworkType {
    fn as_str(self) -> &'static str {
        match self {
            FrameworkType::Udap => "udap",
            FrameworkType::WellKnown => "well-known",
            FrameworkType::Oidf => "oidf",
        }
    }
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  ptix mint samples/claims/professional-office-visit.json --key keys/demo-issuer.key.pem \\
      --issuer https://fhir.provider.example.org --now 2026-09-17T00:00:00Z
  ptix mint samples/claims/bundle-separate-entries.json --key keys/demo-issuer.key.pem \\
      --now 2026-10-24T00:00:00Z --out ticket.jwt
  ptix mint claim.json --payload-only --issuer https://fhir.provider.example.org | jq .access
  ptix mint --batch claims.ndjson --key keys/issuer.key.pem --out-dir tickets/ \\
      --skip-existing")]
#[command(group(clap::ArgGroup::new("destination").args(["out", "out_dir"]).multiple(true)))]
pub struct MintArgs {
    /// A FHIR R4 Claim (contained resources allowed) or a Bundle holding the Claim and what it
    /// references; `-` reads stdin.
    #[arg(
        value_name = "CLAIM|-",
        required_unless_present = "batch",
        conflicts_with = "batch"
    )]
    pub input: Option<String>,
    /// Mint one ticket per line of an NDJSON file (`-`: stdin), each line a Claim or Bundle.
    /// Output: NDJSON {"line","claim","jti","exp","ticket"} per line, in input order.
    /// The flags that name one claim's values (--jti, --patient-id, --claim-id, --encounter)
    /// are refused: every line would get them.
    #[arg(long, value_name = "FILE|-", conflicts_with_all = ["payload_only", "interactive", "out", "jti", "patient_id", "claim_id", "encounter"])]
    pub batch: Option<String>,
    /// With --batch: write <claim control number>.jwt files here (atomically) instead of NDJSON.
    #[arg(long, value_name = "DIR", requires = "batch")]
    pub out_dir: Option<PathBuf>,
    /// With --out-dir: skip claims whose file exists (resume an interrupted run).
    #[arg(long, requires = "out_dir", conflicts_with = "force")]
    pub skip_existing: bool,
    /// With --out-dir: replace existing files. With --out: replace a file that is not a ticket.
    #[arg(long, requires = "destination")]
    pub force: bool,
    /// The issuer's signing key (P-256 private key in any format ptix reads).
    #[arg(long, value_name = "FILE", env = "PTIX_KEY", hide_env_values = true, allow_hyphen_values = true, required_unless_present_any = ["payload_only", "interactive"])]
    pub key: Option<PathBuf>,
    /// The header's kid, when the published key is known by another than the key file's own
    /// (a JWK's kid, else the RFC 7638 thumbprint): e.g. the --kid given to `ptix keygen`.
    #[arg(long, value_name = "KID", env = "PTIX_KID", hide_env_values = true)]
    pub kid: Option<String>,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
    /// The provider's FHIR base URL (iss and aud). Default: the FHIR base of the Claim's Bundle
    /// fullUrl, when it is absolute.
    #[arg(long, value_name = "URL", env = "PTIX_ISSUER", hide_env_values = true)]
    pub issuer: Option<String>,
    /// aud, when it differs from the issuer (an http(s) URL is written as the issuer is: scheme
    /// and host in lower case, no trailing slash).
    #[arg(long, value_name = "URL")]
    pub audience: Option<String>,
    /// Ticket lifetime from submission (Claim.created, or now): e.g. 60d, 45d, 75d.
    #[arg(long, value_name = "DURATION", default_value = "60d", value_parser = parse_duration)]
    pub lifetime: i64,
    /// Absolute expiry instead of --lifetime (RFC 3339 or Unix seconds).
    #[arg(long, value_name = "TIME", value_parser = crate::clock::parse_instant, conflicts_with = "lifetime")]
    pub exp: Option<i64>,
    #[command(flatten)]
    pub now: NowArgs,
    /// jti (default: a random UUID).
    #[arg(long, value_name = "ID", allow_hyphen_values = true)]
    pub jti: Option<String>,
    /// The patient's id at the provider (recipient_record = <issuer>/Patient/<ID>), when the
    /// claim's Patient is contained or unnamed: a FHIR id (`Patient/` before it is allowed).
    #[arg(long, value_name = "ID", value_parser = parse_patient_id)]
    pub patient_id: Option<String>,
    /// Leave subject.recipient_record out.
    #[arg(long)]
    pub no_recipient_record: bool,
    /// Payer name (requester), overriding the claim's (its identifiers stay).
    #[arg(long, value_name = "NAME")]
    pub payer_name: Option<String>,
    /// Payer identifier SYSTEM|VALUE (repeatable), e.g. http://hl7.org/fhir/sid/us-npi|1347825907,
    /// replacing the claim's identifiers (its name stays).
    #[arg(long, value_name = "SYSTEM|VALUE", value_parser = parse_pair)]
    pub payer_id: Vec<(String, String)>,
    /// Another encounter to link (repeatable): Encounter/ID or an absolute URL.
    #[arg(long, value_name = "REF")]
    pub encounter: Vec<String>,
    /// Choose the control number from Claim.identifier by system.
    #[arg(long, value_name = "SYSTEM")]
    pub claim_id_system: Option<String>,
    /// The provider's claim control number SYSTEM|VALUE, overriding Claim.identifier.
    #[arg(long, value_name = "SYSTEM|VALUE", value_parser = parse_pair)]
    pub claim_id: Option<(String, String)>,
    /// Bind the presenter to this client key thumbprint (RFC 7638).
    // Thumbprints are base64url: one in 64 starts with '-'.
    #[arg(
        long,
        value_name = "THUMBPRINT",
        group = "binding",
        allow_hyphen_values = true,
        value_parser = parse_jkt
    )]
    pub bind_jkt: Option<String>,
    /// Bind the presenter to this client public key (its thumbprint).
    #[arg(long, value_name = "FILE", group = "binding", allow_hyphen_values = true)]
    pub bind_client_key: Option<PathBuf>,
    /// Bind the presenter through a trust framework (with --framework-type and --entity-uri).
    #[arg(long, value_name = "URI", group = "binding", requires_all = ["framework_type", "entity_uri"])]
    pub bind_framework: Option<String>,
    #[arg(long, value_enum, value_name = "TYPE", requires = "bind_framework")]
    pub framework_type: Option<FrameworkType>,
    #[arg(long, value_name = "URI", requires = "bind_framework")]
    pub entity_uri: Option<String>,
    /// Patient-authorised release of restricted data: a code (v3-ActCode, e.g. HIPAASelfPay) or
    /// SYSTEM|CODE. Repeatable.
    #[arg(long, value_name = "CODE")]
    pub release_authorized: Vec<String>,
    /// Data to withhold (access.sensitivity_withhold): a code (v3-ActCode, e.g. ETH) or
    /// SYSTEM|CODE. Repeatable.
    #[arg(long, value_name = "CODE")]
    pub withhold: Vec<String>,
    /// Add a typ header (the guide's examples carry none).
    #[arg(long, value_name = "TYP")]
    pub typ: Option<String>,
    /// Write the token to FILE instead of stdout: atomically (a temporary file, then renamed
    /// into place), replacing an earlier ticket there (a ticket is no secret); any other file
    /// (a key, a claim) is never replaced without --force.
    #[arg(long, value_name = "FILE", conflicts_with = "payload_only")]
    pub out: Option<PathBuf>,
    /// Print the payload JSON without signing (no key needed).
    #[arg(long)]
    pub payload_only: bool,
    /// Prompt for what is missing (issuer, key, lifetime, binding) and confirm before signing.
    /// Only on a terminal.
    #[arg(long)]
    pub interactive: bool,
    /// Clock skew allowed when checking the payload's times.
    #[arg(long, default_value = "0", value_parser = parse_leeway, value_name = "SECONDS", hide = true)]
    pub leeway: i64,
}

fn parse_duration(s: &str) -> Result<i64, String> {
    crate::clock::parse_duration(s)
}

/// An RFC 7638 SHA-256 thumbprint, as `ptix keygen` prints and `--bind-client-key` computes
/// (the check of lint's `binding.jkt_format`).
fn parse_jkt(s: &str) -> Result<String, String> {
    match crate::rules::binding::jkt_format::problem(s) {
        None => Ok(s.to_string()),
        Some(problem) => Err(format!(
            "{s:?} is not a key thumbprint: it {problem}; give the one `ptix keygen --show KEY` prints, or --bind-client-key FILE"
        )),
    }
}

fn parse_pair(s: &str) -> Result<(String, String), String> {
    match s.split_once('|') {
        Some((a, b)) if !a.is_empty() && !b.is_empty() => Ok((a.to_string(), b.to_string())),
        _ => Err(format!(
            "{s:?}: write SYSTEM|VALUE, e.g. http://hl7.org/fhir/sid/us-npi|1347825907"
        )),
    }
}

fn code(s: &str) -> (String, String) {
    match s.split_once('|') {
        Some((sys, c)) => (sys.to_string(), c.to_string()),
        None => (V3_ACT_CODE.to_string(), s.to_string()),
    }
}

fn load_key(path: &std::path::Path, passphrase: &PassphraseArgs) -> anyhow::Result<SigningKey> {
    let label = crate::io::shown(path);
    let bytes = read_key_bytes(path)?;
    Ok(keys::load::load_signing_key(
        &bytes,
        &label,
        passphrase.source().as_ref(),
    )?)
}

pub fn run(mut args: MintArgs, ui: &mut Ui) -> anyhow::Result<Outcome> {
    super::shared::stdin_once(
        [
            ("CLAIM", args.input.as_deref().map(std::ffi::OsStr::new)),
            ("--batch", args.batch.as_deref().map(std::ffi::OsStr::new)),
            ("--key", args.key.as_deref().map(std::path::Path::as_os_str)),
            (
                "--bind-client-key",
                args.bind_client_key.as_deref().map(std::path::Path::as_os_str),
            ),
        ]
        .into_iter()
        .filter_map(|(name, value)| Some((name, value?)))
        .chain(args.passphrase.named()),
    )?;
    if args.out_dir.is_some() && args.batch.is_none() {
        anyhow::bail!("--out-dir is for --batch; one ticket goes to stdout or to --out FILE");
    }
    if args.interactive {
        interactive(&mut args)?;
    }
    let now = args.now.resolve();
    let issuer = args
        .issuer
        .as_deref()
        .map(build::check_issuer)
        .transpose()
        .map_err(anyhow::Error::msg)?;
    let binding = if let Some(t) = &args.bind_jkt {
        Some(Binding::Jkt(t.clone()))
    } else if let Some(path) = &args.bind_client_key {
        Some(Binding::Jkt(
            read_one_public_key(path, None, "--bind-client-key")?.thumbprint(),
        ))
    } else {
        match (&args.bind_framework, args.framework_type, &args.entity_uri) {
            (Some(f), Some(t), Some(e)) => Some(Binding::Framework {
                trust_framework: f.clone(),
                framework_type: t.as_str().to_string(),
                entity_uri: e.clone(),
            }),
            _ => None,
        }
    };
    // An http(s) audience is written as the issuer is, so the same URL given to both matches.
    let audience = match args.audience.as_deref().map(str::trim) {
        Some(a)
            if ["https://", "http://"]
                .iter()
                .any(|p| a.to_ascii_lowercase().starts_with(p)) =>
        {
            Some(build::check_issuer(a).map_err(|e| anyhow::anyhow!("--audience: {e}"))?)
        }
        other => other.map(str::to_string),
    };
    let options = MintOptions {
        issuer,
        audience,
        lifetime: args.lifetime,
        exp: args.exp,
        jti: args.jti.clone(),
        patient_id: args.patient_id.clone(),
        no_recipient_record: args.no_recipient_record,
        payer_name: args.payer_name.clone(),
        payer_ids: args.payer_id.clone(),
        encounters: args.encounter.clone(),
        claim_id_system: args.claim_id_system.clone(),
        claim_id: args.claim_id.clone(),
        binding,
        release_authorized: args.release_authorized.iter().map(|c| code(c)).collect(),
        withhold: args.withhold.iter().map(|c| code(c)).collect(),
    };
    // Load the key before reading claims, so an unreadable key fails fast (exit 2).
    let key = match (&args.key, args.payload_only) {
        (Some(path), false) => {
            let key = load_key(path, &args.passphrase)?;
            Some(match &args.kid {
                Some(kid) if kid.is_empty() => anyhow::bail!("--kid must not be empty"),
                Some(kid) => key.with_kid(kid.clone()),
                None => key,
            })
        }
        _ => None,
    };
    let minter = Minter {
        key,
        options,
        typ: args.typ.clone(),
        leeway: args.leeway,
    };
    if let Some(batch) = &args.batch {
        return run_batch(&minter, batch, &args, now, ui);
    }
    let input = crate::io::read_input(args.input.as_deref().unwrap_or("-"), 16 << 20, "a claim")?;
    let minted = match minter.mint(&input.bytes, now) {
        Ok(m) => m,
        Err(MintError::Lint(findings)) => {
            for f in &findings {
                ui.finding(f);
            }
            ui.error(&anyhow::anyhow!(
                "{}: the ticket would be invalid; nothing was signed",
                input.label
            ));
            return Ok(Outcome::Failure);
        }
        Err(e @ (MintError::Expired(_) | MintError::Void(_))) => {
            ui.error(&anyhow::anyhow!("{}: {e}; nothing was signed", input.label));
            return Ok(Outcome::Failure);
        }
        // A claim that lacks what a ticket needs: read, judged, and not signed (exit 1, as a
        // batch line that fails so). A flag value that cannot be used is a usage error (exit 2).
        Err(e @ MintError::Missing(_)) if !e.bad_flag() => {
            ui.error(&anyhow::anyhow!("{}: cannot mint: {e}", input.label));
            return Ok(Outcome::Failure);
        }
        Err(e) => return Err(anyhow::Error::new(e).context(format!("{}: cannot mint", input.label))),
    };
    if let Some(base) = &minted.issuer_from_bundle {
        ui.note(format_args!(
            "note: issuer {base} taken from the Bundle's fullUrl (give --issuer to set it)"
        ));
    }
    for f in minted.findings.iter().filter(|f| f.severity <= Severity::Notice) {
        ui.finding(f);
    }
    if args.payload_only {
        ui.print_json(&minted.payload)?;
        return Ok(Outcome::Success);
    }
    let token = minted.token.clone().context("no signing key")?;
    match &args.out {
        Some(path) => {
            // Never over a file this run reads, even with --force (a key, a claim, a
            // passphrase lost).
            let target = path.canonicalize().ok();
            let inputs = [
                args.input.as_deref().map(std::path::Path::new),
                args.key.as_deref(),
                args.passphrase.passphrase_file.as_deref(),
                args.bind_client_key.as_deref(),
            ];
            if let Some(read) = inputs
                .into_iter()
                .flatten()
                .find(|i| target.is_some() && i.canonicalize().ok() == target)
            {
                anyhow::bail!(
                    "--out {} is an input of this run ({}): nothing was written; give another --out",
                    path.display(),
                    read.display()
                );
            }
            // A regular file only: a device or a FIFO (/dev/stdout) is written in place.
            if !args.force && path.is_file() && !holds_a_ticket(path) {
                anyhow::bail!(
                    "{} exists and is not a ticket (a key or a claim, perhaps): nothing was written; give another --out, or --force to replace it",
                    path.display()
                );
            }
            crate::io::write_atomic(path, format!("{token}\n").as_bytes(), 0o644, true)?;
            ui.note(format_args!(
                "wrote {} (jti {})",
                path.display(),
                minted.jti().unwrap_or("-")
            ));
        }
        None => writeln!(super::shared::Named(ui.raw_stdout()), "{token}")?,
    }
    Ok(Outcome::Success)
}

/// A FHIR resource id (1-64 of `A-Z a-z 0-9 - .`), with or without `Patient/` before it.
fn parse_patient_id(s: &str) -> Result<String, String> {
    let id = s.strip_prefix("Patient/").unwrap_or(s);
    let ok = (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.'));
    if ok {
        Ok(s.to_string())
    } else {
        Err(format!(
            "{s:?} is not a FHIR id (1-64 letters, digits, '-' and '.')"
        ))
    }
}

/// Does the file at `path` hold a compact JWS (an earlier ticket `--out` may replace), as ptix
/// reads one (`ticket::extract`: a byte order mark, `Bearer `), or nothing at all (a file from
/// `mktemp`)?
fn holds_a_ticket(path: &std::path::Path) -> bool {
    let Ok(bytes) = crate::io::read_file(path, crate::jose::compact::MAX_TOKEN_BYTES as u64 + 16) else {
        return false;
    };
    let (token, _) = crate::ticket::extract::extract(&String::from_utf8_lossy(&bytes));
    token.is_empty() || crate::io::compact_parts(&token) == Some(3)
}

/// `--batch`: stream NDJSON claims through the minter on every core.
fn run_batch(
    minter: &Minter,
    source: &str,
    args: &MintArgs,
    now: i64,
    ui: &mut Ui,
) -> anyhow::Result<Outcome> {
    use crate::ops::batch::{self, BatchOptions, LineOutcome};
    if let Some(dir) = &args.out_dir {
        if dir.exists() && !dir.is_dir() {
            anyhow::bail!(
                "--out-dir {} is not a directory; give a directory (it is created if missing)",
                dir.display()
            );
        }
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create --out-dir {}", dir.display()))?;
        // A run killed mid-write left temporary files: gone before this one starts.
        let swept = crate::io::sweep_abandoned_temps(dir);
        if swept > 0 {
            ui.note(format_args!(
                "removed {swept} temporary file(s) an interrupted run left in {}",
                dir.display()
            ));
        }
    }
    // Unbuffered: the batch reads large blocks straight into its own buffers.
    let (reader, label, total): (Box<dyn std::io::Read>, String, Option<u64>) = if source == "-" {
        crate::io::take_stdin()?;
        (Box::new(std::io::stdin().lock()), "stdin".into(), None)
    } else {
        if std::path::Path::new(source).is_dir() {
            anyhow::bail!("{source} is a directory: --batch reads one NDJSON file (or - for stdin)");
        }
        let file = std::fs::File::open(source).map_err(|e| crate::io::FileError::Read {
            path: source.into(),
            source: e,
        })?;
        let len = file.metadata().ok().map(|m| m.len());
        (Box::new(file), source.to_string(), len)
    };
    let bar = if std::io::stderr().is_terminal() && !ui.quiet {
        let bar = indicatif::ProgressBar::new(total.unwrap_or(0));
        let style = if total.is_some() {
            indicatif::ProgressStyle::with_template(
                "{bar:40} {percent:>3}% {bytes}/{total_bytes} {elapsed} eta {eta} {msg}",
            )
        } else {
            indicatif::ProgressStyle::with_template("{spinner} {bytes} {elapsed} {msg}")
        };
        if let Ok(style) = style {
            bar.set_style(style);
        }
        Some(bar)
    } else {
        None
    };
    let opts = BatchOptions {
        out_dir: args.out_dir.clone(),
        skip_existing: args.skip_existing,
        force: args.force,
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 16, super::shared::Named(ui.raw_stdout().lock()));
    let summary = batch::run(
        minter,
        reader,
        now,
        &opts,
        |o| {
            match o {
                LineOutcome::Failed { line, error } => {
                    let msg = format!("{label}:{line}: {error}");
                    match &bar {
                        Some(b) => b.println(crate::report::printable(&msg)),
                        None => ui.failure(msg),
                    }
                }
                LineOutcome::Minted { line, warnings, .. } => {
                    for w in warnings {
                        ui.warn(format_args!("{label}:{line}: {w}"));
                    }
                }
                LineOutcome::Skipped { .. } => {}
            }
            if opts.out_dir.is_none() {
                o.write_ndjson(&mut out)?;
            }
            Ok(())
        },
        |bytes| {
            if let Some(b) = &bar {
                b.set_position(bytes);
            }
        },
    )?;
    out.flush()?;
    drop(out);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    ui.note(format_args!(
        "{label}: {} line(s): {} minted, {} skipped, {} failed{}",
        summary.lines,
        summary.minted,
        summary.skipped,
        summary.failed,
        match &args.out_dir {
            Some(d) => format!(" (tickets in {})", d.display()),
            None => String::new(),
        }
    ));
    Ok(if summary.failed > 0 {
        Outcome::Failure
    } else {
        Outcome::Success
    })
}

/// Ask for what is missing, on a terminal only, then confirm.
fn interactive(args: &mut MintArgs) -> anyhow::Result<()> {
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        anyhow::bail!("--interactive needs a terminal; give the values as flags instead");
    }
    let theme = dialoguer::theme::SimpleTheme;
    if args.issuer.is_none() {
        let issuer: String = dialoguer::Input::with_theme(&theme)
            .with_prompt("Issuer (the provider's FHIR base URL)")
            .validate_with(|s: &String| build::check_issuer(s).map(|_| ()))
            .interact_text()?;
        args.issuer = Some(issuer);
    }
    if args.key.is_none() && !args.payload_only {
        let key: String = dialoguer::Input::with_theme(&theme)
            .with_prompt("Signing key file")
            .validate_with(|s: &String| {
                if std::path::Path::new(s).is_file() {
                    Ok(())
                } else {
                    Err(format!("{s}: no such file"))
                }
            })
            .interact_text()?;
        args.key = Some(PathBuf::from(key));
    }
    // --exp decides the expiry: no lifetime to ask for.
    if args.exp.is_none() {
        let lifetime: String = dialoguer::Input::with_theme(&theme)
            .with_prompt("Lifetime from submission")
            .default(format!("{}d", args.lifetime / 86_400))
            .validate_with(|s: &String| crate::clock::parse_duration(s).map(|_| ()))
            .interact_text()?;
        args.lifetime = crate::clock::parse_duration(&lifetime).map_err(anyhow::Error::msg)?;
    }
    if args.bind_jkt.is_none() && args.bind_client_key.is_none() && args.bind_framework.is_none() {
        let choice = dialoguer::Select::with_theme(&theme)
            .with_prompt("Presenter binding")
            .items([
                "none (aud and client authentication)",
                "client key thumbprint (jkt)",
                "trust framework client",
            ])
            .default(0)
            .interact()?;
        match choice {
            1 => {
                let t: String = dialoguer::Input::with_theme(&theme)
                    .with_prompt("Client key thumbprint")
                    .validate_with(|s: &String| parse_jkt(s).map(|_| ()))
                    .interact_text()?;
                args.bind_jkt = Some(t);
            }
            2 => {
                let f: String = dialoguer::Input::with_theme(&theme)
                    .with_prompt("Trust framework URI")
                    .interact_text()?;
                let e: String = dialoguer::Input::with_theme(&theme)
                    .with_prompt("Client entity URI")
                    .interact_text()?;
                let t = dialoguer::Select::with_theme(&theme)
                    .with_prompt("Framework type")
                    .items(["udap", "well-known", "oidf"])
                    .default(0)
                    .interact()?;
                args.bind_framework = Some(f);
                args.entity_uri = Some(e);
                args.framework_type =
                    Some([FrameworkType::Udap, FrameworkType::WellKnown, FrameworkType::Oidf][t]);
            }
            _ => {}
        }
    }
    let ok = dialoguer::Confirm::with_theme(&theme)
        .with_prompt(format!(
            "Sign a ticket {} for {} as {}?",
            match args.exp {
                Some(exp) => format!("expiring {}", crate::clock::display(exp)),
                None => format!(
                    "expiring {} days after submission (Claim.created, or now)",
                    args.lifetime / 86_400
                ),
            },
            args.input.as_deref().unwrap_or("-"),
            args.issuer.as_deref().unwrap_or("?")
        ))
        .default(true)
        .interact()?;
    if !ok {
        anyhow::bail!("not signed: cancelled at the prompt");
    }
    Ok(())
}
