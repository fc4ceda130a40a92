//! The run lifecycle as a library (`cluster::lifecycle::Run`), the way a NetworkPolicy probe
//! uses it: namespaces x, y, z with a pod each, wait, exec, and clean-up on finish, on drop
//! and after a deadline.

use std::time::Duration;

use k8s_openapi::api::core::v1::{Container, Namespace, Pod, PodSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use kubectl_scs::kube::ClientOptions;
use kubectl_scs::kube::Kube;
use kubectl_scs::kube::lifecycle::lease::LEASE_ANNOTATION;
use kubectl_scs::kube::lifecycle::{PodSecurity, Run, Settings, Stopped};
use serde_json::json;

use crate::support::fake_apiserver::{ExecResult, FakeApiServer};

fn cluster() -> FakeApiServer {
    FakeApiServer::builder()
        .with_namespaces()
        .on_create("Pod", |pod, store| {
            let ns = pod["metadata"]["namespace"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            let name = pod["metadata"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            store.after(Duration::from_millis(100), move |s| {
                let _ = s.patch("Pod", &ns, &name, json!({"status": {"phase": "Running"}}));
            });
            Ok(())
        })
        .exec(|req| {
            ExecResult::ok(format!(
                "{} reached from {}\n",
                req.command.join(" "),
                req.pod
            ))
        })
        .start()
}

async fn kube(server: &FakeApiServer, dir: &std::path::Path) -> Kube {
    let args = ClientOptions {
        kubeconfig: Some(server.write_kubeconfig(dir)),
        ..ClientOptions::default()
    };
    Kube::connect(&args).await.unwrap()
}

fn settings(id: &str) -> Settings {
    Settings {
        poll: Duration::from_millis(50),
        cleanup_timeout: Duration::from_secs(5),
        run_id: Some(id.to_string()),
    }
}

fn pod(ns: &str, name: &str) -> Pod {
    Pod {
        metadata: ObjectMeta {
            name: Some(name.into()),
            namespace: Some(ns.into()),
            ..ObjectMeta::default()
        },
        spec: Some(PodSpec {
            containers: vec![Container {
                name: "agnhost".into(),
                image: Some("registry.k8s.io/e2e-test-images/agnhost:2.53".into()),
                ..Container::default()
            }],
            ..PodSpec::default()
        }),
        ..Pod::default()
    }
}

fn managed(server: &FakeApiServer) -> Vec<String> {
    let store = server.store();
    ["Namespace", "Pod"]
        .iter()
        .flat_map(|kind| store.list(kind, None))
        .filter(|o| o["metadata"]["labels"]["app.kubernetes.io/managed-by"] == "kubectl-scs")
        .map(|o| {
            o["metadata"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

async fn three_namespaces(run: &Run) -> Vec<String> {
    let mut namespaces = Vec::new();
    for short in ["x", "y", "z"] {
        let ns = run
            .namespace(
                &format!("kubectl-scs-netpol-{short}"),
                PodSecurity::Baseline,
            )
            .await
            .unwrap();
        run.create(&pod(&ns, "server")).await.unwrap();
        namespaces.push(ns);
    }
    namespaces
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn namespaces_pods_exec_and_finish() {
    let server = cluster();
    let dir = tempfile::tempdir().unwrap();
    let kube = kube(&server, dir.path()).await;
    let run = Run::start(&kube, "kaas-networking-check", settings("p1"));
    let namespaces = three_namespaces(&run).await;
    assert_eq!(
        namespaces,
        [
            "kubectl-scs-netpol-x-p1",
            "kubectl-scs-netpol-y-p1",
            "kubectl-scs-netpol-z-p1"
        ]
    );
    let ns = server
        .store()
        .get("Namespace", "", "kubectl-scs-netpol-x-p1")
        .unwrap();
    assert_eq!(
        ns["metadata"]["labels"]["pod-security.kubernetes.io/enforce"],
        "baseline"
    );
    assert_eq!(
        ns["metadata"]["labels"]["kubectl-scs.scs.community/run-id"],
        "p1"
    );
    let p = server
        .store()
        .get("Pod", "kubectl-scs-netpol-y-p1", "server")
        .unwrap();
    assert_eq!(
        p["metadata"]["labels"]["kubectl-scs.scs.community/purpose"],
        "kaas-networking-check"
    );

    for ns in &namespaces {
        run.wait_pod_running(ns, "server", Duration::from_secs(5))
            .await
            .unwrap();
    }
    let out = run
        .exec(
            &namespaces[0],
            "server",
            "agnhost",
            &["/agnhost", "connect", "s.y:80"],
        )
        .await
        .unwrap();
    assert!(out.success);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "/agnhost connect s.y:80 reached from server\n"
    );
    assert_eq!(run.created().len(), 6);
    assert_eq!(managed(&server).len(), 6);

    let cleanup = run.finish(false).await;
    assert!(cleanup.is_clean(), "{cleanup:?}");
    assert_eq!(
        cleanup.deleted.len(),
        3,
        "pods go with their namespaces: {cleanup:?}"
    );
    assert!(managed(&server).is_empty(), "{:?}", managed(&server));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_dropped_without_finish_still_cleans_up() {
    let server = cluster();
    let dir = tempfile::tempdir().unwrap();
    let kube = kube(&server, dir.path()).await;
    {
        let run = Run::start(&kube, "kaas-networking-check", settings("p2"));
        three_namespaces(&run).await;
        assert_eq!(managed(&server).len(), 6);
    }
    assert!(managed(&server).is_empty(), "{:?}", managed(&server));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn supervise_stops_work_at_the_deadline_and_keep_keeps() {
    let server = cluster();
    let dir = tempfile::tempdir().unwrap();
    let kube = kube(&server, dir.path()).await;
    let run = Run::start(&kube, "kaas-networking-check", settings("p3"));
    let deadline = tokio::time::Instant::now() + Duration::from_millis(300);
    let ended = run
        .supervise(deadline, async {
            three_namespaces(&run).await;
            std::future::pending::<()>().await
        })
        .await;
    assert_eq!(ended, Err(Stopped::TimedOut));
    let cleanup = run.finish(true).await;
    assert_eq!(cleanup.kept.len(), 6);
    assert_eq!(managed(&server).len(), 6);
}

fn lease_of(server: &FakeApiServer, ns: &str) -> Option<jiff::Timestamp> {
    server.store().get("Namespace", "", ns)?["metadata"]["annotations"][LEASE_ANNOTATION]
        .as_str()?
        .parse()
        .ok()
}

/// Proves every namespace a run creates — through `Run::namespace`, or `Run::create` as the
/// native mode does — holds a lease that the run renews while it works, and that ending with
/// `--keep` gives it up (what is kept is a leftover at once).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn namespaces_hold_a_lease_renewed_while_the_run_works() {
    let server = cluster();
    let dir = tempfile::tempdir().unwrap();
    let kube = kube(&server, dir.path()).await;
    let run = Run::start(&kube, "kaas-networking-check", settings("l1"));
    let x = run
        .namespace("kubectl-scs-netpol-x", PodSecurity::Baseline)
        .await
        .unwrap();
    let y = Namespace {
        metadata: ObjectMeta {
            name: Some("netpol-y-l1".into()),
            ..ObjectMeta::default()
        },
        ..Namespace::default()
    };
    run.create(&y).await.unwrap();
    let first: Vec<jiff::Timestamp> = [x.as_str(), "netpol-y-l1"]
        .iter()
        .map(|ns| lease_of(&server, ns).expect("a lease"))
        .collect();
    let now = jiff::Timestamp::now();
    assert!(first.iter().all(|t| *t > now), "{first:?}");

    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    let worked = run
        .supervise(deadline, tokio::time::sleep(Duration::from_millis(600)))
        .await;
    assert!(worked.is_ok());
    for (ns, before) in [x.as_str(), "netpol-y-l1"].iter().zip(&first) {
        let renewed = lease_of(&server, ns).expect("a lease");
        assert!(renewed > *before, "{ns}: {renewed} not after {before}");
    }

    let cleanup = run.finish(true).await;
    assert_eq!(cleanup.kept.len(), 2);
    assert_eq!(lease_of(&server, &x), None);
    assert_eq!(lease_of(&server, "netpol-y-l1"), None);
    assert!(server.store().exists("Namespace", "", &x));
}
