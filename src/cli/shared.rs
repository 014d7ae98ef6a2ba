//! What every subcommand shares: global flags, output streams and colours, key and time flags.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anstream::{AutoStream, ColorChoice};
use clap::{Args, ValueEnum};

use super::Outcome;
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
    /// stderr, colours stripped unless wanted and possible.
    pub fn stderr(&self) -> AutoStream<std::io::Stderr> {
        AutoStream::new(std::io::stderr(), self.choice)
    }
    /// Whether stdout shows colours.
    pub fn stdout_colored(&self) -> bool {
        !matches!(self.stdout().current_choice(), ColorChoice::Never)
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
            let _ = writeln!(self.stderr(), "{style}warning{style:#}: {message}");
        }
    }
    /// An error that ends the command, with its causes.
    pub fn error(&self, e: &anyhow::Error) {
        let style = anstyle::AnsiColor::Red.on_default().bold();
        let _ = writeln!(self.stderr(), "ptix: {style}error{style:#}: {e:#}");
    }
    /// Write JSON (pretty, newline-terminated) to stdout.
    pub fn print_json(&self, value: &impl serde::Serialize) -> anyhow::Result<()> {
        let mut out = self.stdout();
        serde_json::to_writer_pretty(&mut out, value)?;
        writeln!(out)?;
        Ok(())
    }
}

/// A subcommand that is not built yet: it says so and exits 2, never a fake result.
#[derive(Debug, Args)]
pub struct Unimplemented {
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, hide = true)]
    pub args: Vec<String>,
}

pub fn not_yet(name: &str) -> anyhow::Result<Outcome> {
    anyhow::bail!("`ptix {name}` is not implemented yet in this version")
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
    /// The chosen source; a prompt only when stdin is a terminal.
    pub fn source(&self) -> Option<PassphraseSource> {
        PassphraseSource::choose(self.passphrase_file.clone(), self.passphrase_env.clone())
    }
}

/// Largest key file ptix reads.
pub const MAX_KEY_BYTES: u64 = 1 << 20;
