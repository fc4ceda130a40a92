//! Kubernetes patch releases from GitHub's releases API, read as SCS reads them.

use jiff::civil::DateTime;
use jiff::{SignedDuration, Timestamp, tz::TimeZone};
use serde::Serialize;

use super::formats::GithubRelease;
use super::version::{Branch, Version};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Release {
    pub version: Version,
    #[serde(rename = "publishedAt")]
    pub published_at: Timestamp,
}

impl Release {
    /// SCS's `parse_github_release_data`: the tag up to its first `-` (`v1.29.3-dev0` is 1.29.3)
    /// and `published_at` in exactly `%Y-%m-%dT%H:%M:%SZ`, read as UTC.
    pub fn parse(data: &GithubRelease) -> Result<Release, String> {
        let tag = data.tag_name.split('-').next().unwrap_or_default();
        let version =
            Version::parse_scs(tag).map_err(|e| format!("release {}: {e}", data.tag_name))?;
        let published = data
            .published_at
            .as_deref()
            .ok_or_else(|| format!("release {} has no published_at", data.tag_name))?;
        let published_at = DateTime::strptime("%Y-%m-%dT%H:%M:%SZ", published)
            .and_then(|dt| dt.to_zoned(TimeZone::UTC))
            .map(|z| z.timestamp())
            .map_err(|e| format!("release {}: published_at {published:?}: {e}", data.tag_name))?;
        Ok(Release {
            version,
            published_at,
        })
    }

    /// Time since publication; negative for a release "from the future".
    pub fn age(&self, now: Timestamp) -> SignedDuration {
        now.duration_since(self.published_at)
    }
}

/// The newest patch of a branch published (not draft, not pre-release) by `now`; unreadable
/// releases are passed over.
pub fn newest_of_branch(
    releases: &[GithubRelease],
    branch: Branch,
    now: Timestamp,
) -> Option<Release> {
    releases
        .iter()
        .filter(|r| !r.draft && !r.prerelease)
        .filter_map(|r| Release::parse(r).ok())
        .filter(|r| r.version.branch() == branch && r.published_at <= now)
        .max_by_key(|r| (r.version, r.published_at))
}
