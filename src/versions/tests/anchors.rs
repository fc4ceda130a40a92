//! Every case SCS's `k8s_version_policy_test.py` asserts (as restated in the data folder's
//! `scs-unit-test-anchors.md`), against SCS's own test releases.

use serde_json::{Map, Value, json};

use super::{day, entry, scs_test_releases, v};
use crate::versions::cve::is_critical;
use crate::versions::eol::BranchEol;
use crate::versions::formats::{EolEntry, GithubRelease};
use crate::versions::judge::{Level, LogLine, is_recent};
use crate::versions::range::{RangeError, VersionRange};
use crate::versions::releases::Release;
use crate::versions::version::{Branch, Version};

fn recent(now: &str, ranges: &[VersionRange]) -> (bool, Vec<LogLine>) {
    let mut log = Vec::new();
    let result = is_recent(
        v(1, 28, 5),
        &scs_test_releases(),
        ranges,
        day(now),
        &mut log,
    )
    .expect("test releases parse");
    (result, log)
}

#[test]
fn successor_of_1_28_5_is_v1_28_6_of_2024_01_17() {
    let successor = scs_test_releases()
        .iter()
        .find(|r| r.tag_name == "v1.28.6")
        .map(|r| Release::parse(r).unwrap())
        .unwrap();
    assert_eq!(
        successor.published_at,
        "2024-01-17T19:40:09Z".parse().unwrap()
    );
}

#[test]
fn recency_without_cves() {
    assert!(recent("2024-01-17", &[]).0);
    assert!(recent("2024-01-31", &[]).0);
    assert!(!recent("2024-02-18", &[]).0);
}

#[test]
fn recency_with_a_critical_cve_warns_after_two_days_and_fails_after_fourteen() {
    let exactly = [VersionRange::new(Some(v(1, 28, 5)), None, false).unwrap()];
    let (result, log) = recent("2024-01-20", &exactly);
    assert!(result);
    let first = log.first().expect("a log line");
    assert_eq!(first.level, Level::Warning);
    assert!(
        first.message.contains("Consider updating from 1.28.5"),
        "{}",
        first.message
    );
    assert_eq!(
        first.message,
        "Consider updating from 1.28.5 to 1.28.6 to avoid a CVE"
    );
    assert!(!recent("2024-02-01", &exactly).0);
}

fn metrics(value: Value) -> Vec<Map<String, Value>> {
    serde_json::from_value(value).unwrap()
}

#[test]
fn severity_threshold_is_a_base_score_of_8_in_any_cvss_metric() {
    let critical = |m: Value| is_critical(&metrics(m)).unwrap();
    assert!(critical(json!([{"cvssV3_1": {"baseScore": 8.0}}])));
    assert!(critical(json!([{"cvssV3_0": {"baseScore": 8.0}}])));
    assert!(critical(
        json!([{"cvssV3_1": {"baseScore": 7.9}}, {"cvssV3_0": {"baseScore": 8.0}}])
    ));
    assert!(!critical(json!([{"cvssV3_1": {"baseScore": 7.9}}])));
    assert!(!critical(
        json!([{"cvssV3_0": {"baseScore": 7.9}}, {"cvssV3_1": {"baseScore": 7.9}}])
    ));
}

#[test]
fn version_entries_become_ranges() {
    let range = |json: &str| VersionRange::from_entry(&entry(json)).unwrap();
    assert_eq!(
        range(r#"{"version": "1.2.3"}"#),
        VersionRange::new(Some(v(1, 2, 3)), None, false).unwrap()
    );
    assert_eq!(
        range(r#"{"version": "1.2.3", "lessThan": "1.3.0"}"#),
        VersionRange::new(Some(v(1, 2, 3)), Some(v(1, 3, 0)), false).unwrap()
    );
    assert_eq!(
        range(r#"{"version": "1.2.3", "lessThanOrEqual": "1.3.0"}"#),
        VersionRange::new(Some(v(1, 2, 3)), Some(v(1, 3, 0)), true).unwrap()
    );
    assert_eq!(
        range(r#"{"version": "unspecified", "lessThanOrEqual": "1.3.0"}"#),
        VersionRange::new(Some(v(0, 0, 0)), Some(v(1, 3, 0)), true).unwrap()
    );
}

#[test]
fn versions_parse_without_whitespace_and_leading_v() {
    assert_eq!(Version::parse_scs("  v2.4.99   ").unwrap(), v(2, 4, 99));
}

#[test]
fn eol_entries_parse_to_branch_and_midnight() {
    let info = BranchEol::parse(&EolEntry {
        branch: "1.29".into(),
        end_of_life: "2025-02-28".into(),
    })
    .unwrap();
    assert_eq!(info.branch, Branch::new(1, 29));
    assert_eq!(info.end_of_life.to_string(), "2025-02-28");
    assert!(!info.is_supported(day("2025-03-01")));
    // The EOL day itself is EOL; the second before it is not.
    assert!(!info.is_supported(day("2025-02-28")));
    assert!(info.is_supported("2025-02-27T23:59:59Z".parse().unwrap()));
}

fn release(tag: &str, published: &str) -> GithubRelease {
    GithubRelease {
        tag_name: tag.into(),
        draft: false,
        prerelease: false,
        published_at: Some(published.into()),
    }
}

#[test]
fn releases_parse_tag_and_time() {
    let parsed = Release::parse(&release("v1.29.3-dev0", "2024-02-03T13:37:42Z")).unwrap();
    assert_eq!(parsed.version, v(1, 29, 3));
    assert_eq!(parsed.published_at, "2024-02-03T13:37:42Z".parse().unwrap());
    let parsed = Release::parse(&release("1.24.0", "2023-01-03T13:37:42Z")).unwrap();
    assert_eq!(parsed.version, v(1, 24, 0));
}

#[test]
fn versions_and_branches_order_as_tuples() {
    assert_eq!(v(1, 2, 3), v(1, 2, 3));
    assert_eq!(Version::new(1, 2, 0), v(1, 2, 0));
    assert!(v(1, 2, 3) < v(1, 2, 4));
    assert!(v(1, 2, 4) < v(1, 3, 0));
    assert!(v(1, 3, 0) < v(2, 0, 0));
    assert!(Branch::new(1, 28) < Branch::new(1, 29));
    assert_eq!(v(1, 28, 5).branch(), Branch::new(1, 28));
    assert_eq!(Branch::new(1, 29).previous(), Branch::new(1, 28));
}

#[test]
fn ranges_need_a_lower_bound_not_above_the_upper_one() {
    assert_eq!(
        VersionRange::new(None, None, false).unwrap_err(),
        RangeError::NoLower
    );
    assert_eq!(
        VersionRange::new(None, None, false)
            .unwrap_err()
            .to_string(),
        "lower_version must not be None"
    );
    let err = VersionRange::new(Some(v(2, 3, 0)), Some(v(1, 3, 0)), false).unwrap_err();
    assert!(err.to_string().contains("must be lower than"), "{err}");
}

#[test]
fn membership() {
    let single = VersionRange::new(Some(v(3, 4, 5)), None, false).unwrap();
    assert!(single.contains(v(3, 4, 5)));
    assert!(!single.contains(v(3, 4, 4)));
    assert!(!single.contains(v(3, 4, 6)));
    let inclusive = VersionRange::new(Some(v(1, 2, 1)), Some(v(1, 3, 4)), true).unwrap();
    assert!(inclusive.contains(v(1, 2, 1)));
    assert!(inclusive.contains(v(1, 3, 4)));
    assert!(!inclusive.contains(v(1, 2, 0)));
    assert!(!inclusive.contains(v(1, 3, 5)));
    let exclusive = VersionRange::new(Some(v(1, 2, 1)), Some(v(1, 3, 4)), false).unwrap();
    assert!(exclusive.contains(v(1, 2, 1)));
    assert!(exclusive.contains(v(1, 3, 3)));
    assert!(!exclusive.contains(v(1, 2, 0)));
    assert!(!exclusive.contains(v(1, 3, 4)));
}
