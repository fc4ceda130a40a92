//! The native networking check's cluster side against the fake API server and its fake
//! CNI: deploying a topology through the run's lifecycle, probing by exec, policy and label
//! changes.

use std::time::Duration;

use kubectl_scs::commands::check::networking::native::{
    DeployError, Deployed, ExecProber, KubeFixture, PodWait, agnhost_image, deploy,
};
use kubectl_scs::kube::lifecycle::{Run, Settings};
use kubectl_scs::kube::{Connection, Kube};
use kubectl_scs::netcheck::{RunStatus, Runner, Timing, Topology, plan};
use kubectl_scs::netpol::catalogue::Suite;

use crate::support::fake_cni::{
    CniMode, FakeCluster, execs, fake_cluster, fake_cluster_with, labels_of,
};

fn timing() -> Timing {
    Timing {
        connect_timeout: Duration::from_secs(1),
        poll_interval: Duration::from_millis(20),
        poll_timeout: Duration::from_millis(200),
        baseline_timeout: Duration::from_millis(200),
        settle: Duration::ZERO,
    }
}

fn wait() -> PodWait {
    PodWait {
        timeout: Duration::from_secs(2),
        interval: Duration::from_millis(50),
    }
}

fn topology(run_id: &str, index: usize) -> Topology {
    plan(run_id, |_| true)
        .0
        .into_iter()
        .nth(index)
        .expect("topology")
}

async fn start(cluster: &FakeCluster, run_id: &str) -> Run {
    let kube = Kube {
        client: cluster.server.client().await,
        target: Connection {
            url: cluster.server.url(),
            context: None,
            default_namespace: "default".into(),
        },
    };
    let settings = Settings {
        poll: Duration::from_millis(20),
        cleanup_timeout: Duration::from_secs(2),
        run_id: Some(run_id.to_owned()),
    };
    Run::start(&kube, "kaas-networking-check", settings)
}

fn runner_parts(run: &Run, topology: &Topology, deployed: &Deployed) -> (ExecProber, KubeFixture) {
    let kube = run.kube();
    let prober = ExecProber::new(
        kube.client.clone(),
        kube.target.clone(),
        topology.names.clone(),
        deployed.service_ips.clone(),
        Duration::from_secs(1),
        run.selector(),
    );
    let fixture = KubeFixture::new(
        kube.client.clone(),
        kube.target.clone(),
        topology.names.clone(),
        run.labels(),
    );
    (prober, fixture)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deploys_probes_and_changes_like_upstream() {
    let cluster = fake_cluster(CniMode::default());
    let run = start(&cluster, "live1").await;
    let topology = topology("live1", 0);
    let image = agnhost_image(Some("mirror.example.com"));
    let deployed = deploy(&run, &topology, &image, wait())
        .await
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(deployed.pod_ips.len(), 8);
    assert_eq!(deployed.service_ips.len(), 8);
    let store = cluster.server.store();
    let pod = store.get("Pod", "netpol-x-live1", "a").expect("pod x/a");
    assert_eq!(
        pod.pointer("/spec/containers/0/image")
            .and_then(|v| v.as_str()),
        Some("mirror.example.com/e2e-test-images/agnhost:2.52")
    );
    assert_eq!(
        pod.pointer("/metadata/labels/kubectl-scs.scs.community~1run-id")
            .and_then(|v| v.as_str()),
        Some("live1")
    );
    assert!(store.exists("Service", "netpol-y-live1", "s-netpol-y-live1-b"));
    let ns = store
        .get("Namespace", "", "netpol-z-live1")
        .expect("namespace z");
    assert_eq!(
        ns["metadata"]["labels"]["pod-security.kubernetes.io/enforce"],
        "baseline"
    );

    let (prober, fixture) = runner_parts(&run, &topology, &deployed);
    let runner = Runner::new(&fixture, &prober, &deployed.pod_ips, timing());
    let wanted = [
        "should support a 'default-deny-ingress' policy",
        "should allow ingress access from updated pod",
        "should allow ingress access from updated namespace",
        "should ensure an IP overlapping both IPBlock.CIDR and IPBlock.Except is allowed",
        "should enforce updated policy",
    ];
    for it in wanted {
        let scenario = topology
            .scenarios
            .iter()
            .find(|s| s.upstream.it == it && s.upstream.suite == Suite::Default)
            .unwrap_or_else(|| panic!("no scenario {it}"));
        let before = execs(&cluster.log).len();
        let result = runner.run(scenario).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            result.status,
            RunStatus::Passed,
            "{it}: {:?}",
            result.message
        );
        // One exec per source pod per round, every connect of the round in it.
        let during = execs(&cluster.log).split_off(before);
        assert_eq!(during.len(), result.execs(), "{it}");
        let pods = scenario.pods.len();
        let first_round: Vec<_> = during.iter().take(pods).map(|(_, n)| *n).collect();
        assert_eq!(
            first_round,
            vec![pods * scenario.ports.len() * scenario.protocols.len(); pods],
            "{it}"
        );
        // Clean-up leaves no policy and the original labels.
        assert!(store.list("NetworkPolicy", None).is_empty(), "{it}");
    }
    let pods = labels_of(&store, "Pod");
    let xb = pods.get("netpol-x-live1/b").expect("pod x/b");
    assert_eq!(xb["pod"], "b");
    assert!(xb.get("pod2").is_none());
    let namespaces = labels_of(&store, "Namespace");
    assert!(namespaces
        .get("/netpol-y-live1")
        .is_some_and(|l| l.get("ns2").is_none() && l.get("ns") == Some(&serde_json::json!("y"))));

    let cleanup = run.finish(false).await;
    assert!(cleanup.is_clean(), "{cleanup:?}");
    assert_eq!(cleanup.deleted.len(), 3, "{cleanup:?}");
    assert!(store.list("Pod", None).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_image_that_cannot_be_pulled_aborts_and_crashing_sctp_servers_fail_the_topology() {
    let cluster = fake_cluster(CniMode {
        image_pull_fails: true,
        ..CniMode::default()
    });
    let run = start(&cluster, "live2").await;
    match deploy(&run, &topology("live2", 0), &agnhost_image(None), wait()).await {
        Err(DeployError::Abort(e)) => {
            assert!(
                e.message.contains("cannot be pulled (ImagePullBackOff)"),
                "{}",
                e.message
            );
            assert!(e.hints.iter().any(|h| h.contains("--image-repository")));
        }
        other => panic!("expected an abort, got {other:?}"),
    }
    let _ = run.finish(false).await;

    let cluster = fake_cluster(CniMode {
        no_sctp: true,
        ..CniMode::default()
    });
    let run = start(&cluster, "live3").await;
    match deploy(&run, &topology("live3", 1), &agnhost_image(None), wait()).await {
        Err(DeployError::NotReady(problems)) => {
            let text: Vec<String> = problems.iter().map(|p| p.describe()).collect();
            assert_eq!(text.len(), 5, "{text:?}");
            assert_eq!(
                text.first().map(String::as_str),
                Some(
                    "pod sctp-network-policy-x-live3/a: container \"agnhost\" terminated (Error, exit code 1) after 3 restarts; \
                     last log lines: I1207 15:08:16.055966       1 log.go:244] Failed to listen SCTP. error:protocol not supported; \
                     likely cause: the nodes' kernels lack SCTP support (load the sctp kernel module, e.g. `modprobe sctp`; SCS waives the SCTP tests)"
                ),
            );
        }
        other => panic!("expected not ready, got {other:?}"),
    }
    let _ = run.finish(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pod_without_a_shell_fails_the_probes_with_the_exec_error() {
    let cluster = fake_cluster_with(CniMode::default(), |b| {
        b.exec(|_| {
            crate::support::fake_apiserver::ExecResult::fail(
                "exec: \"/bin/sh\": stat /bin/sh: no such file or directory",
                127,
            )
        })
    });
    let run = start(&cluster, "live4").await;
    let topology = topology("live4", 0);
    let deployed = deploy(&run, &topology, &agnhost_image(None), wait())
        .await
        .unwrap_or_else(|e| panic!("{e:?}"));
    let (prober, fixture) = runner_parts(&run, &topology, &deployed);
    let runner = Runner::new(&fixture, &prober, &deployed.pod_ips, timing());
    let scenario = topology.scenarios.first().expect("a scenario");
    let result = runner.run(scenario).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(result.status, RunStatus::Failed);
    let message = result.message.unwrap_or_default();
    assert!(message.contains("not every server answered"), "{message}");
    assert!(
        message.contains("probes that could not run:\n  x/a: exec in pod netpol-x-live4/a: command terminated with non-zero exit code"),
        "{message}"
    );
    assert!(message.contains("no such file or directory"), "{message}");
    let _ = run.finish(false).await;
}

/// SCTP servers that come up and crash once probed, like on a real node without SCTP: the
/// first scenario could not run after one round, naming the recorded status, log and cause;
/// the next one could not run without probing; an exec into a crashed pod gets the recorded
/// plain-text 500, which is not fatal.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crashed_sctp_servers_end_their_scenarios_after_one_round() {
    use kubectl_scs::netcheck::{Dial as ProbeTarget, Prober};
    use kubectl_scs::netpol::Protocol;
    use kubectl_scs::netpol::catalogue::{XA, XB};

    let cluster = fake_cluster(CniMode {
        sctp_crashes_after_start: true,
        ..CniMode::default()
    });
    let run = start(&cluster, "live5").await;
    let topology = topology("live5", 1);
    let deployed = deploy(&run, &topology, &agnhost_image(None), wait())
        .await
        .unwrap_or_else(|e| panic!("the servers start Ready: {e:?}"));
    let (prober, fixture) = runner_parts(&run, &topology, &deployed);
    let runner = Runner::new(&fixture, &prober, &deployed.pod_ips, timing());
    let mut scenarios = topology.scenarios.iter();
    let first = scenarios.next().expect("a scenario");
    let result = runner.run(first).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(result.status, RunStatus::CouldNotRun);
    assert_eq!(result.rounds(), 1, "{:?}", result.groups);
    let message = result.message.unwrap_or_default();
    assert!(
        message.starts_with("could not run: pods of the test cannot run\n  pod sctp-network-policy-x-live5/a: container \"agnhost\" terminated (Error, exit code 1) after 3 restarts; last log lines: I1207 15:08:16.055966       1 log.go:244] Failed to listen SCTP. error:protocol not supported; likely cause: the nodes' kernels lack SCTP support"),
        "{message}"
    );
    let second = scenarios.next().expect("a second scenario");
    let result = runner.run(second).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(result.status, RunStatus::CouldNotRun);
    assert_eq!(result.rounds(), 0);

    let requests = cluster.server.requests();
    let logs: Vec<_> = requests
        .iter()
        .filter(|r| r.path.ends_with("/log"))
        .collect();
    assert!(
        logs.iter()
            .all(|r| r.query.contains("tailLines=5") && r.query.contains("container=agnhost")),
        "{logs:?}"
    );
    assert!(
        !requests.iter().any(|r| r.method == "GET"
            && r.path.contains("/pods/")
            && !r.path.ends_with("/log")
            && !r.path.ends_with("/exec")),
        "pods are listed, not fetched one by one"
    );

    let target = ProbeTarget {
        to: XB,
        port: 80,
        protocol: Protocol::Sctp,
    };
    let refused = prober.probe(XA, &[target]).await;
    let Err(e) = refused else {
        panic!("expected the exec to be refused, got {refused:?}")
    };
    assert!(!e.fatal);
    assert!(
        e.message.contains("container not found (\"agnhost\")"),
        "{}",
        e.message
    );
    let exec = cluster.server.requests();
    let last = exec.iter().rev().find(|r| r.path.ends_with("/exec"));
    assert_eq!(
        last.map(|r| r.path.as_str()),
        Some("/api/v1/namespaces/sctp-network-policy-x-live5/pods/a/exec")
    );
    let _ = run.finish(false).await;
}
