//! `check networking` / `check conformance` running the suite against the fake API server.
//!
//! The fake server plays the cluster: when the test pod is created, a hook makes it run,
//! writes its log over time, answers `cat` in the sidecar with a results fixture, and ends
//! the conformance container. Every test checks that nothing of the run is left.

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::check_e2e::{CILIUM_CIDR, FOUR_FAILURES_JUNIT, netpol_junit};
use crate::support::fake_apiserver::{ExecResult, FakeApiServer, FakeApiServerBuilder, Fault};
use crate::support::fake_cni::{daemonset, node};
use crate::support::{fixture, scs_live};

const MANAGED: &str = "app.kubernetes.io/managed-by";
pub(crate) const POD: &str = "kubectl-scs-e2e";

/// How the simulated test pod behaves.
#[derive(Clone)]
pub(crate) struct Sim {
    pub(crate) junit: Option<Vec<u8>>,
    pub(crate) partial_log: String,
    pub(crate) log: String,
    /// From Running to the conformance container's end; `None`: never ends.
    pub(crate) run_for: Option<Duration>,
    pub(crate) exit_code: i32,
    /// The conformance image cannot be pulled.
    pub(crate) pull_error: bool,
    /// The sidecar has no results to `cat`.
    pub(crate) results_lost: bool,
}

impl Sim {
    pub(crate) fn passing_netpol() -> Sim {
        Sim {
            junit: Some(netpol_junit(&CILIUM_CIDR[..]).into_bytes()),
            partial_log: "Running Suite: Kubernetes e2e suite - /usr/local/bin\nWill run 50 of 7407 specs\nSSSS•S••\n".into(),
            log: format!(
                "Running Suite: Kubernetes e2e suite - /usr/local/bin\nWill run 50 of 7407 specs\n{}\nRan 50 of 7407 Specs in 612.3 seconds\nFAIL! -- 47 Passed | 3 Failed | 0 Pending | 7357 Skipped\n",
                "•".repeat(50)
            ),
            run_for: Some(Duration::from_millis(900)),
            exit_code: 1,
            pull_error: false,
            results_lost: false,
        }
    }

    pub(crate) fn four_failures() -> Sim {
        Sim {
            junit: Some(std::fs::read(fixture(FOUR_FAILURES_JUNIT)).unwrap()),
            partial_log: "Will run 25 of 5771 specs\n••\n".into(),
            log: "Will run 25 of 5771 specs\n\nRan 25 of 5771 Specs in 1037.0 seconds\nFAIL! -- 21 Passed | 4 Failed | 0 Pending | 5746 Skipped\n".into(),
            run_for: Some(Duration::from_millis(600)),
            exit_code: 1,
            pull_error: false,
            results_lost: false,
        }
    }

    pub(crate) fn endless() -> Sim {
        Sim {
            run_for: None,
            ..Sim::passing_netpol()
        }
    }
}

fn status(containers: &[(&str, Value)]) -> Value {
    let statuses: Vec<Value> = containers
        .iter()
        .map(|(name, state)| {
            json!({"name": name, "image": "", "imageID": "", "ready": true, "restartCount": 0, "state": state})
        })
        .collect();
    json!({"status": {"phase": "Running", "containerStatuses": statuses}})
}

/// A cluster with a Cilium DaemonSet, a tainted control plane and a worker, whose test pod
/// behaves as `sim` says.
pub(crate) fn cluster(sim: Sim) -> FakeApiServerBuilder {
    cluster_with(
        sim,
        vec![daemonset(
            "kube-system",
            "cilium",
            "quay.io/cilium/cilium:v1.16.3",
        )],
    )
}

fn cluster_with(sim: Sim, extra: Vec<Value>) -> FakeApiServerBuilder {
    let sim = Arc::new(sim);
    let exec_sim = Arc::clone(&sim);
    FakeApiServer::builder()
        .with_namespaces()
        .objects([node("cp-0", true), node("worker-0", false)])
        .objects(extra)
        .on_create("Pod", move |pod, store| {
            let name = pod["metadata"]["name"].as_str().unwrap_or_default().to_string();
            let ns = pod["metadata"]["namespace"].as_str().unwrap_or_default().to_string();
            if name != POD {
                return Ok(());
            }
            let sim = Arc::clone(&sim);
            let (ns1, name1, sim1) = (ns.clone(), name.clone(), Arc::clone(&sim));
            store.after(Duration::from_millis(150), move |s| {
                if sim1.pull_error {
                    let _ = s.patch("Pod", &ns1, &name1, json!({"status": {"phase": "Pending", "containerStatuses": [
                        {"name": "e2e", "image": "", "imageID": "", "ready": false, "restartCount": 0,
                         "state": {"waiting": {"reason": "ErrImagePull", "message": "failed to pull and unpack image: not found"}}}
                    ]}}));
                    return;
                }
                let _ = s.patch("Pod", &ns1, &name1, status(&[("e2e", json!({"running": {}})), ("results", json!({"running": {}}))]));
                s.set_pod_log(&ns1, &name1, Some("e2e"), &sim1.partial_log);
            });
            if let (Some(run_for), false) = (sim.run_for, sim.pull_error) {
                store.after(Duration::from_millis(150) + run_for, move |s| {
                    s.set_pod_log(&ns, &name, Some("e2e"), &sim.log);
                    let _ = s.patch("Pod", &ns, &name, status(&[
                        ("e2e", json!({"terminated": {"exitCode": sim.exit_code, "reason": "Error"}})),
                        ("results", json!({"running": {}})),
                    ]));
                });
            }
            Ok(())
        })
        .exec(move |req| {
            if req.container != "results" {
                return ExecResult::fail("exec only in the sidecar\n", 126);
            }
            if exec_sim.results_lost {
                return ExecResult::fail(format!("cat: can't open '{}': No such file or directory\n", req.command.last().cloned().unwrap_or_default()), 1);
            }
            match req.command.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
                ["cat", "/tmp/results/junit_01.xml"] => match &exec_sim.junit {
                    Some(junit) => ExecResult::ok(junit.clone()),
                    None => ExecResult::fail("cat: can't open '/tmp/results/junit_01.xml': No such file or directory\n", 1),
                },
                ["cat", "/tmp/results/e2e.log"] => ExecResult::ok(exec_sim.log.clone().into_bytes()),
                other => ExecResult::fail(format!("unexpected command {other:?}\n"), 127),
            }
        })
}

/// The binary against `server`, quick polls, a fixed run id.
pub(crate) fn run_cmd(
    server: &FakeApiServer,
    dir: &std::path::Path,
    run_id: &str,
) -> assert_cmd::Command {
    let mut cmd = scs_live(server, dir);
    cmd.env("KUBECTL_SCS_POLL_INTERVAL", "100ms")
        .env("KUBECTL_SCS_CLEANUP_TIMEOUT", "5s")
        .env("KUBECTL_SCS_PROGRESS_INTERVAL", "0s")
        .env("KUBECTL_SCS_RUN_ID", run_id)
        .timeout(Duration::from_secs(60));
    cmd
}

/// What a run of the binary printed.
pub(crate) struct Ran {
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

/// Runs the binary with `args` and checks its exit code.
pub(crate) fn run(
    server: &FakeApiServer,
    dir: &std::path::Path,
    run_id: &str,
    args: &[&str],
    code: i32,
) -> Ran {
    let out = run_cmd(server, dir, run_id).args(args).output().unwrap();
    let ran = Ran {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert_eq!(out.status.code(), Some(code), "{}", ran.stderr);
    ran
}

/// Objects carrying the managed-by label, as `Kind/name`.
pub(crate) fn leftovers(server: &FakeApiServer) -> Vec<String> {
    let store = server.store();
    let mut found = Vec::new();
    for kind in [
        "Namespace",
        "ClusterRole",
        "ClusterRoleBinding",
        "Pod",
        "ServiceAccount",
        "ConfigMap",
    ] {
        for o in store.list(kind, None) {
            if o["metadata"]["labels"][MANAGED] == "kubectl-scs" {
                found.push(format!(
                    "{kind}/{}",
                    o["metadata"]["name"].as_str().unwrap_or_default()
                ));
            }
        }
    }
    found
}

/// The bodies of the objects the binary created, by kind.
pub(crate) fn created(server: &FakeApiServer, kind: &str) -> Vec<Value> {
    server
        .requests()
        .iter()
        .filter(|r| r.method == "POST")
        .filter_map(|r| r.body_json())
        .filter(|b| b["kind"] == kind)
        .collect()
}

pub(crate) fn env_of(pod: &Value) -> std::collections::BTreeMap<String, String> {
    pod["spec"]["containers"][0]["env"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["name"].as_str().unwrap().to_string(),
                e["value"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn labels_ok(object: &Value, run_id: &str) {
    let labels = &object["metadata"]["labels"];
    assert_eq!(labels[MANAGED], "kubectl-scs", "{object}");
    assert_eq!(
        labels["kubectl-scs.scs.community/run-id"], run_id,
        "{object}"
    );
}

#[test]
fn a_networking_run_creates_runs_fetches_judges_and_cleans_up() {
    let server = cluster(Sim::passing_netpol()).start();
    let dir = tempfile::tempdir().unwrap();
    let artifacts = dir.path().join("artifacts");
    let artifacts_arg = artifacts.display().to_string();
    let args = [
        "check",
        "networking",
        "-o",
        "json",
        "--artifacts",
        &artifacts_arg,
    ];
    let out = run(&server, dir.path(), "t1", &args, 0);
    let stderr = &out.stderr;

    // The verdict: the 3 Cilium ipBlock failures are waived.
    let doc: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["check"], "kaas-networking-check");
    assert_eq!(doc["verdict"], "PASS");
    assert_eq!(
        doc["counts"],
        json!({"passed": 47, "failed": 0, "waived": 3, "skipped": 5})
    );
    assert_eq!(doc["cni"]["summary"], "cilium");
    assert_eq!(doc["kubernetesVersion"], "v1.36.2");
    assert_eq!(doc["run"]["namespace"], "kubectl-scs-networking-t1");
    assert_eq!(doc["run"]["exitCode"], 1);
    assert!(
        doc["source"]
            .as_str()
            .unwrap()
            .contains("fetched from pod kubectl-scs-networking-t1/kubectl-scs-e2e")
    );

    // What was created, with which spec.
    let ns = &created(&server, "Namespace")[0];
    assert_eq!(ns["metadata"]["name"], "kubectl-scs-networking-t1");
    labels_ok(ns, "t1");
    assert_eq!(
        ns["metadata"]["labels"]["pod-security.kubernetes.io/enforce"],
        "restricted"
    );
    assert_eq!(
        ns["metadata"]["labels"]["kubectl-scs.scs.community/purpose"],
        "kaas-networking-check"
    );
    let sa = &created(&server, "ServiceAccount")[0];
    labels_ok(sa, "t1");
    let role = &created(&server, "ClusterRole")[0];
    assert_eq!(role["metadata"]["name"], "kubectl-scs-e2e-t1");
    assert_eq!(role["rules"][0]["verbs"], json!(["*"]));
    labels_ok(role, "t1");
    let binding = &created(&server, "ClusterRoleBinding")[0];
    assert_eq!(binding["metadata"]["name"], "kubectl-scs-e2e-t1");
    assert_eq!(binding["roleRef"]["name"], "kubectl-scs-e2e-t1");
    assert_eq!(
        binding["subjects"][0]["namespace"],
        "kubectl-scs-networking-t1"
    );
    labels_ok(binding, "t1");
    let pod = &created(&server, "Pod")[0];
    labels_ok(pod, "t1");
    let containers = pod["spec"]["containers"].as_array().unwrap();
    assert_eq!(
        containers[0]["image"],
        "registry.k8s.io/conformance:v1.36.2"
    );
    assert_eq!(containers[1]["name"], "results");
    assert_eq!(
        containers[1]["image"],
        "registry.k8s.io/e2e-test-images/busybox:1.36.1-1"
    );
    assert_eq!(
        containers[0]["volumeMounts"][0]["mountPath"],
        "/tmp/results"
    );
    assert_eq!(
        containers[1]["volumeMounts"][0]["mountPath"],
        "/tmp/results"
    );
    assert!(pod["spec"]["volumes"][0]["emptyDir"].is_object());
    assert_eq!(pod["spec"]["serviceAccountName"], "kubectl-scs-e2e");
    let env = env_of(pod);
    assert_eq!(env["E2E_FOCUS"], "NetworkPolicy");
    assert_eq!(env["E2E_SKIP"], r"\[Disruptive\]|NoExecuteTaintManager");
    assert_eq!(env["E2E_PARALLEL"], "true");
    assert_eq!(env["E2E_EXTRA_ARGS"], "--ginkgo.flake-attempts=2");
    assert!(created(&server, "ConfigMap").is_empty());

    // Progress, results fetched from the sidecar, artifacts kept.
    assert!(stderr.contains("specs done"), "{stderr}");
    assert!(stderr.contains("/50 specs done"), "{stderr}");
    assert!(stderr.contains("progress: 50/50 specs done"), "{stderr}");
    let execs: Vec<String> = server
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/exec"))
        .map(|r| r.query.clone())
        .collect();
    assert_eq!(execs.len(), 2, "{execs:?}");
    assert!(execs.iter().all(|q| q.contains("container=results")));
    assert_eq!(
        std::fs::read_to_string(artifacts.join("junit_01.xml")).unwrap(),
        netpol_junit(&CILIUM_CIDR[..])
    );
    assert!(
        std::fs::read_to_string(artifacts.join("e2e.log"))
            .unwrap()
            .contains("Ran 50 of 7407")
    );

    assert_eq!(leftovers(&server), Vec::<String>::new());
    assert_eq!(
        doc["run"]["cleanup"]["deleted"].as_array().unwrap().len(),
        3,
        "{}",
        doc["run"]
    );
}

#[test]
fn a_conformance_run_fails_in_scs_lines_with_the_settings_scs_uses() {
    let server = cluster(Sim::four_failures()).start();
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        &server,
        dir.path(),
        "t2",
        &["check", "conformance", "-o", "scs"],
        1,
    );
    let stderr = &out.stderr;
    assert_eq!(out.stdout.as_str(), "cncf-k8s-conformance: FAIL\n");
    assert_eq!(
        stderr.matches("ERROR: FAILED: [sig-").count(),
        4,
        "{stderr}"
    );
    assert!(stderr.contains("INFO: progress: "), "{stderr}");
    assert!(
        stderr.contains("mode SCS (parallel, 2 flake attempts; the image skips [Serial] tests)"),
        "{stderr}"
    );
    let pod = &created(&server, "Pod")[0];
    let env = env_of(pod);
    assert_eq!(env["E2E_FOCUS"], r"\[Conformance\]");
    // Empty, so the image's runner skips [Serial] tests because the run is parallel.
    assert_eq!(env["E2E_SKIP"], "");
    assert_eq!(env["E2E_PARALLEL"], "true");
    assert_eq!(env["E2E_EXTRA_ARGS"], "--ginkgo.flake-attempts=2");
    assert_eq!(
        created(&server, "Namespace")[0]["metadata"]["name"],
        "kubectl-scs-conformance-t2"
    );
    assert_eq!(leftovers(&server), Vec::<String>::new());
}

#[test]
fn certified_runs_every_conformance_test_serially_once_and_says_so() {
    let server = cluster(Sim::four_failures()).start();
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        &server,
        dir.path(),
        "t2c",
        &["check", "conformance", "--certified", "-o", "json"],
        1,
    );
    let env = env_of(&created(&server, "Pod")[0]);
    assert_eq!(env["E2E_FOCUS"], r"\[Conformance\]");
    assert_eq!(env["E2E_SKIP"], "");
    assert_eq!(env["E2E_PARALLEL"], "false");
    assert!(!env.contains_key("E2E_EXTRA_ARGS"));
    let doc: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["mode"], "certified");
    assert_eq!(doc["run"]["suite"]["parallel"], false);
    assert_eq!(doc["run"]["suite"]["flakeAttempts"], 1);
    // The judging is the same in both modes.
    assert_eq!(doc["verdict"], "FAIL");
    assert_eq!(doc["counts"]["failed"], 4);
    assert_eq!(leftovers(&server), Vec::<String>::new());

    let server = cluster(Sim::four_failures()).start();
    let out = run(&server, dir.path(), "t2d", &["check", "conformance"], 1);
    assert!(
        out.stdout.contains(
            "Mode:       SCS (parallel, 2 flake attempts; the image skips [Serial] tests)"
        ),
        "{}",
        out.stdout
    );
    let server = cluster(Sim::four_failures()).start();
    let out = run(
        &server,
        dir.path(),
        "t2e",
        &["check", "conformance", "--certified"],
        1,
    );
    assert!(
        out.stdout
            .contains("Mode:       CNCF certified (serial, every [Conformance] test, 1 attempt)"),
        "{}",
        out.stdout
    );
}

#[test]
fn overrides_reach_the_pod() {
    let server = cluster(Sim::passing_netpol()).start();
    let dir = tempfile::tempdir().unwrap();
    run(
        &server,
        dir.path(),
        "t3",
        &[
            "check",
            "networking",
            "-o",
            "json",
            "--focus",
            "Netpol",
            "--skip",
            "SCTP",
            "--parallel=false",
            "--flake-attempts",
            "3",
        ],
        0,
    );
    let env = env_of(&created(&server, "Pod")[0]);
    assert_eq!(env["E2E_FOCUS"], "Netpol");
    assert_eq!(env["E2E_SKIP"], "SCTP");
    assert_eq!(env["E2E_PARALLEL"], "false");
    assert_eq!(env["E2E_EXTRA_ARGS"], "--ginkgo.flake-attempts=3");
}

#[test]
fn an_image_repository_rewrites_every_image_through_the_repo_list() {
    let server = cluster(Sim::passing_netpol()).start();
    let dir = tempfile::tempdir().unwrap();
    run(
        &server,
        dir.path(),
        "t4",
        &[
            "check",
            "networking",
            "-o",
            "json",
            "--image-repository",
            "harbor.example.com/k8s/",
        ],
        0,
    );

    let pod = &created(&server, "Pod")[0];
    let containers = pod["spec"]["containers"].as_array().unwrap();
    assert_eq!(
        containers[0]["image"],
        "harbor.example.com/k8s/conformance:v1.36.2"
    );
    assert_eq!(
        containers[1]["image"],
        "harbor.example.com/k8s/e2e-test-images/busybox:1.36.1-1"
    );
    assert_eq!(
        env_of(pod)["KUBE_TEST_REPO_LIST"],
        "/tmp/repo-list/repo-list.yaml"
    );
    let cm = &created(&server, "ConfigMap")[0];
    labels_ok(cm, "t4");
    let repo_list = cm["data"]["repo-list.yaml"].as_str().unwrap();
    assert!(
        repo_list.contains("promoterE2eRegistry: harbor.example.com/k8s/e2e-test-images"),
        "{repo_list}"
    );
    let volume = pod["spec"]["volumes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["configMap"].is_object())
        .unwrap();
    assert_eq!(volume["configMap"]["name"], cm["metadata"]["name"]);
    assert_eq!(leftovers(&server), Vec::<String>::new());
}

#[test]
fn an_image_pull_error_aborts_at_once_naming_the_image() {
    let server = cluster(Sim {
        pull_error: true,
        ..Sim::passing_netpol()
    })
    .start();
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let out = run(
        &server,
        dir.path(),
        "t5",
        &[
            "check",
            "networking",
            "-o",
            "scs",
            "--startup-timeout",
            "10m",
        ],
        3,
    );
    let stderr = &out.stderr;
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
    assert!(
        stderr.contains("image registry.k8s.io/conformance:v1.36.2"),
        "{stderr}"
    );
    assert!(stderr.contains("ErrImagePull"), "{stderr}");
    assert!(stderr.contains("--image-repository"), "{stderr}");
    assert_eq!(out.stdout.as_str(), "kaas-networking-check: ABORT\n");
    assert_eq!(leftovers(&server), Vec::<String>::new());
}

#[test]
fn a_timeout_cleans_up() {
    let server = cluster(Sim::endless()).start();
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        &server,
        dir.path(),
        "t6",
        &["check", "networking", "--timeout", "2s"],
        3,
    );
    let stderr = &out.stderr;
    assert!(stderr.contains("did not finish within 2s"), "{stderr}");
    assert!(stderr.contains("of 50 specs done"), "{stderr}");
    assert!(stderr.contains("cleaned up: "), "{stderr}");
    assert_eq!(leftovers(&server), Vec::<String>::new());
}

#[test]
fn ctrl_c_cleans_up() {
    let server = cluster(Sim::endless()).start();
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = server.write_kubeconfig(dir.path());
    let child = Command::new(assert_cmd::cargo::cargo_bin("kubectl-scs"))
        .args(["check", "networking"])
        .env("KUBECONFIG", &kubeconfig)
        .env("HOME", dir.path())
        .env("NO_COLOR", "1")
        .env("KUBECTL_SCS_POLL_INTERVAL", "100ms")
        .env("KUBECTL_SCS_CLEANUP_TIMEOUT", "5s")
        .env("KUBECTL_SCS_RUN_ID", "t7")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Interrupt once the suite runs.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let running = server
            .store()
            .get("Pod", "kubectl-scs-networking-t7", POD)
            .is_some_and(|p| p["status"]["phase"] == "Running");
        if running {
            break;
        }
        assert!(Instant::now() < deadline, "the test pod never ran");
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(300));
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let out = wait_with_timeout(child, Duration::from_secs(30));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert_eq!(leftovers(&server), Vec::<String>::new());
    assert!(
        !server
            .store()
            .exists("Namespace", "", "kubectl-scs-networking-t7")
    );
}

pub(crate) fn wait_with_timeout(
    mut child: std::process::Child,
    limit: Duration,
) -> std::process::Output {
    let deadline = Instant::now() + limit;
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the process did not end within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn a_server_error_mid_run_aborts_and_cleans_up() {
    let server = cluster(Sim::endless()).start();
    let dir = tempfile::tempdir().unwrap();
    let out = std::thread::scope(|s| {
        s.spawn(|| {
            let deadline = Instant::now() + Duration::from_secs(30);
            while !server
                .store()
                .get("Pod", "kubectl-scs-networking-t8", POD)
                .is_some_and(|p| p["status"]["phase"] == "Running")
            {
                if Instant::now() > deadline {
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            std::thread::sleep(Duration::from_millis(300));
            server.add_fault(Fault::internal_error(
                "/api/v1/namespaces/kubectl-scs-networking-t8/pods",
            ));
        });
        run_cmd(&server, dir.path(), "t8")
            .args(["check", "networking"])
            .output()
            .unwrap()
    });
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("failed 6 times in a row"), "{stderr}");
    assert!(stderr.contains("500"), "{stderr}");
    assert_eq!(leftovers(&server), Vec::<String>::new());
}

#[test]
fn missing_permissions_are_listed_before_anything_is_created() {
    let server = cluster(Sim::passing_netpol())
        .deny_access("create", "pods/exec", None)
        .deny_access("create", "clusterrolebindings", None)
        .start();
    let dir = tempfile::tempdir().unwrap();
    let out = run(&server, dir.path(), "t9", &["check", "networking"], 3);
    let stderr = &out.stderr;
    assert!(stderr.contains("lacks 2 permission(s)"), "{stderr}");
    assert!(
        stderr.contains("create pods/exec in namespace \"kubectl-scs-networking-t9\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("create clusterrolebindings.rbac.authorization.k8s.io"),
        "{stderr}"
    );
    assert!(stderr.contains("kubectl auth can-i"), "{stderr}");
    assert!(created(&server, "Namespace").is_empty());
    assert!(created(&server, "Pod").is_empty());
}

#[test]
fn no_schedulable_node_stops_before_anything_is_created() {
    let server = FakeApiServer::builder()
        .with_namespaces()
        .object(node("cp-0", true))
        .start();
    let dir = tempfile::tempdir().unwrap();
    let out = run(&server, dir.path(), "t10", &["check", "conformance"], 3);
    let stderr = &out.stderr;
    assert!(stderr.contains("no schedulable node"), "{stderr}");
    assert!(
        stderr.contains("cp-0: tainted node-role.kubernetes.io/control-plane:NoSchedule"),
        "{stderr}"
    );
    assert!(created(&server, "Namespace").is_empty());
}

#[test]
fn keep_leaves_the_objects_and_cleanup_finds_and_removes_them() {
    let server = cluster(Sim::passing_netpol()).start();
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        &server,
        dir.path(),
        "t11",
        &["check", "networking", "--keep"],
        0,
    );
    let stderr = &out.stderr;
    assert!(stderr.contains("kept (--keep)"), "{stderr}");
    assert!(stderr.contains("check networking --cleanup"), "{stderr}");
    let mut kept = leftovers(&server);
    kept.sort();
    assert_eq!(
        kept,
        [
            "ClusterRole/kubectl-scs-e2e-t11",
            "ClusterRoleBinding/kubectl-scs-e2e-t11",
            "Namespace/kubectl-scs-networking-t11",
            "Pod/kubectl-scs-e2e",
            "ServiceAccount/kubectl-scs-e2e",
        ]
    );
    // A conformance clean-up leaves networking runs alone.
    let other = run_cmd(&server, dir.path(), "x")
        .args(["check", "conformance", "--cleanup"])
        .output()
        .unwrap();
    assert_eq!(other.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&other.stdout).contains("No leftovers"));
    assert_eq!(leftovers(&server).len(), 5);

    let out = run(
        &server,
        dir.path(),
        "x",
        &["check", "networking", "--cleanup"],
        0,
    );
    let stdout = out.stdout.as_str();

    assert!(stdout.contains("kubectl-scs-networking-t11"), "{stdout}");
    assert_eq!(stdout.matches("deleted").count(), 3, "{stdout}");
    assert_eq!(leftovers(&server), Vec::<String>::new());
}

#[test]
fn flannel_alone_is_flagged() {
    let server = cluster_with(
        Sim::passing_netpol(),
        vec![daemonset(
            "kube-flannel",
            "kube-flannel-ds",
            "docker.io/flannel/flannel:v0.25.6",
        )],
    )
    .start();
    let dir = tempfile::tempdir().unwrap();
    let out = run(&server, dir.path(), "t12", &["check", "networking"], 0);
    let stdout = out.stdout.as_str();
    let stderr = &out.stderr;

    assert!(
        stdout
            .contains("CNI:        flannel (warning: flannel alone does not enforce NetworkPolicy"),
        "{stdout}"
    );
    assert!(
        stderr.contains("note: flannel alone does not enforce NetworkPolicy"),
        "{stderr}"
    );
}

#[test]
fn list_images_runs_e2e_test_and_prints_mirrors() {
    let server = FakeApiServer::builder()
        .with_namespaces()
        .objects([node("worker-0", false)])
        .on_create("Pod", |pod, store| {
            let name = pod["metadata"]["name"].as_str().unwrap_or_default().to_string();
            let ns = pod["metadata"]["namespace"].as_str().unwrap_or_default().to_string();
            store.after(Duration::from_millis(150), move |s| {
                s.set_pod_log(&ns, &name, Some("e2e"), "registry.k8s.io/e2e-test-images/agnhost:2.53\nregistry.k8s.io/pause:3.10\ninvalid.registry.k8s.io/invalid/alpine:3.1\nregistry.k8s.io/e2e-test-images/agnhost:2.53\n");
                let _ = s.patch("Pod", &ns, &name, json!({"status": {"phase": "Succeeded", "containerStatuses": [
                    {"name": "e2e", "image": "", "imageID": "", "ready": false, "restartCount": 0,
                     "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]}}));
            });
            Ok(())
        })
        .start();
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        &server,
        dir.path(),
        "t13",
        &[
            "check",
            "networking",
            "--list-images",
            "--image-repository",
            "harbor.example.com/k8s",
        ],
        0,
    );
    let stdout = out.stdout.as_str();

    insta::assert_snapshot!("check_e2e_list_images", stdout);
    let pod = &created(&server, "Pod")[0];
    assert_eq!(
        pod["spec"]["containers"][0]["command"],
        json!(["/usr/local/bin/e2e.test", "--list-images"])
    );
    assert_eq!(
        pod["spec"]["containers"][0]["image"],
        "harbor.example.com/k8s/conformance:v1.36.2"
    );
    assert_eq!(leftovers(&server), Vec::<String>::new());
}
