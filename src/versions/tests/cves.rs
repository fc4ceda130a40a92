//! Which CVE records count: SCS's product filter, the component CVEs beside it, and the record
//! problems that make SCS abort or skip.

use serde_json::json;

use super::v;
use crate::versions::cve::{CveFindings, examine};
use crate::versions::formats::CveRecord;
use crate::versions::{Dataset, embedded};

fn record(value: serde_json::Value) -> CveRecord {
    serde_json::from_value(value).expect("a CVE record")
}

fn critical(id: &str, vendor: &str, product: &str, versions: serde_json::Value) -> CveRecord {
    record(json!({
        "cveMetadata": {"cveId": id},
        "containers": {"cna": {
            "metrics": [{"format": "CVSS", "cvssV3_1": {"baseScore": 8.8}}],
            "affected": [{"vendor": vendor, "product": product, "versions": versions}]
        }}
    }))
}

fn ids(cves: &[crate::versions::cve::CriticalCve]) -> Vec<&str> {
    cves.iter().map(|c| c.id.as_str()).collect()
}

#[test]
fn the_embedded_records_have_no_critical_kubernetes_product_but_kubelet_cves() {
    let data = Dataset::parse(&embedded::files()).unwrap();
    let findings: CveFindings = examine(&data.records).unwrap();
    assert!(findings.counted.is_empty(), "{:?}", findings.counted);
    // ingress-nginx, csi-proxy and Image Builder are no cluster components.
    let mut components = ids(&findings.components);
    components.sort();
    assert_eq!(
        components,
        ["CVE-2023-3676", "CVE-2023-3955", "CVE-2024-10220"]
    );
    let kubelet = findings
        .components
        .iter()
        .find(|c| c.id == "CVE-2024-10220")
        .unwrap();
    assert_eq!(kubelet.product, "kubelet");
    assert_eq!(kubelet.score, Some(8.1));
    assert!(kubelet.affects(v(1, 30, 2)));
    assert!(!kubelet.affects(v(1, 30, 3)));
    assert!(kubelet.affects(v(1, 28, 11)));
}

#[test]
fn only_product_kubernetes_counts_for_scs() {
    let records = [
        critical(
            "CVE-1",
            "Kubernetes",
            "Kubernetes",
            json!([{"version": "v1.30.1", "status": "affected"}]),
        ),
        critical(
            "CVE-2",
            "Kubernetes",
            "kube-apiserver",
            json!([{"version": "v1.30.1", "status": "affected"}]),
        ),
        critical(
            "CVE-3",
            "kubernetes",
            "ingress-nginx",
            json!([{"version": "1.30.1", "status": "affected"}]),
        ),
        critical(
            "CVE-4",
            "Kubernetes",
            "kubernetes",
            json!([{"version": "v1.30.1", "status": "affected"}]),
        ),
    ];
    let findings = examine(&records).unwrap();
    assert_eq!(ids(&findings.counted), ["CVE-1"]);
    assert_eq!(ids(&findings.components), ["CVE-2"]);
    assert_eq!(findings.scs_ranges().len(), 1);
}

#[test]
fn unaffected_entries_and_scores_below_8_do_not_count() {
    let mut low = critical(
        "CVE-5",
        "Kubernetes",
        "Kubernetes",
        json!([{"version": "v1.30.1", "status": "affected"}]),
    );
    low.containers
        .as_mut()
        .unwrap()
        .cna
        .as_mut()
        .unwrap()
        .metrics = Some(serde_json::from_value(json!([{"cvssV3_1": {"baseScore": 7.9}}])).unwrap());
    let unaffected = critical(
        "CVE-6",
        "Kubernetes",
        "Kubernetes",
        json!([{"version": "v1.30.1", "status": "unaffected"}]),
    );
    let findings = examine(&[low, unaffected]).unwrap();
    assert!(findings.counted.is_empty());
}

#[test]
fn records_without_metrics_or_affected_are_skipped_with_scs_words() {
    let findings = examine(&[
        record(json!({"cveMetadata": {"cveId": "CVE-7"}, "containers": {"cna": {"affected": []}}})),
        record(json!({"error": "CVE_RECORD_DNE"})),
    ])
    .unwrap();
    assert_eq!(
        findings.skipped,
        [
            "The key metrics couldn't be found in the CVE json data for CVE CVE-7.",
            "The key containers/cna couldn't be found in the CVE json data for CVE <ID NOT SET>."
        ]
    );
}

#[test]
fn unreadable_counted_ranges_abort_and_unreadable_component_ranges_are_skipped() {
    let bad = json!([{"version": "v1.24.14", "lessThanOrEqual": "<=", "status": "affected"}]);
    let err = examine(&[critical("CVE-8", "Kubernetes", "Kubernetes", bad.clone())]).unwrap_err();
    assert_eq!(err.cve, "CVE-8");
    assert!(err.why.contains("Unrecognized version format: <="), "{err}");
    let findings = examine(&[critical("CVE-9", "Kubernetes", "kubelet", bad)]).unwrap();
    assert!(findings.components.is_empty());
    assert_eq!(findings.skipped.len(), 1, "{:?}", findings.skipped);
    // Missing keys SCS reads without a default also abort.
    let no_status = json!([{"version": "v1.30.1"}]);
    assert!(examine(&[critical("CVE-10", "Kubernetes", "Kubernetes", no_status)]).is_err());
    let no_product = record(json!({"containers": {"cna": {
        "metrics": [{"cvssV3_1": {"baseScore": 9.0}}], "affected": [{"vendor": "Kubernetes"}]}}}));
    assert!(examine(&[no_product]).is_err());
    let no_score = record(json!({"containers": {"cna": {
        "metrics": [{"cvssV3_1": {"baseSeverity": "HIGH"}}], "affected": []}}}));
    assert!(examine(&[no_score]).is_err());
}

#[test]
fn the_same_range_in_two_records_is_one_scs_range() {
    let versions = json!([{"version": "v1.30.0", "lessThan": "v1.30.5", "status": "affected"}]);
    let findings = examine(&[
        critical("CVE-11", "Kubernetes", "Kubernetes", versions.clone()),
        critical("CVE-12", "Kubernetes", "Kubernetes", versions),
    ])
    .unwrap();
    assert_eq!(findings.counted.len(), 2);
    assert_eq!(findings.scs_ranges().len(), 1);
}
