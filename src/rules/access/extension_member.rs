//! `access.extension_member`: a URL-named constraint is rejected wherever it is not implemented.

use crate::rules::support::child;
use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "access.extension_member",
    severity: Severity::Warning,
    summary: "access carries a URL-named extension constraint, rejected by every Data Holder that does not implement it",
    citation: Citation {
        page: Page::AccessConstraints,
        section: "Defining New Access Constraints",
        keyword: Keyword::Derived,
        quote: "A ticket MAY also carry constraints beyond its type's required set ... servers that do not enforce them reject the ticket, and issuers should expect that rejection wherever the extra constraint is unsupported",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
Reports each member of `access` named by URL (containing `://`, or starting with `urn:`): a
constraint defined by another implementation guide.

## Why it matters
Extension constraints are allowed, but discovery rides on ticket types: a Data Holder that
advertises the ticket type promises only the type's own constraints. Every Data Holder that does
not implement this extension must reject the ticket (`invalid_grant`, \"Unsupported access
constraint\"), as unrecognized constraints fail closed.

## How to fix
Keep it if the audience is known to enforce it. Otherwise drop it, or mint the ticket under a
ticket type whose required set includes it.",
    decision: Some(
        "A warning: the guide allows extension constraints, and whether the audience enforces one \
         is deployment knowledge ptix lacks, but rejection is the default outcome.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(access) = ctx.get("/access").and_then(|v| v.as_object()) else {
        return;
    };
    for name in access.keys().filter(|n| super::url_named(n)) {
        out.report(
            child("/payload/access", name),
            format!(
                "access carries the extension constraint \"{name}\"; every Data Holder that does not implement it rejects the ticket"
            ),
        );
    }
}
