//! `ptix release`: flags, verification and rendering; the rules are in `ops::release`.

use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use comfy_table::{presets, ContentArrangement, Table};
use serde_json::{json, Value};

use super::shared::{parse_leeway, read_token, NowArgs, PassphraseArgs, TrustArgs};
use super::{Outcome, Ui};
use crate::ops::release::{self, Disposition, Refusal, Release};
use crate::ops::verify::{self, Expectations};
use crate::release::data;
use crate::report::printable_line;
use crate::rules::{Artifact, Severity};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReleaseFormat {
    /// Every resource, released or withheld, with the rule and the reason.
    Table,
    /// {"ticket","patient","subject_resolution","linkage","summary","notes","decisions":[{"resource","decision","rule","reason"}]}.
    Json,
    /// A FHIR Bundle (type collection) of the released resources.
    Bundle,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  ptix release samples/tickets/release/one-encounter.jwt \\
      --data samples/records/okafor-bundle.json --jwks keys/demo-issuer.jwks.json \\
      --now 2026-10-01T00:00:00Z
  ptix release samples/tickets/release/self-pay-withheld.jwt --data samples/records/okafor-ndjson \\
      --key keys/demo-issuer.pub.pem --now 2026-10-01T00:00:00Z --format json | jq .summary
  ptix mint claim.json --payload-only --issuer https://fhir.provider.example.org | ptix release - \\
      --data export/ --no-verify --format bundle")]
pub struct ReleaseArgs {
    /// The ticket: a file, `-` for stdin, or the token itself (with --no-verify, a bare payload
    /// JSON object is accepted too).
    #[arg(value_name = "TOKEN|FILE|-")]
    pub input: String,
    /// The provider's FHIR R4 records for the patient: a Bundle, an NDJSON file (one resource
    /// per line, as bulk export writes it), or a directory of either.
    #[arg(long, value_name = "PATH")]
    pub data: PathBuf,
    #[command(flatten)]
    pub trust: TrustArgs,
    /// Do not verify the ticket (signature, times, issuer, audience, profile): compute the
    /// release from what it says. Says so on stderr.
    #[arg(long, conflicts_with_all = ["keys", "jwks", "issuer", "audience"])]
    pub no_verify: bool,
    /// Expected issuer: `iss` must equal it exactly.
    #[arg(long, value_name = "URL")]
    pub issuer: Option<String>,
    /// Expected audience (default: --issuer; the type is self-issued).
    #[arg(long, value_name = "URL")]
    pub audience: Option<String>,
    #[command(flatten)]
    pub now: NowArgs,
    /// Clock skew tolerated for exp, iat and nbf, in seconds (or 2m); none by default.
    #[arg(long, default_value = "0", value_parser = parse_leeway, value_name = "SECONDS")]
    pub leeway: i64,
    /// The ticket's revocation status was checked (ptix does not read status lists): without
    /// this, a ticket that names a revocation list is refused.
    #[arg(long)]
    pub revocation_checked: bool,
    /// Output: table (default on a terminal), json (default otherwise), bundle.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<ReleaseFormat>,
    /// Same as --format json.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
}

pub fn run(args: ReleaseArgs, ui: &mut Ui) -> anyhow::Result<Outcome> {
    super::shared::stdin_once(
        [
            ("TICKET", std::ffi::OsStr::new(&args.input)),
            ("--data", args.data.as_os_str()),
        ]
        .into_iter()
        .chain(args.trust.named())
        .chain(args.passphrase.named()),
    )?;
    if !args.no_verify && args.trust.is_empty() {
        anyhow::bail!(
            "give the issuer's keys: --key FILE or --jwks FILE (e.g. keys/demo-issuer.jwks.json), or --no-verify to compute from an unverified ticket"
        );
    }
    let format = args
        .format
        .or(args.json.then_some(ReleaseFormat::Json))
        .unwrap_or(if ui.stdout_is_terminal() {
            ReleaseFormat::Table
        } else {
            ReleaseFormat::Json
        });
    let (label, token) = read_token(&args.input, ui)?;
    let records = data::load(&args.data)?;
    let now = args.now.resolve();

    let payload = if args.no_verify {
        let style = anstyle::AnsiColor::Red.on_default().bold();
        // Never silenced by --quiet: a release computed from an unverified ticket must say so.
        let _ = writeln!(
            ui.stderr(),
            "{style}warning: --no-verify: NOTHING WAS VERIFIED{style:#}. The signature, issuer, audience, times and profile rules of {label} were not checked; this release is computed from what the ticket says."
        );
        match Artifact::from_text(&token) {
            Artifact::Jws(jws) => jws.payload,
            Artifact::Payload { payload, .. } => payload,
            Artifact::Malformed(e) => {
                return refuse(
                    ui,
                    format,
                    &Refusal::new(
                        "refuse.ticket_invalid",
                        format!("{label}: not a compact JWS or a payload JSON object: {e}"),
                    ),
                )
            }
        }
    } else {
        let ring = args.trust.load(&args.passphrase, ui)?;
        // This type is self-issued: the Data Holder releasing is the issuer, so without
        // --issuer or --audience its base URL is the ticket's own iss, and one aud must be it
        // (a ticket minted for another Data Holder is refused).
        let own_iss = || {
            crate::jose::CompactJws::parse(&token)
                .ok()?
                .payload
                .get("iss")?
                .as_str()
                .map(str::to_string)
        };
        let expect = Expectations {
            issuer: args.issuer.clone(),
            audience: args
                .audience
                .clone()
                .or_else(|| args.issuer.is_none().then(own_iss).flatten()),
            // Its own refusal (`refuse.revocation`) says what to do.
            revocation_checked: true,
            ..Expectations::default()
        };
        let verdict = verify::verify(&token, &ring, &expect, now, args.leeway);
        if !verdict.valid {
            let mut why: Vec<String> = verdict
                .checks
                .iter()
                .filter(|c| !c.ok)
                .map(|c| format!("{}: {}", c.id, c.message))
                .collect();
            why.extend(
                verdict
                    .findings
                    .iter()
                    .filter(|f| f.severity == Severity::Error)
                    .map(|f| format!("{} {}: {}", f.rule, f.pointer, f.message)),
            );
            return refuse(
                ui,
                format,
                &Refusal::new(
                    "refuse.ticket_invalid",
                    format!(
                        "{label} is not a valid ticket (`ptix verify` says why): {}",
                        why.join("; ")
                    ),
                ),
            );
        }
        verdict.payload
    };

    if let Err(refusal) = release::check_revocation(&payload, args.revocation_checked) {
        return refuse(ui, format, &refusal);
    }
    let result = match release::release(&payload, &records, !args.no_verify) {
        Ok(r) => r,
        Err(refusal) => return refuse(ui, format, &refusal),
    };
    // Messages, on stderr whatever the format (-q silences them).
    for note in &result.notes {
        ui.note(format_args!("note: {}", printable_line(note)));
    }
    match format {
        ReleaseFormat::Json => ui.print_json(&result)?,
        ReleaseFormat::Bundle => {
            let bundle = release::bundle(&result, &records, crate::clock::rfc3339(now));
            ui.print_json(&bundle)?;
        }
        ReleaseFormat::Table => {
            let width = if ui.stdout_is_terminal() { None } else { Some(120) };
            ui.write_out(render(&result, &records.source, width).as_bytes())?;
        }
    }
    Ok(Outcome::Success)
}

/// Exit 1 with the reason on stderr (and, for `--format json`, on stdout).
fn refuse(ui: &Ui, format: ReleaseFormat, refusal: &Refusal) -> anyhow::Result<Outcome> {
    let style = anstyle::AnsiColor::Red.on_default().bold();
    let _ = writeln!(
        ui.stderr(),
        "ptix: {style}release refused{style:#} ({}): {}",
        refusal.id,
        printable_line(&refusal.message)
    );
    if format == ReleaseFormat::Json {
        ui.print_json(&json!({ "refused": refusal }))?;
    }
    Ok(Outcome::Failure)
}

/// The human view: what the ticket links, the counts, then every resource.
pub fn render(r: &Release, source: &str, width: Option<u16>) -> String {
    let mut out = String::new();
    let bold = anstyle::Style::new().bold();
    let (good, bad) = (
        anstyle::AnsiColor::Green.on_default().bold(),
        anstyle::AnsiColor::Red.on_default().bold(),
    );
    let _ = writeln!(
        out,
        "{bold}Ticket{bold:#}    {} ({})",
        printable_line(r.ticket.jti.as_deref().unwrap_or("(no jti)")),
        if r.ticket.verified {
            format!("{good}verified{good:#}")
        } else {
            format!("{bad}NOT VERIFIED{bad:#}")
        }
    );
    let _ = writeln!(
        out,
        "{bold}Subject{bold:#}   {} ({})",
        printable_line(&r.patient),
        printable_line(&r.subject_resolution)
    );
    for e in &r.linkage.encounters {
        let _ = writeln!(
            out,
            "{bold}Encounter{bold:#} {} -> {}",
            printable_line(&e.reference),
            e.resource.as_deref().unwrap_or("not in the data")
        );
    }
    if let Some(c) = &r.linkage.claim {
        let _ = writeln!(
            out,
            "{bold}Claim{bold:#}     {} -> {}",
            printable_line(&c.reference),
            c.resource.as_deref().unwrap_or("not in the data")
        );
    }
    for (name, v) in [
        ("Withhold", &r.ticket.sensitivity_withhold),
        ("Authorised", &r.ticket.sensitivity_release_authorized),
    ] {
        if let Some(v) = v {
            let _ = writeln!(out, "{bold}{name}{bold:#} {}", printable_line(&codes(v)));
        }
    }
    let _ = writeln!(
        out,
        "{bold}Released{bold:#}  {} of {} resources in {source} ({} withheld)",
        r.summary.released, r.summary.total, r.summary.withheld
    );
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(vec!["Resource", "Decision", "Rule", "Reason"]);
    if let Some(w) = width {
        table.set_width(w);
    }
    for want in [Disposition::Released, Disposition::Withheld] {
        for d in r.decisions.iter().filter(|d| d.decision == want) {
            table.add_row(vec![
                d.resource.clone(),
                d.decision.name().to_string(),
                d.rule.to_string(),
                d.reason.clone(),
            ]);
        }
    }
    let _ = writeln!(out, "{table}");
    out
}

/// `ETH, HIV` (+ `unlisted`) from a sensitivity piece.
fn codes(v: &Value) -> String {
    let mut parts: Vec<String> = v
        .get("codes")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(crate::release::labels::Coding::from_json)
                .map(|c| c.to_string())
                .collect()
        })
        .unwrap_or_default();
    if v.get("unlisted") == Some(&Value::Bool(true)) {
        parts.push("unlisted".into());
    }
    parts.join(", ")
}
