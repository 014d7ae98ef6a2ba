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
    let (Some(system_host), Some(iss_host)) = (support::host(system), ctx.iss().and_then(support::host))
    else {
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
