//! Pretty JSON with ANSI colours (stripped by the output stream when colours are off).

use std::fmt::Write;

use anstyle::{AnsiColor, Style};
use serde_json::Value;

const KEY: Style = AnsiColor::Blue.on_default().bold();
const STRING: Style = AnsiColor::Green.on_default();
const NUMBER: Style = AnsiColor::Cyan.on_default();
const LITERAL: Style = AnsiColor::Magenta.on_default();

/// Two-space indented JSON, coloured by token kind, ending without a newline.
pub fn render(v: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, v, 0);
    out
}

/// A JSON string literal; serde_json escapes C0 controls, and the rest a terminal might act on
/// (DEL, C1, bidirectional overrides) is escaped here, so the text stays JSON for the same value.
fn quoted(s: &str) -> String {
    let q = serde_json::to_string(s).unwrap_or_default();
    if !q.chars().any(super::unsafe_char) {
        return q;
    }
    q.chars()
        .map(|c| {
            if super::unsafe_char(c) {
                format!("\\u{:04x}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn write_value(out: &mut String, v: &Value, depth: usize) {
    let pad = "  ".repeat(depth + 1);
    let end_pad = "  ".repeat(depth);
    match v {
        Value::Object(m) if m.is_empty() => out.push_str("{}"),
        Value::Array(a) if a.is_empty() => out.push_str("[]"),
        Value::Object(m) => {
            out.push_str("{\n");
            for (i, (k, v)) in m.iter().enumerate() {
                let _ = write!(out, "{pad}{KEY}{}{KEY:#}: ", quoted(k));
                write_value(out, v, depth + 1);
                out.push_str(if i + 1 < m.len() { ",\n" } else { "\n" });
            }
            let _ = write!(out, "{end_pad}}}");
        }
        Value::Array(a) => {
            out.push_str("[\n");
            for (i, v) in a.iter().enumerate() {
                out.push_str(&pad);
                write_value(out, v, depth + 1);
                out.push_str(if i + 1 < a.len() { ",\n" } else { "\n" });
            }
            let _ = write!(out, "{end_pad}]");
        }
        Value::String(s) => {
            let _ = write!(out, "{STRING}{}{STRING:#}", quoted(s));
        }
        Value::Number(n) => {
            let _ = write!(out, "{NUMBER}{n}{NUMBER:#}");
        }
        other => {
            let _ = write!(out, "{LITERAL}{other}{LITERAL:#}");
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn without_styles_it_is_serde_pretty() {
        let v = serde_json::json!({"a": [1, "x", {"b": null}], "c": {}, "d": []});
        let plain = anstream::adapter::strip_str(&super::render(&v)).to_string();
        assert_eq!(plain, serde_json::to_string_pretty(&v).unwrap());
    }

    #[test]
    fn terminal_controls_are_escaped_and_the_json_means_the_same() {
        let v = serde_json::json!({"k\u{9b}": "a\u{1b}]0;x\u{7}\u{7f}\u{202e}"});
        let text = super::render(&v);
        // Only ptix's own styles (ESC [ ... m) remain.
        for bad in ["\u{1b}]", "\u{7}", "\u{9b}", "\u{7f}", "\u{202e}"] {
            assert!(!text.contains(bad), "{text:?}");
        }
        let plain = anstream::adapter::strip_str(&text).to_string();
        assert_eq!(serde_json::from_str::<serde_json::Value>(&plain).unwrap(), v);
    }
}
