//! A scenario: one upstream e2e traffic test as data, and its engine-computed expectations.

use k8s_openapi::api::networking::v1::NetworkPolicy;
use serde::Serialize;

use crate::k8s::labels::Labels;
use crate::netpol::catalogue::template::PolicyTemplate;
use crate::netpol::catalogue::topology::{NsKey, PodIps, PodRef, TopologyNames, serve_ports};
use crate::netpol::engine::Engine;
use crate::netpol::error::NetpolError;
use crate::netpol::matrix::Matrix;
use crate::netpol::model::{Cluster, NamedPort, Namespace, Pod, Policy, Protocol};

/// Source file of the mirrored tests in kubernetes/kubernetes.
pub const UPSTREAM_FILE: &str = "test/e2e/network/netpol/network_policy.go";

/// The ginkgo `Describe` block a test belongs to upstream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Suite {
    /// `Netpol` / `NetworkPolicy between server and client` (mostly TCP).
    Default,
    /// `Netpol [LinuxOnly]` / `... using UDP`.
    Udp,
    /// `Netpol [Feature:SCTPConnectivity] [LinuxOnly]` / `... using SCTP`.
    Sctp,
}

impl Suite {
    /// The `Describe` text after `[sig-network]`.
    pub fn describe(self) -> &'static str {
        match self {
            Suite::Default => "Netpol",
            Suite::Udp => "Netpol [LinuxOnly]",
            Suite::Sctp => "Netpol [Feature:SCTPConnectivity] [LinuxOnly]",
        }
    }

    /// The `Context` text.
    pub fn context(self) -> &'static str {
        match self {
            Suite::Default => "NetworkPolicy between server and client",
            Suite::Udp => "NetworkPolicy between server and client using UDP",
            Suite::Sctp => "NetworkPolicy between server and client using SCTP",
        }
    }

    /// The e2e framework BaseName, the first part of upstream namespace names.
    pub fn base_name(self) -> &'static str {
        match self {
            Suite::Default => "netpol",
            Suite::Udp => "udp-network-policy",
            Suite::Sctp => "sctp-network-policy",
        }
    }
}

/// Where a scenario comes from upstream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UpstreamTest {
    /// Path in kubernetes/kubernetes.
    pub file: &'static str,
    /// Describe block.
    pub suite: Suite,
    /// The `It` text, e.g. `should support a 'default-deny-ingress' policy`.
    pub it: &'static str,
}

impl UpstreamTest {
    /// The full ginkgo name as the e2e binary reports it (without the `[It] ` junit prefix).
    pub fn full_name(&self) -> String {
        format!(
            "[sig-network] {} {} {} [Feature:NetworkPolicy]",
            self.suite.describe(),
            self.suite.context(),
            self.it
        )
    }
}

/// One action of a scenario, in upstream order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Step {
    /// Create a policy (upstream `CreatePolicy`).
    CreatePolicy(PolicyTemplate),
    /// Replace the policy of the same namespace and name (upstream `UpdatePolicy`).
    UpdatePolicy(PolicyTemplate),
    /// Delete every policy in the three namespaces (upstream `cleanNetworkPolicies`, followed
    /// upstream by a 3 s pause).
    DeleteAllPolicies,
    /// Add labels to a namespace (upstream `AddNamespaceLabel`).
    AddNamespaceLabels {
        /// The namespace.
        namespace: NsKey,
        /// Labels to add or overwrite.
        labels: Labels,
    },
    /// Remove one label from a namespace (upstream `DeleteNamespaceLabel`, a cleanup).
    RemoveNamespaceLabel {
        /// The namespace.
        namespace: NsKey,
        /// The label key.
        key: String,
    },
    /// Add labels to a pod (upstream `AddPodLabels`).
    AddPodLabels {
        /// The pod.
        pod: PodRef,
        /// Labels to add or overwrite.
        labels: Labels,
    },
    /// Reset a pod's labels to `pod=<name>` (upstream `ResetPodLabels`, a cleanup).
    ResetPodLabels {
        /// The pod.
        pod: PodRef,
    },
    /// Probe every ordered pod pair and compare with the expectation (upstream `ValidateOrFail`).
    Probe {
        /// Destination port.
        port: u16,
        /// Protocol.
        protocol: Protocol,
    },
}

/// One upstream e2e traffic test.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scenario {
    /// Full ginkgo test name, identical to upstream so waiver regexes apply unchanged.
    pub name: String,
    /// The mirrored upstream test.
    pub upstream: UpstreamTest,
    /// Real namespace names the policies refer to.
    pub names: TopologyNames,
    /// Pods to create, in upstream order (rows and columns of the matrices).
    pub pods: Vec<PodRef>,
    /// Ports the pods serve.
    pub ports: Vec<u16>,
    /// Protocols the pods serve on each port.
    pub protocols: Vec<Protocol>,
    /// Actions and probes, in order.
    pub steps: Vec<Step>,
    /// Undo steps upstream registers with `DeferCleanup` (label changes).
    pub cleanup: Vec<Step>,
}

/// The expectation for one probe step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExpectedProbe {
    /// Index into [`Scenario::steps`].
    pub step: usize,
    /// The expected matrix (self-pairs included; upstream ignores them when comparing).
    pub expected: Matrix,
}

/// Labels and policies as the steps leave them.
#[derive(Debug, Clone, Default)]
struct State {
    ns_labels: Vec<(NsKey, Labels)>,
    pod_labels: Vec<(PodRef, Labels)>,
    policies: Vec<NetworkPolicy>,
}

fn same_policy(a: &NetworkPolicy, b: &NetworkPolicy) -> bool {
    a.metadata.namespace == b.metadata.namespace && a.metadata.name == b.metadata.name
}

impl Scenario {
    /// Whether the scenario needs pod IPs (it builds ipBlocks from them).
    pub fn needs_pod_ips(&self) -> bool {
        self.steps.iter().any(|step| {
            matches!(step, Step::CreatePolicy(t) | Step::UpdatePolicy(t) if !t.ip_blocks.is_empty())
        })
    }

    /// Named container ports every pod of the scenario exposes.
    pub fn container_ports(&self) -> Vec<NamedPort> {
        serve_ports(&self.ports, &self.protocols)
    }

    /// Real `namespace/pod` names in matrix order.
    pub fn pod_keys(&self) -> Vec<String> {
        self.pods.iter().map(|p| self.names.pod_key(*p)).collect()
    }

    /// Replays the steps and computes, with the engine, the expected matrix of every probe.
    ///
    /// `ips` must hold every scenario pod's IP when [`Scenario::needs_pod_ips`]; otherwise
    /// missing IPs only mean the pods have none in the model.
    pub fn expected_probes(&self, ips: &PodIps) -> Result<Vec<ExpectedProbe>, NetpolError> {
        let mut state = self.initial_state();
        let mut out = Vec::new();
        for (i, step) in self.steps.iter().enumerate() {
            if let Step::Probe { port, protocol } = step {
                let cluster = self.cluster(&state, ips)?;
                let engine = Engine::new(&cluster);
                out.push(ExpectedProbe {
                    step: i,
                    expected: engine.matrix(*port, *protocol),
                });
            } else {
                self.apply(&mut state, step, ips)?;
            }
        }
        Ok(out)
    }

    /// The model cluster just before step `step` runs (after all earlier steps).
    pub fn cluster_before(&self, step: usize, ips: &PodIps) -> Result<Cluster, NetpolError> {
        let mut state = self.initial_state();
        for earlier in self.steps.iter().take(step) {
            self.apply(&mut state, earlier, ips)?;
        }
        self.cluster(&state, ips)
    }

    fn initial_state(&self) -> State {
        State {
            ns_labels: NsKey::ALL
                .iter()
                .map(|&key| (key, self.names.labels(key)))
                .collect(),
            pod_labels: self.pods.iter().map(|&p| (p, p.labels())).collect(),
            policies: Vec::new(),
        }
    }

    fn apply(&self, state: &mut State, step: &Step, ips: &PodIps) -> Result<(), NetpolError> {
        match step {
            Step::CreatePolicy(template) | Step::UpdatePolicy(template) => {
                let policy = template.resolve(&self.name, ips)?;
                match state.policies.iter_mut().find(|p| same_policy(p, &policy)) {
                    Some(existing) => *existing = policy,
                    None => state.policies.push(policy),
                }
            }
            Step::DeleteAllPolicies => state.policies.clear(),
            Step::AddNamespaceLabels { namespace, labels } => {
                for (key, current) in &mut state.ns_labels {
                    if key == namespace {
                        current.extend(labels.clone());
                    }
                }
            }
            Step::RemoveNamespaceLabel { namespace, key } => {
                for (ns, current) in &mut state.ns_labels {
                    if ns == namespace {
                        current.remove(key);
                    }
                }
            }
            Step::AddPodLabels { pod, labels } => {
                for (p, current) in &mut state.pod_labels {
                    if p == pod {
                        current.extend(labels.clone());
                    }
                }
            }
            Step::ResetPodLabels { pod } => {
                for (p, current) in &mut state.pod_labels {
                    if p == pod {
                        *current = p.labels();
                    }
                }
            }
            Step::Probe { .. } => {}
        }
        Ok(())
    }

    fn cluster(&self, state: &State, ips: &PodIps) -> Result<Cluster, NetpolError> {
        let named_ports = self.container_ports();
        Ok(Cluster {
            namespaces: state
                .ns_labels
                .iter()
                .map(|(key, labels)| Namespace {
                    name: self.names.get(*key).to_owned(),
                    labels: labels.clone(),
                })
                .collect(),
            pods: state
                .pod_labels
                .iter()
                .map(|(pod, labels)| Pod {
                    namespace: self.names.get(pod.ns).to_owned(),
                    name: pod.pod.as_str().to_owned(),
                    labels: labels.clone(),
                    ip: ips.get(pod).copied(),
                    named_ports: named_ports.clone(),
                })
                .collect(),
            policies: state
                .policies
                .iter()
                .map(Policy::from_k8s)
                .collect::<Result<_, _>>()?,
        })
    }
}
