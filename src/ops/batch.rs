//! `ptix mint --batch`: NDJSON in (one FHIR Claim or Bundle per line), one ticket per line out.
//!
//! Lines are read in chunks, minted in parallel on every core with one prepared signer, and
//! reported in input order, so memory stays flat whatever the input size. A bad line is
//! reported and the batch goes on.

use std::collections::HashMap;
use std::io::{self, BufRead};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use rayon::prelude::*;
use serde::Serialize;

use super::mint::{MintError, Minter};
use crate::io::FileError;
use crate::rules::Severity;

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

impl LineOutcome {
    /// Write the outcome as one NDJSON row: the text serde_json writes for it. A token (base64url
    /// and dots) needs no escaping and is copied as it is, after a check that the compiler
    /// vectorizes (serde_json looks the bytes up one at a time).
    pub fn write_ndjson(&self, w: &mut impl io::Write) -> io::Result<()> {
        match self {
            LineOutcome::Minted {
                line,
                claim,
                jti,
                exp,
                ticket: Some(token),
                file: None,
                ..
            } if !crate::jose::json::needs_escape(token) => {
                write!(w, "{{\"line\":{line},\"claim\":")?;
                serde_json::to_writer(&mut *w, claim)?;
                w.write_all(b",\"jti\":")?;
                serde_json::to_writer(&mut *w, jti)?;
                w.write_all(b",\"exp\":")?;
                serde_json::to_writer(&mut *w, exp)?;
                w.write_all(b",\"ticket\":\"")?;
                w.write_all(token.as_bytes())?;
                w.write_all(b"\"}\n")
            }
            other => {
                serde_json::to_writer(&mut *w, other)?;
                w.write_all(b"\n")
            }
        }
    }
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

/// Map, check and sign one line. With `--out-dir`, also returns the file the ticket goes to
/// (written later, once duplicate names are settled); a claim whose file exists is skipped
/// before signing when `--skip-existing` is given.
fn mint_line(
    minter: &Minter,
    line: usize,
    text: &[u8],
    now: i64,
    opts: &BatchOptions,
) -> (LineOutcome, Option<PathBuf>) {
    let fail = |e: String| (LineOutcome::Failed { line, error: e }, None);
    if text.is_empty() {
        return fail(format!("the line is longer than {MAX_LINE_BYTES} bytes"));
    }
    let prepared = match minter.prepare(text, now) {
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
    if let Some(t) = &target {
        if opts.skip_existing && t.exists() {
            let skipped = format!("{} exists", t.display());
            return (LineOutcome::Skipped { line, claim, skipped }, target);
        }
    }
    // Only errors and warnings are shown for a batch line.
    let minted = match minter.finish(prepared, now, Severity::Warning) {
        Ok(m) => m,
        Err(MintError::Lint(findings)) => {
            let msgs: Vec<String> = findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .map(|f| format!("{} at {}: {}", f.rule, f.pointer, f.message))
                .collect();
            return fail(format!("the ticket would be invalid: {}", msgs.join("; ")));
        }
        Err(e) => return fail(e.to_string()),
    };
    let warnings = minted
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .map(|f| format!("{}: {}", f.rule, f.message))
        .collect();
    let outcome = LineOutcome::Minted {
        line,
        claim,
        jti: minted.jti().map(str::to_string),
        exp: minted.exp(),
        ticket: minted.token,
        file: None,
        warnings,
    };
    (outcome, target)
}

/// Write a minted line's ticket to its file; the outcome then names the file.
fn write_line(outcome: &mut LineOutcome, target: &Path, force: bool) {
    if let LineOutcome::Minted {
        line, ticket, file, ..
    } = outcome
    {
        match write_ticket(target, ticket.as_deref().unwrap_or_default(), force) {
            Ok(()) => {
                *ticket = None;
                *file = Some(target.display().to_string());
            }
            Err(e) => {
                *outcome = LineOutcome::Failed {
                    line: *line,
                    error: e.to_string(),
                }
            }
        }
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

/// A chunk of input: the bytes of its lines, and each line's number and range in them (an
/// empty range marks an over-long line).
#[derive(Default)]
struct Chunk {
    buf: Vec<u8>,
    lines: Vec<(usize, Range<usize>)>,
    /// Input bytes consumed up to the end of this chunk.
    consumed: u64,
}

/// Reads NDJSON into chunks of at most [`CHUNK_LINES`] lines.
struct Lines<R> {
    input: R,
    line_no: usize,
    consumed: u64,
    eof: bool,
}

impl<R: BufRead> Lines<R> {
    /// Refill `chunk` (its buffers are reused, so memory stays flat).
    fn fill(&mut self, chunk: &mut Chunk) -> io::Result<()> {
        chunk.buf.clear();
        chunk.lines.clear();
        while chunk.lines.len() < CHUNK_LINES && !self.eof {
            let buf = &mut chunk.buf;
            let start = buf.len();
            let n = read_line(&mut self.input, buf, MAX_LINE_BYTES + 1)?;
            if n == 0 {
                self.eof = true;
                break;
            }
            self.consumed += n as u64;
            self.line_no += 1;
            if n > MAX_LINE_BYTES && !buf.ends_with(b"\n") {
                // Skip the rest of an over-long line; an empty range marks it.
                buf.truncate(start);
                let mut rest = Vec::new();
                loop {
                    rest.clear();
                    let m = read_line(&mut self.input, &mut rest, 1 << 20)?;
                    self.consumed += m as u64;
                    if m == 0 || rest.ends_with(b"\n") {
                        break;
                    }
                }
                chunk.lines.push((self.line_no, start..start));
                continue;
            }
            if buf[start..].iter().all(u8::is_ascii_whitespace) {
                buf.truncate(start);
                continue; // blank lines carry no claim
            }
            chunk.lines.push((self.line_no, start..buf.len()));
        }
        chunk.consumed = self.consumed;
        Ok(())
    }
}

/// Append the next line of `input`, through its `\n`, to `buf`, but at most `limit` bytes;
/// the number of bytes appended (0 at the end of the input). What `read_until` does on a
/// `take(limit)`, with a vectorized search for the newline.
fn read_line(input: &mut impl BufRead, buf: &mut Vec<u8>, limit: usize) -> io::Result<usize> {
    let mut read = 0;
    while read < limit {
        let available = match input.fill_buf() {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        let window = &available[..available.len().min(limit - read)];
        let (used, newline) = match memchr::memchr(b'\n', window) {
            Some(i) => (i + 1, true),
            None => (window.len(), false),
        };
        buf.extend_from_slice(&window[..used]);
        input.consume(used);
        read += used;
        if newline {
            break;
        }
    }
    Ok(read)
}

/// The file names a run has claimed so far, each with the line that claimed it. Names are kept
/// as 64-bit hashes (about 20 bytes a claim instead of the whole path); two names sharing a hash
/// (odds about 1 in 10^7 over a million claims) fail the later line as a duplicate, which is
/// reported, never a silent overwrite.
#[derive(Default)]
struct Claimed(HashMap<u64, usize>);

impl Claimed {
    /// The earlier line that claimed `path`, or None (and `path` is now `line`'s).
    fn claim(&mut self, path: &Path, line: usize) -> Option<usize> {
        use std::hash::BuildHasher;
        let key = std::hash::BuildHasherDefault::<std::hash::DefaultHasher>::default().hash_one(path);
        match self.0.get(&key) {
            Some(first) => Some(*first),
            None => {
                self.0.insert(key, line);
                None
            }
        }
    }
}

/// Mint one chunk on every core, and write its files (`--out-dir`).
fn mint_chunk(
    minter: &Minter,
    chunk: &Chunk,
    now: i64,
    opts: &BatchOptions,
    claimed: &mut Claimed,
) -> Vec<LineOutcome> {
    // In parallel, one pass per line: map, lint, sign.
    let mut outcomes: Vec<(LineOutcome, Option<PathBuf>)> = chunk
        .lines
        .par_iter()
        .map(|(line, range)| mint_line(minter, *line, &chunk.buf[range.clone()], now, opts))
        .collect();
    if opts.out_dir.is_some() {
        // In order: the first line of the run to claim a file name keeps it (minted, or skipped
        // because the file exists); later ones fail.
        for (outcome, target) in &mut outcomes {
            let (LineOutcome::Minted { line, .. } | LineOutcome::Skipped { line, .. }) = *outcome else {
                continue;
            };
            let Some(t) = target.as_ref() else { continue };
            if let Some(first) = claimed.claim(t, line) {
                let error = format!(
                    "{} is also the file of line {first}: claim control numbers must be unique",
                    t.display()
                );
                *outcome = LineOutcome::Failed { line, error };
            }
            if !matches!(outcome, LineOutcome::Minted { .. }) {
                *target = None; // nothing to write
            }
        }
        outcomes.par_iter_mut().for_each(|(outcome, target)| {
            if let Some(t) = target {
                write_line(outcome, t, opts.force);
            }
        });
    }
    outcomes.into_iter().map(|(o, _)| o).collect()
}

/// Mint every line of `input`, calling `emit` for each outcome in input order.
/// `progress` is called with the number of bytes consumed so far.
///
/// A pipeline of two chunks: while the rayon pool mints one, this thread reads the next and
/// emits the one before, so the cores do not wait for input or output.
pub fn run<R: BufRead>(
    minter: &Minter,
    input: R,
    now: i64,
    opts: &BatchOptions,
    mut emit: impl FnMut(&LineOutcome) -> io::Result<()>,
    mut progress: impl FnMut(u64),
) -> io::Result<BatchSummary> {
    let mut lines = Lines {
        input,
        line_no: 0,
        consumed: 0,
        eof: false,
    };
    let mut summary = BatchSummary::default();
    std::thread::scope(|scope| {
        let (work_tx, work_rx) = mpsc::sync_channel::<Chunk>(1);
        let (done_tx, done_rx) = mpsc::sync_channel::<(Chunk, Vec<LineOutcome>)>(1);
        scope.spawn(move || {
            let mut claimed = Claimed::default();
            for chunk in work_rx {
                let outcomes = mint_chunk(minter, &chunk, now, opts, &mut claimed);
                if done_tx.send((chunk, outcomes)).is_err() {
                    return; // the reader stopped (an error); nothing more to do
                }
            }
        });
        let stopped = || io::Error::other("the minting thread stopped");
        let mut next = Chunk::default();
        lines.fill(&mut next)?;
        let mut in_flight = !next.lines.is_empty();
        if in_flight {
            work_tx.send(std::mem::take(&mut next)).map_err(|_| stopped())?;
        }
        while in_flight {
            lines.fill(&mut next)?;
            let (done, outcomes) = done_rx.recv().map_err(|_| stopped())?;
            let consumed = done.consumed;
            in_flight = !next.lines.is_empty();
            if in_flight {
                work_tx
                    .send(std::mem::replace(&mut next, done))
                    .map_err(|_| stopped())?;
            } else {
                next = done;
            }
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
        }
        Ok(summary)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ndjson_rows_are_what_serde_json_writes() {
        let minted = |ticket: &str| LineOutcome::Minted {
            line: 7,
            claim: Some("CLM \"7\"\n".into()),
            jti: None,
            exp: Some(1_794_771_120),
            ticket: Some(ticket.into()),
            file: None,
            warnings: vec!["ignored".into()],
        };
        let rows = [
            minted("eyJhbGciOiJFUzI1NiJ9.e30.sig-_0"),
            minted("not \"a\" token\u{7}"),
            LineOutcome::Failed {
                line: 3,
                error: "bad \"line\"".into(),
            },
        ];
        for row in rows {
            let mut ours = Vec::new();
            row.write_ndjson(&mut ours).unwrap();
            let mut theirs = serde_json::to_vec(&row).unwrap();
            theirs.push(b'\n');
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                String::from_utf8(theirs).unwrap()
            );
        }
    }

    #[test]
    fn lines_are_read_like_read_until_on_a_take() {
        let text = b"first\n\nsecond line\nno newline at the end";
        for capacity in [1, 2, 5, 64] {
            for limit in [1, 3, 6, 7, 12, 100] {
                let mut ours = io::BufReader::with_capacity(capacity, &text[..]);
                let mut theirs = io::BufReader::with_capacity(capacity, &text[..]);
                loop {
                    let (mut a, mut b) = (Vec::new(), Vec::new());
                    let n = read_line(&mut ours, &mut a, limit).unwrap();
                    let m = io::Read::take(io::Read::by_ref(&mut theirs), limit as u64)
                        .read_until(b'\n', &mut b)
                        .unwrap();
                    assert_eq!((n, &a), (m, &b), "capacity {capacity}, limit {limit}");
                    if n == 0 {
                        break;
                    }
                }
            }
        }
    }

    #[test]
    fn file_names_are_safe() {
        assert_eq!(file_name(Some("CLM-2026-0042"), 1), "CLM-2026-0042.jwt");
        assert_eq!(file_name(Some("../../etc/passwd"), 1), "_.._etc_passwd.jwt");
        assert_eq!(file_name(Some("a/b c"), 1), "a_b_c.jwt");
        assert_eq!(file_name(None, 7), "line-7.jwt");
        assert_eq!(file_name(Some("..."), 3), "line-3.jwt");
    }
}
