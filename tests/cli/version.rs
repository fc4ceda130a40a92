//! `kubectl scs version` and `--version`, and the commit the build records.

use std::path::Path;
use std::time::{Duration, Instant};

use predicates::prelude::*;
use serde_json::Value;

use crate::support::fake_apiserver::{FakeApiServer, Fault};
use crate::support::{kubeconfig_for, scs, scs_live};

#[path = "../../build/git_commit.rs"]
mod git_commit;

/// The commit `build.rs` should have recorded for this checkout.
fn expected_commit() -> String {
    git_commit::short_commit(Path::new(env!("CARGO_MANIFEST_DIR")))
        .unwrap_or_else(|| "unknown".to_string())
}

#[test]
fn version_flag_names_version_and_commit() {
    scs().arg("--version").assert().success().stdout(format!(
        "kubectl-scs {} (commit {})\n",
        env!("CARGO_PKG_VERSION"),
        expected_commit()
    ));
}

#[test]
fn unreachable_server_is_reported_and_exit_is_0() {
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = kubeconfig_for(dir.path(), "http://127.0.0.1:9", "lab");
    scs()
        .args(["version", "--kubeconfig"])
        .arg(&kubeconfig)
        .assert()
        .success()
        .stdout(predicate::str::starts_with(format!(
            "Client Version: v{} (commit {})\n",
            env!("CARGO_PKG_VERSION"),
            expected_commit()
        )))
        .stdout(predicate::str::contains(
            "Server Version: unavailable: cannot reach the Kubernetes API at http://127.0.0.1:9 (context \"lab\")",
        ));
}

#[test]
fn json_has_stable_keys_and_null_server_when_unreachable() {
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = kubeconfig_for(dir.path(), "http://127.0.0.1:9", "lab");
    let output = scs()
        .args(["version", "-o", "json", "--kubeconfig"])
        .arg(&kubeconfig)
        .output()
        .unwrap();
    assert!(output.status.success());
    let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        doc["clientVersion"]["version"],
        format!("v{}", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(doc["clientVersion"]["gitCommit"], expected_commit());
    assert!(
        doc["clientVersion"]["platform"]
            .as_str()
            .unwrap()
            .contains('/')
    );
    assert_eq!(doc["serverVersion"], Value::Null);
    assert!(doc["serverError"].as_str().unwrap().contains("127.0.0.1:9"));
}

#[test]
fn no_kubeconfig_at_all_still_prints_the_client_version() {
    scs()
        .args(["version", "-o", "yaml"])
        .assert()
        .success()
        .stdout(predicate::str::contains("gitCommit:"))
        .stdout(predicate::str::contains("serverVersion: null"))
        .stdout(predicate::str::contains("no kubeconfig found"));
}

#[test]
fn checks_only_formats_are_refused() {
    scs()
        .args(["version", "-o", "junit"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "invalid value 'junit' for '--output <FORMAT>'",
        ))
        .stderr(predicate::str::contains(
            "[possible values: table, wide, json, yaml]",
        ));
}

#[test]
fn commit_is_read_only_at_the_top_of_a_checkout() {
    let outside = tempfile::tempdir().unwrap();
    assert_eq!(git_commit::short_commit(outside.path()), None);
    // A directory inside the checkout is not the crate's own checkout top.
    let inside = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    assert_eq!(git_commit::short_commit(&inside), None);
    if let Some(commit) = git_commit::short_commit(Path::new(env!("CARGO_MANIFEST_DIR"))) {
        assert!(
            commit.len() >= 7 && commit.chars().all(|c| c.is_ascii_hexdigit()),
            "{commit}"
        );
    }
    assert!(git_commit::head_files(outside.path()).is_empty());
}

#[test]
fn server_version_comes_from_a_reachable_cluster() {
    let server = FakeApiServer::builder().git_version("v1.34.2").start();
    let dir = tempfile::tempdir().unwrap();
    scs_live(&server, dir.path())
        .arg("version")
        .assert()
        .success()
        .stdout(predicate::str::ends_with("Server Version: v1.34.2\n"));
    let output = scs_live(&server, dir.path())
        .args(["version", "-o", "json"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(doc["serverVersion"]["gitVersion"], "v1.34.2");
    assert_eq!(doc["serverVersion"]["major"], "1");
    assert_eq!(doc["serverVersion"]["minor"], "34");
    assert!(doc.get("serverError").is_none(), "{doc}");
    // One request, and only to /version: the command reads nothing else.
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert!(paths.iter().all(|p| p == "/version"), "{paths:?}");
}

#[test]
fn a_hanging_version_endpoint_is_reported_not_waited_for() {
    let server = FakeApiServer::builder()
        .fault(Fault::hang("/version"))
        .start();
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    scs_live(&server, dir.path())
        .args(["version", "--request-timeout", "1s"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Server Version: unavailable: timed out",
        ));
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn a_rejected_token_is_reported_with_exit_0() {
    let server = FakeApiServer::builder()
        .fault(Fault::unauthorized())
        .start();
    let dir = tempfile::tempdir().unwrap();
    scs_live(&server, dir.path())
        .arg("version")
        .assert()
        .success()
        .stdout(predicate::str::contains("Server Version: unavailable:"))
        .stdout(predicate::str::contains("401 Unauthorized"));
}
