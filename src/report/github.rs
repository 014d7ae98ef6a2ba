//! `--format github`: GitHub Actions workflow commands (`::error file=...::message`).

use std::fmt::Write;

use crate::ops::lint::LintReport;
use crate::rules::Severity;

/// Escape a workflow-command message.
fn data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escape a workflow-command property value.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(report: &LintReport) -> String {
    let mut out = String::new();
    for input in &report.inputs {
        for f in &input.findings {
            let level = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Notice | Severity::Info => "notice",
            };
            let pointer = if f.pointer.is_empty() {
                String::new()
            } else {
                format!(" at {}", f.pointer)
            };
            let _ = writeln!(
                out,
                "::{level} file={},title={}::{}",
                property(&input.path),
                property(&format!("ptix {}", f.rule)),
                data(&format!("{}{pointer}: {}", f.rule, f.message))
            );
        }
    }
    out
}
