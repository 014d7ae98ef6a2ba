//! `ptix mint --batch`: NDJSON in (one FHIR Claim or Bundle per line), one ticket per line out.
//!
//! Lines are read in chunks, minted in parallel on every core with one prepared signer, and
//! reported in input order, so memory stays flat whatever the input size. A bad line is
//! reported and the batch goes on.

use std::collections::HashMap;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use super::mint::{MintError, Minter};
use crate::io::FileError;
use crate::rules::Severity;

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
                use crate::jose::json::write_str;
                // Everything before the token, then the token as it is.
                let mut head = Vec::with_capacity(192);
                let text = |head: &mut Vec<u8>, s: &Option<String>| match s {
                    Some(s) => write_str(s, head),
                    None => head.extend_from_slice(b"null"),
                };
                head.extend_from_slice(b"{\"line\":");
                serde_json::to_writer(&mut head, line)?;
                head.extend_from_slice(b",\"claim\":");
                text(&mut head, claim);
                head.extend_from_slice(b",\"jti\":");
                text(&mut head, jti);
                head.extend_from_slice(b",\"exp\":");
                serde_json::to_writer(&mut head, exp)?;
                head.extend_from_slice(b",\"ticket\":\"");
                w.write_all(&head)?;
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

/// Longest file-name stem taken from a control number as it is; a longer one is cut and ends in
/// a hash of the whole number, so names stay distinct and under the usual 255-byte limit.
const MAX_STEM: usize = 120;

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
    } else if stem.len() > MAX_STEM {
        // FNV-1a of the control number as given: the same number gets the same name on a rerun.
        let hash = claim
            .unwrap_or_default()
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
            });
        format!("{}-{hash:016x}", &stem[..MAX_STEM - 17])
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
        // A line is one line: serde_json's "line 1" would read as another line of the file.
        Err(e) => return fail(e.to_string().replace(" at line 1 column ", " at column ")),
    };
    // The provider's control number only: a claim without one is named by its line (README).
    let claim = prepared.control_number.clone();
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
/// Write a minted line's ticket; a failure that is not an existing file (a read-only
/// directory, a full disk) is returned: it ends the run.
fn write_line(outcome: &mut LineOutcome, target: &Path, force: bool) -> Option<String> {
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
                // A directory where the file goes is this line's problem; anything else (a
                // read-only directory, a full disk) is every line's.
                let fatal = (!matches!(e, FileError::ExistsInBatch { .. }) && !target.is_dir())
                    .then(|| e.to_string());
                *outcome = LineOutcome::Failed {
                    line: *line,
                    error: e.to_string(),
                };
                return fatal;
            }
        }
    }
    None
}

fn write_ticket(path: &Path, token: &str, force: bool) -> Result<(), FileError> {
    let text = format!("{token}\n");
    match crate::io::write_atomic(path, text.as_bytes(), 0o644, force) {
        Err(FileError::Exists { path }) => Err(FileError::ExistsInBatch { path }),
        other => other,
    }
}

/// A chunk of input: the bytes of its lines, read straight from the input into `buf`, and each
/// line's number and range in them (an empty range marks an over-long line).
#[derive(Default)]
struct Chunk {
    /// Initialized memory, reused from chunk to chunk (it grows, it is never cleared).
    buf: Vec<u8>,
    lines: Vec<(usize, Range<usize>)>,
    /// Input bytes consumed up to the end of this chunk.
    consumed: u64,
}

/// How [`Lines`] cuts its input.
#[derive(Debug, Clone, Copy)]
struct Limits {
    /// A chunk ends after the first line that ends past this many bytes...
    chunk_bytes: usize,
    /// ... or at this many lines.
    chunk_lines: usize,
    /// Bytes asked of the input at a time.
    read_bytes: usize,
    /// Longer lines are refused (and not kept in memory).
    max_line: usize,
}

/// The batch's limits: chunks of about 1 MiB (some 130 claims of 8 KB: enough to keep every
/// core busy, few enough to stay in the processor's caches and keep memory flat), at most 4096
/// lines (lines of a few bytes hold no claim), read 256 KiB at a time.
const LIMITS: Limits = Limits {
    chunk_bytes: 1 << 20,
    chunk_lines: 4096,
    read_bytes: 256 << 10,
    max_line: MAX_LINE_BYTES,
};

/// Reads NDJSON into chunks. The input is read in large blocks straight into the chunk's buffer
/// (no intermediate buffer to copy from); only the start of a line cut by the end of a chunk is
/// copied, into the next one.
struct Lines<R> {
    input: R,
    limits: Limits,
    line_no: usize,
    /// Input bytes read so far.
    read: u64,
    eof: bool,
    /// The start of a line that did not end in the last chunk.
    carry: Vec<u8>,
    /// Inside an over-long line (already reported): its bytes are dropped up to its newline.
    skipping: bool,
}

impl<R: io::Read> Lines<R> {
    fn new(input: R, limits: Limits) -> Self {
        Lines {
            input,
            limits,
            line_no: 0,
            read: 0,
            eof: false,
            carry: Vec::new(),
            skipping: false,
        }
    }

    /// Nothing more to read.
    fn finished(&self) -> bool {
        self.eof && self.carry.is_empty()
    }

    /// Refill `chunk` with the next lines (none, when they were all blank, or at the end).
    fn fill(&mut self, chunk: &mut Chunk) -> io::Result<()> {
        let limits = self.limits;
        chunk.lines.clear();
        let buf = &mut chunk.buf;
        let mut len = self.carry.len();
        if buf.len() < len {
            buf.resize(len, 0);
        }
        buf[..len].copy_from_slice(&self.carry);
        self.carry.clear();
        // `buf[line_start..len]` is an unfinished line with no newline before `scanned`.
        let (mut line_start, mut scanned) = (0, 0);
        loop {
            while chunk.lines.len() < limits.chunk_lines {
                let Some(i) = memchr::memchr(b'\n', &buf[scanned..len]) else {
                    scanned = len;
                    break;
                };
                let end = scanned + i + 1;
                self.line(buf, line_start..end, &mut chunk.lines);
                (line_start, scanned) = (end, end);
            }
            if chunk.lines.len() >= limits.chunk_lines || (len >= limits.chunk_bytes && line_start > 0) {
                break;
            }
            if len - line_start > limits.max_line {
                // Report an over-long line once, as soon as it is one, and drop its bytes.
                if !self.skipping {
                    self.line_no += 1;
                    chunk.lines.push((self.line_no, line_start..line_start));
                    self.skipping = true;
                }
                (len, scanned) = (line_start, line_start);
            }
            if self.eof {
                if len > line_start {
                    self.line(buf, line_start..len, &mut chunk.lines); // no newline at the end
                    line_start = len;
                }
                break;
            }
            if buf.len() < len + limits.read_bytes {
                buf.resize(len + limits.read_bytes, 0);
            }
            match self.input.read(&mut buf[len..len + limits.read_bytes]) {
                Ok(0) => self.eof = true,
                Ok(n) => {
                    len += n;
                    self.read += n as u64;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        self.carry.extend_from_slice(&buf[line_start..len]);
        chunk.consumed = self.read - self.carry.len() as u64;
        Ok(())
    }

    /// Account for one line (`range`: its bytes, with its newline if it has one). The line's
    /// claim is its bytes without the newline (or CRLF), so a parse error's line and column are
    /// within the line.
    fn line(&mut self, buf: &[u8], range: Range<usize>, lines: &mut Vec<(usize, Range<usize>)>) {
        if std::mem::take(&mut self.skipping) {
            return; // the end of an over-long line, already reported
        }
        self.line_no += 1;
        let text = &buf[range.clone()];
        let body = text.strip_suffix(b"\n").unwrap_or(text);
        let body = body.strip_suffix(b"\r").unwrap_or(body);
        if body.len() > self.limits.max_line {
            lines.push((self.line_no, range.start..range.start));
        } else if !body.iter().all(u8::is_ascii_whitespace) {
            lines.push((self.line_no, range.start..range.start + body.len())); // blank lines carry no claim
        }
    }
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

/// `--out-dir`: settle file names in input order (the first line of the run to claim a name
/// keeps it, minted or skipped because the file exists; later ones fail), then write the files
/// on every core.
fn write_files(
    outcomes: &mut [(LineOutcome, Option<PathBuf>)],
    opts: &BatchOptions,
    claimed: &mut Claimed,
) -> Option<String> {
    for (outcome, target) in outcomes.iter_mut() {
        let (LineOutcome::Minted { line, .. } | LineOutcome::Skipped { line, .. }) = *outcome else {
            continue;
        };
        let Some(t) = target.as_ref() else { continue };
        if let Some(first) = claimed.claim(t, line) {
            let error = format!(
                "{} is also the file of line {first}: the two claims' control numbers are the same, or differ only in characters a file name does not keep (other than letters, digits, '.', '_' and '-'); control numbers must be unique",
                t.display()
            );
            *outcome = LineOutcome::Failed { line, error };
        }
        if !matches!(outcome, LineOutcome::Minted { .. }) {
            *target = None; // nothing to write
        }
    }
    outcomes
        .par_iter_mut()
        .filter_map(|(outcome, target)| write_line(outcome, target.as_ref()?, opts.force))
        .min()
}

/// Mint every line of `input`, calling `emit` for each outcome in input order.
/// `progress` is called with the number of bytes consumed so far.
///
/// This thread reads chunks of lines and reports them; the lines are minted on every core
/// ([`super::pipeline::ordered`]), three chunks in flight; chunk buffers circulate, so memory
/// stays flat.
pub fn run<R: io::Read>(
    minter: &Minter,
    input: R,
    now: i64,
    opts: &BatchOptions,
    emit: impl FnMut(&LineOutcome) -> io::Result<()>,
    progress: impl FnMut(u64),
) -> io::Result<BatchSummary> {
    run_with(LIMITS, minter, input, now, opts, emit, progress)
}

/// [`run`], with input cut by `limits`.
fn run_with<R: io::Read>(
    limits: Limits,
    minter: &Minter,
    input: R,
    now: i64,
    opts: &BatchOptions,
    mut emit: impl FnMut(&LineOutcome) -> io::Result<()>,
    mut progress: impl FnMut(u64),
) -> io::Result<BatchSummary> {
    let mut lines = Lines::new(input, limits);
    let mut summary = BatchSummary::default();
    let mut claimed = Claimed::default();
    // Buffers of reported chunks, for the next ones.
    let free = std::cell::RefCell::new(Vec::<Chunk>::new());
    super::pipeline::ordered(
        3,
        || {
            let mut chunk = free.borrow_mut().pop().unwrap_or_default();
            while !lines.finished() {
                lines.fill(&mut chunk)?;
                if !chunk.lines.is_empty() {
                    return Ok(Some(chunk));
                }
            }
            Ok(None) // (blank lines only)
        },
        |chunk| chunk.lines.len(),
        |chunk, i| {
            let (line, range) = &chunk.lines[i];
            mint_line(minter, *line, &chunk.buf[range.clone()], now, opts)
        },
        |chunk, results| {
            let mut outcomes: Vec<_> = results
                .into_iter()
                .zip(&chunk.lines)
                .map(|(result, (line, _))| {
                    result.unwrap_or_else(|| {
                        let error = "internal error: the line was not minted (see the message above)";
                        let outcome = LineOutcome::Failed {
                            line: *line,
                            error: error.to_string(),
                        };
                        (outcome, None)
                    })
                })
                .collect();
            let unwritable = match opts.out_dir {
                Some(_) => write_files(&mut outcomes, opts, &mut claimed),
                None => None,
            };
            for (o, _) in &outcomes {
                summary.lines += 1;
                match o {
                    LineOutcome::Minted { .. } => summary.minted += 1,
                    LineOutcome::Skipped { .. } => summary.skipped += 1,
                    LineOutcome::Failed { .. } => summary.failed += 1,
                }
                emit(o)?;
            }
            progress(chunk.consumed);
            free.borrow_mut().push(chunk);
            // The rest could not be written either: stop (exit 2), with this chunk reported.
            match unwritable {
                Some(e) => Err(io::Error::other(format!("the batch stopped: {e}"))),
                None => Ok(()),
            }
        },
    )?;
    Ok(summary)
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

    /// What [`Lines`] must find in `text`: each line's number and bytes (without its newline or
    /// CRLF), or `None` for a line longer than `max_line`; blank lines left out.
    fn expected_lines(text: &[u8], max_line: usize) -> Vec<(usize, Option<Vec<u8>>)> {
        text.split_inclusive(|b| *b == b'\n')
            .enumerate()
            .filter_map(|(i, line)| {
                let body = line.strip_suffix(b"\n").unwrap_or(line);
                let body = body.strip_suffix(b"\r").unwrap_or(body);
                if body.len() > max_line {
                    Some((i + 1, None))
                } else if body.iter().all(u8::is_ascii_whitespace) {
                    None
                } else {
                    Some((i + 1, Some(body.to_vec())))
                }
            })
            .collect()
    }

    /// A reader that gives at most `step` bytes a call, and is interrupted every third call.
    struct Trickle<'a> {
        text: &'a [u8],
        step: usize,
        calls: usize,
    }

    impl io::Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            self.calls += 1;
            if self.calls % 3 == 0 {
                return Err(io::ErrorKind::Interrupted.into());
            }
            let n = self.step.min(out.len()).min(self.text.len());
            out[..n].copy_from_slice(&self.text[..n]);
            self.text = &self.text[n..];
            Ok(n)
        }
    }

    #[test]
    fn lines_are_cut_into_chunks_whatever_the_reads_and_limits() {
        let mut texts: Vec<Vec<u8>> = [
            &b"first\n\nsecond line\nno newline at the end"[..],
            b"a\nbb\n\n  \nccc\n",
            b"\n\n\n",
            b"",
            b"x",
            b"crlf\r\n\r\nlast\r\n",
            b"0123456789\n012345678901\nshort\n0123456789012345678901234567890\n",
        ]
        .iter()
        .map(|t| t.to_vec())
        .collect();
        // Pseudo-random lines of 0-30 bytes, some blank, some spaces only.
        let mut seed = 7u32;
        for _ in 0..20 {
            let mut text = Vec::new();
            for _ in 0..(seed % 17) {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let n = (seed >> 16) as usize % 31;
                text.extend((0..n).map(|i| {
                    if (seed >> 8) % 5 == 0 {
                        b' '
                    } else {
                        b'a' + (i % 26) as u8
                    }
                }));
                text.push(b'\n');
            }
            if seed % 3 == 0 {
                text.extend_from_slice(b"tail");
            }
            texts.push(text);
        }
        for text in &texts {
            for (chunk_bytes, chunk_lines, read_bytes, max_line, step) in [
                (1, 1, 1, 3, 1),
                (8, 2, 3, 10, 2),
                (16, 3, 5, 12, 64),
                (4, 100, 7, 1, 3),
                (64, 1000, 64, 1000, 5),
                (1000, 2, 2, 20, 1000),
            ] {
                let limits = Limits {
                    chunk_bytes,
                    chunk_lines,
                    read_bytes,
                    max_line,
                };
                let context = format!(
                    "{limits:?}, {step} bytes a read, text {:?}",
                    String::from_utf8_lossy(text)
                );
                let input = Trickle { text, step, calls: 0 };
                let mut lines = Lines::new(input, limits);
                let mut chunk = Chunk::default();
                let mut found = Vec::new();
                let mut consumed = 0;
                for _ in 0..10_000 {
                    if lines.finished() {
                        break;
                    }
                    lines.fill(&mut chunk).unwrap();
                    assert!(chunk.lines.len() <= chunk_lines, "{context}");
                    assert!(chunk.consumed >= consumed, "{context}");
                    consumed = chunk.consumed;
                    for (no, range) in &chunk.lines {
                        let bytes = (!range.is_empty()).then(|| chunk.buf[range.clone()].to_vec());
                        found.push((*no, bytes));
                    }
                }
                assert!(lines.finished(), "{context}");
                assert_eq!(consumed, text.len() as u64, "{context}");
                assert_eq!(found, expected_lines(text, max_line), "{context}");
            }
        }
    }

    fn demo_minter() -> Minter {
        let root = env!("CARGO_MANIFEST_DIR");
        let pem = std::fs::read(format!("{root}/keys/demo-issuer.key.pem")).unwrap();
        let key = crate::keys::load::load_signing_key(&pem, "demo", None).unwrap();
        let options = crate::ticket::build::MintOptions {
            issuer: Some("https://fhir.provider.example.org".into()),
            lifetime: crate::ticket::build::DEFAULT_LIFETIME,
            ..Default::default()
        };
        Minter {
            key: Some(key),
            options,
            typ: None,
            leeway: 60,
        }
    }

    /// A shipped sample claim as one NDJSON line (without the newline).
    fn compact_sample_claim() -> String {
        let root = env!("CARGO_MANIFEST_DIR");
        let claim =
            std::fs::read_to_string(format!("{root}/samples/claims/prior-authorization.json")).unwrap();
        serde_json::from_str::<serde_json::Value>(&claim)
            .unwrap()
            .to_string()
    }

    /// 300 lines (claims, lines that are not JSON, blank lines) in chunks of at most 1-7 lines:
    /// many chunks in flight at once, finishing in any order, reported in input order.
    #[test]
    fn outcomes_come_in_input_order_across_many_small_chunks() {
        let claim = compact_sample_claim();
        let mut text = String::new();
        let mut expected = Vec::new(); // (line, minted?)
        for line in 1..=300 {
            match line % 5 {
                0 => text.push_str("{not json"),
                3 => {} // blank: no outcome
                _ => text.push_str(&claim),
            }
            if line % 5 != 3 {
                expected.push((line, line % 5 != 0));
            }
            text.push('\n');
        }
        let minter = demo_minter();
        let now = 1_793_836_800;
        for chunk_lines in [1, 2, 7] {
            let limits = Limits {
                chunk_bytes: 1 << 20,
                chunk_lines,
                read_bytes: 4096,
                max_line: 1 << 20,
            };
            let mut seen = Vec::new();
            let mut consumed = Vec::new();
            let summary = run_with(
                limits,
                &minter,
                text.as_bytes(),
                now,
                &BatchOptions::default(),
                |o| {
                    seen.push(match o {
                        LineOutcome::Minted { line, ticket, .. } => (*line, ticket.is_some()),
                        LineOutcome::Failed { line, .. } => (*line, false),
                        LineOutcome::Skipped { line, .. } => (*line, false),
                    });
                    Ok(())
                },
                |bytes| consumed.push(bytes),
            )
            .unwrap();
            assert_eq!(seen, expected, "{chunk_lines} line(s) a chunk");
            assert_eq!((summary.lines, summary.minted, summary.failed), (240, 180, 60));
            assert!(
                consumed.windows(2).all(|w| w[0] <= w[1]),
                "progress only moves forward"
            );
            assert_eq!(consumed.last().copied(), Some(text.len() as u64));
        }
    }

    /// When the output fails (a closed pipe), the batch stops with that error and mints no
    /// more than the chunks already in flight.
    #[test]
    fn an_output_error_stops_the_batch() {
        let claim = compact_sample_claim();
        let text = format!("{claim}\n").repeat(2000);
        let limits = Limits {
            chunk_bytes: 1 << 20,
            chunk_lines: 10,
            read_bytes: 1 << 16,
            max_line: 1 << 20,
        };
        let mut emitted = 0;
        let mut consumed = 0;
        let result = run_with(
            limits,
            &demo_minter(),
            text.as_bytes(),
            1_793_836_800,
            &BatchOptions::default(),
            |_| {
                emitted += 1;
                if emitted == 15 {
                    return Err(io::ErrorKind::BrokenPipe.into());
                }
                Ok(())
            },
            |bytes| consumed = bytes,
        );
        assert_eq!(result.unwrap_err().kind(), io::ErrorKind::BrokenPipe);
        assert_eq!(emitted, 15);
        assert!(
            consumed < text.len() as u64 / 10,
            "stopped early: {consumed} bytes reported"
        );
    }

    #[test]
    fn file_names_are_safe() {
        assert_eq!(file_name(Some("CLM-2026-0042"), 1), "CLM-2026-0042.jwt");
        assert_eq!(file_name(Some("../../etc/passwd"), 1), "_.._etc_passwd.jwt");
        assert_eq!(file_name(Some("a/b c"), 1), "a_b_c.jwt");
        assert_eq!(file_name(None, 7), "line-7.jwt");
        assert_eq!(file_name(Some("..."), 3), "line-3.jwt");
        // A long number is cut, ending in a hash of all of it: distinct, and the same each run.
        let long = "9".repeat(300);
        let name = file_name(Some(&long), 1);
        assert_eq!(name.len(), MAX_STEM + ".jwt".len(), "{name}");
        assert_eq!(name, file_name(Some(&long), 2));
        assert_ne!(name, file_name(Some(&format!("{long}8")), 1));
    }
}
