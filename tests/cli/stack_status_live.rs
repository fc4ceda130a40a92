//! `stack status` against the fake API server: the same result as offline, one list per kind,
//! and degraded reading when kinds are missing or forbidden.

use predicates::prelude::*;
use serde_json::Value;

use crate::stack_status::{SCENARIOS, codes, expected, offline_json};
use crate::support::fake_apiserver::{FakeApiServer, Fault};
use crate::support::{assert_exit, fake_mgmt, fixture, scs_live};

fn live_json(server: &FakeApiServer, now: &str, args: &[&str]) -> (Value, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = scs_live(server, dir.path())
        .env("KUBECTL_SCS_NOW", now)
        .args(["stack", "status", "-o", "json"])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    (serde_json::from_slice(&out.stdout).unwrap(), stderr)
}

#[test]
fn every_scenario_live_equals_offline() {
    for s in SCENARIOS {
        let server = fake_mgmt(s.file);
        let (live, stderr) = live_json(&server, s.now, &["-A"]);
        assert!(stderr.is_empty(), "{}: unexpected notes: {stderr}", s.file);
        assert_eq!(codes(&live), expected(s), "scenario {} live", s.file);
        assert_eq!(
            live,
            offline_json(s, &["-A"]),
            "scenario {}: live and offline differ",
            s.file
        );
    }
}

#[test]
fn namespace_scope_comes_from_the_context_or_flag() {
    let server = fake_mgmt("upgrade-pending");
    // The kubeconfig's context namespace is "default": no Clusters there.
    let (doc, _) = live_json(&server, "2026-11-21T15:33:45Z", &[]);
    assert_eq!(doc["clusters"].as_array().unwrap().len(), 0);
    let (doc, _) = live_json(
        &server,
        "2026-11-21T15:33:45Z",
        &["-n", "cluster-stacks-upgrade"],
    );
    assert_eq!(doc["clusters"].as_array().unwrap().len(), 2);
}

#[test]
fn requests_do_not_grow_with_the_number_of_clusters() {
    let count = |file: &str, now: &str| {
        let server = fake_mgmt(file);
        server.reset_requests();
        let _ = live_json(&server, now, &["-A"]);
        let requests = server.requests();
        let lists = requests
            .iter()
            .filter(|r| {
                r.path.ends_with('s') && r.method == "GET" && r.path.matches('/').count() >= 4
            })
            .count();
        (requests.len(), lists)
    };
    let (small_total, _) = count("healthy", "2026-11-21T15:28:26Z");
    let (large_total, _) = count("many-clusters", "2026-11-21T15:30:27Z");
    assert_eq!(small_total, large_total, "1 cluster vs 120 clusters");
    assert!(large_total <= 20, "{large_total} requests");
}

#[test]
fn a_missing_operator_degrades_to_a_note() {
    let server = FakeApiServer::builder()
        .crds_dir(fixture("crds"))
        .objects_file(fixture("mgmt/healthy.yaml"))
        .fault(Fault::group_not_found("clusterstack.x-k8s.io"))
        .start();
    let (doc, stderr) = live_json(&server, "2026-11-21T15:28:26Z", &["-A"]);
    assert!(
        stderr.contains("cluster-stack-operator CRDs not installed: clusterstack.x-k8s.io/v1alpha1 is not served"),
        "{stderr}"
    );
    assert_eq!(doc["clusters"].as_array().unwrap().len(), 1);
    assert!(doc["notes"].to_string().contains("cluster-stack-operator"));
}

#[test]
fn a_forbidden_kind_degrades_to_a_note_naming_verb_and_resource() {
    let server = FakeApiServer::builder()
        .crds_dir(fixture("crds"))
        .objects_file(fixture("mgmt/healthy.yaml"))
        .fault(Fault::forbidden(
            "list",
            "/apis/clusterstack.x-k8s.io/v1alpha1/clusteraddons",
        ))
        .start();
    let (_, stderr) = live_json(&server, "2026-11-21T15:28:26Z", &["-A"]);
    assert!(stderr.contains("ClusterAddon not read: forbidden: user \"kubernetes-admin\" cannot list clusteraddons.clusterstack.x-k8s.io across all namespaces"), "{stderr}");
}

#[test]
fn nothing_readable_is_exit_3_with_the_reasons() {
    let server = FakeApiServer::builder().start();
    let dir = tempfile::tempdir().unwrap();
    scs_live(&server, dir.path())
        .args(["stack", "status", "-A"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "none of the kinds this command reads could be read",
        ))
        .stderr(predicate::str::contains(
            "cluster-stack-operator CRDs not installed",
        ));
}

#[test]
fn unauthorized_is_exit_3_saying_credentials() {
    let server = fake_mgmt("healthy");
    server.add_fault(Fault::unauthorized());
    let dir = tempfile::tempdir().unwrap();
    scs_live(&server, dir.path())
        .args(["stack", "status", "-A"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "rejected the credentials (401 Unauthorized)",
        ))
        .stderr(predicate::str::contains(server.url()));
}

#[test]
fn forbidden_everywhere_names_the_denials() {
    let server = fake_mgmt("healthy");
    server.add_fault(Fault::forbidden("list", "/apis"));
    let dir = tempfile::tempdir().unwrap();
    scs_live(&server, dir.path())
        .args(["stack", "status", "-n", "cluster-stacks-demo"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "cannot list clusters.cluster.x-k8s.io in namespace \"cluster-stacks-demo\"",
        ))
        .stderr(predicate::str::contains("user \"kubernetes-admin\""))
        .stderr(predicate::str::contains("kubectl auth can-i"));
}

#[test]
fn server_error_is_exit_3() {
    let server = fake_mgmt("healthy");
    server.add_fault(Fault::internal_error("/apis/cluster.x-k8s.io"));
    let dir = tempfile::tempdir().unwrap();
    scs_live(&server, dir.path())
        .args(["stack", "status", "-A"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("500"))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn a_hanging_server_times_out_with_request_timeout() {
    let server = fake_mgmt("healthy");
    server.add_fault(Fault::hang("/apis/cluster.x-k8s.io"));
    let dir = tempfile::tempdir().unwrap();
    scs_live(&server, dir.path())
        .args(["stack", "status", "-A", "--request-timeout", "1s"])
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(3)
        .stderr(predicate::str::contains("timed out"))
        .stderr(predicate::str::contains("--request-timeout"));
}

#[test]
fn exec_credential_plugins_work() {
    let server = fake_mgmt("healthy");
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = server.kubeconfig().user_exec("fake").write(dir.path());
    let out = crate::support::scs()
        .env("KUBECONFIG", kubeconfig)
        .env("KUBECTL_SCS_NOW", "2026-11-21T15:28:26Z")
        .args(["stack", "status", "-A", "-o", "json"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert!(
        server
            .requests()
            .iter()
            .any(|r| r.bearer_token() == Some(crate::support::fake_apiserver::EXEC_TOKEN))
    );
}

#[test]
fn watch_re_renders_on_change_and_exits_0_on_ctrl_c() {
    use std::io::{BufRead, BufReader};
    use std::sync::mpsc;
    use std::time::Duration;

    let server = fake_mgmt("healthy");
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = server.write_kubeconfig(dir.path());
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("kubectl-scs"))
        .env("KUBECONFIG", &kubeconfig)
        .env("NO_COLOR", "1")
        .env("KUBECTL_SCS_NOW", "2026-11-21T15:28:26Z")
        .args(["stack", "status", "-n", "cluster-stacks-demo", "--watch"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let wait_for = |needle: &str| {
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        while std::time::Instant::now() < deadline {
            if let Ok(line) = rx.recv_timeout(Duration::from_millis(200))
                && line.contains(needle)
            {
                return true;
            }
        }
        false
    };
    assert!(wait_for("healthy, no problems found"), "first render");
    server.store().patch(
        "clusteraddons",
        "cluster-stacks-demo",
        "cluster-addon-prod-1",
        serde_json::json!({"spec": {"hook": "", "clusterStack": null}, "status": {"ready": false, "conditions": [
            {"type": "Ready", "status": "False", "severity": "Info", "reason": "HookServerUnresponsive",
             "message": "hook server hasn't updated the spec.hook yet", "lastTransitionTime": "2026-11-21T14:00:00Z"},
            {"type": "HookServerReady", "status": "False", "severity": "Info", "reason": "HookServerUnresponsive",
             "message": "hook server hasn't updated the spec.hook yet", "lastTransitionTime": "2026-11-21T14:00:00Z"}]}}),
    )
    .expect("patch the ClusterAddon");
    assert!(wait_for("HookNotCalled"), "re-render after the change");
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let code = child.wait().unwrap();
    assert_eq!(code.code(), Some(0));
}

#[test]
fn a_closed_stdout_exits_quietly() {
    let out = crate::support::scs()
        .env("KUBECTL_SCS_NOW", "2026-11-21T15:30:27Z")
        .args(["stack", "status", "-A", "-f"])
        .arg(fixture("mgmt/many-clusters.yaml"))
        .output()
        .unwrap();
    assert!(out.stdout.len() > 65536, "output must exceed a pipe buffer");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("kubectl-scs"))
        .env("KUBECTL_SCS_NOW", "2026-11-21T15:30:27Z")
        .env("NO_COLOR", "1")
        .args(["stack", "status", "-A", "-f"])
        .arg(fixture("mgmt/many-clusters.yaml"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
