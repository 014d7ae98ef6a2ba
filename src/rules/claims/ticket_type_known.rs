//! `claims.ticket_type_known`: `ticket_type` is one of the guide's registered type URIs.

use serde_json::Value;

use crate::rules::*;
use crate::ticket::ticket_type::{TicketType, PREFIX, REGISTRY};

pub static RULE: Rule = Rule {
    id: "claims.ticket_type_known",
    severity: Severity::Error,
    summary: "ticket_type is one of the registered ticket type URIs",
    citation: Citation {
        page: Page::Schema,
        section: "schema.ts: ticket_type",
        keyword: Keyword::Schema,
        quote: "ticket_type is one of the registry URIs; an unknown or unsupported type is rejected with invalid_grant, \"Unsupported ticket type\" (index, Server-Side Validation)",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
When `ticket_type` is a string (else `claims.ticket_type` reports it), it is exactly one of the
eight URIs of the guide's registry,
`https://smarthealthit.org/permission-ticket-type/` followed by `patient-self-access-v1`,
`patient-delegated-access-v1`, `public-health-investigation-v1`, `social-care-referral-v1`,
`payer-claims-adjudication-v1`, `research-study-access-v1`, `provider-consult-v1` or
`payer-quality-gap-v1`. When the value is close to one (case, a trailing slash, a missing
prefix or version), the message names it.

## Why it matters
A Data Holder compares the URI byte for byte with the types it supports (and advertises in
`smart_permission_ticket_types_supported`); anything else is rejected with `invalid_grant`
(\"Unsupported ticket type\"). ptix also runs its Payer Claims Adjudication rules only when
the type is exactly that URI (or absent), so a misspelt type silently skips them.

## How to fix
Copy the URI from the registry; for this tool's type:

```json
\"ticket_type\": \"https://smarthealthit.org/permission-ticket-type/payer-claims-adjudication-v1\"
```",
    decision: None,
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(uri) = ctx.str("/ticket_type") else {
        return;
    };
    if TicketType::from_uri(uri).is_some() {
        return;
    }
    let message = match suggest(uri) {
        Some(t) => format!(
            "Unsupported ticket type \"{uri}\"; did you mean \"{}\" ({})?",
            t.uri, t.name
        ),
        None => format!("Unsupported ticket type \"{uri}\": not a URI of the guide's ticket type registry"),
    };
    let registry: Vec<Value> = REGISTRY.iter().map(|t| Value::from(t.uri)).collect();
    out.report("/payload/ticket_type", message)
        .expected(registry)
        .actual(uri);
}

/// A registered type the value was probably meant to be.
fn suggest(uri: &str) -> Option<TicketType> {
    let norm = uri.trim().trim_end_matches('/').to_ascii_lowercase();
    let last = norm.rsplit('/').next().unwrap_or(&norm);
    REGISTRY.iter().copied().find(|t| {
        let slug = t.uri.strip_prefix(PREFIX).unwrap_or(t.uri);
        t.uri == norm || (!last.is_empty() && (last == slug || Some(last) == slug.strip_suffix("-v1")))
    })
}

#[cfg(test)]
mod tests {
    use super::suggest;

    #[test]
    fn suggestions() {
        let pca = "https://smarthealthit.org/permission-ticket-type/payer-claims-adjudication-v1";
        assert_eq!(suggest(&format!("{pca}/")).map(|t| t.uri), Some(pca));
        assert_eq!(suggest("payer-claims-adjudication").map(|t| t.uri), Some(pca));
        assert_eq!(
            suggest("https://example.org/payer-claims-adjudication-v1").map(|t| t.uri),
            Some(pca)
        );
        assert!(suggest("https://example.org/other").is_none());
        assert!(suggest("").is_none());
    }
}
