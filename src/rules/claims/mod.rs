//! The common ticket shell: registered claims and `ticket_type`.

pub mod exp_after_iat;

use super::Rule;

pub static RULES: &[&Rule] = &[&exp_after_iat::RULE];
