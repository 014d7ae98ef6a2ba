//! ptix: make and check SMART Permission Tickets.
//!
//! The library is the core every subcommand shares:
//! - [`jose`]: base64url, strict JSON (duplicate members), compact JWS encode/decode, ES256/RS256;
//! - [`keys`]: loading keys by content (PEM, PKCS#8, SEC1, SPKI, JWK, JWKS), thumbprints, generation;
//! - [`ticket`]: the Permission Ticket model and the ticket-type registry;
//! - [`clock`]: `--now` parsing and human time;
//! - [`io`]: reading inputs and writing files atomically;
//! - [`release`]: a Data Holder's FHIR data, and what a ticket opens in it.
//!
//! [`alloc_cache`] is the small-block cache the `ptix` binary allocates through.
//!
//! [`cli`] is the only module that knows about clap, terminals and exit codes.

pub mod alloc_cache;
pub mod cli;
pub mod clock;
pub mod io;
pub mod jose;
pub mod keys;
pub mod ops;
pub mod release;
pub mod report;
pub mod rules;
pub mod ticket;
