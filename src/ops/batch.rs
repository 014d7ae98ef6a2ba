//! `ptix mint --batch`: NDJSON in (one FHIR Claim or Bundle per line), one ticket per line out.
//!
//! Lines are read in chunks, minted in parallel on every core with one prepared signer, and
//! reported in input order, so memory stays flat whatever the input size. A bad line is
//! reported and the batch goes on.

use std::collections::HashMap;
use std::io::{self, BufRead};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use super::mint::{MintError, Minter, Prepared};
use crate::io::FileError;
use crate::ticket::claim::ClaimError;

/// Lines per parallel chunk: large enough to keep every core busy, small enough to keep
/// memory flat.
pub const CHUNK_LINES: usize = 512;

/// Lines longer than this are refused (a claim is a few KB).
pub const MAX_LINE_BYTES: usize = 4 << 20;

/// How to write the tickets.
#[derive(Debug, Clone, Default)]
pub struct BatchOptions {
    /// Write `<control number>.jwt` files here instead of NDJSON on stdout.
    pub out_dir: Option<PathBuf>,
    /// Leave claims whose file already exists alone (resume an interrupted run).
    pub skip_existing: bool,
    /// Replace existing files.
    pub force: bool,
}

/// What happened to one input line.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum LineOutcome {
    Minted {
        line: usize,
        /// The provider's claim control number (or the Claim's id, when it has none).
        claim: Option<String>,
        jti: Option<String>,
        exp: Option<i64>,
        /// The token (NDJSON output), or the file it went to (`--out-dir`).
        #[serde(skip_serializing_if = "Option::is_none")]
        ticket: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        file: Option<String>,
        #[serde(skip)]
        warnings: Vec<String>,
    },
    Skipped {
        line: usize,
        claim: Option<String>,
        skipped: String,
    },
    Failed {
        line: usize,
        error: String,
    },
}

/// Counts for the summary line.
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct BatchSummary {
    pub lines: usize,
    pub minted: usize,
    pub skipped: usize,
    pub failed: usize,
}

/// A file name for a claim: its control number, made safe (`[A-Za-z0-9._-]`, others `_`).
pub fn file_name(claim: Option<&str>, line: usize) -> String {
    let stem: String = match claim {
        Some(c) if !c.is_empty() => c
            .chars()
            .map(|ch| {
                if ch.is_ascii_alphanumeric() || "._-".contains(ch) {
                    ch
                } else {
                    '_'
                }
            })
            .collect(),
        _ => format!("line-{line}"),
    };
    let stem = stem.trim_start_matches('.');
    let stem = if stem.is_empty() {
        format!("line-{line}")
    } else {
        stem.to_string()
    };
    format!("{stem}.jwt")
}

/// Sign (and write) one prepared line.
fn finish_line(
    minter: &Minter,
    line: usize,
    prepared: Result<Prepared, MintError>,
    now: i64,
    opts: &BatchOptions,
    duplicate_of: Option<usize>,
) -> LineOutcome {
    let fail = |e: String| LineOutcome::Failed { line, error: e };
    let prepared = match prepared {
        Ok(p) => p,
        Err(e) => return fail(e.to_string()),
    };
    let claim = prepared
        .control_number
        .clone()
        .or_else(|| prepared.claim_id.clone());
    let target = opts
        .out_dir
        .as_ref()
        .map(|d| d.join(file_name(claim.as_deref(), line)));
    if let (Some(t), Some(first)) = (&target, duplicate_of) {
        return fail(format!(
            "{} is also the file of line {first}: claim control numbers must be unique",
            t.display()
        ));
    }
    if let Some(t) = &target {
        if opts.skip_existing && t.exists() {
            return LineOutcome::Skipped {
                line,
                claim,
                skipped: format!("{} exists", t.display()),
            };
        }
    }
    let minted = match minter.finish(prepared, now) {
        Ok(m) => m,
        Err(MintError::Lint(findings)) => {
            let msgs: Vec<String> = findings
                .iter()
                .filter(|f| f.severity == crate::rules::Severity::Error)
                .map(|f| format!("{} at {}: {}", f.rule, f.pointer, f.message))
                .collect();
            return fail(format!("the ticket would be invalid: {}", msgs.join("; ")));
        }
        Err(e) => return fail(e.to_string()),
    };
    let warnings = minted
        .findings
        .iter()
        .filter(|f| f.severity == crate::rules::Severity::Warning)
        .map(|f| format!("{}: {}", f.rule, f.message))
        .collect();
    let token = minted.token.clone().unwrap_or_default();
    let file = match &target {
        Some(t) => match write_ticket(t, &token, opts.force) {
            Ok(()) => Some(t.display().to_string()),
            Err(e) => return fail(e.to_string()),
        },
        None => None,
    };
    LineOutcome::Minted {
        line,
        claim,
        jti: minted.jti().map(str::to_string),
        exp: minted.exp(),
        ticket: file.is_none().then_some(token),
        file,
        warnings,
    }
}

fn write_ticket(path: &Path, token: &str, force: bool) -> Result<(), FileError> {
    let text = format!("{token}\n");
    match crate::io::write_atomic(path, text.as_bytes(), 0o644, force) {
        Err(FileError::Exists { path }) => Err(FileError::Exists {
            path: format!("{path} (give --skip-existing to resume, or --force to replace)"),
        }),
        other => other,
    }
}

/// Mint every line of `input`, calling `emit` for each outcome in input order.
/// `progress` is called with the number of bytes consumed so far.
pub fn run<R: BufRead>(
    minter: &Minter,
    mut input: R,
    now: i64,
    opts: &BatchOptions,
    mut emit: impl FnMut(&LineOutcome) -> io::Result<()>,
    mut progress: impl FnMut(u64),
) -> io::Result<BatchSummary> {
    let mut summary = BatchSummary::default();
    let mut line_no = 0usize;
    let mut consumed = 0u64;
    // One buffer holds a chunk's lines and is reused, so memory stays flat and pages are not
    // returned to and requested from the kernel for every chunk.
    let mut buf: Vec<u8> = Vec::with_capacity(1 << 20);
    let mut chunk: Vec<(usize, std::ops::Range<usize>)> = Vec::with_capacity(CHUNK_LINES);
    loop {
        buf.clear();
        chunk.clear();
        let mut eof = false;
        while chunk.len() < CHUNK_LINES {
            let start = buf.len();
            let n = io::Read::take(input.by_ref(), MAX_LINE_BYTES as u64 + 1).read_until(b'\n', &mut buf)?;
            if n == 0 {
                eof = true;
                break;
            }
            consumed += n as u64;
            line_no += 1;
            if n > MAX_LINE_BYTES && !buf.ends_with(b"\n") {
                // Skip the rest of an over-long line; an empty range marks it.
                buf.truncate(start);
                let mut rest = Vec::new();
                loop {
                    rest.clear();
                    let m = io::Read::take(input.by_ref(), 1 << 20).read_until(b'\n', &mut rest)?;
                    consumed += m as u64;
                    if m == 0 || rest.ends_with(b"\n") {
                        break;
                    }
                }
                chunk.push((line_no, start..start));
                continue;
            }
            if buf[start..].iter().all(u8::is_ascii_whitespace) {
                buf.truncate(start);
                continue; // blank lines carry no claim
            }
            chunk.push((line_no, start..buf.len()));
        }
        let text = |r: &std::ops::Range<usize>| &buf[r.clone()];
        // Phase 1, in parallel: map each claim to a payload.
        let prepared: Vec<Result<Prepared, MintError>> = chunk
            .par_iter()
            .map(|(_, range)| {
                if range.is_empty() {
                    Err(MintError::Claim(ClaimError::Json(format!(
                        "the line is longer than {MAX_LINE_BYTES} bytes"
                    ))))
                } else {
                    minter.prepare(text(range), now)
                }
            })
            .collect();
        // In order: the first line to claim a file name keeps it; later duplicates fail.
        let mut first_for: HashMap<String, usize> = HashMap::new();
        let duplicates: Vec<Option<usize>> = chunk
            .iter()
            .zip(&prepared)
            .map(|((line, _), p)| {
                opts.out_dir.as_ref()?;
                let p = p.as_ref().ok()?;
                let name = file_name(p.control_number.as_deref().or(p.claim_id.as_deref()), *line);
                match first_for.get(&name) {
                    Some(first) => Some(*first),
                    None => {
                        first_for.insert(name, *line);
                        None
                    }
                }
            })
            .collect();
        // Phase 2, in parallel: lint, sign, write.
        let outcomes: Vec<LineOutcome> = chunk
            .par_iter()
            .zip(prepared.into_par_iter())
            .zip(duplicates.par_iter())
            .map(|(((line, _), p), dup)| finish_line(minter, *line, p, now, opts, *dup))
            .collect();
        for o in &outcomes {
            summary.lines += 1;
            match o {
                LineOutcome::Minted { .. } => summary.minted += 1,
                LineOutcome::Skipped { .. } => summary.skipped += 1,
                LineOutcome::Failed { .. } => summary.failed += 1,
            }
            emit(o)?;
        }
        progress(consumed);
        if eof {
            return Ok(summary);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe() {
        assert_eq!(file_name(Some("CLM-2026-0042"), 1), "CLM-2026-0042.jwt");
        assert_eq!(file_name(Some("../../etc/passwd"), 1), "_.._etc_passwd.jwt");
        assert_eq!(file_name(Some("a/b c"), 1), "a_b_c.jwt");
        assert_eq!(file_name(None, 7), "line-7.jwt");
        assert_eq!(file_name(Some("..."), 3), "line-3.jwt");
    }
}
