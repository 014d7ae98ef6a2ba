//! `access.smart_scopes`: the SMART v2 scope ceiling (every ticket type except PCA).

pub mod grammar;
pub mod required;

use super::Rule;

pub static RULES: &[&Rule] = &[&required::RULE, &grammar::RULE];
