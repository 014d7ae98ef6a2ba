//! A strict, validating JSON scanner for reading claims.
//!
//! The claim reader needs a handful of members from documents of many KB; everything else only
//! has to be well-formed JSON. This scanner walks the text once: it validates every value
//! (RFC 8259 grammar, UTF-8, escapes, no control characters in strings, nesting up to 128
//! levels), hands object keys and strings to the caller without copying unless they hold
//! escapes, and skips what the caller does not want without building it.
//!
//! It accepts what `serde_json` accepts when ignoring a value, except that it refuses invalid
//! UTF-8 anywhere (serde_json lets it through inside ignored strings) and nesting deeper than
//! 128 levels (the limit serde_json puts on values it builds; it skips any depth, without
//! recursion, where this scanner recurses). Errors carry the message, line and column
//! serde_json would give. `tests/properties.rs` and the `claim` fuzz target check this against
//! serde_json.

use crate::jose::json::first_special;
use std::borrow::Cow;
use std::fmt;

/// Deepest nesting of arrays and objects accepted (serde_json's limit for values it builds; a
/// claim nests about 8 levels). The scanner recurses, so this also bounds its stack.
const MAX_DEPTH: u32 = 128;

/// Why a document is not well-formed JSON, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanError {
    pub message: &'static str,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for ScanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at line {} column {}", self.message, self.line, self.column)
    }
}

impl std::error::Error for ScanError {}

/// A failure inside a scan: the message; the position is where the scanner stopped.
/// [`Scanner::document`] turns it into a [`ScanError`] with line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fail(pub &'static str);

/// The result of one step of a scan.
pub type Scan<T> = Result<T, Fail>;

/// A position in a JSON text, moving forward only.
pub struct Scanner<'a> {
    text: &'a str,
    pos: usize,
    depth: u32,
    /// Inside [`Scanner::raw`]: strings must decode and numbers fit an f64, so the text can
    /// later be turned into a `serde_json::Value` without failing.
    checked: bool,
}

impl<'a> Scanner<'a> {
    /// Scan a whole document: `read` consumes its one value; only whitespace may follow.
    pub fn document<T>(bytes: &'a [u8], read: impl FnOnce(&mut Self) -> Scan<T>) -> Result<T, ScanError> {
        let text = std::str::from_utf8(bytes).map_err(|e| {
            // The position of the first bad byte.
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            Scanner::new(valid, valid.len()).locate(Fail("invalid UTF-8"))
        })?;
        let mut s = Scanner::new(text, 0);
        let result = read(&mut s).and_then(|value| match s.peek() {
            None => Ok(value),
            Some(_) => Err(Fail("trailing characters")),
        });
        result.map_err(|fail| s.locate(fail))
    }

    fn new(text: &'a str, pos: usize) -> Self {
        Scanner {
            text,
            pos,
            depth: 0,
            checked: false,
        }
    }

    /// Where the scan stopped, for `fail`: the line and the column of the offending byte (of
    /// the last byte at the end of the text), as serde_json counts them.
    fn locate(&self, fail: Fail) -> ScanError {
        let before = &self.text.as_bytes()[..(self.pos + 1).min(self.text.len())];
        let line = 1 + before.iter().filter(|b| **b == b'\n').count();
        let column = before.len() - before.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        ScanError {
            message: fail.0,
            line,
            column,
        }
    }

    fn byte(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    /// The first byte of the next value (after whitespace), without consuming it.
    pub fn peek(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.byte() {
            self.pos += 1;
        }
        self.byte()
    }

    fn expect(&mut self, b: u8, message: &'static str) -> Scan<()> {
        if self.peek() == Some(b) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.eof_or(message))
        }
    }

    /// `message`, or "EOF while parsing a value" at the end of the text.
    fn eof_or(&self, message: &'static str) -> Fail {
        Fail(if self.pos >= self.text.len() {
            "EOF while parsing a value"
        } else {
            message
        })
    }

    /// Skip one value of any type, checking that it is well-formed.
    pub fn skip(&mut self) -> Scan<()> {
        // Most of a claim is skipped, and well-formed: the fast walk first, and this walk (which
        // names the error and its place) only when the fast one gives up. The fast walk takes no
        // escape, so every string it takes decodes; when checking, it also leaves numbers with
        // an exponent or 300 digits (which may not fit an f64) to this walk.
        let start = self.pos;
        if let Some(end) = fast_skip(self.text.as_bytes(), start, MAX_DEPTH - self.depth, self.checked) {
            self.pos = end;
            return Ok(());
        }
        self.pos = start;
        self.skip_exactly()
    }

    /// [`Scanner::skip`], one token at a time, with serde_json's error and position.
    fn skip_exactly(&mut self) -> Scan<()> {
        match self.peek() {
            Some(b'{') => self.object_keys(|s, start, end, escaped| {
                // serde_json decodes every key of a value it builds.
                if escaped && s.checked {
                    s.decode(start, end)?;
                }
                s.skip_exactly()
            }),
            Some(b'[') => self.array(Self::skip_exactly),
            Some(b'"') => {
                self.pos += 1;
                let start = self.pos;
                if self.string_body()? && self.checked {
                    self.decode(start, self.pos - 1)?;
                }
                Ok(())
            }
            Some(b't') => self.literal("true"),
            Some(b'f') => self.literal("false"),
            Some(b'n') => self.literal("null"),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.eof_or("expected value")),
        }
    }

    /// The text of the next value, checked to be something `serde_json::Value` can hold (its
    /// strings decode, its numbers fit an f64) but not interpreted.
    pub fn raw(&mut self) -> Scan<&'a str> {
        self.peek();
        let start = self.pos;
        let outer = std::mem::replace(&mut self.checked, true);
        let skipped = self.skip();
        self.checked = outer;
        skipped?;
        Ok(&self.text[start..self.pos])
    }

    fn literal(&mut self, word: &'static str) -> Scan<()> {
        let rest = &self.text.as_bytes()[self.pos..];
        if rest.starts_with(word.as_bytes()) {
            self.pos += word.len();
            return Ok(());
        }
        // Point at the first byte that differs, as serde_json does.
        let same = rest
            .iter()
            .zip(word.as_bytes())
            .take_while(|(a, b)| a == b)
            .count();
        self.pos += same;
        Err(self.eof_or("expected ident"))
    }

    fn number(&mut self) -> Scan<()> {
        let start = self.pos;
        match number_end(self.text.as_bytes(), start) {
            Ok(end) => self.pos = end,
            Err(at) => {
                self.pos = at;
                return Err(self.eof_or("invalid number"));
            }
        }
        let text = &self.text[start..self.pos];
        if self.checked && may_overflow(text.as_bytes()) && !text.parse::<f64>().is_ok_and(f64::is_finite) {
            return Err(Fail("number out of range"));
        }
        Ok(())
    }

    fn nest(&mut self) -> Scan<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Fail("recursion limit exceeded"));
        }
        Ok(())
    }

    /// Walk an object (the next value must be one): `member` is called with each key, decoded,
    /// and must consume the member's value.
    pub fn object(&mut self, mut member: impl FnMut(&mut Self, Cow<'a, str>) -> Scan<()>) -> Scan<()> {
        self.object_keys(|s, start, end, escaped| {
            let key = if escaped {
                Cow::Owned(s.decode(start, end)?)
            } else {
                Cow::Borrowed(&s.text[start..end])
            };
            member(s, key)
        })
    }

    /// Walk an object; `member` gets the byte range of each key's body, whether it holds
    /// escapes, and must consume the member's value.
    fn object_keys(&mut self, mut member: impl FnMut(&mut Self, usize, usize, bool) -> Scan<()>) -> Scan<()> {
        self.container(b'{', b'}', ("expected `{`", "expected `,` or `}`"), |s| {
            if s.peek() != Some(b'"') {
                return Err(s.eof_or("key must be a string"));
            }
            s.pos += 1;
            let start = s.pos;
            let escaped = s.string_body()?;
            let end = s.pos - 1;
            s.expect(b':', "expected `:`")?;
            member(s, start, end, escaped)
        })
    }

    /// Walk an array (the next value must be one): `element` must consume each element.
    pub fn array(&mut self, element: impl FnMut(&mut Self) -> Scan<()>) -> Scan<()> {
        self.container(b'[', b']', ("expected `[`", "expected `,` or `]`"), element)
    }

    /// Walk a container from `open` to `close`; `item` consumes one member or element. Items are
    /// separated by `,` (a trailing one is refused); `messages`: what was expected instead of
    /// `open`, and instead of a separator.
    #[inline(always)]
    fn container(
        &mut self,
        open: u8,
        close: u8,
        messages: (&'static str, &'static str),
        mut item: impl FnMut(&mut Self) -> Scan<()>,
    ) -> Scan<()> {
        self.expect(open, messages.0)?;
        self.nest()?;
        if self.peek() == Some(close) {
            self.pos += 1;
            self.depth -= 1;
            return Ok(());
        }
        loop {
            item(self)?;
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    if self.peek() == Some(close) {
                        return Err(Fail("trailing comma"));
                    }
                }
                Some(b) if b == close => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(());
                }
                _ => return Err(self.eof_or(messages.1)),
            }
        }
    }

    /// The next value, a string, decoded (borrowed unless it holds escapes).
    pub fn string(&mut self) -> Scan<Cow<'a, str>> {
        self.expect(b'"', "expected string")?;
        let start = self.pos;
        if self.string_body()? {
            self.decode(start, self.pos - 1).map(Cow::Owned)
        } else {
            Ok(Cow::Borrowed(&self.text[start..self.pos - 1]))
        }
    }

    fn decode(&mut self, start: usize, end: usize) -> Scan<String> {
        unescape(&self.text[start..end]).map_err(|(offset, message)| {
            self.pos = start + offset;
            Fail(message)
        })
    }

    /// Consume the rest of a string after its opening quote, up to and including the closing
    /// one; whether it holds escapes.
    #[inline]
    fn string_body(&mut self) -> Scan<bool> {
        let bytes = self.text.as_bytes();
        self.pos = first_special(bytes, self.pos);
        if bytes.get(self.pos) == Some(&b'"') {
            self.pos += 1;
            return Ok(false);
        }
        self.string_rest()
    }

    /// [`Scanner::string_body`] from its first escape or control character.
    fn string_rest(&mut self) -> Scan<bool> {
        let bytes = self.text.as_bytes();
        let mut escaped = false;
        loop {
            self.pos = first_special(bytes, self.pos);
            match bytes.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(escaped);
                }
                Some(b'\\') => {
                    escaped = true;
                    self.pos += 1;
                    match bytes.get(self.pos) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.pos += 1,
                        Some(b'u') => match bytes.get(self.pos + 1..self.pos + 5) {
                            Some(hex) if hex.iter().all(u8::is_ascii_hexdigit) => self.pos += 5,
                            Some(_) => {
                                self.pos += 4;
                                return Err(Fail("invalid escape"));
                            }
                            None => {
                                self.pos = bytes.len();
                                return Err(Fail("EOF while parsing a string"));
                            }
                        },
                        Some(_) => return Err(Fail("invalid escape")),
                        None => return Err(Fail("EOF while parsing a string")),
                    }
                }
                // `first_special` stops at nothing else: a control character.
                Some(_) => {
                    // serde_json names the byte before the control character.
                    self.pos -= 1;
                    return Err(Fail(
                        "control character (\\u0000-\\u001F) found while parsing a string",
                    ));
                }
                None => return Err(Fail("EOF while parsing a string")),
            }
        }
    }
}

/// The end of the well-formed JSON value at `pos` (after any whitespace), nesting at most
/// `depth` levels; `None` when it is not one, or holds something this walk leaves to
/// [`Scanner::skip_exactly`] (any escape in a string; with `checked`, a number that may not fit
/// an f64). It accepts nothing that walk refuses and stops where it stops; it never recurses,
/// keeping the kind of each open container in a bit stack.
fn fast_skip(text: &[u8], mut pos: usize, depth: u32, checked: bool) -> Option<usize> {
    // Bit `n` of `objects`: whether the container at nesting `n + 1` is an object.
    let mut objects: u128 = 0;
    let mut open: u32 = 0;
    let max = depth.min(128);
    let ws = |pos: &mut usize| {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = text.get(*pos) {
            *pos += 1;
        }
    };
    // A string's body and closing quote (the opening quote consumed): no escape, no control.
    let string = |pos: &mut usize| -> Option<()> {
        *pos = first_special(text, *pos);
        (text.get(*pos) == Some(&b'"')).then(|| *pos += 1)
    };
    // The end of `word` at `pos`, when it is there.
    let literal =
        |pos: usize, word: &[u8]| (text.get(pos..pos + word.len()) == Some(word)).then_some(pos + word.len());
    // An object key and its colon, from the opening quote.
    let key = |pos: &mut usize| -> Option<()> {
        if text.get(*pos) != Some(&b'"') {
            return None;
        }
        *pos += 1;
        string(pos)?;
        ws(pos);
        (text.get(*pos) == Some(&b':')).then(|| *pos += 1)
    };
    loop {
        // A value.
        ws(&mut pos);
        match *text.get(pos)? {
            open_byte @ (b'{' | b'[') => {
                if open >= max {
                    return None;
                }
                let is_object = open_byte == b'{';
                objects = (objects & !(1 << open)) | (u128::from(is_object) << open);
                open += 1;
                pos += 1;
                ws(&mut pos);
                let close = if is_object { b'}' } else { b']' };
                if text.get(pos) == Some(&close) {
                    pos += 1;
                    open -= 1;
                } else {
                    if is_object {
                        key(&mut pos)?;
                    }
                    continue;
                }
            }
            b'"' => {
                pos += 1;
                string(&mut pos)?;
            }
            b't' => pos = literal(pos, b"true")?,
            b'f' => pos = literal(pos, b"false")?,
            b'n' => pos = literal(pos, b"null")?,
            b'-' | b'0'..=b'9' => {
                let end = number_end(text, pos).ok()?;
                if checked && may_overflow(&text[pos..end]) {
                    return None;
                }
                pos = end;
            }
            _ => return None,
        }
        // After a value: close containers, or a separator and the next member or element.
        loop {
            if open == 0 {
                return Some(pos);
            }
            ws(&mut pos);
            let is_object = objects & (1 << (open - 1)) != 0;
            match (*text.get(pos)?, is_object) {
                (b',', _) => {
                    pos += 1;
                    if is_object {
                        ws(&mut pos);
                        key(&mut pos)?;
                    }
                    break;
                }
                (b'}', true) | (b']', false) => {
                    pos += 1;
                    open -= 1;
                }
                _ => return None,
            }
        }
    }
}

/// The end of the number at `pos`: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, not
/// followed by a digit (serde_json refuses `01`); or where it stops being one.
fn number_end(text: &[u8], mut pos: usize) -> Result<usize, usize> {
    let digits = |pos: &mut usize| {
        let start = *pos;
        while let Some(b'0'..=b'9') = text.get(*pos) {
            *pos += 1;
        }
        *pos - start
    };
    if text.get(pos) == Some(&b'-') {
        pos += 1;
    }
    match text.get(pos) {
        Some(b'0') => {
            pos += 1;
            if let Some(b'0'..=b'9') = text.get(pos) {
                return Err(pos);
            }
        }
        Some(b'1'..=b'9') => {
            digits(&mut pos);
        }
        _ => return Err(pos),
    }
    if text.get(pos) == Some(&b'.') {
        pos += 1;
        if digits(&mut pos) == 0 {
            return Err(pos);
        }
    }
    if let Some(b'e' | b'E') = text.get(pos) {
        pos += 1;
        if let Some(b'+' | b'-') = text.get(pos) {
            pos += 1;
        }
        if digits(&mut pos) == 0 {
            return Err(pos);
        }
    }
    Ok(pos)
}

/// Whether a number may not fit an f64: only an exponent or some 300 digits can overflow one.
fn may_overflow(number: &[u8]) -> bool {
    number.len() > 300 || number.iter().any(|b| matches!(b, b'e' | b'E'))
}

/// Decode the body of a string whose escapes are known to be well-formed. A `\u` escape of a
/// lone surrogate is an error (the offset is within `body`).
fn unescape(body: &str) -> Result<String, (usize, &'static str)> {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        let at = body.len() - rest.len() + i;
        let esc = rest.as_bytes().get(i + 1).copied();
        let mut used = 2;
        match esc {
            Some(b'"') => out.push('"'),
            Some(b'\\') => out.push('\\'),
            Some(b'/') => out.push('/'),
            Some(b'b') => out.push('\u{8}'),
            Some(b'f') => out.push('\u{c}'),
            Some(b'n') => out.push('\n'),
            Some(b'r') => out.push('\r'),
            Some(b't') => out.push('\t'),
            Some(b'u') => {
                let first = hex4(rest, i + 2).ok_or((at, "invalid escape"))?;
                used = 6;
                let c = match first {
                    0xD800..=0xDBFF => {
                        let low = (rest.get(i + 6..i + 8) == Some("\\u"))
                            .then(|| hex4(rest, i + 8))
                            .flatten()
                            .filter(|low| (0xDC00..=0xDFFF).contains(low))
                            .ok_or((at, "lone leading surrogate in hex escape"))?;
                        used = 12;
                        0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00)
                    }
                    0xDC00..=0xDFFF => return Err((at, "lone trailing surrogate in hex escape")),
                    c => c,
                };
                out.push(char::from_u32(c).ok_or((at, "invalid escape"))?);
            }
            _ => return Err((at, "invalid escape")),
        }
        rest = &rest[i + used..];
    }
    out.push_str(rest);
    Ok(out)
}

fn hex4(s: &str, at: usize) -> Option<u32> {
    let digits = s.get(at..at + 4)?;
    if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(digits, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Result<(), ScanError> {
        Scanner::document(text.as_bytes(), Scanner::skip)
    }

    /// Texts that are not one well-formed JSON value.
    const MALFORMED: [&str; 17] = [
        "01",
        "1.",
        "-",
        "1e",
        "[1,]",
        r#"{"a":1,}"#,
        r#"{"a" 1}"#,
        r#"{1:2}"#,
        "[1 2]",
        "tru",
        "nul",
        "\"a\u{1}\"",
        r#""\x""#,
        r#""\u12""#,
        "",
        "[",
        r#"{"a":"#,
    ];

    #[test]
    fn accepts_and_refuses_like_serde_json() {
        let cases = [
            r#"{"a":[1,-0.5e+3,true,false,null,"x\u00e9\n",{}],"b":{"c":[]}}"#,
            " [ 0 , 1E9 ] ",
            r#""\ud800""#, // a lone surrogate is only an error when decoded
            "{} x",
            "\"\u{e9}\u{1F600}\"",
        ];
        let mut differ = Vec::new();
        for text in cases.into_iter().chain(MALFORMED) {
            let ours = check(text);
            let serde = serde_json::from_str::<serde::de::IgnoredAny>(text);
            match (&ours, &serde) {
                (Ok(_), Ok(_)) => {}
                (Err(a), Err(b)) if (a.line, a.column) == (b.line(), b.column()) => {}
                _ => differ.push(format!("{text:?}: {ours:?} vs {serde:?}")),
            }
        }
        assert!(differ.is_empty(), "{differ:#?}");
    }

    /// The fast walk takes well-formed text without escapes whole, ends where the exact walk
    /// ends, and gives up on everything the exact walk refuses.
    #[test]
    fn the_fast_walk_agrees_with_the_exact_one() {
        let claims = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/claims"))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "json"))
            .map(|path| {
                let text = std::fs::read(path).unwrap();
                let value: serde_json::Value = serde_json::from_slice(&text).unwrap();
                [text, value.to_string().into_bytes()]
            });
        let cases = [
            &br#"{"a":[1,-0.5e+3,true,false,null,"x",{}],"b":{"c":[]}} "#[..],
            b" [ 0 , 1E9 , -0 , 2.50 , {\"k\" : [ ] } ]",
            b"\"\xc3\xa9\"",
            b"[[[]],[{}],{\"a\":{\"b\":[1]}}]",
        ]
        .map(<[u8]>::to_vec);
        for text in claims.flatten().chain(cases) {
            let end = fast_skip(&text, 0, MAX_DEPTH, false);
            let exact = Scanner::document(&text, |s| s.skip_exactly().map(|()| s.pos));
            let shown = String::from_utf8_lossy(&text[..text.len().min(60)]).into_owned();
            assert!(end.is_some(), "the fast walk gave up on {shown}");
            assert_eq!(end, exact.ok(), "{shown}");
        }
        for text in MALFORMED.into_iter().chain(["]", r#"{"a":1]"#, "[1}", "\"open"]) {
            assert_eq!(fast_skip(text.as_bytes(), 0, MAX_DEPTH, false), None, "{text:?}");
        }
        // Escapes are left to the exact walk.
        assert_eq!(fast_skip(br#""a\"b""#, 0, MAX_DEPTH, false), None);
        // When checking, numbers that may not fit an f64 are left to the exact walk too.
        let long = format!("[{}]", "9".repeat(301));
        for number in ["[1e5]", "[2E-3]", long.as_str()] {
            assert_eq!(fast_skip(number.as_bytes(), 0, MAX_DEPTH, true), None, "{number}");
            assert_eq!(
                fast_skip(number.as_bytes(), 0, MAX_DEPTH, false),
                Some(number.len())
            );
        }
        assert_eq!(fast_skip(b"[1.5,-20,0]", 0, MAX_DEPTH, true), Some(11));
        // The nesting left to it is a bound.
        let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n)).into_bytes();
        assert_eq!(fast_skip(&nested(3), 0, 3, false), Some(6));
        assert_eq!(fast_skip(&nested(4), 0, 3, false), None);
        assert_eq!(fast_skip(&nested(128), 0, MAX_DEPTH, false), Some(256));
        assert_eq!(fast_skip(&nested(129), 0, MAX_DEPTH, false), None);
    }

    #[test]
    fn nesting_is_bounded() {
        assert!(check(&format!("{}{}", "[".repeat(128), "]".repeat(128))).is_ok());
        let deep = check(&"[".repeat(100_000)).unwrap_err();
        assert_eq!(deep.message, "recursion limit exceeded");
    }

    #[test]
    fn strings_decode_escapes_and_borrow_otherwise() {
        let text = br#"["plain", "a\"\\\/\b\f\n\r\t\u0041\ud83d\ude00"]"#;
        let got = Scanner::document(text, |s| {
            let mut got = Vec::new();
            s.array(|s| s.string().map(|v| got.push(v)))?;
            Ok(got)
        })
        .unwrap();
        assert!(matches!(got[0], Cow::Borrowed("plain")));
        assert_eq!(got[1], "a\"\\/\u{8}\u{c}\n\r\tA\u{1F600}");
        let lone = Scanner::document(br#"  "\udc00""#, |s| s.string().map(|_| ())).unwrap_err();
        assert_eq!(lone.message, "lone trailing surrogate in hex escape");
        assert_eq!(lone.column, 4);
    }
}
