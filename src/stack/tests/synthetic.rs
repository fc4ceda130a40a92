//! Cases the fixtures do not cover, on small hand-built objects.

use serde_json::{Value, json};

use super::{codes, load_items};
use crate::stack::{AddonState, DiagnosisCode as Code, Options, Severity, analyze};

fn options() -> Options {
    Options::at("2026-11-21T16:00:00Z".parse().expect("time"))
}

fn healthy_cluster(name: &str, class: &str) -> Value {
    json!({
        "apiVersion": "cluster.x-k8s.io/v1beta1",
        "kind": "Cluster",
        "metadata": {"name": name, "namespace": "demo"},
        "spec": {
            "topology": {"class": class, "version": "v1.33.4"},
            "controlPlaneRef": {"kind": "KubeadmControlPlane", "name": format!("{name}-cp"), "namespace": "demo"},
            "infrastructureRef": {"kind": "OpenStackCluster", "name": format!("{name}-os"), "namespace": "demo"}
        },
        "status": {
            "phase": "Provisioned",
            "conditions": [
                {"type": "Ready", "status": "True", "lastTransitionTime": "2026-11-21T14:00:00Z"},
                {"type": "TopologyReconciled", "status": "True", "lastTransitionTime": "2026-11-21T14:00:00Z"},
                {"type": "ControlPlaneInitialized", "status": "True", "lastTransitionTime": "2026-11-21T14:00:00Z"}
            ]
        }
    })
}

fn finished_addon(cluster: &str, class: &str) -> Value {
    json!({
        "apiVersion": "clusterstack.x-k8s.io/v1alpha1",
        "kind": "ClusterAddon",
        "metadata": {"name": format!("cluster-addon-{cluster}"), "namespace": "demo"},
        "spec": {"clusterRef": {"kind": "Cluster", "name": cluster, "namespace": "demo"}, "clusterStack": class, "version": "v1"},
        "status": {"ready": true, "conditions": [
            {"type": "Ready", "status": "True", "lastTransitionTime": "2026-11-21T14:10:00Z"},
            {"type": "HelmChartApplied", "status": "True", "lastTransitionTime": "2026-11-21T14:10:00Z"}
        ]}
    })
}

#[test]
fn update_available_from_usable_versions_without_release_objects() {
    let objects = vec![
        json!({
            "apiVersion": "clusterstack.x-k8s.io/v1alpha1",
            "kind": "ClusterStack",
            "metadata": {"name": "openstack", "namespace": "demo"},
            "spec": {"provider": "openstack", "name": "scs2", "kubernetesVersion": "1.33"},
            "status": {"usableVersions": "v1, v2, v10", "conditions": [
                {"type": "Ready", "status": "True", "lastTransitionTime": "2026-11-21T14:00:00Z"}
            ]}
        }),
        healthy_cluster("a", "openstack-scs2-1-33-v2"),
        finished_addon("a", "openstack-scs2-1-33-v2"),
    ];
    let status = analyze(&objects, &options());
    let c = &status.clusters[0];
    assert_eq!(codes(c), [Code::UpdateAvailable]);
    assert!(c.healthy, "information only");
    let d = &c.diagnoses[0];
    assert_eq!(d.severity, Severity::Info);
    // v10 is numerically newest, and the stack is found by its spec, not its name.
    assert!(
        d.message
            .starts_with("openstack-scs2-1-33-v10 is available"),
        "{}",
        d.message
    );
    assert_eq!(c.stack.as_deref(), Some("demo/openstack"));
    assert_eq!(status.stacks[0].usable_versions, ["v1", "v2", "v10"]);
}

#[test]
fn missing_cluster_addon_is_reported_for_stack_clusters() {
    let items: Vec<Value> = load_items("healthy.yaml")
        .into_iter()
        .filter(|o| o["kind"] != "ClusterAddon")
        .collect();
    let status = analyze(&items, &options());
    let c = &status.clusters[0];
    assert_eq!(codes(c), [Code::AddonMissing]);
    assert_eq!(c.addons, AddonState::Missing);
    assert!(c.diagnoses[0].message.contains("cluster-addon-prod-1"));
}

#[test]
fn blocking_hook_without_helm_chart_applied_is_issue_272() {
    let mut cluster = healthy_cluster("b", "openstack-scs2-1-34-v1");
    cluster["status"]["conditions"][1] = json!({
        "type": "TopologyReconciled", "status": "False", "reason": "LifecycleHookBlocking", "severity": "Info",
        "message": "hook \"BeforeClusterUpgrade\" is blocking", "lastTransitionTime": "2026-11-21T15:00:00Z"
    });
    let addon = json!({
        "apiVersion": "clusterstack.x-k8s.io/v1alpha1",
        "kind": "ClusterAddon",
        "metadata": {"name": "cluster-addon-b", "namespace": "demo"},
        "spec": {"clusterRef": {"kind": "Cluster", "name": "b"}, "clusterStack": "openstack-scs2-1-34-v1"},
        "status": {"ready": true, "conditions": [
            {"type": "Ready", "status": "True", "lastTransitionTime": "2026-11-21T14:10:00Z"},
            {"type": "ClusterReady", "status": "True", "lastTransitionTime": "2026-11-21T14:10:00Z"}
        ]}
    });
    let status = analyze(&[cluster, addon], &options());
    let c = &status.clusters[0];
    assert_eq!(codes(c), [Code::UpgradeBlocked]);
    let d = &c.diagnoses[0];
    assert!(d.message.contains("blocked for 1h"), "{}", d.message);
    assert!(
        d.message.contains("no HelmChartApplied condition"),
        "{}",
        d.message
    );
    assert!(d.hint.contains("#272"), "{}", d.hint);
}

#[test]
fn hook_not_called_during_an_upgrade_expects_before_cluster_upgrade() {
    let cluster = healthy_cluster("c", "openstack-scs2-1-34-v1");
    let addon = json!({
        "apiVersion": "clusterstack.x-k8s.io/v1alpha1",
        "kind": "ClusterAddon",
        "metadata": {"name": "cluster-addon-c", "namespace": "demo"},
        "spec": {"clusterRef": {"kind": "Cluster", "name": "c"}, "clusterStack": "openstack-scs2-1-33-v2"},
        "status": {"ready": false, "conditions": [
            {"type": "HookServerReady", "status": "False", "reason": "HookServerUnresponsive", "severity": "Info",
             "message": "hook server hasn't updated the spec.hook yet", "lastTransitionTime": "2026-11-21T15:30:00Z"}
        ]}
    });
    let status = analyze(&[cluster, addon], &options());
    let c = &status.clusters[0];
    assert_eq!(codes(c), [Code::HookNotCalled, Code::UpgradePending]);
    let d = &c.diagnoses[0];
    assert!(
        d.message.contains("BeforeClusterUpgrade hook"),
        "{}",
        d.message
    );
    assert!(d.message.contains("for 30m"), "{}", d.message);
    assert!(d.message.contains("no ExtensionConfig"), "{}", d.message);
}

#[test]
fn foreign_kinds_duplicates_and_junk_are_ignored() {
    let mut items = load_items("healthy.yaml");
    let copy = items.clone();
    items.extend(copy);
    items.push(json!({"apiVersion": "postgresql.cnpg.io/v1", "kind": "Cluster", "metadata": {"name": "db", "namespace": "cluster-stacks-demo"}}));
    items.push(json!({"kind": "Cluster"}));
    items.push(json!("not an object"));
    items.push(json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}}));
    let status = analyze(&items, &options());
    assert_eq!(
        status.clusters.len(),
        1,
        "duplicates collapse, foreign kinds are skipped"
    );
    assert_eq!(status.stacks.len(), 1);
    assert!(status.clusters[0].healthy);
}

#[test]
fn cluster_without_topology_or_cso_objects_is_plain() {
    let objects = vec![json!({
        "apiVersion": "cluster.x-k8s.io/v1beta1",
        "kind": "Cluster",
        "metadata": {"name": "plain", "namespace": "demo"},
        "status": {"phase": "Provisioned", "conditions": [
            {"type": "Ready", "status": "True", "lastTransitionTime": "2026-11-21T14:00:00Z"}
        ]}
    })];
    let status = analyze(&objects, &options());
    let c = &status.clusters[0];
    assert!(c.diagnoses.is_empty(), "{:?}", c.diagnoses);
    assert_eq!(c.class, None);
    assert_eq!(c.addons, AddonState::Missing);
    assert!(status.stacks.is_empty());
}

#[test]
fn young_uninitialised_control_plane_is_only_a_warning() {
    let mut cluster = healthy_cluster("new", "openstack-scs2-1-33-v2");
    cluster["status"]["conditions"][2] = json!({
        "type": "ControlPlaneInitialized", "status": "False", "reason": "WaitingForControlPlaneProviderInitialized",
        "severity": "Info", "lastTransitionTime": "2026-11-21T15:55:00Z"
    });
    let status = analyze(&[cluster], &options());
    let d = &status.clusters[0].diagnoses[0];
    assert_eq!(
        (d.code, d.severity),
        (Code::ClusterNotProvisioned, Severity::Warning)
    );
    assert!(d.message.contains("for 5m"), "{}", d.message);
}
