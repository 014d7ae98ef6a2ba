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

/// A relative path becomes a relative URI; `stdin` and token arguments keep their label.
fn uri(path: &str) -> String {
    path.trim_start_matches("./")
        .replace('\\', "/")
        .replace(' ', "%20")
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
            input.findings.iter().map(move |f| {
                let index = all.iter().position(|r| r.id == f.rule);
                let mut result = json!({
                    "ruleId": f.rule,
                    "level": level(f.severity),
                    "message": {"text": f.message},
                    "locations": [{
                        "physicalLocation": {
                            "artifactLocation": {"uri": uri(&input.path)},
                            "region": {"startLine": 1}
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
        }],
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
