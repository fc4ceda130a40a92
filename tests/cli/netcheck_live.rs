//! The native networking check's cluster side against the fake API server and its fake
//! CNI: deploying a topology, probing by exec, policy and label changes.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use k8s_openapi::api::core::v1::Namespace;
use kube::api::{Api, PostParams};
use kubectl_scs::cluster::Target;
use kubectl_scs::cluster::netcheck::{
    DeployError, ExecProber, KubeFixture, PodWait, RunScope, deploy,
};
use kubectl_scs::error::Error;
use kubectl_scs::netcheck::{RunStatus, Runner, Timing, Topology, plan};
use kubectl_scs::netpol::Labels;

use crate::support::fake_cni::{CniMode, execs, fake_cluster, labels_of};

struct TestScope {
    client: kube::Client,
    labels: Labels,
    created: Mutex<Vec<String>>,
}

impl RunScope for TestScope {
    fn labels(&self) -> &Labels {
        &self.labels
    }

    fn image(&self, reference: &str) -> String {
        reference.replace("registry.k8s.io", "mirror.example.com")
    }

    async fn create_namespace(&self, mut namespace: Namespace) -> Result<(), Error> {
        namespace
            .metadata
            .labels
            .get_or_insert_with(Default::default)
            .extend(self.labels.clone());
        Api::<Namespace>::all(self.client.clone())
            .create(&PostParams::default(), &namespace)
            .await
            .map_err(|e| Error::could_not_run(e.to_string()))?;
        if let Ok(mut created) = self.created.lock() {
            created.push(namespace.metadata.name.unwrap_or_default());
        }
        Ok(())
    }
}

fn target() -> Target {
    Target {
        url: "http://fake".into(),
        context: None,
        default_namespace: "default".into(),
    }
}

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

fn main_topology() -> Topology {
    plan("live1", |_| true)
        .0
        .into_iter()
        .next()
        .expect("main topology")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deploys_probes_and_changes_like_upstream() {
    let cluster = fake_cluster(CniMode::default());
    let client = cluster.server.client().await;
    let scope = TestScope {
        client: client.clone(),
        labels: Labels::from([(
            "app.kubernetes.io/managed-by".to_owned(),
            "kubectl-scs".to_owned(),
        )]),
        created: Mutex::new(Vec::new()),
    };
    let topology = main_topology();
    let deployed = deploy(&client, &target(), &scope, &topology, wait())
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
    assert!(store.exists("Service", "netpol-y-live1", "s-netpol-y-live1-b"));

    let prober = ExecProber::new(
        client.clone(),
        target(),
        topology.names.clone(),
        deployed.service_ips.clone(),
        Duration::from_secs(1),
    );
    let fixture = KubeFixture::new(
        client.clone(),
        target(),
        topology.names.clone(),
        scope.labels.clone(),
    );
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
            .find(|s| {
                s.upstream.it == it
                    && s.upstream.suite == kubectl_scs::netpol::catalogue::Suite::Default
            })
            .unwrap_or_else(|| panic!("no scenario {it}"));
        let before = execs(&cluster.log).len();
        let run = runner.run(scenario).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(run.status, RunStatus::Passed, "{it}: {:?}", run.message);
        // One exec per source pod per round, every connect of the round in it.
        let during = execs(&cluster.log).split_off(before);
        assert_eq!(during.len(), run.execs(), "{it}");
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
    assert_eq!(
        pods.get("netpol-x-live1/b"),
        Some(&serde_json::json!({"app.kubernetes.io/managed-by": "kubectl-scs", "pod": "b"}))
    );
    let namespaces = labels_of(&store, "Namespace");
    assert!(namespaces
        .get("/netpol-y-live1")
        .is_some_and(|l| l.get("ns2").is_none() && l.get("ns") == Some(&serde_json::json!("y"))));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_image_that_cannot_be_pulled_aborts_and_crashing_sctp_servers_fail_the_topology() {
    let cluster = fake_cluster(CniMode {
        image_pull_fails: true,
        ..CniMode::default()
    });
    let client = cluster.server.client().await;
    let scope = TestScope {
        client: client.clone(),
        labels: BTreeMap::from([(
            "app.kubernetes.io/managed-by".to_owned(),
            "kubectl-scs".to_owned(),
        )]),
        created: Mutex::new(Vec::new()),
    };
    match deploy(&client, &target(), &scope, &main_topology(), wait()).await {
        Err(DeployError::Abort(e)) => {
            assert!(e.message.contains("cannot pull its image"), "{}", e.message);
            assert!(e.hints.iter().any(|h| h.contains("--image-repository")));
        }
        other => panic!("expected an abort, got {other:?}"),
    }

    let cluster = fake_cluster(CniMode {
        no_sctp: true,
        ..CniMode::default()
    });
    let client = cluster.server.client().await;
    let scope = TestScope {
        client: client.clone(),
        labels: Labels::new(),
        created: Mutex::new(Vec::new()),
    };
    let sctp = plan("live2", |_| true)
        .0
        .into_iter()
        .nth(1)
        .expect("sctp topology");
    match deploy(&client, &target(), &scope, &sctp, wait()).await {
        Err(DeployError::NotReady(why)) => {
            assert!(
                why.contains("keeps stopping (CrashLoopBackOff after 3 restarts exit code 1)"),
                "{why}"
            )
        }
        other => panic!("expected not ready, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pod_without_a_shell_fails_the_probes_with_the_exec_error() {
    let builder = crate::support::fake_apiserver::FakeApiServer::builder();
    let (builder, cell, _) =
        crate::support::fake_cni::install(builder.with_namespaces(), CniMode::default());
    let builder = builder.exec(|_| {
        crate::support::fake_apiserver::ExecResult::fail(
            "exec: \"/bin/sh\": stat /bin/sh: no such file or directory",
            127,
        )
    });
    let server = builder.start();
    let _ = cell.set(server.store());
    let client = server.client().await;
    let scope = TestScope {
        client: client.clone(),
        labels: Labels::new(),
        created: Mutex::new(Vec::new()),
    };
    let topology = main_topology();
    let deployed = deploy(&client, &target(), &scope, &topology, wait())
        .await
        .unwrap_or_else(|e| panic!("{e:?}"));
    let prober = ExecProber::new(
        client.clone(),
        target(),
        topology.names.clone(),
        deployed.service_ips.clone(),
        Duration::from_secs(1),
    );
    let fixture = KubeFixture::new(client, target(), topology.names.clone(), Labels::new());
    let runner = Runner {
        fixture: &fixture,
        prober: &prober,
        ips: &deployed.pod_ips,
        timing: timing(),
    };
    let scenario = topology.scenarios.first().expect("a scenario");
    let run = runner.run(scenario).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(run.status, RunStatus::Failed);
    let message = run.message.unwrap_or_default();
    assert!(message.contains("not every server answered"), "{message}");
    assert!(
        message.contains("probes that could not run:\n  x/a: exec in pod netpol-x-live1/a: command terminated with non-zero exit code"),
        "{message}"
    );
    assert!(message.contains("no such file or directory"), "{message}");
}
