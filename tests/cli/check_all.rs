//! `check all`: every check that applies to the context, one report, one runner line per check.

use std::process::Output;

use serde_json::Value;

use crate::kubeapi_workload::{NOW, long_lived_front, stable, workload_builder};
use crate::support::fake_apiserver::{FakeApiServer, Fault};
use crate::support::{assert_exit, fixture, kubeconfig_for, scs};

/// `check all` without the networking check (tested below with its own fake CNI).
fn check_all(kubeconfig: &std::path::Path, args: &[&str]) -> Output {
    scs()
        .env("KUBECONFIG", kubeconfig)
        .env("KUBECTL_SCS_NOW", NOW)
        .args(["check", "all", "--skip-networking"])
        .args(args)
        .output()
        .unwrap()
}

/// A management cluster (CAPI and CAPO CRDs, the openstack-cidrs Clusters) whose own control
/// plane is hardened.
fn management_cluster() -> FakeApiServer {
    workload_builder("hardened", Some("configz-hardened"))
        .crds_dir(fixture("crds"))
        .objects_file(fixture("mgmt/openstack-cidrs.yaml"))
        .start()
}

#[test]
fn a_workload_cluster_gets_the_hardening_check_only() {
    let server = workload_builder("hardened", Some("configz-hardened")).start();
    let front = long_lived_front(&server);
    let dir = tempfile::tempdir().unwrap();
    let out = check_all(&front.write_kubeconfig(dir.path()), &["-o", "scs"]);
    assert_exit(&out, 0);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "kaas-kubeapi-hardening-check: PASS\n"
    );
}

#[test]
fn a_management_cluster_gets_both_kubeapi_views() {
    let server = management_cluster();
    let front = long_lived_front(&server);
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = front.write_kubeconfig(dir.path());
    let out = check_all(&kubeconfig, &["-o", "scs"]);
    assert_exit(&out, 0);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "kaas-kubeapi-hardening-check: PASS\nkaas-kubeapi-restriction-check: PASS\n"
    );
    // The management view reads all namespaces in `check all` (the context namespace is default).
    let out = check_all(&kubeconfig, &["-o", "json"]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["outcome"], "PASS");
    let checks = doc["checks"].as_array().unwrap();
    assert_eq!(checks.len(), 2);
    assert_eq!(checks[0]["check"], "kubeapi workload view");
    assert_eq!(checks[0]["testcase"], "kaas-kubeapi-hardening-check");
    assert_eq!(
        checks[0]["result"]["items"].as_array().map(Vec::len),
        Some(13)
    );
    assert_eq!(checks[1]["verdict"], "PASS");
    assert_eq!(
        crate::kubeapi::verdicts(&checks[1]["result"]),
        crate::kubeapi::expected_verdicts()
    );
    let out = check_all(&kubeconfig, &[]);
    insta::assert_snapshot!("check_all_management", stable(&out.stdout, front.port()));
}

#[test]
fn each_check_reports_its_own_verdict() {
    // Plain http fails the hardening check; --require-restricted fails the restriction check.
    let server = management_cluster();
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = server.write_kubeconfig(dir.path());
    let out = check_all(&kubeconfig, &["-o", "scs", "--require-restricted"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "kaas-kubeapi-hardening-check: FAIL\nkaas-kubeapi-restriction-check: FAIL\n"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("ERROR: FAILED: endpoint-certificate"),
        "{stderr}"
    );
    assert!(
        stderr.contains("ERROR: FAILED: kubeapi-restriction/cluster-stacks-cidrs/cidr-world"),
        "{stderr}"
    );
}

#[test]
fn a_check_that_cannot_run_aborts_alone() {
    let server = management_cluster();
    server.add_fault(Fault::forbidden(
        "list",
        "/apis/infrastructure.cluster.x-k8s.io/",
    ));
    let front = long_lived_front(&server);
    let dir = tempfile::tempdir().unwrap();
    let out = check_all(&front.write_kubeconfig(dir.path()), &["-o", "scs"]);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "kaas-kubeapi-hardening-check: PASS\nkaas-kubeapi-restriction-check: ABORT\n"
    );
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("WARNING: kubeapi management view: OpenStackCluster not read: forbidden")
    );
}

#[test]
fn an_unreachable_cluster_aborts_every_check() {
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = kubeconfig_for(dir.path(), "http://127.0.0.1:9", "lab");
    let out = check_all(&kubeconfig, &["-o", "scs", "--request-timeout", "5s"]);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "kaas-kubeapi-hardening-check: ABORT\n"
    );
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("cannot reach the Kubernetes API at http://127.0.0.1:9")
    );
}

#[test]
fn networking_runs_in_the_mode_given_next_to_kubeapi() {
    use crate::support::fake_cni::{CniMode, fake_cluster};
    let cluster = fake_cluster(CniMode::default());
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = cluster.server.write_kubeconfig(dir.path());
    let out = scs()
        .env("KUBECONFIG", &kubeconfig)
        .env("KUBECTL_SCS_NOW", NOW)
        .args([
            "check", "all", "--mode", "native", "--run-id", "all1", "-o", "scs",
        ])
        .args(["--probe-interval", "10ms", "--probe-timeout", "150ms"])
        .args(["--baseline-timeout", "150ms", "--poll-interval", "20ms"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines.len(),
        2,
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        lines[0].starts_with("kaas-kubeapi-hardening-check: "),
        "{stdout}"
    );
    assert_eq!(lines[1], "kaas-networking-check: PASS");
    // The native run cleaned up after itself.
    assert!(
        cluster
            .server
            .store()
            .names("namespaces", None)
            .iter()
            .all(|n| !n.contains("all1"))
    );
}

#[test]
fn networking_results_are_judged_offline_next_to_live_kubeapi() {
    let server = workload_builder("hardened", Some("configz-hardened")).start();
    let front = long_lived_front(&server);
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = front.write_kubeconfig(dir.path());
    let results = fixture("results/sonobuoy-v1.21.1-4-failures/junit_01.xml");
    let out = scs()
        .env("KUBECONFIG", &kubeconfig)
        .env("KUBECTL_SCS_NOW", NOW)
        .args(["check", "all", "-o", "scs", "--results"])
        .arg(&results)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout,
        "kaas-kubeapi-hardening-check: PASS\nkaas-networking-check: FAIL\n",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(1));
}
