//! Human output: findings grouped by input, then a summary line.

use std::fmt::Write;

use anstyle::{AnsiColor, Style};

use super::printable_line;
use crate::ops::lint::LintReport;
use crate::rules::Severity;

fn style(s: Severity) -> Style {
    match s {
        Severity::Error => AnsiColor::Red.on_default().bold(),
        Severity::Warning => AnsiColor::Yellow.on_default().bold(),
        Severity::Notice => AnsiColor::Cyan.on_default(),
        Severity::Info => AnsiColor::BrightBlack.on_default(),
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Render the report for a person.
pub fn render(report: &LintReport) -> String {
    let mut out = String::new();
    let bold = Style::new().bold();
    let dim = AnsiColor::BrightBlack.on_default();
    for input in &report.inputs {
        let state = if input.findings.is_empty() {
            "clean".to_string()
        } else {
            plural(input.findings.len(), "finding")
        };
        let _ = writeln!(
            out,
            "{bold}{}{bold:#} {dim}({}, {state}){dim:#}",
            printable_line(&input.path),
            input.kind
        );
        for f in &input.findings {
            let st = style(f.severity);
            let pointer = if f.pointer.is_empty() {
                "(token)".into()
            } else {
                printable_line(&f.pointer)
            };
            let _ = writeln!(
                out,
                "  {st}{:<7}{st:#} {} {dim}{pointer}{dim:#}",
                f.severity.name(),
                f.rule
            );
            let _ = writeln!(out, "          {}", printable_line(&f.message));
            if let Some(e) = &f.expected {
                let _ = writeln!(out, "          {dim}expected:{dim:#} {}", show(e));
            }
            if let Some(a) = &f.actual {
                let _ = writeln!(out, "          {dim}actual:{dim:#}   {}", show(a));
            }
        }
    }
    // An input that could not be read is in the report too, not only on stderr.
    let red = style(Severity::Error);
    for u in &report.unreadable {
        let _ = writeln!(
            out,
            "{bold}{}{bold:#} {dim}(unreadable){dim:#}",
            printable_line(&u.path)
        );
        let _ = writeln!(out, "  {red}{:<7}{red:#} {}", "error", printable_line(&u.error));
    }
    let s = report.summary;
    // Counted as in the JSON summary: the inputs checked, and apart from them the unreadable.
    let unreadable = if s.unreadable > 0 {
        format!(", {} unreadable", s.unreadable)
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "{bold}Summary:{bold:#} {}{unreadable}, {}, {}, {}, {}",
        plural(s.inputs, "input"),
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(s.notices, "notice"),
        plural(s.infos, "info")
    );
    out
}

fn show(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => printable_line(s).into_owned(),
        other => printable_line(&other.to_string()).into_owned(),
    }
}
