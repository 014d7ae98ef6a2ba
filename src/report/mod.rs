//! Lint output formats, one file each. Each renders a [`LintReport`] to a string; text output
//! carries ANSI styles that the CLI's output stream strips when colours are off.

pub mod github;
pub mod json;
pub mod junit;
pub mod pretty_json;
pub mod rules_table;
pub mod sarif;
pub mod text;

use crate::rules::Severity;

/// Context every format may need.
pub struct RenderContext {
    /// `--now`, Unix seconds.
    pub now: i64,
    /// `--fail-on`.
    pub fail_on: Severity,
}
