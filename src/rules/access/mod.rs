//! `access`: the ticket's access constraints (every member enforce-or-reject).

pub mod extension_member;
pub mod member_object;
pub mod present;
pub mod unknown_member;

use super::Rule;

pub static RULES: &[&Rule] = &[
    &present::RULE,
    &unknown_member::RULE,
    &extension_member::RULE,
    &member_object::RULE,
];

/// An `access` member named by URL: the pattern other guides use for their constraints.
pub(crate) fn url_named(name: &str) -> bool {
    name.contains("://") || name.starts_with("urn:")
}
