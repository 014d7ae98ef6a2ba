//! The CLI test suite: every test runs the real `ptix` binary and checks exit code, stdout,
//! stderr and files.

mod support;

mod cli_contract;
mod hostile;
mod inspect;
mod key_safety;
mod keygen;
mod lint;
mod mint;
mod verify;
