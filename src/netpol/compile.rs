//! Turning a [`Cluster`] into bitsets: the pods each policy selects and each peer matches.

use std::collections::HashMap;

use crate::k8s::labels::{Labels, Selector};
use crate::netpol::bitset::BitSet;
use crate::netpol::index::LabelIndex;
use crate::netpol::model::{
    Cluster, Direction, NAMESPACE_NAME_LABEL, Peer, Policy, Protocol, Rule,
};

#[derive(Debug)]
pub(crate) struct CompiledRule {
    /// Pods matched by each peer, in order.
    pub(crate) peers: Vec<BitSet>,
    /// Union of `peers`; `None` when the rule has no peers and so matches every peer.
    pub(crate) union: Option<BitSet>,
}

#[derive(Debug)]
pub(crate) struct CompiledPolicy {
    pub(crate) selected: BitSet,
    pub(crate) ingress: Vec<CompiledRule>,
    pub(crate) egress: Vec<CompiledRule>,
}

impl CompiledPolicy {
    pub(crate) fn rules(&self, direction: Direction) -> &[CompiledRule] {
        match direction {
            Direction::Ingress => &self.ingress,
            Direction::Egress => &self.egress,
        }
    }
}

/// Pods exposing a named port: name → (protocol, number) → pods.
pub(crate) type NamedPortIndex = HashMap<String, HashMap<(Protocol, u16), BitSet>>;

/// Everything the engine precomputes.
pub(crate) struct Compiled {
    pub(crate) policies: Vec<CompiledPolicy>,
    pub(crate) named_ports: NamedPortIndex,
}

/// Indexes pods and namespaces by label, then resolves every policy against them.
///
/// Pods whose namespace is not listed get a namespace carrying only the automatic
/// `kubernetes.io/metadata.name` label, as the API server would have set it.
pub(crate) fn compile(cluster: &Cluster) -> Compiled {
    let n = cluster.pods.len();

    let mut ns_labels: Vec<Labels> = Vec::new();
    let mut ns_by_name: HashMap<&str, usize> = HashMap::new();
    for ns in &cluster.namespaces {
        if !ns_by_name.contains_key(ns.name.as_str()) {
            ns_by_name.insert(&ns.name, ns_labels.len());
            ns_labels.push(ns.labels.clone());
        }
    }
    for pod in &cluster.pods {
        if !ns_by_name.contains_key(pod.namespace.as_str()) {
            ns_by_name.insert(&pod.namespace, ns_labels.len());
            ns_labels.push(Labels::from([(
                NAMESPACE_NAME_LABEL.to_owned(),
                pod.namespace.clone(),
            )]));
        }
    }
    let mut ns_pods = vec![BitSet::empty(n); ns_labels.len()];
    for (i, pod) in cluster.pods.iter().enumerate() {
        if let Some(set) = ns_by_name
            .get(pod.namespace.as_str())
            .and_then(|&ns| ns_pods.get_mut(ns))
        {
            set.insert(i);
        }
    }

    let pod_index = LabelIndex::build(cluster.pods.iter().map(|p| &p.labels));
    let ns_index = LabelIndex::build(ns_labels.iter());
    let scope = Scope {
        n,
        pod_index: &pod_index,
        ns_index: &ns_index,
        ns_pods: &ns_pods,
        ns_by_name: &ns_by_name,
        cluster,
    };

    let policies = cluster
        .policies
        .iter()
        .map(|policy| scope.compile(policy))
        .collect();

    let mut named_ports: NamedPortIndex = HashMap::new();
    for (i, pod) in cluster.pods.iter().enumerate() {
        for port in &pod.named_ports {
            named_ports
                .entry(port.name.clone())
                .or_default()
                .entry((port.protocol, port.port))
                .or_insert_with(|| BitSet::empty(n))
                .insert(i);
        }
    }

    Compiled {
        policies,
        named_ports,
    }
}

/// Borrowed indexes used while compiling policies.
struct Scope<'s> {
    n: usize,
    pod_index: &'s LabelIndex,
    ns_index: &'s LabelIndex,
    ns_pods: &'s [BitSet],
    ns_by_name: &'s HashMap<&'s str, usize>,
    cluster: &'s Cluster,
}

impl Scope<'_> {
    fn pods_of_namespace(&self, namespace: &str) -> BitSet {
        self.ns_by_name
            .get(namespace)
            .and_then(|&i| self.ns_pods.get(i))
            .cloned()
            .unwrap_or_else(|| BitSet::empty(self.n))
    }

    fn pods_of_namespaces(&self, selector: &Selector) -> BitSet {
        let mut pods = BitSet::empty(self.n);
        for ns in self.ns_index.select(selector).iter() {
            if let Some(members) = self.ns_pods.get(ns) {
                pods.union_with(members);
            }
        }
        pods
    }

    fn peer_pods(&self, peer: &Peer, policy_namespace: &str) -> BitSet {
        match peer {
            Peer::Pods(selector) => {
                let mut pods = self.pod_index.select(selector);
                pods.intersect_with(&self.pods_of_namespace(policy_namespace));
                pods
            }
            Peer::Namespaces(selector) => self.pods_of_namespaces(selector),
            Peer::PodsInNamespaces { namespaces, pods } => {
                let mut set = self.pod_index.select(pods);
                set.intersect_with(&self.pods_of_namespaces(namespaces));
                set
            }
            Peer::IpBlock(block) => {
                let mut pods = BitSet::empty(self.n);
                for (i, pod) in self.cluster.pods.iter().enumerate() {
                    if pod.ip.is_some_and(|ip| block.contains(ip)) {
                        pods.insert(i);
                    }
                }
                pods
            }
        }
    }

    fn compile_rule(&self, rule: &Rule, policy_namespace: &str) -> CompiledRule {
        let peers: Vec<BitSet> = rule
            .peers
            .iter()
            .map(|peer| self.peer_pods(peer, policy_namespace))
            .collect();
        let union = if rule.peers.is_empty() {
            None
        } else {
            let mut union = BitSet::empty(self.n);
            for set in &peers {
                union.union_with(set);
            }
            Some(union)
        };
        CompiledRule { peers, union }
    }

    fn compile(&self, policy: &Policy) -> CompiledPolicy {
        let mut selected = self.pod_index.select(&policy.pod_selector);
        selected.intersect_with(&self.pods_of_namespace(&policy.namespace));
        CompiledPolicy {
            selected,
            ingress: policy
                .ingress
                .iter()
                .map(|rule| self.compile_rule(rule, &policy.namespace))
                .collect(),
            egress: policy
                .egress
                .iter()
                .map(|rule| self.compile_rule(rule, &policy.namespace))
                .collect(),
        }
    }
}
