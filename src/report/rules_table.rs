//! The rule catalogue as tables: `--list-rules` (text, JSON) and the README's Markdown table.

use std::fmt::Write;

use serde_json::{json, Value};

use crate::rules::{self, Applies};

fn applies(a: Applies) -> &'static str {
    match a {
        Applies::Always => "any input",
        Applies::Header => "JWS header",
        Applies::Ticket => "any ticket",
        Applies::Pca => "PCA",
        Applies::Signature => "with a key",
    }
}

/// One JSON object per rule.
pub fn json() -> Value {
    Value::Array(rules::all().map(rule_json).collect())
}

/// One rule as `--list-rules --format json` lists it (and `--explain --format json` prints it).
pub fn rule_json(r: &rules::Rule) -> Value {
    json!({
        "id": r.id,
        "severity": r.severity.name(),
        "summary": r.summary,
        "applies": applies(r.applies),
        "citation": {
            "page": r.citation.page.title(),
            "url": r.citation.page.url(),
            "section": r.citation.section,
            "keyword": r.citation.keyword.name(),
            "quote": r.citation.quote,
        },
        "decision": r.decision,
        "explain": r.explain,
    })
}

/// A plain-text table for a terminal.
pub fn text() -> String {
    let width = rules::all().map(|r| r.id.len()).max().unwrap_or(10);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<width$}  {:<8} {:<11} summary",
        "rule", "severity", "applies"
    );
    for r in rules::all() {
        let _ = writeln!(
            out,
            "{:<width$}  {:<8} {:<11} {}",
            r.id,
            r.severity.name(),
            applies(r.applies),
            r.summary
        );
    }
    out
}

/// The README table (kept in sync by a test).
pub fn markdown() -> String {
    let mut out =
        String::from("| rule | severity | applies to | summary | rests on |\n|---|---|---|---|---|\n");
    for r in rules::all() {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {}, \"{}\" ({}) |",
            r.id,
            r.severity.name(),
            applies(r.applies),
            r.summary.replace('|', "\\|"),
            short_page(r.citation.page),
            r.citation.section,
            r.citation.keyword.name()
        );
    }
    out
}

fn short_page(p: rules::Page) -> &'static str {
    use rules::Page::*;
    match p {
        Index => "base spec",
        PayerClaimsAdjudication => "PCA page",
        ClaimLinkage => "claim_linkage page",
        AccessConstraints => "Access Constraints",
        SecurityConsiderations => "Security Considerations",
        Schema => "schema",
        Proposal005 => "Proposal 005",
        Rfc7515 => "RFC 7515",
        Rfc7518 => "RFC 7518",
        Rfc7519 => "RFC 7519",
        Rfc7638 => "RFC 7638",
        NpiStandard => "NPI standard",
    }
}

/// `--explain RULE`: the rule's whole story, as Markdown.
pub fn explain(r: &rules::Rule) -> String {
    let mut out = format!(
        "# {} ({})\n\n{}\n\n{}\n",
        r.id,
        r.severity.name(),
        r.summary,
        r.explain.trim_end()
    );
    if let Some(d) = r.decision {
        let _ = write!(out, "\n## Decision (where the guide is open)\n{d}\n");
    }
    let _ = write!(
        out,
        "\n## Citation\n{}, section \"{}\" ({}):\n> {}\n{}\n",
        r.citation.page.title(),
        r.citation.section,
        r.citation.keyword.name(),
        r.citation.quote,
        r.citation.page.url()
    );
    out
}
