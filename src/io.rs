//! Inputs (a file, `-` for stdin, or the text itself) and atomic file output.
//!
//! Files are written to a temporary file beside the target, flushed to disk, then moved into
//! place, so a reader (or a crash) never sees half a file. Private keys get mode 0600 from the
//! moment the temporary file is created.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// `bytes` without a UTF-8 byte order mark at the start (Windows tools write one; RFC 8259 §8.1
/// lets a JSON parser ignore it). Every file ptix reads as JSON or PEM goes through this.
pub fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// What went wrong with a file, and which file.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: io::Error },
    #[error("{path} is larger than {max} bytes; refusing to read it")]
    TooLarge { path: String, max: u64 },
    #[error("{path}: no such file")]
    NotFound { path: String },
    #[error(
        "{path}: no such file, and it is not {what} either (give a file, `-` for stdin, or {what} itself)"
    )]
    NoSuchInput { path: String, what: &'static str },
    #[error("-: stdin feeds one input a run, and another input of this command already read it; give this one as a file")]
    StdinTwice,
    #[error("{path} is a directory; give a file")]
    Directory { path: String },
    #[error("{path}: the directory holds no {looked_for} files, so there is nothing to check")]
    NothingInDirectory { path: String, looked_for: String },
    #[error("{path} already exists; use --force to overwrite it")]
    Exists { path: String },
    #[error("{path} already exists; give --skip-existing to resume a run, or --force to replace it")]
    ExistsInBatch { path: String },
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: io::Error },
}

impl FileError {
    /// The file (or directory) the error is about.
    pub fn path(&self) -> &str {
        match self {
            FileError::Read { path, .. }
            | FileError::TooLarge { path, .. }
            | FileError::NotFound { path }
            | FileError::NoSuchInput { path, .. }
            | FileError::Directory { path }
            | FileError::NothingInDirectory { path, .. }
            | FileError::Exists { path }
            | FileError::ExistsInBatch { path }
            | FileError::Write { path, .. } => path,
            FileError::StdinTwice => "-",
        }
    }
}

/// Where an input came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    File(PathBuf),
    Stdin,
    /// The argument itself was the content (a token).
    Literal,
}

/// An input's bytes and a label for messages.
#[derive(Debug, Clone)]
pub struct Input {
    pub label: String,
    pub source: Source,
    pub bytes: Vec<u8>,
}

impl Input {
    /// The content as text, without surrounding whitespace (lossy for non-UTF-8 bytes).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).trim().to_string()
    }
}

/// Does this argument look like content rather than a path: JSON, a compact JWS or JWE, a
/// `Bearer` header value, or a form-encoded token-exchange body (`subject_token=...`)?
fn looks_like_content(arg: &str) -> bool {
    let t = arg.trim();
    t.starts_with('{')
        || t.starts_with("Bearer ")
        || t.starts_with("bearer ")
        || t.contains("subject_token=")
        // No file has a name longer than 255 bytes (NAME_MAX): a long argument is content.
        || t.split('/').any(|name| name.len() > 255)
        || looks_like_compact(t)
}

/// A compact JWS or JWE. One whose header starts `{"` (base64url `eyJ`, as nearly all do) is
/// taken however broken, so its errors are reported as a token's: dots and no slash suffice.
/// A header starting `{ ` (`eyA`) or `{` and a line break or tab (`ew`) must look like a whole
/// token: two or four dots, base64url characters only, so a missing `ewan.jwt` is a missing
/// file. So must any other (a header that is no JSON object, say), with a first part as long as
/// a header and a last part as long as a signature (or none, unsigned) rather than a name and an
/// extension: `a.b.jwt` and `ticket.jwt.bak-20261105-120000` are file names.
fn looks_like_compact(t: &str) -> bool {
    if t.starts_with("eyJ") {
        return t.contains('.') && !t.contains('/');
    }
    if t.starts_with("eyA") || t.starts_with("ew") {
        return matches!(t.split('.').count(), 3 | 5) && jose_text(t);
    }
    compact_parts(t).is_some()
}

/// Base64url characters (with `=`, which a verifier refuses with a reason) and dots only.
fn jose_text(t: &str) -> bool {
    t.bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'='))
}

/// The number of parts of text shaped like a compact JWS (3) or JWE (5), whatever its header
/// decodes to: base64url characters and dots, a first part as long as a header and a last as
/// long as a signature (or none: unsigned). `None` for anything else, such as file names.
pub fn compact_parts(t: &str) -> Option<usize> {
    let parts = t.split('.').count();
    let header = t.split('.').next().is_some_and(|h| h.len() >= 8);
    let last = t
        .rsplit('.')
        .next()
        .is_some_and(|s| s.is_empty() || s.len() >= 16);
    (matches!(parts, 3 | 5) && jose_text(t) && header && last).then_some(parts)
}

/// Whether an input has read stdin: it can feed one input a run (`verify - --jwks -` would
/// give the second nothing).
static STDIN_TAKEN: AtomicBool = AtomicBool::new(false);

/// Claim stdin for one input (`-`); an error when another input has claimed it.
pub fn take_stdin() -> Result<(), FileError> {
    match STDIN_TAKEN.swap(true, Ordering::SeqCst) {
        true => Err(FileError::StdinTwice),
        false => Ok(()),
    }
}

/// Read all of stdin, at most `max` bytes, for the one input that may.
pub fn read_stdin(max: u64) -> Result<Vec<u8>, FileError> {
    take_stdin()?;
    let mut bytes = Vec::new();
    io::stdin()
        .lock()
        .take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| FileError::Read {
            path: "stdin".into(),
            source,
        })?;
    if bytes.len() as u64 > max {
        return Err(FileError::TooLarge {
            path: "stdin".into(),
            max,
        });
    }
    Ok(bytes)
}

/// A path given on the command line, as messages show it: `stdin` for `-`, and never the text
/// of a value that is no file name at all (several lines, a PEM block, JSON: key material or a
/// secret given where a path was expected) lest an error print it.
pub fn shown(path: &Path) -> String {
    let text = path.to_string_lossy();
    if text == "-" {
        return "stdin".into();
    }
    let content = text.contains(['\n', '\r'])
        || text.contains("-----BEGIN")
        || text.trim_start().starts_with('{')
        || text.len() > 1024;
    match content {
        true => format!(
            "the value given ({} bytes of text, not a file name: give the path of a file holding it, or `-` and the text on stdin)",
            text.len()
        ),
        false => text.into_owned(),
    }
}

/// Read an input: `-` is stdin, an existing path is a file, and content-looking text is the
/// content itself (`what` it is, for a message naming neither). At most `max` bytes are read.
pub fn read_input(arg: &str, max: u64, what: &'static str) -> Result<Input, FileError> {
    if arg == "-" {
        return Ok(Input {
            label: "stdin".into(),
            source: Source::Stdin,
            bytes: read_stdin(max)?,
        });
    }
    let path = Path::new(arg);
    if !looks_like_content(arg) || path.exists() {
        return read_file(path, max)
            .map(|bytes| Input {
                label: arg.to_string(),
                source: Source::File(path.to_path_buf()),
                bytes,
            })
            .map_err(|e| match e {
                FileError::NotFound { path } => FileError::NoSuchInput { path, what },
                e => e,
            });
    }
    Ok(Input {
        label: "token argument".into(),
        source: Source::Literal,
        bytes: arg.as_bytes().to_vec(),
    })
}

/// Read a whole file of at most `max` bytes (`-`: stdin).
pub fn read_file(path: &Path, max: u64) -> Result<Vec<u8>, FileError> {
    if path == Path::new("-") {
        return read_stdin(max);
    }
    let shown = shown(path);
    let file = File::open(path).map_err(|source| match source.kind() {
        io::ErrorKind::NotFound => FileError::NotFound { path: shown.clone() },
        _ => FileError::Read {
            path: shown.clone(),
            source,
        },
    })?;
    let meta = file.metadata().map_err(|source| FileError::Read {
        path: shown.clone(),
        source,
    })?;
    if meta.is_dir() {
        return Err(FileError::Directory { path: shown });
    }
    // Sized up front: growing the buffer while reading would leave copies of a key file's bytes
    // in freed memory, out of reach of the caller's `Zeroizing`.
    let mut bytes = Vec::with_capacity(meta.len().min(max) as usize + 1);
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| FileError::Read {
            path: shown.clone(),
            source,
        })?;
    if bytes.len() as u64 > max {
        return Err(FileError::TooLarge { path: shown, max });
    }
    Ok(bytes)
}

/// One file to write: where, what, and with which permissions.
#[derive(Clone)]
pub struct Output<'a> {
    pub path: PathBuf,
    pub contents: &'a [u8],
    /// Unix permission bits (0o600 for private keys, 0o644 otherwise). A file no one but its
    /// owner may read is a secret: it only ever goes to a regular file (see [`write_all_atomic`]).
    pub mode: u32,
}

impl Output<'_> {
    fn secret(&self) -> bool {
        self.mode & 0o077 == 0
    }
}

/// Write several files all-or-nothing: every file goes to a temporary file first; only when all
/// are on disk are they moved into place, and when one cannot be, those placed before it are put
/// back as they were. Without `overwrite`, an existing target is an error and nothing is written.
///
/// A target that exists and is not a regular file (a FIFO, `/dev/full`) is written to directly:
/// renaming a temporary file over it would replace the device node itself (for root, `--out
/// /dev/null` would turn /dev/null into a regular file). This process's own standard output or
/// error (`-`, `/dev/stdout`, `/dev/fd/1`, `/proc/self/fd/2`, a link to one) is written to as it
/// is open, wherever it goes. Any other symbolic link is replaced, not followed. A secret (a
/// private key) is never written to a stream, a device or a FIFO: it always becomes a regular
/// file of its own, replacing (with `overwrite`) whatever is at its path.
pub fn write_all_atomic(outputs: &[Output<'_>], overwrite: bool) -> Result<(), FileError> {
    write_with(outputs, overwrite, None)
}

/// [`write_all_atomic`] of `outputs`, and `replaced` put in place of an existing file (a JWK
/// Set a key is appended to), all or nothing with them.
pub fn write_all_atomic_replacing(
    outputs: &[Output<'_>],
    overwrite: bool,
    replaced: &Output<'_>,
) -> Result<(), FileError> {
    write_with(outputs, overwrite, Some(replaced))
}

fn write_with(
    outputs: &[Output<'_>],
    overwrite: bool,
    replaced: Option<&Output<'_>>,
) -> Result<(), FileError> {
    let mut streams = Vec::new();
    let mut special = Vec::new();
    let mut regular = Vec::new();
    for o in outputs {
        if let Some(stream) = own_stream(&o.path).filter(|_| !o.secret()) {
            streams.push((stream, o));
            continue;
        }
        // The path itself, not what a link at it names: a symbolic link is replaced, not
        // followed, so a link planted where a key or ticket goes cannot send it elsewhere (to
        // a FIFO someone reads, say).
        let found = fs::symlink_metadata(&o.path);
        if !overwrite && found.is_ok() {
            return Err(FileError::Exists {
                path: o.path.display().to_string(),
            });
        }
        match found {
            Ok(m) if m.is_dir() => {
                return Err(FileError::Directory {
                    path: o.path.display().to_string(),
                })
            }
            Ok(m) if !m.is_file() && !m.file_type().is_symlink() && !o.secret() => special.push(o),
            _ => regular.push((o.clone(), if overwrite { Place::Over } else { Place::New })),
        }
    }
    regular.extend(replaced.map(|r| (r.clone(), Place::Update)));
    write_regular_then(&regular, special, streams)
}

/// [`write_regular`], with devices, FIFOs and streams written once every regular file is ready
/// to be placed and before any is: one that fails leaves the files as they were.
fn write_regular_then(
    regular: &[(Output<'_>, Place)],
    special: Vec<&Output<'_>>,
    streams: Vec<(Stream, &Output<'_>)>,
) -> Result<(), FileError> {
    write_regular(regular, || {
        for o in special {
            write_special(o)?;
        }
        for (stream, o) in streams {
            let err = |source| FileError::Write {
                path: o.path.display().to_string(),
                source,
            };
            match stream {
                Stream::Stdout => {
                    let mut out = io::stdout().lock();
                    out.write_all(o.contents)
                        .and_then(|()| out.flush())
                        .map_err(err)?
                }
                Stream::Stderr => io::stderr().lock().write_all(o.contents).map_err(err)?,
            }
        }
        Ok(())
    })
}

/// How a regular file goes into place.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Only where nothing is (`--force` not given).
    New,
    /// Over whatever is there, with the mode asked, narrowed by the umask.
    Over,
    /// Over the existing file it updates, keeping exactly the mode asked (a published JWK Set
    /// another account serves, whatever this process's umask).
    Update,
}

enum Stream {
    Stdout,
    Stderr,
}

/// The process's own stream a path names, if it names one, itself or through symbolic links
/// (`/dev/stdout` is a link to `/proc/self/fd/1`, which is one to wherever stdout goes).
fn own_stream(path: &Path) -> Option<Stream> {
    let mut at = path.to_path_buf();
    for _ in 0..8 {
        match at.to_str() {
            Some("-" | "/dev/stdout" | "/dev/fd/1" | "/proc/self/fd/1") => return Some(Stream::Stdout),
            Some("/dev/stderr" | "/dev/fd/2" | "/proc/self/fd/2") => return Some(Stream::Stderr),
            _ => {}
        }
        let target = fs::read_link(&at).ok()?;
        at = match at.parent() {
            Some(dir) if target.is_relative() => dir.join(target),
            _ => target,
        };
    }
    None
}

/// Write to an existing device, FIFO or socket in place.
fn write_special(o: &Output<'_>) -> Result<(), FileError> {
    let err = |source| FileError::Write {
        path: o.path.display().to_string(),
        source,
    };
    let mut file = OpenOptions::new().write(true).open(&o.path).map_err(err)?;
    file.write_all(o.contents).and_then(|_| file.flush()).map_err(err)
}

/// Write regular files all or nothing, each with how it goes into place;
/// `before_placing` runs once all are written beside their targets, before any is placed (an
/// error from it places none).
fn write_regular(
    outputs: &[(Output<'_>, Place)],
    before_placing: impl FnOnce() -> Result<(), FileError>,
) -> Result<(), FileError> {
    let mut temps: Vec<PathBuf> = Vec::new();
    let cleanup = |paths: &[PathBuf]| {
        for t in paths {
            let _ = fs::remove_file(t);
        }
    };
    for (o, how) in outputs {
        match write_temp(o, *how == Place::Update) {
            Ok(t) => temps.push(t),
            Err(e) => {
                cleanup(&temps);
                return Err(e);
            }
        }
    }
    // What is replaced is kept under a second name until every file is in place, so a failure
    // part-way puts the earlier ones back: a key pair is never half replaced. A hard link keeps
    // it (a link is kept as the link: `link` does not follow it); where none can be made
    // (another user's file under protected_hardlinks, a file system without them), a copy.
    let mut kept: Vec<Option<PathBuf>> = Vec::new();
    for (o, how) in outputs {
        let exists = fs::symlink_metadata(&o.path).is_ok_and(|m| !m.is_dir());
        let keep = (*how != Place::New && exists)
            .then(|| sibling(&o.path, "old"))
            .filter(|k| fs::hard_link(&o.path, k).is_ok() || fs::copy(&o.path, k).is_ok());
        kept.push(keep);
    }
    if let Err(e) = before_placing() {
        cleanup(&temps);
        cleanup(&kept.iter().flatten().cloned().collect::<Vec<_>>());
        return Err(e);
    }
    for (n, ((o, how), temp)) in outputs.iter().zip(&temps).enumerate() {
        if let Err(e) = place(temp, &o.path, *how != Place::New) {
            // Put back what the files placed before this one replaced; remove the new ones.
            for ((placed, _), keep) in outputs[..n].iter().zip(&kept) {
                let _ = match keep {
                    Some(k) => fs::rename(k, &placed.path),
                    None => fs::remove_file(&placed.path),
                };
            }
            cleanup(&temps);
            cleanup(&kept.iter().flatten().cloned().collect::<Vec<_>>());
            return Err(e);
        }
    }
    cleanup(&temps);
    cleanup(&kept.into_iter().flatten().collect::<Vec<_>>());
    Ok(())
}

/// Write one file atomically.
pub fn write_atomic(path: &Path, contents: &[u8], mode: u32, overwrite: bool) -> Result<(), FileError> {
    write_all_atomic(
        &[Output {
            path: path.to_path_buf(),
            contents,
            mode,
        }],
        overwrite,
    )
}

/// Remove the temporary files ([`write_temp`]'s `.<name>.<pid>.<hex>.tmp`, and the `.old` names
/// [`write_regular`] keeps of replaced files) that processes no longer running left in `dir` (a
/// run killed between writing a file and putting it in place);
/// returns how many. A file whose process still runs (another ptix writing here) is left alone.
pub fn sweep_abandoned_temps(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        // A kept old file (`.old`: a second name of a file being replaced) is as safe to remove:
        // the file is still at its own name, old or new.
        let inner = name
            .strip_prefix('.')
            .and_then(|n| n.strip_suffix(".tmp").or_else(|| n.strip_suffix(".old")));
        let Some(inner) = inner else {
            continue;
        };
        // `<name>.<pid>.<8 hex>`
        let mut parts = inner.rsplitn(3, '.');
        let (Some(hex), Some(pid), Some(_)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let ours = hex.len() == 8 && hex.bytes().all(|b| b.is_ascii_hexdigit());
        let Ok(pid) = pid.parse::<u32>() else { continue };
        // Whether its writer may still run: Linux says by /proc; elsewhere, a file touched in the
        // last ten minutes is taken to be in use.
        let running = pid == std::process::id()
            || if cfg!(target_os = "linux") {
                Path::new(&format!("/proc/{pid}")).exists()
            } else {
                entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .is_none_or(|age| age.as_secs() < 600)
            };
        if ours
            && !running
            && entry.file_type().is_ok_and(|t| t.is_file())
            && fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// `o` written beside its target; `exact`: with exactly its mode, not narrowed by the umask
/// (set on the open file, before it has a name anyone else uses).
fn write_temp(o: &Output<'_>, exact: bool) -> Result<PathBuf, FileError> {
    let err = |source| FileError::Write {
        path: o.path.display().to_string(),
        source,
    };
    let temp = sibling(&o.path, "tmp");
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(o.mode);
    }
    let mut file = options.open(&temp).map_err(err)?;
    #[cfg(unix)]
    let exactly = || {
        use std::os::unix::fs::PermissionsExt;
        match exact {
            true => file.set_permissions(fs::Permissions::from_mode(o.mode)),
            false => Ok(()),
        }
    };
    #[cfg(not(unix))]
    let exactly = || Ok(());
    let result = exactly()
        .and_then(|()| file.write_all(o.contents))
        .and_then(|_| file.sync_all());
    if let Err(e) = result {
        let _ = fs::remove_file(&temp);
        return Err(err(e));
    }
    // The mode is the widest the file gets: the umask narrows it, as for any program (a user
    // with umask 077 keeps tickets, which name a patient, to themselves).
    Ok(temp)
}

/// A hidden name beside `path` for a file of this process (`.<name>.<pid>.<hex>.<ext>`).
fn sibling(path: &Path, ext: &str) -> PathBuf {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    dir.join(format!(".{name}.{}.{:08x}.{ext}", std::process::id(), rand_u32()))
}

fn place(temp: &Path, target: &Path, overwrite: bool) -> Result<(), FileError> {
    let err = |source| FileError::Write {
        path: target.display().to_string(),
        source,
    };
    if overwrite {
        return fs::rename(temp, target).map_err(err);
    }
    // A hard link fails if the target appeared meanwhile: no overwrite, even in a race.
    match fs::hard_link(temp, target) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(FileError::Exists {
            path: target.display().to_string(),
        }),
        Err(_) if !target.exists() => fs::rename(temp, target).map_err(err),
        Err(e) => Err(err(e)),
    }
}

fn rand_u32() -> u32 {
    use rand_core::RngCore;
    rand_core::OsRng.next_u32()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_told_from_file_names() {
        for content in [
            "eyJhbGciOiJFUzI1NiJ9.e30.c2ln",
            "  Bearer eyJ.e30.x",
            "{\"iss\":\"x\"}",
            // A header that is a JSON array, and one that is no JSON at all: still tokens.
            "WyJFUzI1NiJd.eyJpc3MiOiJ4In0.c2lnbmF0dXJlLWJ5dGVzLTEyMzQ1Njc4",
            "bm90LWpzb24.eyJpc3MiOiJ4In0.",
            // Longer than any file name can be (standard base64 with `/` included).
            &format!("{}/{}", "QUJD".repeat(70), "x.y"),
        ] {
            assert!(looks_like_content(content), "{content:?}");
        }
        for path in [
            "ticket.jwt",
            "a.b.jwt",
            "ewan.jwt",
            "tickets/a.b.jwt",
            "ticket.v2.final.jwt",
            "ticket.jwt.bak-20261105-120000",
            "x.y.abcdefghijklmnopq",
            "a.b.",
            "-",
        ] {
            assert!(!looks_like_content(path), "{path:?}");
        }
    }

    /// A file that cannot be placed part-way puts back the ones placed before it, and leaves
    /// no temporary or kept file behind.
    #[test]
    fn a_failure_part_way_puts_back_what_was_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.txt");
        fs::write(&a, "old").unwrap();
        // A non-empty directory where the second file goes: renaming over it fails.
        let b = dir.path().join("b");
        fs::create_dir(&b).unwrap();
        fs::write(b.join("inside"), "x").unwrap();
        let out = |path: &Path| Output {
            path: path.to_path_buf(),
            contents: b"new",
            mode: 0o600,
        };
        let result = write_regular(&[(out(&a), Place::Over), (out(&b), Place::Over)], || Ok(()));
        assert!(matches!(result, Err(FileError::Write { .. })), "{result:?}");
        assert_eq!(fs::read_to_string(&a).unwrap(), "old");
        let mut names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["a.txt", "b"]);
        // A new file placed before the failure is removed.
        let c = dir.path().join("c.txt");
        assert!(write_regular(&[(out(&c), Place::New), (out(&b), Place::Over)], || Ok(())).is_err());
        assert!(!c.exists());
        // A device or stream that fails before placing leaves every file as it was.
        let failing = || {
            Err(FileError::Write {
                path: "/dev/full".into(),
                source: io::Error::other("full"),
            })
        };
        assert!(write_regular(&[(out(&a), Place::Over), (out(&c), Place::New)], failing).is_err());
        assert_eq!(fs::read_to_string(&a).unwrap(), "old");
        assert!(!c.exists());
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            2,
            "nothing left behind"
        );
    }

    #[test]
    fn shown_never_prints_content() {
        assert_eq!(shown(Path::new("-")), "stdin");
        assert_eq!(shown(Path::new("keys/a.pem")), "keys/a.pem");
        for content in [
            "-----BEGIN PRIVATE KEY-----\nMIG\n",
            "{\"kty\":\"EC\",\"d\":\"x\"}",
            "a\nb",
        ] {
            let s = shown(Path::new(content));
            assert!(
                s.contains("not a file name") && !s.contains("MIG") && !s.contains("kty"),
                "{s}"
            );
        }
    }
}
