//! Isolation posture: which pods and workloads policies isolate, per direction, and which
//! namespaces lack a default-deny. System namespaces are scored apart from the tenants'.

use std::collections::BTreeMap;

use serde::Serialize;

use super::findings::{Code, Finding, Severity};
use super::hints;
use crate::netpol::bitset::BitSet;
use crate::netpol::simulate::Input;
use crate::netpol::{Direction, Engine, PortSpec, Protocol, Rule, Workload};

/// Namespaces run by the platform rather than by tenants: Kubernetes' own, and those the
/// common CNIs and kind's storage provisioner install. Their posture is listed apart and never
/// counted in the tenants' score.
pub const SYSTEM_NAMESPACES: &[&str] = &[
    "kube-system",
    "kube-public",
    "kube-node-lease",
    "kube-flannel",
    "calico-system",
    "calico-apiserver",
    "tigera-operator",
    "cilium-secrets",
    "local-path-storage",
];

/// Whether `namespace` is one of [`SYSTEM_NAMESPACES`].
pub fn is_system_namespace(namespace: &str) -> bool {
    SYSTEM_NAMESPACES.contains(&namespace)
}

/// How isolated a pod or workload is in one direction; later variants are more isolated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Isolation {
    /// No policy selects it for this direction: everything is allowed.
    NotIsolated,
    /// Policies select it, but one rule admits every peer on every port.
    AllowsAll,
    /// Only what the rules admit is allowed.
    Restricted,
}

impl Isolation {
    /// Whether traffic from (ingress) or to (egress) anywhere is allowed.
    pub fn is_open(self) -> bool {
        self != Isolation::Restricted
    }

    /// For tables: `open (no policy)`, `open (allow-all rule)`, `restricted`.
    pub fn describe(self) -> &'static str {
        match self {
            Isolation::NotIsolated => "open (no policy)",
            Isolation::AllowsAll => "open (allow-all rule)",
            Isolation::Restricted => "restricted",
        }
    }
}

/// One pod's isolation in both directions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PodPosture {
    pub(crate) ingress: Isolation,
    pub(crate) egress: Isolation,
}

/// Each pod's posture, in `Cluster::pods` order.
pub(crate) fn pod_postures(engine: &Engine<'_>) -> Vec<PodPosture> {
    let cluster = engine.cluster();
    let n = cluster.pods.len();
    let by_direction = |direction: Direction| {
        let mut isolated = BitSet::empty(n);
        let mut allows_all = BitSet::empty(n);
        for (policy, compiled) in cluster.policies.iter().zip(engine.compiled()) {
            if !policy.affects(direction) {
                continue;
            }
            isolated.union_with(&compiled.selected);
            let open_rule = policy
                .rules(direction)
                .iter()
                .any(|r| r.peers.is_empty() && r.ports.is_empty());
            if open_rule {
                allows_all.union_with(&compiled.selected);
            }
        }
        (0..n)
            .map(|i| {
                if allows_all.contains(i) {
                    Isolation::AllowsAll
                } else if isolated.contains(i) {
                    Isolation::Restricted
                } else {
                    Isolation::NotIsolated
                }
            })
            .collect::<Vec<_>>()
    };
    let ingress = by_direction(Direction::Ingress);
    let egress = by_direction(Direction::Egress);
    ingress
        .into_iter()
        .zip(egress)
        .map(|(ingress, egress)| PodPosture { ingress, egress })
        .collect()
}

/// A rule admitting nothing but port 53 (a default-deny for egress may keep DNS open).
fn dns_only(rule: &Rule) -> bool {
    !rule.ports.is_empty()
        && rule.ports.iter().all(|p| {
            p.protocol != Protocol::Sctp && p.port == PortSpec::Range { start: 53, end: 53 }
        })
}

/// A workload's pods and their least isolated posture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkloadPosture {
    /// `Deployment`, `StatefulSet`, `DaemonSet`, `Job`, `Pod`, …
    pub kind: String,
    /// Workload name.
    pub name: String,
    /// How many of its pods were read.
    pub pods: usize,
    /// The least isolated of its pods, for ingress.
    pub ingress: Isolation,
    /// The least isolated of its pods, for egress.
    pub egress: Isolation,
}

/// Whether a namespace has a policy denying everything to every pod of it, per direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct DefaultDeny {
    /// An ingress policy with an empty podSelector and no ingress rules.
    pub ingress: bool,
    /// An egress policy with an empty podSelector whose rules admit at most port 53 (DNS).
    pub egress: bool,
}

/// A namespace's posture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NamespacePosture {
    /// Namespace name.
    pub name: String,
    /// One of [`SYSTEM_NAMESPACES`].
    pub system: bool,
    /// Being deleted.
    pub terminating: bool,
    /// Its default-deny policies.
    pub default_deny: DefaultDeny,
    /// NetworkPolicies in it.
    pub policies: usize,
    /// Workloads with pods read, sorted by kind and name.
    pub workloads: Vec<WorkloadPosture>,
}

/// Counts for one side of the score (tenants or system namespaces).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Score {
    /// Namespaces with pods or policies.
    pub namespaces: usize,
    /// Namespaces with pods but no default-deny for ingress.
    pub without_default_deny: usize,
    /// Workloads.
    pub workloads: usize,
    /// Workloads accepting ingress from anywhere.
    pub ingress_open: usize,
    /// Workloads that may send anywhere.
    pub egress_open: usize,
}

impl Score {
    fn line(&self) -> String {
        format!(
            "{} of {} workloads accept ingress from anywhere, {} may send anywhere; {} of {} namespaces have no default-deny",
            self.ingress_open,
            self.workloads,
            self.egress_open,
            self.without_default_deny,
            self.namespaces
        )
    }
}

/// The tenants' score, the system namespaces' score apart, and the one-line summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Tenant namespaces.
    pub tenant: Score,
    /// [`SYSTEM_NAMESPACES`], never counted in `tenant`.
    pub system: Score,
    /// E.g. `12 of 40 workloads accept ingress from anywhere, …`.
    pub line: String,
}

/// Posture per namespace and workload, the summary, and the posture findings.
pub(crate) fn posture(
    input: &Input,
    engine: &Engine<'_>,
    pods: &[PodPosture],
) -> (Vec<NamespacePosture>, Summary, Vec<Finding>) {
    let cluster = engine.cluster();
    let mut by_namespace: BTreeMap<&str, NamespacePosture> = BTreeMap::new();
    let entry = |name: &str| -> NamespacePosture {
        NamespacePosture {
            name: name.to_owned(),
            system: is_system_namespace(name),
            terminating: input.terminating.contains(name),
            default_deny: DefaultDeny::default(),
            policies: 0,
            workloads: Vec::new(),
        }
    };
    for policy in &cluster.policies {
        let ns = by_namespace
            .entry(&policy.namespace)
            .or_insert_with(|| entry(&policy.namespace));
        ns.policies += 1;
        if policy.pod_selector.is_empty() {
            ns.default_deny.ingress |= policy.affects_ingress && policy.ingress.is_empty();
            ns.default_deny.egress |= policy.affects_egress && policy.egress.iter().all(dns_only);
        }
    }
    let mut groups: BTreeMap<(&str, Workload), WorkloadPosture> = BTreeMap::new();
    for (pod, posture) in cluster.pods.iter().zip(pods) {
        by_namespace
            .entry(&pod.namespace)
            .or_insert_with(|| entry(&pod.namespace));
        let workload = input.workload(pod);
        let group = groups
            .entry((&pod.namespace, workload.clone()))
            .or_insert_with(|| WorkloadPosture {
                kind: workload.kind,
                name: workload.name,
                pods: 0,
                ingress: Isolation::Restricted,
                egress: Isolation::Restricted,
            });
        group.pods += 1;
        group.ingress = group.ingress.min(posture.ingress);
        group.egress = group.egress.min(posture.egress);
    }
    for ((namespace, _), workload) in groups {
        if let Some(ns) = by_namespace.get_mut(namespace) {
            ns.workloads.push(workload);
        }
    }

    let mut findings = Vec::new();
    let (mut tenant, mut system) = (Score::default(), Score::default());
    for ns in by_namespace.values() {
        let score = if ns.system { &mut system } else { &mut tenant };
        score.namespaces += 1;
        let posture_severity = if ns.system {
            Severity::Info
        } else {
            Severity::Warning
        };
        for w in &ns.workloads {
            score.workloads += 1;
            let object = format!("{} {}/{}", w.kind, ns.name, w.name);
            if w.ingress.is_open() {
                score.ingress_open += 1;
                let why = match w.ingress {
                    Isolation::NotIsolated => "no NetworkPolicy selects it for ingress",
                    _ => "a rule admits every source on every port",
                };
                findings.push(
                    Finding::new(
                        Code::IngressNotIsolated,
                        posture_severity,
                        format!("{object} accepts ingress from anywhere: {why}"),
                    )
                    .in_namespace(&ns.name)
                    .object(object.clone())
                    .hint(hints::ingress_for_workload(&ns.name)),
                );
            }
            if w.egress.is_open() {
                score.egress_open += 1;
                findings.push(
                    Finding::new(
                        Code::EgressNotIsolated,
                        Severity::Info,
                        format!(
                            "{object} may send to anywhere: no NetworkPolicy restricts its egress"
                        ),
                    )
                    .in_namespace(&ns.name)
                    .object(object),
                );
            }
        }
        if ns.workloads.is_empty() {
            continue;
        }
        let deny = ns.default_deny;
        if !deny.ingress {
            score.without_default_deny += 1;
        }
        if !(deny.ingress && deny.egress) {
            let (missing, severity) = match (deny.ingress, deny.egress) {
                (false, false) => ("ingress or egress", posture_severity),
                (false, true) => ("ingress", posture_severity),
                _ => ("egress", Severity::Info),
            };
            findings.push(
                Finding::new(
                    Code::NoDefaultDeny,
                    severity,
                    format!(
                        "namespace {} has no default-deny policy for {missing}: pods no policy selects are open",
                        ns.name
                    ),
                )
                .in_namespace(&ns.name)
                .object(format!("Namespace {}", ns.name))
                .hint(hints::default_deny(&ns.name, !deny.ingress, !deny.egress)),
            );
        }
    }
    let mut line = tenant.line();
    if system.namespaces > 0 {
        line.push_str(&format!(
            " (system namespaces apart: {} of {} workloads accept ingress from anywhere)",
            system.ingress_open, system.workloads
        ));
    }
    (
        by_namespace.into_values().collect(),
        Summary {
            tenant,
            system,
            line,
        },
        findings,
    )
}
