//! Whether a topology's pods can take part: one label-selected list per namespace, and for a
//! pod in trouble the last lines its container logged and the likely cause.

use std::collections::BTreeMap;

use futures::future::join_all;
use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, ListParams};

use crate::commands::check::networking::native::errors::op_error;
use crate::kube::Connection;
use crate::kube::errors::Attempt;
use crate::kube::lifecycle::{container_trouble, not_ready, scheduling_problem, tail_log};
use crate::netcheck::{CONTAINER, OpError, PodProblem, likely_cause};
use crate::netpol::catalogue::{NsKey, PodRef, TopologyNames};

/// Log lines shown of a pod in trouble.
const TAIL_LINES: i64 = 5;

/// The run's pods of the namespaces `pods` live in, by model pod (one list per namespace,
/// selected by the run's labels).
pub(super) async fn list_pods(
    client: &kube::Client,
    api: &Connection,
    names: &TopologyNames,
    selector: &str,
    pods: &[PodRef],
) -> Result<BTreeMap<PodRef, Pod>, OpError> {
    let mut keys: Vec<NsKey> = pods.iter().map(|p| p.ns).collect();
    keys.sort();
    keys.dedup();
    let lists = keys.into_iter().map(|key| {
        let ns = names.get(key).to_owned();
        let params = ListParams::default().labels(selector);
        async move {
            let attempt = Attempt {
                verb: "list",
                resource: "pods".into(),
                namespace: Some(&ns),
            };
            Api::<Pod>::namespaced(client.clone(), &ns)
                .list(&params)
                .await
                .map(|list| (key, list.items))
                .map_err(|e| op_error(e, api, &attempt))
        }
    });
    let mut found = BTreeMap::new();
    for result in join_all(lists).await {
        let (key, items) = result?;
        for pod in items {
            let name = pod.metadata.name.as_deref().unwrap_or_default();
            if let Some(&p) = pods.iter().find(|p| p.ns == key && p.pod.as_str() == name) {
                found.insert(p, pod);
            }
        }
    }
    Ok(found)
}

/// What is wrong with a pod that should run and serve, if anything (no API request).
pub(super) fn trouble(pod: &Pod) -> Option<String> {
    if let Some(t) = container_trouble(pod, None) {
        return Some(t.describe());
    }
    let not_ready = not_ready(pod)?;
    Some(match scheduling_problem(pod) {
        Some(s) => format!("{not_ready}, not scheduled: {s}"),
        None => not_ready,
    })
}

/// The problem of a pod in trouble, with its container's last log lines and the likely cause.
pub(super) async fn problem(
    client: &kube::Client,
    names: &TopologyNames,
    p: PodRef,
    pod: &Pod,
    what: String,
) -> PodProblem {
    let previous = container_trouble(pod, None).is_some_and(|t| t.log_is_previous());
    let log = last_log_lines(client, names, p, previous).await;
    let mut message = what;
    if !log.is_empty() {
        message.push_str(&format!("; last log lines: {}", log.replace('\n', " | ")));
    }
    PodProblem {
        pod: p,
        name: names.pod_key(p),
        message,
        cause: likely_cause(&log).map(str::to_owned),
    }
}

/// The problems of those of `pods` that are missing or in trouble.
pub(super) async fn problems(
    client: &kube::Client,
    api: &Connection,
    names: &TopologyNames,
    selector: &str,
    pods: &[PodRef],
) -> Result<Vec<PodProblem>, OpError> {
    let found = list_pods(client, api, names, selector, pods).await?;
    let mut out = Vec::new();
    for &p in pods {
        match found.get(&p) {
            None => out.push(PodProblem {
                pod: p,
                name: names.pod_key(p),
                message: "the pod is gone".into(),
                cause: None,
            }),
            Some(pod) => {
                if let Some(what) = trouble(pod) {
                    out.push(problem(client, names, p, pod, what).await);
                }
            }
        }
    }
    Ok(out)
}

/// The last lines the container logged (of its previous run when `previous`), trimmed; empty
/// when unreadable.
async fn last_log_lines(
    client: &kube::Client,
    names: &TopologyNames,
    pod: PodRef,
    previous: bool,
) -> String {
    let namespace = names.get(pod.ns);
    tail_log(
        client,
        namespace,
        pod.pod.as_str(),
        CONTAINER,
        TAIL_LINES,
        previous,
    )
    .await
    .trim()
    .to_owned()
}
