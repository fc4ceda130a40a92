//! Small constructors mirroring upstream `policies.go`, so scenario definitions read like the
//! Go test bodies they mirror.

use k8s_openapi::api::networking::v1::{
    IPBlock, NetworkPolicy, NetworkPolicyEgressRule, NetworkPolicyIngressRule, NetworkPolicyPeer,
    NetworkPolicyPort, NetworkPolicySpec,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{
    LabelSelector, LabelSelectorRequirement, ObjectMeta,
};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::k8s::labels::Labels;
use crate::netpol::catalogue::scenario::{Scenario, Step, Suite, UPSTREAM_FILE, UpstreamTest};
use crate::netpol::catalogue::template::{IpBlockSlot, PolicyTemplate};
use crate::netpol::catalogue::topology::{NsKey, PodRef, TopologyNames};
use crate::netpol::model::{NAMESPACE_NAME_LABEL, Protocol};

/// `metav1.LabelSelector{MatchLabels: pairs}`; no pairs gives the empty selector.
pub(super) fn labels(pairs: &[(&str, &str)]) -> LabelSelector {
    LabelSelector {
        match_labels: if pairs.is_empty() {
            None
        } else {
            Some(label_map(pairs))
        },
        match_expressions: None,
    }
}

pub(super) fn label_map(pairs: &[(&str, &str)]) -> Labels {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// A selector with one `matchExpressions` entry.
pub(super) fn expression(key: &str, operator: &str, values: &[&str]) -> LabelSelector {
    LabelSelector {
        match_labels: None,
        match_expressions: Some(vec![LabelSelectorRequirement {
            key: key.to_owned(),
            operator: operator.to_owned(),
            values: Some(values.iter().map(|v| (*v).to_owned()).collect()),
        }]),
    }
}

/// Selects a namespace by the automatic `kubernetes.io/metadata.name` label.
pub(super) fn namespace_named(name: &str) -> LabelSelector {
    labels(&[(NAMESPACE_NAME_LABEL, name)])
}

/// Peer with only `podSelector`.
pub(super) fn pods(selector: LabelSelector) -> NetworkPolicyPeer {
    NetworkPolicyPeer {
        pod_selector: Some(selector),
        ..Default::default()
    }
}

/// Peer with only `namespaceSelector`.
pub(super) fn namespaces(selector: LabelSelector) -> NetworkPolicyPeer {
    NetworkPolicyPeer {
        namespace_selector: Some(selector),
        ..Default::default()
    }
}

/// Peer with both selectors (ANDed).
pub(super) fn pods_in(namespaces: LabelSelector, pods: LabelSelector) -> NetworkPolicyPeer {
    NetworkPolicyPeer {
        namespace_selector: Some(namespaces),
        pod_selector: Some(pods),
        ..Default::default()
    }
}

/// An `ipBlock` peer whose CIDR an [`IpBlockSlot`] fills in later.
pub(super) fn ip_block_placeholder() -> NetworkPolicyPeer {
    NetworkPolicyPeer {
        ip_block: Some(IPBlock::default()),
        ..Default::default()
    }
}

/// A numeric port, with or without an explicit protocol.
pub(super) fn port(number: i32, protocol: Option<Protocol>) -> NetworkPolicyPort {
    NetworkPolicyPort {
        port: Some(IntOrString::Int(number)),
        protocol: protocol.map(|p| p.as_str().to_owned()),
        end_port: None,
    }
}

/// A named port, with or without an explicit protocol.
pub(super) fn named_port(name: &str, protocol: Option<Protocol>) -> NetworkPolicyPort {
    NetworkPolicyPort {
        port: Some(IntOrString::String(name.to_owned())),
        protocol: protocol.map(|p| p.as_str().to_owned()),
        end_port: None,
    }
}

/// A port entry with a protocol and no port (every port of that protocol).
pub(super) fn protocol_only(protocol: Protocol) -> NetworkPolicyPort {
    NetworkPolicyPort {
        protocol: Some(protocol.as_str().to_owned()),
        ..Default::default()
    }
}

fn non_empty<T>(items: Vec<T>) -> Option<Vec<T>> {
    if items.is_empty() { None } else { Some(items) }
}

/// An ingress rule; empty lists stay unset, as in the Go tests.
pub(super) fn ingress(
    from: Vec<NetworkPolicyPeer>,
    ports: Vec<NetworkPolicyPort>,
) -> NetworkPolicyIngressRule {
    NetworkPolicyIngressRule {
        from: non_empty(from),
        ports: non_empty(ports),
    }
}

/// An egress rule; empty lists stay unset, as in the Go tests.
pub(super) fn egress(
    to: Vec<NetworkPolicyPeer>,
    ports: Vec<NetworkPolicyPort>,
) -> NetworkPolicyEgressRule {
    NetworkPolicyEgressRule {
        to: non_empty(to),
        ports: non_empty(ports),
    }
}

/// `GenNetworkPolicyWithNameAndPodSelector` without rules or policy types yet.
pub(super) fn policy(name: &str, pod_selector: LabelSelector) -> NetworkPolicy {
    NetworkPolicy {
        metadata: ObjectMeta {
            name: Some(name.to_owned()),
            ..Default::default()
        },
        spec: Some(NetworkPolicySpec {
            pod_selector: Some(pod_selector),
            ..Default::default()
        }),
    }
}

/// `SetSpecIngressRules(rules...)`: the first call adds `Ingress` to policyTypes and sets
/// `ingress: []`, so calling it with no rules denies all ingress.
pub(super) fn with_ingress(
    mut np: NetworkPolicy,
    rules: Vec<NetworkPolicyIngressRule>,
) -> NetworkPolicy {
    let spec = np.spec.get_or_insert_with(Default::default);
    if spec.ingress.is_none() {
        spec.ingress = Some(Vec::new());
        spec.policy_types
            .get_or_insert_with(Vec::new)
            .push("Ingress".to_owned());
    }
    if let Some(list) = spec.ingress.as_mut() {
        list.extend(rules);
    }
    np
}

/// `SetSpecEgressRules(rules...)`, the egress counterpart of [`with_ingress`].
pub(super) fn with_egress(
    mut np: NetworkPolicy,
    rules: Vec<NetworkPolicyEgressRule>,
) -> NetworkPolicy {
    let spec = np.spec.get_or_insert_with(Default::default);
    if spec.egress.is_none() {
        spec.egress = Some(Vec::new());
        spec.policy_types
            .get_or_insert_with(Vec::new)
            .push("Egress".to_owned());
    }
    if let Some(list) = spec.egress.as_mut() {
        list.extend(rules);
    }
    np
}

/// Places a policy into a model namespace.
pub(super) fn in_namespace(
    names: &TopologyNames,
    ns: NsKey,
    mut np: NetworkPolicy,
) -> PolicyTemplate {
    np.metadata.namespace = Some(names.get(ns).to_owned());
    PolicyTemplate {
        namespace: ns,
        policy: np,
        ip_blocks: Vec::new(),
    }
}

/// `CreatePolicy` of a policy in namespace x, the usual case.
pub(super) fn create_in_x(names: &TopologyNames, np: NetworkPolicy) -> Step {
    Step::CreatePolicy(in_namespace(names, NsKey::X, np))
}

/// `CreatePolicy` in namespace x of a policy with ipBlocks filled from pod IPs.
pub(super) fn create_in_x_with_ips(
    names: &TopologyNames,
    np: NetworkPolicy,
    slots: Vec<IpBlockSlot>,
) -> PolicyTemplate {
    let mut template = in_namespace(names, NsKey::X, np);
    template.ip_blocks = slots;
    template
}

/// A probe step.
pub(super) fn probe(port: u16, protocol: Protocol) -> Step {
    Step::Probe { port, protocol }
}

/// What every scenario shares, before its steps.
pub(super) struct Setup<'n> {
    pub(super) names: &'n TopologyNames,
    pub(super) suite: Suite,
    pub(super) it: &'static str,
    pub(super) pods: &'static [PodRef],
    pub(super) ports: &'static [u16],
    pub(super) protocols: &'static [Protocol],
}

impl<'n> Setup<'n> {
    /// A test of the default (TCP) suite, the shape of most upstream tests.
    pub(super) fn tcp(
        names: &'n TopologyNames,
        it: &'static str,
        pods: &'static [PodRef],
        ports: &'static [u16],
    ) -> Self {
        Setup {
            names,
            suite: Suite::Default,
            it,
            pods,
            ports,
            protocols: &[Protocol::Tcp],
        }
    }

    pub(super) fn steps(self, steps: Vec<Step>) -> Scenario {
        self.steps_with_cleanup(steps, Vec::new())
    }

    pub(super) fn steps_with_cleanup(self, steps: Vec<Step>, cleanup: Vec<Step>) -> Scenario {
        let upstream = UpstreamTest {
            file: UPSTREAM_FILE,
            suite: self.suite,
            it: self.it,
        };
        Scenario {
            name: upstream.full_name(),
            upstream,
            names: self.names.clone(),
            pods: self.pods.to_vec(),
            ports: self.ports.to_vec(),
            protocols: self.protocols.to_vec(),
            steps,
            cleanup,
        }
    }
}
