//! What every subcommand shares: global flags, output streams and colours, key and time flags.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anstream::{AutoStream, ColorChoice};
use clap::{Args, ValueEnum};

use crate::keys::PassphraseSource;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// When to use colours: auto (a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,
    /// Print nothing on stderr but errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

/// Output streams: stdout carries only the requested output; messages go to stderr.
pub struct Ui {
    choice: ColorChoice,
    pub quiet: bool,
}

impl Ui {
    pub fn new(g: &GlobalArgs) -> Ui {
        let choice = match g.color {
            ColorWhen::Always => ColorChoice::Always,
            ColorWhen::Never => ColorChoice::Never,
            ColorWhen::Auto => ColorChoice::Auto,
        };
        Ui {
            choice,
            quiet: g.quiet,
        }
    }
    /// stdout, colours stripped unless wanted and possible.
    pub fn stdout(&self) -> AutoStream<std::io::Stdout> {
        AutoStream::new(std::io::stdout(), self.choice)
    }
    /// stdout for machine output (JSON, NDJSON, tokens): never styled, so nothing to strip.
    pub fn raw_stdout(&self) -> std::io::Stdout {
        std::io::stdout()
    }
    /// stderr, colours stripped unless wanted and possible.
    pub fn stderr(&self) -> AutoStream<std::io::Stderr> {
        AutoStream::new(std::io::stderr(), self.choice)
    }
    /// Whether stdout shows colours.
    pub fn stdout_colored(&self) -> bool {
        !matches!(self.stdout().current_choice(), ColorChoice::Never)
    }
    /// Write a whole (possibly styled) text to stdout in as few system calls as possible,
    /// stripping the styles when colours are off.
    pub fn write_out(&self, text: &[u8]) -> std::io::Result<()> {
        let stdout = std::io::stdout();
        let mut lock = QuietPipe(stdout.lock());
        if self.stdout_colored() {
            lock.write_all(text)?;
        } else {
            let mut plain = Vec::with_capacity(text.len());
            for piece in anstream::adapter::strip_bytes(text) {
                plain.extend_from_slice(piece);
            }
            lock.write_all(&plain)?;
        }
        lock.flush()
    }
    /// Write machine output (JSON, SARIF, XML, workflow commands) as it is: nothing in it is a
    /// style, and stripping would drop characters a value holds (DEL among them).
    pub fn write_raw(&self, text: &[u8]) -> std::io::Result<()> {
        let mut lock = QuietPipe(self.raw_stdout().lock());
        lock.write_all(text)?;
        lock.flush()
    }
    pub fn stdout_is_terminal(&self) -> bool {
        std::io::stdout().is_terminal()
    }
    /// A message on stderr (suppressed by `--quiet`).
    pub fn note(&self, message: impl std::fmt::Display) {
        if !self.quiet {
            let _ = writeln!(self.stderr(), "{message}");
        }
    }
    /// A warning on stderr (suppressed by `--quiet`).
    pub fn warn(&self, message: impl std::fmt::Display) {
        if !self.quiet {
            let style = anstyle::AnsiColor::Yellow.on_default().bold();
            let message = message.to_string();
            let _ = writeln!(
                self.stderr(),
                "{style}warning{style:#}: {}",
                crate::report::printable(&message)
            );
        }
    }
    /// A finding of the rules on stderr, as `severity[rule] pointer: message` (the severity
    /// coloured); `--quiet` silences all but errors.
    pub fn finding(&self, f: &crate::rules::Finding) {
        if self.quiet && f.severity != crate::rules::Severity::Error {
            return;
        }
        let colour = match f.severity {
            crate::rules::Severity::Error => anstyle::AnsiColor::Red,
            crate::rules::Severity::Warning => anstyle::AnsiColor::Yellow,
            _ => anstyle::AnsiColor::Cyan,
        };
        let style = colour.on_default().bold();
        let text = format!("[{}] {}: {}", f.rule, f.pointer, f.message);
        let _ = writeln!(
            self.stderr(),
            "{style}{}{style:#}{}",
            f.severity.name(),
            crate::report::printable(&text)
        );
    }
    /// A failure the command goes on after (a batch line that failed): never silenced.
    pub fn failure(&self, message: impl std::fmt::Display) {
        let message = message.to_string();
        let _ = writeln!(self.stderr(), "{}", crate::report::printable(&message));
    }
    /// An error that ends the command, with its causes.
    pub fn error(&self, e: &anyhow::Error) {
        let style = anstyle::AnsiColor::Red.on_default().bold();
        // `{e:#}`, except that a cause the message already ends with is not repeated
        // ("cannot write F: No space left on device (os error 28)" once, not twice).
        let mut text = String::new();
        for cause in e.chain() {
            let m = cause.to_string();
            if text.ends_with(&m) {
                continue;
            }
            if !text.is_empty() {
                text.push_str(": ");
            }
            text.push_str(&m);
        }
        // Escaped, not stripped: text from a key file or token may hold escape sequences, and a
        // stream without colours would silently drop them (`"EC\x1b[31m"` shown as `"EC"`).
        let _ = writeln!(
            self.stderr(),
            "ptix: {style}error{style:#}: {}",
            crate::report::printable(&text)
        );
    }
    /// Write JSON (pretty, newline-terminated) to stdout.
    pub fn print_json(&self, value: &impl serde::Serialize) -> anyhow::Result<()> {
        let mut text = serde_json::to_string_pretty(value)?;
        text.push('\n');
        QuietPipe(self.raw_stdout().lock()).write_all(text.as_bytes())?;
        Ok(())
    }
}

/// A report's stdout: a reader that went away (`ptix lint dir | head -1`) ends the output
/// quietly, and the command still ends with its verdict's exit code (0 would tell a CI job
/// with `pipefail` that failing tickets passed).
pub struct QuietPipe<W>(pub W);

impl<W: std::io::Write> std::io::Write for QuietPipe<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self.0.write(buf) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(buf.len()),
            other => other.map_err(named),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self.0.flush() {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => other.map_err(named),
        }
    }
}

/// stdout that names itself in its errors (a reader that went away still reads as one).
pub struct Named<W>(pub W);

impl<W: std::io::Write> std::io::Write for Named<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf).map_err(named)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush().map_err(named)
    }
}

/// A failed write to stdout, saying so (`> /dev/full`: "No space left on device" alone does
/// not say which output failed).
fn named(e: std::io::Error) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("cannot write to standard output: {e}"))
}

/// Replace the default panic message (which prints the panic payload: possibly a token, a
/// claim or worse) with a short generic one that names only the source location. `main` turns
/// the panic into exit 2, so exit code 101 never reaches a caller.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let _ = writeln!(
            std::io::stderr(),
            "ptix: internal error{at}; this is a bug, please report it (ptix {})",
            env!("CARGO_PKG_VERSION")
        );
    }));
}

/// Tests only: `PTIX_TEST_PANIC=TEXT` panics with TEXT as the payload, so the test suite can
/// check that a panic never shows its payload and exits 2.
pub fn panic_if_asked() {
    if let Some(text) = std::env::var_os("PTIX_TEST_PANIC") {
        panic!("{}", text.to_string_lossy());
    }
}

/// Where a passphrase comes from. Never a flag value.
#[derive(Debug, Args, Clone, Default)]
pub struct PassphraseArgs {
    /// Read the key's passphrase from the first line of FILE.
    #[arg(long, value_name = "FILE", conflicts_with = "passphrase_env")]
    pub passphrase_file: Option<PathBuf>,
    /// Read the key's passphrase from the environment variable VAR (its name, not its value).
    #[arg(long, value_name = "VAR")]
    pub passphrase_env: Option<String>,
}

impl PassphraseArgs {
    /// The passphrase file, by flag, for [`stdin_once`].
    pub fn named(&self) -> Option<(&'static str, &std::ffi::OsStr)> {
        self.passphrase_file
            .as_ref()
            .map(|p| ("--passphrase-file", p.as_os_str()))
    }
    /// The chosen source; a prompt only when stdin is a terminal.
    pub fn source(&self) -> Option<PassphraseSource> {
        PassphraseSource::choose(self.passphrase_file.clone(), self.passphrase_env.clone())
    }
}

/// Largest key file ptix reads.
pub const MAX_KEY_BYTES: u64 = 1 << 20;

/// `--now`: the time every time-dependent check uses.
#[derive(Debug, Args, Clone, Default)]
pub struct NowArgs {
    /// Evaluate as of this time: RFC 3339 (2026-07-01T00:00:00Z) or Unix seconds. Default: the
    /// clock.
    #[arg(long, value_name = "TIME", env = "PTIX_NOW", hide_env_values = true, value_parser = parse_now)]
    pub now: Option<i64>,
}

impl NowArgs {
    pub fn resolve(&self) -> i64 {
        self.now.unwrap_or_else(crate::clock::system_now)
    }
}

fn parse_now(s: &str) -> Result<i64, String> {
    crate::clock::parse_instant(s).map_err(|e| match std::env::var("PTIX_NOW") {
        // The value came from the environment when the variable holds it (and no flag did).
        Ok(v)
            if v == s
                && !std::env::args_os()
                    .any(|a| a == "--now" || a.to_string_lossy().starts_with("--now=")) =>
        {
            format!("{e} (from the environment variable PTIX_NOW)")
        }
        _ => e,
    })
}

/// Parse a leeway such as `60`, `60s`, `2m`.
pub fn parse_leeway(s: &str) -> Result<i64, String> {
    let t = s.trim();
    if let Ok(n) = t.parse::<i64>() {
        return if (0..=86_400).contains(&n) {
            Ok(n)
        } else {
            Err("leeway must be 0 to 86400 seconds".into())
        };
    }
    crate::clock::parse_duration(t).and_then(|n| {
        if n <= 86_400 {
            Ok(n)
        } else {
            Err("leeway must be at most 1 day".into())
        }
    })
}

/// Trusted verification keys.
#[derive(Debug, Args, Clone, Default)]
pub struct TrustArgs {
    /// A trusted key file (any format ptix reads: PEM, JWK, JWK Set; a private key's public
    /// half). Repeatable.
    #[arg(long = "key", value_name = "FILE", allow_hyphen_values = true)]
    pub keys: Vec<PathBuf>,
    /// A trusted JWK Set (as published at {iss}/.well-known/jwks.json). Repeatable.
    #[arg(long, value_name = "FILE", allow_hyphen_values = true)]
    pub jwks: Vec<PathBuf>,
}

impl TrustArgs {
    /// The key files, by flag, for [`stdin_once`].
    pub fn named(&self) -> impl Iterator<Item = (&'static str, &std::ffi::OsStr)> {
        let keys = self.keys.iter().map(|p| ("--key", p.as_os_str()));
        keys.chain(self.jwks.iter().map(|p| ("--jwks", p.as_os_str())))
    }
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty() && self.jwks.is_empty()
    }
    /// Load every key. A key file that cannot be read is an error (exit 2): no verdict without
    /// it. Keys of a JWK Set that ptix cannot use are left out (RFC 7517 §5), each with a note
    /// on stderr.
    pub fn load(&self, passphrase: &PassphraseArgs, ui: &Ui) -> anyhow::Result<crate::keys::ring::KeyRing> {
        let mut ring = crate::keys::ring::KeyRing::default();
        let source = passphrase.source();
        for path in self.keys.iter().chain(&self.jwks) {
            let bytes = read_key_bytes(path)?;
            let label = crate::io::shown(path);
            let (keys, ignored) = crate::keys::load::load_noting_ignored(&bytes, &label, source.as_ref())?;
            for i in &ignored {
                ui.note(format_args!("note: ignored {}", i.reason));
            }
            // A published set holds public keys only: one with private members was probably
            // copied from the wrong file (the key is used through its public half).
            for k in &keys {
                use crate::keys::load::{KeyFormat, KeyMaterial};
                if let (KeyFormat::JwkSet { index }, KeyMaterial::PrivateEc(_) | KeyMaterial::PrivateRsa(_)) =
                    (&k.format, &k.material)
                {
                    ui.warn(format_args!(
                        "key {index} of the JWK Set {label} holds private key material (\"d\"); \
                         a JWK Set to publish or trust holds public keys only: remove the private members \
                         (`ptix keygen --show FILE` prints the public JWK)"
                    ));
                }
            }
            ring.add(&label, &keys);
            ring.ignored.extend(ignored);
        }
        Ok(ring)
    }
}

/// Stdin feeds one input a run: refuse, before anything is read, a command line that gives
/// `-` for two of its file inputs (`verify - --jwks -`), naming them.
pub fn stdin_once<'a>(
    inputs: impl IntoIterator<Item = (&'static str, &'a std::ffi::OsStr)>,
) -> anyhow::Result<()> {
    let dashes: Vec<&str> = inputs
        .into_iter()
        .filter(|(_, value)| *value == "-")
        .map(|(name, _)| name)
        .collect();
    if dashes.len() > 1 {
        anyhow::bail!(
            "`-` (stdin) is given for {}, but stdin can be read only once: give all but one as files",
            dashes.join(" and ")
        );
    }
    Ok(())
}

/// Largest token input read (tokens over 64 KiB are refused by the parser with a clear reason).
pub const MAX_TOKEN_INPUT_BYTES: u64 = 1 << 20;

/// Read a token argument (file, `-`, or the token) and find the token in it (a `Bearer `
/// prefix or a `subject_token=` form body is accepted, with a note on stderr).
pub fn read_token(arg: &str, ui: &Ui) -> anyhow::Result<(String, String)> {
    let input = crate::io::read_input(arg, MAX_TOKEN_INPUT_BYTES, "a token")?;
    // A token is ASCII; bytes that are not UTF-8 are read as U+FFFD (three bytes each, so
    // offsets after the first are off): the first is named exactly here.
    if let Err(e) = std::str::from_utf8(&input.bytes) {
        let at = e.valid_up_to();
        ui.note(format_args!(
            "note: {} is not UTF-8 text (byte 0x{:02x} at offset {at}); such bytes are read as U+FFFD (bytes EF BF BD), and offsets below count those",
            input.label, input.bytes[at]
        ));
    }
    let text = String::from_utf8_lossy(&input.bytes);
    let (token, note) = crate::ticket::extract::extract(&text);
    if let Some(note) = note {
        ui.note(format_args!("note: {note}"));
    }
    Ok((input.label, token))
}

/// Output format for commands with a human and a JSON view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum TextOrJson {
    #[default]
    Text,
    Json,
}

/// `--json`, or `--format text|json`.
#[derive(Debug, Args, Clone, Default)]
pub struct OutputArgs {
    /// Print JSON on stdout (the schema is in README); same as --format json.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// Output format.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<TextOrJson>,
}

impl OutputArgs {
    pub fn is_json(&self) -> bool {
        self.json || self.format == Some(TextOrJson::Json)
    }
}

/// A key file's bytes, in memory that is wiped when dropped.
pub fn read_key_bytes(path: &std::path::Path) -> Result<zeroize::Zeroizing<Vec<u8>>, crate::io::FileError> {
    crate::io::read_file(path, MAX_KEY_BYTES).map(zeroize::Zeroizing::new)
}

/// Every key in a file (any format ptix reads).
pub fn read_keys(
    path: &std::path::Path,
    passphrase: Option<&PassphraseSource>,
) -> anyhow::Result<Vec<crate::keys::LoadedKey>> {
    let bytes = read_key_bytes(path)?;
    Ok(crate::keys::load::load(
        &bytes,
        &crate::io::shown(path),
        passphrase,
    )?)
}

/// The public key of a file that must hold exactly one key (`flag` names the option).
pub fn read_one_public_key(
    path: &std::path::Path,
    passphrase: Option<&PassphraseSource>,
    flag: &str,
) -> anyhow::Result<crate::keys::PublicKey> {
    match read_keys(path, passphrase)?.as_slice() {
        [one] => Ok(one.public()),
        _ => anyhow::bail!("{}: {flag} needs a file with exactly one key", path.display()),
    }
}

/// A subcommand's flags, built only when clap needs them (that subcommand was given, or help,
/// completions or the man page are rendered): a run builds its own flags, not every command's.
#[derive(Debug)]
pub struct Deferred<T>(pub T);

impl<T: clap::FromArgMatches> clap::FromArgMatches for Deferred<T> {
    fn from_arg_matches(m: &clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(m).map(Deferred)
    }
    fn from_arg_matches_mut(m: &mut clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches_mut(m).map(Deferred)
    }
    fn update_from_arg_matches(&mut self, m: &clap::ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(m)
    }
    fn update_from_arg_matches_mut(&mut self, m: &mut clap::ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches_mut(m)
    }
}

impl<T: clap::Args> clap::Args for Deferred<T> {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        cmd.defer(keep_about::<T, false>)
    }
    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        cmd.defer(keep_about::<T, true>)
    }
    fn group_id() -> Option<clap::Id> {
        T::group_id()
    }
}

/// Add `T`'s flags, keeping the subcommand's own description: run late, `T`'s flattened parts
/// would otherwise replace it with theirs.
fn keep_about<T: clap::Args, const UPDATE: bool>(cmd: clap::Command) -> clap::Command {
    let (about, long_about) = (cmd.get_about().cloned(), cmd.get_long_about().cloned());
    let cmd = if UPDATE {
        T::augment_args_for_update(cmd)
    } else {
        T::augment_args(cmd)
    };
    let cmd = match about {
        Some(text) => cmd.about(text),
        None => cmd.about(None::<&str>),
    };
    match long_about {
        Some(text) => cmd.long_about(text),
        None => cmd.long_about(None::<&str>),
    }
}
