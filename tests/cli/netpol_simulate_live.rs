//! `netpol simulate` against the fake API server: the same answers as from files, one list per
//! kind, `--policies` against live pods, and reading with less than full rights.

use predicates::prelude::*;
use serde_json::Value;

use crate::netpol_simulate::{simulate, stdout as offline_stdout};
use crate::support::fake_apiserver::{FakeApiServer, Fault, RecordedRequest};
use crate::support::{fixture, scs_live};

const XYZ: [&str; 3] = ["namespaces", "pods", "policies"];

fn xyz_server() -> FakeApiServer {
    XYZ.iter()
        .fold(FakeApiServer::builder(), |builder, file| {
            builder.objects_file(fixture(&format!("netpol/xyz/{file}.yaml")))
        })
        .start()
}

/// `netpol simulate` live; returns stdout and stderr after asserting exit 0.
fn live(server: &FakeApiServer, args: &[&str]) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = scs_live(server, dir.path())
        .args(["netpol", "simulate"])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    (String::from_utf8(out.stdout).unwrap(), stderr)
}

/// List requests (GETs with a `limit`), as `path`.
fn lists(requests: &[RecordedRequest]) -> Vec<String> {
    let mut paths: Vec<String> = requests
        .iter()
        .filter(|r| r.method == "GET" && r.query_param("limit").is_some())
        .map(|r| r.path.clone())
        .collect();
    paths.sort();
    paths
}

#[test]
fn live_pods_and_policies_give_the_same_answers_as_files() {
    let server = xyz_server();
    let candidate = fixture("netpol/xyz/candidate-policies.yaml");
    let candidate = candidate.to_str().unwrap();
    for args in [
        vec!["-A"],
        vec!["-A", "-o", "json"],
        vec![
            "-A",
            "--port",
            "serve-81-tcp",
            "--protocol",
            "TCP",
            "-o",
            "yaml",
        ],
        vec!["-A", "--protocol", "UDP"],
        vec!["-n", "x", "-o", "json"],
        vec!["-A", "--from", "y/b", "--to", "x/a", "-o", "json"],
        vec!["-A", "--from", "203.0.113.9", "--to", "x/a"],
        vec!["-A", "--policies", candidate, "-o", "json"],
        vec!["-A", "--policies", candidate, "--replace-policies"],
    ] {
        let (stdout, stderr) = live(&server, &args);
        assert_eq!(
            stdout,
            offline_stdout(&mut simulate(&args)),
            "live and offline differ for {args:?}"
        );
        if !args.contains(&"--policies") {
            assert!(stderr.is_empty(), "{args:?}: unexpected notes: {stderr}");
        }
    }
}

#[test]
fn one_list_per_kind_and_namespaces_cluster_wide() {
    let server = xyz_server();
    live(&server, &["-A"]);
    assert_eq!(
        lists(&server.requests()),
        [
            "/api/v1/namespaces",
            "/api/v1/pods",
            "/apis/networking.k8s.io/v1/networkpolicies"
        ]
    );
    let all_namespaces = server.requests().len();

    server.reset_requests();
    let (stdout, _) = live(&server, &["-n", "x", "--from", "b", "--to", "a"]);
    assert_eq!(
        stdout,
        "blocked: x/allow-from-namespace, x/deny-all select x/a for ingress; no ingress rule admits x/b on TCP/80\n"
    );
    assert_eq!(
        lists(&server.requests()),
        [
            "/api/v1/namespaces",
            "/api/v1/namespaces/x/pods",
            "/apis/networking.k8s.io/v1/namespaces/x/networkpolicies"
        ]
    );
    assert_eq!(server.requests().len(), all_namespaces);
    assert!(all_namespaces <= 8, "{all_namespaces} requests");
}

#[test]
fn the_context_namespace_is_the_default_scope() {
    let server = xyz_server();
    // The kubeconfig's context namespace is "default", which has no pods.
    let (stdout, _) = live(&server, &[]);
    assert_eq!(stdout, "No pods found in namespace default.\n");
}

#[test]
fn policies_file_is_tried_against_live_pods() {
    let server = xyz_server();
    let candidate = fixture("netpol/xyz/candidate-policies.yaml");
    let dir = tempfile::tempdir().unwrap();
    scs_live(&server, dir.path())
        .args(["netpol", "simulate", "-A", "--from", "z/b", "--to", "x/a", "--policies"])
        .arg(&candidate)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "x/allow-from-namespace ingress rule 1 (namespaceSelector team in (blue,green)) admits z/b",
        ))
        .stderr(predicate::str::contains(
            "--policies: replacing the same-named policies read from the cluster: x/allow-from-namespace",
        ));
    // Nothing is written to the cluster.
    assert!(server.requests().iter().all(|r| r.method == "GET"));

    // With --replace-policies the cluster's policies are not even listed.
    server.reset_requests();
    let (_, _) = live(
        &server,
        &[
            "-A",
            "--replace-policies",
            "--policies",
            candidate.to_str().unwrap(),
        ],
    );
    let listed = lists(&server.requests());
    assert_eq!(listed, ["/api/v1/namespaces", "/api/v1/pods"]);
}

#[test]
fn forbidden_namespaces_fall_back_to_the_name_label_with_a_note() {
    let server = xyz_server();
    server.add_fault(Fault::forbidden("list", "/api/v1/namespaces"));
    let (stdout, stderr) = live(&server, &["-A", "--from", "y/b", "--to", "x/a"]);
    // y's team=blue label is unknown without the namespace list: x/a no longer admits y.
    assert_eq!(
        stdout,
        "blocked: x/allow-from-namespace, x/deny-all select x/a for ingress; no ingress rule admits y/b on TCP/80\n"
    );
    assert!(stderr.contains("Namespace not read: forbidden"), "{stderr}");
    assert!(
        stderr.contains("namespaces could not be listed: namespaceSelectors see only each namespace's kubernetes.io/metadata.name label"),
        "{stderr}"
    );
}

#[test]
fn forbidden_pods_or_policies_stop_with_the_rbac_needed() {
    let server = xyz_server();
    server.add_fault(Fault::forbidden(
        "list",
        "/apis/networking.k8s.io/v1/networkpolicies",
    ));
    let dir = tempfile::tempdir().unwrap();
    scs_live(&server, dir.path())
        .args(["netpol", "simulate", "-A"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "cannot simulate without reading networkpolicies",
        ))
        .stderr(predicate::str::contains(
            "cannot list networkpolicies.networking.k8s.io across all namespaces",
        ))
        .stderr(predicate::str::contains("--replace-policies"));

    let server = xyz_server();
    server.add_fault(Fault::forbidden("list", "/api/v1/pods"));
    scs_live(&server, dir.path())
        .args(["netpol", "simulate", "-A"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "cannot simulate without reading pods",
        ))
        .stderr(predicate::str::contains(
            "needs list on pods and networkpolicies",
        ));
}

#[test]
fn unreachable_or_failing_server_is_exit_3() {
    let server = xyz_server();
    server.add_fault(Fault::internal_error("/api/v1/pods"));
    let dir = tempfile::tempdir().unwrap();
    scs_live(&server, dir.path())
        .args(["netpol", "simulate", "-A"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("listing Pod"));
}

#[test]
fn live_json_names_every_ordered_pair() {
    let server = xyz_server();
    let (stdout, _) = live(&server, &["-A", "-o", "json"]);
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doc["port"], 80);
    assert_eq!(doc["cells"].as_array().map(Vec::len), Some(81));
}
