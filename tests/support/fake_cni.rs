//! A fake CNI for the fake API server: pods get IPs and become ready, Services get
//! ClusterIPs, and `pods/exec` probes from the native networking check are answered by the
//! NetworkPolicy engine over the objects in the store — the policies and labels the binary
//! created — optionally misbehaving like real CNIs.
//!
//! The exec handler does not read the probe script: the engine decides which Service
//! addresses (ClusterIP, port, protocol) the source pod reaches, and the exec's command runs
//! in `/bin/sh` with a stub agnhost answering connects from that table
//! ([`super::stub_agnhost`]). So the engine plays the network, and the binary's own probe
//! script and output parsing are what is tested.

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use k8s_openapi::api::core::v1::{Namespace, Pod};
use k8s_openapi::api::networking::v1::NetworkPolicy;
use kubectl_scs::netpol::{Cluster, Endpoint, Engine, Protocol};
use serde_json::{Value, json};

use super::fake_apiserver::{ExecRequest, ExecResult, FakeApiServer, FakeApiServerBuilder, Store};
use super::stub_agnhost::{Answer, StubAgnhost, Table};

/// How the fake CNI behaves.
#[derive(Clone, Copy, Debug, Default)]
pub struct CniMode {
    /// ipBlock peers never match pod IPs (Cilium, cilium/cilium#9209).
    pub ipblock_ignores_pods: bool,
    /// Nodes without SCTP: SCTP servers crash and SCTP connects fail.
    pub no_sctp: bool,
    /// Pods wait in `ErrImagePull` instead of running.
    pub image_pull_fails: bool,
}

/// What the fake CNI saw.
#[derive(Default)]
pub struct CniLog {
    /// Per exec: `namespace/pod` and how many connects it asked for.
    pub execs: Mutex<Vec<(String, usize)>>,
}

/// The store, once the server runs (the exec handler needs it).
type StoreCell = Arc<OnceLock<Store>>;

/// A fake cluster with the fake CNI installed.
pub struct FakeCluster {
    pub server: FakeApiServer,
    pub log: Arc<CniLog>,
}

fn pod_status(pod: &Value, ip: String, mode: CniMode) -> Value {
    let serves_sctp = pod
        .pointer("/spec/containers/0/env")
        .and_then(Value::as_array)
        .is_some_and(|env| {
            env.iter().any(|e| {
                e.get("name")
                    .and_then(Value::as_str)
                    .is_some_and(|n| n.starts_with("SERVE_SCTP_PORT_"))
            })
        });
    let image = pod
        .pointer("/spec/containers/0/image")
        .cloned()
        .unwrap_or(Value::Null);
    if mode.image_pull_fails {
        return json!({
            "phase": "Pending",
            "containerStatuses": [{"name": "agnhost", "image": image, "imageID": "", "ready": false, "restartCount": 0,
                "state": {"waiting": {"reason": "ImagePullBackOff", "message": "Back-off pulling image"}}}]
        });
    }
    if serves_sctp && mode.no_sctp {
        return json!({
            "phase": "Running", "podIP": ip, "podIPs": [{"ip": ip}],
            "conditions": [{"type": "Ready", "status": "False", "reason": "ContainersNotReady"}],
            "containerStatuses": [{"name": "agnhost", "image": image, "imageID": "", "ready": false, "restartCount": 3,
                "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off restarting failed container"}},
                "lastState": {"terminated": {"exitCode": 1, "reason": "Error"}}}]
        });
    }
    json!({
        "phase": "Running", "podIP": ip, "podIPs": [{"ip": ip}],
        "conditions": [{"type": "PodScheduled", "status": "True"}, {"type": "Ready", "status": "True"}],
        "containerStatuses": [{"name": "agnhost", "image": image, "imageID": "", "ready": true, "restartCount": 0,
            "state": {"running": {"startedAt": "2026-11-21T15:28:26Z"}}}]
    })
}

fn typed<T: serde::de::DeserializeOwned>(values: Vec<Value>) -> Vec<T> {
    values
        .into_iter()
        .filter_map(|v| serde_json::from_value(v).ok())
        .collect()
}

/// `10.244.<namespace>.<pod>` for the test topology (x, y, z → 1, 2, 3; SCTP namespaces 4–6;
/// a, b, c → 10, 11, 12), so IPs in failure messages do not depend on creation order.
fn stable_pod_ip(pod: &Value) -> Option<String> {
    let ns = pod.pointer("/metadata/namespace")?.as_str()?;
    let name = pod.pointer("/metadata/name")?.as_str()?;
    let base = if ns.starts_with("sctp-") { 3 } else { 0 };
    let n = ["-x-", "-y-", "-z-"].iter().position(|k| ns.contains(k))? + 1 + base;
    let p = ["a", "b", "c"].iter().position(|k| *k == name)? + 10;
    Some(format!("10.244.{n}.{p}"))
}

/// Answers one probe exec: the engine decides, over the objects in the store, which Service
/// addresses the source pod reaches — that table is the "network" — and the probe command
/// itself runs in `/bin/sh` against the stub agnhost answering from it.
fn answer(
    store: &Store,
    mode: CniMode,
    log: &CniLog,
    stub: &StubAgnhost,
    req: &ExecRequest,
) -> ExecResult {
    let namespaces: Vec<Namespace> = typed(store.list("Namespace", None));
    let mut pods: Vec<Pod> = typed(store.list("Pod", None));
    if mode.ipblock_ignores_pods {
        for pod in &mut pods {
            if let Some(status) = pod.status.as_mut() {
                status.pod_ip = None;
            }
        }
    }
    let policies: Vec<NetworkPolicy> = typed(store.list("NetworkPolicy", None));
    let cluster = match Cluster::from_k8s(&namespaces, &pods, &policies) {
        Ok(c) => c,
        Err(e) => return ExecResult::fail(format!("fake CNI: {e}\n"), 1),
    };
    let engine = Engine::new(&cluster);
    let from = cluster
        .pods
        .iter()
        .position(|p| p.namespace == req.namespace && p.name == req.pod);
    let mut table = Table::default();
    for service in store.list("Service", None) {
        let Some(ip) = service
            .pointer("/spec/clusterIP")
            .and_then(Value::as_str)
            .and_then(|ip| ip.parse::<IpAddr>().ok())
        else {
            continue;
        };
        let to = service_target(&cluster, &service);
        let ports = service
            .pointer("/spec/ports")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for port in ports {
            let Some(number) = port
                .get("port")
                .and_then(Value::as_u64)
                .and_then(|n| u16::try_from(n).ok())
            else {
                continue;
            };
            let (protocol, flag) = match port.get("protocol").and_then(Value::as_str) {
                Some("UDP") => (Protocol::Udp, "udp"),
                Some("SCTP") => (Protocol::Sctp, "sctp"),
                _ => (Protocol::Tcp, "tcp"),
            };
            let connected = match (from, to) {
                (Some(f), Some(t)) => {
                    !(mode.no_sctp && protocol == Protocol::Sctp)
                        && engine
                            .evaluate(Endpoint::Pod(f), Endpoint::Pod(t), number, protocol)
                            .allowed
                }
                _ => false,
            };
            let answer = if connected {
                Answer::Connected
            } else {
                Answer::Timeout
            };
            table = table.add(SocketAddr::new(ip, number), flag, answer);
        }
    }
    let ran = stub.run(&req.command, &table);
    if let Ok(mut execs) = log.execs.lock() {
        execs.push((format!("{}/{}", req.namespace, req.pod), ran.calls.len()));
    }
    ExecResult {
        stdout: ran.stdout.into_bytes(),
        stderr: ran.stderr.into_bytes(),
        exit_code: ran.code.unwrap_or(137),
    }
}

/// The pod a Service's selector picks.
fn service_target(cluster: &Cluster, service: &Value) -> Option<usize> {
    let ns = service.pointer("/metadata/namespace")?.as_str()?;
    let selector = service.pointer("/spec/selector")?.as_object()?;
    cluster.pods.iter().position(|p| {
        p.namespace == ns
            && selector
                .iter()
                .all(|(k, v)| p.labels.get(k).map(String::as_str) == v.as_str())
    })
}

/// Adds the fake CNI to a builder.
pub fn install(
    builder: FakeApiServerBuilder,
    mode: CniMode,
) -> (FakeApiServerBuilder, StoreCell, Arc<CniLog>) {
    let cell: StoreCell = Arc::new(OnceLock::new());
    let log = Arc::new(CniLog::default());
    let pod_ips = Arc::new(AtomicU32::new(10));
    let service_ips = Arc::new(AtomicU32::new(10));
    let builder = builder
        .on_create("Namespace", |ns, _| {
            let name = ns.pointer("/metadata/name").cloned().unwrap_or(Value::Null);
            if let Some(meta) = ns.get_mut("metadata").and_then(Value::as_object_mut) {
                let labels = meta.entry("labels").or_insert_with(|| json!({}));
                if let Some(labels) = labels.as_object_mut() {
                    labels.insert("kubernetes.io/metadata.name".into(), name);
                }
            }
            Ok(())
        })
        .on_create("Pod", move |pod, _| {
            let ip = stable_pod_ip(pod).unwrap_or_else(|| {
                let n = pod_ips.fetch_add(1, Ordering::SeqCst);
                format!("10.244.200.{}", n % 250)
            });
            let status = pod_status(pod, ip, mode);
            pod["status"] = status;
            Ok(())
        })
        .on_create("Service", move |svc, _| {
            let n = service_ips.fetch_add(1, Ordering::SeqCst);
            svc["spec"]["clusterIP"] = json!(format!("10.96.{}.{}", n / 250, n % 250));
            Ok(())
        });
    let store = Arc::clone(&cell);
    let exec_log = Arc::clone(&log);
    let stub = StubAgnhost::new();
    let builder = builder.exec(move |req| match store.get() {
        Some(s) => answer(s, mode, &exec_log, &stub, req),
        None => ExecResult::fail("fake CNI: no store yet\n", 1),
    });
    (builder, cell, log)
}

/// A fake cluster (nodes not modelled) with the fake CNI.
pub fn fake_cluster(mode: CniMode) -> FakeCluster {
    fake_cluster_with(mode, |b| b)
}

/// A Ready node; `control_plane` ones carry the usual NoSchedule taint.
pub fn node(name: &str, control_plane: bool) -> Value {
    let mut node = json!({
        "apiVersion": "v1", "kind": "Node",
        "metadata": {"name": name},
        "spec": {},
        "status": {"conditions": [{"type": "Ready", "status": "True"}],
                   "nodeInfo": {"kubeletVersion": "v1.36.2"}}
    });
    if control_plane {
        node["spec"]["taints"] =
            json!([{"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}]);
    }
    node
}

/// A DaemonSet with one container running `image` (CNI detection reads these).
pub fn daemonset(ns: &str, name: &str, image: &str) -> Value {
    json!({
        "apiVersion": "apps/v1", "kind": "DaemonSet",
        "metadata": {"name": name, "namespace": ns},
        "spec": {"selector": {"matchLabels": {"app": name}},
                 "template": {"metadata": {"labels": {"app": name}},
                              "spec": {"containers": [{"name": "agent", "image": image}]}}}
    })
}

/// [`fake_cluster`] with a control-plane node, a worker and Cilium, and whatever `customize`
/// adds last (faults; an exec handler replacing the fake CNI's).
pub fn fake_cluster_with(
    mode: CniMode,
    customize: impl FnOnce(FakeApiServerBuilder) -> FakeApiServerBuilder,
) -> FakeCluster {
    let builder = FakeApiServer::builder().objects([
        node("cp-0", true),
        node("worker-0", false),
        daemonset("kube-system", "cilium", "quay.io/cilium/cilium:v1.16.3"),
    ]);
    let (builder, cell, log) = install(builder.with_namespaces(), mode);
    let builder = customize(builder);
    let server = builder.start();
    let _ = cell.set(server.store());
    FakeCluster { server, log }
}

/// Exec requests grouped by nothing: `(pod, connects)` in order.
pub fn execs(log: &CniLog) -> Vec<(String, usize)> {
    log.execs.lock().map(|e| e.clone()).unwrap_or_default()
}

/// Label maps of the objects of a kind, by `namespace/name`.
pub fn labels_of(store: &Store, kind: &str) -> BTreeMap<String, Value> {
    store
        .list(kind, None)
        .into_iter()
        .map(|o| {
            let ns = o
                .pointer("/metadata/namespace")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let name = o
                .pointer("/metadata/name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            (
                format!("{ns}/{name}"),
                o.pointer("/metadata/labels")
                    .cloned()
                    .unwrap_or(Value::Null),
            )
        })
        .collect()
}
