//! `jwt.typ`: a `typ` header, if present, says `JWT`.

use crate::rules::support::Member;
use serde_json::Value;

use crate::rules::support::kind;
use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "jwt.typ",
    severity: Severity::Info,
    summary: "Header typ, when present, is JWT",
    citation: Citation {
        page: Page::Index,
        section: "Developer Reference: Signing Algorithm",
        keyword: Keyword::Guidance,
        quote: "The guide's example headers are exactly {alg, kid}; typ is not specified (paraphrased). RFC 7519 §5.1: if present, it is RECOMMENDED that its value be \"JWT\"",
    },
    applies: Applies::Header,
    explain: "\
## What it checks
If the header has a `typ` member, it is the string `JWT`. Media types are case-insensitive
(RFC 7515 §4.1.9), so `jwt` and the long form `application/jwt` are accepted too. An absent
`typ` is fine.

## Why it matters
The guide does not define `typ` for tickets: its examples carry none (the header is exactly
`{\"alg\", \"kid\"}`), while the reference implementation mints `\"typ\": \"JWT\"`. Neither
Data Holders nor ptix look at it. A different value, such as `at+jwt` or a made-up
`permission-ticket+jwt`, is not wrong, but a verifier that checks explicit types (RFC 8725
§3.11) configured for `JWT` may reject it, and a reader may wonder whether the token is a
ticket at all.

## How to fix
Omit `typ` (as the guide's examples do) or set it to `JWT`.",
    decision: Some(
        "The guide is silent on typ; ptix accepts absence and JWT silently and reports any other \
         value for information only.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(typ) = ctx.header.and_then(|h| h.member("typ")) else {
        return;
    };
    match typ {
        Value::String(s) if is_jwt(s) => {}
        Value::String(s) => {
            out.report(
                "/header/typ",
                format!("typ is \"{s}\"; the guide defines no typ for tickets (its examples omit it, the reference implementation uses \"JWT\")"),
            )
            .expected("JWT")
            .actual(s.as_str());
        }
        v => {
            out.report(
                "/header/typ",
                format!("typ is {}, not a string; omit it or use \"JWT\"", kind(v)),
            )
            .expected("JWT")
            .actual(v.clone());
        }
    }
}

/// `JWT`, in any case, with or without the `application/` prefix (RFC 7515 §4.1.9).
fn is_jwt(s: &str) -> bool {
    let short = match s.get(..12) {
        Some(prefix) if prefix.eq_ignore_ascii_case("application/") => &s[12..],
        _ => s,
    };
    short.eq_ignore_ascii_case("JWT")
}
