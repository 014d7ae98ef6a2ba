//! Lint output formats, one file each. Each renders a [`LintReport`] to a string; text output
//! carries ANSI styles that the CLI's output stream strips when colours are off.

pub mod github;
pub mod json;
pub mod junit;
pub mod pretty_json;
pub mod rules_table;
pub mod sarif;
pub mod text;

use std::borrow::Cow;

use crate::rules::Severity;

/// Text from a token (or a file name), made safe for a terminal: control characters (C0 but
/// newline and tab, DEL, C1) and bidirectional overrides are shown as `\u{..}` escapes. A
/// hostile `kid` or `iss` could otherwise retitle the window, clear the screen, write the
/// clipboard (OSC 52) or reorder what a reviewer reads.
pub fn printable(s: &str) -> Cow<'_, str> {
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`printable`] for text shown on one line: a line break is escaped too, so a value from a
/// token cannot start a line of its own (where a CI runner reading the log, as GitHub Actions
/// does `::error::`, would take it for a command).
pub fn printable_line(s: &str) -> Cow<'_, str> {
    if !s.contains('\n') {
        return printable(s);
    }
    Cow::Owned(printable(s).replace('\n', "\\n"))
}

/// The labels of inputs that are no files (stdin, a token given as the argument): formats that
/// point at files name them otherwise.
pub fn is_not_a_file(path: &str) -> bool {
    matches!(path, "stdin" | "token argument")
}

/// A file path as reports name it: without `.` components and doubled separators (`./a//b`
/// is `a/b`), so the same file is named one way.
pub fn clean_path(path: &str) -> String {
    let absolute = path.starts_with('/');
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
    let joined = parts.join("/");
    match (absolute, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

/// A character a terminal may act on rather than show, or that shows as nothing (a zero-width
/// space makes `https://host\u{200b}` look like `https://host`).
pub fn unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}' | '\u{2029}'
                | '\u{2060}'..='\u{2064}'
                | '\u{00ad}' | '\u{061c}' | '\u{180e}' | '\u{feff}'
        )
}

/// Context every format may need.
pub struct RenderContext {
    /// `--now`, Unix seconds.
    pub now: i64,
    /// `--fail-on`.
    pub fail_on: Severity,
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_line_stays_one_line() {
        assert_eq!(super::printable_line("a\n::error::x\tb"), "a\\n::error::x\tb");
        assert_eq!(super::printable_line("a\u{1b}b\n"), "a\\u{1b}b\\n");
    }

    #[test]
    fn printable_escapes_what_a_terminal_would_act_on() {
        assert_eq!(
            super::printable("plain, é and 漢字\n\tok"),
            "plain, é and 漢字\n\tok"
        );
        assert_eq!(
            super::printable("a\u{1b}]0;x\u{7}b\u{9b}c\u{7f}\u{202e}d\r"),
            "a\\u{1b}]0;x\\u{7}b\\u{9b}c\\u{7f}\\u{202e}d\\u{d}"
        );
    }
}
