//! Behaviour of the version-policy judgement: SCS's own unit-test anchors, the judgement over the
//! embedded data, and property tests of the parsers.

mod anchors;
mod cves;
mod judgement;
mod nodes;
mod props;

use jiff::Timestamp;

use super::formats::{GithubRelease, VersionEntry};
use super::version::Version;

/// SCS's unit-test releases (`tests/fixtures/version-policy/`).
fn scs_test_releases() -> Vec<GithubRelease> {
    let text = include_str!("../../../tests/fixtures/version-policy/scs-testdata-releases.json");
    serde_json::from_str(text).expect("SCS test releases parse")
}

/// Midnight UTC of a `YYYY-MM-DD` day (SCS's tests use naive midnights).
fn day(date: &str) -> Timestamp {
    format!("{date}T00:00:00Z").parse().expect("a date")
}

fn v(major: u64, minor: u64, patch: u64) -> Version {
    Version::new(major, minor, patch)
}

fn entry(json: &str) -> VersionEntry {
    serde_json::from_str(json).expect("a versions[] entry")
}
