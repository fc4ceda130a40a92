//! `analyze` never panics, whatever shape the fields of known kinds have.

use proptest::prelude::*;
use serde_json::{Map, Value, json};

use crate::stack::{Options, analyze, human_age};

/// Field names the analysis reads, so random trees hit real paths.
const KEYS: &[&str] = &[
    "metadata",
    "name",
    "namespace",
    "labels",
    "ownerReferences",
    "kind",
    "finalizers",
    "deletionTimestamp",
    "creationTimestamp",
    "spec",
    "status",
    "conditions",
    "type",
    "status",
    "reason",
    "message",
    "severity",
    "lastTransitionTime",
    "topology",
    "class",
    "classRef",
    "classNamespace",
    "version",
    "controlPlaneRef",
    "infrastructureRef",
    "clusterRef",
    "hook",
    "clusterStack",
    "stages",
    "phase",
    "action",
    "resources",
    "error",
    "group",
    "ready",
    "replicas",
    "readyReplicas",
    "desiredReplicas",
    "v1beta2",
    "deprecated",
    "v1beta1",
    "controlPlane",
    "workers",
    "initialization",
    "controlPlaneInitialized",
    "initialized",
    "kubernetesVersion",
    "usableVersions",
    "provider",
    "clusterName",
    "handlers",
    "machineDeployments",
    "cluster.x-k8s.io/cluster-name",
    "apiGroup",
];

const WORDS: &[&str] = &[
    "",
    "True",
    "False",
    "Unknown",
    "done",
    "Pending",
    "applyingOrDeleting",
    "synced",
    "not-synced",
    "BeforeClusterUpgrade",
    "AfterControlPlaneInitialized",
    "LifecycleHookBlocking",
    "Deleting",
    "Ready",
    "Available",
    "TopologyReconciled",
    "HookServerReady",
    "HelmChartApplied",
    "EvaluatedCEL",
    "ControlPlaneInitialized",
    "Deleting",
    "ClusterReady",
    "2026-11-21T13:37:48Z",
    "-292277022657-01-27T08:29:52Z",
    "9999-12-31T23:59:59Z",
    "openstack-scs2-1-33-v2",
    "openstack-scs2-1-33-v1",
    "a-b-1-2-v0-sha.x",
    "hook \"X\" is blocking",
    "c1",
    "ns",
    "cluster-addon-c1",
    "KubeadmControlPlane",
    "OpenStackCluster",
    "v1, v2",
    "\"",
    "kubectl delete x",
    "a/b c d/e f",
];

const KINDS: &[&str] = &[
    "ClusterStack",
    "ClusterStackRelease",
    "ClusterAddon",
    "Cluster",
    "ClusterClass",
    "KubeadmControlPlane",
    "MachineDeployment",
    "OpenStackCluster",
    "ExtensionConfig",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        prop::sample::select(WORDS).prop_map(|s| json!(s)),
        "[a-z\"\\n -]{0,12}".prop_map(Value::String),
    ]
}

fn tree() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..6).prop_map(|kv| {
                Value::Object(
                    kv.into_iter()
                        .map(|(k, v)| (k.to_owned(), v))
                        .collect::<Map<_, _>>(),
                )
            }),
        ]
    })
}

fn object() -> impl Strategy<Value = Value> {
    (
        prop::sample::select(KINDS),
        prop::sample::select(&["c1", "c2", "cluster-addon-c1", "openstack-scs2-1-33-v2"][..]),
        prop::sample::select(&["ns", "", "other"][..]),
        tree(),
        tree(),
        tree(),
        any::<bool>(),
    )
        .prop_map(|(kind, name, ns, metadata, spec, status, with_api)| {
            let mut metadata = match metadata {
                Value::Object(m) => m,
                other => {
                    let mut m = Map::new();
                    m.insert("extra".to_owned(), other);
                    m
                }
            };
            metadata.insert("name".to_owned(), json!(name));
            metadata.insert("namespace".to_owned(), json!(ns));
            let mut obj =
                json!({"kind": kind, "metadata": metadata, "spec": spec, "status": status});
            if with_api {
                obj["apiVersion"] = json!("cluster.x-k8s.io/v1beta2");
            }
            obj
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn analyze_never_panics(objects in prop::collection::vec(object(), 0..12), secs in any::<i64>()) {
        let now = jiff::Timestamp::from_second(secs.rem_euclid(253_402_300_799)).unwrap_or_default();
        let status = analyze(&objects, &Options::at(now));
        // The result always serializes, and every Cluster read is listed at most once.
        let json = serde_json::to_value(&status);
        prop_assert!(json.is_ok());
        let clusters = objects.iter().filter(|o| o["kind"] == "Cluster").count();
        prop_assert!(status.clusters.len() <= clusters);
    }

    #[test]
    fn ages_never_panic(a in any::<i64>(), b in any::<i64>()) {
        let t = |s: i64| jiff::Timestamp::from_second(s.rem_euclid(253_402_300_799)).unwrap_or_default();
        prop_assert!(!human_age(t(a), t(b)).is_empty());
    }
}
