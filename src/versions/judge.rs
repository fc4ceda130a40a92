//! The judgement of scs-0210-v2 as SCS's `version-policy-check` makes it, over typed data and a
//! given "now" (UTC), with its log lines.

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;

use crate::report::Outcome;

use super::cve::{CriticalCve, examine};
use super::data::Dataset;
use super::eol::{EolTable, midnight_utc};
use super::formats::GithubRelease;
use super::range::VersionRange;
use super::releases::{Release, newest_of_branch};
use super::version::{Branch, Version};

/// A newer patch must be in use within this (SCS's `PATCH_VERSION_CADENCE`).
pub const PATCH_WINDOW: SignedDuration = SignedDuration::from_hours(31 * 24);
/// ... within this when the version has a critical CVE (`CVE_VERSION_CADENCE`).
pub const CVE_WINDOW: SignedDuration = SignedDuration::from_hours(14 * 24);
/// ... and a warning after this (`CVE_VERSION_CADENCE_WARN`).
pub const CVE_WARN_WINDOW: SignedDuration = SignedDuration::from_hours(2 * 24);
/// Data older than this gets a warning.
pub const STALE_AFTER_DAYS: i64 = 30;
/// SCS names the EOL file in its messages.
const EOL_FILE: &str = "k8s-eol-data.yml";

/// A log line as SCS's script writes it (`INFO: …`), in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogLine {
    pub level: Level,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Level {
    Info,
    Warning,
    Error,
}

/// What is judged: a version and the name SCS's messages give the cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    pub version: Version,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Judgement {
    #[serde(serialize_with = "crate::report::outcome_as_verdict")]
    pub verdict: Outcome,
    /// Why there is no verdict (ABORT).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abort_reason: Option<String>,
    pub version: Version,
    pub branch: Branch,
    /// The branch's end-of-life day; `None` when the table does not know the branch.
    pub end_of_life: Option<Date>,
    pub supported_branches: Vec<Branch>,
    pub newest_patch: Option<NewestPatch>,
    /// Critical CVEs SCS counts (product `Kubernetes`) that affect the version.
    pub critical_cves: Vec<CriticalCve>,
    /// Critical CVEs of Kubernetes components that affect the version; not part of the verdict.
    pub component_cves: Vec<CriticalCve>,
    pub log: Vec<LogLine>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewestPatch {
    pub version: Version,
    pub published_at: Timestamp,
    pub age_days: i64,
}

fn say(log: &mut Vec<LogLine>, level: Level, message: String) {
    log.push(LogLine { level, message });
}

/// Judges `subject` against `data` at `now`.
pub fn judge(subject: &Subject, data: &Dataset, now: Timestamp) -> Judgement {
    let version = subject.version;
    let mut judgement = Judgement {
        verdict: Outcome::Aborted,
        abort_reason: None,
        version,
        branch: version.branch(),
        end_of_life: None,
        supported_branches: Vec::new(),
        newest_patch: newest_of_branch(&data.releases, version.branch(), now).map(|r| {
            NewestPatch {
                version: r.version,
                published_at: r.published_at,
                age_days: r.age(now).as_hours() / 24,
            }
        }),
        critical_cves: Vec::new(),
        component_cves: Vec::new(),
        log: Vec::new(),
    };
    let mut log = Vec::new();
    let verdict = decide(subject, data, now, &mut judgement, &mut log);
    match verdict {
        Ok(verdict) => judgement.verdict = verdict,
        Err(reason) => {
            say(
                &mut log,
                Level::Error,
                format!("Could not complete version-policy-check: {reason}"),
            );
            judgement.abort_reason = Some(reason);
        }
    }
    judgement.log = log;
    judgement
}

fn decide(
    subject: &Subject,
    data: &Dataset,
    now: Timestamp,
    judgement: &mut Judgement,
    log: &mut Vec<LogLine>,
) -> Result<Outcome, String> {
    if let Some(as_of) = data.as_of {
        stale_warning(as_of, now, log);
    }
    let table = EolTable::parse(&data.eol).map_err(|e| format!("{EOL_FILE}: {e}"))?;
    let supported = table.supported(now);
    judgement.end_of_life = table.get(subject.version.branch()).map(|b| b.end_of_life);
    judgement.supported_branches = supported.clone();
    if supported.len() < 3 {
        say(
            log,
            Level::Warning,
            format!("The EOL data in {EOL_FILE} isn't up-to-date."),
        );
    }
    if supported.len() < 2 {
        return Err(format!(
            "The EOL data in {EOL_FILE} is critically outdated!"
        ));
    }
    say(
        log,
        Level::Info,
        format!(
            "Checking cluster '{}' (version {}).",
            subject.name, subject.version
        ),
    );
    if !data.missing_records.is_empty() {
        say(
            log,
            Level::Warning,
            format!(
                "{} of {} CVEs of the feed have no record in the data and were not examined.",
                data.missing_records.len(),
                data.feed.items.len()
            ),
        );
    }
    let findings = examine(&data.records).map_err(|e| e.to_string())?;
    let version = subject.version;
    judgement.critical_cves = findings
        .counted
        .iter()
        .filter(|c| c.affects(version))
        .cloned()
        .collect();
    judgement.component_cves = findings
        .components
        .iter()
        .filter(|c| c.affects(version))
        .cloned()
        .collect();
    let ranges = findings.scs_ranges();
    let verdict = verdict(subject, &supported, &data.releases, &ranges, now, log)?;
    for cve in &judgement.component_cves {
        say(
            log,
            Level::Warning,
            format!(
                "{} ({}{}) affects {version}; SCS does not count it (its product is not \"Kubernetes\").",
                cve.id,
                cve.product,
                cve.score.map(|s| format!(", CVSS {s}")).unwrap_or_default()
            ),
        );
    }
    Ok(verdict)
}

/// SCS's `compute_version_policy_check`.
fn verdict(
    subject: &Subject,
    supported: &[Branch],
    releases: &[GithubRelease],
    ranges: &[VersionRange],
    now: Timestamp,
    log: &mut Vec<LogLine>,
) -> Result<Outcome, String> {
    let (version, name) = (subject.version, &subject.name);
    if !supported.contains(&version.branch()) {
        say(
            log,
            Level::Error,
            format!("The K8s cluster version {version} of cluster '{name}' is already EOL."),
        );
        return Ok(Outcome::Failed);
    }
    if is_recent(version, releases, ranges, now, log)? {
        say(
            log,
            Level::Info,
            format!(
                "The K8s cluster version {version} of cluster '{name}' is still in the recency time window."
            ),
        );
        return Ok(Outcome::Ok);
    }
    for _ in ranges.iter().filter(|r| r.contains(version)) {
        say(
            log,
            Level::Error,
            format!(
                "The K8s cluster version {version} of cluster '{name}' is an outdated version with a possible CRITICAL CVE."
            ),
        );
    }
    say(
        log,
        Level::Error,
        format!(
            "The K8s cluster version {version} of cluster '{name}' is outdated according to the standard."
        ),
    );
    Ok(Outcome::Failed)
}

/// SCS's `check_k8s_version_recency`: the releases in the order given; a newer patch of the
/// same branch older than 31 days (14 with a critical CVE) means outdated. All comparisons
/// are strict.
pub fn is_recent(
    version: Version,
    releases: &[GithubRelease],
    ranges: &[VersionRange],
    now: Timestamp,
    log: &mut Vec<LogLine>,
) -> Result<bool, String> {
    let has_cve = ranges.iter().any(|r| r.contains(version));
    for raw in releases.iter().filter(|r| !r.draft && !r.prerelease) {
        let release = Release::parse(raw)?;
        if release.version.branch() != version.branch() || version.patch >= release.version.patch {
            continue;
        }
        let age = release.age(now);
        if age > PATCH_WINDOW {
            return Ok(false);
        }
        if has_cve && age > CVE_WARN_WINDOW {
            say(
                log,
                Level::Warning,
                format!(
                    "Consider updating from {version} to {} to avoid a CVE",
                    release.version
                ),
            );
            if age > CVE_WINDOW {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

fn stale_warning(as_of: Date, now: Timestamp, log: &mut Vec<LogLine>) {
    let days = now.duration_since(midnight_utc(as_of)).as_hours() / 24;
    if days > STALE_AFTER_DAYS {
        say(
            log,
            Level::Warning,
            format!(
                "The version data is from {as_of}, {days} days ago; newer releases and CVEs are not known (use --refresh, or --data with a fresh mirror)."
            ),
        );
    }
}
