//! The Permission Ticket model: the ticket-type registry and accessors over a decoded ticket.

pub mod build;
pub mod claim;
pub mod extract;
pub mod fhir;
pub mod object;
pub mod scan;
pub mod ticket_type;

pub use ticket_type::TicketType;
