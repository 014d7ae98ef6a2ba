//! `--format json`: the stable, documented schema (version 1).
//!
//! ```text
//! {"version": 1, "tool": {"name": "ptix", "version": "0.1.0"}, "now": "RFC 3339",
//!  "inputs": [{"path", "kind": "jws|payload|malformed",
//!              "findings": [{"rule", "severity", "pointer", "message", "expected"?, "actual"?}]}],
//!  "unreadable": [{"path", "error"}],
//!  "summary": {"inputs", "unreadable", "errors", "warnings", "notices", "infos"}}
//! ```

use serde_json::json;

use super::RenderContext;
use crate::ops::lint::LintReport;

pub fn render(report: &LintReport, ctx: &RenderContext) -> String {
    let doc = json!({
        "version": 1,
        "tool": {"name": "ptix", "version": env!("CARGO_PKG_VERSION")},
        "now": crate::clock::display(ctx.now),
        "inputs": report.inputs,
        "unreadable": report.unreadable,
        "summary": report.summary,
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
