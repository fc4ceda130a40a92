//! Checks before a long run starts: may the user do what the run does (asked with
//! SelfSubjectAccessReview, all at once), and is there a node to run on.

use futures::future::join_all;
use k8s_openapi::api::authorization::v1::SelfSubjectAccessReview;
use k8s_openapi::api::core::v1::Node;
use kube::api::{Api, ListParams, PostParams};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::kube::Kube;
use crate::kube::errors::{Attempt, api_error};

use crate::k8s::permissions::Permission;

/// Whether the user has `permission`, asked with a SelfSubjectAccessReview.
pub async fn allowed(
    permission: &Permission,
    kube: &Kube,
) -> std::result::Result<bool, kube::Error> {
    let api: Api<SelfSubjectAccessReview> = Api::all(kube.client.clone());
    let answer = api
        .create(&PostParams::default(), &permission.review())
        .await?;
    Ok(answer.status.is_some_and(|s| s.allowed))
}

/// The permissions the user lacks, asked in parallel.
pub async fn missing_permissions(kube: &Kube, needed: &[Permission]) -> Result<Vec<Permission>> {
    let answers = join_all(needed.iter().map(|p| allowed(p, kube))).await;
    let mut missing = Vec::new();
    for (permission, answer) in needed.iter().zip(answers) {
        let allowed = answer.map_err(|e| {
            let attempt = Attempt {
                verb: "create",
                resource: "selfsubjectaccessreviews.authorization.k8s.io".into(),
                namespace: None,
            };
            api_error(e, &kube.target, Some(&attempt)).context("checking permissions")
        })?;
        if !allowed {
            missing.push(permission.clone());
        }
    }
    Ok(missing)
}

/// The error for missing permissions: every one listed, with how to check it.
pub fn permissions_error(missing: &[Permission], target_user: Option<&str>) -> Error {
    let who = target_user.map(|u| format!(" {u}")).unwrap_or_default();
    let list = missing
        .iter()
        .map(|p| format!("  - {}", p.describe()))
        .collect::<Vec<_>>()
        .join("\n");
    let mut err = Error::could_not_run(format!(
        "the user{who} lacks {} permission(s) this run needs; nothing was created:\n{list}",
        missing.len()
    ));
    if let Some(first) = missing.first() {
        err = err.hint(format!(
            "check with e.g. `{}`; the run needs cluster-admin-like rights because the test pod's ServiceAccount is given them",
            first.can_i()
        ));
    }
    err
}

/// Nodes and how many of them can take test pods.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeSummary {
    /// All nodes.
    pub total: usize,
    /// Ready, schedulable and without NoSchedule/NoExecute taints.
    pub schedulable: usize,
    /// Why the others are not, one line per node.
    pub unavailable: Vec<String>,
}

/// Which nodes can take ordinary pods (pure).
pub fn schedulable_nodes(nodes: &[Node]) -> NodeSummary {
    let mut summary = NodeSummary {
        total: nodes.len(),
        ..NodeSummary::default()
    };
    for node in nodes {
        let name = node.metadata.name.clone().unwrap_or_default();
        let ready = node
            .status
            .as_ref()
            .and_then(|s| s.conditions.as_deref())
            .unwrap_or_default()
            .iter()
            .any(|c| c.type_ == "Ready" && c.status == "True");
        let spec = node.spec.as_ref();
        let cordoned = spec.and_then(|s| s.unschedulable).unwrap_or(false);
        let taint = spec
            .and_then(|s| s.taints.as_deref())
            .unwrap_or_default()
            .iter()
            .find(|t| t.effect == "NoSchedule" || t.effect == "NoExecute")
            .map(|t| format!("{}:{}", t.key, t.effect));
        let why = if !ready {
            Some("not Ready".to_string())
        } else if cordoned {
            Some("cordoned".to_string())
        } else {
            taint.map(|t| format!("tainted {t}"))
        };
        match why {
            None => summary.schedulable += 1,
            Some(why) => summary.unavailable.push(format!("{name}: {why}")),
        }
    }
    summary
}

/// Lists the nodes.
pub async fn list_nodes(kube: &Kube) -> Result<Vec<Node>> {
    let api: Api<Node> = Api::all(kube.client.clone());
    api.list(&ListParams::default())
        .await
        .map(|l| l.items)
        .map_err(|e| {
            let attempt = Attempt {
                verb: "list",
                resource: "nodes".into(),
                namespace: None,
            };
            api_error(e, &kube.target, Some(&attempt))
        })
}

/// An error unless at least one node can take the test pods.
pub fn require_schedulable(summary: &NodeSummary) -> Result<()> {
    if summary.schedulable > 0 {
        return Ok(());
    }
    let detail = if summary.unavailable.is_empty() {
        String::new()
    } else {
        format!(": {}", summary.unavailable.join("; "))
    };
    Err(Error::could_not_run(format!(
        "no schedulable node: the cluster has {} node(s), none Ready, schedulable and untainted{detail}",
        summary.total
    ))
    .hint("the e2e tests need worker nodes that take ordinary pods"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn node(name: &str, ready: bool, extra: serde_json::Value) -> Node {
        let mut v = json!({
            "metadata": {"name": name},
            "spec": {},
            "status": {"conditions": [{"type": "Ready", "status": if ready {"True"} else {"False"}}]}
        });
        if let Some(spec) = extra.as_object() {
            for (k, val) in spec {
                v["spec"][k] = val.clone();
            }
        }
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn only_ready_untainted_uncordoned_nodes_count() {
        let nodes = [
            node("worker", true, json!({})),
            node(
                "cp",
                true,
                json!({"taints": [{"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}]}),
            ),
            node("cordoned", true, json!({"unschedulable": true})),
            node("down", false, json!({})),
            node(
                "prefer",
                true,
                json!({"taints": [{"key": "x", "effect": "PreferNoSchedule"}]}),
            ),
        ];
        let s = schedulable_nodes(&nodes);
        assert_eq!((s.total, s.schedulable), (5, 2));
        assert_eq!(
            s.unavailable,
            [
                "cp: tainted node-role.kubernetes.io/control-plane:NoSchedule",
                "cordoned: cordoned",
                "down: not Ready"
            ]
        );
        assert!(require_schedulable(&s).is_ok());
        let none = schedulable_nodes(&nodes[1..4]);
        let err = require_schedulable(&none).unwrap_err();
        assert!(
            err.message.contains("no schedulable node"),
            "{}",
            err.message
        );
        assert!(err.message.contains("down: not Ready"), "{}", err.message);
    }

    #[test]
    fn permissions_read_like_rbac() {
        let p = Permission::namespaced("create", "pods", "exec", "ns1", "to fetch the results");
        assert_eq!(
            p.describe(),
            "create pods/exec in namespace \"ns1\" (to fetch the results)"
        );
        assert_eq!(p.can_i(), "kubectl auth can-i create pods/exec -n ns1");
        let all = Permission::cluster("*", "*", "*", "granted to the test pod");
        assert_eq!(all.can_i(), "kubectl auth can-i '*' '*'");
        let crb = Permission::cluster(
            "create",
            "rbac.authorization.k8s.io",
            "clusterrolebindings",
            "x",
        );
        assert_eq!(
            crb.can_i(),
            "kubectl auth can-i create clusterrolebindings.rbac.authorization.k8s.io"
        );
        let err = permissions_error(&[p, crb], None);
        assert!(err.message.contains("lacks 2 permission(s)"));
        assert!(err.message.contains("nothing was created"));
    }
}
