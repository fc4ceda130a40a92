//! scs-0210-v2 Kubernetes version policy (`version-policy-check`): the pure judgement over
//! typed data, the data it needs and where that comes from.

pub mod cve;
pub mod data;
pub mod embedded;
pub mod eol;
pub mod formats;
pub mod judge;
pub mod nodes;
pub mod range;
pub mod refresh;
pub mod releases;
pub mod version;

pub use data::{DataSource, Dataset, Files};
pub use judge::{Judgement, Level, LogLine, Subject, judge};
pub use range::VersionRange;
pub use version::{Branch, Version};

/// The SCS testcase id.
pub const TESTCASE: &str = "version-policy-check";

#[cfg(test)]
mod tests;
