//! `binding.entity_uri_https`: the bound client's entity URI is an absolute https URL.

use crate::rules::support::Member;
use crate::rules::support::{child, is_https_url};
use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "binding.entity_uri_https",
    severity: Severity::Warning,
    summary: "presenter_binding.entity_uri is an absolute https URL",
    citation: Citation {
        page: Page::Index,
        section: "Binding Modes",
        keyword: Keyword::Derived,
        quote: "For UDAP: certificate SAN matches entity_uri. For well-known: fetch {entity_uri}/.well-known/jwks.json and verify client_assertion. For OIDF: validate the client's federation material for entity_uri",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
When the binding is `trust_framework_client` and `entity_uri` is a non-empty string, it is an
absolute `https://` URL with a host.

## Why it matters
Every verification path dereferences or compares `entity_uri` as a URL: the well-known mode
fetches `{entity_uri}/.well-known/jwks.json`, OpenID Federation entity identifiers are https
URLs, and UDAP matches it to the client certificate's URI SAN. A relative, `http:` or bare-name
value cannot be resolved securely, so the binding fails and the ticket is rejected.

## How to fix
Use the client's entity identifier exactly as its trust framework publishes it, e.g.
`https://payer.example.com/organizations/claims-review`.",
    decision: Some(
        "The guide types entity_uri only as a non-empty string; ptix derives the https \
         expectation from the verification modes and reports a warning rather than an error.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(obj) = super::form(ctx, "trust_framework_client") else {
        return;
    };
    let Some(uri) = obj
        .member("entity_uri")
        .and_then(|v| v.as_str())
        .filter(|s| !s.is_empty())
    else {
        return; // binding.tfc_shape
    };
    if !is_https_url(uri) {
        out.report(
            child("/payload/presenter_binding", "entity_uri"),
            format!("presenter_binding.entity_uri \"{uri}\" is not an absolute https URL"),
        )
        .expected("https://...")
        .actual(uri);
    }
}
