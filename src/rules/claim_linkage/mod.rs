//! `claim_linkage` rules: the Payer Claims Adjudication constraint that names the encounters
//! (and optionally the submission) a ticket releases records for.

pub mod claim_control_number;
pub mod claim_identifier;
pub mod claim_reference;
pub mod claim_type;
pub mod encounter_duplicate;
pub mod encounter_nonempty;
pub mod encounter_own_url;
pub mod encounter_reference;
pub mod encounter_type;
pub mod shape;

use crate::rules::support::Member;
use serde_json::{Map, Value};

use super::{Ctx, Rule};

pub static RULES: &[&Rule] = &[
    &shape::RULE,
    &encounter_nonempty::RULE,
    &encounter_reference::RULE,
    &encounter_own_url::RULE,
    &encounter_type::RULE,
    &encounter_duplicate::RULE,
    &claim_reference::RULE,
    &claim_identifier::RULE,
    &claim_type::RULE,
    &claim_control_number::RULE,
];

/// Where `claim_linkage` lives, as a finding pointer.
const BASE: &str = "/payload/access/claim_linkage";

/// `access.claim_linkage`, when it is an object (claim_linkage.shape reports anything else).
fn linkage<'a>(ctx: &Ctx<'a>) -> Option<&'a Map<String, Value>> {
    ctx.get("/access/claim_linkage").and_then(Value::as_object)
}

/// The `encounter` array, when it is one (claim_linkage.encounter_nonempty reports anything else).
fn encounters<'a>(ctx: &Ctx<'a>) -> Option<&'a Vec<Value>> {
    linkage(ctx)?.member("encounter")?.as_array()
}

/// Each encounter entry's `reference`, when it is a non-empty string, with the entry's index.
fn encounter_refs<'a>(ctx: &Ctx<'a>) -> impl Iterator<Item = (usize, &'a str)> {
    encounters(ctx)
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(i, e)| super::support::non_empty_str(e.member("reference")).map(|r| (i, r)))
}

/// The `claim` Reference, when it is an object in the current shape (no `resourceType`:
/// claim_linkage.claim_reference reports the obsolete Claim-resource shape).
fn claim<'a>(ctx: &Ctx<'a>) -> Option<&'a Map<String, Value>> {
    linkage(ctx)?
        .member("claim")?
        .as_object()
        .filter(|c| !c.contains_key("resourceType"))
}

/// Pointer to encounter entry `i`.
fn encounter_ptr(i: usize) -> String {
    format!("{BASE}/encounter/{i}")
}
