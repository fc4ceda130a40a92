//! One-sentence explanations of verdicts, e.g.
//! `blocked: x/deny-all selects x/a for ingress; no ingress rule admits y/b on TCP/80`.

use crate::netpol::engine::{Connection, Decision, Endpoint, Engine, RuleMatch};
use crate::netpol::model::{Direction, Peer, Protocol};

impl Engine<'_> {
    /// Decides one connection and explains the outcome in a sentence.
    pub fn explain(&self, from: Endpoint, to: Endpoint, port: u16, protocol: Protocol) -> String {
        let verdict = self.evaluate(from, to, port, protocol);
        self.describe(&verdict, from, to, port, protocol)
    }

    /// Renders a verdict obtained from [`Engine::evaluate`] for the same connection.
    ///
    /// Blocked: only the side(s) that block, egress first. Allowed: both sides, egress first;
    /// a side whose end is outside the cluster is left out.
    pub fn describe(
        &self,
        verdict: &Connection,
        from: Endpoint,
        to: Endpoint,
        port: u16,
        protocol: Protocol,
    ) -> String {
        let on = format!("{protocol}/{port}");
        let from_name = self.endpoint_name(from);
        let to_name = self.endpoint_name(to);
        let sides = [
            (Direction::Egress, &verdict.egress, &from_name, &to_name),
            (Direction::Ingress, &verdict.ingress, &to_name, &from_name),
        ];
        let parts: Vec<String> = sides
            .iter()
            .filter(|(_, decision, _, _)| verdict.allowed || !decision.allows())
            .filter_map(|(direction, decision, subject, remote)| {
                self.side(*direction, decision, subject, remote, &on)
            })
            .collect();
        let outcome = if verdict.allowed {
            "allowed"
        } else {
            "blocked"
        };
        if parts.is_empty() {
            return format!("{outcome}: {from_name} and {to_name} are both outside the cluster");
        }
        format!("{outcome}: {}", parts.join("; "))
    }

    /// `namespace/name` of a pod, or the address.
    pub(crate) fn endpoint_name(&self, endpoint: Endpoint) -> String {
        match endpoint {
            Endpoint::Pod(i) => self
                .pod_keys()
                .get(i)
                .cloned()
                .unwrap_or_else(|| format!("<pod #{i}>")),
            Endpoint::External(ip) => ip.to_string(),
        }
    }

    /// `namespace/name` of a policy.
    pub(crate) fn policy_name(&self, index: usize) -> String {
        self.cluster()
            .policies
            .get(index)
            .map(|p| p.key())
            .unwrap_or_else(|| format!("<policy #{index}>"))
    }

    /// `subject` is the selected pod of this side, `remote` the other end.
    fn side(
        &self,
        direction: Direction,
        decision: &Decision,
        subject: &str,
        remote: &str,
        on: &str,
    ) -> Option<String> {
        let dir = direction.as_str();
        match decision {
            Decision::NotApplicable => None,
            Decision::NotIsolated => Some(format!("{subject} is selected by no {dir} policy")),
            Decision::Denied { isolating } => {
                let names: Vec<String> = isolating.iter().map(|&p| self.policy_name(p)).collect();
                let verb = if names.len() == 1 {
                    "selects"
                } else {
                    "select"
                };
                Some(format!(
                    "{} {verb} {subject} for {dir}; no {dir} rule admits {remote} on {on}",
                    names.join(", ")
                ))
            }
            Decision::Admitted(hit) => Some(format!(
                "{} {dir} rule {} ({}) admits {remote} on {on}",
                self.policy_name(hit.policy),
                hit.rule + 1,
                self.rule_detail(direction, hit)
            )),
        }
    }

    fn rule_detail(&self, direction: Direction, hit: &RuleMatch) -> String {
        let rule = self
            .cluster()
            .policies
            .get(hit.policy)
            .and_then(|p| p.rules(direction).get(hit.rule));
        let peer = match (hit.peer, rule) {
            (Some(i), Some(rule)) => rule.peers.get(i).map(describe_peer),
            _ => None,
        };
        let peer = peer.unwrap_or_else(|| match direction {
            Direction::Ingress => "any source".to_owned(),
            Direction::Egress => "any destination".to_owned(),
        });
        let port = match (hit.port, rule) {
            (Some(i), Some(rule)) => rule.ports.get(i).map(|p| format!("; port {p}")),
            _ => None,
        };
        format!("{peer}{}", port.unwrap_or_default())
    }
}

fn describe_peer(peer: &Peer) -> String {
    match peer {
        Peer::Pods(pods) => format!("podSelector {pods}"),
        Peer::Namespaces(namespaces) => format!("namespaceSelector {namespaces}"),
        Peer::PodsInNamespaces { namespaces, pods } => {
            format!("namespaceSelector {namespaces} and podSelector {pods}")
        }
        Peer::IpBlock(block) => format!("ipBlock {block}"),
    }
}
