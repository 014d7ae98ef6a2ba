//! `smart_scopes` rules.

use super::Rule;

pub static RULES: &[&Rule] = &[];
