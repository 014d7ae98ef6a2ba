//! Identity evidence: `subject_identity_evidence`, `requester_identity_evidence`.

pub mod shape;

use super::Rule;

pub static RULES: &[&Rule] = &[&shape::RULE];
