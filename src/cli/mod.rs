//! The command line: the only code that knows clap, terminals and exit codes.
//!
//! Exit codes: 0 success / valid / clean; 1 invalid ticket, lint errors, a refusal; 2 usage error,
//! unreadable input or key, or anything else that prevented a verdict.

pub mod completions;
pub mod inspect;
pub mod keygen;
pub mod lint;
pub mod mint;
pub mod release;
pub mod shared;
pub mod verify;

use std::process::ExitCode;

use anyhow::Context;
use clap::{CommandFactory, Parser, Subcommand};

pub use shared::{Deferred, Ui};

/// Make and check SMART Permission Tickets (Payer Claims Adjudication).
///
/// Exit status: 0 success (valid, clean); 1 invalid ticket, lint errors, a release refused, a
/// ticket mint would not sign or batch lines that failed; 2 usage error, unreadable input or
/// key, or anything that prevented a verdict.
#[derive(Debug, Parser)]
#[command(name = "ptix", version, propagate_version = true, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: shared::GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

// Parsed once per process: the size difference between variants does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create an issuer key pair (P-256), or show what a key file holds.
    Keygen(Deferred<keygen::KeygenArgs>),
    /// Mint a signed Payer Claims Adjudication ticket from a FHIR Claim.
    Mint(Deferred<mint::MintArgs>),
    /// Show what a ticket says (never verifies).
    Inspect(Deferred<inspect::InspectArgs>),
    /// Verify a ticket: signature, time, audience, issuer, binding and profile rules.
    Verify(Deferred<verify::VerifyArgs>),
    /// Check tickets or payloads against the profile rules.
    Lint(Deferred<lint::LintArgs>),
    /// What a Data Holder may release for a ticket, from its own FHIR data.
    Release(Deferred<release::ReleaseArgs>),
    /// Print a shell completion script.
    Completions(Deferred<completions::CompletionsArgs>),
    /// Print a man page (roff), or write every page into a directory.
    #[command(
        after_help = "Examples:\n  ptix man --dir /usr/local/share/man/man1   # ptix.1, ptix-keygen.1, ptix-mint.1, ...\n  ptix man verify | man -l -"
    )]
    Man(ManArgs),
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// The subcommand whose page to print (default: ptix's own page).
    #[arg(value_name = "COMMAND", value_parser = ["keygen", "mint", "inspect", "verify", "lint", "release", "completions", "man"])]
    pub command: Option<String>,
    /// Write ptix.1 and a page for each subcommand (ptix-keygen.1, ...) into DIR instead.
    #[arg(long, value_name = "DIR", conflicts_with = "command")]
    pub dir: Option<std::path::PathBuf>,
}

/// What a command concluded, when it could conclude something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: the ticket is invalid, or lint found problems.
    Failure,
}

/// Parse arguments, run, and map the result to an exit code. A panic (a bug) prints a short
/// generic message, never its payload (which could hold input or key material), and exits 2.
pub fn main() -> ExitCode {
    shared::install_panic_hook();
    std::panic::catch_unwind(|| {
        shared::panic_if_asked();
        main_inner()
    })
    .unwrap_or(ExitCode::from(2))
}

/// `--color` as given, read before parsing so that clap's own help and errors follow it too.
fn color_flag() -> Option<clap::ColorChoice> {
    // Arguments that are not UTF-8 (a file name) are no `--color`: read lossily, never panic.
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let mut words = args.iter().map(String::as_str);
    while let Some(word) = words.next() {
        let value = match word {
            "--color" => words.next(),
            _ => word.strip_prefix("--color="),
        };
        match value {
            Some("never") => return Some(clap::ColorChoice::Never),
            Some("always") => return Some(clap::ColorChoice::Always),
            Some("auto") => return Some(clap::ColorChoice::Auto),
            _ => {}
        }
    }
    None
}

fn main_inner() -> ExitCode {
    use clap::FromArgMatches;
    let command = match color_flag() {
        Some(choice) => Cli::command().color(choice),
        None => Cli::command(),
    };
    let parsed = command
        .try_get_matches()
        .and_then(|mut m| Cli::from_arg_matches_mut(&mut m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            // Help or the version that cannot be written (`ptix --help > /dev/full`) is a
            // failure too; a reader that went away is not.
            let printed = e.print();
            let lost = printed.is_err_and(|p| p.kind() != std::io::ErrorKind::BrokenPipe);
            return if e.use_stderr() || lost {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let mut ui = Ui::new(&cli.global);
    match run(cli, &mut ui) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Failure) => ExitCode::from(1),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            ui.error(&e);
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|j| j.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
    })
}

/// Run one parsed command.
pub fn run(cli: Cli, ui: &mut Ui) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Keygen(Deferred(args)) => keygen::run(args, ui),
        Command::Mint(Deferred(args)) => mint::run(args, ui),
        Command::Inspect(Deferred(args)) => inspect::run(args, ui),
        Command::Verify(Deferred(args)) => verify::run(args, ui),
        Command::Lint(Deferred(args)) => lint::run(args, ui),
        Command::Release(Deferred(args)) => release::run(args, ui),
        Command::Completions(Deferred(args)) => completions::run(args, ui),
        Command::Man(args) => man(args, ui),
    }
}

/// `ptix man`: ptix's page and one page per subcommand (`ptix-verify(1)`), each with its options.
fn man(args: ManArgs, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let mut top = Cli::command().disable_help_subcommand(true);
    // Subcommand flags are built on demand (`Deferred`); a page needs them all.
    top.build();
    let render = |cmd: clap::Command| -> anyhow::Result<Vec<u8>> {
        let mut out = Vec::new();
        clap_mangen::Man::new(cmd).render(&mut out)?;
        Ok(out)
    };
    let subcommands: Vec<clap::Command> = top.get_subcommands().cloned().collect();
    match (args.dir, args.command) {
        (Some(dir), _) => {
            // A built subcommand is displayed as `ptix-verify`: its page's title and file name.
            let mut pages = Vec::new();
            for cmd in std::iter::once(top).chain(subcommands) {
                let name = clap_mangen::Man::new(cmd.clone()).get_filename();
                pages.push((name, render(cmd)?));
            }
            let outputs: Vec<crate::io::Output<'_>> = pages
                .iter()
                .map(|(name, text)| crate::io::Output {
                    path: dir.join(name),
                    contents: text,
                    mode: 0o644,
                })
                .collect();
            // As `install -d` would: a man directory that does not exist yet is made.
            std::fs::create_dir_all(&dir).map_err(|source| crate::io::FileError::Write {
                path: dir.display().to_string(),
                source,
            })?;
            crate::io::write_all_atomic(&outputs, true)?;
            ui.note(format_args!(
                "wrote {} man pages into {}",
                pages.len(),
                dir.display()
            ));
        }
        (None, Some(name)) => {
            let sub = subcommands
                .into_iter()
                .find(|s| s.get_name() == name)
                .with_context(|| format!("no subcommand {name}"))?;
            let page = render(sub)?;
            ui.write_out(&page)?;
        }
        (None, None) => ui.write_out(&render(top)?)?,
    }
    Ok(Outcome::Success)
}
