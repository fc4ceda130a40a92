//! What the workload view reads with the kubeconfig's credentials: the server version,
//! kube-apiserver static pods, namespace labels and (where permitted) kubelet configz.

use std::fmt::Debug;

use futures::StreamExt;
use k8s_openapi::api::core::v1::{Namespace, Node, Pod};
use kube::api::{Api, ListParams};
use kube::core::PartialObjectMeta;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::Error;
use crate::k8s::permissions::Permission;
use crate::kube::Kube;
use crate::kube::errors::{Attempt, api_error, is_forbidden};
use crate::kube::lifecycle::preflight::{self};
use crate::kubeapi::hardening::{ApiServerPod, KubeletFacts, NamespaceFacts};

/// At most this many nodes' kubelet configz are read: enough to see a pattern, bounded cost.
pub const MAX_KUBELETS: usize = 10;
/// configz requests in flight at once.
const CONFIGZ_CONCURRENCY: usize = 4;
/// A kubelet that does not answer must not stall the run: the API server's proxy waits long.
const CONFIGZ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);
/// Page size for namespace and node lists.
const PAGE_SIZE: u32 = 500;
/// The label kubeadm (and most installers) put on kube-apiserver static pods.
const APISERVER_SELECTOR: &str = "component=kube-apiserver";
const CONTROL_PLANE_LABELS: [&str; 2] = [
    "node-role.kubernetes.io/control-plane",
    "node-role.kubernetes.io/master",
];

/// The authenticated reads and how they went.
#[derive(Debug, Default)]
pub struct Reads {
    /// `gitVersion` of `/version`.
    pub server_version: Option<String>,
    /// `component=kube-apiserver` pods in kube-system; `None` when they could not be listed.
    pub apiserver_pods: Option<Vec<ApiServerPod>>,
    /// Namespaces and their labels; `None` when they could not be listed.
    pub namespaces: Option<Vec<NamespaceFacts>>,
    /// The sampled nodes with their configz (`None` where not readable).
    pub kubelets: Vec<KubeletFacts>,
    /// What could not be read, for stderr.
    pub notes: Vec<String>,
    /// Some request got an HTTP answer.
    pub answered: bool,
    /// The credentials were rejected (401): nothing read this way can be trusted to be complete.
    pub unauthorized: Option<Error>,
    /// The first request that got no HTTP answer at all.
    pub unreachable: Option<Error>,
}

impl Reads {
    /// Books a failed read: a note for denials and other answers, the first connection failure
    /// for the caller's decision.
    fn failed(&mut self, what: &str, err: kube::Error, kube: &Kube, attempt: Option<Attempt>) {
        let answered = matches!(err, kube::Error::Api(_));
        let unauthorized = matches!(&err, kube::Error::Api(s) if s.code == 401);
        let error = api_error(err, &kube.target, attempt.as_ref());
        if unauthorized {
            self.answered = true;
            self.unauthorized.get_or_insert(error);
            return;
        }
        if answered {
            self.answered = true;
            self.notes
                .push(format!("{what} not read: {}", error.message));
        } else {
            let note = format!(
                "requests with the kubeconfig's credentials failed: {}",
                error.message
            );
            if !self.notes.contains(&note) {
                self.notes.push(note);
            }
            self.unreachable.get_or_insert(error);
        }
    }

    fn succeeded<T>(&mut self, value: T) -> Option<T> {
        self.answered = true;
        Some(value)
    }
}

/// Reads everything concurrently.
pub async fn read(kube: &Kube) -> Reads {
    let (version, pods, namespaces, kubelets) = tokio::join!(
        kube.client.apiserver_version(),
        apiserver_pods(kube),
        namespaces(kube),
        kubelets(kube),
    );
    let mut reads = Reads::default();
    match version {
        Ok(info) => reads.server_version = reads.succeeded(info.git_version),
        Err(e) => reads.failed("the server version", e, kube, None),
    }
    match pods {
        Ok(pods) => reads.apiserver_pods = reads.succeeded(pods),
        Err(e) => reads.failed(
            "kube-apiserver pods",
            e,
            kube,
            Some(Attempt {
                verb: "list",
                resource: "pods".into(),
                namespace: Some("kube-system"),
            }),
        ),
    }
    match namespaces {
        Ok(namespaces) => reads.namespaces = reads.succeeded(namespaces),
        Err(e) => reads.failed(
            "namespaces",
            e,
            kube,
            Some(Attempt {
                verb: "list",
                resource: "namespaces".into(),
                namespace: None,
            }),
        ),
    }
    match kubelets {
        Ok((facts, notes)) => {
            reads.answered = true;
            reads.kubelets = facts;
            reads.notes.extend(notes);
        }
        Err(e) => reads.failed(
            "nodes",
            e,
            kube,
            Some(Attempt {
                verb: "list",
                resource: "nodes".into(),
                namespace: None,
            }),
        ),
    }
    reads
}

async fn apiserver_pods(kube: &Kube) -> Result<Vec<ApiServerPod>, kube::Error> {
    let api: Api<Pod> = Api::namespaced(kube.client.clone(), "kube-system");
    let pods = api
        .list(&ListParams::default().labels(APISERVER_SELECTOR))
        .await?;
    Ok(pods.items.iter().filter_map(apiserver_pod).collect())
}

/// The kube-apiserver container's command line; `None` for a pod without containers.
pub fn apiserver_pod(pod: &Pod) -> Option<ApiServerPod> {
    let containers = &pod.spec.as_ref()?.containers;
    let mentions = |c: &&k8s_openapi::api::core::v1::Container| {
        c.command
            .iter()
            .chain(c.args.iter())
            .flatten()
            .any(|a| a.contains("kube-apiserver"))
    };
    let container = containers
        .iter()
        .find(|c| c.name == "kube-apiserver")
        .or_else(|| containers.iter().find(mentions))
        .or_else(|| containers.first())?;
    let command = container
        .command
        .iter()
        .chain(container.args.iter())
        .flatten()
        .cloned()
        .collect();
    Some(ApiServerPod {
        name: pod.metadata.name.clone().unwrap_or_default(),
        command,
    })
}

async fn list_metadata<K>(api: &Api<K>) -> Result<Vec<PartialObjectMeta<K>>, kube::Error>
where
    K: Clone + DeserializeOwned + Debug,
{
    let mut all = Vec::new();
    let mut params = ListParams::default().limit(PAGE_SIZE);
    loop {
        let page = api.list_metadata(&params).await?;
        let next = page.metadata.continue_.clone().filter(|c| !c.is_empty());
        all.extend(page.items);
        match next {
            Some(token) => params = params.continue_token(&token),
            None => return Ok(all),
        }
    }
}

async fn namespaces(kube: &Kube) -> Result<Vec<NamespaceFacts>, kube::Error> {
    let api: Api<Namespace> = Api::all(kube.client.clone());
    Ok(list_metadata(&api)
        .await?
        .into_iter()
        .map(|ns| NamespaceFacts {
            name: ns.metadata.name.unwrap_or_default(),
            labels: ns.metadata.labels.unwrap_or_default(),
        })
        .collect())
}

/// Up to `limit` node names, control-plane and other nodes alternating, each group by name, so
/// that a sample sees both kinds of kubelet configuration.
pub fn sample_nodes(nodes: &[PartialObjectMeta<Node>], limit: usize) -> Vec<String> {
    let is_control_plane = |n: &PartialObjectMeta<Node>| {
        n.metadata
            .labels
            .as_ref()
            .is_some_and(|l| CONTROL_PLANE_LABELS.iter().any(|k| l.contains_key(*k)))
    };
    let names = |control_plane: bool| {
        let mut names: Vec<String> = nodes
            .iter()
            .filter(|n| is_control_plane(n) == control_plane)
            .filter_map(|n| n.metadata.name.clone())
            .collect();
        names.sort();
        names
    };
    let (control, workers) = (names(true), names(false));
    let mut sample = Vec::new();
    let (mut c, mut w) = (control.into_iter(), workers.into_iter());
    while sample.len() < limit {
        let (a, b) = (c.next(), w.next());
        if a.is_none() && b.is_none() {
            break;
        }
        sample.extend(a);
        if sample.len() < limit {
            sample.extend(b);
        }
    }
    sample
}

/// Asks whether this user may `get nodes/proxy`; `None` when the review itself failed.
async fn may_proxy_nodes(kube: &Kube) -> Option<bool> {
    let permission = Permission {
        verb: "get",
        group: "",
        resource: "nodes",
        subresource: "proxy",
        namespace: None,
        why: "to read the kubelets' configz",
    };
    preflight::allowed(&permission, kube).await.ok()
}

async fn configz(kube: &Kube, node: &str) -> Result<Value, String> {
    let path = format!("/api/v1/nodes/{node}/proxy/configz");
    let request = http::Request::get(path)
        .body(Vec::new())
        .map_err(|e| e.to_string())?;
    let answer = tokio::time::timeout(CONFIGZ_TIMEOUT, kube.client.request_text(request))
        .await
        .map_err(|_| format!("no answer within {CONFIGZ_TIMEOUT:?}"))?;
    let text = answer.map_err(|e| {
        if is_forbidden(&e) {
            "forbidden".to_string()
        } else {
            api_error(e, &kube.target, None).message
        }
    })?;
    serde_json::from_str(&text).map_err(|e| format!("the answer is not JSON: {e}"))
}

/// Lists nodes and reads the configz of a bounded sample; returns the facts and notes.
async fn kubelets(kube: &Kube) -> Result<(Vec<KubeletFacts>, Vec<String>), kube::Error> {
    let api: Api<Node> = Api::all(kube.client.clone());
    let (nodes, permitted) = tokio::join!(list_metadata(&api), may_proxy_nodes(kube));
    let nodes = nodes?;
    let sample = sample_nodes(&nodes, MAX_KUBELETS);
    let mut notes = Vec::new();
    if sample.len() < nodes.len() {
        notes.push(format!(
            "kubelet configuration read on {} of {} nodes (control-plane and other nodes alternating)",
            sample.len(),
            nodes.len()
        ));
    }
    if permitted == Some(false) {
        notes.push(
            "kubelet configz not read: this user may not get nodes/proxy (kubectl auth can-i get nodes/proxy)"
                .to_string(),
        );
        let facts = sample
            .into_iter()
            .map(|node| KubeletFacts {
                node,
                configz: None,
            })
            .collect();
        return Ok((facts, notes));
    }
    let results: Vec<(String, Result<Value, String>)> = futures::stream::iter(sample)
        .map(|node| async move {
            let result = configz(kube, &node).await;
            (node, result)
        })
        .buffered(CONFIGZ_CONCURRENCY)
        .collect()
        .await;
    let mut facts = Vec::with_capacity(results.len());
    // One note per distinct reason, naming its nodes: ten nodes denied alike are one problem.
    let mut failures: Vec<(String, Vec<String>)> = Vec::new();
    for (node, result) in results {
        let configz = match result {
            Ok(value) => Some(value),
            Err(why) => {
                match failures.iter_mut().find(|(w, _)| *w == why) {
                    Some((_, nodes)) => nodes.push(node.clone()),
                    None => failures.push((why, vec![node.clone()])),
                }
                None
            }
        };
        facts.push(KubeletFacts { node, configz });
    }
    for (why, nodes) in failures {
        notes.push(format!(
            "kubelet configz not read on {}: {why}",
            nodes.join(", ")
        ));
    }
    Ok((facts, notes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn node(name: &str, control_plane: bool) -> PartialObjectMeta<Node> {
        let mut meta = PartialObjectMeta::<Node>::default();
        meta.metadata.name = Some(name.into());
        if control_plane {
            meta.metadata.labels = Some(BTreeMap::from([(
                "node-role.kubernetes.io/control-plane".to_string(),
                String::new(),
            )]));
        }
        meta
    }

    #[test]
    fn samples_alternate_roles_and_stay_bounded() {
        let nodes = vec![
            node("w-2", false),
            node("cp-1", true),
            node("w-1", false),
            node("w-3", false),
            node("cp-0", true),
        ];
        assert_eq!(sample_nodes(&nodes, 3), ["cp-0", "w-1", "cp-1"]);
        assert_eq!(
            sample_nodes(&nodes, 10),
            ["cp-0", "w-1", "cp-1", "w-2", "w-3"]
        );
        assert!(sample_nodes(&[], 10).is_empty());
    }

    #[test]
    fn the_apiserver_container_is_found_by_name_or_command() {
        let pod: Pod = serde_json::from_value(serde_json::json!({
            "metadata": {"name": "kube-apiserver-cp-0"},
            "spec": {"containers": [
                {"name": "sidecar", "command": ["sleep"]},
                {"name": "server", "command": ["kube-apiserver", "--authorization-mode=Node,RBAC"], "args": ["--v=2"]}
            ]}
        }))
        .unwrap();
        let found = apiserver_pod(&pod).unwrap();
        assert_eq!(found.name, "kube-apiserver-cp-0");
        assert_eq!(
            found.command,
            ["kube-apiserver", "--authorization-mode=Node,RBAC", "--v=2"]
        );
    }
}
