//! `access.data_holder_filter`: which Data Holders may answer.

pub mod shape;

use super::Rule;

pub static RULES: &[&Rule] = &[&shape::RULE];
