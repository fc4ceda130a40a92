//! The data snapshot compiled into the binary (`data/version-policy/`, see its SOURCE.md).

use super::data::Files;

const EOL: &str = include_str!("../../data/version-policy/k8s-eol-data.yml");
const RELEASES: &str = include_str!("../../data/version-policy/releases.json");
const FEED: &str = include_str!("../../data/version-policy/official-cve-feed.json");
const AS_OF: &str = include_str!("../../data/version-policy/as-of");

macro_rules! records {
    ($($id:literal),* $(,)?) => {
        &[$(($id, include_str!(concat!("../../data/version-policy/cve/", $id, ".json")))),*]
    };
}

const RECORDS: &[(&str, &str)] = records![
    "CVE-2023-2431",
    "CVE-2023-2727",
    "CVE-2023-2728",
    "CVE-2023-2878",
    "CVE-2023-3676",
    "CVE-2023-3893",
    "CVE-2023-3955",
    "CVE-2024-10220",
    "CVE-2024-7646",
    "CVE-2024-9486",
    "CVE-2025-1097",
    "CVE-2025-1974",
];

/// The embedded files, as a data directory would hold them.
pub fn files() -> Files {
    Files {
        eol: EOL.to_string(),
        releases: RELEASES.to_string(),
        feed: FEED.to_string(),
        records: RECORDS
            .iter()
            .map(|(id, text)| ((*id).to_string(), (*text).to_string()))
            .collect(),
        as_of: Some(AS_OF.to_string()),
    }
}
