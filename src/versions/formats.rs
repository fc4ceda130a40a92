//! The four upstream formats, as typed documents: SCS's EOL table, GitHub's releases API, the
//! official Kubernetes CVE feed (JSON Feed 1.1) and CVE JSON 5.x records. Only the fields the
//! judgement reads are declared; everything else in the documents is ignored.

use serde::Deserialize;
use serde_json::{Map, Value};

/// One entry of SCS's `k8s-eol-data.yml`: `{branch: '1.36', end-of-life: '2027-06-28'}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct EolEntry {
    pub branch: String,
    #[serde(rename = "end-of-life")]
    pub end_of_life: String,
}

/// One release of `GET /repos/kubernetes/kubernetes/releases`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GithubRelease {
    pub tag_name: String,
    pub draft: bool,
    pub prerelease: bool,
    /// `null` for drafts.
    pub published_at: Option<String>,
}

/// `https://kubernetes.io/docs/reference/issues-security/official-cve-feed/index.json`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct CveFeed {
    pub items: Vec<FeedItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct FeedItem {
    /// The CVE id, e.g. `CVE-2024-10220`.
    pub id: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
}

/// A CVE JSON 5.x record as `https://cveawg.mitre.org/api/cve/{id}` returns it. Every level is
/// optional because SCS skips records that lack one (the API answers unknown ids with an error
/// document).
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CveRecord {
    #[serde(default)]
    pub cve_metadata: Option<CveMetadata>,
    #[serde(default)]
    pub containers: Option<Containers>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CveMetadata {
    #[serde(default)]
    pub cve_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
pub struct Containers {
    #[serde(default)]
    pub cna: Option<Cna>,
}

/// The CVE Numbering Authority's container: its scores and what it says is affected.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
pub struct Cna {
    /// Each entry maps a metric kind (`cvssV3_1`, `cvssV4_0`, `other`, `format`, …) to its data.
    #[serde(default)]
    pub metrics: Option<Vec<Map<String, Value>>>,
    #[serde(default)]
    pub affected: Option<Vec<Affected>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct Affected {
    #[serde(default)]
    pub vendor: Option<String>,
    #[serde(default)]
    pub product: Option<String>,
    #[serde(default)]
    pub versions: Option<Vec<VersionEntry>>,
}

/// One `versions[]` entry: a version, optionally the upper end of a range, and a status.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VersionEntry {
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub less_than: Option<String>,
    #[serde(default)]
    pub less_than_or_equal: Option<String>,
}

impl CveRecord {
    /// The record's id, or SCS's placeholder.
    pub fn id(&self) -> &str {
        self.cve_metadata
            .as_ref()
            .and_then(|m| m.cve_id.as_deref())
            .unwrap_or("<ID NOT SET>")
    }
}
