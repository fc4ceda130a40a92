//! `check all`: SCS's testcases by section, one runner line each, and our own checks apart.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

use crate::check_e2e::{CILIUM_CIDR, FOUR_FAILURES_JUNIT, TALOS, netpol_junit};
use crate::kubeapi_workload::{NOW, long_lived_front, stable, workload_builder};
use crate::support::fake_apiserver::{FakeApiServer, Fault};
use crate::support::{assert_exit, fixture, kubeconfig_for, scs, scs_live};

/// A version the built-in version data judges PASS at [`NOW`].
const CURRENT: &str = "v1.36.4";

/// `check all` (default section: light) with the fixed clock.
fn check_all(kubeconfig: &Path, args: &[&str]) -> Output {
    scs()
        .env("KUBECONFIG", kubeconfig)
        .env("KUBECTL_SCS_NOW", NOW)
        .args(["check", "all"])
        .args(args)
        .output()
        .unwrap()
}

/// A hardened workload cluster running [`CURRENT`].
fn workload_cluster() -> FakeApiServer {
    workload_builder("hardened", Some("configz-hardened"))
        .git_version(CURRENT)
        .start()
}

/// A management cluster (CAPI and CAPO CRDs, the openstack-cidrs Clusters) whose own control
/// plane is hardened.
fn management_cluster() -> FakeApiServer {
    workload_builder("hardened", Some("configz-hardened"))
        .git_version(CURRENT)
        .crds_dir(fixture("crds"))
        .objects_file(fixture("mgmt/openstack-cidrs.yaml"))
        .start()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn by_default_the_light_section_runs_and_our_checks_stay_off_stdout() {
    let server = workload_cluster();
    let front = long_lived_front(&server);
    let dir = tempfile::tempdir().unwrap();
    let out = check_all(&front.write_kubeconfig(dir.path()), &["-o", "scs"]);
    assert_exit(&out, 0);
    assert_eq!(text(&out.stdout), "version-policy-check: PASS\n");
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("INFO: kubectl-scs check kubeapi workload view, not an SCS testcase: kaas-kubeapi-hardening-check: PASS\n"),
        "{stderr}"
    );
    // Every log line carries a prefix SCS's runner counts.
    assert!(
        stderr.lines().all(|l| ["INFO: ", "WARNING: ", "ERROR: "]
            .iter()
            .any(|p| l.starts_with(p))),
        "{stderr}"
    );
    // --scs-only leaves our checks out.
    let out = check_all(
        &front.write_kubeconfig(dir.path()),
        &["-o", "scs", "--scs-only"],
    );
    assert_exit(&out, 0);
    assert!(
        !text(&out.stderr).contains("kubeapi"),
        "{}",
        text(&out.stderr)
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
    assert_eq!(text(&out.stdout), "version-policy-check: PASS\n");
    assert!(text(&out.stderr).contains("kaas-kubeapi-restriction-check: PASS"));
    // The management view reads all namespaces in `check all` (the context namespace is default).
    let out = check_all(&kubeconfig, &["-o", "json"]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["outcome"], "PASS");
    assert_eq!(doc["scs"]["sections"], serde_json::json!(["light"]));
    assert_eq!(doc["scs"]["testcases"][0]["id"], "version-policy-check");
    assert_eq!(doc["scs"]["testcases"][0]["section"], "light");
    let checks = doc["checks"].as_array().unwrap();
    assert_eq!(checks.len(), 3);
    assert_eq!(checks[0]["check"], "versions");
    assert_eq!(checks[0]["scope"], "scs");
    assert_eq!(checks[1]["check"], "kubeapi workload view");
    assert_eq!(checks[1]["testcase"], "kaas-kubeapi-hardening-check");
    assert_eq!(checks[1]["scope"], "kubectl-scs");
    assert_eq!(
        checks[1]["result"]["items"].as_array().map(Vec::len),
        Some(13)
    );
    assert_eq!(checks[2]["verdict"], "PASS");
    assert_eq!(
        crate::kubeapi::verdicts(&checks[2]["result"]),
        crate::kubeapi::expected_verdicts()
    );
    let own: Vec<&str> = doc["ownChecks"]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["testcase"].as_str().unwrap())
        .collect();
    assert_eq!(
        own,
        [
            "kaas-kubeapi-hardening-check",
            "kaas-kubeapi-restriction-check"
        ]
    );
    let out = check_all(&kubeconfig, &[]);
    insta::assert_snapshot!("check_all_management", stable(&out.stdout, front.port()));
}

#[test]
fn our_failures_are_warnings_for_the_runner_but_fail_the_exit_code() {
    // Plain http fails the hardening check; --require-restricted fails the restriction check.
    let server = management_cluster();
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = server.write_kubeconfig(dir.path());
    let out = check_all(&kubeconfig, &["-o", "scs", "--require-restricted"]);
    assert_exit(&out, 1);
    assert_eq!(text(&out.stdout), "version-policy-check: PASS\n");
    let stderr = text(&out.stderr);
    for line in [
        "WARNING: kubectl-scs check kubeapi workload view, not an SCS testcase: kaas-kubeapi-hardening-check: FAIL",
        "WARNING: kubectl-scs check kubeapi management view, not an SCS testcase: kaas-kubeapi-restriction-check: FAIL",
        "WARNING: kubeapi workload view: FAILED: endpoint-certificate",
        "WARNING: kubeapi management view: FAILED: kubeapi-restriction/cluster-stacks-cidrs/cidr-world",
    ] {
        assert!(stderr.contains(line), "{line}\n{stderr}");
    }
    assert!(!stderr.contains("ERROR:"), "{stderr}");
    // The JSON keeps SCS's outcome apart from ours.
    let out = check_all(&kubeconfig, &["-o", "json", "--require-restricted"]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["outcome"], "FAIL");
    assert_eq!(doc["scs"]["outcome"], "PASS");
    assert_eq!(doc["ownChecks"]["outcome"], "FAIL");
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
    assert_exit(&out, 3);
    assert_eq!(text(&out.stdout), "version-policy-check: PASS\n");
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("WARNING: kubeapi management view: OpenStackCluster not read: forbidden"),
        "{stderr}"
    );
    assert!(
        stderr.contains("not an SCS testcase: kaas-kubeapi-restriction-check: ABORT"),
        "{stderr}"
    );
}

#[test]
fn an_unreachable_cluster_aborts_every_check() {
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = kubeconfig_for(dir.path(), "http://127.0.0.1:9", "lab");
    let out = check_all(&kubeconfig, &["-o", "scs", "--request-timeout", "5s"]);
    assert_exit(&out, 3);
    assert_eq!(text(&out.stdout), "version-policy-check: ABORT\n");
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("cannot reach the Kubernetes API at http://127.0.0.1:9"),
        "{stderr}"
    );
    assert!(
        stderr.contains("kaas-kubeapi-hardening-check: ABORT"),
        "{stderr}"
    );
    // A kubeconfig that cannot be read stops the run, and SCS's runner still gets its lines.
    let out = check_all(
        &dir.path().join("missing"),
        &["-o", "scs", "--sections", "light,preview"],
    );
    assert_exit(&out, 3);
    assert_eq!(
        text(&out.stdout),
        "version-policy-check: ABORT\nnode-distribution-check: ABORT\n"
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
        .args(["check", "all", "--sections", "heavy", "--tests", "kaas"])
        .args(["--mode", "native", "--run-id", "all1", "-o", "scs"])
        .args(["--probe-interval", "10ms", "--probe-timeout", "150ms"])
        .args(["--baseline-timeout", "150ms", "--poll-interval", "20ms"])
        .output()
        .unwrap();
    let stderr = text(&out.stderr);
    assert_eq!(
        text(&out.stdout),
        "kaas-networking-check: PASS\n",
        "{stderr}"
    );
    assert!(
        stderr.contains("not an SCS testcase: kaas-kubeapi-hardening-check: "),
        "{stderr}"
    );
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
fn light_and_heavy_together_next_to_live_kubeapi() {
    let server = workload_cluster();
    let front = long_lived_front(&server);
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = front.write_kubeconfig(dir.path());
    let conformance = fixture(TALOS).display().to_string();
    let networking = fixture(FOUR_FAILURES_JUNIT).display().to_string();
    let results = [
        "--conformance-results",
        conformance.as_str(),
        "--results",
        networking.as_str(),
    ];
    let out = check_all(
        &kubeconfig,
        &[&["-o", "scs", "--sections", "light,heavy"], &results[..]].concat(),
    );
    assert_eq!(
        text(&out.stdout),
        "version-policy-check: PASS\ncncf-k8s-conformance: PASS\nkaas-networking-check: FAIL\n",
        "{}",
        text(&out.stderr)
    );
    assert_exit(&out, 1);
    // Sections named twice or out of order run once, in the spec's order.
    let out = check_all(
        &kubeconfig,
        &[&["--sections", "heavy,light,heavy"], &results[..]].concat(),
    );
    insta::assert_snapshot!("check_all_light_heavy", stable(&out.stdout, front.port()));
}

/// `check all` on results only: no cluster is needed with `--scs-only`.
fn offline_heavy(conformance: &Path, networking: &Path, args: &[&str]) -> Output {
    scs()
        .args(["check", "all", "--sections", "heavy", "--scs-only"])
        .arg("--conformance-results")
        .arg(conformance)
        .arg("--results")
        .arg(networking)
        .args(args)
        .output()
        .unwrap()
}

/// A passing NetworkPolicy run (the Cilium ipBlock failures are waived).
fn passing_netpol(dir: &Path) -> PathBuf {
    let path = dir.join("netpol-junit.xml");
    std::fs::write(&path, netpol_junit(&CILIUM_CIDR[..])).unwrap();
    path
}

#[test]
fn heavy_runs_conformance_and_networking_as_scs_lines_with_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let netpol = passing_netpol(dir.path());
    let out = offline_heavy(&fixture(TALOS), &netpol, &["-o", "scs"]);
    assert_exit(&out, 0);
    assert_eq!(
        text(&out.stdout),
        "cncf-k8s-conformance: PASS\nkaas-networking-check: PASS\n"
    );
    let stderr = text(&out.stderr);
    assert!(
        stderr.lines().all(|l| l.starts_with("INFO: ")
            || l.starts_with("WARNING: ")
            || l.starts_with("ERROR: ")),
        "{stderr}"
    );

    // A failure is exit 1 and its tests are ERROR lines, as SCS's wrapper prints them.
    let out = offline_heavy(
        &fixture(TALOS),
        &fixture(FOUR_FAILURES_JUNIT),
        &["-o", "scs"],
    );
    assert_exit(&out, 1);
    assert_eq!(
        text(&out.stdout),
        "cncf-k8s-conformance: PASS\nkaas-networking-check: FAIL\n"
    );
    assert_eq!(text(&out.stderr).matches("ERROR: FAILED: [sig-").count(), 4);

    // An abort (no NetworkPolicy test in the results) without a failure is exit 3.
    let out = offline_heavy(&fixture(TALOS), &fixture(TALOS), &["-o", "scs"]);
    assert_exit(&out, 3);
    assert_eq!(
        text(&out.stdout),
        "cncf-k8s-conformance: PASS\nkaas-networking-check: ABORT\n"
    );

    // --skip-networking leaves heavy with the conformance testcase.
    let out = scs()
        .args([
            "check",
            "all",
            "--sections",
            "heavy",
            "--scs-only",
            "-o",
            "scs",
        ])
        .args(["--skip-networking", "--conformance-results"])
        .arg(fixture(TALOS))
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert_eq!(text(&out.stdout), "cncf-k8s-conformance: PASS\n");
}

#[test]
fn junit_has_one_testcase_per_scs_testcase() {
    let dir = tempfile::tempdir().unwrap();
    let out = offline_heavy(
        &fixture(FOUR_FAILURES_JUNIT),
        &passing_netpol(dir.path()),
        &["-o", "junit"],
    );
    assert_exit(&out, 1);
    let xml = text(&out.stdout);
    assert!(xml.contains(r#"tests="2""#), "{xml}");
    assert!(xml.contains(r#"failures="1""#), "{xml}");
    assert!(
        xml.contains(
            r#"<testcase name="cncf-k8s-conformance" classname="scs-compatible-kaas/heavy">"#
        ),
        "{xml}"
    );
    assert!(
        xml.contains(r#"<failure message="FAIL: 4 failed: [sig-"#),
        "{xml}"
    );
    assert!(
        xml.contains(
            r#"<testcase name="kaas-networking-check" classname="scs-compatible-kaas/heavy">"#
        ),
        "{xml}"
    );
}

#[test]
fn json_keeps_the_checks_list_and_adds_the_scs_and_own_parts() {
    let dir = tempfile::tempdir().unwrap();
    let out = offline_heavy(
        &fixture(TALOS),
        &passing_netpol(dir.path()),
        &["-o", "json"],
    );
    assert_exit(&out, 0);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["outcome"], "PASS");
    let checks = doc["checks"].as_array().unwrap();
    assert_eq!(checks.len(), 2);
    assert_eq!(checks[0]["check"], "conformance");
    assert_eq!(checks[0]["testcase"], "cncf-k8s-conformance");
    assert_eq!(checks[0]["scope"], "scs");
    assert_eq!(checks[0]["section"], "heavy");
    assert_eq!(checks[0]["result"]["counts"]["passed"], 388);
    assert_eq!(checks[1]["check"], "networking");
    assert_eq!(doc["scs"]["spec"], "scs-compatible-kaas");
    assert_eq!(doc["scs"]["sections"], serde_json::json!(["heavy"]));
    assert_eq!(doc["scs"]["testcases"][1]["id"], "kaas-networking-check");
    assert_eq!(doc["scs"]["testcases"][1]["module"], "scs-0219-v1");
    assert_eq!(doc["ownChecks"]["checks"], serde_json::json!([]));
}

#[test]
fn flags_of_a_testcase_the_run_leaves_out_are_usage_errors() {
    let out = scs()
        .args(["check", "all", "--results", "x.xml"])
        .output()
        .unwrap();
    assert_exit(&out, 2);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("--results is for kaas-networking-check, which this run leaves out"),
        "{stderr}"
    );
    assert!(stderr.contains("add --sections heavy"), "{stderr}");
    let out = scs()
        .args([
            "check",
            "all",
            "--sections",
            "heavy",
            "--tests",
            "kaas",
            "--certified",
        ])
        .output()
        .unwrap();
    assert_exit(&out, 2);
    assert!(text(&out.stderr).contains("--certified is for cncf-k8s-conformance"));
    let out = scs()
        .args(["check", "all", "--sections", "medium"])
        .output()
        .unwrap();
    assert_exit(&out, 2);
}

#[test]
fn preview_judges_the_node_distribution_of_the_cluster() {
    let server = FakeApiServer::builder()
        .objects_file(fixture("nodes/one-zone-unlabelled.yaml"))
        .start();
    let dir = tempfile::tempdir().unwrap();
    let out = scs_live(&server, dir.path())
        .args([
            "check",
            "all",
            "--sections",
            "preview",
            "--scs-only",
            "-o",
            "scs",
        ])
        .output()
        .unwrap();
    assert_exit(&out, 1);
    assert_eq!(text(&out.stdout), "node-distribution-check: FAIL\n");
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("INFO: SCS lists node-distribution-check as preview"),
        "{stderr}"
    );
}

#[test]
fn heavy_live_runs_conformance_as_scs_does_then_networking_and_cleans_up() {
    use crate::check_e2e_live::{Sim, cluster, created, env_of, leftovers, run_cmd};
    let server = cluster(Sim::four_failures()).start();
    let dir = tempfile::tempdir().unwrap();
    let out = run_cmd(&server, dir.path(), "all2")
        .args([
            "check",
            "all",
            "--sections",
            "heavy",
            "--scs-only",
            "-o",
            "scs",
        ])
        .output()
        .unwrap();
    assert_exit(&out, 1);
    assert_eq!(
        text(&out.stdout),
        "cncf-k8s-conformance: FAIL\nkaas-networking-check: FAIL\n"
    );
    let stderr = text(&out.stderr);
    assert!(
        stderr.lines().all(|l| ["INFO: ", "WARNING: ", "ERROR: "]
            .iter()
            .any(|p| l.starts_with(p))),
        "{stderr}"
    );
    assert!(
        stderr.contains("mode SCS (parallel, 2 flake attempts; the image skips [Serial] tests)"),
        "{stderr}"
    );
    let pods = created(&server, "Pod");
    assert_eq!(pods.len(), 2);
    let conformance = env_of(&pods[0]);
    assert_eq!(conformance["E2E_FOCUS"], r"\[Conformance\]");
    assert_eq!(conformance["E2E_SKIP"], "");
    assert_eq!(conformance["E2E_PARALLEL"], "true");
    assert_eq!(conformance["E2E_EXTRA_ARGS"], "--ginkgo.flake-attempts=2");
    let networking = env_of(&pods[1]);
    assert_eq!(networking["E2E_FOCUS"], "NetworkPolicy");
    assert_eq!(
        pods[0]["metadata"]["namespace"],
        "kubectl-scs-conformance-all2"
    );
    assert_eq!(
        pods[1]["metadata"]["namespace"],
        "kubectl-scs-networking-all2"
    );
    assert_eq!(leftovers(&server), Vec::<String>::new());

    // --certified reaches the conformance pod only.
    let server = cluster(Sim::four_failures()).start();
    run_cmd(&server, dir.path(), "all3")
        .args([
            "check",
            "all",
            "--sections",
            "heavy",
            "--scs-only",
            "--certified",
        ])
        .args(["--flake-attempts", "3"])
        .output()
        .unwrap();
    let pods = created(&server, "Pod");
    let conformance = env_of(&pods[0]);
    assert_eq!(conformance["E2E_PARALLEL"], "false");
    assert!(!conformance.contains_key("E2E_EXTRA_ARGS"));
    assert_eq!(
        env_of(&pods[1])["E2E_EXTRA_ARGS"],
        "--ginkgo.flake-attempts=3"
    );
}
