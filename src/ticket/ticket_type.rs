//! The guide's `ticket_type` registry (schema.ts): the URI is the sole discriminator of the
//! processing rules a Data Holder applies.

/// The URI prefix every registered ticket type shares.
pub const PREFIX: &str = "https://smarthealthit.org/permission-ticket-type/";

/// A registered ticket type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TicketType {
    pub uri: &'static str,
    /// The name a person reads.
    pub name: &'static str,
    /// Whether ptix runs type-specific rules for it (only Payer Claims Adjudication).
    pub profiled: bool,
    /// Top-level profile claims the guide defines for this type alone (facts, not limits).
    pub claims: &'static [&'static str],
}

pub const PAYER_CLAIMS_ADJUDICATION: TicketType = TicketType {
    uri: "https://smarthealthit.org/permission-ticket-type/payer-claims-adjudication-v1",
    name: "Payer Claims Adjudication",
    profiled: true,
    claims: &[],
};

/// All types in the guide's registry, in its order.
pub const REGISTRY: &[TicketType] = &[
    TicketType {
        uri: "https://smarthealthit.org/permission-ticket-type/patient-self-access-v1",
        name: "Patient Self Access",
        profiled: false,
        claims: &[],
    },
    TicketType {
        uri: "https://smarthealthit.org/permission-ticket-type/patient-delegated-access-v1",
        name: "Patient Delegated Access",
        profiled: false,
        claims: &[],
    },
    TicketType {
        uri: "https://smarthealthit.org/permission-ticket-type/public-health-investigation-v1",
        name: "Public Health Investigation",
        profiled: false,
        claims: &["reportable_condition"],
    },
    TicketType {
        uri: "https://smarthealthit.org/permission-ticket-type/social-care-referral-v1",
        name: "Social Care Referral",
        profiled: false,
        claims: &[],
    },
    PAYER_CLAIMS_ADJUDICATION,
    TicketType {
        uri: "https://smarthealthit.org/permission-ticket-type/research-study-access-v1",
        name: "Research Study Access",
        profiled: false,
        claims: &[],
    },
    TicketType {
        uri: "https://smarthealthit.org/permission-ticket-type/provider-consult-v1",
        name: "Provider Consult",
        profiled: false,
        claims: &[],
    },
    TicketType {
        uri: "https://smarthealthit.org/permission-ticket-type/payer-quality-gap-v1",
        name: "Payer Quality Gap Queries",
        profiled: false,
        claims: &["measure"],
    },
];

impl TicketType {
    /// Look a `ticket_type` URI up in the registry.
    pub fn from_uri(uri: &str) -> Option<TicketType> {
        REGISTRY.iter().copied().find(|t| t.uri == uri)
    }
}
