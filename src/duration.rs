//! Durations as people type and read them: `90s`, `1m30s`, `2h`, `500ms` (jiff's friendly
//! format in its compact spelling).
//!
//! `netcheck::script::go_duration` is deliberately not here: it writes Go's `time.Duration`
//! syntax for agnhost's `--timeout` flag, a wire format read by another program.

use std::time::Duration;

use jiff::fmt::friendly::{Designator, Spacing, SpanPrinter};
use jiff::{SignedDuration, Span};

/// Parses a duration flag: a bare number counts as seconds (as kubectl's `--request-timeout`),
/// anything else is jiff's friendly format (`90s`, `1m30s`, `2h`, `500ms`, `1.5h`).
/// Negative durations are refused.
pub fn parse(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("empty duration".into());
    }
    if let Ok(secs) = text.parse::<u64>() {
        return Ok(Duration::from_secs(secs));
    }
    let invalid = || format!("invalid duration {text:?} (use e.g. 90s, 1m30s, 2h or 500ms)");
    let signed: SignedDuration = text.parse().map_err(|_| invalid())?;
    if signed.is_negative() {
        return Err(format!(
            "invalid duration {text:?}: it must not be negative"
        ));
    }
    Duration::try_from(signed).map_err(|_| invalid())
}

/// `90s` → `1m30s`, `3600s` → `1h`; below a second in whole milliseconds (`300ms`), above it
/// in whole seconds.
pub fn human(d: Duration) -> String {
    let shown = if d.as_secs() == 0 {
        Duration::from_millis(d.subsec_millis().into())
    } else {
        Duration::from_secs(d.as_secs())
    };
    let signed = SignedDuration::try_from(shown).unwrap_or(SignedDuration::MAX);
    printer().duration_to_string(&signed)
}

/// Whole minutes when the duration is a multiple of one (`5m`, `60m`), otherwise seconds
/// (`90s`): how a `--timeout` given in minutes is echoed.
pub fn minutes_or_seconds(d: Duration) -> String {
    let secs = d.as_secs();
    let span = if secs >= 60 && secs.is_multiple_of(60) {
        i64::try_from(secs / 60).map(|m| Span::new().try_minutes(m))
    } else {
        i64::try_from(secs).map(|s| Span::new().try_seconds(s))
    };
    match span {
        Ok(Ok(span)) => compact(&span),
        _ => format!("{secs}s"),
    }
}

/// A span as written in the compact friendly format (`3d4h`, `7m30s`, `0s`); the units are
/// printed as given, not rebalanced.
pub fn compact(span: &Span) -> String {
    printer().span_to_string(span)
}

fn printer() -> SpanPrinter {
    SpanPrinter::new()
        .designator(Designator::Compact)
        .spacing(Spacing::None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_like_kubectl() {
        assert_eq!(parse("30").unwrap(), Duration::from_secs(30));
        assert_eq!(parse(" 90s ").unwrap(), Duration::from_secs(90));
        assert_eq!(parse("1m30s").unwrap(), Duration::from_secs(90));
        assert_eq!(parse("2h").unwrap(), Duration::from_secs(7200));
        assert_eq!(parse("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(parse("1.5m").unwrap(), Duration::from_secs(90));
        assert_eq!(parse("0").unwrap(), Duration::ZERO);
        for bad in ["", "5x", "m", "-5s", "-1", "1..5s", "s5"] {
            assert!(parse(bad).is_err(), "{bad:?} parsed");
        }
        assert!(parse("-5s").unwrap_err().contains("negative"));
    }

    #[test]
    fn prints_compactly() {
        assert_eq!(human(Duration::from_secs(90)), "1m30s");
        assert_eq!(human(Duration::from_secs(3600)), "1h");
        assert_eq!(human(Duration::from_secs(3605)), "1h5s");
        assert_eq!(human(Duration::from_secs(90_000)), "25h");
        assert_eq!(human(Duration::from_millis(300)), "300ms");
        assert_eq!(human(Duration::from_micros(1_500)), "1ms");
        assert_eq!(human(Duration::from_millis(1_500)), "1s");
        assert_eq!(human(Duration::from_micros(5)), "0s");
        assert_eq!(human(Duration::ZERO), "0s");
        assert_eq!(minutes_or_seconds(Duration::from_secs(300)), "5m");
        assert_eq!(minutes_or_seconds(Duration::from_secs(3600)), "60m");
        assert_eq!(minutes_or_seconds(Duration::from_secs(90)), "90s");
        assert_eq!(minutes_or_seconds(Duration::from_secs(0)), "0s");
        assert_eq!(minutes_or_seconds(Duration::from_secs(60)), "1m");
    }

    proptest! {
        #[test]
        fn no_input_panics(text in "\\PC{0,24}") {
            let _ = parse(&text);
        }

        #[test]
        fn duration_like_input_never_panics(text in "-?[0-9.]{0,12}(ms|s|m|h|d|µs|ns|[a-z ]{0,6})?([0-9]{0,4}[smh]?){0,3}") {
            let _ = parse(&text);
        }

        #[test]
        fn what_is_printed_parses_back(secs in 0u64..10_000_000) {
            let d = Duration::from_secs(secs);
            prop_assert_eq!(parse(&human(d)).unwrap(), d);
        }
    }
}
