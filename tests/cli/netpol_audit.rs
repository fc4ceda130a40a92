//! `netpol audit` on the small dumps in tests/fixtures/netpol/audit: the human views, exit codes
//! with `--fail-on`, junit, and the same JSON from the fake API server as from files.

use assert_cmd::Command;
use serde_json::Value;

use crate::support::fake_apiserver::{FakeApiServer, Fault};
use crate::support::{assert_exit, fixture, scs, scs_live};

const FIXTURES: [&str; 3] = ["posture", "unused", "traps"];

fn audit(file: &str, args: &[&str]) -> Command {
    let mut cmd = scs();
    cmd.args(["netpol", "audit", "-f"])
        .arg(fixture(&format!("netpol/audit/{file}.yaml")))
        .args(args);
    cmd
}

fn stdout_of(cmd: &mut Command, code: i32) -> String {
    let out = cmd.output().unwrap();
    assert_exit(&out, code);
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn human_views() {
    for file in FIXTURES {
        let text = stdout_of(&mut audit(file, &[]), 0);
        insta::assert_snapshot!(format!("netpol_audit_{file}"), text);
    }
    let wide = stdout_of(&mut audit("traps", &["-o", "wide"]), 0);
    insta::assert_snapshot!("netpol_audit_traps_wide", wide);
}

#[test]
fn json_lists_codes_severities_objects_and_hints() {
    let doc: Value =
        serde_json::from_str(&stdout_of(&mut audit("traps", &["-o", "json"]), 0)).unwrap();
    let dns = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "egress-without-dns")
        .cloned()
        .unwrap_or_default();
    assert_eq!(dns["severity"], "error");
    assert_eq!(dns["namespace"], "shop");
    assert_eq!(dns["objects"], serde_json::json!(["Pod shop/web"]));
    assert!(
        dns["hint"]
            .as_str()
            .unwrap_or_default()
            .contains("kind: NetworkPolicy")
    );
    assert_eq!(doc["cni"], "cilium");
    assert_eq!(doc["summary"]["tenant"]["workloads"], 3);
    assert_eq!(doc["summary"]["system"]["workloads"], 1);
    let yaml = stdout_of(&mut audit("traps", &["-o", "yaml"]), 0);
    let from_yaml: Value = serde_saphyr::from_str(&yaml).unwrap();
    assert_eq!(from_yaml, doc);
}

#[test]
fn fail_on_sets_the_exit_code() {
    // unused: warnings, no error.
    stdout_of(&mut audit("unused", &[]), 0);
    stdout_of(&mut audit("unused", &["--fail-on", "error"]), 0);
    stdout_of(&mut audit("unused", &["--fail-on", "warning"]), 1);
    // traps: an error (egress without DNS).
    stdout_of(&mut audit("traps", &["--fail-on", "error"]), 1);
    let out = audit("traps", &["--fail-on", "info"]).output().unwrap();
    assert_exit(&out, 2);
}

#[test]
fn junit_has_one_testcase_per_namespace() {
    let xml = stdout_of(
        &mut audit("traps", &["-o", "junit", "--fail-on", "warning"]),
        1,
    );
    for ns in ["kube-system", "old", "shop"] {
        assert!(xml.contains(&format!("<testcase name=\"{ns}\"")), "{xml}");
    }
    assert!(xml.contains(r#"tests="3""#), "{xml}");
    // shop (DNS error and warnings) and old (terminating) fail at warning; kube-system has only info.
    assert!(xml.contains(r#"failures="2""#), "{xml}");
    // Without --fail-on a namespace fails only on errors.
    let xml = stdout_of(&mut audit("traps", &["-o", "junit"]), 0);
    assert!(xml.contains(r#"failures="1""#), "{xml}");
    assert!(xml.contains("egress-without-dns (error)"), "{xml}");
}

#[test]
fn scs_output_is_refused() {
    let out = audit("traps", &["-o", "scs"]).output().unwrap();
    assert_exit(&out, 2);
}

#[test]
fn live_gives_the_same_json_as_files() {
    for file in FIXTURES {
        let server = FakeApiServer::builder()
            .objects_file(fixture(&format!("netpol/audit/{file}.yaml")))
            .start();
        let dir = tempfile::tempdir().unwrap();
        for args in [vec!["-A", "-o", "json"], vec!["-n", "shop", "-o", "json"]] {
            let live = stdout_of(
                scs_live(&server, dir.path())
                    .args(["netpol", "audit"])
                    .args(&args),
                0,
            );
            let offline = stdout_of(&mut audit(file, &args), 0);
            assert_eq!(live, offline, "{file} {args:?}");
        }
        let requests = server.requests();
        let services = requests
            .iter()
            .filter(|r| r.method == "GET" && r.path.ends_with("/services"))
            .count();
        assert_eq!(services, 2, "one Services list per run");
    }
}

/// `netpol audit` live with `args`; the output, whatever the exit code.
fn live(server: &FakeApiServer, args: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    scs_live(server, dir.path())
        .args(["netpol", "audit"])
        .args(args)
        .output()
        .unwrap()
}

fn server(file: &str) -> FakeApiServer {
    FakeApiServer::builder()
        .objects_file(fixture(&format!("netpol/audit/{file}.yaml")))
        .start()
}

#[test]
fn forbidden_services_or_namespaces_become_notes() {
    let traps = server("traps");
    traps.add_fault(Fault::forbidden("list", "/api/v1/services"));
    let out = live(&traps, &["-A", "-o", "json"]);
    assert_exit(&out, 0);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Service not read: forbidden"), "{stderr}");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ip_block = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "ipblock-contains-cluster-addresses")
        .cloned()
        .unwrap_or_default();
    assert!(
        !ip_block["message"]
            .as_str()
            .unwrap_or_default()
            .contains("Service"),
        "{ip_block}"
    );

    let unused = server("unused");
    unused.add_fault(Fault::forbidden("list", "/api/v1/namespaces"));
    let out = live(&unused, &["-A", "-o", "json"]);
    assert_exit(&out, 0);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("namespaces could not be listed"),
        "{stderr}"
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        !doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == "namespace-selector-matches-nothing"),
        "a selector cannot be judged without the namespaces' labels"
    );
}

#[test]
fn forbidden_pods_stop_with_the_rbac_needed() {
    let posture = server("posture");
    posture.add_fault(Fault::forbidden("list", "/api/v1/pods"));
    let out = live(&posture, &["-A"]);
    assert_exit(&out, 3);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot audit without reading pods"),
        "{stderr}"
    );
    assert!(
        stderr.contains("needs list on pods, services and networkpolicies"),
        "{stderr}"
    );
}
