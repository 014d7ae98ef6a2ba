//! `pca.requester_npi_checksum`: an NPI given for the payer passes the NPI check digit.

use crate::rules::support::Member;
use serde_json::Value;

use crate::rules::*;

/// The FHIR identifier system of the US National Provider Identifier.
const NPI_SYSTEM: &str = "http://hl7.org/fhir/sid/us-npi";

pub static RULE: Rule = Rule {
    id: "pca.requester_npi_checksum",
    severity: Severity::Notice,
    summary: "A requester NPI is ten digits with a valid check digit",
    citation: Citation {
        page: Page::NpiStandard,
        section: "NPI check digit",
        keyword: Keyword::Guidance,
        quote: "The NPI check digit is the Luhn formula (ISO/IEC 7812) applied to the prefix 80840 followed by the first nine digits (paraphrased)",
    },
    applies: Applies::Pca,
    explain: "\
## What it checks
For each `requester.identifier` whose `system` is `http://hl7.org/fhir/sid/us-npi`, the `value`
is exactly ten ASCII digits and the tenth is the Luhn check digit computed over `80840` followed
by the first nine.

## Why it matters
A Data Holder that matches the payer by NPI compares it with the NPI on the claim; a mistyped
number never matches and the redemption is refused. The guide's own example uses `1093817465`,
which fails the check (the valid number with those first nine digits is `1093817462`), so a
ticket copied from the example carries an NPI no registry knows.

## How to fix
Use the payer's real NPI, or, when the payer has none (many plans are known by an X12 payer id
instead), use the identifier system your claim actually carries.",
    decision: Some(
        "A notice, not an error: the guide mandates no identifier system for the payer and its own \
         example fails the check, so a bad NPI is a data-quality hint rather than a conformance failure.",
    ),
    file: file!(),
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(Value::Array(ids)) = ctx.get("/requester/identifier") else {
        return; // pca.requester_org / pca.requester_identifier own the shapes
    };
    for (i, id) in ids.iter().enumerate() {
        if id.member("system").and_then(Value::as_str) != Some(NPI_SYSTEM) {
            continue;
        }
        let ptr = || format!("/payload/requester/identifier/{i}");
        match id.member("value") {
            None => {
                out.report(ptr(), "the requester's NPI identifier has no value")
                    .expected("a ten-digit NPI");
            }
            Some(Value::String(v)) => match npi_problem(v) {
                None => {}
                Some(Problem::Shape) => {
                    out.report(
                        format!("{}/value", ptr()),
                        format!("NPI \"{v}\" is not ten digits"),
                    )
                    .expected("a ten-digit NPI")
                    .actual(v.as_str());
                }
                Some(Problem::CheckDigit { expected }) => {
                    out.report(
                        format!("{}/value", ptr()),
                        format!(
                            "NPI {v} fails the check digit: the Luhn check over 80840 + its first nine digits gives {expected}, not {}",
                            &v[9..]
                        ),
                    )
                    .expected(format!("{}{expected}", &v[..9]))
                    .actual(v.as_str());
                }
            },
            Some(_) => {} // a non-string value is a schema problem, not an NPI one
        }
    }
}

enum Problem {
    Shape,
    CheckDigit { expected: u32 },
}

/// `None` when `v` is a valid NPI.
fn npi_problem(v: &str) -> Option<Problem> {
    if v.len() != 10 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Problem::Shape);
    }
    let digits: Vec<u32> = v.bytes().map(|b| u32::from(b - b'0')).collect();
    let expected = check_digit(&digits[..9]);
    if digits.get(9) == Some(&expected) {
        None
    } else {
        Some(Problem::CheckDigit { expected })
    }
}

/// The Luhn check digit of `80840` followed by `body` (ISO/IEC 7812, as the NPI standard uses).
fn check_digit(body: &[u32]) -> u32 {
    let prefix = [8, 0, 8, 4, 0];
    let sum: u32 = prefix
        .iter()
        .chain(body.iter())
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    (10 - sum % 10) % 10
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn npi_check_digits() {
        assert!(npi_problem("1093817462").is_none());
        assert!(npi_problem("1347825907").is_none());
        assert!(npi_problem("1234567893").is_none());
        assert!(matches!(
            npi_problem("1093817465"),
            Some(Problem::CheckDigit { expected: 2 })
        ));
        assert!(matches!(npi_problem("109381746"), Some(Problem::Shape)));
        assert!(matches!(npi_problem("10938174６2"), Some(Problem::Shape)));
    }
}
