//! `continuation`: the issuer's bound on credentials derived from a redemption.

pub mod needs_revocation;
pub mod shape;

use super::Rule;

pub static RULES: &[&Rule] = &[&needs_revocation::RULE, &shape::RULE];
