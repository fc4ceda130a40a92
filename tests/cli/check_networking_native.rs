//! `check networking --mode native` against the fake API server with the fake CNI: verdicts,
//! waivers, failure tables, clean-up, abort paths and the exec requests per round. These
//! prove the orchestration: the engine plays the network (it decides which addresses answer),
//! while the binary's probe commands run in `/bin/sh` against a stub agnhost; the probe
//! path itself is proven without the engine in `probe_script`.

use std::time::{Duration, Instant};

use kubectl_scs::netpol::catalogue::{Step, TopologyNames, catalogue};
use serde_json::Value;

use crate::support::fake_apiserver::{Fault, RecordedRequest};
use crate::support::fake_cni::{CniMode, FakeCluster, execs, fake_cluster, fake_cluster_with};
use crate::support::scs_live;

/// Fast retries so failing tests do not take the upstream 2 × 10 s each.
const FAST: [&str; 8] = [
    "--probe-interval",
    "10ms",
    "--probe-timeout",
    "150ms",
    "--baseline-timeout",
    "150ms",
    "--poll-interval",
    "20ms",
];

/// The fast settings, minus those `args` set itself, then `args`.
fn with_fast<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut all: Vec<&str> = Vec::new();
    for pair in FAST.chunks(2) {
        if let [flag, value] = pair
            && !args.contains(flag)
        {
            all.extend([*flag, *value]);
        }
    }
    all.extend_from_slice(args);
    all
}

fn command(cluster: &FakeCluster, dir: &std::path::Path, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = scs_live(&cluster.server, dir);
    cmd.args(["check", "networking", "--mode", "native", "--run-id", "t1"])
        .args(with_fast(args));
    cmd
}

fn run(cluster: &FakeCluster, args: &[&str]) -> (Option<i32>, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = command(cluster, dir.path(), args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn json(cluster: &FakeCluster, args: &[&str]) -> (Option<i32>, Value, String) {
    let mut all = vec!["-o", "json"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = run(cluster, &all);
    let doc = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}\n{stderr}"));
    (code, doc, stderr)
}

fn arr(v: &Value) -> &Vec<Value> {
    v.as_array().unwrap_or_else(|| panic!("not an array: {v}"))
}

/// Requests the binary sent, as `METHOD path`, without the exec probes.
/// The API requests of a run but its probes and the renewals of its namespaces' lease.
fn api_requests(cluster: &FakeCluster) -> Vec<String> {
    let renewal = |r: &RecordedRequest| {
        r.method == "PATCH" && String::from_utf8_lossy(&r.body).contains("alive-until")
    };
    cluster
        .server
        .requests()
        .iter()
        .filter(|r| !r.path.ends_with("/exec") && !renewal(r))
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

fn count(requests: &[String], method: &str, path_part: &str) -> usize {
    requests
        .iter()
        .filter(|r| r.starts_with(&format!("{method} ")) && r.contains(path_part))
        .count()
}

/// No pod of the run is left and every namespace of the run is gone or terminating.
fn assert_cleaned_up(cluster: &FakeCluster) {
    let store = cluster.server.store();
    assert!(store.list("Pod", None).is_empty(), "pods left behind");
    for ns in store.list("Namespace", None) {
        let name = ns["metadata"]["name"].as_str().unwrap_or_default();
        if name.ends_with("-t1") {
            assert!(
                ns["metadata"]["deletionTimestamp"].is_string(),
                "namespace {name} left behind"
            );
        }
    }
}

/// Proves a network that enforces every policy as the engine reads it passes all 48 tests,
/// batching one exec per source pod per round.
#[test]
fn a_correct_cni_passes_all_48_tests_with_one_exec_per_source_pod_per_round() {
    let cluster = fake_cluster(CniMode::default());
    let (code, doc, stderr) = json(&cluster, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(doc["verdict"], "PASS", "{}", doc["message"]);
    assert_eq!(doc["check"], "kaas-networking-check");
    assert_eq!(doc["mode"], "native");
    assert_eq!(doc["counts"]["passed"], 48);
    assert_eq!(doc["kubernetesVersion"], "v1.36.2");
    assert!(doc["tests"][0]["durationSeconds"].is_f64());
    let native = &doc["native"];
    let topologies = arr(&native["topologies"]);
    assert_eq!(topologies.len(), 2);
    assert_eq!(topologies[0]["namespaces"][0], "netpol-x-t1");
    assert_eq!(topologies[1]["namespaces"][2], "sctp-network-policy-z-t1");

    // Every round: exactly one exec per source pod of the scenario, all of its connects in it.
    let log = execs(&cluster.log);
    assert_eq!(native["execs"].as_u64(), Some(log.len() as u64));
    let exec_requests = cluster
        .server
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/exec"))
        .count();
    assert_eq!(exec_requests, log.len());
    let mut cursor = 0;
    let mut rounds = 0;
    for scenario in arr(&native["scenarios"]) {
        for group in arr(&scenario["groups"]) {
            let expected_rounds = if group["kind"] == "baseline" { 1 } else { 2 };
            assert_eq!(
                arr(&group["rounds"]).len(),
                expected_rounds,
                "{}",
                scenario["name"]
            );
            for round in arr(&group["rounds"]) {
                let n = round["execs"].as_u64().unwrap() as usize;
                let batch = &log[cursor..cursor + n];
                cursor += n;
                rounds += 1;
                let mut sources: Vec<&str> = batch.iter().map(|(pod, _)| pod.as_str()).collect();
                sources.sort();
                sources.dedup();
                assert_eq!(
                    sources.len(),
                    n,
                    "one exec per source pod in {}",
                    scenario["name"]
                );
                let connects: usize = batch.iter().map(|(_, c)| c).sum();
                assert_eq!(connects as u64, round["connects"].as_u64().unwrap());
                assert_eq!(round["wrongAfter"], 0);
            }
        }
    }
    assert_eq!(cursor, log.len());
    assert_eq!(native["rounds"].as_u64(), Some(rounds));

    // Policy requests: one create per CreatePolicy step, a get+replace per UpdatePolicy,
    // and each created policy deleted once.
    let steps: Vec<Step> = catalogue(&TopologyNames::plain())
        .into_iter()
        .flat_map(|s| s.steps)
        .collect();
    let creates = steps
        .iter()
        .filter(|s| matches!(s, Step::CreatePolicy(_)))
        .count();
    let updates = steps
        .iter()
        .filter(|s| matches!(s, Step::UpdatePolicy(_)))
        .count();
    let requests = api_requests(&cluster);
    assert_eq!(count(&requests, "POST", "/networkpolicies"), creates);
    assert_eq!(count(&requests, "GET", "/networkpolicies/"), updates);
    assert_eq!(count(&requests, "PUT", "/networkpolicies/"), updates);
    assert_eq!(count(&requests, "DELETE", "/networkpolicies/"), creates);
    assert_eq!(count(&requests, "POST", "/pods"), 13);
    assert_eq!(count(&requests, "POST", "/services"), 13);
    // Label changes of tests 21, 22 and 24, and their undoing.
    assert_eq!(count(&requests, "PATCH", "/namespaces/netpol-y-t1"), 2);
    assert_eq!(count(&requests, "PATCH", "/pods/"), 4);
    assert!(stderr.contains("[48/48] passed"), "{stderr}");
    assert_cleaned_up(&cluster);
}

#[test]
fn created_objects_carry_the_run_labels_and_the_pod_security_level() {
    let cluster = fake_cluster(CniMode::default());
    let (code, _, stderr) = run(
        &cluster,
        &[
            "--focus",
            "default-deny-ingress",
            "--skip",
            "UDP|SCTP",
            "--keep",
        ],
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("[1/1] passed"), "{stderr}");
    let store = cluster.server.store();
    let ns = store
        .get("Namespace", "", "netpol-x-t1")
        .expect("kept namespace");
    let labels = &ns["metadata"]["labels"];
    assert_eq!(labels["pod-security.kubernetes.io/enforce"], "baseline");
    assert_eq!(labels["app.kubernetes.io/managed-by"], "kubectl-scs");
    assert_eq!(labels["kubectl-scs.scs.community/run-id"], "t1");
    assert_eq!(labels["ns"], "x");
    let pod = store.get("Pod", "netpol-x-t1", "a").expect("kept pod");
    assert_eq!(
        pod["metadata"]["labels"]["kubectl-scs.scs.community/purpose"],
        "kaas-networking-check"
    );
    assert_eq!(
        pod["spec"]["containers"][0]["image"],
        "registry.k8s.io/e2e-test-images/agnhost:2.52"
    );
    assert!(
        !store.exists("Namespace", "", "sctp-network-policy-x-t1"),
        "no SCTP test selected"
    );
    assert!(store.list("NetworkPolicy", None).is_empty());
    assert!(
        stderr.contains("kept (--keep): Namespace netpol-x-t1"),
        "{stderr}"
    );

    // What --keep left is found and removed by --cleanup, as for the e2e mode.
    let dir = tempfile::tempdir().unwrap();
    let out = scs_live(&cluster.server, dir.path())
        .args([
            "check",
            "networking",
            "--mode",
            "native",
            "--cleanup",
            "-o",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = arr(&doc["leftovers"])
        .iter()
        .filter_map(|l| l["name"].as_str())
        .collect();
    assert_eq!(names, ["netpol-x-t1", "netpol-y-t1", "netpol-z-t1"]);
    assert_cleaned_up(&cluster);
}

#[test]
fn list_images_names_agnhost_and_its_mirror() {
    let cluster = fake_cluster(CniMode::default());
    let (code, stdout, stderr) = run(
        &cluster,
        &[
            "--list-images",
            "--image-repository",
            "harbor.example.com/k8s",
            "-o",
            "json",
        ],
    );
    assert_eq!(code, Some(0), "{stderr}");
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        doc["images"],
        serde_json::json!([{
            "image": "registry.k8s.io/e2e-test-images/agnhost:2.52",
            "mirror": "harbor.example.com/k8s/e2e-test-images/agnhost:2.52",
            "usedBy": "native"
        }])
    );
    assert!(cluster.server.requests().is_empty(), "no cluster needed");
}

#[test]
fn a_cni_ignoring_ipblock_for_pods_fails_the_three_cidr_tests_which_scs_waives() {
    let cluster = fake_cluster(CniMode {
        ipblock_ignores_pods: true,
        ..CniMode::default()
    });
    let (code, stdout, stderr) = run(
        &cluster,
        &[
            "--focus",
            "CIDR|IPBlock|default-deny-ingress",
            "--skip",
            "SCTP|UDP",
        ],
    );
    assert_eq!(code, Some(0), "{stderr}");
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"\d+\.\ds +", "[T]   ");
    settings.add_filter(r"TIME +TEST", "TIME   TEST");
    settings.add_filter(r"Duration: +\d+s", "Duration:   [T]");
    settings.add_filter(r"\d+ probe rounds", "[N] probe rounds");
    settings.add_filter(
        r"Probes: +\d+ rounds, \d+ exec requests",
        "Probes:     [N] rounds, [N] exec requests",
    );
    settings.bind(|| insta::assert_snapshot!("native_cilium_like", stdout));
    assert!(stderr.contains("waived"), "{stderr}");

    // Without waivers the same run fails, and the SCS lines name the failures.
    let (code, stdout, stderr) = run(
        &cluster,
        &[
            "--focus",
            "CIDR|IPBlock",
            "--skip",
            "SCTP",
            "--no-waivers",
            "-o",
            "scs",
        ],
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(stdout, "kaas-networking-check: FAIL\n");
    assert!(stderr.contains("ERROR: FAILED: [sig-network] Netpol NetworkPolicy between server and client should allow egress access to server in CIDR block [Feature:NetworkPolicy]"), "{stderr}");
    assert!(stderr.contains("INFO: native run t1: 3 tests"), "{stderr}");
}

#[test]
fn sctp_tests_fail_and_are_waived_when_the_nodes_cannot_serve_sctp() {
    let cluster = fake_cluster(CniMode {
        no_sctp: true,
        ..CniMode::default()
    });
    let (code, doc, stderr) = json(&cluster, &["--focus", "SCTPConnectivity|using UDP"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(doc["verdict"], "PASS");
    assert_eq!(
        (
            doc["counts"]["passed"].as_u64(),
            doc["counts"]["waived"].as_u64()
        ),
        (Some(3), Some(3))
    );
    let sctp = &doc["native"]["topologies"][1];
    assert_eq!(sctp["ready"], false);
    assert!(
        sctp["problem"]
            .as_str()
            .unwrap()
            .contains("terminated (Error, exit code 1) after 3 restarts"),
        "{sctp}"
    );
    let waived: Vec<&Value> = arr(&doc["tests"])
        .iter()
        .filter(|t| t["status"] == "waived")
        .collect();
    assert_eq!(waived.len(), 3);
    assert!(
        waived[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("the SCTP test pods did not become ready")
    );
    assert_eq!(
        waived[0]["reason"],
        "SCTPConnectivity is optional. Currently Cilium does not support it by default."
    );
    assert_cleaned_up(&cluster);
}

#[test]
fn an_image_that_cannot_be_pulled_aborts_and_cleans_up() {
    let cluster = fake_cluster(CniMode {
        image_pull_fails: true,
        ..CniMode::default()
    });
    let (code, stdout, stderr) = run(
        &cluster,
        &["-o", "scs", "--image-repository", "harbor.example.com/k8s/"],
    );
    assert_eq!(code, Some(3), "{stderr}");
    assert_eq!(stdout, "kaas-networking-check: ABORT\n");
    assert!(
        stderr
            .contains("image harbor.example.com/k8s/e2e-test-images/agnhost:2.52 of container \"agnhost\" cannot be pulled (ImagePullBackOff)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: if the cluster cannot reach registry.k8s.io"),
        "{stderr}"
    );
    assert_cleaned_up(&cluster);
    assert!(execs(&cluster.log).is_empty());
}

#[test]
fn a_forbidden_exec_aborts_the_run() {
    let cluster = fake_cluster_with(CniMode::default(), |b| {
        b.fault(Fault::forbidden(
            "*",
            "/api/v1/namespaces/netpol-x-t1/pods/a/exec",
        ))
    });
    let (code, doc, stderr) = json(&cluster, &[]);
    assert_eq!(code, Some(3), "{stderr}");
    assert_eq!(doc["verdict"], "ABORT");
    let message = doc["message"].as_str().unwrap();
    assert!(message.contains("pods/exec"), "{message}");
    assert!(
        message.ends_with("; 0 of 48 selected tests ran"),
        "{message}"
    );
    assert_eq!(doc["counts"]["skipped"], 48);
    assert_cleaned_up(&cluster);
}

#[test]
fn the_timeout_aborts_with_the_tests_run_so_far_and_cleans_up() {
    let cluster = fake_cluster(CniMode {
        ipblock_ignores_pods: true,
        ..CniMode::default()
    });
    let (code, doc, stderr) = json(&cluster, &["--probe-timeout", "5s", "--timeout", "2s"]);
    assert_eq!(code, Some(3), "{stderr}");
    assert_eq!(doc["verdict"], "ABORT");
    let message = doc["message"].as_str().unwrap();
    assert!(
        message.starts_with("the native run did not finish within 2s (--timeout); "),
        "{message}"
    );
    let ran = arr(&doc["native"]["scenarios"]).len();
    assert!((1..48).contains(&ran), "{ran} tests ran");
    let not_run = arr(&doc["tests"])
        .iter()
        .filter(|t| t["message"] == "not run: the run stopped before it")
        .count();
    assert_eq!(ran + not_run, 48);
    assert_cleaned_up(&cluster);
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_run_and_cleans_up() {
    let cluster = fake_cluster(CniMode {
        ipblock_ignores_pods: true,
        ..CniMode::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = cluster.server.write_kubeconfig(dir.path());
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("kubectl-scs"))
        .env("KUBECONFIG", kubeconfig)
        .env("HOME", dir.path())
        .env("NO_COLOR", "1")
        .args(["check", "networking", "--mode", "native", "--run-id", "t1"])
        .args(with_fast(&["-o", "json", "--probe-timeout", "5s"]))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !cluster
        .server
        .requests()
        .iter()
        .any(|r| r.method == "POST" && r.path.ends_with("/networkpolicies"))
    {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no policy was ever created"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["verdict"], "ABORT");
    assert!(
        doc["message"]
            .as_str()
            .unwrap()
            .starts_with("interrupted after ")
    );
    assert_cleaned_up(&cluster);
}

#[test]
fn selection_and_usage_errors() {
    let cluster = fake_cluster(CniMode::default());
    let (code, _, stderr) = run(&cluster, &["--focus", "("]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("--focus \"(\" is not a valid regex"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&cluster, &["--focus", "nothing matches this"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("leave none of the 48"), "{stderr}");
    let (code, _, stderr) = run(&cluster, &["--run-id", "Not-Valid"]);
    assert_eq!(code, Some(2), "{stderr}");
    let (code, _, stderr) = run(&cluster, &["--probe-interval", "0"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        cluster.server.requests().is_empty(),
        "usage errors send no request"
    );

    let (code, doc, stderr) = json(&cluster, &["--skip", "SCTPConnectivity|LinuxOnly"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(doc["counts"]["passed"], 42);
    assert_eq!(doc["counts"]["skipped"], 6);
}

#[test]
fn junit_output_has_a_testcase_per_test() {
    let cluster = fake_cluster(CniMode::default());
    let (code, stdout, stderr) = run(&cluster, &["-o", "junit", "--focus", "UDP"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains(r#"tests="48""#), "{stdout}");
    assert!(
        stdout.contains("using UDP should enforce policy based on Ports"),
        "{stdout}"
    );
}

fn exec_requests_in(cluster: &FakeCluster, namespace_prefix: &str) -> usize {
    cluster
        .server
        .requests()
        .iter()
        .filter(|r| {
            r.path.ends_with("/exec")
                && r.path
                    .starts_with(&format!("/api/v1/namespaces/{namespace_prefix}"))
        })
        .count()
}

/// Like the real node without SCTP: the SCTP servers come up Ready, then crash once probed
/// (the recorded status, log and exec refusal). The three SCTP tests could not run after one
/// probe round, not after 30; SCS waives them, so the verdict is PASS, and FAIL without the
/// waivers.
#[test]
fn sctp_servers_that_crash_after_start_make_the_sctp_tests_could_not_run_at_once() {
    let cluster = fake_cluster(CniMode {
        sctp_crashes_after_start: true,
        ..CniMode::default()
    });
    // Upstream timing: a crash missed would cost 30 rounds of the baseline per test.
    let args = [
        "--focus",
        "SCTPConnectivity",
        "--baseline-timeout",
        "30s",
        "--probe-interval",
        "1s",
    ];
    let (code, doc, stderr) = json(&cluster, &args);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(doc["verdict"], "PASS", "{}", doc["message"]);
    assert_eq!(doc["counts"]["waived"], 3);
    let scenarios = arr(&doc["native"]["scenarios"]);
    assert_eq!(scenarios.len(), 3);
    assert!(scenarios.iter().all(|s| s["status"] == "couldNotRun"));
    // One round (the first baseline round, whose first exec met the crash), then nothing.
    assert_eq!(doc["native"]["rounds"], 1);
    let sctp_execs = exec_requests_in(&cluster, "sctp-");
    assert!(sctp_execs <= 5, "{sctp_execs} exec requests");
    let message = scenarios[0]["message"].as_str().unwrap();
    for part in [
        "could not run: pods of the test cannot run",
        "pod sctp-network-policy-x-t1/a: container \"agnhost\" terminated (Error, exit code 1) after 3 restarts",
        "last log lines: I1207 15:08:16.055966       1 log.go:244] Failed to listen SCTP. error:protocol not supported",
        "likely cause: the nodes' kernels lack SCTP support",
    ] {
        assert!(message.contains(part), "{part:?} not in {message}");
    }
    let problems = arr(&scenarios[0]["podProblems"]);
    assert!(
        problems
            .iter()
            .any(|p| p["name"] == "sctp-network-policy-x-t1/a")
    );
    let diagnoses = arr(&doc["diagnoses"]);
    assert_eq!(diagnoses.len(), 1, "{diagnoses:?}");
    assert_eq!(diagnoses[0]["code"], "PODS_NOT_RUNNING");
    assert!(
        diagnoses[0]["message"]
            .as_str()
            .unwrap()
            .contains("the nodes' kernels lack SCTP support"),
        "{}",
        diagnoses[0]
    );
    // Status is read with one label-selected list per namespace, never one get per pod.
    assert!(
        !cluster.server.requests().iter().any(|r| r.method == "GET"
            && r.path.contains("/pods/")
            && !r.path.ends_with("/log")
            && !r.path.ends_with("/exec")),
        "no per-pod GET"
    );
    let selected_lists = cluster
        .server
        .requests()
        .iter()
        .filter(|r| {
            r.method == "GET"
                && r.path.starts_with("/api/v1/namespaces/sctp-")
                && r.path.ends_with("/pods")
                && r.query.contains("run-id%3Dt1")
        })
        .count();
    assert!(
        selected_lists >= 1,
        "the pods are listed by the run's labels"
    );
    assert_cleaned_up(&cluster);

    let cluster = fake_cluster(CniMode {
        sctp_crashes_after_start: true,
        ..CniMode::default()
    });
    let mut no_waivers = args.to_vec();
    no_waivers.push("--no-waivers");
    let (code, doc, stderr) = json(&cluster, &no_waivers);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(doc["verdict"], "FAIL");
    assert_eq!(doc["counts"]["failed"], 3);
}

/// Per test name: its status in the judged document.
fn statuses(doc: &Value) -> Vec<(String, String)> {
    arr(&doc["tests"])
        .iter()
        .map(|t| {
            (
                t["name"].as_str().unwrap_or_default().to_owned(),
                t["status"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// A cluster without a NetworkPolicy implementation: FAIL with the diagnosis, the same
/// verdict for every test as with full retries, and a fraction of the probe rounds.
#[test]
fn a_cluster_that_enforces_nothing_fails_with_the_diagnosis_in_a_fraction_of_the_rounds() {
    let nothing = CniMode {
        enforces_nothing: true,
        ..CniMode::default()
    };
    let settle = ["--probe-timeout", "200ms", "--settle-time", "30ms"];
    let cluster = fake_cluster(nothing);
    let (code, fast, stderr) = json(&cluster, &settle);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(fast["verdict"], "FAIL");
    assert_eq!(fast["counts"]["passed"], 3);
    // 45 tests fail; SCS waives 7 of them (SCTP, the Cilium ipBlock ones, a flaky one).
    assert_eq!(fast["counts"]["failed"], 38, "{}", fast["counts"]);
    assert_eq!(fast["counts"]["waived"], 7);
    let diagnoses = arr(&fast["diagnoses"]);
    assert_eq!(diagnoses[0]["code"], "NETPOL_NOT_ENFORCED", "{diagnoses:?}");
    assert_eq!(diagnoses.len(), 1, "{diagnoses:?}");
    let early = arr(&fast["native"]["scenarios"])
        .iter()
        .filter(|s| arr(&s["groups"]).iter().any(|g| g["unpoliced"] == true))
        .count();
    assert_eq!(early, 45);

    let cluster = fake_cluster(nothing);
    let full = ["--probe-timeout", "200ms", "--settle-time", "0"];
    let (code, slow, stderr) = json(&cluster, &full);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(statuses(&fast), statuses(&slow), "no verdict changes");
    let rounds = |doc: &Value| doc["native"]["rounds"].as_u64().unwrap_or_default();
    let per_failing = |doc: &Value| (rounds(doc) - 2 * 3 - 48) as f64 / 45.0;
    // Full retries: a full round and the retries of the probe timeout, in two attempts. Early
    // stop: the full round and the few retries within the settle time, no second attempt.
    let second_attempts = |doc: &Value| {
        arr(&doc["native"]["scenarios"])
            .iter()
            .filter(|s| {
                arr(&s["groups"])
                    .iter()
                    .any(|g| arr(&g["rounds"]).iter().any(|r| r["attempt"] == 2))
            })
            .count()
    };
    let unpoliced_second_attempts = arr(&fast["native"]["scenarios"])
        .iter()
        .flat_map(|s| arr(&s["groups"]).iter())
        .filter(|g| g["unpoliced"] == true)
        .filter(|g| arr(&g["rounds"]).iter().any(|r| r["attempt"] == 2))
        .count();
    assert_eq!(unpoliced_second_attempts, 0);
    assert_eq!(second_attempts(&slow), 48);
    assert!(
        rounds(&fast) * 2 < rounds(&slow),
        "{} rounds with the early stop, {} without",
        rounds(&fast),
        rounds(&slow)
    );
    assert!(
        per_failing(&fast) <= 6.0,
        "{} rounds per failing test",
        per_failing(&fast)
    );
    eprintln!(
        "rounds per failing test: {:.1} with the early stop, {:.1} without",
        per_failing(&fast),
        per_failing(&slow)
    );

    // Human output: the verdict, then the diagnosis, before anything else.
    let cluster = fake_cluster(nothing);
    let (code, stdout, _) = run(&cluster, &settle);
    assert_eq!(code, Some(1));
    let top: Vec<&str> = stdout.lines().filter(|l| !l.is_empty()).take(3).collect();
    assert_eq!(top[0], "kaas-networking-check: FAIL");
    assert_eq!(top[1], "Diagnosis:");
    assert!(top[2].starts_with("  NETPOL_NOT_ENFORCED: NetworkPolicy is not enforced at all: none of the 45 tests that need a connection blocked passed; a default-deny policy blocked nothing; 45 of them stopped retrying early"), "{stdout}");
    assert!(
        stdout.contains("Early stop: 45 tests stopped retrying"),
        "{stdout}"
    );
}

#[test]
fn fail_fast_stops_at_the_first_unwaived_failure() {
    let cluster = fake_cluster(CniMode {
        enforces_nothing: true,
        ..CniMode::default()
    });
    let (code, doc, stderr) = json(&cluster, &["--fail-fast", "--settle-time", "30ms"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(doc["verdict"], "FAIL");
    // The first test (default-deny-ingress) fails and is not waived: nothing runs after it.
    let scenarios = arr(&doc["native"]["scenarios"]);
    assert_eq!(scenarios.len(), 1);
    assert_eq!(doc["native"]["failedFast"], true);
    assert_eq!(
        execs(&cluster.log).len(),
        scenarios[0]["groups"].as_array().map_or(0, |g| g
            .iter()
            .map(|g| g["execs"].as_u64().unwrap_or(0) as usize)
            .sum())
    );
    assert_eq!(doc["counts"]["failed"], 1);
    assert_eq!(doc["counts"]["skipped"], 47);
    let not_run = arr(&doc["tests"])
        .iter()
        .filter(|t| {
            t["message"] == "not run: --fail-fast stopped the run at the first unwaived failure"
        })
        .count();
    assert_eq!(not_run, 47);
    assert_cleaned_up(&cluster);

    // Waived failures do not stop it: the SCTP tests on nodes without SCTP are waived.
    let cluster = fake_cluster(CniMode {
        no_sctp: true,
        ..CniMode::default()
    });
    let (code, doc, stderr) = json(
        &cluster,
        &["--fail-fast", "--focus", "SCTPConnectivity|using UDP"],
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(arr(&doc["native"]["scenarios"]).len(), 6);
    assert!(doc["native"].get("failedFast").is_none());
}

#[test]
fn native_knobs_are_refused_in_the_e2e_mode_instead_of_ignored() {
    for (args, flag) in [
        (&["--settle-time", "0"][..], "--settle-time"),
        (&["--fail-fast"][..], "--fail-fast"),
        (
            &["--mode", "e2e", "--probe-timeout", "5s"][..],
            "--probe-timeout",
        ),
    ] {
        let out = crate::support::scs()
            .args(["check", "networking", "--results", "unused"])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("{flag} applies to --mode native only")),
            "{stderr}"
        );
    }
    // `check all` runs networking with the same flags and the same rule.
    let out = crate::support::scs()
        .args(["check", "all", "--sections", "heavy", "--tests", "kaas"])
        .args(["--scs-only", "--results", "unused", "--fail-fast"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--fail-fast applies to --mode native only"),
        "{stderr}"
    );
}
