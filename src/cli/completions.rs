//! `ptix completions SHELL`: completion scripts generated from the same definitions as `--help`.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, Outcome, Ui};

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  ptix completions bash > /etc/bash_completion.d/ptix\n  ptix completions zsh > \"${fpath[1]}/_ptix\"\n  ptix completions fish > ~/.config/fish/completions/ptix.fish"
)]
pub struct CompletionsArgs {
    /// The shell to generate completions for.
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(args: CompletionsArgs, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "ptix", &mut out);
    ui.write_out(&out)?;
    Ok(Outcome::Success)
}
