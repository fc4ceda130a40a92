//! Kubernetes versions and branches, parsed as SCS's `k8s_version_policy.py` parses them, plus
//! the vendor spellings (`-gke.1`, `-eks-…`) that script rejects.

use std::fmt;

use serde::{Serialize, Serializer};

/// `major.minor.patch`; ordered as SCS orders them (as a tuple).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
}

/// A release branch: `major.minor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Branch {
    pub major: u64,
    pub minor: u64,
}

/// Why a version text was not understood (SCS: "Unrecognized version format: …").
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Unrecognized version format: {0}")]
pub struct VersionError(pub String);

impl Version {
    pub const MINIMUM: Version = Version::new(0, 0, 0);

    pub const fn new(major: u64, minor: u64, patch: u64) -> Version {
        Version {
            major,
            minor,
            patch,
        }
    }

    pub fn branch(self) -> Branch {
        Branch {
            major: self.major,
            minor: self.minor,
        }
    }

    /// SCS's `parse_version`: surrounding whitespace and one leading `v` are dropped, build
    /// metadata after the first `+` is cut, and exactly three numbers must remain.
    /// `v1.30.4+k3s1` is 1.30.4; `v1.29.8-gke.1` is an error, as in SCS.
    pub fn parse_scs(text: &str) -> Result<Version, VersionError> {
        let cleansed = text.trim();
        let cleansed = cleansed.strip_prefix('v').unwrap_or(cleansed);
        let cleansed = cleansed.split('+').next().unwrap_or_default();
        three_numbers(cleansed).ok_or_else(|| VersionError(text.to_string()))
    }

    /// A cluster's version as vendors spell it: like [`Version::parse_scs`], but a suffix after
    /// the first `-` (pre-release or vendor build: `-gke.1`, `-eks-4b1d2`) is cut as well.
    pub fn parse_vendor(text: &str) -> Result<Version, VersionError> {
        let cleansed = text.trim();
        let cleansed = cleansed.strip_prefix('v').unwrap_or(cleansed);
        let cleansed = cleansed.split(['+', '-']).next().unwrap_or_default();
        three_numbers(cleansed).ok_or_else(|| VersionError(text.to_string()))
    }
}

impl Branch {
    pub const fn new(major: u64, minor: u64) -> Branch {
        Branch { major, minor }
    }

    /// SCS's `parse_branch_info`: `major.minor`, exactly two numbers.
    pub fn parse(text: &str) -> Option<Branch> {
        let (major, minor) = text.split_once('.')?;
        Some(Branch::new(py_int(major)?, py_int(minor)?))
    }

    /// The branch before this one; `x.0` has none and stays itself, as in SCS.
    pub fn previous(self) -> Branch {
        Branch::new(self.major, self.minor.saturating_sub(1))
    }
}

fn three_numbers(text: &str) -> Option<Version> {
    let mut parts = text.split('.');
    let version = Version::new(
        py_int(parts.next()?)?,
        py_int(parts.next()?)?,
        py_int(parts.next()?)?,
    );
    parts.next().is_none().then_some(version)
}

/// Python's `int(str)` for the texts versions are made of: surrounding whitespace, an optional
/// `+`, ASCII digits with single `_` between them. Negative numbers are refused (no version has
/// them).
pub fn py_int(text: &str) -> Option<u64> {
    let text = text.trim();
    let digits = text.strip_prefix('+').unwrap_or(text);
    let well_formed = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'_')
        && !digits.starts_with('_')
        && !digits.ends_with('_')
        && !digits.contains("__");
    if !well_formed {
        return None;
    }
    digits.replace('_', "").parse().ok()
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

impl fmt::Display for Branch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl Serialize for Version {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl Serialize for Branch {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
