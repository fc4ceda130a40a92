//! The native networking check's cluster side against the fake API server and its fake
//! CNI: deploying a topology through the run's lifecycle, probing by exec, policy and label
//! changes.

use std::time::Duration;

use kubectl_scs::cluster::lifecycle::{Run, Settings};
use kubectl_scs::cluster::netcheck::{
    DeployError, Deployed, ExecProber, KubeFixture, PodWait, agnhost_image, deploy,
};
use kubectl_scs::cluster::{Connection, Kube};
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
    let runner = Runner {
        fixture: &fixture,
        prober: &prober,
        ips: &deployed.pod_ips,
        timing: timing(),
    };
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
        Err(DeployError::NotReady(why)) => {
            assert!(
                why.contains("keeps stopping (CrashLoopBackOff after 3 restarts exit code 1)"),
                "{why}"
            )
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
    let runner = Runner {
        fixture: &fixture,
        prober: &prober,
        ips: &deployed.pod_ips,
        timing: timing(),
    };
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
