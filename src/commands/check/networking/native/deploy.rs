//! Creating a topology's pods and Services and waiting until every server can be probed.

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::str::FromStr;
use std::time::{Duration, Instant};

use futures::future::try_join_all;
use k8s_openapi::api::core::v1::Pod;

use crate::commands::check::networking::native::health::{list_pods, problem};
use crate::error::Error;
use crate::kube::lifecycle::{
    PodSecurity, Run, container_trouble, not_ready, pull_failure, scheduling_problem,
};
use crate::netcheck::{AGNHOST_IMAGE, PodProblem, Topology};
use crate::netpol::Labels;
use crate::netpol::catalogue::{PodIps, PodRef};

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
    /// This topology's scenarios could not run (pods that crash or never become ready, e.g.
    /// SCTP servers on nodes without SCTP).
    NotReady(Vec<PodProblem>),
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

/// The pod's IP once it is running and ready.
fn ready_ip(pod: &Pod) -> Option<IpAddr> {
    if not_ready(pod).is_some() {
        return None;
    }
    pod.status
        .as_ref()?
        .pod_ip
        .as_deref()
        .and_then(|ip| IpAddr::from_str(ip).ok())
}

/// Why a pod that is neither ready nor in trouble is still waiting.
fn waiting_reason(pod: &Pod) -> String {
    if let Some(p) = scheduling_problem(pod) {
        return format!("not scheduled: {p}");
    }
    not_ready(pod).unwrap_or_else(|| "no pod IP yet".into())
}

/// Looks at the pods every `wait.interval` until all are ready (their IPs), an image cannot be
/// pulled (abort), a container ends, restarts or cannot be created (not ready, at once), or
/// time runs out (not ready).
async fn wait_ready(
    client: &kube::Client,
    api: &crate::kube::Connection,
    topology: &Topology,
    selector: &str,
    wait: PodWait,
) -> Result<PodIps, DeployError> {
    let started = Instant::now();
    let names = &topology.names;
    loop {
        let found = list_pods(client, api, names, selector, &topology.pods)
            .await
            .map_err(|e| DeployError::Abort(Error::could_not_run(e.message)))?;
        let mut ips = PodIps::new();
        let mut waiting = Vec::new();
        let mut down = Vec::new();
        for &p in &topology.pods {
            let key = names.pod_key(p);
            let Some(pod) = found.get(&p) else {
                waiting.push((p, "not found".to_owned()));
                continue;
            };
            if let Some(failure) = pull_failure(pod) {
                return Err(DeployError::Abort(
                    Error::could_not_run(format!("pod {key}: {}", failure.describe()))
                        .hint("if the cluster cannot reach registry.k8s.io, mirror the image and pass --image-repository REGISTRY (see --list-images)"),
                ));
            }
            if let Some(t) = container_trouble(pod, None) {
                down.push(problem(client, names, p, pod, t.describe()).await);
                continue;
            }
            match ready_ip(pod) {
                Some(ip) => {
                    ips.insert(p, ip);
                }
                None => waiting.push((p, waiting_reason(pod))),
            }
        }
        if !down.is_empty() {
            return Err(DeployError::NotReady(down));
        }
        if waiting.is_empty() {
            return Ok(ips);
        }
        if started.elapsed() + wait.interval > wait.timeout {
            return Err(DeployError::NotReady(
                waiting
                    .into_iter()
                    .map(|(p, why)| PodProblem {
                        pod: p,
                        name: names.pod_key(p),
                        message: format!("not ready after {}s: {why}", wait.timeout.as_secs()),
                        cause: None,
                    })
                    .collect(),
            ));
        }
        tokio::time::sleep(wait.interval).await;
    }
}
