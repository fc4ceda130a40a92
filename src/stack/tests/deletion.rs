//! ClusterDeleting on synthetic objects: what deletion waits for, the finalizers left, and that
//! the Deleted/Deleting conditions of a deletion are not reported as failures.

use serde_json::{Value, json};

use super::{codes, render};
use crate::stack::{DiagnosisCode as Code, Options, Severity, analyze};

const NOW: &str = "2026-11-21T16:00:00Z";

fn options() -> Options {
    Options::at(NOW.parse().expect("time"))
}

/// A v1beta2 Cluster deleted at 15:48 that waits for its infrastructure.
fn deleting_objects() -> Vec<Value> {
    vec![
        json!({
            "apiVersion": "cluster.x-k8s.io/v1beta2",
            "kind": "Cluster",
            "metadata": {
                "name": "gone-1", "namespace": "demo",
                "deletionTimestamp": "2026-11-21T15:48:00Z",
                "finalizers": ["cluster.cluster.x-k8s.io"]
            },
            "spec": {
                "topology": {"classRef": {"name": "openstack-scs2-1-33-v2"}, "version": "v1.33.6"},
                "infrastructureRef": {"apiGroup": "infrastructure.cluster.x-k8s.io", "kind": "OpenStackCluster", "name": "gone-1-abcde"},
                "controlPlaneRef": {"apiGroup": "controlplane.cluster.x-k8s.io", "kind": "KubeadmControlPlane", "name": "gone-1-cp"}
            },
            "status": {
                "phase": "Deleting",
                "conditions": [
                    {"type": "Available", "status": "False", "reason": "Deleting", "message": "Cluster is deleting", "lastTransitionTime": "2026-11-21T15:48:00Z"},
                    {"type": "ControlPlaneInitialized", "status": "False", "reason": "Deleted", "lastTransitionTime": "2026-11-21T15:50:00Z"},
                    {"type": "TopologyReconciled", "status": "False", "reason": "Deleting", "lastTransitionTime": "2026-11-21T15:48:00Z"},
                    {"type": "Deleting", "status": "True", "reason": "WaitingForInfrastructureDeletion",
                     "message": "* OpenStackCluster gone-1-abcde: deleting", "lastTransitionTime": "2026-11-21T15:55:00Z"}
                ],
                "controlPlane": {"desiredReplicas": 3, "readyReplicas": 0},
                "workers": {"desiredReplicas": 2, "readyReplicas": 0}
            }
        }),
        json!({
            "apiVersion": "infrastructure.cluster.x-k8s.io/v1beta1",
            "kind": "OpenStackCluster",
            "metadata": {
                "name": "gone-1-abcde", "namespace": "demo",
                "deletionTimestamp": "2026-11-21T15:55:00Z",
                "finalizers": ["openstackcluster.infrastructure.cluster.x-k8s.io", "janitor.capi.stackhpc.com"],
                "labels": {"cluster.x-k8s.io/cluster-name": "gone-1"}
            },
            "status": {
                "ready": false,
                "conditions": [
                    {"type": "Ready", "status": "False", "reason": "Deleting", "severity": "Info", "lastTransitionTime": "2026-11-21T15:55:00Z"}
                ]
            }
        }),
        json!({
            "apiVersion": "clusterstack.x-k8s.io/v1alpha1",
            "kind": "ClusterAddon",
            "metadata": {
                "name": "cluster-addon-gone-1", "namespace": "demo",
                "finalizers": ["clusteraddon.clusterstack.x-k8s.io"],
                "deletionTimestamp": "2026-11-21T15:48:01Z"
            },
            "spec": {"clusterRef": {"kind": "Cluster", "name": "gone-1", "namespace": "demo"}, "clusterStack": "openstack-scs2-1-33-v2"},
            "status": {
                "ready": false,
                "conditions": [
                    {"type": "Ready", "status": "False", "reason": "ControlPlaneNotReady", "severity": "Warning", "message": "kubeconfig not there (yet)", "lastTransitionTime": "2026-11-21T15:50:00Z"},
                    {"type": "ClusterReady", "status": "False", "reason": "ControlPlaneNotReady", "severity": "Warning", "message": "kubeconfig not there (yet)", "lastTransitionTime": "2026-11-21T15:50:00Z"},
                    {"type": "HelmChartApplied", "status": "False", "reason": "FailedToApplyObjects", "severity": "Info", "lastTransitionTime": "2026-11-21T15:50:00Z"}
                ]
            }
        }),
    ]
}

#[test]
fn deleting_cluster_names_wait_reason_and_finalizers() {
    let status = analyze(&deleting_objects(), &options());
    let c = &status.clusters[0];
    assert_eq!(codes(c), [Code::ClusterDeleting]);
    let d = &c.diagnoses[0];
    assert_eq!(d.severity, Severity::Warning);
    for fact in [
        "Cluster gone-1 is being deleted for 12m",
        "waiting: WaitingForInfrastructureDeletion (* OpenStackCluster gone-1-abcde: deleting)",
        "Cluster gone-1 [cluster.cluster.x-k8s.io]",
        "OpenStackCluster gone-1-abcde [openstackcluster.infrastructure.cluster.x-k8s.io, janitor.capi.stackhpc.com]",
        "ClusterAddon cluster-addon-gone-1 [clusteraddon.clusterstack.x-k8s.io]",
    ] {
        assert!(d.message.contains(fact), "{fact:?} not in {}", d.message);
    }
    assert!(d.hint.contains("kubectl scs cluster cleanup"), "{}", d.hint);
    assert!(d.hint.contains("janitor"), "{}", d.hint);
    assert_eq!(d.object.as_deref(), Some("Cluster/demo/gone-1"));

    let text = render(&c.tree);
    assert!(
        text.starts_with("!! DELETED !! Cluster/gone-1 | False"),
        "{text}"
    );
    assert!(
        text.contains("Condition Deleting | True |  | WaitingForInfrastructureDeletion"),
        "{text}"
    );
    assert!(
        text.contains("ClusterInfrastructure - !! DELETED !! OpenStackCluster/gone-1-abcde"),
        "{text}"
    );
}

#[test]
fn deleted_conditions_are_not_failures() {
    // A v1beta1 Cluster whose Ready=False/Deleting, KCP Ready=False/Deleted and ClusterAddon
    // failures are the expected side effects of the deletion.
    let objects = vec![
        json!({
            "apiVersion": "cluster.x-k8s.io/v1beta1",
            "kind": "Cluster",
            "metadata": {"name": "old-1", "namespace": "demo", "deletionTimestamp": "2026-11-21T15:00:00Z",
                         "finalizers": ["cluster.cluster.x-k8s.io"]},
            "spec": {"topology": {"class": "openstack-scs2-1-33-v2", "version": "v1.33.6"},
                     "controlPlaneRef": {"kind": "KubeadmControlPlane", "name": "old-1-cp", "namespace": "demo"}},
            "status": {
                "phase": "Deleting",
                "conditions": [
                    {"type": "Ready", "status": "False", "reason": "Deleting", "severity": "Info", "lastTransitionTime": "2026-11-21T15:00:00Z"},
                    {"type": "ControlPlaneReady", "status": "False", "reason": "Deleted", "severity": "Info", "lastTransitionTime": "2026-11-21T15:05:00Z"},
                    {"type": "ControlPlaneInitialized", "status": "False", "reason": "Deleted", "severity": "Info", "lastTransitionTime": "2026-11-21T15:05:00Z"}
                ],
                "v1beta2": {"conditions": [
                    {"type": "Deleting", "status": "True", "reason": "WaitingForControlPlaneDeletion", "message": "", "lastTransitionTime": "2026-11-21T15:00:00Z"}
                ]}
            }
        }),
        json!({
            "apiVersion": "controlplane.cluster.x-k8s.io/v1beta1",
            "kind": "KubeadmControlPlane",
            "metadata": {"name": "old-1-cp", "namespace": "demo", "deletionTimestamp": "2026-11-21T15:01:00Z"},
            "spec": {"replicas": 3},
            "status": {"initialized": false, "readyReplicas": 0,
                       "conditions": [{"type": "Ready", "status": "False", "reason": "Deleted", "severity": "Info", "lastTransitionTime": "2026-11-21T15:05:00Z"}]}
        }),
    ];
    let status = analyze(&objects, &options());
    let c = &status.clusters[0];
    assert_eq!(codes(c), [Code::ClusterDeleting]);
    assert!(c.diagnoses.iter().all(|d| d.severity != Severity::Error));
    assert!(
        c.diagnoses[0].message.contains("for 1h"),
        "{}",
        c.diagnoses[0].message
    );
    assert!(
        c.diagnoses[0]
            .message
            .contains("WaitingForControlPlaneDeletion")
    );
    // Without an OpenStackCluster object or reference, only the Cluster's finalizer is listed.
    assert!(
        c.diagnoses[0]
            .message
            .contains("finalizers left: Cluster old-1 [cluster.cluster.x-k8s.io]")
    );
    assert_eq!(c.addons, crate::stack::AddonState::Deleting);
}

#[test]
fn phase_deleting_without_timestamp_is_deleting_too() {
    let objects = vec![json!({
        "apiVersion": "cluster.x-k8s.io/v1beta1",
        "kind": "Cluster",
        "metadata": {"name": "x", "namespace": "demo"},
        "status": {"phase": "Deleting"}
    })];
    let status = analyze(&objects, &options());
    let d = &status.clusters[0].diagnoses[0];
    assert_eq!(d.code, Code::ClusterDeleting);
    assert!(d.message.contains("no finalizers left"), "{}", d.message);
}

#[test]
fn control_plane_and_workers_being_deleted_are_named_with_their_finalizers() {
    let mut objects = deleting_objects();
    objects[0]["metadata"]["annotations"] = json!({"runtime.cluster.x-k8s.io/ok-to-delete": ""});
    objects.push(json!({
        "apiVersion": "controlplane.cluster.x-k8s.io/v1beta2",
        "kind": "KubeadmControlPlane",
        "metadata": {"name": "gone-1-cp", "namespace": "demo", "deletionTimestamp": "2026-11-21T15:49:00Z",
                     "finalizers": ["kubeadm.controlplane.cluster.x-k8s.io"],
                     "labels": {"cluster.x-k8s.io/cluster-name": "gone-1"}},
        "spec": {"replicas": 3, "version": "v1.33.6"}
    }));
    objects.push(json!({
        "apiVersion": "cluster.x-k8s.io/v1beta2",
        "kind": "MachineDeployment",
        "metadata": {"name": "gone-1-md-0-abcde", "namespace": "demo", "deletionTimestamp": "2026-11-21T15:49:00Z",
                     "finalizers": ["cluster.x-k8s.io/machinedeployment"],
                     "labels": {"cluster.x-k8s.io/cluster-name": "gone-1", "topology.cluster.x-k8s.io/deployment-name": "md-0"}},
        "spec": {"clusterName": "gone-1", "replicas": 2}
    }));
    objects.push(json!({
        "apiVersion": "cluster.x-k8s.io/v1beta2",
        "kind": "MachineDeployment",
        "metadata": {"name": "gone-1-md-1-fghij", "namespace": "demo",
                     "finalizers": ["cluster.x-k8s.io/machinedeployment"],
                     "labels": {"cluster.x-k8s.io/cluster-name": "gone-1", "topology.cluster.x-k8s.io/deployment-name": "md-1"}},
        "spec": {"clusterName": "gone-1", "replicas": 1}
    }));
    let status = analyze(&objects, &options());
    let d = &status.clusters[0].diagnoses[0];
    assert_eq!(d.code, Code::ClusterDeleting);
    for fact in [
        "KubeadmControlPlane gone-1-cp [kubeadm.controlplane.cluster.x-k8s.io]",
        "MachineDeployment gone-1-md-0-abcde [cluster.x-k8s.io/machinedeployment]",
        "BeforeClusterDelete hooks passed (ok-to-delete)",
    ] {
        assert!(d.message.contains(fact), "{fact:?} not in {}", d.message);
    }
    // A MachineDeployment that is not being deleted holds nothing yet.
    assert!(!d.message.contains("gone-1-md-1-fghij"), "{}", d.message);
}
