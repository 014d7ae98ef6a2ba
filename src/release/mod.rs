//! What a Data Holder may release for a Payer Claims Adjudication ticket, from its own FHIR data.
//!
//! The pieces `ops::release` puts together:
//! - [`data`]: loading the provider's FHIR R4 records (a Bundle, NDJSON, or a directory of either);
//! - [`refs`]: reading references and attachment URLs, and telling which point into this data;
//! - [`linkage`]: where each resource type names its encounter, its patient, its documents;
//! - [`labels`]: security labels (`meta.security`): restrictions and sensitivity codes;
//! - [`terms`]: what the ticket asks for (subject, linked encounters and claim, sensitivity);
//! - [`subject`]: resolving the ticket's subject to exactly one Patient in the data.

pub mod data;
pub mod labels;
pub mod linkage;
pub mod refs;
pub mod subject;
pub mod terms;

use serde::Serialize;

/// Why ptix refuses to compute a release for a ticket (exit 1): the Data Holder would reject the
/// ticket (`invalid_grant`) rather than release anything.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Refusal {
    /// Stable id: `refuse.ticket_invalid`, `refuse.ticket_type`, `refuse.claim_linkage`,
    /// `refuse.unsupported_constraint`, `refuse.sensitivity_withhold`, `refuse.subject`,
    /// `refuse.revocation`.
    pub id: &'static str,
    pub message: String,
}

impl Refusal {
    pub fn new(id: &'static str, message: impl Into<String>) -> Refusal {
        Refusal {
            id,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.id)
    }
}
