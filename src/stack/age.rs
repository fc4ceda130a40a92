//! Human-readable ages for the SINCE column and for messages.

use jiff::{Span, Timestamp};

use crate::duration;

/// The age of `then` at `now`, e.g. `45s`, `7m30s`, `51m`, `2h5m`, `20h`, `3d4h`, `12d`.
///
/// Unlike `kubectl`, which truncates, the last unit shown is rounded to the nearest value, so a
/// condition that is 50 min 48 s old reads `51m`. A `then` in the future reads `0s`.
pub fn human_age(now: Timestamp, then: Timestamp) -> String {
    let secs = now.as_second().saturating_sub(then.as_second()).max(0);
    human_seconds(secs)
}

/// Formats a number of seconds like [`human_age`]: the rounding tiers are ours, the spelling is
/// jiff's compact friendly format.
pub fn human_seconds(secs: i64) -> String {
    const MIN: i64 = 60;
    const HOUR: i64 = 60 * MIN;
    const DAY: i64 = 24 * HOUR;
    let secs = secs.max(0);
    let round = |unit: i64| secs.saturating_add(unit / 2) / unit;
    let span = if secs < 2 * MIN {
        Span::new().try_seconds(secs)
    } else if secs < 10 * MIN {
        Span::new()
            .try_minutes(secs / MIN)
            .and_then(|s| s.try_seconds(secs % MIN))
    } else if secs < HOUR - MIN / 2 {
        Span::new().try_minutes(round(MIN))
    } else if secs < 8 * HOUR {
        let total = round(MIN);
        Span::new()
            .try_hours(total / 60)
            .and_then(|s| s.try_minutes(total % 60))
    } else if secs < 2 * DAY {
        Span::new().try_hours(round(HOUR))
    } else if secs < 8 * DAY {
        let total = round(HOUR);
        Span::new()
            .try_days(total / 24)
            .and_then(|s| s.try_hours(total % 24))
    } else {
        Span::new().try_days(round(DAY))
    };
    // Only the days tier can leave jiff's range (beyond some 20,000 years).
    span.map_or_else(
        |_| format!("{}d", round(DAY)),
        |span| duration::compact(&span),
    )
}

#[cfg(test)]
mod tests {
    use super::human_seconds;

    #[test]
    fn formats_like_clusterctl_but_rounded() {
        assert_eq!(human_seconds(-5), "0s");
        assert_eq!(human_seconds(45), "45s");
        assert_eq!(human_seconds(7 * 60 + 30), "7m30s");
        assert_eq!(human_seconds(50 * 60 + 48), "51m");
        assert_eq!(human_seconds(59 * 60 + 40), "1h");
        assert_eq!(human_seconds(78 * 60), "1h18m");
        assert_eq!(human_seconds(2 * 3600 + 5 * 60), "2h5m");
        assert_eq!(human_seconds(20 * 3600), "20h");
        assert_eq!(human_seconds(3 * 86400), "3d");
        assert_eq!(human_seconds(3 * 86400 + 4 * 3600), "3d4h");
        assert_eq!(human_seconds(12 * 86400), "12d");
        assert_eq!(human_seconds(i64::MAX), format!("{}d", i64::MAX / 86400));
    }
}
