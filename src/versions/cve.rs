//! Which CVEs count: SCS's rule for the verdict, and the component CVEs it misses.
//!
//! SCS counts a record when any CVSS metric scores 8 or more and takes the ranges of the
//! `affected[]` entries whose product is exactly `Kubernetes`. Real records mostly name the
//! component (`kubelet`, `kube-apiserver`) and put Kubernetes in `vendor`; those are collected
//! separately, as information that does not change the verdict.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;
use serde_json::{Map, Value};

use super::formats::{Affected, CveRecord, VersionEntry};
use super::range::VersionRange;
use super::version::Version;

/// SCS's `CVE_SEVERITY`: a base score of at least this is critical.
pub const CRITICAL_SCORE: f64 = 8.0;

/// The binaries of a Kubernetes release: their versions are the cluster's versions.
pub const COMPONENTS: [&str; 8] = [
    "kubelet",
    "kube-apiserver",
    "kube-controller-manager",
    "kube-scheduler",
    "kube-proxy",
    "kubectl",
    "kubeadm",
    "cloud-controller-manager",
];

static CVSS_KEY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[cC][vV][sS]{1,2}V[0-9]").expect("valid regex"));

/// Why a record makes SCS's check abort.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{cve}: {why}")]
pub struct CveError {
    pub cve: String,
    pub why: String,
}

/// SCS's `is_high_severity`: some metric whose kind looks like `cvssV3_1` (also `cvssV3_0`,
/// `cvssV4_0`, `cvssV2_0`) has a `baseScore` of 8 or more. Such a metric without a numeric
/// score is an error, as it is in SCS.
pub fn is_critical(metrics: &[Map<String, Value>]) -> Result<bool, String> {
    for metric in metrics {
        for (kind, data) in metric {
            if !CVSS_KEY.is_match(kind) {
                continue;
            }
            let score = data
                .get("baseScore")
                .ok_or_else(|| format!("metric {kind} has no baseScore"))?;
            let score = score
                .as_f64()
                .ok_or_else(|| format!("metric {kind} has a baseScore that is not a number"))?;
            if score >= CRITICAL_SCORE {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// The highest CVSS base score of a record, for display.
pub fn highest_score(metrics: &[Map<String, Value>]) -> Option<f64> {
    metrics
        .iter()
        .flat_map(|m| m.iter())
        .filter(|(kind, _)| CVSS_KEY.is_match(kind))
        .filter_map(|(_, data)| data.get("baseScore")?.as_f64())
        .reduce(f64::max)
}

/// A critical CVE and the ranges it affects, for one product.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriticalCve {
    pub id: String,
    /// `Kubernetes` for the ones SCS counts, else the component.
    pub product: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    pub ranges: Vec<VersionRange>,
}

impl CriticalCve {
    pub fn affects(&self, version: Version) -> bool {
        self.ranges.iter().any(|r| r.contains(version))
    }
}

/// What the records say, split by SCS's rule.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CveFindings {
    /// Critical CVEs with `product == "Kubernetes"`: SCS's ranges.
    pub counted: Vec<CriticalCve>,
    /// Critical CVEs of Kubernetes components, which SCS does not count.
    pub components: Vec<CriticalCve>,
    /// Records SCS skips (a missing key) and component entries that could not be read.
    pub skipped: Vec<String>,
}

impl CveFindings {
    /// SCS's set of ranges (duplicates collapse, as in its Python set).
    pub fn scs_ranges(&self) -> Vec<VersionRange> {
        let mut ranges: Vec<VersionRange> = self
            .counted
            .iter()
            .flat_map(|c| c.ranges.iter().copied())
            .collect();
        ranges.sort();
        ranges.dedup();
        ranges
    }
}

/// Reads every record as SCS's `collect_cve_versions` does. An error is what makes SCS abort:
/// a counted entry without `product`, `versions` or `status`, or a range it cannot read.
pub fn examine(records: &[CveRecord]) -> Result<CveFindings, CveError> {
    let mut findings = CveFindings::default();
    for record in records {
        let id = record.id().to_string();
        let cna = record.containers.as_ref().and_then(|c| c.cna.as_ref());
        let (metrics, affected) = match cna {
            None => {
                findings.skipped.push(missing(&id, "containers/cna"));
                continue;
            }
            Some(cna) => match (&cna.metrics, &cna.affected) {
                (None, _) => {
                    findings.skipped.push(missing(&id, "metrics"));
                    continue;
                }
                (_, None) => {
                    findings.skipped.push(missing(&id, "affected"));
                    continue;
                }
                (Some(m), Some(a)) => (m, a),
            },
        };
        let error = |why: String| CveError {
            cve: id.clone(),
            why,
        };
        if !is_critical(metrics).map_err(error)? {
            continue;
        }
        let score = highest_score(metrics);
        let mut counted = Vec::new();
        for entry in affected {
            let product = entry
                .product
                .as_deref()
                .ok_or_else(|| error("an affected[] entry has no product".into()))?;
            if product == "Kubernetes" {
                counted.extend(scs_entry_ranges(entry).map_err(error)?);
            } else if is_component(entry) {
                match scs_entry_ranges(entry) {
                    Ok(ranges) => findings.components.push(CriticalCve {
                        id: id.clone(),
                        product: product.to_string(),
                        score,
                        ranges,
                    }),
                    Err(why) => findings
                        .skipped
                        .push(format!("{id} ({product}) not examined: {why}")),
                }
            }
        }
        if !counted.is_empty() {
            findings.counted.push(CriticalCve {
                id,
                product: "Kubernetes".into(),
                score,
                ranges: counted,
            });
        }
    }
    Ok(findings)
}

fn missing(id: &str, key: &str) -> String {
    format!("The key {key} couldn't be found in the CVE json data for CVE {id}.")
}

fn is_component(entry: &Affected) -> bool {
    let vendor_is_kubernetes = entry
        .vendor
        .as_deref()
        .is_some_and(|v| v.eq_ignore_ascii_case("kubernetes"));
    let product = entry.product.as_deref().unwrap_or_default();
    vendor_is_kubernetes && COMPONENTS.iter().any(|c| product.eq_ignore_ascii_case(c))
}

/// The ranges of the entry's `versions[]` with status `affected`.
fn scs_entry_ranges(entry: &Affected) -> Result<Vec<VersionRange>, String> {
    let versions = entry
        .versions
        .as_deref()
        .ok_or("an affected[] entry has no versions")?;
    versions
        .iter()
        .filter_map(|v: &VersionEntry| match v.status.as_deref() {
            None => Some(Err("a versions[] entry has no status".to_string())),
            Some("affected") => Some(VersionRange::from_entry(v).map_err(|e| e.to_string())),
            Some(_) => None,
        })
        .collect()
}
