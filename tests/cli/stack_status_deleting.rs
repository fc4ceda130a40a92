//! `stack status` on a management cluster where a Cluster is being deleted: ClusterDeleting
//! names the objects and finalizers that hold it and points to `cluster cleanup` for the
//! workload side.

use serde_json::{Value, json};

use crate::support::{assert_exit, fake_mgmt, scs_live};

const NS: &str = "cluster-stacks-demo";

#[test]
fn a_deleting_cluster_names_what_holds_it_and_points_to_cluster_cleanup() {
    let server = fake_mgmt("healthy");
    let store = server.store();
    // Deleted through the API as `kubectl delete cluster` would: finalizers keep the objects.
    store
        .patch(
            "OpenStackCluster",
            NS,
            "prod-1-wpsc4",
            json!({"metadata": {"finalizers": ["openstackcluster.infrastructure.cluster.x-k8s.io", "janitor.capi.stackhpc.com"]}}),
        )
        .unwrap();
    for (kind, name) in [
        ("Cluster", "prod-1"),
        ("KubeadmControlPlane", "prod-1-vjzkm"),
        ("ClusterAddon", "cluster-addon-prod-1"),
    ] {
        let deleted = store.delete(kind, NS, name).unwrap();
        assert!(
            deleted["metadata"]["deletionTimestamp"].is_string(),
            "{kind}"
        );
    }
    store
        .patch(
            "Cluster",
            NS,
            "prod-1",
            json!({"status": {"phase": "Deleting", "v1beta2": {"conditions": [
                {"type": "Deleting", "status": "True", "reason": "WaitingForControlPlaneDeletion",
                 "message": "* Control plane deleting", "lastTransitionTime": "2026-11-21T15:20:00Z"}
            ]}}}),
        )
        .unwrap();

    let dir = tempfile::tempdir().unwrap();
    let out = scs_live(&server, dir.path())
        .args(["stack", "status", "-n", NS, "-o", "json"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let cluster = &doc["clusters"][0];
    let deleting = cluster["diagnoses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "ClusterDeleting")
        .expect("ClusterDeleting");
    let message = deleting["message"].as_str().unwrap();
    for fact in [
        "Cluster prod-1 is being deleted",
        "waiting: WaitingForControlPlaneDeletion (* Control plane deleting)",
        "Cluster prod-1 [cluster.cluster.x-k8s.io]",
        "KubeadmControlPlane prod-1-vjzkm [kubeadm.controlplane.cluster.x-k8s.io]",
        "OpenStackCluster prod-1-wpsc4 [openstackcluster.infrastructure.cluster.x-k8s.io, janitor.capi.stackhpc.com]",
        "ClusterAddon cluster-addon-prod-1 [clusteraddon.clusterstack.x-k8s.io]",
    ] {
        assert!(message.contains(fact), "{fact:?} not in {message}");
    }
    let hint = deleting["hint"].as_str().unwrap();
    assert!(
        hint.contains("run `kubectl scs cluster cleanup` against the workload cluster"),
        "{hint}"
    );
    assert!(hint.contains("janitor"), "{hint}");

    let table = scs_live(&server, dir.path())
        .args(["stack", "status", "-n", NS])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(
        text.contains("[warning] ClusterDeleting: Cluster prod-1 is being deleted"),
        "{text}"
    );
    assert!(text.contains("kubectl scs cluster cleanup"), "{text}");
}
