//! `data_period.shape`: `access.data_period` is a FHIR Period with a start and/or an end.

use serde_json::Value;

use crate::rules::support::{child, kind};
use crate::rules::*;

pub static RULE: Rule = Rule {
    id: "data_period.shape",
    severity: Severity::Error,
    summary: "access.data_period is a FHIR Period: start and/or end, FHIR dates, start not after end",
    citation: Citation {
        page: Page::AccessConstraints,
        section: "Constraint Model: data_period",
        keyword: Keyword::Derived,
        quote:
            "Shape and validity. Optional. A FHIR Period with start and/or end. One coarse window per ticket",
    },
    applies: Applies::Ticket,
    explain: "\
## What it checks
When `access.data_period` is present:
- it is a JSON object with `start`, `end`, or both;
- each is a FHIR `date` or `dateTime` string: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or
  `YYYY-MM-DDThh:mm:ss[.fff]` with `Z` or a `+hh:mm`/`-hh:mm` offset (FHIR requires a time zone
  when a time is given), naming a real calendar day;
- `start` is not after `end` (FHIR Period invariant per-1). Two dates compare by their earliest
  and latest days, two dateTimes as instants; a date against a dateTime compares by calendar
  day, with one day of slack for time zones.

For Payer Claims Adjudication `data_period` is forbidden outright (`pca.data_period_forbidden`).

## Why it matters
The Data Holder filters by `ge{start}` and `le{end}` on each type's designated date parameter. A
period it cannot parse cannot be enforced, so the ticket is rejected; an empty period or one that
ends before it starts is at best meaningless and at worst excludes every record.

## How to fix
Give the window as FHIR dates, e.g. `{\"start\": \"2023-01-01\", \"end\": \"2024-12-31\"}`; leave
out either end for an open window. For disjoint windows mint separate tickets.",
    decision: Some(
        "The guide only says \"a FHIR Period with start and/or end\"; its schema types both as plain \
         strings. ptix applies FHIR's own datatype rules (date/dateTime format, per-1) and reports \
         an error, since a Data Holder cannot enforce a window it cannot read.",
    ),
    file: file!(),
    check,
};

/// A parsed FHIR date or dateTime.
#[derive(Debug, Clone, Copy, PartialEq)]
enum When {
    /// Days since 1970-01-01 of the earliest and latest day covered.
    Date { lo: i64, hi: i64 },
    /// The instant (UTC seconds, nanoseconds), and the local calendar day as written.
    DateTime { secs: i64, nanos: u32, day: i64 },
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 (proleptic Gregorian; Howard Hinnant's days_from_civil).
fn days(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Reads fixed-width decimal fields.
struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn num(&mut self, width: usize) -> Option<i64> {
        let s = self.b.get(self.i..self.i + width)?;
        if !s.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.i += width;
        Some(s.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')))
    }
    fn eat(&mut self, c: u8) -> bool {
        if self.b.get(self.i) == Some(&c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn done(&self) -> bool {
        self.i == self.b.len()
    }
}

/// Parse a FHIR R4 `date` or `dateTime`.
fn parse(s: &str) -> Option<When> {
    let mut c = Cursor {
        b: s.as_bytes(),
        i: 0,
    };
    let y = c.num(4).filter(|y| *y > 0)?;
    if c.done() {
        return Some(When::Date {
            lo: days(y, 1, 1),
            hi: days(y, 12, 31),
        });
    }
    if !c.eat(b'-') {
        return None;
    }
    let m = c.num(2).filter(|m| (1..=12).contains(m))?;
    if c.done() {
        return Some(When::Date {
            lo: days(y, m, 1),
            hi: days(y, m, days_in_month(y, m)),
        });
    }
    if !c.eat(b'-') {
        return None;
    }
    let d = c.num(2).filter(|d| (1..=days_in_month(y, m)).contains(d))?;
    let day = days(y, m, d);
    if c.done() {
        return Some(When::Date { lo: day, hi: day });
    }
    if !c.eat(b'T') {
        return None;
    }
    let hh = c.num(2).filter(|h| *h <= 23)?;
    if !c.eat(b':') {
        return None;
    }
    let mm = c.num(2).filter(|m| *m <= 59)?;
    if !c.eat(b':') {
        return None;
    }
    let ss = c.num(2).filter(|s| *s <= 60)?;
    let mut nanos = 0u32;
    if c.eat(b'.') {
        let start = c.i;
        while c.b.get(c.i).is_some_and(u8::is_ascii_digit) {
            c.i += 1;
        }
        let digits = c.b.get(start..c.i)?;
        if digits.is_empty() {
            return None;
        }
        for k in 0..9 {
            nanos = nanos * 10 + digits.get(k).map_or(0, |d| u32::from(d - b'0'));
        }
    }
    let offset = if c.eat(b'Z') {
        0
    } else {
        let sign = if c.eat(b'+') {
            1
        } else if c.eat(b'-') {
            -1
        } else {
            return None; // FHIR: a time needs a time zone
        };
        let oh = c.num(2)?;
        if !c.eat(b':') {
            return None;
        }
        let om = c.num(2).filter(|m| *m <= 59)?;
        if !(oh <= 13 || (oh == 14 && om == 0)) {
            return None;
        }
        sign * (oh * 3600 + om * 60)
    };
    if !c.done() {
        return None;
    }
    let secs = day * 86_400 + hh * 3600 + mm * 60 + ss - offset;
    Some(When::DateTime { secs, nanos, day })
}

/// Is `start` after `end`, where the two are comparable?
fn inverted(start: When, end: When) -> bool {
    match (start, end) {
        (When::Date { lo, .. }, When::Date { hi, .. }) => lo > hi,
        (
            When::DateTime {
                secs: a, nanos: an, ..
            },
            When::DateTime {
                secs: b, nanos: bn, ..
            },
        ) => (a, an) > (b, bn),
        (When::Date { lo, .. }, When::DateTime { day, .. }) => lo > day + 1,
        (When::DateTime { day, .. }, When::Date { hi, .. }) => day > hi + 1,
    }
}

fn check(ctx: &Ctx<'_>, out: &mut Findings) {
    let Some(period) = ctx.get("/access/data_period") else {
        return;
    };
    let base = "/payload/access/data_period";
    let Some(obj) = period.as_object() else {
        out.report(
            base,
            format!(
                "access.data_period is {}; expected a FHIR Period object with start and/or end",
                kind(period)
            ),
        )
        .expected("an object")
        .actual(kind(period));
        return;
    };
    if !obj.contains_key("start") && !obj.contains_key("end") {
        out.report(
            base,
            "access.data_period has neither start nor end, so it bounds nothing",
        )
        .expected("start and/or end");
        return;
    }
    let mut parsed = [None, None];
    for (slot, name) in ["start", "end"].into_iter().enumerate() {
        let Some(v) = obj.get(name) else {
            continue;
        };
        match v {
            Value::String(s) => match parse(s) {
                Some(w) => parsed[slot] = Some((w, s.as_str())),
                None => {
                    out.report(
                        child(base, name),
                        format!(
                            "access.data_period.{name} \"{s}\" is not a FHIR date or dateTime (YYYY, YYYY-MM, YYYY-MM-DD, or YYYY-MM-DDThh:mm:ss with a time zone)"
                        ),
                    )
                    .expected("a FHIR date or dateTime")
                    .actual(s.as_str());
                }
            },
            other => {
                out.report(
                    child(base, name),
                    format!(
                        "access.data_period.{name} is {}; expected a FHIR date or dateTime string",
                        kind(other)
                    ),
                )
                .expected("a string")
                .actual(other.clone());
            }
        }
    }
    if let [Some((start, s)), Some((end, e))] = parsed {
        if inverted(start, end) {
            out.report(
                base,
                format!("access.data_period starts ({s}) after it ends ({e})"),
            )
            .expected("start <= end");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fhir_dates() {
        for ok in [
            "2026",
            "2026-02",
            "2024-02-29",
            "2026-03-01T10:00:00Z",
            "2026-03-01T10:00:00.123+05:30",
            "2026-03-01T23:59:60-14:00",
        ] {
            assert!(parse(ok).is_some(), "{ok}");
        }
        for bad in [
            "",
            "0000",
            "26",
            "2026-13",
            "2025-02-29",
            "2026-04-31",
            "2026-03-01T10:00:00",
            "2026-03-01T10:00Z",
            "2026-03-01T24:00:00Z",
            "2026-03-01T10:00:00.Z",
            "2026-03-01T10:00:00+14:30",
            "03/01/2026",
            "2026-03-01 ",
            "2026-03-01T10:00:00+0530",
        ] {
            assert!(parse(bad).is_none(), "{bad}");
        }
        assert_eq!(days(1970, 1, 1), 0);
        assert_eq!(days(2000, 3, 1), 11_017);
    }

    #[test]
    fn ordering() {
        let p = |s| parse(s).unwrap();
        assert!(inverted(p("2026-03-02"), p("2026-03-01")));
        assert!(!inverted(p("2026-03"), p("2026-03-15")));
        assert!(!inverted(p("2026-03-15"), p("2026-03")));
        assert!(inverted(p("2026-04"), p("2026-03")));
        assert!(inverted(p("2026-03-01T10:00:00Z"), p("2026-03-01T09:00:00Z")));
        assert!(!inverted(
            p("2026-03-01T10:00:00+02:00"),
            p("2026-03-01T09:00:00Z")
        ));
        assert!(!inverted(p("2026-03-02T01:00:00+14:00"), p("2026-03-01")));
        assert!(inverted(p("2026-03-05T01:00:00Z"), p("2026-03-01")));
    }
}
