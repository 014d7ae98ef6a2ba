//! `data_holder_filter` rules.

use super::Rule;

pub static RULES: &[&Rule] = &[];
