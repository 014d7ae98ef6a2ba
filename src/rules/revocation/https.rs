//! `revocation.https`: the status list is served over HTTPS.

use crate::rules::support::is_https_url;
use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "revocation.https",
    severity: Severity::Warning,
    summary: "revocation.url is an absolute https URL",
    citation: Citation {
        page: Page::Index,
        section: "Revocation Checking",
        keyword: Keyword::Derived,
        quote: "Issuers: SHALL publish the status list at the URL specified in tickets; SHALL serve the status list over HTTPS",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
When `revocation.url` is a non-empty string, it is an absolute `https://` URL with a host.

## Why it matters
The issuer SHALL serve the status list over HTTPS, at the URL in the ticket; a ticket whose URL
is `http:`, relative or not a URL at all cannot meet that. A Data Holder that will not fetch it
cannot determine revocation status, and then SHALL reject (fail closed); one that does fetch
over plain HTTP lets anyone on the path un-revoke tickets.

## How to fix
Publish the status list at an `https://` URL and put that URL in the ticket.",
    decision: Some(
        "The index states it as an issuer SHALL; ptix follows the candidate catalogue and reports \
         a warning (the ticket is well-formed; what fails is the issuer's publication, which a \
         Data Holder meets as an unfetchable list and then rejects by failing closed).",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(url) = ctx.str("/revocation/url").filter(|s| !s.is_empty()) else {
        return; // revocation.shape
    };
    if !is_https_url(url) {
        out.report(
            "/payload/revocation/url",
            format!("revocation.url \"{url}\" is not an absolute https URL; the status list SHALL be served over HTTPS"),
        )
        .expected("https://...")
        .actual(url);
    }
}
