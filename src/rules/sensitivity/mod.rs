//! Proposal 005: `access.sensitivity_withhold` and the `sensitivity_release_authorized` claim.

pub mod release_shape;
pub mod release_unlisted;
pub mod withhold_shape;

use crate::rules::support::Member;
use serde_json::Value;

use super::support::{child, kind, non_empty_str};
use super::{Findings, Rule};

pub static RULES: &[&Rule] = &[
    &withhold_shape::RULE,
    &release_shape::RULE,
    &release_unlisted::RULE,
];

/// Check the shape both pieces share, `{codes?: Coding[], unlisted?: boolean}` with a
/// non-empty `codes` or `unlisted: true`. `name` is how messages call the piece; `base` its
/// pointer.
fn shape(v: &Value, name: &str, base: &str, out: &mut Findings) {
    let Some(obj) = v.as_object() else {
        out.report(
            base,
            format!(
                "{name} is {}; expected an object with codes and/or unlisted",
                kind(v)
            ),
        )
        .expected("an object")
        .actual(kind(v));
        return;
    };
    let mut codes_ok = false;
    let mut codes_broken = false;
    match obj.member("codes") {
        None => {}
        Some(Value::Array(codes)) => {
            codes_ok = !codes.is_empty();
            let codes_ptr = child(base, "codes");
            for (i, coding) in codes.iter().enumerate() {
                let ptr = child(&codes_ptr, &i.to_string());
                if !coding.is_object() {
                    out.report(
                        ptr,
                        format!(
                            "{name}.codes[{i}] is {}; expected a FHIR Coding object",
                            kind(coding)
                        ),
                    )
                    .expected("an object with system and code")
                    .actual(coding.clone());
                    continue;
                }
                let missing: Vec<&str> = ["system", "code"]
                    .into_iter()
                    .filter(|m| non_empty_str(coding.get(*m)).is_none())
                    .collect();
                if !missing.is_empty() {
                    out.report(
                        ptr,
                        format!(
                            "{name}.codes[{i}] lacks a non-empty string {}; a sensitivity category needs both its code system and its code",
                            missing.join(" and ")
                        ),
                    )
                    .expected("an object with system and code")
                    .actual(coding.clone());
                }
            }
        }
        Some(other) => {
            codes_broken = true;
            out.report(
                child(base, "codes"),
                format!(
                    "{name}.codes is {}; expected an array of FHIR Codings",
                    kind(other)
                ),
            )
            .expected("an array")
            .actual(kind(other));
        }
    }
    let mut unlisted = false;
    let mut unlisted_broken = false;
    match obj.member("unlisted") {
        None => {}
        Some(Value::Bool(b)) => unlisted = *b,
        Some(other) => {
            unlisted_broken = true;
            out.report(
                child(base, "unlisted"),
                format!("{name}.unlisted is {}; expected true or false", kind(other)),
            )
            .expected("a boolean")
            .actual(other.clone());
        }
    }
    if !codes_ok && !unlisted && !codes_broken && !unlisted_broken {
        out.report(
            base,
            format!("{name} has neither a non-empty codes nor unlisted: true, so it names no category"),
        )
        .expected("non-empty codes and/or unlisted: true");
    }
}
