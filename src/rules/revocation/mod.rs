//! `revocation`: the ticket's status-list pointer.

pub mod https;
pub mod shape;

use super::Rule;

pub static RULES: &[&Rule] = &[&shape::RULE, &https::RULE];
