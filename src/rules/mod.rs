//! The rule registry: every check of the profile, with its citation, in one place per rule.
//!
//! A rule `family.name` lives in `src/rules/family/name.rs`; its fixtures live in
//! `samples/tickets/invalid/family.name/`. [`RULES`] lists every rule, in the order of
//! `ptix lint --list-rules` and the README table. lint, mint and verify all run the rules
//! through [`engine::run`]. Rules only read the ticket and report; the engine decides which
//! rules apply, supplies the clock, and stamps each finding with its rule's id and severity.

pub mod engine;
pub mod support;

pub mod access;
pub mod binding;
pub mod claim_linkage;
pub mod claims;
pub mod continuation;
pub mod data_holder_filter;
pub mod data_period;
pub mod evidence;
pub mod fhir;
pub mod jwt;
pub mod lifetime;
pub mod pca;
pub mod requester;
pub mod revocation;
pub mod sensitivity;
pub mod smart_scopes;
pub mod subject;

use serde::Serialize;
use serde_json::Value;

pub use engine::{run, Artifact, Ctx, LintOptions, SignatureStatus};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// SHALL / required / schema violation: a Data Holder certainly rejects the ticket.
    Error,
    /// SHOULD, or likely rejection.
    Warning,
    /// MAY, deployment guidance.
    Notice,
    /// For information.
    Info,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Notice => "notice",
            Severity::Info => "info",
        }
    }
}

/// The document a rule rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Page {
    /// The guide's base specification page (index.md).
    Index,
    PayerClaimsAdjudication,
    ClaimLinkage,
    AccessConstraints,
    SecurityConsiderations,
    /// The guide's schema source (schema.ts), as the JSON Schema beside the digest.
    Schema,
    /// Proposal 005, sensitivity policy (`sensitivity_withhold`, `sensitivity_release_authorized`).
    Proposal005,
    Rfc7515,
    Rfc7518,
    Rfc7519,
    Rfc7638,
    /// CMS NPI standard (check digit).
    NpiStandard,
}

impl Page {
    pub fn title(self) -> &'static str {
        match self {
            Page::Index => "SMART Permission Tickets 0.1.0, base specification",
            Page::PayerClaimsAdjudication => "SMART Permission Tickets 0.1.0, Payer Claims Adjudication",
            Page::ClaimLinkage => "SMART Permission Tickets 0.1.0, Constraint: claim_linkage",
            Page::AccessConstraints => "SMART Permission Tickets 0.1.0, Access Constraints",
            Page::SecurityConsiderations => "SMART Permission Tickets 0.1.0, Security Considerations",
            Page::Schema => "SMART Permission Tickets 0.1.0, ticket schema (schema.ts)",
            Page::Proposal005 => "SMART Permission Tickets, Proposal 005: sensitivity policy",
            Page::Rfc7515 => "RFC 7515, JSON Web Signature",
            Page::Rfc7518 => "RFC 7518, JSON Web Algorithms",
            Page::Rfc7519 => "RFC 7519, JSON Web Token",
            Page::Rfc7638 => "RFC 7638, JWK Thumbprint",
            Page::NpiStandard => "CMS, NPI check digit (ISO/IEC 7812 Luhn over 80840 + NPI)",
        }
    }
    pub fn url(self) -> &'static str {
        const IG: &str = "https://build.fhir.org/ig/jmandel/smart-permission-tickets-wip/";
        match self {
            Page::Index => "https://build.fhir.org/ig/jmandel/smart-permission-tickets-wip/index.html",
            Page::PayerClaimsAdjudication => {
                "https://build.fhir.org/ig/jmandel/smart-permission-tickets-wip/payer-claims-adjudication.html"
            }
            Page::ClaimLinkage => "https://build.fhir.org/ig/jmandel/smart-permission-tickets-wip/claim-linkage.html",
            Page::AccessConstraints => {
                "https://build.fhir.org/ig/jmandel/smart-permission-tickets-wip/access-constraints.html"
            }
            Page::SecurityConsiderations => {
                "https://build.fhir.org/ig/jmandel/smart-permission-tickets-wip/security-considerations.html"
            }
            Page::Schema | Page::Proposal005 => IG,
            Page::Rfc7515 => "https://www.rfc-editor.org/rfc/rfc7515",
            Page::Rfc7518 => "https://www.rfc-editor.org/rfc/rfc7518",
            Page::Rfc7519 => "https://www.rfc-editor.org/rfc/rfc7519",
            Page::Rfc7638 => "https://www.rfc-editor.org/rfc/rfc7638",
            Page::NpiStandard => "https://www.cms.gov/Regulations-and-Guidance/Administrative-Simplification/NationalProvIdentStand",
        }
    }
}

/// The normative force of the text a rule rests on. It fixes the severity (a meta-test checks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Keyword {
    Shall,
    ShallNot,
    Should,
    ShouldNot,
    May,
    /// A constraint of the guide's schema (certain rejection by a schema-validating server).
    Schema,
    /// Follows from the text without a keyword of its own (see the rule's decision).
    Derived,
    /// Deployment guidance or a convention of the guide's examples.
    Guidance,
}

impl Keyword {
    pub fn name(self) -> &'static str {
        match self {
            Keyword::Shall => "SHALL",
            Keyword::ShallNot => "SHALL NOT",
            Keyword::Should => "SHOULD",
            Keyword::ShouldNot => "SHOULD NOT",
            Keyword::May => "MAY",
            Keyword::Schema => "schema",
            Keyword::Derived => "derived",
            Keyword::Guidance => "guidance",
        }
    }
}

/// Where in the spec a rule comes from.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Citation {
    pub page: Page,
    pub section: &'static str,
    pub keyword: Keyword,
    /// The sentence the rule rests on, quoted (or paraphrased where marked).
    pub quote: &'static str,
}

impl Citation {
    /// `SMART Permission Tickets 0.1.0, Payer Claims Adjudication, "Constraints" (SHALL NOT)`
    pub fn short(&self) -> String {
        format!(
            "{}, \"{}\" ({})",
            self.page.title(),
            self.section,
            self.keyword.name()
        )
    }
}

/// What a rule needs to run. The engine skips rules whose needs the input cannot meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Applies {
    /// Runs on every input, even one that is not a JWS at all.
    Always,
    /// Needs a JOSE header (skipped for bare payload JSON).
    Header,
    /// Any ticket payload (the common shell).
    Ticket,
    /// Payer Claims Adjudication payloads (or payloads with no `ticket_type`).
    Pca,
    /// Needs a verification key (lint `--key`/`--jwks`, verify).
    Signature,
}

/// One check, with everything a reader needs to judge it.
pub struct Rule {
    /// Stable dotted id: `family.name`, matching `src/rules/family/name.rs`.
    pub id: &'static str,
    pub severity: Severity,
    /// One line, no final period.
    pub summary: &'static str,
    pub citation: Citation,
    pub applies: Applies,
    /// Markdown: what it checks, why it matters, how to fix (printed by `--explain`).
    pub explain: &'static str,
    /// Where the spec is open: what ptix decided, and why.
    pub decision: Option<&'static str>,
    /// `file!()` of the rule, so a meta-test can check that id and path agree.
    pub file: &'static str,
    pub check: fn(&Ctx<'_>, &mut Findings),
}

/// A problem found by a rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    /// RFC 6901 JSON Pointer rooted at `/header`, `/payload` or `/signature` (`""`: the token).
    pub pointer: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<Value>,
}

impl Finding {
    pub fn expected(&mut self, v: impl Into<Value>) -> &mut Self {
        self.expected = Some(v.into());
        self
    }
    pub fn actual(&mut self, v: impl Into<Value>) -> &mut Self {
        self.actual = Some(v.into());
        self
    }
}

/// Where a rule reports. The engine fills in the rule id and severity.
pub struct Findings {
    rule: &'static str,
    severity: Severity,
    pub(crate) out: Vec<Finding>,
}

impl Findings {
    pub(crate) fn new(rule: &Rule) -> Self {
        Findings {
            rule: rule.id,
            severity: rule.severity,
            out: Vec::new(),
        }
    }
    /// Report a finding at `pointer`.
    pub fn report(&mut self, pointer: impl Into<String>, message: impl Into<String>) -> &mut Finding {
        self.out.push(Finding {
            rule: self.rule,
            severity: self.severity,
            pointer: pointer.into(),
            message: message.into(),
            expected: None,
            actual: None,
        });
        let last = self.out.len() - 1;
        &mut self.out[last]
    }
}

/// Every rule, in order: JOSE, the common shell, then the profile.
pub static RULES: &[&[&Rule]] = &[
    jwt::RULES,
    claims::RULES,
    lifetime::RULES,
    binding::RULES,
    subject::RULES,
    fhir::RULES,
    requester::RULES,
    access::RULES,
    revocation::RULES,
    continuation::RULES,
    evidence::RULES,
    smart_scopes::RULES,
    data_period::RULES,
    data_holder_filter::RULES,
    sensitivity::RULES,
    pca::RULES,
    claim_linkage::RULES,
];

/// Iterate over every rule in registry order.
pub fn all() -> impl Iterator<Item = &'static Rule> {
    RULES.iter().flat_map(|family| family.iter().copied())
}

/// Find a rule by id.
pub fn by_id(id: &str) -> Option<&'static Rule> {
    all().find(|r| r.id == id)
}

/// Does `id` match a `--select`/`--ignore` pattern: an exact id, a family (`pca`), or a
/// prefix ending in `.` or `*` (`pca.`, `claim_linkage.enc*`)?
pub fn matches(pattern: &str, id: &str) -> bool {
    let p = pattern.trim_end_matches('*');
    if pattern.ends_with('*') || p.ends_with('.') {
        return id.starts_with(p);
    }
    id == p || (id.starts_with(p) && id[p.len()..].starts_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_match_their_file() {
        let mut seen = HashSet::new();
        for r in all() {
            assert!(seen.insert(r.id), "duplicate rule id {}", r.id);
            let (family, name) =
                r.id.split_once('.')
                    .unwrap_or_else(|| panic!("{} is not family.name", r.id));
            assert!(
                r.id.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.'),
                "{}: ids are lowercase snake_case with one dot",
                r.id
            );
            let expected = format!("src/rules/{family}/{name}.rs");
            assert_eq!(
                r.file.replace('\\', "/"),
                expected,
                "rule {} lives in {expected}",
                r.id
            );
        }
    }

    #[test]
    fn severity_agrees_with_the_citation_keyword() {
        for r in all() {
            let ok = match r.citation.keyword {
                Keyword::Shall | Keyword::ShallNot | Keyword::Schema => r.severity == Severity::Error,
                Keyword::Should | Keyword::ShouldNot => r.severity == Severity::Warning,
                Keyword::May | Keyword::Guidance => matches!(r.severity, Severity::Notice | Severity::Info),
                Keyword::Derived => r.decision.is_some(),
            };
            assert!(
                ok,
                "{}: severity {:?} does not fit keyword {:?}",
                r.id, r.severity, r.citation.keyword
            );
        }
    }

    #[test]
    fn every_rule_is_documented() {
        for r in all() {
            assert!(
                !r.summary.is_empty() && !r.summary.ends_with('.'),
                "{}: summary",
                r.id
            );
            for section in ["## What it checks", "## Why it matters", "## How to fix"] {
                assert!(r.explain.contains(section), "{}: explain lacks {section}", r.id);
            }
            assert!(
                !r.citation.section.is_empty() && !r.citation.quote.is_empty(),
                "{}: citation",
                r.id
            );
            assert!(
                !r.explain.contains("TODO") && !r.explain.contains("Fill"),
                "{}: placeholder",
                r.id
            );
        }
    }

    #[test]
    fn selection_patterns() {
        assert!(matches("pca", "pca.data_period_forbidden"));
        assert!(matches("pca.", "pca.data_period_forbidden"));
        assert!(matches("pca.data*", "pca.data_period_forbidden"));
        assert!(matches("pca.data_period_forbidden", "pca.data_period_forbidden"));
        assert!(!matches("pc", "pca.data_period_forbidden"));
        assert!(!matches("claims.exp", "claims.expired"));
    }
}
