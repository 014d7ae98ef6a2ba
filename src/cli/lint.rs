//! `ptix lint`: flags, input collection and rendering; rules live in `crate::rules`.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::shared::{parse_leeway, NowArgs, PassphraseArgs, TrustArgs};
use super::{Outcome, Ui};
use crate::ops::lint::{lint_text, InputReport, LintReport};
use crate::report::{self, RenderContext};
use crate::rules::{self, LintOptions, Severity};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    Text,
    Json,
    Sarif,
    Junit,
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Notice,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  ptix lint samples/tickets/valid/spec-example-pca.jwt --now 2026-07-01T00:00:00Z
  ptix lint fixtures/ --format sarif > ptix.sarif
  ptix lint --explain pca.data_period_forbidden")]
pub struct LintArgs {
    /// Tickets (compact JWS) or payload JSON files, directories (searched for *.jwt, *.jws,
    /// *.json), `-` for stdin, or a token itself.
    #[arg(value_name = "INPUT", required_unless_present_any = ["list_rules", "explain"])]
    pub inputs: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = LintFormat::Text)]
    pub format: LintFormat,
    /// Same as --format json.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// List every rule (text table, or JSON with --format json) and exit.
    #[arg(long, conflicts_with_all = ["inputs", "explain"])]
    pub list_rules: bool,
    /// Print a rule's explanation, decision and citation (JSON with --format json), and exit.
    #[arg(long, value_name = "RULE_ID", conflicts_with = "inputs")]
    pub explain: Option<String>,
    /// Run only rules matching these ids or prefixes (comma-separated or repeated): `pca`,
    /// `claims.exp*`, `jwt.kid_present`.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Vec<String>,
    /// Skip rules matching these ids or prefixes.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// Exit 1 when a finding at or above this severity is found.
    #[arg(long, value_enum, default_value_t = FailOn::Error, value_name = "SEVERITY")]
    pub fail_on: FailOn,
    #[command(flatten)]
    pub now: NowArgs,
    /// Clock skew tolerated for exp and iat, in seconds (or 2m); none by default.
    #[arg(long, default_value = "0", value_parser = parse_leeway, value_name = "SECONDS")]
    pub leeway: i64,
    #[command(flatten)]
    pub trust: TrustArgs,
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
}

/// Largest input file lint reads (a ticket is a few KB; tokens over 64 KiB are refused anyway).
const MAX_INPUT_BYTES: u64 = 1 << 20;

pub fn run(args: LintArgs, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let format = if args.json { LintFormat::Json } else { args.format };
    if args.list_rules || args.explain.is_some() {
        if !matches!(format, LintFormat::Text | LintFormat::Json) {
            anyhow::bail!(
                "--list-rules and --explain print text or JSON (--format text or json); the other formats are for findings"
            );
        }
        let json = format == LintFormat::Json;
        match &args.explain {
            None if json => ui.print_json(&report::rules_table::json())?,
            None => ui.write_out(report::rules_table::text().as_bytes())?,
            Some(id) => {
                let Some(rule) = rules::by_id(id) else {
                    anyhow::bail!("no rule {id:?}; `ptix lint --list-rules` lists them");
                };
                match json {
                    true => ui.print_json(&report::rules_table::rule_json(rule))?,
                    false => ui.write_out(report::rules_table::explain(rule).as_bytes())?,
                }
            }
        }
        return Ok(Outcome::Success);
    }
    for pattern in args.select.iter().chain(&args.ignore) {
        if !rules::all().any(|r| rules::matches(pattern, r.id)) {
            anyhow::bail!(
                "--select/--ignore: {pattern:?} matches no rule; `ptix lint --list-rules` lists them"
            );
        }
    }
    let ring = if args.trust.is_empty() {
        None
    } else {
        Some(args.trust.load(&args.passphrase, ui)?)
    };
    let opts = LintOptions {
        now: args.now.resolve(),
        leeway: args.leeway,
        select: args.select,
        ignore: args.ignore,
        least_severe: Severity::Info,
    };

    super::shared::stdin_once(
        args.inputs
            .iter()
            .map(|i| ("INPUT", std::ffi::OsStr::new(i)))
            .chain(args.trust.named())
            .chain(args.passphrase.named()),
    )?;
    let (pending, mut unreadable) = expand(&args.inputs, &[".jwt", ".jws", ".json"]);
    for e in &unreadable {
        ui.error(&anyhow::anyhow!("{e}"));
    }
    // Only the findings are kept, so memory grows with them, not with the inputs.
    let mut reports: Vec<InputReport> = Vec::with_capacity(pending.len());
    in_chunks(
        &pending,
        // The text as it is (lint trims it itself), so lines count from the file's first.
        |input| {
            lint_text(
                &input.label,
                &String::from_utf8_lossy(&input.bytes),
                &opts,
                ring.as_ref(),
            )
        },
        |result| {
            match result {
                Ok(report) => reports.push(report),
                Err(e) => {
                    ui.error(&anyhow::anyhow!("{e}"));
                    unreadable.push(e);
                }
            }
            Ok(())
        },
    )?;
    let report = LintReport::new(
        reports,
        unreadable
            .iter()
            .map(|e| crate::ops::lint::Unreadable {
                path: e.path().to_string(),
                error: e.to_string(),
            })
            .collect(),
    );
    let fail_on = match args.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Notice => Severity::Notice,
    };
    let ctx = RenderContext {
        now: opts.now,
        fail_on,
    };
    let text = match format {
        LintFormat::Text => report::text::render(&report),
        LintFormat::Json => report::json::render(&report, &ctx),
        LintFormat::Sarif => report::sarif::render(&report),
        LintFormat::Junit => report::junit::render(&report, &ctx),
        LintFormat::Github => report::github::render(&report),
    };
    match format {
        LintFormat::Text => ui.write_out(text.as_bytes())?,
        _ => ui.write_raw(text.as_bytes())?,
    }
    if !unreadable.is_empty() {
        anyhow::bail!("{} input(s) could not be read", unreadable.len());
    }
    Ok(if report.fails(fail_on) {
        Outcome::Failure
    } else {
        Outcome::Success
    })
}

/// Inputs read (and checked) per parallel chunk when there are many: enough to keep every core
/// busy, few enough that memory stays flat (three chunks are in flight).
const CHUNK: usize = 1024;

/// Read the inputs and `check` each on every core, a few chunks of [`CHUNK`] in flight
/// ([`crate::ops::pipeline::ordered`]); `take` gets the results in input order (an input that
/// cannot be read as its error).
pub fn in_chunks<T: Send + Sync>(
    pending: &[Pending],
    check: impl Fn(crate::io::Input) -> T + Sync,
    mut take: impl FnMut(Result<T, crate::io::FileError>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut chunks = pending.chunks(CHUNK);
    crate::ops::pipeline::ordered(
        3,
        || Ok(chunks.next()),
        |chunk| chunk.len(),
        |chunk, i| chunk[i].read().map(&check),
        |_, results| {
            // A result is missing only where checking panicked; the panic then ends the run.
            results.into_iter().flatten().try_for_each(&mut take)
        },
    )
}

/// An input named on the command line, not read yet.
pub enum Pending {
    /// A file found in a directory.
    Found(PathBuf),
    /// An argument: a path, `-`, or the token itself.
    Arg(String),
}

impl Pending {
    pub fn read(&self) -> Result<crate::io::Input, crate::io::FileError> {
        match self {
            Pending::Found(f) => crate::io::read_file(f, MAX_INPUT_BYTES).map(|bytes| crate::io::Input {
                label: f.display().to_string(),
                source: crate::io::Source::File(f.clone()),
                bytes,
            }),
            Pending::Arg(arg) => crate::io::read_input(arg, MAX_INPUT_BYTES, "a token or payload"),
        }
    }
}

/// Expand arguments into the inputs to read: directories recursively (files with these
/// endings, sorted; a directory without any is an error), other arguments as given.
pub fn expand(args: &[String], endings: &[&str]) -> (Vec<Pending>, Vec<crate::io::FileError>) {
    let mut pending = Vec::new();
    let mut errors = Vec::new();
    for arg in args {
        let path = Path::new(arg);
        if arg != "-" && path.is_dir() {
            let mut files = Vec::new();
            walk(path, endings, &mut files, &mut errors);
            if files.is_empty() {
                // A CI job pointed at the wrong or an empty folder must not pass quietly.
                errors.push(crate::io::FileError::NothingInDirectory {
                    path: arg.clone(),
                    looked_for: endings.join(", "),
                });
            }
            files.sort();
            pending.extend(files.into_iter().map(Pending::Found));
        } else {
            pending.push(Pending::Arg(arg.clone()));
        }
    }
    (pending, errors)
}

fn walk(dir: &Path, endings: &[&str], files: &mut Vec<PathBuf>, errors: &mut Vec<crate::io::FileError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(source) => {
            errors.push(crate::io::FileError::Read {
                path: dir.display().to_string(),
                source,
            });
            return;
        }
    };
    for entry in entries.flatten() {
        let p = entry.path();
        // The entry's own type comes with the directory listing; only links need a `stat`.
        let Ok(own) = entry.file_type() else { continue };
        if own.is_dir() {
            walk(&p, endings, files, errors);
        } else if (own.is_file() || (own.is_symlink() && p.is_file())) && is_lintable(&p, endings) {
            // Regular files only (a FIFO named x.jwt would block the walk forever); symlinked
            // directories are not followed (a link to an ancestor would make the walk endless).
            files.push(p);
        } else if own.is_symlink() && is_lintable(&p, endings) {
            // A link named like a ticket that leads to no file: reported, not skipped silently,
            // with the system's reason (a loop is not a missing target).
            if let Err(e) = std::fs::metadata(&p) {
                let source = match e.kind() {
                    std::io::ErrorKind::NotFound => std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        "a symbolic link to nothing (its target does not exist)",
                    ),
                    _ => e,
                };
                errors.push(crate::io::FileError::Read {
                    path: p.display().to_string(),
                    source,
                });
            }
        }
    }
}

/// Files with one of these endings, except fixture sidecars (`*.expect.json`).
fn is_lintable(p: &Path, endings: &[&str]) -> bool {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    endings.iter().any(|e| name.ends_with(e)) && !name.ends_with(".expect.json")
}
