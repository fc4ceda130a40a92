//! `check kubeapi --workload` against the fake API server (plain HTTP, or behind a TLS front
//! with a generated certificate): anonymous access, endpoint, kube-apiserver flags, namespace
//! labels and kubelet configz.

use std::path::Path;
use std::process::Output;

use predicates::prelude::*;
use serde_json::Value;

use crate::support::fake_apiserver::{FakeApiServer, FakeApiServerBuilder, FakeResponse, Fault};
use crate::support::tls_front::{Day, TlsFront};
use crate::support::{assert_exit, assert_no_notes, fixture, kubeconfig_for, scs};

/// "Now" for runs whose output is compared in full.
pub const NOW: &str = "2026-11-21T14:29:15Z";
const CONFIGZ_PATH: &str = r"^/api/v1/nodes/[^/]+/proxy/configz$";

/// A fake workload cluster: the nodes, the objects of `workload/<file>.yaml` and, when given,
/// `workload/<configz>.json` served as every node's configz.
pub fn workload_builder(file: &str, configz: Option<&str>) -> FakeApiServerBuilder {
    let mut builder = FakeApiServer::builder()
        .objects_file(fixture("workload/nodes.yaml"))
        .objects_file(fixture(&format!("workload/{file}.yaml")))
        .with_namespaces();
    if let Some(name) = configz {
        let text = std::fs::read_to_string(fixture(&format!("workload/{name}.json")))
            .expect("configz fixture");
        builder = builder.on_request("GET", CONFIGZ_PATH, move |_| {
            Some(FakeResponse::raw_json(200, text.clone()))
        });
    }
    builder
}

/// A TLS front whose certificate is valid from 2020 to 2099.
pub fn long_lived_front(server: &FakeApiServer) -> TlsFront {
    TlsFront::start(server.addr(), Day::ymd(2020, 1, 1), Day::ymd(2099, 1, 1))
}

pub fn run_with(kubeconfig: &Path, now: Option<&str>, args: &[&str]) -> Output {
    let mut cmd = scs();
    cmd.env("KUBECONFIG", kubeconfig);
    if let Some(now) = now {
        cmd.env("KUBECTL_SCS_NOW", now);
    }
    cmd.args(args).output().expect("run the binary")
}

fn workload(kubeconfig: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["check", "kubeapi", "--workload"];
    args.extend_from_slice(extra);
    run_with(kubeconfig, Some(NOW), &args)
}

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// Item id → status.
pub fn statuses(doc: &Value) -> Vec<(String, String)> {
    doc["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|i| {
            (
                i["id"].as_str().unwrap_or_default().to_string(),
                i["status"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn status_of(doc: &Value, id: &str) -> String {
    statuses(doc)
        .into_iter()
        .find(|(i, _)| i == id)
        .map(|(_, s)| s)
        .unwrap_or_else(|| panic!("no item {id} in {doc}"))
}

fn reason_of(doc: &Value, id: &str) -> String {
    doc["items"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|i| i["id"] == id)
        .and_then(|i| i["reason"].as_str())
        .unwrap_or_default()
        .to_string()
}

/// Stable text: the random port of a test server replaced by `PORT`.
pub fn stable(text: &[u8], port: u16) -> String {
    String::from_utf8_lossy(text).replace(&format!("127.0.0.1:{port}"), "127.0.0.1:PORT")
}

#[test]
fn a_hardened_cluster_over_tls_passes_every_item() {
    let server = workload_builder("hardened", Some("configz-hardened")).start();
    let front = long_lived_front(&server);
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = front.write_kubeconfig(dir.path());
    let out = workload(&kubeconfig, &[]);
    assert_exit(&out, 0);
    assert_no_notes(&out);
    insta::assert_snapshot!(
        "kubeapi_workload_hardened",
        stable(&out.stdout, front.port())
    );
    let doc = json_of(&workload(&kubeconfig, &["-o", "json"]));
    assert!(
        statuses(&doc).iter().all(|(_, s)| s == "PASS"),
        "{:?}",
        statuses(&doc)
    );
    assert_eq!(statuses(&doc).len(), 13);
}

#[test]
fn weak_flags_fail_and_plain_http_is_named() {
    let server = workload_builder("weak", Some("configz-open")).start();
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = server.write_kubeconfig(dir.path());
    let out = workload(&kubeconfig, &[]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(
        "kubeapi_workload_weak",
        stable(&out.stdout, server.addr().port())
    );
    let doc = json_of(&workload(&kubeconfig, &["-o", "json"]));
    for (id, want) in [
        ("endpoint-certificate", "FAIL"),
        ("apiserver-authorization-mode", "FAIL"),
        ("apiserver-node-restriction", "FAIL"),
        ("apiserver-pod-security", "FAIL"),
        ("apiserver-anonymous-auth", "WARN"),
        ("apiserver-authentication", "FAIL"),
        ("apiserver-etcd-tls", "FAIL"),
        ("namespace-pod-security", "WARN"),
        ("kubelet-anonymous-auth", "FAIL"),
        ("kubelet-authorization-mode", "FAIL"),
        ("kubelet-read-only-port", "WARN"),
    ] {
        assert_eq!(status_of(&doc, id), want, "{id}: {}", reason_of(&doc, id));
    }
    assert!(reason_of(&doc, "endpoint-certificate").contains("served over http without TLS"));
    assert!(reason_of(&doc, "apiserver-authorization-mode").contains("AlwaysAllow"));
}

#[test]
fn a_managed_control_plane_is_unknown_never_fail() {
    let server = workload_builder("managed", Some("configz-hardened")).start();
    let front = long_lived_front(&server);
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = front.write_kubeconfig(dir.path());
    let out = workload(&kubeconfig, &[]);
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!(
        "kubeapi_workload_managed",
        stable(&out.stdout, front.port())
    );
    let doc = json_of(&workload(&kubeconfig, &["-o", "json"]));
    for (id, status) in statuses(&doc) {
        if id.starts_with("apiserver-") {
            assert_eq!(status, "UNKNOWN", "{id}");
            assert!(reason_of(&doc, &id).contains("managed or hosted control plane"));
        } else {
            assert_eq!(status, "PASS", "{id}: {}", reason_of(&doc, &id));
        }
    }
    let requests = server.requests();
    assert!(
        requests
            .iter()
            .any(|r| r.path == "/api/v1/namespaces/kube-system/pods"
                && r.query_param("labelSelector").as_deref() == Some("component=kube-apiserver")),
        "the static pods are looked up by label"
    );
}

#[test]
fn anonymous_reads_beyond_health_and_version_fail() {
    let server = workload_builder("hardened", Some("configz-hardened"))
        .anonymous_allow("/api")
        .anonymous_allow("/apis")
        .start();
    let front = long_lived_front(&server);
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = front.write_kubeconfig(dir.path());
    let out = workload(&kubeconfig, &["-o", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let doc = json_of(&out);
    assert_eq!(status_of(&doc, "anonymous-access"), "FAIL");
    let reason = reason_of(&doc, "anonymous-access");
    assert!(reason.contains("can read /api 200, /apis 200"), "{reason}");
    // The probes went out without credentials; the other requests with the token.
    let requests = server.requests();
    let anonymous: Vec<&str> = requests
        .iter()
        .filter(|r| !r.has_authorization())
        .map(|r| r.path.as_str())
        .collect();
    for path in ["/api", "/apis", "/version", "/healthz", "/readyz"] {
        assert!(
            anonymous.contains(&path),
            "{path} not probed anonymously: {anonymous:?}"
        );
    }
    assert!(
        requests
            .iter()
            .filter(|r| r.path.starts_with("/api/v1/n"))
            .all(|r| r.bearer_token() == Some(crate::support::fake_apiserver::TOKEN))
    );
}

#[test]
fn anonymous_access_denied_passes_whether_401_or_403() {
    for (builder, expect) in [
        (
            workload_builder("hardened", Some("configz-hardened")).anonymous_deny_all(),
            "anonymous authentication is off (401)",
        ),
        (
            workload_builder("hardened", Some("configz-hardened")).anonymous_forbidden(),
            "anonymous requests are refused",
        ),
    ] {
        let server = builder.start();
        let front = long_lived_front(&server);
        let dir = tempfile::tempdir().unwrap();
        let doc = json_of(&workload(
            &front.write_kubeconfig(dir.path()),
            &["-o", "json"],
        ));
        assert_eq!(status_of(&doc, "anonymous-access"), "PASS");
        assert!(reason_of(&doc, "anonymous-access").contains(expect));
        let probes = doc["facts"]["anonymous"].to_string();
        if expect.contains("401") {
            assert!(
                probes.contains(r#""path":"/version","status":401"#),
                "{probes}"
            );
        } else {
            assert!(probes.contains(r#""path":"/api","status":403"#), "{probes}");
            assert!(
                probes.contains(r#""path":"/version","status":200"#),
                "{probes}"
            );
        }
    }
}

#[test]
fn configz_forbidden_is_unknown() {
    // The proxy request itself is refused (403 from the API server).
    let server = workload_builder("hardened", None)
        .on_request("GET", CONFIGZ_PATH, |r| {
            Some(FakeResponse::status(
                403,
                "Forbidden",
                &format!(
                    "nodes \"{}\" is forbidden: User \"kubernetes-admin\" cannot get resource \"nodes/proxy\" in API group \"\" at the cluster scope",
                    r.path.split('/').nth(4).unwrap_or_default()
                ),
            ))
        })
        .start();
    let dir = tempfile::tempdir().unwrap();
    let out = workload(&server.write_kubeconfig(dir.path()), &["-o", "json"]);
    let doc = json_of(&out);
    for id in [
        "kubelet-anonymous-auth",
        "kubelet-authorization-mode",
        "kubelet-read-only-port",
    ] {
        assert_eq!(status_of(&doc, id), "UNKNOWN", "{id}");
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("kubelet configz not read on cp-0, worker-0, worker-1: forbidden"),
        "{stderr}"
    );

    // The access review says no: configz is not even asked for.
    let server = workload_builder("hardened", Some("configz-hardened"))
        .deny_access("get", "nodes/proxy", None)
        .start();
    let dir = tempfile::tempdir().unwrap();
    let out = workload(&server.write_kubeconfig(dir.path()), &["-o", "json"]);
    let doc = json_of(&out);
    assert_eq!(status_of(&doc, "kubelet-anonymous-auth"), "UNKNOWN");
    assert!(String::from_utf8_lossy(&out.stderr).contains("may not get nodes/proxy"));
    assert!(
        !server
            .requests()
            .iter()
            .any(|r| r.path.ends_with("/configz")),
        "configz requested although the review denied it"
    );
}

#[test]
fn configz_is_read_on_a_bounded_sample() {
    let nodes: Vec<Value> = (0..25)
        .map(|i| {
            serde_json::json!({
                "apiVersion": "v1", "kind": "Node",
                "metadata": {"name": format!("node-{i:02}")}
            })
        })
        .collect();
    let server = workload_builder("hardened", Some("configz-hardened"))
        .objects(nodes)
        .start();
    let dir = tempfile::tempdir().unwrap();
    let out = workload(&server.write_kubeconfig(dir.path()), &["-o", "json"]);
    let configz = server
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/proxy/configz"))
        .count();
    assert_eq!(configz, 10);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("kubelet configuration read on 10 of 28 nodes"),
        "{stderr}"
    );
    let doc = json_of(&out);
    assert_eq!(doc["facts"]["kubelets"].as_array().map(Vec::len), Some(10));
    // The control-plane node is in the sample.
    assert_eq!(doc["facts"]["kubelets"][0]["node"], "cp-0");
}

/// The hardened cluster behind a TLS front whose certificate is valid from `from` to `until`,
/// judged at the real time (the client's TLS stack knows no other).
fn with_certificate(from: Day, until: Day) -> Output {
    let server = workload_builder("hardened", Some("configz-hardened")).start();
    let front = TlsFront::start(server.addr(), from, until);
    let dir = tempfile::tempdir().unwrap();
    run_with(
        &front.write_kubeconfig(dir.path()),
        None,
        &["check", "kubeapi", "--workload", "-o", "json"],
    )
}

#[test]
fn a_certificate_expiring_in_ten_days_warns() {
    let out = with_certificate(Day::today_plus(-1), Day::today_plus(10));
    assert_exit(&out, 0);
    let doc = json_of(&out);
    assert_eq!(status_of(&doc, "endpoint-certificate"), "WARN");
    let reason = reason_of(&doc, "endpoint-certificate");
    assert!(
        reason.contains("expires in 9 day(s)") || reason.contains("expires in 10 day(s)"),
        "{reason}"
    );
    assert_eq!(doc["facts"]["endpoint"]["certificate"]["verified"], true);
}

#[test]
fn an_expired_certificate_fails_and_the_rest_is_unknown() {
    let out = with_certificate(Day::today_plus(-60), Day::today_plus(-2));
    assert_exit(&out, 1);
    let doc = json_of(&out);
    assert_eq!(status_of(&doc, "endpoint-certificate"), "FAIL");
    assert!(reason_of(&doc, "endpoint-certificate").contains("expired"));
    assert_eq!(status_of(&doc, "apiserver-authorization-mode"), "UNKNOWN");
    assert_eq!(status_of(&doc, "anonymous-access"), "UNKNOWN");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("requests with the kubeconfig's credentials failed"),
        "{stderr}"
    );
}

#[test]
fn a_certificate_from_another_ca_fails_verification() {
    let server = workload_builder("hardened", Some("configz-hardened")).start();
    let front = long_lived_front(&server);
    let other = long_lived_front(&server);
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = front.write_kubeconfig_trusting(dir.path(), other.ca_pem());
    let out = workload(&kubeconfig, &["-o", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let doc = json_of(&out);
    assert_eq!(status_of(&doc, "endpoint-certificate"), "FAIL");
    let reason = reason_of(&doc, "endpoint-certificate");
    assert!(
        reason.contains("did not verify against the kubeconfig's CA"),
        "{reason}"
    );
    assert!(reason.contains("invalid peer certificate"), "{reason}");
}

#[test]
fn scs_lines_and_json_keys() {
    let server = workload_builder("weak", Some("configz-open")).start();
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = server.write_kubeconfig(dir.path());
    let out = workload(&kubeconfig, &["-o", "scs"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "kaas-kubeapi-hardening-check: FAIL\n"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("ERROR: FAILED: apiserver-authorization-mode"),
        "{stderr}"
    );
    let doc = json_of(&workload(&kubeconfig, &["-o", "json"]));
    for key in [
        "server",
        "context",
        "serverVersion",
        "items",
        "summary",
        "facts",
    ] {
        assert!(doc.get(key).is_some(), "{key} missing");
    }
    for item in doc["items"].as_array().unwrap() {
        for key in ["id", "title", "status", "reason"] {
            assert!(item[key].is_string(), "{key} missing in {item}");
        }
    }
    assert_eq!(doc["serverVersion"], "v1.36.2");
    assert_eq!(doc["summary"]["FAIL"], 8);
}

#[test]
fn bad_credentials_and_unreachable_servers_are_exit_3() {
    let server = workload_builder("hardened", None)
        .fault(Fault::unauthorized())
        .start();
    let dir = tempfile::tempdir().unwrap();
    let out = workload(&server.write_kubeconfig(dir.path()), &[]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("rejected the credentials"));

    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = kubeconfig_for(dir.path(), "http://127.0.0.1:9", "lab");
    scs()
        .env("KUBECONFIG", kubeconfig)
        .args(["check", "kubeapi", "--workload", "--request-timeout", "5s"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "cannot reach the Kubernetes API at http://127.0.0.1:9",
        ));
}

#[test]
fn workload_view_flags_conflict_with_management_flags() {
    scs()
        .args(["check", "kubeapi", "--workload", "-f"])
        .arg(fixture("mgmt/openstack-cidrs.yaml"))
        .assert()
        .code(2);
    scs()
        .args(["check", "kubeapi", "--workload", "--require-restricted"])
        .assert()
        .code(2);
    scs()
        .args(["check", "kubeapi", "--workload", "prod-1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be used with"));
    // The global --cluster (a kubeconfig cluster) is no management-view flag.
    let server = workload_builder("hardened", None).start();
    let dir = tempfile::tempdir().unwrap();
    let out = workload(
        &server.write_kubeconfig(dir.path()),
        &["--cluster", "fake", "-o", "json"],
    );
    assert_exit(&out, 1);
    assert_eq!(json_of(&out)["serverVersion"], "v1.36.2");
}
