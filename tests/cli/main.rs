//! The CLI test suite: every test runs the real `ptix` binary and checks exit code, stdout,
//! stderr and files.

mod support;

mod batch;
mod ci_formats;
mod cli_contract;
mod inspect;
mod interop;
mod keygen;
mod lint;
mod mint;
mod release;
mod verify;
