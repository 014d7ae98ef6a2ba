//! `lifetime.long_unrevocable`: a long-lived ticket carries `revocation`.

use serde_json::Value;

use crate::rules::claims::numeric_date;
use crate::rules::*;
use crate::ticket::ticket_type::PAYER_CLAIMS_ADJUDICATION;

/// Payer Claims Adjudication: the upper end of the page's operational windows (45-75 days).
const PCA_WINDOW_SECS: i64 = 75 * 86_400;
/// Other types: the guide's batch lifetime (24 hours).
const OTHER_WINDOW_SECS: i64 = 86_400;
/// Payer Quality Gap Queries: exp SHOULD cover the reporting window (its example: 120 days).
const QUALITY_GAP_WINDOW_SECS: i64 = 120 * 86_400;
const QUALITY_GAP: &str = "https://smarthealthit.org/permission-ticket-type/payer-quality-gap-v1";

pub static RULE: Rule = Rule {
    id: "lifetime.long_unrevocable",
    severity: Severity::Notice,
    summary: "A ticket living longer than its type's usual window carries revocation",
    citation: Citation {
        page: Page::SecurityConsiderations,
        section: "Ticket Theft and Replay",
        keyword: Keyword::Guidance,
        quote: "A ticket minted without a revocation claim has no kill switch before exp. Long lifetimes belong only on tickets that carry both revocation and presenter binding.",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
When the ticket has no `revocation` claim and `iat`/`exp` are valid NumericDates, its lifetime
`exp - iat` stays within the usual window for its type:
- Payer Claims Adjudication (or no string `ticket_type`): 75 days, the upper end of the
  45-75 day additional-information windows the type's page describes;
- Payer Quality Gap Queries: 120 days (its page asks exp to cover the reporting window; its
  example uses 120 days);
- every other registered type: 24 hours, the guide's recommended lifetime for batch use
  (an unregistered `ticket_type` is skipped: `claims.ticket_type_known` reports it).

## Why it matters
A ticket is reusable until `exp`, and without `revocation` the issuer has no way to withdraw it
earlier: if it leaks, or the claim is settled, or the payer relationship ends, it stays
redeemable. The Security Considerations ask that long lifetimes be used only on tickets that
carry revocation (and presenter binding). For Payer Claims Adjudication, though, the type's page
describes 45-75 day windows (60 days by default) without asking for revocation, and the guide's
own 60-day example has none; ptix therefore only speaks up beyond that window.

## How to fix
Shorten `exp` to the window the payer needs, or add a status-list entry:

```json
\"revocation\": {\"url\": \"https://fhir.provider.example.org/status/tickets\", \"index\": 4711}
```

and serve the status list over HTTPS so the Data Holder can check it (it fails closed if it
cannot).",
    decision: Some(
        "The guide sets no limit for unrevocable tickets; ptix emits a notice beyond 75 days for \
         Payer Claims Adjudication (its page describes 45-75 day windows without asking for \
         revocation, so the guide's own 60-day example passes), beyond 120 days for Payer Quality Gap \
         (its reporting window) and beyond 24 hours for other types (the batch lifetime). Presenter binding is not required here: it is optional for this B2B type.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    if ctx.get("/revocation").is_some() {
        return; // its shape is revocation.*'s
    }
    let (Some(iat), Some(exp)) = (numeric_date(ctx, "/iat"), numeric_date(ctx, "/exp")) else {
        return;
    };
    // The type fixes the window: Payer Claims Adjudication (or no string ticket_type, as the
    // engine reads it), another registered type, or an unregistered one (skipped:
    // claims.ticket_type_known rejects it, and its window is unknown).
    let pca = match ctx.get("/ticket_type") {
        Some(Value::String(_)) => match ctx.ticket_type {
            Some(t) => t == PAYER_CLAIMS_ADJUDICATION,
            None => return,
        },
        _ => true,
    };
    let (window, why) = if pca {
        (
            PCA_WINDOW_SECS,
            "Payer Claims Adjudication windows run 45-75 days",
        )
    } else if ctx.ticket_type.is_some_and(|t| t.uri == QUALITY_GAP) {
        (
            QUALITY_GAP_WINDOW_SECS,
            "Payer Quality Gap tickets cover a reporting window (the guide's example: 120 days)",
        )
    } else {
        (
            OTHER_WINDOW_SECS,
            "beyond the guide's 24-hour batch lifetime, tickets should carry revocation",
        )
    };
    let lifetime = exp - iat;
    if lifetime > window {
        out.report(
            "/payload/exp",
            format!(
                "the ticket is valid for {} and carries no revocation, so the issuer cannot withdraw it before exp ({why}); \
                 shorten exp or add revocation",
                super::in_days(lifetime)
            ),
        )
        .expected(format!("exp - iat <= {}, or a revocation claim", super::in_days(window)))
        .actual(exp);
    }
}
