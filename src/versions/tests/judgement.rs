//! The whole judgement: SCS's decision order, windows, log lines and verdicts, over the embedded
//! snapshot and over small data sets built for the boundaries.

use jiff::{SignedDuration, Timestamp};
use serde_json::json;

use super::{day, v};
use crate::report::Outcome;
use crate::versions::formats::{CveFeed, CveRecord, EolEntry, FeedItem, GithubRelease};
use crate::versions::judge::{Level, Subject, judge};
use crate::versions::{Dataset, Version, embedded};

fn embedded_data() -> Dataset {
    Dataset::parse(&embedded::files()).unwrap()
}

fn subject(version: Version) -> Subject {
    Subject {
        version,
        name: "lab".into(),
    }
}

fn messages(log: &[crate::versions::LogLine], level: Level) -> Vec<String> {
    log.iter()
        .filter(|l| l.level == level)
        .map(|l| l.message.clone())
        .collect()
}

#[test]
fn the_newest_patch_of_a_supported_branch_passes() {
    let j = judge(&subject(v(1, 36, 4)), &embedded_data(), day("2026-08-25"));
    assert_eq!(j.verdict, Outcome::Ok);
    assert_eq!(
        messages(&j.log, Level::Info),
        [
            "Checking cluster 'lab' (version 1.36.4).",
            "The K8s cluster version 1.36.4 of cluster 'lab' is still in the recency time window."
        ]
    );
    assert_eq!(j.end_of_life.unwrap().to_string(), "2027-06-28");
    let newest = j.newest_patch.unwrap();
    assert_eq!((newest.version, newest.age_days), (v(1, 36, 4), 5));
    assert_eq!(j.supported_branches.len(), 3);
}

#[test]
fn a_patch_older_than_31_days_behind_fails() {
    let j = judge(&subject(v(1, 34, 3)), &embedded_data(), day("2026-08-25"));
    assert_eq!(j.verdict, Outcome::Failed);
    assert_eq!(
        messages(&j.log, Level::Error),
        ["The K8s cluster version 1.34.3 of cluster 'lab' is outdated according to the standard."]
    );
}

#[test]
fn an_eol_branch_and_an_unknown_branch_fail() {
    let data = embedded_data();
    let j = judge(&subject(v(1, 33, 13)), &data, day("2026-08-25"));
    assert_eq!(j.verdict, Outcome::Failed);
    assert_eq!(
        messages(&j.log, Level::Error),
        ["The K8s cluster version 1.33.13 of cluster 'lab' is already EOL."]
    );
    // The EOL day counts as EOL: 1.33 ends on 2026-06-28.
    assert_eq!(
        judge(&subject(v(1, 33, 13)), &data, day("2026-06-28")).verdict,
        Outcome::Failed
    );
    let before = "2026-06-27T23:59:59Z".parse().unwrap();
    assert_eq!(
        judge(&subject(v(1, 33, 13)), &data, before).verdict,
        Outcome::Ok
    );
    // A branch the table does not know (newer than the data) is EOL for SCS.
    let j = judge(&subject(v(1, 37, 0)), &data, day("2026-08-25"));
    assert_eq!(j.verdict, Outcome::Failed);
    assert_eq!(j.end_of_life, None);
}

#[test]
fn stale_eol_data_warns_below_three_and_aborts_below_two_branches() {
    let data = embedded_data();
    // 2026-11-01: 1.34 is over, 1.35 and 1.36 remain.
    let j = judge(&subject(v(1, 36, 4)), &data, day("2026-11-01"));
    assert_eq!(j.verdict, Outcome::Ok);
    assert!(
        messages(&j.log, Level::Warning)
            .contains(&"The EOL data in k8s-eol-data.yml isn't up-to-date.".to_string()),
        "{:?}",
        j.log
    );
    // 2027-03-01: only 1.36 remains.
    let j = judge(&subject(v(1, 36, 4)), &data, day("2027-03-01"));
    assert_eq!(j.verdict, Outcome::Aborted);
    assert_eq!(
        j.abort_reason.as_deref(),
        Some("The EOL data in k8s-eol-data.yml is critically outdated!")
    );
    assert_eq!(j.supported_branches.len(), 1);
}

#[test]
fn data_older_than_30_days_warns() {
    let data = embedded_data();
    assert_eq!(data.as_of.unwrap().to_string(), "2026-08-22");
    let stale = |now: Timestamp| {
        judge(&subject(v(1, 36, 4)), &data, now)
            .log
            .iter()
            .any(|l| {
                l.level == Level::Warning
                    && l.message.starts_with("The version data is from 2026-08-22")
            })
    };
    assert!(!stale(day("2026-09-21")));
    assert!(stale(day("2026-09-22")));
}

#[test]
fn feed_cves_without_record_are_named_in_a_warning() {
    let j = judge(&subject(v(1, 36, 4)), &embedded_data(), day("2026-08-25"));
    assert!(messages(&j.log, Level::Warning).contains(
        &"28 of 40 CVEs of the feed have no record in the data and were not examined.".to_string()
    ));
}

#[test]
fn component_cves_warn_without_changing_the_verdict() {
    // 2024-07-01: 1.30.2 (2024-06-11) is 20 days old; CVE-2024-10220 (kubelet) affects 1.30.1.
    let j = judge(&subject(v(1, 30, 1)), &embedded_data(), day("2024-07-01"));
    assert_eq!(j.verdict, Outcome::Ok);
    assert!(j.critical_cves.is_empty());
    let ids: Vec<&str> = j.component_cves.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["CVE-2024-10220"]);
    assert!(
        messages(&j.log, Level::Warning).contains(
            &"CVE-2024-10220 (kubelet, CVSS 8.1) affects 1.30.1; SCS does not count it (its product is not \"Kubernetes\").".to_string()
        ),
        "{:?}",
        j.log
    );
}

/// Branches 1.34–1.36 supported until 2030, releases as given, one optional critical record.
fn synthetic(releases: Vec<GithubRelease>, record: Option<CveRecord>) -> Dataset {
    let eol = ["1.34", "1.35", "1.36"]
        .iter()
        .map(|b| EolEntry {
            branch: (*b).into(),
            end_of_life: "2030-01-01".into(),
        })
        .collect();
    let feed = CveFeed {
        items: record
            .iter()
            .map(|r| FeedItem {
                id: r.id().into(),
                summary: None,
                url: None,
            })
            .collect(),
    };
    Dataset {
        eol,
        releases,
        feed,
        records: record.into_iter().collect(),
        ..Dataset::default()
    }
}

fn published(tag: &str, at: Timestamp) -> GithubRelease {
    GithubRelease {
        tag_name: tag.into(),
        draft: false,
        prerelease: false,
        published_at: Some(at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()),
    }
}

fn kubernetes_cve(versions: serde_json::Value) -> CveRecord {
    serde_json::from_value(json!({
        "cveMetadata": {"cveId": "CVE-2030-0001"},
        "containers": {"cna": {
            "metrics": [{"cvssV3_1": {"baseScore": 9.1}}],
            "affected": [{"vendor": "Kubernetes", "product": "Kubernetes", "versions": versions}]
        }}
    }))
    .unwrap()
}

const NOW: &str = "2029-06-15T12:00:00Z";

fn now() -> Timestamp {
    NOW.parse().unwrap()
}

fn days(n: i64) -> SignedDuration {
    SignedDuration::from_hours(24 * n)
}

#[test]
fn the_patch_window_is_strictly_more_than_31_days() {
    let exactly = synthetic(vec![published("v1.35.2", now() - days(31))], None);
    assert_eq!(
        judge(&subject(v(1, 35, 1)), &exactly, now()).verdict,
        Outcome::Ok
    );
    let over = synthetic(
        vec![published(
            "v1.35.2",
            now() - days(31) - SignedDuration::from_secs(1),
        )],
        None,
    );
    assert_eq!(
        judge(&subject(v(1, 35, 1)), &over, now()).verdict,
        Outcome::Failed
    );
}

#[test]
fn drafts_prereleases_other_branches_and_older_patches_are_passed_over() {
    let old = now() - days(200);
    let mut draft = published("v1.35.9", old);
    draft.draft = true;
    draft.published_at = None;
    let mut pre = published("v1.35.8-rc.0", old);
    pre.prerelease = true;
    let data = synthetic(
        vec![
            draft,
            pre,
            published("v1.36.0", old),
            published("v1.35.1", old),
            published("v1.35.0", old),
        ],
        None,
    );
    assert_eq!(
        judge(&subject(v(1, 35, 1)), &data, now()).verdict,
        Outcome::Ok
    );
}

#[test]
fn a_critical_cve_warns_after_2_days_and_fails_after_14() {
    let record = || {
        Some(kubernetes_cve(
            json!([{"version": "v1.35.0", "lessThan": "v1.35.2", "status": "affected"}]),
        ))
    };
    let at = |age: SignedDuration| synthetic(vec![published("v1.35.2", now() - age)], record());
    let j = judge(&subject(v(1, 35, 1)), &at(days(2)), now());
    assert_eq!(j.verdict, Outcome::Ok);
    assert!(
        messages(&j.log, Level::Warning)
            .iter()
            .all(|m| !m.starts_with("Consider"))
    );
    assert_eq!(j.critical_cves.len(), 1);

    let j = judge(&subject(v(1, 35, 1)), &at(days(14)), now());
    assert_eq!(j.verdict, Outcome::Ok);
    assert!(
        messages(&j.log, Level::Warning)
            .contains(&"Consider updating from 1.35.1 to 1.35.2 to avoid a CVE".to_string())
    );

    let j = judge(
        &subject(v(1, 35, 1)),
        &at(days(14) + SignedDuration::from_secs(1)),
        now(),
    );
    assert_eq!(j.verdict, Outcome::Failed);
    assert_eq!(
        messages(&j.log, Level::Error),
        [
            "The K8s cluster version 1.35.1 of cluster 'lab' is an outdated version with a possible CRITICAL CVE.",
            "The K8s cluster version 1.35.1 of cluster 'lab' is outdated according to the standard."
        ]
    );
    // The fixed version is not affected and passes.
    assert_eq!(
        judge(&subject(v(1, 35, 2)), &at(days(20)), now()).verdict,
        Outcome::Ok
    );
}

#[test]
fn unreadable_data_aborts_as_in_scs() {
    let bad_release = synthetic(vec![published("vX.35.2", now())], None);
    let j = judge(&subject(v(1, 35, 1)), &bad_release, now());
    assert_eq!(j.verdict, Outcome::Aborted);
    assert!(
        j.abort_reason
            .unwrap()
            .contains("Unrecognized version format")
    );
    let bad_range = synthetic(
        vec![],
        Some(kubernetes_cve(
            json!([{"version": "v1.35.0", "lessThan": "soon", "status": "affected"}]),
        )),
    );
    let j = judge(&subject(v(1, 35, 1)), &bad_range, now());
    assert_eq!(j.verdict, Outcome::Aborted);
    assert!(j.abort_reason.unwrap().starts_with("CVE-2030-0001: "));
    let mut bad_eol = synthetic(vec![], None);
    bad_eol.eol[0].end_of_life = "someday".into();
    assert_eq!(
        judge(&subject(v(1, 35, 1)), &bad_eol, now()).verdict,
        Outcome::Aborted
    );
}
