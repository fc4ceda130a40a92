//! What `check versions` reads from a cluster: `/version` and the nodes' kubelet versions.

use k8s_openapi::api::core::v1::Node;
use kube::api::{Api, ListParams};

use crate::error::Result;
use crate::kube::Kube;
use crate::kube::errors::{Attempt, api_error, is_forbidden};
use crate::versions::nodes::NodeVersion;

/// The cluster's versions; `nodes` is `Err(note)` when the nodes could not be listed.
#[derive(Debug, Clone)]
pub struct ClusterVersions {
    pub git_version: String,
    pub nodes: std::result::Result<Vec<NodeVersion>, String>,
}

const CONTROL_PLANE_LABELS: [&str; 2] = [
    "node-role.kubernetes.io/control-plane",
    "node-role.kubernetes.io/master",
];

/// Reads `/version` (required) and the nodes (a denial or failure becomes a note).
pub async fn read(kube: &Kube) -> Result<ClusterVersions> {
    let (version, nodes) = tokio::join!(kube.client.apiserver_version(), list_nodes(kube));
    let git_version = version
        .map_err(|e| api_error(e, &kube.target, None))?
        .git_version;
    let nodes = nodes.map_err(|e| {
        let forbidden = is_forbidden(&e);
        let attempt = Attempt {
            verb: "list",
            resource: "nodes".into(),
            namespace: None,
        };
        let message = api_error(e, &kube.target, Some(&attempt)).message;
        if forbidden {
            format!("the nodes' kubelet versions are not shown: {message}")
        } else {
            format!("the nodes could not be listed: {message}")
        }
    });
    Ok(ClusterVersions { git_version, nodes })
}

async fn list_nodes(kube: &Kube) -> std::result::Result<Vec<NodeVersion>, kube::Error> {
    let api: Api<Node> = Api::all(kube.client.clone());
    let mut all = Vec::new();
    let mut params = ListParams::default().limit(500);
    loop {
        let page = api.list(&params).await?;
        let next = page.metadata.continue_.clone().filter(|c| !c.is_empty());
        all.extend(page.items.iter().map(node_version));
        match next {
            Some(token) => params = params.continue_token(&token),
            None => return Ok(all),
        }
    }
}

fn node_version(node: &Node) -> NodeVersion {
    let labels = node.metadata.labels.as_ref();
    NodeVersion {
        name: node.metadata.name.clone().unwrap_or_default(),
        kubelet: node
            .status
            .as_ref()
            .and_then(|s| s.node_info.as_ref())
            .map(|i| i.kubelet_version.clone())
            .unwrap_or_default(),
        control_plane: labels
            .is_some_and(|l| CONTROL_PLANE_LABELS.iter().any(|k| l.contains_key(*k))),
    }
}
