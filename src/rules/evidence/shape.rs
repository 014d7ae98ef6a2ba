//! `evidence.shape`: an identity-evidence slot is an embedded ID token.

use crate::rules::support::Member;
use serde_json::Value;

use crate::rules::support::{child, kind};
use crate::rules::*;

const SLOTS: [&str; 2] = ["subject_identity_evidence", "requester_identity_evidence"];

pub static RULE: Rule = Rule {
    id: "evidence.shape",
    severity: Severity::Error,
    summary: "Identity evidence is exactly {source: \"embedded\", token_type: \"id_token\", jwt}",
    citation: Citation {
        page: Page::Schema,
        section: "EmbeddedIdentityEvidenceSchema",
        keyword: Keyword::Schema,
        quote: "{ source: \"embedded\", token_type: \"id_token\", jwt: non-empty string }, strict",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
For each of `subject_identity_evidence` and `requester_identity_evidence` that is present: it
is a JSON object with `source` = `\"embedded\"`, `token_type` = `\"id_token\"`, `jwt` a non-empty
string, and no other member. One finding per problem.

## Why it matters
The base evidence shape is an embedded OpenID Connect ID token, and the Data Holder SHALL verify
present evidence (signature, evidence-issuer trust, temporal validity). Evidence it cannot parse
is invalid evidence: `invalid_grant` (\"Invalid identity evidence\"). No other token types are
defined yet.

## How to fix
Embed the compact ID token as `jwt` with the two fixed members, or remove the slot. (Payer Claims
Adjudication does not use identity evidence: the requester is an organization.)",
    decision: None,
    file: file!(),
    check,
};

fn fixed(
    obj: &serde_json::Map<String, Value>,
    base: &str,
    slot: &str,
    name: &str,
    want: &str,
    out: &mut Findings,
) {
    match obj.get(name) {
        None => {
            out.report(base, format!("{slot} has no {name}; expected \"{want}\""))
                .expected(want);
        }
        Some(Value::String(s)) if s == want => {}
        Some(other) => {
            let shown = match other {
                Value::String(s) => format!("\"{s}\""),
                v => kind(v).to_string(),
            };
            out.report(
                child(base, name),
                format!("{slot}.{name} is {shown}; expected \"{want}\""),
            )
            .expected(want)
            .actual(other.clone());
        }
    }
}

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    for slot in SLOTS {
        let Some(ev) = ctx.payload.get(slot) else {
            continue;
        };
        let base = format!("/payload/{slot}");
        let Some(obj) = ev.as_object() else {
            out.report(
                &base,
                format!(
                    "{slot} is {}; expected an object with source, token_type and jwt",
                    kind(ev)
                ),
            )
            .expected("an object")
            .actual(kind(ev));
            continue;
        };
        fixed(obj, &base, slot, "source", "embedded", out);
        fixed(obj, &base, slot, "token_type", "id_token", out);
        match obj.member("jwt") {
            None => {
                out.report(&base, format!("{slot} has no jwt (the embedded ID token)"));
            }
            Some(Value::String(s)) if !s.is_empty() => {}
            Some(other) => {
                let shown = match other {
                    Value::String(_) => "an empty string".to_string(),
                    v => kind(v).to_string(),
                };
                out.report(
                    child(&base, "jwt"),
                    format!("{slot}.jwt is {shown}; expected the compact ID token"),
                )
                .expected("a non-empty string")
                .actual(other.clone());
            }
        }
        for name in obj
            .keys()
            .filter(|k| !matches!(k.as_str(), "source" | "token_type" | "jwt"))
        {
            out.report(
                child(&base, name),
                format!("{slot} has member \"{name}\"; only source, token_type and jwt are allowed"),
            );
        }
    }
}
