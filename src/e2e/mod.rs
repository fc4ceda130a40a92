//! Judging upstream Kubernetes e2e results for SCS checks: `kaas-networking-check`
//! (scs-0219, focus `NetworkPolicy`) and `cncf-k8s-conformance` (focus `[Conformance]`).
//!
//! The core is pure: [`parse_results_bytes`] reads any supported results format,
//! [`judge`] turns results plus [`Waivers`] into a [`Judgement`], which the
//! commands render through [`crate::report`]. [`load_results`] and [`Waivers::load`] are the only
//! functions that touch the file system.
//!
//! Around the core: [`cni`] recognises the cluster's CNI plugin and [`progress`] reads a
//! running suite's console output (both pure); [`runner`] runs the suite in a cluster
//! (I/O, through [`crate::kube::lifecycle`]).
//!
//! Judging reproduces SCS's `Tests/kaas/sonobuoy_handler` (`run_sonobuoy.py`): the same
//! per-test statuses, the same `okToFail` waivers with `re.search` semantics, FAIL on any
//! unwaived failure. Differences are documented on [`judge`].

pub mod plan;

mod check;
pub mod diagnose;
mod judgement;
pub mod progress;
pub mod results;
mod waivers;

#[cfg(test)]
mod tests;

pub use check::Check;
pub use judgement::{Counts, JudgedTest, Judgement, TestStatus, is_suite_node, judge};
pub use results::{
    ConsoleSummary, Results, ResultsError, TestOutcome, TestResult, load_results,
    parse_results_bytes,
};
pub use waivers::{BUILTIN_ORIGIN, BUILTIN_WAIVERS_YAML, Waiver, WaiverError, Waivers};
