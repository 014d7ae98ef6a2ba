//! `claim_linkage.claim_control_number`: the claim identifier is the provider's own number.

use crate::rules::support::Member;
use crate::rules::*;

use super::{claim, BASE};

pub static RULE: Rule = Rule {
    id: "claim_linkage.claim_control_number",
    severity: Severity::Info,
    summary: "The claim identifier's system is on the issuer's host (a payer-assigned number is never used)",
    citation: Citation {
        page: Page::ClaimLinkage,
        section: "Shape and validity",
        keyword: Keyword::Guidance,
        quote: "never a payer-assigned claim number (ICN / DCN / CCN), which does not exist when the ticket is minted",
    },
    applies: Applies::Pca,
    explain: "\
## What it checks
When `claim_linkage.claim.identifier.system` and `iss` are both absolute URLs, their hosts are
the same (compared without case or port).

## Why it matters
The identifier must be the provider's own submission control number, the X12 837 CLM01 that
comes back in the 835. A payer's internal claim number (ICN, DCN, CCN) does not exist when the
ticket is minted, and the provider cannot look it up. Which number a value is cannot be checked
by machine; a system on a host other than the issuer's is only a hint that the number may be
one the payer assigned.

## How to fix
If the identifier is the payer's number, replace it with the CLM01 your system submitted and
use your own claim-number system. If the system is simply hosted elsewhere, ignore this.",
    decision: Some(
        "The requirement is not machine-checkable; ptix reports, for information only, an identifier system whose \
         host differs from the issuer's, as a prompt to check. Hosts are compared exactly, ignoring ASCII case \
         and port; related subdomains count as different.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(system) = claim(ctx)
        .and_then(|c| c.member("identifier"))
        .and_then(|id| id.member("system"))
        .and_then(|s| s.as_str())
    else {
        return;
    };
    let (Some(system_host), Some(iss_host)) = (host(system), ctx.iss().and_then(host)) else {
        return;
    };
    if system_host != iss_host {
        out.report(
            format!("{BASE}/claim/identifier/system"),
            format!("claim.identifier.system is on host {system_host}, not the issuer's host {iss_host}; make sure the value is your own claim control number (837 CLM01), not a payer-assigned ICN/DCN/CCN"),
        )
        .expected(format!("a claim-number system on {iss_host}"))
        .actual(system);
    }
}

/// The lower-cased host of an absolute URL, without user info or port.
fn host(url: &str) -> Option<String> {
    if !support::is_absolute_url(url) {
        return None;
    }
    let (_, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit('@').next()?;
    let host = if host_port.starts_with('[') {
        // IPv6 literal: keep through the closing bracket
        host_port.split_inclusive(']').next()?
    } else {
        host_port.split(':').next()?
    };
    let host = host.trim_end_matches('.');
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::host;

    #[test]
    fn hosts() {
        assert_eq!(
            host("https://Fhir.Provider.example.org/claims").as_deref(),
            Some("fhir.provider.example.org")
        );
        assert_eq!(host("https://u:p@a.org:8443/x?y#z").as_deref(), Some("a.org"));
        assert_eq!(host("https://[::1]:8443/x").as_deref(), Some("[::1]"));
        assert_eq!(host("https://a.org").as_deref(), Some("a.org"));
        assert_eq!(host("urn:oid:2.16.840.1"), None);
        assert_eq!(host("claims"), None);
    }
}
