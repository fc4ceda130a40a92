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
                format!(
                    "{}/{}",
                    l["kind"].as_str().unwrap(),
                    l["name"].as_str().unwrap()
                ),
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
        stdout.contains(
            "running (lease until 2099-01-01T00:00:00Z): left alone; --force busy deletes it"
        ),
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

/// Sends SIGINT to a child process.
fn interrupt(child: &Child) {
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
}

/// The container status and log of the real crashed pod (`34-…`, `35-…`), as container `name`.
fn recorded_crash(name: &str) -> (Value, String) {
    let pod: Value = serde_json::from_str(
        &std::fs::read_to_string(crate::support::fixture(
            "apiserver/34-pod-container-crashloop-sctp.json",
        ))
        .unwrap(),
    )
    .unwrap();
    let mut status = pod["status"]["containerStatuses"][0].clone();
    status["name"] = json!(name);
    let log = std::fs::read_to_string(crate::support::fixture(
        "apiserver/35-pod-log-sctp-unsupported.txt",
    ))
    .unwrap();
    (status, log)
}

/// Proves a test pod whose container cannot go on (here the results sidecar ended, with the
/// status and log of a real crashed container) stops the run at once, naming pod,
/// container, reason, exit code and the last log lines — and that under `-o scs` these are
/// `ERROR:` lines, not `error:`/`hint:`.
#[test]
fn a_container_that_ends_stops_the_run_at_once_with_its_log_in_scs_lines() {
    let server = cluster(Sim::endless()).start();
    let dir = tempfile::tempdir().unwrap();
    let child = spawn(
        &server,
        dir.path(),
        "crash1",
        &["check", "networking", "-o", "scs"],
    );
    let ns = "kubectl-scs-networking-crash1";
    wait_running(&server, ns);
    let (sidecar, log) = recorded_crash("results");
    server.set_pod_log(ns, POD, Some("results"), &log);
    let started = Instant::now();
    server
        .store()
        .patch(
            "Pod",
            ns,
            POD,
            json!({"status": {"containerStatuses": [
                {"name": "e2e", "image": "", "imageID": "", "ready": true, "restartCount": 0, "state": {"running": {}}},
                sidecar
            ]}}),
        )
        .unwrap();
    let out = wait_with_timeout(child, Duration::from_secs(30));
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "kaas-networking-check: ABORT\n"
    );
    assert!(
        stderr.contains(&format!(
            "ERROR: pod {ns}/{POD} cannot run: container \"results\" terminated (Error, exit code 1) after 3 restarts; last log lines of container \"results\":\n"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("ERROR:   I1207 15:08:16.055966       1 log.go:244] Failed to listen SCTP. error:protocol not supported"),
        "{stderr}"
    );
    assert!(
        stderr.contains("INFO: hint: `kubectl describe pod"),
        "{stderr}"
    );
    assert!(
        !stderr
            .lines()
            .any(|l| l.starts_with("error:") || l.starts_with("hint:")),
        "{stderr}"
    );
    assert_eq!(leftovers(&server), Vec::<String>::new());
}

/// Proves a conformance container that ends without results is reported with its exit
/// code and its last log lines.
#[test]
fn no_results_are_reported_with_the_exit_code_and_the_log() {
    let server = cluster(Sim {
        exit_code: 2,
        log: "Running Suite\nF1207 e2e.go:77] cannot load the kubeconfig: no such file\n".into(),
        results_lost: true,
        ..Sim::passing_netpol()
    })
    .start();
    let dir = tempfile::tempdir().unwrap();
    let out = run(&server, dir.path(), "nores", &["check", "networking"], 3);
    let stderr = &out.stderr;
    assert!(
        stderr.contains("container \"e2e\" ended with exit code 2 (Error)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("last log lines of container \"e2e\":\n  Running Suite\n  F1207 e2e.go:77] cannot load the kubeconfig: no such file"),
        "{stderr}"
    );
    assert_eq!(leftovers(&server), Vec::<String>::new());
}

/// Proves the interrupt message counts the specs the log follower saw (3 of 50), and a
/// second Ctrl-C during the clean-up reports the objects it already deleted as deleted (the
/// namespace as still terminating), not as left behind.
#[test]
fn interrupts_report_the_log_progress_and_what_was_deleted() {
    let server = cluster(Sim::endless())
        .on_create("Namespace", |ns, _| {
            ns["metadata"]["finalizers"] = json!(["example.com/hold"]);
            Ok(())
        })
        .start();
    let dir = tempfile::tempdir().unwrap();
    let child = spawn(&server, dir.path(), "int1", &["check", "networking"]);
    let ns = "kubectl-scs-networking-int1";
    wait_running(&server, ns);
    std::thread::sleep(Duration::from_millis(500));
    interrupt(&child);
    // The namespace is terminating (held by its finalizer): the clean-up waits for it.
    let deadline = Instant::now() + Duration::from_secs(20);
    while server
        .store()
        .get("Namespace", "", ns)
        .is_some_and(|n| n["metadata"]["deletionTimestamp"].is_null())
    {
        assert!(Instant::now() < deadline, "the namespace was never deleted");
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(200));
    interrupt(&child);
    let out = wait_with_timeout(child, Duration::from_secs(30));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("(3 of 50 specs done)"), "{stderr}");
    assert!(!stderr.contains("left behind"), "{stderr}");
    assert!(
        stderr.contains(&format!("Namespace {ns} (still terminating)")),
        "{stderr}"
    );
    assert!(
        stderr.contains("ClusterRole kubectl-scs-e2e-int1"),
        "{stderr}"
    );
}

/// A cluster of one worker whose pods, 100 ms after they are created, stay `Pending` with these
/// container statuses.
fn pods_wait(statuses: Value) -> FakeApiServer {
    FakeApiServer::builder()
        .with_namespaces()
        .objects([crate::support::fake_cni::node("worker-0", false)])
        .on_create("Pod", move |pod, store| {
            let name = pod["metadata"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            let ns = pod["metadata"]["namespace"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            let status =
                json!({"status": {"phase": "Pending", "containerStatuses": statuses.clone()}});
            store.after(Duration::from_millis(100), move |s| {
                let _ = s.patch("Pod", &ns, &name, status);
            });
            Ok(())
        })
        .start()
}

/// The status of a container waiting with `waiting` (`reason`, `message`).
fn waiting(name: &str, waiting: Value) -> Value {
    json!({"name": name, "image": "", "imageID": "", "ready": false, "restartCount": 0,
           "state": {"waiting": waiting}})
}

/// Proves `--list-images` with a mirror that lacks the conformance image names the image
/// to copy there instead of hinting at `--image-repository`.
#[test]
fn list_images_names_the_image_the_mirror_lacks() {
    let server = pods_wait(json!([waiting(
        "e2e",
        json!({"reason": "ErrImagePull", "message": "harbor.example.com/k8s/conformance:v1.36.2: not found"})
    )]));
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        &server,
        dir.path(),
        "li1",
        &[
            "check",
            "networking",
            "--list-images",
            "--image-repository",
            "harbor.example.com/k8s",
        ],
        3,
    );
    let stderr = &out.stderr;
    assert!(
        stderr.contains("hint: the mirror harbor.example.com/k8s lacks harbor.example.com/k8s/conformance:v1.36.2: copy registry.k8s.io/conformance:v1.36.2 there"),
        "{stderr}"
    );
    assert!(!stderr.contains("pass --image-repository"), "{stderr}");
    assert_eq!(leftovers(&server), Vec::<String>::new());
}

/// Proves the progress says an empty skip as "no skip" (not ``skip ` ` ``), prints no spec
/// count before ginkgo has said how many specs run, and labels failures it counts as
/// counted before the waivers (the three waived CIDR failures of this run).
#[test]
fn progress_lines_read_right() {
    let server = cluster(Sim::passing_netpol()).start();
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        &server,
        dir.path(),
        "pr1",
        &["check", "networking", "--skip", ""],
        0,
    );
    let stderr = &out.stderr;
    assert!(
        stderr.contains("(focus `NetworkPolicy`, no skip, parallel true)"),
        "{stderr}"
    );
    assert!(!stderr.contains("skip ``"), "{stderr}");
    assert!(!stderr.contains("/? specs"), "{stderr}");
    assert!(
        stderr.contains("progress: 50/50 specs done, 3 failed before waivers"),
        "{stderr}"
    );
}

/// Proves the run follows its pod (start and end) and its namespace's deletion by watch,
/// not by the 5 s status poll: with the default interval, a run whose suite takes 0.9 s is
/// over before two polls could have passed (polling needed at least 10 s here).
#[test]
fn the_default_poll_interval_does_not_slow_a_run_down() {
    let server = cluster(Sim::passing_netpol()).start();
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let out = run_cmd(&server, dir.path(), "fast1")
        .env("KUBECTL_SCS_POLL_INTERVAL", "5s")
        .args(["check", "networking"])
        .output()
        .unwrap();
    let took = started.elapsed();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(took < Duration::from_secs(8), "took {took:?}");
    assert_eq!(leftovers(&server), Vec::<String>::new());
}

/// Proves a test pod that cannot start for a reason other than its image (here the
/// kubelet's `CreateContainerConfigError`) stops the run at once, naming pod, container,
/// reason and message, instead of after `--startup-timeout`.
#[test]
fn a_container_that_cannot_be_created_stops_the_start_at_once() {
    let server = pods_wait(json!([
        waiting(
            "e2e",
            json!({"reason": "CreateContainerConfigError", "message": "container has runAsNonRoot and image will run as root"})
        ),
        waiting("results", json!({"reason": "ContainerCreating"})),
    ]));
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let out = run(
        &server,
        dir.path(),
        "cc1",
        &["check", "networking", "--startup-timeout", "10m"],
        3,
    );
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    assert!(
        out.stderr.contains("error: pod kubectl-scs-networking-cc1/kubectl-scs-e2e cannot run: container \"e2e\" waiting (CreateContainerConfigError): container has runAsNonRoot and image will run as root"),
        "{}",
        out.stderr
    );
    assert_eq!(leftovers(&server), Vec::<String>::new());
}
