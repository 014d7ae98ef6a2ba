//! `requester`: the party the grant is for.

pub mod r#type;

use super::Rule;

pub static RULES: &[&Rule] = &[&r#type::RULE];
