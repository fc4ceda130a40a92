//! Tests of the stack analysis: one per management-cluster fixture, synthetic objects for the
//! cases the fixtures do not cover, release assets and lint, and a property test.

mod deletion;
mod fixtures;
mod props;
mod releases;
mod synthetic;

use serde_json::Value;

use crate::stack::{
    AddonStage, ClusterAddonConfig, ClusterStatus, DiagnosisCode, Options, StackStatus, TreeNode,
    analyze,
};

/// Loads the `items` of a `kind: List` fixture under `tests/fixtures/mgmt/`.
pub(super) fn load_items(file: &str) -> Vec<Value> {
    let path = format!("{}/tests/fixtures/mgmt/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {path}: {e}"));
    let list: Value = serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("parse {path}: {e}"));
    match list.get("items") {
        Some(Value::Array(items)) => items.clone(),
        _ => panic!("{path} has no items"),
    }
}

/// Analyses a fixture at the given RFC 3339 time.
pub(super) fn analyze_file(file: &str, now: &str) -> StackStatus {
    let now = now.parse().unwrap_or_else(|e| panic!("time {now}: {e}"));
    analyze(&load_items(file), &Options::at(now))
}

/// The Cluster `ns/name` of a result.
pub(super) fn cluster<'s>(status: &'s StackStatus, id: &str) -> &'s ClusterStatus {
    status
        .clusters
        .iter()
        .find(|c| c.cluster == id)
        .unwrap_or_else(|| panic!("no Cluster {id}"))
}

/// The diagnosis codes of a Cluster, in result order.
pub(super) fn codes(c: &ClusterStatus) -> Vec<DiagnosisCode> {
    c.diagnoses.iter().map(|d| d.code).collect()
}

/// The production `clusteraddon.yaml` of scs/scs2: four addons in both hooks.
pub(super) fn scs2_release_config() -> ClusterAddonConfig {
    let stages = || {
        ["cni", "metrics-server", "csi", "ccm"]
            .into_iter()
            .map(|name| AddonStage {
                name: name.to_owned(),
                action: "apply".to_owned(),
                ..AddonStage::default()
            })
            .collect::<Vec<_>>()
    };
    ClusterAddonConfig {
        api_version: "clusteraddonconfig.x-k8s.io/v1alpha1".to_owned(),
        cluster_addon_version: "clusteraddons.clusterstack.x-k8s.io/v1alpha1".to_owned(),
        addon_stages: [
            ("AfterControlPlaneInitialized".to_owned(), stages()),
            ("BeforeClusterUpgrade".to_owned(), stages()),
        ]
        .into_iter()
        .collect(),
    }
}

/// Renders a tree as indented `name | ready | severity | reason | since | message` lines.
pub(super) fn render(node: &TreeNode) -> String {
    fn walk(node: &TreeNode, depth: usize, out: &mut String) {
        let cols = [
            node.ready.as_deref().unwrap_or(""),
            node.severity.as_deref().unwrap_or(""),
            node.reason.as_deref().unwrap_or(""),
            node.since.as_deref().unwrap_or(""),
            node.message.as_deref().unwrap_or(""),
        ];
        out.push_str(&format!(
            "{}{} | {}\n",
            "  ".repeat(depth),
            node.name,
            cols.join(" | ")
        ));
        for c in &node.children {
            walk(c, depth + 1, out);
        }
    }
    let mut out = String::new();
    walk(node, 0, &mut out);
    out
}
