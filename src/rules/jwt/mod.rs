//! JOSE header and signature rules.

pub mod compact;

use super::Rule;

pub static RULES: &[&Rule] = &[&compact::RULE];
