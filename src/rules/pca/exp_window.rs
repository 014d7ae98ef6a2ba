//! `pca.exp_window`: the lifetime fits the payers' additional-information windows.

use crate::rules::claims::numeric_date;
use crate::rules::*;

const DAY: i64 = 86_400;
const MIN_DAYS: i64 = 45;
const MAX_DAYS: i64 = 75;

pub static RULE: Rule = Rule {
    id: "pca.exp_window",
    severity: Severity::Notice,
    summary: "exp - iat lies within 45 to 75 days (60 is the default)",
    citation: Citation {
        page: Page::PayerClaimsAdjudication,
        section: "Required Claims",
        keyword: Keyword::Guidance,
        quote: "Sixty days from submission matches the CMS criterion; the operational windows underneath run 45–75 days",
    },
    applies: Applies::Pca,
    explain: "\
## What it checks
When `exp` and `iat` are integers and `exp > iat`, the lifetime `exp - iat` is between 45 and 75
days inclusive (3,888,000 to 6,480,000 seconds).

## Why it matters
`exp` should cover the payer's documented additional-information window for the claim. Medicare
ADR, PERM and commercial record-request periods run 45 to 75 days; 60 days matches the CMS
criterion. A shorter ticket may expire before the payer asks; a longer one keeps a grant to
clinical data alive after adjudication closed. The guide calls the length a deployment
parameter, so this is a prompt to check, not a rule.

## How to fix
Set `exp = iat + 60 * 86400` unless your payer agreements say otherwise.",
    decision: None,
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let (Some(iat), Some(exp)) = (numeric_date(ctx, "/iat"), numeric_date(ctx, "/exp")) else {
        return; // claims.iat / claims.exp own missing, mistyped and out-of-range times
    };
    let Some(life) = exp.checked_sub(iat).filter(|&l| l > 0) else {
        return; // claims.exp_after_iat
    };
    if !(MIN_DAYS * DAY..=MAX_DAYS * DAY).contains(&life) {
        let side = if life < MIN_DAYS * DAY {
            "shorter"
        } else {
            "longer"
        };
        out.report(
            "/payload/exp",
            format!(
                "the ticket lives {} (exp - iat = {life} s), {side} than the 45-75 day additional-information windows payers use",
                days(life)
            ),
        )
        .expected("45 to 75 days (60 by default)")
        .actual(days(life));
    }
}

/// `60 days`, `1.5 days`, `2 hours`.
fn days(secs: i64) -> String {
    if secs % DAY == 0 {
        let d = secs / DAY;
        format!("{d} day{}", if d == 1 { "" } else { "s" })
    } else if secs < DAY {
        format!("{:.1} hours", secs as f64 / 3600.0)
    } else {
        format!("{:.1} days", secs as f64 / DAY as f64)
    }
}
