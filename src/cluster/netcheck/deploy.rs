//! Creating a topology's pods and Services and waiting until every server can be probed.

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::str::FromStr;
use std::time::{Duration, Instant};

use futures::future::{join_all, try_join_all};
use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, ListParams, LogParams};

use crate::cluster::errors::{Attempt, api_error};
use crate::cluster::lifecycle::{PodSecurity, Run, pull_failure, scheduling_problem};
use crate::error::Error;
use crate::netcheck::{AGNHOST_IMAGE, CONTAINER, Topology};
use crate::netpol::Labels;
use crate::netpol::catalogue::{NsKey, PodIps, PodRef};

/// A topology that is up: pod IPs (for ipBlock policies) and Service ClusterIPs (probed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deployed {
    /// `status.podIP` of every pod.
    pub pod_ips: PodIps,
    /// `spec.clusterIP` of every pod's Service.
    pub service_ips: BTreeMap<PodRef, IpAddr>,
}

/// Why a topology did not come up.
#[derive(Debug)]
pub enum DeployError {
    /// The whole run stops (forbidden, unreachable, an image that cannot be pulled).
    Abort(Error),
    /// Only this topology's scenarios fail (pods that crash or never become ready, e.g. SCTP
    /// servers on nodes without SCTP).
    NotReady(String),
}

impl From<Error> for DeployError {
    fn from(e: Error) -> Self {
        DeployError::Abort(e)
    }
}

/// Waiting for pods: how long and how often to look.
#[derive(Debug, Clone, Copy)]
pub struct PodWait {
    /// Give up after this long.
    pub timeout: Duration,
    /// Time between two looks.
    pub interval: Duration,
}

impl Default for PodWait {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(300),
            interval: Duration::from_secs(1),
        }
    }
}

fn attempt<'a>(verb: &'a str, resource: &str, namespace: &'a str) -> Attempt<'a> {
    Attempt {
        verb,
        resource: resource.into(),
        namespace: Some(namespace),
    }
}

/// Creates the namespaces (Pod Security `baseline`, as upstream), pods and Services of
/// `topology` through the run (which labels them and deletes the namespaces at the end) and
/// waits until every pod is ready. `image` is the agnhost image to use.
pub async fn deploy(
    run: &Run,
    topology: &Topology,
    image: &str,
    wait: PodWait,
) -> Result<Deployed, DeployError> {
    let kube = run.kube();
    for namespace in topology.namespaces(&PodSecurity::Baseline.labels()) {
        run.create(&namespace).await?;
    }
    let none = Labels::new();
    try_join_all(topology.pods.iter().map(|&p| {
        let object = topology.pod(p, image, &none);
        async move { run.create(&object).await }
    }))
    .await?;
    let services = topology.pods.iter().map(|&p| {
        let object = topology.service(p, &none);
        async move {
            let created = run.create(&object).await?;
            let ip = created
                .spec
                .as_ref()
                .and_then(|s| s.cluster_ip.as_deref())
                .and_then(|ip| IpAddr::from_str(ip).ok())
                .ok_or_else(|| {
                    Error::could_not_run(format!(
                        "Service {}/{} got no ClusterIP",
                        topology.names.get(p.ns),
                        created.metadata.name.as_deref().unwrap_or_default()
                    ))
                })?;
            Ok::<_, Error>((p, ip))
        }
    });
    let service_ips: BTreeMap<PodRef, IpAddr> = try_join_all(services).await?.into_iter().collect();
    let pod_ips = wait_ready(&kube.client, &kube.target, topology, &run.selector(), wait).await?;
    Ok(Deployed {
        pod_ips,
        service_ips,
    })
}

/// The agnhost image for `--image-repository`.
pub fn agnhost_image(image_repository: Option<&str>) -> String {
    crate::k8s::images::resolve(AGNHOST_IMAGE, image_repository)
}

/// What one look at a pod says.
enum PodState {
    Ready(IpAddr),
    Waiting(String),
    PullFailed(String),
    Crashing(String),
}

fn pod_state(pod: &Pod) -> PodState {
    if let Some(failure) = pull_failure(pod) {
        return PodState::PullFailed(failure.describe());
    }
    let Some(status) = pod.status.as_ref() else {
        return PodState::Waiting("no status yet".into());
    };
    for cs in status.container_statuses.iter().flatten() {
        let waiting = cs.state.as_ref().and_then(|s| s.waiting.as_ref());
        let reason = waiting
            .and_then(|w| w.reason.as_deref())
            .unwrap_or_default();
        if reason == "CrashLoopBackOff" || cs.restart_count >= 2 {
            let last = cs
                .last_state
                .as_ref()
                .and_then(|s| s.terminated.as_ref())
                .map(|t| {
                    format!(
                        "exit code {}{}",
                        t.exit_code,
                        t.message
                            .as_deref()
                            .map(|m| format!(": {}", m.trim()))
                            .unwrap_or_default()
                    )
                })
                .unwrap_or_default();
            return PodState::Crashing(format!(
                "{} after {} restarts {last}",
                if reason.is_empty() {
                    "restarting"
                } else {
                    reason
                },
                cs.restart_count
            ));
        }
    }
    let ready = status
        .conditions
        .iter()
        .flatten()
        .any(|c| c.type_ == "Ready" && c.status == "True");
    let ip = status
        .pod_ip
        .as_deref()
        .and_then(|ip| IpAddr::from_str(ip).ok());
    match (ready, ip) {
        (true, Some(ip)) => PodState::Ready(ip),
        _ => {
            let why = scheduling_problem(pod)
                .map(|p| format!("not scheduled: {p}"))
                .or_else(|| {
                    status
                        .conditions
                        .iter()
                        .flatten()
                        .find(|c| c.status != "True" && c.reason.is_some())
                        .map(|c| {
                            format!(
                                "{} {}: {}",
                                c.type_,
                                c.reason.as_deref().unwrap_or_default(),
                                c.message.as_deref().unwrap_or_default()
                            )
                        })
                })
                .unwrap_or_else(|| status.phase.clone().unwrap_or_else(|| "Pending".into()));
            PodState::Waiting(why)
        }
    }
}

/// Looks at the pods every `wait.interval` until all are ready (their IPs), an image cannot be
/// pulled (abort), a server keeps crashing, or time runs out (not ready).
async fn wait_ready(
    client: &kube::Client,
    api: &crate::cluster::Target,
    topology: &Topology,
    selector: &str,
    wait: PodWait,
) -> Result<PodIps, DeployError> {
    let started = Instant::now();
    loop {
        let lists = NsKey::ALL.iter().map(|&key| {
            let ns = topology.names.get(key).to_owned();
            let params = ListParams::default().labels(selector);
            async move {
                Api::<Pod>::namespaced(client.clone(), &ns)
                    .list(&params)
                    .await
                    .map(|list| (key, list.items))
                    .map_err(|e| api_error(e, api, Some(&attempt("list", "pods", &ns))))
            }
        });
        let mut found: BTreeMap<PodRef, Pod> = BTreeMap::new();
        for result in join_all(lists).await {
            let (key, items) = result?;
            for pod in items {
                let name = pod.metadata.name.as_deref().unwrap_or_default();
                if let Some(&p) = topology
                    .pods
                    .iter()
                    .find(|p| p.ns == key && p.pod.as_str() == name)
                {
                    found.insert(p, pod);
                }
            }
        }
        let mut ips = PodIps::new();
        let mut waiting = Vec::new();
        for &p in &topology.pods {
            let key = topology.names.pod_key(p);
            match found.get(&p).map(pod_state) {
                Some(PodState::Ready(ip)) => {
                    ips.insert(p, ip);
                }
                Some(PodState::PullFailed(why)) => {
                    return Err(DeployError::Abort(
                        Error::could_not_run(format!("pod {key}: {why}"))
                            .hint("if the cluster cannot reach registry.k8s.io, mirror the image and pass --image-repository REGISTRY (see --list-images)"),
                    ));
                }
                Some(PodState::Crashing(why)) => {
                    let log = last_log_lines(client, topology, p).await;
                    return Err(DeployError::NotReady(format!(
                        "the server in pod {key} keeps stopping ({why}){log}"
                    )));
                }
                Some(PodState::Waiting(why)) => waiting.push(format!("{key}: {why}")),
                None => waiting.push(format!("{key}: not found")),
            }
        }
        if waiting.is_empty() {
            return Ok(ips);
        }
        if started.elapsed() + wait.interval > wait.timeout {
            return Err(DeployError::NotReady(format!(
                "pods not ready after {}s: {}",
                wait.timeout.as_secs(),
                waiting.join("; ")
            )));
        }
        tokio::time::sleep(wait.interval).await;
    }
}

/// The last lines the crashing server logged, as `; log: …` (empty when unreadable).
async fn last_log_lines(client: &kube::Client, topology: &Topology, pod: PodRef) -> String {
    let api: Api<Pod> = Api::namespaced(client.clone(), topology.names.get(pod.ns));
    let params = LogParams {
        container: Some(CONTAINER.into()),
        tail_lines: Some(3),
        previous: true,
        ..LogParams::default()
    };
    match api.logs(pod.pod.as_str(), &params).await {
        Ok(text) if !text.trim().is_empty() => {
            format!("; log: {}", text.trim().replace('\n', " | "))
        }
        _ => String::new(),
    }
}
