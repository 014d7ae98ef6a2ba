//! `data_period` rules.

use super::Rule;

pub static RULES: &[&Rule] = &[];
