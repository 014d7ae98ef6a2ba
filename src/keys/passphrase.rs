//! Where a passphrase comes from. Never a command-line value: argv is visible to every user
//! of the machine (`ps`) and lands in shell history.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use zeroize::Zeroizing;

use super::KeyError;

/// A source of a passphrase, read only when a key actually needs one.
#[derive(Debug, Clone)]
pub enum PassphraseSource {
    /// The first line of a file (a trailing newline is not part of the passphrase).
    File(PathBuf),
    /// The first line of stdin (`--passphrase-file -`), read once and kept for every key of
    /// the run that needs it (stdin cannot be read twice), wiped when the last copy goes.
    Stdin(Arc<OnceLock<Result<Zeroizing<String>, String>>>),
    /// A named environment variable.
    Env(String),
    /// A no-echo prompt on the terminal.
    Prompt,
}

/// The first line of a passphrase file's bytes (no line break), if they are UTF-8.
fn first_line(bytes: &[u8]) -> Option<Zeroizing<String>> {
    let text = std::str::from_utf8(bytes).ok()?;
    Some(Zeroizing::new(
        text.split(['\n', '\r']).next().unwrap_or_default().to_string(),
    ))
}

/// Largest passphrase file read (its first line is the passphrase).
const MAX_PASSPHRASE_FILE_BYTES: u64 = 64 << 10;

impl PassphraseSource {
    /// Pick the source from the flags: a file, an environment variable, or (only when stdin
    /// is a terminal) a prompt. `None` when there is no way to get a passphrase.
    pub fn choose(file: Option<PathBuf>, env: Option<String>) -> Option<PassphraseSource> {
        match (file, env) {
            (Some(f), _) if f.as_os_str() == "-" => Some(PassphraseSource::Stdin(Arc::default())),
            (Some(f), _) => Some(PassphraseSource::File(f)),
            (None, Some(v)) => Some(PassphraseSource::Env(v)),
            (None, None) if std::io::stdin().is_terminal() => Some(PassphraseSource::Prompt),
            (None, None) => None,
        }
    }

    /// Read the passphrase for unlocking the key named `label`.
    pub fn read(&self, label: &str) -> Result<Zeroizing<String>, KeyError> {
        let pass = match self {
            PassphraseSource::File(path) => {
                let bytes = Zeroizing::new(
                    crate::io::read_file(path, MAX_PASSPHRASE_FILE_BYTES)
                        .map_err(|e| KeyError::Passphrase(format!("passphrase file: {e}")))?,
                );
                first_line(&bytes).ok_or_else(|| {
                    KeyError::Passphrase(format!(
                        "passphrase file {} is not UTF-8 text",
                        crate::io::shown(path)
                    ))
                })?
            }
            PassphraseSource::Stdin(once) => {
                let read = once.get_or_init(|| {
                    let bytes = Zeroizing::new(
                        crate::io::read_stdin(MAX_PASSPHRASE_FILE_BYTES).map_err(|e| e.to_string())?,
                    );
                    first_line(&bytes).ok_or_else(|| "stdin is not UTF-8 text".to_string())
                });
                match read {
                    Ok(pass) => pass.clone(),
                    Err(e) => return Err(KeyError::Passphrase(format!("passphrase from stdin: {e}"))),
                }
            }
            PassphraseSource::Env(name) => match std::env::var(name) {
                Ok(v) => Zeroizing::new(v),
                Err(std::env::VarError::NotPresent) => {
                    return Err(KeyError::Passphrase(format!(
                        "environment variable {name} (from --passphrase-env) is not set"
                    )))
                }
                Err(std::env::VarError::NotUnicode(_)) => {
                    return Err(KeyError::Passphrase(format!(
                        "environment variable {name} is not UTF-8"
                    )))
                }
            },
            PassphraseSource::Prompt => Zeroizing::new(
                rpassword::prompt_password(format!("Passphrase for {label}: "))
                    .map_err(|e| KeyError::Passphrase(format!("cannot read from the terminal: {e}")))?,
            ),
        };
        if pass.is_empty() {
            return Err(KeyError::Passphrase(format!(
                "the passphrase for {label} is empty"
            )));
        }
        Ok(pass)
    }

    /// Read a new passphrase (asked twice when prompting).
    pub fn read_new(&self, label: &str) -> Result<Zeroizing<String>, KeyError> {
        let first = self.read(label)?;
        if let PassphraseSource::Prompt = self {
            let again = Zeroizing::new(
                rpassword::prompt_password("Repeat the passphrase: ")
                    .map_err(|e| KeyError::Passphrase(format!("cannot read from the terminal: {e}")))?,
            );
            if *again != *first {
                return Err(KeyError::Passphrase(
                    "the two passphrases differ; nothing was written".into(),
                ));
            }
        }
        Ok(first)
    }
}
