//! The Payer Claims Adjudication profile.

pub mod data_period_forbidden;

use super::Rule;

pub static RULES: &[&Rule] = &[&data_period_forbidden::RULE];
