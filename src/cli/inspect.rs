//! `ptix inspect`: a summary table, then header and payload. Never verifies.

use std::fmt::Write as _;

use clap::Args;
use comfy_table::{presets, ContentArrangement, Table};
use serde_json::{json, Value};

use super::shared::{read_token, NowArgs};
use super::{Outcome, Ui};
use crate::jose::CompactJws;
use crate::ops::inspect::{self, Inspection, PCA_WINDOW_DAYS};
use crate::report::{pretty_json, printable, printable_line};
use crate::ticket::ticket_type::PAYER_CLAIMS_ADJUDICATION;

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  ptix inspect samples/tickets/valid/spec-example-pca.jwt
  ptix mint samples/claims/bundle-separate-entries.json --key keys/demo-issuer.key.pem \\
      --now 2026-10-24T00:00:00Z | ptix inspect -
  ptix inspect ticket.jwt --json | jq .summary.encounters")]
pub struct InspectArgs {
    /// The ticket: a file, `-` for stdin, or the token itself (a `Bearer ` prefix or a
    /// form-encoded `subject_token=` body is accepted).
    #[arg(value_name = "TOKEN|FILE|-")]
    pub input: String,
    #[command(flatten)]
    pub output: super::shared::OutputArgs,
    #[command(flatten)]
    pub now: NowArgs,
}

pub fn run(args: InspectArgs, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let (label, token) = read_token(&args.input, ui)?;
    ui.note(format_args!(
        "note: {label}: not verified (inspect only decodes; `ptix verify` checks signature and rules)"
    ));
    let now = args.now.resolve();
    let jws = match CompactJws::parse(&token) {
        Ok(jws) => jws,
        Err(e) => {
            let partial = inspect::partial(&token, &e);
            if args.output.is_json() {
                ui.print_json(&json!({ "error": partial.error, "segments": partial.segments }))?;
            } else {
                ui.write_out(render_partial(&partial, &token).as_bytes())?;
            }
            ui.warn(format_args!("{label}: malformed token: {e}"));
            if token.trim_start().starts_with('{') {
                ui.note(format_args!(
                    "note: {label} is JSON, not a token: inspect decodes signed tickets; `ptix lint {label}` checks a bare payload"
                ));
            }
            return Ok(Outcome::Failure);
        }
    };
    let inspection = inspect::inspect(&jws, now);
    for d in &inspection.summary.duplicate_members {
        ui.warn(format_args!(
            "{label}: {d} is given twice; shown with its last value, which another reader may not take (ptix lint: jwt.duplicate_member)"
        ));
    }
    if args.output.is_json() {
        ui.print_json(&inspection)?;
    } else {
        // Fitted to a terminal; elsewhere (a file, a pipe, a support ticket) never wrapped, so
        // a URL is never cut in two.
        ui.write_out(render(&inspection, ui.stdout_is_terminal()).as_bytes())?;
    }
    Ok(Outcome::Success)
}

/// The strings of `v[key]`, each on one line (a line break in a value cannot fake a row).
fn join(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(printable_line)
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
}

/// `v[key]` on one line.
fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(|s| printable_line(s).into_owned())
}

/// A value from the token on one line.
fn line(s: &str) -> String {
    printable_line(s).into_owned()
}

/// A member the summary reads as a string, shown as written when it is not one.
fn or_as_written(shown: Option<&str>, raw: Option<&Value>) -> String {
    match (shown, raw) {
        (Some(s), _) => line(s),
        (None, Some(v)) => format!("{} (not a string)", line(&v.to_string())),
        (None, None) => String::new(),
    }
}

/// The human view: a summary table, then header and payload. `fit`: wrap the table to the
/// terminal's width (when it reports a usable one).
pub fn render(i: &Inspection, fit: bool) -> String {
    let s = &i.summary;
    let mut table = Table::new();
    table.load_preset(presets::UTF8_BORDERS_ONLY);
    if fit {
        table.set_content_arrangement(ContentArrangement::Dynamic);
        if table.width().is_none_or(|w| w < 40) {
            table.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    let mut row = |k: &str, v: String| {
        table.add_row(vec![
            k.to_string(),
            if v.is_empty() {
                "-".to_string()
            } else {
                printable(&v).into_owned()
            },
        ]);
    };
    row(
        "Ticket type",
        match (&s.ticket_type["name"], &s.ticket_type["uri"]) {
            (Value::String(n), Value::String(u)) => format!("{}\n{}", line(n), line(u)),
            _ => match i.payload.get("ticket_type") {
                Some(v) => format!("{} (not a known ticket type URI)", line(&v.to_string())),
                None => "missing".into(),
            },
        },
    );
    row("Issuer", or_as_written(s.issuer.as_deref(), i.payload.get("iss")));
    let mut aud = s.audience.iter().map(|a| line(a)).collect::<Vec<_>>().join("\n");
    if let Some(t) = &s.aud_type {
        let _ = write!(aud, " ({})", line(t));
    }
    row("Audience", aud);
    let subj = &s.subject;
    let mut subject = match subj {
        Value::Null => "missing (no subject member)".to_string(),
        _ => text(subj, "name").unwrap_or_else(|| "(no name)".into()),
    };
    if let Some(b) = text(subj, "birth_date") {
        let _ = write!(subject, ", born {b}");
    }
    let ids = join(subj, "identifiers");
    if !ids.is_empty() {
        let _ = write!(subject, "\n{ids}");
    }
    if let Some(r) = text(subj, "record") {
        let _ = write!(subject, "\nrecord {r}");
    }
    row("Subject", subject);
    let req = &s.requester;
    let pca = s.ticket_type["uri"].as_str() == Some(PAYER_CLAIMS_ADJUDICATION.uri);
    let mut requester = match req {
        Value::Null if pca => "MISSING (a Payer Claims Adjudication ticket names its payer)".to_string(),
        Value::Null => "none (no requester member, as in a self-access ticket)".to_string(),
        _ => text(req, "name").unwrap_or_else(|| "(no name)".into()),
    };
    if let Some(t) = text(req, "resource_type") {
        let _ = write!(requester, " ({t})");
    }
    let ids = join(req, "identifiers");
    if !ids.is_empty() {
        let _ = write!(requester, "\n{ids}");
    }
    row("Requester", requester);
    row(
        "Encounters",
        s.encounters
            .iter()
            .map(|e| line(e))
            .collect::<Vec<_>>()
            .join("\n"),
    );
    row(
        "Claim",
        match &s.claim {
            Value::Null => String::new(),
            c => {
                let mut out = text(c, "control_number").unwrap_or_else(|| "(no control number)".into());
                if let Some(sys) = text(c, "system") {
                    let _ = write!(out, " ({sys})");
                }
                out
            }
        },
    );
    // A Data Holder rejects a ticket with a constraint it does not know (base spec, "Field
    // Handling"): one the guide does not define is marked.
    let constraint = |c: &String| {
        use crate::rules::access::{unknown_member::KNOWN, url_named};
        match KNOWN.contains(&c.as_str()) {
            true => line(c),
            false if url_named(c) => format!("{} (an extension: rejected where not implemented)", line(c)),
            false => format!("{} (not defined by the guide: a Data Holder rejects it)", line(c)),
        }
    };
    row(
        "Constraints",
        s.constraints
            .iter()
            .map(constraint)
            .collect::<Vec<_>>()
            .join(", "),
    );
    row(
        "Presenter",
        match &s.presenter_binding {
            Value::Null => "not bound (any authenticated client acting for the requester)".into(),
            b => match text(b, "method").as_deref() {
                Some("jkt") => format!(
                    "key thumbprint {}",
                    text(b, "jkt").unwrap_or_else(|| "(none given)".into())
                ),
                Some("trust_framework_client") => format!(
                    "{} via {} ({})",
                    text(b, "entity_uri").unwrap_or_default(),
                    text(b, "trust_framework").unwrap_or_default(),
                    text(b, "framework_type").unwrap_or_default()
                ),
                _ => line(&b.to_string()),
            },
        },
    );
    row(
        "Revocation",
        match &s.revocation {
            Value::Null => "none (cannot be revoked before it expires)".into(),
            r => match (r.get("url").and_then(Value::as_str), r.get("index")) {
                (Some(url), Some(index)) => format!(
                    "bit {} of the status list at {} (not checked: inspect never verifies)",
                    line(&index.to_string()),
                    line(url)
                ),
                _ => line(&r.to_string()),
            },
        },
    );
    // A time the token gives but that is no NumericDate is shown as written, not as absent.
    let when = |w: &Option<inspect::When>, claim: &str| match (w, i.payload.get(claim)) {
        (Some(w), _) => format!("{} ({})", w.utc, w.relative),
        (None, Some(v)) => format!("{} (not a NumericDate)", line(&v.to_string())),
        (None, None) => String::new(),
    };
    row("Issued", when(&s.issued, "iat"));
    let mut expires = when(&s.expires, "exp");
    if s.expired == Some(true) {
        expires = format!("{expires}: EXPIRED");
    }
    row("Expires", expires);
    if i.payload.get("nbf").is_some() {
        let mut nbf = when(&s.not_before, "nbf");
        if s.not_yet_valid == Some(true) {
            nbf = format!("{nbf}: NOT YET VALID");
        }
        row("Not before", nbf);
    }
    row(
        "Lifetime",
        match (s.lifetime_days, s.lifetime_in_pca_window) {
            // Other types (their tickets often live an hour): days, or hours and minutes.
            (_, None) if s.lifetime_seconds.is_some() => {
                let l = s.lifetime_seconds.unwrap_or_default();
                let unit = |n: i64, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
                match (l, l / 3600, l % 3600 / 60) {
                    (..0, _, _) => "negative: exp is before iat".to_string(),
                    (0..60, _, _) => unit(l, "second"),
                    (86_400.., _, _) => match s.lifetime_days {
                        Some(d) if d == d.trunc() => unit(d as i64, "day"),
                        Some(d) => format!("{d} days"),
                        None => unit(l / 86_400, "day"),
                    },
                    (_, 0, m) => unit(m, "minute"),
                    (_, h, 0) => unit(h, "hour"),
                    (_, h, m) => format!("{} {}", unit(h, "hour"), unit(m, "minute")),
                }
            }
            (Some(d), Some(true)) => format!(
                "{d} days (inside the {}-{} day PCA window)",
                PCA_WINDOW_DAYS.0, PCA_WINDOW_DAYS.1
            ),
            // Rounded to a window edge but outside it: the exact seconds say why.
            (Some(d), _) if d >= PCA_WINDOW_DAYS.0 as f64 && d <= PCA_WINDOW_DAYS.1 as f64 => format!(
                "{d} days ({} s, just outside the {}-{} day PCA window)",
                s.lifetime_seconds.unwrap_or_default(),
                PCA_WINDOW_DAYS.0,
                PCA_WINDOW_DAYS.1
            ),
            (Some(d), _) => format!(
                "{d} days (outside the {}-{} day PCA window)",
                PCA_WINDOW_DAYS.0, PCA_WINDOW_DAYS.1
            ),
            _ => String::new(),
        },
    );
    row("JTI", or_as_written(s.jti.as_deref(), i.payload.get("jti")));
    let unsigned = i.signature.bytes == 0
        || i.signature
            .alg
            .as_deref()
            .is_some_and(|a| a.eq_ignore_ascii_case("none"));
    row(
        "Signature",
        format!(
            "{}{}, kid {}, {} bytes, {}",
            if unsigned { "UNSIGNED: " } else { "" },
            i.signature.alg.as_deref().map_or_else(|| "no alg".into(), line),
            match or_as_written(s.kid.as_deref(), i.header.get("kid")) {
                k if k.is_empty() => "(none)".into(),
                k => k,
            },
            i.signature.bytes,
            i.signature.form
        ),
    );
    if !s.duplicate_members.is_empty() {
        row(
            "Duplicates",
            format!(
                "{} given twice: the last value is shown, another reader may take the first",
                s.duplicate_members.join(", ")
            ),
        );
    }
    let mut out = format!("{table}\n");
    let bold = anstyle::Style::new().bold();
    let _ = writeln!(out, "\n{bold}Header{bold:#}\n{}", pretty_json::render(&i.header));
    let _ = writeln!(
        out,
        "\n{bold}Payload{bold:#}\n{}",
        pretty_json::render(&i.payload)
    );
    out
}

fn render_partial(p: &inspect::Partial, token: &str) -> String {
    let mut out = String::new();
    let bad = anstyle::AnsiColor::Red.on_default().bold();
    let _ = writeln!(out, "{bad}Malformed token{bad:#}: {}", printable(&p.error));
    let _ = writeln!(
        out,
        "({} characters, {} segment(s))",
        token.trim().len(),
        token.trim().split('.').count()
    );
    for seg in &p.segments {
        match (&seg.json, &seg.problem) {
            (Some(json), _) => {
                let _ = writeln!(
                    out,
                    "\n{} (offset {}, {} chars): decoded\n{}",
                    seg.segment,
                    seg.offset,
                    seg.length,
                    pretty_json::render(json)
                );
            }
            (None, Some(problem)) => {
                let _ = writeln!(
                    out,
                    "\n{} (offset {}, {} chars): {}",
                    seg.segment,
                    seg.offset,
                    seg.length,
                    printable(problem)
                );
            }
            (None, None) => {
                let _ = writeln!(
                    out,
                    "\n{} (offset {}, {} chars): decoded",
                    seg.segment, seg.offset, seg.length
                );
            }
        }
    }
    out
}
