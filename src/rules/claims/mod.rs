//! The common ticket shell: registered claims and `ticket_type`.

pub mod aud;
pub mod aud_type_enum;
pub mod aud_url;
pub mod exp;
pub mod exp_after_iat;
pub mod expired;
pub mod iat;
pub mod iat_future;
pub mod iss;
pub mod iss_https;
pub mod jti;
pub mod legacy;
pub mod nbf;
pub mod ticket_type;
pub mod ticket_type_known;
pub mod ticket_type_unprofiled;
pub mod unknown;

use serde_json::Value;

use super::support::kind;
use super::{Ctx, Findings, Rule};

pub static RULES: &[&Rule] = &[
    &iss::RULE,
    &iss_https::RULE,
    &aud::RULE,
    &aud_type_enum::RULE,
    &aud_url::RULE,
    &exp::RULE,
    &iat::RULE,
    &exp_after_iat::RULE,
    &expired::RULE,
    &iat_future::RULE,
    &jti::RULE,
    &ticket_type::RULE,
    &ticket_type_known::RULE,
    &ticket_type_unprofiled::RULE,
    &nbf::RULE,
    &legacy::RULE,
    &unknown::RULE,
];

/// The latest time ptix reads as a NumericDate: 9999-12-31T23:59:59Z (the end of RFC 3339).
pub(crate) const MAX_NUMERIC_DATE: i64 = 253_402_300_799;

/// A time claim as the time rules read it: an integer (as JSON Schema reads one) from 0 (1970)
/// to year 9999.
/// Anything else is `None`: `claims.exp` / `claims.iat` report it, and time rules skip it.
pub(crate) fn numeric_date(ctx: &Ctx<'_>, pointer: &str) -> Option<i64> {
    ctx.int(pointer).filter(|t| (0..=MAX_NUMERIC_DATE).contains(t))
}

/// `nbf` as `ptix verify` honours it: any NumericDate (RFC 7519 §2 allows fractions) from 1970
/// to the year 9999, as the first whole second it allows; or why not, as the end of a sentence
/// starting with "nbf".
pub(crate) fn nbf_time(v: &Value) -> Result<i64, String> {
    match v.as_f64() {
        Some(f) if (0.0..=MAX_NUMERIC_DATE as f64).contains(&f) => Ok(f.ceil() as i64),
        Some(_) => Err(format!(
            "is {v}, outside 1970 to the year 9999; a NumericDate counts seconds since 1970"
        )),
        None => Err(numeric_date_problem(v).unwrap_or_else(|| format!("is {v}, not a NumericDate"))),
    }
}

/// Why `v` is not an integer NumericDate ptix accepts, as the end of a sentence starting with
/// the claim's name; `None` when it is fine.
pub(crate) fn numeric_date_problem(v: &Value) -> Option<String> {
    let n = match v {
        Value::Number(n) => n,
        Value::String(s) => {
            let hint = if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
                " (drop the quotes)"
            } else {
                ""
            };
            return Some(format!(
                "is the string {}; a NumericDate is a JSON integer of seconds since 1970-01-01T00:00:00Z{hint}",
                Value::from(s.as_str())
            ));
        }
        other => {
            return Some(format!(
                "is {}; expected a JSON integer of seconds since 1970-01-01T00:00:00Z",
                kind(other)
            ))
        }
    };
    match crate::rules::support::integer(v) {
        Some(t) if t < 0 => Some(format!(
            "is {t}, before 1970; a ticket's NumericDate is seconds since 1970-01-01T00:00:00Z"
        )),
        Some(t) if t > MAX_NUMERIC_DATE => Some(if t / 1000 <= MAX_NUMERIC_DATE {
            format!(
                "is {t}, after the year 9999: it looks like milliseconds ({}), but a NumericDate counts seconds",
                crate::clock::display(t / 1000)
            )
        } else {
            format!("is {t}, after the year 9999; a NumericDate counts seconds since 1970")
        }),
        Some(_) => None,
        None if n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0 && f > 0.0) => Some(format!(
            "is {n}, after the year 9999; NumericDate counts seconds since 1970"
        )),
        None if n.as_f64().is_some_and(|f| f.fract() == 0.0) => Some(format!(
            "is {n}, before 1970; a ticket's NumericDate is seconds since 1970-01-01T00:00:00Z"
        )),
        None => Some(format!(
            "is {n}, not a whole number of seconds; the guide's schema types it as an integer"
        )),
    }
}

/// The shared check of `claims.exp` and `claims.iat`: present, and an integer NumericDate.
fn check_numeric_date(ctx: &Ctx<'_>, out: &mut Findings, name: &str, what: &str) {
    match crate::rules::support::Member::member(ctx.payload, name) {
        None => {
            out.report(
                "/payload",
                format!("the ticket has no {name} ({what}); issuers SHALL include it"),
            )
            .expected("integer NumericDate (Unix seconds)");
        }
        Some(v) => {
            if let Some(problem) = numeric_date_problem(v) {
                out.report(format!("/payload/{name}"), format!("{name} {problem}"))
                    .expected("integer NumericDate (Unix seconds)")
                    .actual(v.clone());
            }
        }
    }
}

/// The shared check of `claims.iss` and `claims.jti`: present, a string, not empty.
/// `missing` finishes the sentence "the ticket has no NAME; ...".
fn check_required_string(ctx: &Ctx<'_>, out: &mut Findings, name: &str, missing: &str) {
    // A top-level member: looked up by name (a pointer would have to be formatted first).
    let member = ctx
        .payload
        .as_object()
        .and_then(|m| super::engine::member(m, name));
    match member {
        None => {
            out.report("/payload", format!("the ticket has no {name}; {missing}"));
        }
        Some(Value::String(s)) if s.is_empty() => {
            out.report(
                format!("/payload/{name}"),
                format!("{name} is an empty string; it must be a non-empty string"),
            )
            .actual("");
        }
        Some(Value::String(_)) => {}
        Some(v) => {
            out.report(
                format!("/payload/{name}"),
                format!("{name} is {}, not a string", kind(v)),
            )
            .expected("a non-empty string")
            .actual(v.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn whole_numbers_out_of_range_are_named_so() {
        for (v, words) in [
            (json!(1e19), "after the year 9999"),
            (json!(1e300), "after the year 9999"),
            (json!(-1e19), "before 1970"),
            (json!(1787513950.5), "not a whole number"),
        ] {
            let problem = super::numeric_date_problem(&v).unwrap_or_default();
            assert!(problem.contains(words), "{v}: {problem}");
        }
        assert_eq!(super::numeric_date_problem(&json!(1787513950.0)), None);
    }

    use serde_json::{json, Value};

    use crate::rules::{run, Artifact, LintOptions};

    /// Every member of the base payload (and the optional ones these rules read), replaced by
    /// every kind of JSON value: the claims and lifetime rules report or skip, never panic.
    #[test]
    fn hostile_values_never_panic() {
        let base: Value =
            serde_json::from_str(include_str!("../../../samples/tickets/valid/base-payload.json")).unwrap();
        let values = [
            json!(null),
            json!(true),
            json!(0),
            json!(-1),
            json!(1.5),
            json!(1e300),
            json!(u64::MAX),
            json!(i64::MIN),
            json!(""),
            json!("x"),
            json!("é"),
            json!([]),
            json!([1, "", null]),
            json!({}),
            json!({"a": 1}),
        ];
        let mut names: Vec<String> = base.as_object().unwrap().keys().cloned().collect();
        names.extend(["nbf", "revocation", "cnf", "acess"].map(String::from));
        let mut opts = LintOptions::at(1_782_864_000);
        opts.select = vec!["claims".into(), "lifetime".into()];
        for name in &names {
            for v in &values {
                let mut p = base.clone();
                p[name.as_str()] = v.clone();
                let artifact = Artifact::from_text(&p.to_string());
                for f in run(&artifact, &opts, None) {
                    assert!(
                        !f.message.starts_with("internal error"),
                        "{name} = {v}: {}",
                        f.message
                    );
                }
            }
        }
    }
}
