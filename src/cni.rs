//! Which CNI plugin a cluster runs, judged from the workloads it runs (pure).
//!
//! The input is whatever was listed: DaemonSets (all namespaces), Pods (e.g. of
//! `kube-system`) and Nodes, as JSON objects. A plugin is recognised by a workload's name,
//! its labels or its container images. Flannel alone is flagged: it routes pod traffic but
//! does not enforce NetworkPolicy, so the scs-0219 tests fail on it.

use serde::Serialize;
use serde_json::Value;

/// Whether a plugin enforces NetworkPolicy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Enforcement {
    /// It does.
    Yes,
    /// It does not.
    No,
    /// It depends on the version or configuration.
    Depends,
}

/// A plugin found in the cluster, with what gave it away.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DetectedCni {
    /// The plugin's common name (`cilium`, `calico`, …).
    pub name: &'static str,
    /// The object that shows it, e.g. `DaemonSet kube-system/cilium`.
    pub evidence: String,
    /// Whether it enforces NetworkPolicy.
    pub enforces_network_policy: Enforcement,
}

/// The plugins found and what that means for NetworkPolicy.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CniDetection {
    /// Every plugin found, in the order of the objects that showed them.
    pub detected: Vec<DetectedCni>,
    /// The names joined with `+` (`canal`, `flannel+kube-router`), or `unknown`.
    pub summary: String,
    /// Set when the plugins found cannot make the NetworkPolicy tests pass.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
}

struct Known {
    name: &'static str,
    /// Workload names: exact, `<name>-…` or `…-<name>` (RKE2 prefixes its charts with `rke2-`).
    workloads: &'static [&'static str],
    /// `key=value` labels.
    labels: &'static [&'static str],
    /// Substrings of a container image.
    images: &'static [&'static str],
    enforces: Enforcement,
}

/// Canal comes first: its DaemonSet runs both calico and flannel images.
const KNOWN: &[Known] = &[
    Known {
        name: "canal",
        workloads: &["canal"],
        labels: &["k8s-app=canal"],
        images: &[],
        enforces: Enforcement::Yes,
    },
    Known {
        name: "cilium",
        workloads: &["cilium"],
        labels: &["k8s-app=cilium", "app.kubernetes.io/name=cilium-agent"],
        images: &["/cilium/cilium:", "/cilium/cilium@"],
        enforces: Enforcement::Yes,
    },
    Known {
        name: "calico",
        workloads: &["calico-node"],
        labels: &["k8s-app=calico-node", "app.kubernetes.io/name=calico-node"],
        images: &["calico/node:", "calico/node@"],
        enforces: Enforcement::Yes,
    },
    Known {
        name: "antrea",
        workloads: &["antrea-agent"],
        labels: &["component=antrea-agent"],
        images: &["antrea/antrea-agent", "antrea/antrea-ubuntu"],
        enforces: Enforcement::Yes,
    },
    Known {
        name: "kube-ovn",
        workloads: &["kube-ovn-cni"],
        labels: &["app=kube-ovn-cni"],
        images: &["kubeovn/kube-ovn"],
        enforces: Enforcement::Yes,
    },
    Known {
        name: "ovn-kubernetes",
        workloads: &["ovnkube-node"],
        labels: &["app=ovnkube-node", "name=ovnkube-node"],
        images: &["ovn-kubernetes", "ovn-daemonset"],
        enforces: Enforcement::Yes,
    },
    Known {
        name: "weave",
        workloads: &["weave-net"],
        labels: &["name=weave-net"],
        images: &["weaveworks/weave-kube"],
        enforces: Enforcement::Yes,
    },
    Known {
        name: "kube-router",
        workloads: &["kube-router"],
        labels: &["k8s-app=kube-router"],
        images: &["cloudnativelabs/kube-router"],
        enforces: Enforcement::Yes,
    },
    Known {
        name: "kindnet",
        workloads: &["kindnet"],
        labels: &["app=kindnet", "k8s-app=kindnet"],
        images: &["kindest/kindnetd", "/kindnetd:"],
        // kindnetd enforces NetworkPolicy since kind v0.24 (kube-network-policies).
        enforces: Enforcement::Depends,
    },
    Known {
        name: "aws-vpc-cni",
        workloads: &["aws-node"],
        labels: &["k8s-app=aws-node"],
        images: &["amazon-k8s-cni"],
        // Only with the network policy agent enabled.
        enforces: Enforcement::Depends,
    },
    Known {
        name: "flannel",
        workloads: &["kube-flannel-ds", "kube-flannel", "flannel"],
        labels: &["app=flannel", "k8s-app=flannel"],
        images: &[
            "flannel/flannel",
            "flannel-io/flannel",
            "coreos/flannel",
            "flannelcni-flannel",
        ],
        enforces: Enforcement::No,
    },
];

fn text<'a>(v: &'a Value, pointer: &str) -> &'a str {
    v.pointer(pointer).and_then(Value::as_str).unwrap_or("")
}

fn name_matches(name: &str, known: &str) -> bool {
    name == known
        || name
            .strip_prefix(known)
            .is_some_and(|rest| rest.starts_with('-'))
        || name
            .strip_suffix(known)
            .is_some_and(|rest| rest.ends_with('-'))
}

fn labels_of(object: &Value) -> Vec<String> {
    ["/metadata/labels", "/spec/template/metadata/labels"]
        .iter()
        .filter_map(|p| object.pointer(p).and_then(Value::as_object))
        .flat_map(|map| {
            map.iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
        })
        .collect()
}

fn images_of(object: &Value) -> Vec<&str> {
    let spec = object
        .pointer("/spec/template/spec")
        .or_else(|| object.get("spec"));
    ["containers", "initContainers"]
        .iter()
        .filter_map(|k| spec.and_then(|s| s.get(*k)).and_then(Value::as_array))
        .flatten()
        .filter_map(|c| c.get("image").and_then(Value::as_str))
        .collect()
}

fn recognise(object: &Value) -> Option<&'static Known> {
    let name = text(object, "/metadata/name");
    let labels = labels_of(object);
    let images = images_of(object);
    KNOWN.iter().find(|k| {
        k.workloads.iter().any(|w| name_matches(name, w))
            || k.labels.iter().any(|l| labels.iter().any(|have| have == l))
            || k.images
                .iter()
                .any(|i| images.iter().any(|have| have.contains(i)))
    })
}

/// A k3s node: k3s runs flannel and a NetworkPolicy controller inside its own binary, so no
/// workload shows them.
fn is_k3s_node(node: &Value) -> bool {
    text(node, "/status/nodeInfo/kubeletVersion").contains("+k3s")
}

/// Finds the CNI plugins among `objects` (DaemonSets, Pods, Nodes; other kinds are ignored).
pub fn detect_cni(objects: &[Value]) -> CniDetection {
    let mut detected: Vec<DetectedCni> = Vec::new();
    for object in objects {
        let kind = text(object, "/kind");
        if !matches!(kind, "DaemonSet" | "Pod" | "Deployment") {
            continue;
        }
        // Pods of a recognised DaemonSet would only repeat it.
        let Some(known) = recognise(object) else {
            continue;
        };
        if detected.iter().any(|d| d.name == known.name) {
            continue;
        }
        let namespace = text(object, "/metadata/namespace");
        let name = text(object, "/metadata/name");
        detected.push(DetectedCni {
            name: known.name,
            evidence: format!("{kind} {namespace}/{name}"),
            enforces_network_policy: known.enforces,
        });
    }
    if detected.is_empty()
        && let Some(node) = objects
            .iter()
            .find(|o| text(o, "/kind") == "Node" && is_k3s_node(o))
    {
        detected.push(DetectedCni {
            name: "k3s-flannel",
            evidence: format!(
                "Node {} runs k3s ({}), whose embedded flannel is policed by its embedded NetworkPolicy controller unless --disable-network-policy is set",
                text(node, "/metadata/name"),
                text(node, "/status/nodeInfo/kubeletVersion")
            ),
            enforces_network_policy: Enforcement::Depends,
        });
    }
    let summary = if detected.is_empty() {
        "unknown".to_string()
    } else {
        detected
            .iter()
            .map(|d| d.name)
            .collect::<Vec<_>>()
            .join("+")
    };
    let warning = (!detected.is_empty()
        && detected
            .iter()
            .all(|d| d.enforces_network_policy == Enforcement::No))
    .then(|| {
        format!(
            "{summary} alone does not enforce NetworkPolicy: the NetworkPolicy tests will fail; run a policy engine with it (canal, kube-router) or another CNI"
        )
    });
    CniDetection {
        detected,
        summary,
        warning,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ds(ns: &str, name: &str, image: &str, labels: Value) -> Value {
        json!({
            "apiVersion": "apps/v1", "kind": "DaemonSet",
            "metadata": {"name": name, "namespace": ns, "labels": labels},
            "spec": {"template": {"spec": {"containers": [{"name": "c", "image": image}]}}}
        })
    }

    fn names(objects: &[Value]) -> Vec<&'static str> {
        detect_cni(objects)
            .detected
            .iter()
            .map(|d| d.name)
            .collect()
    }

    #[test]
    fn each_plugin_by_its_daemonset() {
        let cases = [
            (
                "kube-system",
                "cilium",
                "quay.io/cilium/cilium:v1.16.3",
                "cilium",
            ),
            (
                "calico-system",
                "calico-node",
                "docker.io/calico/node:v3.28.0",
                "calico",
            ),
            (
                "kube-system",
                "canal",
                "docker.io/calico/node:v3.28.0",
                "canal",
            ),
            (
                "kube-system",
                "rke2-canal",
                "rancher/hardened-calico:v3.28",
                "canal",
            ),
            (
                "kube-system",
                "antrea-agent",
                "antrea/antrea-agent-ubuntu:v2.1.0",
                "antrea",
            ),
            (
                "kube-system",
                "kube-ovn-cni",
                "docker.io/kubeovn/kube-ovn:v1.13.0",
                "kube-ovn",
            ),
            (
                "ovn-kubernetes",
                "ovnkube-node",
                "ghcr.io/ovn-org/ovn-kubernetes/ovn-kube-ubuntu:master",
                "ovn-kubernetes",
            ),
            (
                "kube-flannel",
                "kube-flannel-ds",
                "docker.io/flannel/flannel:v0.25.6",
                "flannel",
            ),
            (
                "kube-system",
                "weave-net",
                "weaveworks/weave-kube:2.8.1",
                "weave",
            ),
            (
                "kube-system",
                "kube-router",
                "docker.io/cloudnativelabs/kube-router:v2.2",
                "kube-router",
            ),
            (
                "kube-system",
                "kindnet",
                "docker.io/kindest/kindnetd:v20241108",
                "kindnet",
            ),
        ];
        for (ns, name, image, want) in cases {
            assert_eq!(names(&[ds(ns, name, image, json!({}))]), [want], "{name}");
        }
    }

    #[test]
    fn recognised_by_image_or_label_when_the_name_is_unusual() {
        let by_image = ds(
            "net",
            "agent",
            "registry.example/mirror/cilium/cilium:v1.15",
            json!({}),
        );
        assert_eq!(names(&[by_image]), ["cilium"]);
        let by_label = ds("net", "x", "example/x:1", json!({"k8s-app": "calico-node"}));
        assert_eq!(names(&[by_label]), ["calico"]);
    }

    #[test]
    fn flannel_alone_is_flagged_and_with_kube_router_is_not() {
        let flannel = ds(
            "kube-flannel",
            "kube-flannel-ds",
            "flannel/flannel:v0.25",
            json!({}),
        );
        let alone = detect_cni(std::slice::from_ref(&flannel));
        assert_eq!(alone.summary, "flannel");
        assert!(
            alone
                .warning
                .as_deref()
                .unwrap_or("")
                .contains("does not enforce NetworkPolicy")
        );
        let router = ds(
            "kube-system",
            "kube-router",
            "cloudnativelabs/kube-router:v2",
            json!({}),
        );
        let both = detect_cni(&[flannel, router]);
        assert_eq!(both.summary, "flannel+kube-router");
        assert_eq!(both.warning, None);
    }

    #[test]
    fn pods_repeat_their_daemonset_once_and_other_workloads_are_ignored() {
        let pod = json!({"kind": "Pod", "metadata": {"name": "cilium-x7k2p", "namespace": "kube-system", "labels": {"k8s-app": "cilium"}},
            "spec": {"containers": [{"name": "agent", "image": "quay.io/cilium/cilium:v1.16"}]}});
        let proxy = ds(
            "kube-system",
            "kube-proxy",
            "registry.k8s.io/kube-proxy:v1.31.0",
            json!({}),
        );
        let coredns = json!({"kind": "Pod", "metadata": {"name": "coredns-1", "namespace": "kube-system"}, "spec": {"containers": [{"image": "registry.k8s.io/coredns/coredns:v1.11"}]}});
        let found = detect_cni(&[
            ds(
                "kube-system",
                "cilium",
                "quay.io/cilium/cilium:v1.16",
                json!({}),
            ),
            pod,
            proxy,
            coredns,
        ]);
        assert_eq!(found.detected.len(), 1);
        assert_eq!(found.detected[0].evidence, "DaemonSet kube-system/cilium");
    }

    #[test]
    fn k3s_is_recognised_from_its_nodes_and_nothing_means_unknown() {
        let node = json!({"kind": "Node", "metadata": {"name": "n1"}, "status": {"nodeInfo": {"kubeletVersion": "v1.31.2+k3s1"}}});
        assert_eq!(names(&[node]), ["k3s-flannel"]);
        let none = detect_cni(&[]);
        assert_eq!(
            (none.summary.as_str(), none.warning.is_none()),
            ("unknown", true)
        );
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_any_object(name in ".{0,20}", image in ".{0,30}") {
            let _ = detect_cni(&[ds("ns", &name, &image, json!({"a": 1}))]);
        }
    }
}
