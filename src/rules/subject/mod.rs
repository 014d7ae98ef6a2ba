//! `subject`: who the ticket is about.

pub mod matchable;
pub mod members;
pub mod patient;
pub mod patient_reference_model;
pub mod present;
pub mod recipient_record_shape;

use super::Rule;

pub static RULES: &[&Rule] = &[
    &present::RULE,
    &patient::RULE,
    &matchable::RULE,
    &members::RULE,
    &recipient_record_shape::RULE,
    &patient_reference_model::RULE,
];
