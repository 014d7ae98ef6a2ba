//! `ptix verify`: flags and rendering; the checks are in `ops::verify`.

use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;

use anstyle::{AnsiColor, Style};
use clap::Args;

use super::shared::{parse_leeway, read_one_public_key, read_token, NowArgs, PassphraseArgs, TrustArgs};
use super::{Outcome, Ui};
use crate::ops::lint::Unreadable;
use crate::ops::verify::{self, Expectations, Verdict};
use crate::report::printable_line;

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  ptix verify samples/tickets/valid/spec-example-pca.jwt --key keys/spec-example-issuer.jwk.json \\
      --now 2026-07-01T00:00:00Z
  ptix verify ticket.jwt --jwks keys/issuer.jwks.json --issuer https://fhir.provider.example.org
  pbpaste | ptix verify - --jwks keys/issuer.jwks.json --json | jq .checks
  ptix verify tickets/ --jwks keys/issuer.jwks.json --json | jq .summary")]
pub struct VerifyArgs {
    /// The ticket: a file, `-` for stdin, or the token itself (a `Bearer ` prefix or a
    /// form-encoded `subject_token=` body is accepted). Several inputs, or directories
    /// (searched for *.jwt and *.jws), are verified in parallel and reported in order.
    #[arg(value_name = "TOKEN|FILE|DIR|-", required = true)]
    pub inputs: Vec<String>,
    #[command(flatten)]
    pub trust: TrustArgs,
    /// Expected issuer: `iss` must equal it exactly.
    #[arg(long, value_name = "URL")]
    pub issuer: Option<String>,
    /// Expected audience: one `aud` value must equal it exactly. Default for a Payer Claims
    /// Adjudication ticket: --issuer (the type is self-issued).
    #[arg(long, value_name = "URL")]
    pub audience: Option<String>,
    /// The redeeming client's key: its RFC 7638 thumbprint must equal presenter_binding.jkt.
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with = "client_entity",
        allow_hyphen_values = true
    )]
    pub client_key: Option<PathBuf>,
    /// The redeeming client's entity URI: it must equal presenter_binding.entity_uri.
    #[arg(long, value_name = "URI")]
    pub client_entity: Option<String>,
    /// Accept a token without `kid` by trying every trusted key (the guide requires kid).
    #[arg(long)]
    pub allow_missing_kid: bool,
    /// The ticket's revocation status was checked (ptix reads no status lists): without this, a
    /// ticket that names a revocation list gets no verdict (exit 2), as a Data Holder that
    /// cannot know the status fails closed.
    #[arg(long)]
    pub revocation_checked: bool,
    #[command(flatten)]
    pub now: NowArgs,
    /// Clock skew tolerated for exp, iat and nbf, in seconds (or 2m); none by default, as in the
    /// guide's reference implementation. A ticket is expired when exp <= now - leeway.
    #[arg(long, default_value = "0", value_parser = parse_leeway, value_name = "SECONDS")]
    pub leeway: i64,
    #[command(flatten)]
    pub output: super::shared::OutputArgs,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
}

pub fn run(args: VerifyArgs, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let single_json =
        args.output.is_json() && args.inputs.len() == 1 && !std::path::Path::new(&args.inputs[0]).is_dir();
    let result = run_checks(args, ui);
    // One input with --json: a script reading stdout learns that there is no verdict, and why,
    // whatever prevented it (an unreadable token or key, no key given); a verdict that could
    // not be reached after reading prints its own report first.
    if let (true, Err(e)) = (single_json, &result) {
        if !e.chain().any(|c| c.downcast_ref::<NoVerdictPrinted>().is_some()) {
            // Every member of the schema, empty: nothing was checked.
            let _ = ui.print_json(&serde_json::json!({
                "valid": false,
                "no_verdict": format!("{e:#}"),
                "checks": [],
                "findings": [],
                "header": null,
                "payload": null,
            }));
        }
    }
    result
}

/// Marks an error whose report (`no_verdict`) was already printed.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct NoVerdictPrinted(String);

fn run_checks(args: VerifyArgs, ui: &mut Ui) -> anyhow::Result<Outcome> {
    super::shared::stdin_once(
        args.inputs
            .iter()
            .map(|i| ("INPUT", std::ffi::OsStr::new(i)))
            .chain(args.trust.named())
            .chain(args.client_key.iter().map(|p| ("--client-key", p.as_os_str())))
            .chain(args.passphrase.named()),
    )?;
    if args.trust.is_empty() {
        anyhow::bail!("give the issuer's keys: --key FILE or --jwks FILE (e.g. keys/demo-issuer.jwks.json)");
    }
    let ring = args.trust.load(&args.passphrase, ui)?;
    let client_key = match &args.client_key {
        Some(path) => Some(read_one_public_key(
            path,
            args.passphrase.source().as_ref(),
            "--client-key",
        )?),
        None => None,
    };
    let expect = Expectations {
        issuer: args.issuer.clone(),
        audience: args.audience.clone(),
        client_key,
        client_entity: args.client_entity.clone(),
        allow_missing_kid: args.allow_missing_kid,
        revocation_checked: args.revocation_checked,
    };
    let now = args.now.resolve();
    let single = args.inputs.len() == 1 && !std::path::Path::new(&args.inputs[0]).is_dir();
    if single {
        let (label, token) = read_token(&args.inputs[0], ui)?;
        let verdict = verify::verify(&token, &ring, &expect, now, args.leeway);
        if let Some(reason) = &verdict.no_verdict {
            // The report says so too (as for many inputs), for a script reading stdout.
            if args.output.is_json() {
                ui.print_json(&verdict)?;
            } else {
                ui.write_out(render(&verdict, &label, true).as_bytes())?;
            }
            return Err(NoVerdictPrinted(format!("{label}: {reason}")).into());
        }
        if args.output.is_json() {
            ui.print_json(&verdict)?;
        } else {
            ui.write_out(render(&verdict, &label, true).as_bytes())?;
        }
        return Ok(if verdict.valid {
            Outcome::Success
        } else {
            Outcome::Failure
        });
    }
    // Many tickets: read, verified and rendered in parallel a chunk at a time (memory stays
    // flat), written in input order.
    let (pending, walk_errors) = super::lint::expand(&args.inputs, &[".jwt", ".jws"]);
    for e in &walk_errors {
        ui.error(&anyhow::anyhow!("{e}"));
    }
    // Inputs that could not be read: in the report too (JSON `unreadable`), not only on stderr.
    let unread = |e: &crate::io::FileError| Unreadable {
        path: e.path().to_string(),
        error: e.to_string(),
    };
    let mut unreadable: Vec<Unreadable> = walk_errors.iter().map(unread).collect();
    let json = args.output.is_json();
    let colored = ui.stdout_colored();
    let one = |input: crate::io::Input| {
        let text = String::from_utf8_lossy(&input.bytes);
        let (token, _) = crate::ticket::extract::extract(&text);
        let v = verify::verify(&token, &ring, &expect, now, args.leeway);
        let out = if json {
            let mut o = serde_json::to_value(&v).unwrap_or_default();
            o["path"] = serde_json::json!(input.label);
            o.to_string().into_bytes()
        } else {
            render(&v, &input.label, colored).into_bytes()
        };
        let no_verdict = v.no_verdict.as_ref().map(|r| format!("{}: {r}", input.label));
        (v.valid, out, no_verdict)
    };
    let mut out =
        std::io::BufWriter::with_capacity(1 << 16, super::shared::QuietPipe(ui.raw_stdout().lock()));
    if json {
        // Compact JSON: one document, each verdict as `ptix verify --json` prints it plus "path".
        out.write_all(b"{\"inputs\":[")?;
    }
    let (mut total, mut valid, mut judged) = (0usize, 0usize, 0usize);
    let mut no_verdict = Vec::new();
    super::lint::in_chunks(&pending, one, |result| {
        match result {
            Ok((ok, text, nv)) => {
                if json && total > 0 {
                    out.write_all(b",")?;
                }
                out.write_all(&text)?;
                total += 1;
                valid += usize::from(ok);
                judged += usize::from(nv.is_none());
                no_verdict.extend(nv);
            }
            Err(e) => {
                unreadable.push(unread(&e));
                ui.error(&anyhow::anyhow!("{e}"));
            }
        }
        Ok(())
    })?;
    if json {
        writeln!(
            out,
            "],\"unreadable\":{},\"summary\":{{\"inputs\":{total},\"valid\":{valid},\"invalid\":{},\"no_verdict\":{},\"unreadable\":{}}}}}",
            serde_json::to_string(&unreadable)?,
            judged - valid,
            total - judged,
            unreadable.len()
        )?;
    } else {
        for u in &unreadable {
            writeln!(out, "UNREADABLE {}", crate::report::printable_line(&u.error))?;
        }
        let unread = if unreadable.is_empty() {
            String::new()
        } else {
            format!(", {} unreadable", unreadable.len())
        };
        let undecided = match total - judged {
            0 => String::new(),
            n => format!(", {n} without a verdict"),
        };
        writeln!(
            out,
            "Summary: {total} ticket(s), {valid} valid, {} invalid{undecided}{unread}",
            judged - valid
        )?;
    }
    out.flush()?;
    drop(out);
    for reason in &no_verdict {
        ui.error(&anyhow::anyhow!("{reason}"));
    }
    if !unreadable.is_empty() || !no_verdict.is_empty() {
        anyhow::bail!(
            "{} input(s) could not be read or judged",
            unreadable.len() + no_verdict.len()
        );
    }
    Ok(if valid == total {
        Outcome::Success
    } else {
        Outcome::Failure
    })
}

/// The verdict as text; `styled: false` leaves the colours out.
fn render(v: &Verdict, label: &str, styled: bool) -> String {
    let mut out = String::new();
    let label = printable_line(label);
    let style = |s: Style| if styled { s } else { Style::new() };
    let (good, bad, dim) = (
        style(AnsiColor::Green.on_default().bold()),
        style(AnsiColor::Red.on_default().bold()),
        style(AnsiColor::BrightBlack.on_default()),
    );
    let failed = v.checks.iter().filter(|c| !c.ok).count();
    if let Some(reason) = &v.no_verdict {
        let warn = style(AnsiColor::Yellow.on_default().bold());
        let _ = writeln!(
            out,
            "{warn}NO VERDICT{warn:#} {label}: {}",
            printable_line(reason)
        );
    } else if v.valid {
        let _ = writeln!(out, "{good}VALID{good:#} {label}");
    } else {
        let _ = writeln!(
            out,
            "{bad}INVALID{bad:#} {label}: {failed} check{} failed",
            if failed == 1 { "" } else { "s" }
        );
    }
    for c in &v.checks {
        let (st, word) = match (c.ok, c.skipped) {
            (_, true) => (dim, "skip"),
            (true, false) => (good, "ok"),
            (false, false) => (bad, "FAIL"),
        };
        let _ = writeln!(
            out,
            "  {st}{word:<4}{st:#}  {:<9} {}",
            c.id,
            printable_line(&c.message)
        );
    }
    if !v.findings.is_empty() {
        let _ = writeln!(out, "Profile findings:");
        for f in &v.findings {
            let _ = writeln!(
                out,
                "  {:<7} {} {}: {}",
                f.severity.name(),
                f.rule,
                printable_line(&f.pointer),
                printable_line(&f.message)
            );
        }
    }
    out
}
