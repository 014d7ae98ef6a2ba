//! `access.member_object`: an extension constraint's value is a JSON object.

use crate::rules::support::{child, kind};
use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "access.member_object",
    severity: Severity::Error,
    summary: "A URL-named access member is a JSON object",
    citation: Citation {
        page: Page::Schema,
        section: "access (additionalProperties)",
        keyword: Keyword::Schema,
        quote: "access: additional members are objects (additionalProperties: {type: object})",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
Each member of `access` named by URL (containing `://`, or starting with `urn:`) has a JSON
object as its value.

## Why it matters
The guide's schema admits members beyond its own constraints only as objects. A string, array,
number or boolean fails schema validation, so even a Data Holder that implements the extension
may reject the ticket before it looks at the constraint.

## How to fix
Wrap the value in an object, as the guide's example does:
`\"https://example.org/permission-ticket/encounter-class-filter\": {\"include\": [...]}`.",
    decision: Some(
        "The prose says nothing about an extension constraint's JSON type; ptix \
         follows the schema's catchall, which requires an object.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(access) = ctx.get("/access").and_then(|v| v.as_object()) else {
        return;
    };
    for (name, value) in access.iter().filter(|(n, _)| super::url_named(n)) {
        if !value.is_object() {
            out.report(
                child("/payload/access", name),
                format!(
                    "access constraint \"{name}\" is {}; expected an object",
                    kind(value)
                ),
            )
            .expected("an object")
            .actual(kind(value));
        }
    }
}
