//! `access.data_period`: one coarse clinical-date window.

pub mod shape;

use super::Rule;

pub static RULES: &[&Rule] = &[&shape::RULE];
