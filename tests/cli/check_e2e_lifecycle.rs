//! The e2e mode's lifecycle against the fake API server: `--cleanup` next to runs still
//! going, and what a run says when it is stopped or its pod cannot run.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::check_e2e_live::{POD, Sim, cluster, leftovers, run, run_cmd, wait_with_timeout};
use crate::support::fake_apiserver::FakeApiServer;

const PURPOSE: &str = "kaas-networking-check";
const LEASE: &str = "kubectl-scs.scs.community/alive-until";

fn labels(run_id: &str) -> Value {
    json!({
        "app.kubernetes.io/managed-by": "kubectl-scs",
        "kubectl-scs.scs.community/run-id": run_id,
        "kubectl-scs.scs.community/purpose": PURPOSE,
    })
}

/// A namespace and ClusterRole of run `run_id`, its lease ending at `until` (none: a run of
/// a version without leases).
fn run_objects(run_id: &str, until: Option<&str>, finalizers: &[&str]) -> [Value; 2] {
    let mut ns = json!({
        "apiVersion": "v1", "kind": "Namespace",
        "metadata": {"name": format!("kubectl-scs-networking-{run_id}"), "labels": labels(run_id)},
    });
    if let Some(until) = until {
        ns["metadata"]["annotations"] = json!({ LEASE: until });
    }
    if !finalizers.is_empty() {
        ns["metadata"]["finalizers"] = json!(finalizers);
    }
    let role = json!({
        "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
        "metadata": {"name": format!("kubectl-scs-e2e-{run_id}"), "labels": labels(run_id)},
        "rules": [],
    });
    [ns, role]
}

/// The binary running `args` in the background against `server`.
fn spawn(server: &FakeApiServer, dir: &std::path::Path, run_id: &str, args: &[&str]) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin("kubectl-scs"))
        .args(args)
        .env("KUBECONFIG", server.write_kubeconfig(dir))
        .env("HOME", dir)
        .env("NO_COLOR", "1")
        .env("KUBECTL_SCS_POLL_INTERVAL", "100ms")
        .env("KUBECTL_SCS_CLEANUP_TIMEOUT", "5s")
        .env("KUBECTL_SCS_PROGRESS_INTERVAL", "0s")
        .env("KUBECTL_SCS_RUN_ID", run_id)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn wait_running(server: &FakeApiServer, namespace: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !server
        .store()
        .get("Pod", namespace, POD)
        .is_some_and(|p| p["status"]["phase"] == "Running")
    {
        assert!(Instant::now() < deadline, "the test pod never ran");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Proves `--cleanup` in a second terminal leaves a run that is still going alone (its
/// namespace holds a lease the run renews; its RBAC goes with it) while it deletes a killed
/// run's objects, and that the live run then finishes normally.
#[test]
fn cleanup_leaves_a_running_run_alone_and_deletes_a_stale_one() {
    let server = cluster(Sim {
        run_for: Some(Duration::from_secs(3)),
        ..Sim::passing_netpol()
    })
    .objects(run_objects("old1", Some("2020-01-01T00:00:00Z"), &[]))
    .objects(run_objects("old2", None, &[]))
    .start();
    let dir = tempfile::tempdir().unwrap();
    let live = spawn(
        &server,
        dir.path(),
        "live1",
        &["check", "networking", "-o", "json"],
    );
    wait_running(&server, "kubectl-scs-networking-live1");
    let ns = server
        .store()
        .get("Namespace", "", "kubectl-scs-networking-live1")
        .unwrap();
    let until: jiff::Timestamp = ns["metadata"]["annotations"][LEASE]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(until > jiff::Timestamp::now());

    let out = run(
        &server,
        dir.path(),
        "x",
        &["check", "networking", "--cleanup", "-o", "json"],
        0,
    );
    let doc: Value = serde_json::from_str(&out.stdout).unwrap();
    let mut seen: Vec<(String, bool, bool)> = doc["leftovers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                format!("{}/{}", l["kind"].as_str().unwrap(), l["name"].as_str().unwrap()),
                l["deleted"].as_bool().unwrap(),
                l["aliveUntil"].is_string(),
            )
        })
        .collect();
    seen.sort();
    let row = |name: &str, deleted, live| (name.to_string(), deleted, live);
    assert_eq!(
        seen,
        [
            row("ClusterRole/kubectl-scs-e2e-live1", false, true),
            row("ClusterRole/kubectl-scs-e2e-old1", true, false),
            row("ClusterRole/kubectl-scs-e2e-old2", true, false),
            row("ClusterRoleBinding/kubectl-scs-e2e-live1", false, true),
            row("Namespace/kubectl-scs-networking-live1", false, true),
            row("Namespace/kubectl-scs-networking-old1", true, false),
            row("Namespace/kubectl-scs-networking-old2", true, false),
        ],
        "{}",
        out.stdout
    );
    assert!(
        server
            .store()
            .exists("Namespace", "", "kubectl-scs-networking-live1")
    );

    let out = wait_with_timeout(live, Duration::from_secs(30));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(leftovers(&server), Vec::<String>::new());
}

/// Proves a run still going is listed with its lease and left alone, `--force` naming
/// another run does not touch it, `--force` naming it deletes it, and a namespace still
/// terminating when the wait ends is reported so, not as deleted.
#[test]
fn force_deletes_the_live_runs_it_names_and_terminating_is_said() {
    let server = cluster(Sim::passing_netpol())
        .objects(run_objects("busy", Some("2099-01-01T00:00:00Z"), &[]))
        .objects(run_objects("stuck", None, &["example.com/hold"]))
        .start();
    let dir = tempfile::tempdir().unwrap();
    let cleanup = |extra: &[&str]| {
        let mut args = vec!["check", "networking", "--cleanup"];
        args.extend_from_slice(extra);
        let out = run_cmd(&server, dir.path(), "x")
            .env("KUBECTL_SCS_CLEANUP_TIMEOUT", "300ms")
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let busy = || {
        server
            .store()
            .exists("Namespace", "", "kubectl-scs-networking-busy")
    };

    let stdout = cleanup(&[]);
    assert!(
        stdout.contains("running (lease until 2099-01-01T00:00:00Z): left alone; --force busy deletes it"),
        "{stdout}"
    );
    assert!(
        stdout.contains("deletion accepted, still terminating"),
        "{stdout}"
    );
    let stuck = stdout
        .lines()
        .find(|l| l.contains("Namespace") && l.contains("stuck"))
        .unwrap_or_default();
    assert!(!stuck.contains(" deleted"), "{stdout}");
    assert!(busy());

    cleanup(&["--force", "other"]);
    assert!(busy());

    let stdout = cleanup(&["--force", "busy"]);
    assert!(!busy(), "{stdout}");
    assert_eq!(stdout.matches("deleted").count(), 2, "{stdout}");
}
