//! FHIR datatypes used across the ticket.

pub mod datatypes;
pub mod identifier;

use super::Rule;

pub static RULES: &[&Rule] = &[&identifier::RULE, &datatypes::RULE];
