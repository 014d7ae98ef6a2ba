//! `jwt.crit`: no `crit` header: tickets define no JOSE extensions a verifier must understand.

use crate::rules::support::Member;
use serde_json::Value;

use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "jwt.crit",
    severity: Severity::Error,
    summary: "Header has no crit member (tickets define no critical JOSE extensions)",
    citation: Citation {
        page: Page::Rfc7515,
        section: "4.1.11. \"crit\" (Critical) Header Parameter",
        keyword: Keyword::Shall,
        quote: "If any of the listed extension Header Parameters are not understood and supported by the recipient, then the JWS is invalid.",
    },
    applies: Applies::Header,
    explain: "\
## What it checks
The JOSE header has no `crit` member, whatever its value, and no `b64` member (RFC 7797's
unencoded payload option, which must always be listed in `crit`).

## Why it matters
`crit` lists header extensions the recipient MUST understand, or else treat the JWS as
invalid. The guide defines no header extensions for tickets, so no Data Holder understands
any: a ticket with `crit` naming an extension is invalid to every conforming verifier. An
empty list is itself forbidden by RFC 7515, and naming a registered parameter (`alg`, `kid`)
is too. Verifiers that ignore `crit` are non-conformant, so the ticket's fate depends on
which library the Data Holder happens to use. `b64` changes what the signature covers (RFC
7797 §3) and is valid only when `crit` names it (§6): without `crit` the header is invalid,
and JOSE libraries refuse it.

## How to fix
Remove `crit`, `b64` and the extension parameters `crit` names from the header. Ticket semantics belong
in the payload, not in JOSE header extensions.",
    decision: Some(
        "The guide does not address crit; ptix reports any crit as an error because the guide \
         defines no extension a Data Holder could understand, so RFC 7515 makes the JWS invalid.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    if let Some(b64) = ctx.header.and_then(|h| h.member("b64")) {
        out.report(
            "/header/b64",
            "the header has b64 (RFC 7797's unencoded payload option, which must be listed in crit); tickets use none, and JOSE verifiers refuse it",
        )
        .actual(b64.clone());
    }
    let Some(crit) = ctx.header.and_then(|h| h.member("crit")) else {
        return;
    };
    let names: Vec<&str> = match crit {
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let message = if names.is_empty() {
        "the header has crit; tickets define no critical extensions, so every conforming verifier must reject it".to_string()
    } else {
        format!(
            "the header marks {} as critical; tickets define no such extension, so every conforming verifier must reject the ticket",
            names
                .iter()
                .map(|n| format!("\"{n}\""))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    out.report("/header/crit", message).actual(crit.clone());
}
