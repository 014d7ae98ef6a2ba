//! The CLI test suite: every test runs the real `ptix` binary and checks exit code, stdout,
//! stderr and files.

mod support;

mod batch;
mod batch_kill;
mod ci_formats;
mod cli_contract;
mod hostile;
mod inspect;
mod interactive;
mod interop;
mod key_safety;
mod keygen;
mod lint;
mod mint;
mod release;
mod verify;
