//! `check kubeapi`, management view: every case of openstack-cidrs.yaml, offline and live.

use serde_json::Value;

use crate::support::{fixture, scs};

/// Cluster → verdict, as the fixture README's table says.
pub const CIDR_VERDICTS: &[(&str, &str)] = &[
    ("cluster-stacks-cidrs/cidr-bare-ip", "RESTRICTED"),
    ("cluster-stacks-cidrs/cidr-enforced", "RESTRICTED"),
    ("cluster-stacks-cidrs/cidr-invalid", "RESTRICTED"),
    ("cluster-stacks-cidrs/cidr-no-lb", "OPEN"),
    ("cluster-stacks-cidrs/cidr-not-enforced", "NOT_ENFORCED"),
    ("cluster-stacks-cidrs/cidr-open", "OPEN"),
    ("cluster-stacks-cidrs/cidr-ovn-ignored", "NOT_ENFORCED"),
    ("cluster-stacks-cidrs/cidr-world", "OPEN"),
];

pub fn verdicts(doc: &Value) -> Vec<(String, String)> {
    doc["clusters"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            (
                c["cluster"].as_str().unwrap_or_default().to_string(),
                c["verdict"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

pub fn expected_verdicts() -> Vec<(String, String)> {
    CIDR_VERDICTS
        .iter()
        .map(|(c, v)| (c.to_string(), v.to_string()))
        .collect()
}

#[test]
fn every_cidr_case_offline() {
    let out = scs()
        .args(["check", "kubeapi", "-o", "json", "-f"])
        .arg(fixture("mgmt/openstack-cidrs.yaml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(verdicts(&doc), expected_verdicts());
    for c in doc["clusters"].as_array().unwrap() {
        for key in ["cluster", "verdict", "reason", "requested", "effective"] {
            assert!(!c[key].is_null(), "{key} missing in {c}");
        }
    }
    let enforced = doc["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["cluster"] == "cluster-stacks-cidrs/cidr-enforced")
        .unwrap();
    let added: Vec<&str> = enforced["providerAdded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["cidr"].as_str().unwrap())
        .collect();
    assert_eq!(added, ["10.8.0.0/20", "198.18.173.171/32"]);
    let invalid = doc["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["cluster"] == "cluster-stacks-cidrs/cidr-invalid")
        .unwrap();
    assert!(invalid["warnings"].to_string().contains("`none`"));
}

#[test]
fn require_restricted_fails_on_open_and_not_enforced() {
    scs()
        .args(["check", "kubeapi", "--require-restricted", "-f"])
        .arg(fixture("mgmt/openstack-cidrs.yaml"))
        .assert()
        .code(1);
    scs()
        .args([
            "check",
            "kubeapi",
            "cidr-enforced",
            "--require-restricted",
            "-f",
        ])
        .arg(fixture("mgmt/openstack-cidrs.yaml"))
        .assert()
        .code(0);
    let out = scs()
        .args([
            "check",
            "kubeapi",
            "--require-restricted",
            "-o",
            "scs",
            "-f",
        ])
        .arg(fixture("mgmt/openstack-cidrs.yaml"))
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "kaas-kubeapi-restriction-check: FAIL\n"
    );
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("ERROR: FAILED: kubeapi-restriction/cluster-stacks-cidrs/cidr-world")
    );
}

#[test]
fn human_view() {
    let out = scs()
        .args(["check", "kubeapi", "-f"])
        .arg(fixture("mgmt/openstack-cidrs.yaml"))
        .output()
        .unwrap();
    insta::assert_snapshot!("kubeapi_cidrs", String::from_utf8_lossy(&out.stdout));
}
