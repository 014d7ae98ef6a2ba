//! `presenter_binding`: which client may redeem the ticket.

pub mod entity_uri_https;
pub mod jkt_format;
pub mod jkt_shape;
pub mod method;
pub mod required;
pub mod tfc_shape;

use crate::rules::support::Member;
use serde_json::{Map, Value};

use super::{Ctx, Rule};

pub static RULES: &[&Rule] = &[
    &required::RULE,
    &method::RULE,
    &jkt_shape::RULE,
    &jkt_format::RULE,
    &tfc_shape::RULE,
    &entity_uri_https::RULE,
];

/// `presenter_binding` as an object, when its `method` is `method` (the shape rules of one
/// form run only on that form; `binding.method` reports everything else).
fn form<'a>(ctx: &Ctx<'a>, method: &str) -> Option<&'a Map<String, Value>> {
    let obj = ctx.get("/presenter_binding")?.as_object()?;
    (obj.member("method").and_then(Value::as_str) == Some(method)).then_some(obj)
}
