//! `--format junit`: one `<testsuite>` per input; each finding at or above `--fail-on` is a
//! failed `<testcase>`; an input without such findings has one passing test case.

use std::fmt::Write;

use super::RenderContext;
use crate::ops::lint::LintReport;

fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // As references, so attribute values keep them (a parser turns them into spaces).
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            // XML 1.0 cannot carry other control characters or the two noncharacters, even
            // escaped (one would make the whole report unreadable).
            c if (c as u32) < 0x20 || matches!(c, '\u{fffe}' | '\u{ffff}') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

pub fn render(report: &LintReport, ctx: &RenderContext) -> String {
    let failing =
        |i: &crate::ops::lint::InputReport| i.findings.iter().filter(|f| f.severity <= ctx.fail_on).count();
    let errors = report.unreadable.len();
    let total_tests: usize = report.inputs.iter().map(|i| failing(i).max(1)).sum::<usize>() + errors;
    let total_failures: usize = report.inputs.iter().map(failing).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"ptix lint\" tests=\"{total_tests}\" failures=\"{total_failures}\" errors=\"{errors}\">"
    );
    // An input that could not be read is an error (no verdict), not a pass.
    for u in &report.unreadable {
        let _ = writeln!(
            out,
            "  <testsuite name=\"{0}\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n    <testcase name=\"ptix lint\" classname=\"{0}\">\n      <error message=\"{1}\" type=\"unreadable\">{1}</error>\n    </testcase>\n  </testsuite>",
            xml(&u.path),
            xml(&u.error)
        );
    }
    for input in &report.inputs {
        let failures = failing(input);
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">",
            xml(&input.path),
            failures.max(1)
        );
        if failures == 0 {
            let _ = writeln!(
                out,
                "    <testcase name=\"ptix lint\" classname=\"{}\"/>",
                xml(&input.path)
            );
        }
        for f in input.findings.iter().filter(|f| f.severity <= ctx.fail_on) {
            let _ = writeln!(
                out,
                "    <testcase name=\"{} {}\" classname=\"{}\">",
                xml(f.rule),
                xml(&f.pointer),
                xml(&input.path)
            );
            let _ = writeln!(
                out,
                "      <failure message=\"{}\" type=\"{}\">{}: {} at {}</failure>",
                xml(&f.message),
                f.severity.name(),
                xml(f.rule),
                xml(&f.message),
                xml(if f.pointer.is_empty() {
                    "(token)"
                } else {
                    &f.pointer
                })
            );
            let _ = writeln!(out, "    </testcase>");
        }
        let _ = writeln!(out, "  </testsuite>");
    }
    out.push_str("</testsuites>\n");
    out
}
