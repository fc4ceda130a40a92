//! Version ranges of CVE records, with the semantics of SCS's `parse_cve_version_information`,
//! quirks included (they decide verdicts, so they are kept):
//! - an unparsable `version` becomes the lower bound 0.0.0 (e.g. `"0"`, `"unspecified"`);
//! - `lessThanOrEqual` wins over `lessThan`; an unparsable upper bound is an error;
//! - without any bound, `1.27.x` becomes the empty range [1.27.0, 1.27.0) and
//!   `v1.25.0 - v1.25.10` becomes [1.25.0, 1.25.10), the upper end excluded;
//! - a single version without upper bound is a range of exactly that version.

use std::fmt;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::formats::VersionEntry;
use super::version::{Version, VersionError, py_int};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct VersionRange {
    pub lower: Version,
    /// `None`: the range is `lower` alone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upper: Option<Version>,
    /// Whether `upper` belongs to the range.
    pub inclusive: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RangeError {
    #[error("lower_version must not be None")]
    NoLower,
    #[error("lower_version must be lower than upper_version ({lower} > {upper})")]
    UpperBelowLower { lower: Version, upper: Version },
    #[error("a versions[] entry has no \"version\"")]
    NoVersion,
    #[error(transparent)]
    Unparsable(#[from] VersionError),
}

static DOT_X: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"v?[0-9]+\.[0-9]+\.x").expect("valid regex"));
static SPAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"v?[0-9]+\.[0-9]+\.[0-9]+\s+-\s+v?[0-9]+\.[0-9]+\.[0-9]+").expect("valid regex")
});

impl VersionRange {
    /// SCS's `VersionRange`: a lower bound is required and the upper one must not be below it.
    pub fn new(
        lower: Option<Version>,
        upper: Option<Version>,
        inclusive: bool,
    ) -> Result<VersionRange, RangeError> {
        let lower = lower.ok_or(RangeError::NoLower)?;
        if let Some(upper) = upper
            && upper < lower
        {
            return Err(RangeError::UpperBelowLower { lower, upper });
        }
        Ok(VersionRange {
            lower,
            upper,
            inclusive,
        })
    }

    pub fn contains(&self, version: Version) -> bool {
        match self.upper {
            None => self.lower == version,
            Some(upper) if self.inclusive => self.lower <= version && version <= upper,
            Some(upper) => self.lower <= version && version < upper,
        }
    }

    /// The range one `versions[]` entry of a CVE record describes.
    pub fn from_entry(entry: &VersionEntry) -> Result<VersionRange, RangeError> {
        let text = entry.version.as_deref().ok_or(RangeError::NoVersion)?;
        let mut lower = Version::parse_scs(text).ok();
        let (mut upper, inclusive) = match (&entry.less_than_or_equal, &entry.less_than) {
            (Some(lte), _) => (Some(Version::parse_scs(lte)?), true),
            (None, Some(lt)) => (Some(Version::parse_scs(lt)?), false),
            (None, None) => (None, false),
        };
        if lower.is_none() && upper.is_none() {
            if DOT_X.is_match(text) {
                let minor_only = dot_x_version(text).ok_or_else(|| VersionError(text.into()))?;
                (lower, upper) = (Some(minor_only), Some(minor_only));
            }
            if SPAN.is_match(text) {
                let (a, b) = text.split_once('-').unwrap_or((text, ""));
                let b = b.split('-').next().unwrap_or_default();
                (lower, upper) = (Some(Version::parse_scs(a)?), Some(Version::parse_scs(b)?));
            }
        }
        VersionRange::new(Some(lower.unwrap_or(Version::MINIMUM)), upper, inclusive)
    }
}

/// `1.27.x` → 1.27.0: the text without surrounding `v`s, its first two dot-separated numbers.
fn dot_x_version(text: &str) -> Option<Version> {
    let mut parts = text.trim_matches('v').split('.');
    let major = py_int(parts.next()?)?;
    let minor = py_int(parts.next()?)?;
    Some(Version::new(major, minor, 0))
}

impl fmt::Display for VersionRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.upper {
            None => write!(f, "{}", self.lower),
            Some(upper) if self.inclusive => write!(f, "[{}, {}]", self.lower, upper),
            Some(upper) => write!(f, "[{}, {})", self.lower, upper),
        }
    }
}
