//! A run's lease on its namespaces, so that `--cleanup` in another terminal tells a run that
//! is still going from the leftovers of one that was killed.
//!
//! Every namespace a run creates carries [`LEASE_ANNOTATION`]: the time until which the run
//! promises to be alive. The running process moves it forward every [`RENEW_EVERY`]; a
//! process that was killed stops doing so, and [`LEASE`] later its namespaces are
//! leftovers. A run that ends with `--keep` drops the annotation: what it kept is a leftover
//! at once.

use std::collections::BTreeMap;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};

/// The annotation holding the lease's end (RFC 3339).
pub const LEASE_ANNOTATION: &str = "kubectl-scs.scs.community/alive-until";
/// How often a running process renews its lease.
pub const RENEW_EVERY: Duration = Duration::from_secs(20);
/// How long a lease lasts: a few missed renewals (a slow API server) do not end it.
pub const LEASE: Duration = Duration::from_secs(90);

/// The annotation's value for a lease taken or renewed at `now`.
pub fn lease_until(now: Timestamp) -> String {
    let lease = SignedDuration::try_from(LEASE).unwrap_or(SignedDuration::from_secs(90));
    now.checked_add(lease).unwrap_or(now).to_string()
}

/// When the lease in `annotations` ends, if it has not ended at `now`. No annotation, or
/// one that cannot be read, is no lease (objects of older versions, kept runs).
pub fn alive_until(
    annotations: Option<&BTreeMap<String, String>>,
    now: Timestamp,
) -> Option<Timestamp> {
    let until: Timestamp = annotations?.get(LEASE_ANNOTATION)?.parse().ok()?;
    (until > now).then_some(until)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn annotations(value: &str) -> BTreeMap<String, String> {
        BTreeMap::from([(LEASE_ANNOTATION.to_string(), value.to_string())])
    }

    #[test]
    fn a_lease_lives_until_its_end() {
        let now: Timestamp = "2026-12-07T15:00:00Z".parse().unwrap();
        let value = lease_until(now);
        assert_eq!(value, "2026-12-07T15:01:30Z");
        let a = annotations(&value);
        assert_eq!(alive_until(Some(&a), now), Some(value.parse().unwrap()));
        let later: Timestamp = "2026-12-07T15:01:30Z".parse().unwrap();
        assert_eq!(alive_until(Some(&a), later), None);
    }

    #[test]
    fn no_or_unreadable_annotations_are_no_lease() {
        let now: Timestamp = "2026-12-07T15:00:00Z".parse().unwrap();
        assert_eq!(alive_until(None, now), None);
        assert_eq!(alive_until(Some(&BTreeMap::new()), now), None);
        assert_eq!(alive_until(Some(&annotations("soon")), now), None);
    }
}
