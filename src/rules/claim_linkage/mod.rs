//! `claim_linkage` rules.

use super::Rule;

pub static RULES: &[&Rule] = &[];
