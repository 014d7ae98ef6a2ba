//! `--format github`: GitHub Actions workflow commands (`::error file=...::message`).

use std::fmt::Write;

use crate::ops::lint::LintReport;
use crate::rules::Severity;

/// Escape a workflow-command message.
fn data(s: &str) -> String {
    // Other control characters and bidirectional overrides as `\u{..}` (a log viewer would
    // show a message reordered); then the workflow-command escapes.
    super::printable(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a workflow-command property value.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

/// A file name as a property: a line break in it escaped as GitHub reads it back (`%0D`, `%0A`)
/// rather than shown as `\u{d}`, so the annotation still names the file.
fn path_property(s: &str) -> String {
    let s = s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    super::printable(&s).replace(':', "%3A").replace(',', "%2C")
}

/// The `file=` property, for inputs that are files (not stdin or a token argument).
fn file(path: &str) -> String {
    if super::is_not_a_file(path) {
        String::new()
    } else {
        format!("file={},", path_property(&super::clean_path(path)))
    }
}

pub fn render(report: &LintReport) -> String {
    let mut out = String::new();
    for input in &report.inputs {
        for (i, f) in input.findings.iter().enumerate() {
            let line = input.lines.get(i).copied().unwrap_or(1);
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
            let at = match file(&input.path) {
                f if f.is_empty() => f,
                f => format!("{f}line={line},"),
            };
            let _ = writeln!(
                out,
                "::{level} {at}title={}::{}",
                property(&format!("ptix {}", f.rule)),
                data(&format!("{}{pointer}: {}", f.rule, f.message))
            );
        }
    }
    for u in &report.unreadable {
        let _ = writeln!(
            out,
            "::error {}title=ptix input not read::{}",
            file(&u.path),
            data(&u.error)
        );
    }
    out
}
