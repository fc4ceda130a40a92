//! `check kubeapi`, management view: every case of openstack-cidrs.yaml, offline and live.

use std::process::Output;

use serde_json::Value;

use crate::support::fake_apiserver::{FakeApiServer, Fault};
use crate::support::{assert_exit, assert_no_notes, fake_mgmt, fixture, scs, scs_live};

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

fn offline(args: &[&str]) -> Output {
    scs()
        .args(["check", "kubeapi"])
        .args(args)
        .arg("-f")
        .arg(fixture("mgmt/openstack-cidrs.yaml"))
        .output()
        .unwrap()
}

fn live(server: &FakeApiServer, args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    scs_live(server, dir.path())
        .args(["check", "kubeapi"])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn every_cidr_case_live_equals_offline() {
    let server = fake_mgmt("openstack-cidrs");
    let out = live(&server, &["-A", "-o", "json"]);
    assert_exit(&out, 0);
    assert_no_notes(&out);
    let live_doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(verdicts(&live_doc), expected_verdicts());
    let offline_doc: Value = serde_json::from_slice(&offline(&["-o", "json"]).stdout).unwrap();
    assert_eq!(live_doc, offline_doc, "live and offline JSON differ");
    // The context namespace scopes a live run, as kubectl does.
    let out = live(&server, &["-n", "cluster-stacks-cidrs", "-o", "json"]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(verdicts(&doc), expected_verdicts());
    let out = live(&server, &["-o", "json"]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(verdicts(&doc).is_empty());
}

#[test]
fn live_human_view_equals_offline() {
    let server = fake_mgmt("openstack-cidrs");
    assert_eq!(live(&server, &["-A"]).stdout, offline(&[]).stdout);
}

#[test]
fn forbidden_openstackclusters_make_the_verdicts_unknown_and_abort() {
    let server = fake_mgmt("openstack-cidrs");
    server.add_fault(Fault::forbidden(
        "list",
        "/apis/infrastructure.cluster.x-k8s.io/",
    ));
    let out = live(&server, &["-A", "-o", "json"]);
    assert_eq!(out.status.code(), Some(3));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let verdicts = verdicts(&doc);
    assert_eq!(verdicts.len(), CIDR_VERDICTS.len());
    assert!(verdicts.iter().all(|(_, v)| v == "UNKNOWN"), "{verdicts:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("OpenStackCluster not read: forbidden: user \"kubernetes-admin\" cannot list openstackclusters.infrastructure.cluster.x-k8s.io across all namespaces"),
        "{stderr}"
    );
    let out = live(&server, &["-A", "-o", "scs"]);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "kaas-kubeapi-restriction-check: ABORT\n"
    );
}

#[test]
fn forbidden_clusters_are_exit_3_naming_the_denial() {
    let server = fake_mgmt("openstack-cidrs");
    server.add_fault(Fault::forbidden("list", "/apis/cluster.x-k8s.io/"));
    let out = live(&server, &["-A"]);
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("the Clusters (cluster.x-k8s.io) could not be read"),
        "{stderr}"
    );
    assert!(
        stderr.contains("cannot list clusters.cluster.x-k8s.io"),
        "{stderr}"
    );
}

#[test]
fn an_infrastructure_api_that_is_not_served_aborts() {
    // The Clusters reference OpenStackClusters, but that API is not served (CRDs missing, or
    // discovery denied): their verdicts would be guesses.
    let server = fake_mgmt("openstack-cidrs");
    server.add_fault(Fault::group_not_found("infrastructure.cluster.x-k8s.io"));
    let out = live(&server, &["-A", "-o", "json"]);
    assert_exit(&out, 3);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(verdicts(&doc).iter().all(|(_, v)| v == "UNKNOWN"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("CRDs not installed"));
}

#[test]
fn an_unsupported_provider_is_unknown_without_abort() {
    let server = fake_mgmt("openstack-cidrs");
    server
        .store()
        .put(serde_json::json!({
            "apiVersion": "cluster.x-k8s.io/v1beta1",
            "kind": "Cluster",
            "metadata": {"name": "docker-1", "namespace": "cluster-stacks-cidrs"},
            "spec": {
                "infrastructureRef": {
                    "apiVersion": "infrastructure.cluster.x-k8s.io/v1beta1",
                    "kind": "DockerCluster",
                    "name": "docker-1-abcde",
                    "namespace": "cluster-stacks-cidrs"
                }
            }
        }))
        .unwrap();
    let out = live(&server, &["-A", "-o", "json"]);
    assert_exit(&out, 0);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let docker = verdicts(&doc)
        .into_iter()
        .find(|(c, _)| c == "cluster-stacks-cidrs/docker-1");
    assert_eq!(
        docker,
        Some(("cluster-stacks-cidrs/docker-1".into(), "UNKNOWN".into()))
    );
    assert_eq!(verdicts(&doc).len(), CIDR_VERDICTS.len() + 1);
}

#[test]
fn a_cluster_without_cluster_api_is_exit_3_for_the_management_view() {
    let server = FakeApiServer::builder()
        .crds_dir(fixture("crds/capo-v0.12.6"))
        .start();
    let out = live(&server, &["-A"]);
    assert_exit(&out, 3);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("the Clusters (cluster.x-k8s.io) could not be read"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Cluster API CRDs not installed"),
        "{stderr}"
    );
}
