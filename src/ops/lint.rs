//! `ptix lint`: run the rule registry over many inputs and summarise.

use serde::Serialize;

use crate::keys::ring::KeyRing;
use crate::rules::{self, Artifact, Finding, LintOptions, Severity};

/// One input's findings.
#[derive(Debug, Serialize)]
pub struct InputReport {
    /// The file path, `stdin`, or `token argument`.
    pub path: String,
    /// `jws`, `payload` or `malformed`.
    pub kind: &'static str,
    pub findings: Vec<Finding>,
    /// Per finding, the line of the input it points at (a payload file's member; a token is
    /// one line), for formats that point into files.
    #[serde(skip)]
    pub lines: Vec<usize>,
}

/// An input that could not be read (or a directory without tickets): no verdict on it.
#[derive(Debug, Serialize, Clone)]
pub struct Unreadable {
    pub path: String,
    pub error: String,
}

/// Counts over all inputs.
#[derive(Debug, Default, Serialize, Clone, Copy)]
pub struct Summary {
    pub inputs: usize,
    /// Inputs that could not be read.
    pub unreadable: usize,
    pub errors: usize,
    pub warnings: usize,
    pub notices: usize,
    pub infos: usize,
}

/// The findings for every input.
#[derive(Debug, Serialize)]
pub struct LintReport {
    pub inputs: Vec<InputReport>,
    /// Every CI format reports these too (the exit code is 2), not only stderr.
    pub unreadable: Vec<Unreadable>,
    pub summary: Summary,
}

impl LintReport {
    pub fn new(inputs: Vec<InputReport>, unreadable: Vec<Unreadable>) -> Self {
        let mut summary = Summary {
            inputs: inputs.len(),
            unreadable: unreadable.len(),
            ..Summary::default()
        };
        for f in inputs.iter().flat_map(|i| &i.findings) {
            match f.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Notice => summary.notices += 1,
                Severity::Info => summary.infos += 1,
            }
        }
        LintReport {
            inputs,
            unreadable,
            summary,
        }
    }
    /// Is there a finding at or above `threshold`?
    pub fn fails(&self, threshold: Severity) -> bool {
        self.inputs
            .iter()
            .flat_map(|i| &i.findings)
            .any(|f| f.severity <= threshold)
    }
}

/// Lint one input's text (a token or a payload JSON object).
pub fn lint_text(path: &str, text: &str, opts: &LintOptions, ring: Option<&KeyRing>) -> InputReport {
    let artifact = Artifact::from_text(text);
    // A missing kid is jwt.kid_present's finding: every key is tried, so jwt.signature says
    // whether the signature itself verifies.
    let signature = match (&artifact, ring) {
        (Artifact::Jws(jws), Some(ring)) => Some(super::verify::check_signature(jws, ring, true)),
        _ => None,
    };
    let kind = match artifact {
        Artifact::Jws(_) => "jws",
        Artifact::Payload { .. } => "payload",
        Artifact::Malformed(_) => "malformed",
    };
    let findings = rules::run(&artifact, opts, signature.as_ref());
    // A payload file's lines, found in one walk (a token is one line).
    let value_lines = (kind == "payload").then(|| crate::jose::json::value_lines(text));
    let lines = findings
        .iter()
        .map(|f| value_lines.as_ref().map_or(1, |v| payload_line(v, &f.pointer)))
        .collect();
    InputReport {
        path: path.to_string(),
        kind,
        findings,
        lines,
    }
}

/// The line of a bare payload's text a finding's pointer (`/payload/...`) names: that of the
/// member, or of the nearest enclosing one present (a missing member is reported where its
/// object is).
fn payload_line(lines: &std::collections::HashMap<String, usize>, pointer: &str) -> usize {
    let mut at = pointer.strip_prefix("/payload").unwrap_or("");
    loop {
        if let Some(line) = lines.get(at) {
            return *line;
        }
        match at.rfind('/') {
            Some(i) => at = &at[..i],
            None => return 1,
        }
    }
}
