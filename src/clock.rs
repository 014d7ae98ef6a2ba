//! Time: `--now` parsing (RFC 3339 or Unix seconds), durations like `60d`, and human phrasing.

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Parse a point in time: RFC 3339 (`2026-07-01T00:00:00Z`) or Unix seconds (`1782329950`).
pub fn parse_instant(text: &str) -> Result<i64, String> {
    let t = text.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        return t
            .parse::<i64>()
            .ok()
            .filter(|s| *s <= 253_402_300_799)
            .ok_or_else(|| format!("{t:?} is out of range for a time (Unix seconds up to year 9999)"));
    }
    if t.len() > 1 && t.starts_with('-') && t[1..].bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "{t:?} is before 1970: Unix seconds from 0 (1970-01-01T00:00:00Z) to year 9999"
        ));
    }
    OffsetDateTime::parse(t, &Rfc3339)
        .map(|d| d.unix_timestamp())
        .map_err(|_| {
            format!("{t:?} is not a time: give RFC 3339 (2026-07-01T00:00:00Z) or Unix seconds (1782864000)")
        })
}

/// How far ahead of the evaluation time `iat` may be without a leeway: an issuer's clock a
/// little ahead of the verifier's must not make a ticket just minted unusable (no leeway is the
/// default for `exp`, as in the guide's reference implementation, which does not check `iat`).
pub const IAT_SKEW: i64 = 60;

// The clock windows of a ticket, in one place for `ptix verify` and the time rules.

/// Is a ticket with this `exp` expired at `now`? (`exp <= now - leeway`.)
pub fn expired(exp: i64, now: i64, leeway: i64) -> bool {
    exp <= now.saturating_sub(leeway)
}

/// The latest `iat` accepted at `now`.
pub fn latest_iat(now: i64, leeway: i64) -> i64 {
    now.saturating_add(leeway.max(IAT_SKEW))
}

/// Is `now` before this `nbf`, beyond the leeway?
pub fn before_nbf(nbf: i64, now: i64, leeway: i64) -> bool {
    nbf > now.saturating_add(leeway)
}

/// The current time in Unix seconds.
pub fn system_now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

/// Parse a duration such as `60d`, `24h`, `90m`, `1w` (`m` is minutes).
pub fn parse_duration(text: &str) -> Result<i64, String> {
    let t = text.trim();
    let out_of_range = || format!("{t:?} is out of range: a duration is at most 100 years (36500d)");
    match humantime::parse_duration(t) {
        Ok(d) if d.as_secs() <= MAX_DURATION as u64 => Ok(d.as_secs() as i64),
        Ok(_) | Err(humantime::DurationError::NumberOverflow) => Err(out_of_range()),
        Err(_) => Err(format!("{t:?} is not a duration: write e.g. 60d, 45d, 24h, 90m")),
    }
}

/// The longest duration a flag takes (`--lifetime`, `--leeway`): 100 years, so that adding it
/// to any time ptix accepts stays a time.
pub const MAX_DURATION: i64 = 36_500 * 86_400;

/// RFC 3339 in UTC, e.g. `2026-08-23T19:39:10Z`; `None` for times out of range.
pub fn rfc3339(secs: i64) -> Option<String> {
    OffsetDateTime::from_unix_timestamp(secs)
        .ok()
        .and_then(|d| d.format(&Rfc3339).ok())
}

/// RFC 3339 or, out of range, the raw number.
pub fn display(secs: i64) -> String {
    rfc3339(secs).unwrap_or_else(|| format!("{secs} (out of range)"))
}

/// A rough span: "3 hours", "12 days", "3 months".
pub fn span(secs: i64) -> String {
    let s = secs.unsigned_abs();
    let (n, unit) = match s {
        0..=89 => (s, "second"),
        90..=5_399 => ((s + 30) / 60, "minute"),
        5_400..=129_599 => ((s + 1_800) / 3_600, "hour"),
        129_600..=5_183_999 => ((s + 43_200) / 86_400, "day"),
        5_184_000..=47_335_391 => ((s + 1_314_900) / 2_629_800, "month"),
        _ => ((s + 15_778_800) / 31_557_600, "year"),
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

/// An exact-ish span for verdicts: "92 days", "5 hours", "40 seconds".
pub fn precise_span(secs: i64) -> String {
    let s = secs.unsigned_abs();
    let (n, unit) = match s {
        0..=119 => (s, "second"),
        120..=7_199 => (s / 60, "minute"),
        7_200..=172_799 => (s / 3_600, "hour"),
        _ => (s / 86_400, "day"),
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

/// `a - b` for any two `i64` (times come from untrusted tokens: `i64::MIN` minus now must not
/// overflow), saturated to the `i64` range.
fn distance(a: i64, b: i64) -> i64 {
    a.saturating_sub(b)
}

/// "in 92 days" or "92 days ago" (days, not months: for verdicts).
pub fn relative_precise(at: i64, now: i64) -> String {
    if at == now {
        "now".to_string()
    } else if at > now {
        format!("in {}", precise_span(distance(at, now)))
    } else {
        format!("{} ago", precise_span(distance(now, at)))
    }
}

/// "in 12 days" or "3 months ago", relative to `now`.
pub fn relative(at: i64, now: i64) -> String {
    if at == now {
        "now".to_string()
    } else if at > now {
        format!("in {}", span(distance(at, now)))
    } else {
        format!("{} ago", span(distance(now, at)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_and_durations() {
        assert_eq!(parse_instant("2026-07-01T00:00:00Z").unwrap(), 1_782_864_000);
        assert_eq!(parse_instant("2026-07-01T02:00:00+02:00").unwrap(), 1_782_864_000);
        assert_eq!(parse_instant("1782864000").unwrap(), 1_782_864_000);
        assert!(parse_instant("yesterday").is_err());
        assert!(parse_instant("99999999999999999999").is_err());
        assert_eq!(parse_duration("60d").unwrap(), 60 * 86_400);
        assert_eq!(parse_duration("90m").unwrap(), 90 * 60);
        assert_eq!(parse_duration("36500d").unwrap(), MAX_DURATION);
        for huge in ["36501d", "3000000d", "106751991167300d", "99999999999999999999"] {
            assert!(
                parse_duration(huge).unwrap_err().contains("out of range"),
                "{huge}"
            );
        }
        assert!(parse_duration("60 days please")
            .unwrap_err()
            .contains("not a duration"));
        assert!(parse_instant("-1").unwrap_err().contains("before 1970"));
        assert_eq!(relative(1_000 + 92 * 86_400, 1_000), "in 3 months");
        assert_eq!(relative(1_000 + 12 * 86_400 + 5, 1_000), "in 12 days");
        assert_eq!(relative(0, 3 * 3_600), "3 hours ago");
        assert_eq!(relative_precise(0, 92 * 86_400 + 100), "92 days ago");
        // Times from hostile tokens: no overflow at the extremes.
        assert!(relative(i64::MIN, 1_782_864_000).ends_with("years ago"));
        assert!(relative(i64::MAX, -1).starts_with("in "));
        assert!(relative_precise(i64::MIN, i64::MAX).ends_with("days ago"));
        assert!(relative_precise(i64::MAX, i64::MIN).starts_with("in "));
    }
}
