//! The NetworkPolicy decision procedure.
//!
//! Traffic from A to B is allowed when the egress side of A allows it **and** the ingress side of
//! B allows it. For each side: if no policy of that direction selects the pod, the pod is not
//! isolated and everything is allowed; otherwise the traffic must match at least one rule of any
//! policy selecting the pod (the union of all such policies).
//!
//! Choices where the API leaves room, all matching the upstream e2e suite:
//! - `ipBlock` matches pod IPs as well as cluster-external addresses (the e2e CIDR tests expect a
//!   pod's `/32` to admit traffic to that pod; some CNIs, e.g. Cilium, differ).
//! - Named ports resolve against the destination's container ports: the selected pod for
//!   ingress, the remote pod for egress. A named port never matches an external address.
//! - A pod talking to itself is evaluated like any other pair; upstream ignores those cells.
//! - Nodes and host-network pods are not modelled, so the API's exemption for traffic from the
//!   pod's own node does not arise.
//!
//! Pod and peer sets are computed once per engine as bitsets (via a label index), so a full
//! matrix is a few set unions per policy rule rather than a check per pod pair.

use std::collections::HashMap;
use std::net::IpAddr;

use serde::Serialize;

use crate::netpol::bitset::BitSet;
use crate::netpol::compile::{Compiled, CompiledPolicy, CompiledRule, NamedPortIndex, compile};
use crate::netpol::matrix::Matrix;
use crate::netpol::model::{Cluster, Direction, Peer, PolicyPort, PortSpec, Protocol, Rule};

/// One end of a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Endpoint {
    /// A pod of the cluster, by index into [`Cluster::pods`].
    Pod(usize),
    /// An address outside the modelled pods; only `ipBlock` peers can match it.
    External(IpAddr),
}

/// The rule that admitted a connection in one direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleMatch {
    /// Index into [`Cluster::policies`].
    pub policy: usize,
    /// Index of the rule in the policy's ingress or egress list.
    pub rule: usize,
    /// Index of the matching peer, or `None` when the rule has no peers (admits every peer).
    pub peer: Option<usize>,
    /// Index of the matching port entry, or `None` when the rule has no ports (every port).
    pub port: Option<usize>,
}

/// The outcome for one direction (egress of the source or ingress of the destination).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Decision {
    /// This end is not a pod of the cluster, so no policy applies on this side.
    NotApplicable,
    /// No policy selects the pod for this direction, so it is not isolated.
    NotIsolated,
    /// A rule of a policy selecting the pod admits the traffic.
    Admitted(RuleMatch),
    /// Policies (indices into [`Cluster::policies`]) isolate the pod and none admits the traffic.
    Denied {
        /// Every policy selecting the pod for this direction.
        isolating: Vec<usize>,
    },
}

impl Decision {
    /// Whether this side lets the traffic through.
    pub fn allows(&self) -> bool {
        !matches!(self, Decision::Denied { .. })
    }
}

/// Whether one connection is allowed, with the deciding policies on both sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Connection {
    /// Egress allowed by the source's side and ingress allowed by the destination's side.
    pub allowed: bool,
    /// Egress side (the source pod).
    pub egress: Decision,
    /// Ingress side (the destination pod).
    pub ingress: Decision,
}

/// Which pods a rule's `ports` admit for one probe port and protocol.
enum PortSet {
    All,
    Pods(BitSet),
    Nothing,
}

/// Precomputed policy evaluation over one [`Cluster`].
#[derive(Debug)]
pub struct Engine<'a> {
    cluster: &'a Cluster,
    pod_keys: Vec<String>,
    pod_by_key: HashMap<String, usize>,
    policies: Vec<CompiledPolicy>,
    named_ports: NamedPortIndex,
}

impl<'a> Engine<'a> {
    /// Indexes the cluster and resolves every policy's selected pods and peers.
    ///
    /// Pods whose namespace is not listed get a namespace carrying only the automatic
    /// `kubernetes.io/metadata.name` label, as the API server would have set it.
    pub fn new(cluster: &'a Cluster) -> Self {
        let Compiled {
            policies,
            named_ports,
        } = compile(cluster);
        let pod_keys: Vec<String> = cluster.pods.iter().map(|p| p.key()).collect();
        let mut pod_by_key = HashMap::new();
        for (i, key) in pod_keys.iter().enumerate() {
            pod_by_key.entry(key.clone()).or_insert(i);
        }
        Self {
            cluster,
            pod_keys,
            pod_by_key,
            policies,
            named_ports,
        }
    }

    /// Every policy's selected pods and peer sets, in [`Cluster::policies`] order.
    pub(crate) fn compiled(&self) -> &[CompiledPolicy] {
        &self.policies
    }

    /// Pods exposing each named port.
    pub(crate) fn named_port_index(&self) -> &NamedPortIndex {
        &self.named_ports
    }

    /// The cluster this engine evaluates.
    pub fn cluster(&self) -> &'a Cluster {
        self.cluster
    }

    /// `namespace/name` of every pod, in matrix order.
    pub fn pod_keys(&self) -> &[String] {
        &self.pod_keys
    }

    /// Index of the pod `namespace/name` (the first one, should the cluster list it twice).
    pub fn pod_index(&self, key: &str) -> Option<usize> {
        self.pod_by_key.get(key).copied()
    }

    /// Indices of the pods a policy's `podSelector` selects.
    pub fn selected_pods(&self, policy: usize) -> Vec<usize> {
        self.policies
            .get(policy)
            .map(|p| p.selected.iter().collect())
            .unwrap_or_default()
    }

    /// Whether traffic from `from` to `to` on `port`/`protocol` is allowed.
    pub fn allowed(&self, from: Endpoint, to: Endpoint, port: u16, protocol: Protocol) -> bool {
        self.evaluate(from, to, port, protocol).allowed
    }

    /// Decides one connection and reports which policy and rule decided each side.
    pub fn evaluate(
        &self,
        from: Endpoint,
        to: Endpoint,
        port: u16,
        protocol: Protocol,
    ) -> Connection {
        let egress = match from {
            Endpoint::External(_) => Decision::NotApplicable,
            Endpoint::Pod(source) => {
                self.decide(Direction::Egress, source, from, to, port, protocol)
            }
        };
        let ingress = match to {
            Endpoint::External(_) => Decision::NotApplicable,
            Endpoint::Pod(target) => {
                self.decide(Direction::Ingress, target, from, to, port, protocol)
            }
        };
        Connection {
            allowed: egress.allows() && ingress.allows(),
            egress,
            ingress,
        }
    }

    /// Whether the egress side of `source` lets a connection to `to` through (the ingress side
    /// of `to` is not consulted).
    pub(crate) fn egress_allows(
        &self,
        source: usize,
        to: Endpoint,
        port: u16,
        protocol: Protocol,
    ) -> bool {
        self.decide(
            Direction::Egress,
            source,
            Endpoint::Pod(source),
            to,
            port,
            protocol,
        )
        .allows()
    }

    /// `subject` is the pod the policies select; `from`/`to` are the connection's ends.
    fn decide(
        &self,
        direction: Direction,
        subject: usize,
        from: Endpoint,
        to: Endpoint,
        port: u16,
        protocol: Protocol,
    ) -> Decision {
        let remote = match direction {
            Direction::Ingress => from,
            Direction::Egress => to,
        };
        let mut isolating = Vec::new();
        for (p, (policy, compiled)) in self.cluster.policies.iter().zip(&self.policies).enumerate()
        {
            if !policy.affects(direction) || !compiled.selected.contains(subject) {
                continue;
            }
            isolating.push(p);
            let rules = policy
                .rules(direction)
                .iter()
                .zip(compiled.rules(direction));
            for (r, (rule, compiled_rule)) in rules.enumerate() {
                let Some(port_hit) = self.port_hit(rule, to, port, protocol) else {
                    continue;
                };
                let Some(peer_hit) = peer_hit(rule, compiled_rule, remote) else {
                    continue;
                };
                return Decision::Admitted(RuleMatch {
                    policy: p,
                    rule: r,
                    peer: peer_hit,
                    port: port_hit,
                });
            }
        }
        if isolating.is_empty() {
            Decision::NotIsolated
        } else {
            Decision::Denied { isolating }
        }
    }

    /// `Some(None)`: the rule has no ports; `Some(Some(i))`: port entry `i` matches.
    fn port_hit(
        &self,
        rule: &Rule,
        destination: Endpoint,
        port: u16,
        protocol: Protocol,
    ) -> Option<Option<usize>> {
        if rule.ports.is_empty() {
            return Some(None);
        }
        rule.ports
            .iter()
            .position(|entry| self.port_matches(entry, destination, port, protocol))
            .map(Some)
    }

    fn port_matches(
        &self,
        entry: &PolicyPort,
        destination: Endpoint,
        port: u16,
        protocol: Protocol,
    ) -> bool {
        if entry.protocol != protocol {
            return false;
        }
        match &entry.port {
            PortSpec::Any => true,
            PortSpec::Range { start, end } => (*start..=*end).contains(&port),
            PortSpec::Named(name) => match destination {
                Endpoint::Pod(pod) => {
                    self.cluster
                        .pods
                        .get(pod)
                        .and_then(|p| p.resolve_port(name, protocol))
                        == Some(port)
                }
                Endpoint::External(_) => false,
            },
        }
    }

    /// Destination pods for which a rule's `ports` admit `port`/`protocol`.
    fn port_set(&self, rule: &Rule, port: u16, protocol: Protocol) -> PortSet {
        if rule.ports.is_empty() {
            return PortSet::All;
        }
        let mut named: Option<BitSet> = None;
        for entry in &rule.ports {
            if entry.protocol != protocol {
                continue;
            }
            match &entry.port {
                PortSpec::Any => return PortSet::All,
                PortSpec::Range { start, end } if (*start..=*end).contains(&port) => {
                    return PortSet::All;
                }
                PortSpec::Range { .. } => {}
                PortSpec::Named(name) => {
                    let acc = named.get_or_insert_with(|| BitSet::empty(self.pod_keys.len()));
                    if let Some(pods) = self
                        .named_ports
                        .get(name)
                        .and_then(|by_number| by_number.get(&(protocol, port)))
                    {
                        acc.union_with(pods);
                    }
                }
            }
        }
        match named {
            Some(pods) => PortSet::Pods(pods),
            None => PortSet::Nothing,
        }
    }

    /// The full pod-to-pod matrix for one port and protocol, self-pairs included.
    pub fn matrix(&self, port: u16, protocol: Protocol) -> Matrix {
        let n = self.pod_keys.len();
        let full = BitSet::full(n);

        // ingress[t]: sources admitted into t, or None when no policy isolates t.
        let mut ingress: Vec<Option<BitSet>> = vec![None; n];
        // egress[s]: destinations s may reach, or None when no policy isolates s.
        let mut egress: Vec<Option<BitSet>> = vec![None; n];

        for (policy, compiled) in self.cluster.policies.iter().zip(&self.policies) {
            if policy.affects_ingress {
                for t in compiled.selected.iter() {
                    if let Some(slot) = ingress.get_mut(t) {
                        slot.get_or_insert_with(|| BitSet::empty(n));
                    }
                }
                for (rule, compiled_rule) in policy.ingress.iter().zip(&compiled.ingress) {
                    let mut targets = compiled.selected.clone();
                    match self.port_set(rule, port, protocol) {
                        PortSet::Nothing => continue,
                        PortSet::All => {}
                        // Ingress named ports resolve on the selected pod itself.
                        PortSet::Pods(pods) => targets.intersect_with(&pods),
                    }
                    let sources = compiled_rule.union.as_ref().unwrap_or(&full);
                    for t in targets.iter() {
                        if let Some(Some(allowed)) = ingress.get_mut(t) {
                            allowed.union_with(sources);
                        }
                    }
                }
            }
            if policy.affects_egress {
                for s in compiled.selected.iter() {
                    if let Some(slot) = egress.get_mut(s) {
                        slot.get_or_insert_with(|| BitSet::empty(n));
                    }
                }
                for (rule, compiled_rule) in policy.egress.iter().zip(&compiled.egress) {
                    let mut destinations =
                        compiled_rule.union.clone().unwrap_or_else(|| full.clone());
                    match self.port_set(rule, port, protocol) {
                        PortSet::Nothing => continue,
                        PortSet::All => {}
                        // Egress named ports resolve on the destination pod.
                        PortSet::Pods(pods) => destinations.intersect_with(&pods),
                    }
                    for s in compiled.selected.iter() {
                        if let Some(Some(allowed)) = egress.get_mut(s) {
                            allowed.union_with(&destinations);
                        }
                    }
                }
            }
        }

        let mut allowed = Vec::with_capacity(n * n);
        for (s, out) in egress.iter().enumerate() {
            for (t, into) in ingress.iter().enumerate() {
                let egress_ok = out.as_ref().is_none_or(|set| set.contains(t));
                let ingress_ok = into.as_ref().is_none_or(|set| set.contains(s));
                allowed.push(egress_ok && ingress_ok);
            }
        }
        Matrix::from_parts(port, protocol, self.pod_keys.clone(), allowed)
    }
}

fn peer_hit(rule: &Rule, compiled: &CompiledRule, remote: Endpoint) -> Option<Option<usize>> {
    if rule.peers.is_empty() {
        return Some(None);
    }
    let hit = match remote {
        Endpoint::Pod(pod) => compiled.peers.iter().position(|set| set.contains(pod)),
        Endpoint::External(ip) => rule
            .peers
            .iter()
            .position(|peer| matches!(peer, Peer::IpBlock(block) if block.contains(ip))),
    };
    hit.map(Some)
}
