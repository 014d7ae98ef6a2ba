//! Ticket lifetime: how long a ticket stays redeemable.

pub mod long_unrevocable;
pub mod max;

use super::Rule;

pub static RULES: &[&Rule] = &[&max::RULE, &long_unrevocable::RULE];

/// A lifetime in days, exactly: "90 days", "75 days and 1 second", "1 day and 3 hours".
pub(crate) fn in_days(secs: i64) -> String {
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let unit = if days == 1 { "day" } else { "days" };
    if rest == 0 {
        format!("{days} {unit}")
    } else if days == 0 {
        crate::clock::span(rest)
    } else {
        format!("{days} {unit} and {}", crate::clock::span(rest))
    }
}

#[cfg(test)]
mod tests {
    use super::in_days;

    #[test]
    fn lifetimes_in_days() {
        assert_eq!(in_days(90 * 86_400), "90 days");
        assert_eq!(in_days(75 * 86_400 + 1), "75 days and 1 second");
        assert_eq!(in_days(86_400 + 3 * 3_600), "1 day and 3 hours");
    }
}
