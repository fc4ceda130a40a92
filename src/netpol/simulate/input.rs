//! Objects as `kubectl get -o yaml|json` prints them, turned into the engine's [`Cluster`].

use std::collections::{BTreeMap, BTreeSet, HashMap};

use k8s_openapi::api::core::v1 as core;
use k8s_openapi::api::networking::v1 as net;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::netpol::error::NetpolError;
use crate::netpol::inventory::{self, Service, Workload};
use crate::netpol::model::{Cluster, NAMESPACE_NAME_LABEL, Namespace, Pod, Policy};

/// Why a pod is left out of the simulation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum SkipReason {
    /// `spec.hostNetwork`: the pod shares its node's network; NetworkPolicy does not apply to it.
    HostNetwork,
    /// `status.phase` is Succeeded or Failed: nothing runs that could send or receive traffic.
    Finished,
}

impl SkipReason {
    /// Why, as a predicate: "`<pod>` uses the host network".
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::HostNetwork => "uses the host network",
            SkipReason::Finished => "has finished (phase Succeeded or Failed)",
        }
    }
}

/// A pod that was read but left out, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkippedPod {
    /// `namespace/name`.
    pub pod: String,
    /// Why it is not simulated.
    pub reason: SkipReason,
}

/// Namespaces, pods and policies to simulate, and the pods left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Input {
    /// Pods (the matrix order) and policies sorted by namespace and name, as the API server
    /// lists them, so that files and a live cluster give the same output.
    pub cluster: Cluster,
    /// Pods NetworkPolicy does not apply to.
    pub skipped: Vec<SkippedPod>,
    /// The workload of each pod of `cluster`, by `namespace/name`.
    pub workloads: BTreeMap<String, Workload>,
    /// Services, sorted by namespace and name (read only when asked for).
    pub services: Vec<Service>,
    /// Namespaces being deleted.
    pub terminating: BTreeSet<String>,
}

impl Input {
    /// Reads the Namespaces, Pods, Services and NetworkPolicies (`networking.k8s.io/v1`) among
    /// `objects`; other kinds are ignored. When the same object appears twice, the later one counts (as a
    /// later file passed to `kubectl apply` would win).
    pub fn from_objects(objects: &[Value]) -> Result<Input, NetpolError> {
        let mut namespaces = Keyed::default();
        let mut pods = Keyed::default();
        let mut policies = Keyed::default();
        let mut skipped = Keyed::default();
        let mut services = Keyed::default();
        let mut workloads = BTreeMap::new();
        let mut terminating = BTreeSet::new();
        for object in objects {
            match type_of(object) {
                Some(Kind::Namespace) => {
                    let raw = decode::<core::Namespace>(object, "Namespace")?;
                    let mut namespace = Namespace::from_k8s(&raw)?;
                    if inventory::is_terminating(&raw) {
                        terminating.insert(namespace.name.clone());
                    } else {
                        terminating.remove(&namespace.name);
                    }
                    // The API server sets this label on every namespace; hand-written objects
                    // may lack it, and namespaceSelectors on it must still match.
                    namespace
                        .labels
                        .entry(NAMESPACE_NAME_LABEL.to_owned())
                        .or_insert_with(|| namespace.name.clone());
                    namespaces.put(namespace.name.clone(), namespace);
                }
                Some(Kind::Pod) => {
                    let raw = decode::<core::Pod>(object, "Pod")?;
                    let pod = Pod::from_k8s(&raw)?;
                    let key = pod.key();
                    match skip_reason(&raw) {
                        Some(reason) => {
                            pods.remove(&key);
                            skipped.put(key.clone(), SkippedPod { pod: key, reason });
                        }
                        None => {
                            skipped.remove(&key);
                            workloads.insert(key.clone(), Workload::of_pod(&raw));
                            pods.put(key, pod);
                        }
                    }
                }
                Some(Kind::Service) => {
                    let service = Service::from_k8s(&decode::<core::Service>(object, "Service")?);
                    services.put(service.key(), service);
                }
                Some(Kind::NetworkPolicy) => {
                    let policy =
                        Policy::from_k8s(&decode::<net::NetworkPolicy>(object, "NetworkPolicy")?)?;
                    policies.put(policy.key(), policy);
                }
                None => {}
            }
        }
        let mut pods = pods.into_values();
        pods.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
        let mut policies = policies.into_values();
        sort_policies(&mut policies);
        let pods_kept: BTreeSet<String> = pods.iter().map(Pod::key).collect();
        workloads.retain(|key, _| pods_kept.contains(key));
        let mut services = services.into_values();
        services.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
        Ok(Input {
            cluster: Cluster {
                namespaces: namespaces.into_values(),
                pods,
                policies,
            },
            skipped: skipped.into_values(),
            workloads,
            services,
            terminating,
        })
    }

    /// The workload running `pod`: its controller as read, or the pod itself.
    pub fn workload(&self, pod: &Pod) -> Workload {
        self.workloads
            .get(&pod.key())
            .cloned()
            .unwrap_or_else(|| Workload {
                kind: "Pod".into(),
                name: pod.name.clone(),
            })
    }

    /// Namespaces of pods and policies that no Namespace object describes, sorted. The engine
    /// gives them only the automatic `kubernetes.io/metadata.name` label.
    pub fn undescribed_namespaces(&self) -> Vec<String> {
        let described: BTreeSet<&str> = self
            .cluster
            .namespaces
            .iter()
            .map(|n| n.name.as_str())
            .collect();
        let used = self
            .cluster
            .pods
            .iter()
            .map(|p| p.namespace.as_str())
            .chain(self.cluster.policies.iter().map(|p| p.namespace.as_str()));
        used.filter(|ns| !described.contains(ns))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .map(str::to_owned)
            .collect()
    }
}

/// The NetworkPolicies of a policy file, and how many other objects it held.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PolicyFile {
    /// Policies in file order; a later one with the same `namespace/name` replaces an earlier one.
    pub policies: Vec<Policy>,
    /// Objects of other kinds, which a policy file does not contribute.
    pub ignored: usize,
}

impl PolicyFile {
    /// Reads the NetworkPolicies among `objects`. A policy without `metadata.namespace` goes into
    /// `default_namespace`, as `kubectl apply -f` would put it.
    pub fn from_objects(
        objects: &[Value],
        default_namespace: Option<&str>,
    ) -> Result<PolicyFile, NetpolError> {
        let mut policies = Keyed::default();
        let mut ignored = 0;
        for object in objects {
            if type_of(object) != Some(Kind::NetworkPolicy) {
                ignored += 1;
                continue;
            }
            let mut raw = decode::<net::NetworkPolicy>(object, "NetworkPolicy")?;
            if raw.metadata.namespace.is_none() {
                raw.metadata.namespace = default_namespace.map(str::to_owned);
            }
            let policy = Policy::from_k8s(&raw)?;
            policies.put(policy.key(), policy);
        }
        Ok(PolicyFile {
            policies: policies.into_values(),
            ignored,
        })
    }
}

/// How policies from a file combine with the ones read from the cluster or `-f`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PolicyMode {
    /// Add them; a file policy replaces the one of the same `namespace/name`.
    #[default]
    Add,
    /// Use only the file's policies.
    Replace,
}

/// What [`overlay`] did, by `namespace/name`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Overlay {
    /// File policies that took the place of a same-named one.
    pub replaced: Vec<String>,
    /// File policies that were new.
    pub added: Vec<String>,
    /// Policies read before that no longer count ([`PolicyMode::Replace`]).
    pub dropped: Vec<String>,
}

/// Combines `base` (read from the cluster or `-f`) with a policy file; the result is sorted by
/// namespace and name like [`Input`]'s policies.
pub fn overlay(base: &mut Vec<Policy>, file: Vec<Policy>, mode: PolicyMode) -> Overlay {
    let mut report = Overlay::default();
    if mode == PolicyMode::Replace {
        report.dropped = base.iter().map(Policy::key).collect();
        base.clear();
    }
    for policy in file {
        let key = policy.key();
        match base.iter_mut().find(|p| p.key() == key) {
            Some(slot) => {
                *slot = policy;
                report.replaced.push(key);
            }
            None => {
                base.push(policy);
                report.added.push(key);
            }
        }
    }
    sort_policies(base);
    report
        .dropped
        .retain(|key| !report.replaced.contains(key) && !report.added.contains(key));
    report
}

fn sort_policies(policies: &mut [Policy]) {
    policies.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Namespace,
    Pod,
    Service,
    NetworkPolicy,
}

fn type_of(object: &Value) -> Option<Kind> {
    let api_version = object.get("apiVersion").and_then(Value::as_str)?;
    let kind = object.get("kind").and_then(Value::as_str)?;
    match (api_version, kind) {
        ("v1", "Namespace") => Some(Kind::Namespace),
        ("v1", "Pod") => Some(Kind::Pod),
        ("v1", "Service") => Some(Kind::Service),
        ("networking.k8s.io/v1", "NetworkPolicy") => Some(Kind::NetworkPolicy),
        _ => None,
    }
}

fn decode<T: DeserializeOwned>(object: &Value, kind: &'static str) -> Result<T, NetpolError> {
    T::deserialize(object).map_err(|e| NetpolError::InvalidObject {
        kind,
        object: describe(object, kind),
        reason: e.to_string(),
    })
}

/// `Pod x/a`, as far as the object's metadata can be read (a name YAML read as another type,
/// such as an unquoted `y` read as `true`, is shown as read).
fn describe(object: &Value, kind: &str) -> String {
    let text = |pointer: &str| {
        object.pointer(pointer).map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    };
    match (text("/metadata/namespace"), text("/metadata/name")) {
        (Some(ns), Some(name)) => format!("{kind} {ns}/{name}"),
        (None, Some(name)) => format!("{kind} {name}"),
        (_, None) => format!("{kind} <unnamed>"),
    }
}

fn skip_reason(pod: &core::Pod) -> Option<SkipReason> {
    if pod.spec.as_ref().and_then(|s| s.host_network) == Some(true) {
        return Some(SkipReason::HostNetwork);
    }
    let phase = pod.status.as_ref().and_then(|s| s.phase.as_deref());
    matches!(phase, Some("Succeeded" | "Failed")).then_some(SkipReason::Finished)
}

/// Items by key in first-seen order; a later item with the same key replaces the earlier one.
struct Keyed<T> {
    items: Vec<Option<T>>,
    index: HashMap<String, usize>,
}

impl<T> Default for Keyed<T> {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            index: HashMap::new(),
        }
    }
}

impl<T> Keyed<T> {
    fn put(&mut self, key: String, item: T) {
        match self.index.get(&key).and_then(|&i| self.items.get_mut(i)) {
            Some(slot) => *slot = Some(item),
            None => {
                self.index.insert(key, self.items.len());
                self.items.push(Some(item));
            }
        }
    }

    fn remove(&mut self, key: &str) {
        if let Some(slot) = self.index.get(key).and_then(|&i| self.items.get_mut(i)) {
            *slot = None;
        }
    }

    fn into_values(self) -> Vec<T> {
        self.items.into_iter().flatten().collect()
    }
}
