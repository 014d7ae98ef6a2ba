//! `jwt.compact`: the input is a compact JWS whose header and payload are JSON objects.

use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "jwt.compact",
    severity: Severity::Error,
    summary: "The ticket is a compact JWS: three base64url segments, header and payload JSON objects",
    citation: Citation {
        page: Page::Index,
        section: "Server-Side Validation",
        keyword: Keyword::Shall,
        quote: "malformed JWT ... invalid_grant (paraphrased from the error table); RFC 7515 §7.1 defines the compact serialization",
    },
    applies: Applies::Always,
    explain: "\
## What it checks
The input is `BASE64URL(header).BASE64URL(payload).BASE64URL(signature)`: exactly three segments,
strict base64url (no `=` padding, no whitespace inside, no `+` or `/`, no stray bits in the last
character), and header and payload decode to UTF-8 JSON objects.

## Why it matters
A Data Holder answers a malformed ticket with `invalid_grant`. Lenient decoders disagree about
padding and stray characters, so a token one library accepts another rejects.

## How to fix
Sign with a JOSE library's compact serialization. If the token travelled through a form or a
header, make sure nothing was added (quotes, `Bearer `, line breaks) or percent-encoded.",
    decision: None,
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    if let Artifact::Malformed(e) = ctx.artifact {
        let pointer = e.segment().map(|s| s.pointer()).unwrap_or("");
        out.report(pointer, e.to_string());
    }
}
