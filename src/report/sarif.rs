//! `--format sarif`: SARIF 2.1.0, with every rule's help text, for code-scanning tools.

use serde_json::{json, Value};

use crate::ops::lint::LintReport;
use crate::rules::{self, Severity};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Notice | Severity::Info => "note",
    }
}

/// Where a finding is: a file as a relative URI reference (RFC 3986: every byte but unreserved
/// characters, sub-delimiters, `@` and `/` percent-encoded, so `#`, `%`, `?`, spaces, a `:`
/// that would read as a scheme and non-ASCII all survive), or a `file://` URI for an absolute
/// path; stdin and a token argument, which are no files, by their name and a description (code
/// scanning refuses a whole upload with a location that has no `uri`).
fn artifact(path: &str) -> Value {
    if crate::report::is_not_a_file(path) {
        return json!({"uri": path.replace(' ', "-"), "description": {"text": format!("{path} (not a file)")}});
    }
    let mut uri = String::with_capacity(path.len());
    // A backslash separates directories on Windows only; elsewhere it is part of a name.
    let path = if cfg!(windows) {
        path.replace('\\', "/")
    } else {
        path.to_string()
    };
    let path = crate::report::clean_path(&path);
    if path.starts_with('/') {
        uri.push_str("file://");
    }
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@/".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    json!({"uri": uri})
}

pub fn render(report: &LintReport) -> String {
    let all: Vec<&rules::Rule> = rules::all().collect();
    let descriptors: Vec<Value> = all
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": format!("{} ({})", r.summary, r.citation.short())},
                "help": {"text": r.explain, "markdown": r.explain},
                "helpUri": r.citation.page.url(),
                "defaultConfiguration": {"level": level(r.severity)},
                "properties": {"severity": r.severity.name(), "citation": r.citation.short()},
            })
        })
        .collect();
    let all = &all;
    let results: Vec<Value> = report
        .inputs
        .iter()
        .flat_map(|input| {
            input.findings.iter().enumerate().map(move |(i, f)| {
                let line = input.lines.get(i).copied().unwrap_or(1);
                let index = all.iter().position(|r| r.id == f.rule);
                let mut result = json!({
                    "ruleId": f.rule,
                    "level": level(f.severity),
                    "message": {"text": f.message},
                    "locations": [{
                        "physicalLocation": {
                            "artifactLocation": artifact(&input.path),
                            "region": {"startLine": line}
                        },
                        "logicalLocations": [{"fullyQualifiedName": f.pointer, "kind": "member"}]
                    }],
                    "properties": {"severity": f.severity.name(), "pointer": f.pointer},
                });
                if let Some(i) = index {
                    result["ruleIndex"] = json!(i);
                }
                result
            })
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "ptix",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://build.fhir.org/ig/jmandel/smart-permission-tickets-wip/",
                "rules": descriptors,
            }},
            "results": results,
            // Inputs that could not be read: no verdict on them, so the run did not succeed.
            "invocations": [{
                "executionSuccessful": report.unreadable.is_empty(),
                "toolExecutionNotifications": report.unreadable.iter().map(|u| json!({
                    "level": "error",
                    "message": {"text": u.error},
                    "locations": [{"physicalLocation": {"artifactLocation": artifact(&u.path)}}],
                })).collect::<Vec<_>>(),
            }],
        }],
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
