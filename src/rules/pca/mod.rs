//! The Payer Claims Adjudication profile: the claims this ticket type requires, forbids or
//! expects beyond the common shell.

pub mod aud_type;
pub mod claim_linkage_required;
pub mod cross_cutting;
pub mod data_holder_filter_not_part;
pub mod data_period_forbidden;
pub mod evidence_na;
pub mod exp_window;
pub mod recipient_record;
pub mod recipient_record_own;
pub mod release_authorized_code;
pub mod requester_identifier;
pub mod requester_npi_checksum;
pub mod requester_org;
pub mod self_issued;
pub mod smart_scopes_not_part;

use super::Rule;

pub static RULES: &[&Rule] = &[
    &requester_org::RULE,
    &requester_identifier::RULE,
    &requester_npi_checksum::RULE,
    &self_issued::RULE,
    &aud_type::RULE,
    &exp_window::RULE,
    &recipient_record::RULE,
    &recipient_record_own::RULE,
    &evidence_na::RULE,
    &claim_linkage_required::RULE,
    &data_period_forbidden::RULE,
    &smart_scopes_not_part::RULE,
    &data_holder_filter_not_part::RULE,
    &cross_cutting::RULE,
    &release_authorized_code::RULE,
];
