//! One connection decided, with the policies and rules that decided it, by name and field path.

use serde::Serialize;

use crate::netpol::engine::{Decision, Endpoint, Engine};
use crate::netpol::model::{Direction, Protocol};
use crate::netpol::simulate::error::SimulateError;
use crate::netpol::simulate::probe::ProbePort;

/// The answer to "may `from` reach `to` on this port?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Answer {
    /// Source: `namespace/name` or an IP address.
    pub from: String,
    /// Destination: `namespace/name` or an IP address.
    pub to: String,
    /// The port as asked for.
    pub port: ProbePort,
    /// The number probed; for a named port the one the destination declares, `None` when it
    /// declares none.
    pub resolved_port: Option<u16>,
    /// The protocol.
    pub protocol: Protocol,
    /// Whether both the source's egress side and the destination's ingress side allow it.
    pub allowed: bool,
    /// One sentence: `blocked: x/deny-all selects x/a for ingress; no ingress rule admits ...`.
    pub explanation: String,
    /// The source's side; `None` when nothing was evaluated (the named port does not resolve).
    pub egress: Option<Side>,
    /// The destination's side; `None` when nothing was evaluated.
    pub ingress: Option<Side>,
}

/// How one side decided, with policies as `namespace/name` and rules as field paths.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "decision", rename_all = "camelCase")]
pub enum Side {
    /// This end is an address outside the cluster; no policy applies on this side.
    NotApplicable,
    /// No policy selects the pod for this direction.
    NotIsolated {
        /// The pod.
        pod: String,
    },
    /// A rule admits the traffic.
    #[serde(rename_all = "camelCase")]
    Admitted {
        /// The pod.
        pod: String,
        /// The admitting policy.
        policy: String,
        /// The rule, e.g. `spec.ingress[0]`.
        rule: String,
        /// The matching peer, e.g. `spec.ingress[0].from[1]`; `None` when the rule admits every peer.
        peer: Option<String>,
        /// The matching port entry, e.g. `spec.ingress[0].ports[0]`; `None` for every port.
        port: Option<String>,
    },
    /// Policies isolate the pod and none of their rules admits the traffic.
    Denied {
        /// The pod.
        pod: String,
        /// Every policy selecting the pod for this direction.
        policies: Vec<String>,
    },
}

/// Decides `from` → `to` on `port`/`protocol`.
pub fn answer(
    engine: &Engine<'_>,
    from: Endpoint,
    to: Endpoint,
    port: &ProbePort,
    protocol: Protocol,
) -> Result<Answer, SimulateError> {
    let from_name = engine.endpoint_name(from);
    let to_name = engine.endpoint_name(to);
    if matches!((from, to), (Endpoint::External(_), Endpoint::External(_))) {
        return Err(SimulateError::BothExternal {
            from: from_name,
            to: to_name,
        });
    }
    let resolved = match (port, to) {
        (ProbePort::Number(n), _) => Some(*n),
        (ProbePort::Name(name), Endpoint::External(_)) => {
            return Err(SimulateError::NamedPortToExternal {
                port: name.clone(),
                to: to_name,
            });
        }
        (ProbePort::Name(_), Endpoint::Pod(i)) => engine
            .cluster()
            .pods
            .get(i)
            .and_then(|pod| port.resolve(pod, protocol)),
    };
    let Some(number) = resolved else {
        return Ok(Answer {
            explanation: format!(
                "blocked: {to_name} declares no {protocol} container port named {port}, so nothing listens there"
            ),
            from: from_name,
            to: to_name,
            port: port.clone(),
            resolved_port: None,
            protocol,
            allowed: false,
            egress: None,
            ingress: None,
        });
    };
    let verdict = engine.evaluate(from, to, number, protocol);
    Ok(Answer {
        explanation: engine.describe(&verdict, from, to, number, protocol),
        egress: Some(side(engine, Direction::Egress, &verdict.egress, &from_name)),
        ingress: Some(side(engine, Direction::Ingress, &verdict.ingress, &to_name)),
        from: from_name,
        to: to_name,
        port: port.clone(),
        resolved_port: Some(number),
        protocol,
        allowed: verdict.allowed,
    })
}

fn side(engine: &Engine<'_>, direction: Direction, decision: &Decision, pod: &str) -> Side {
    let pod = pod.to_owned();
    match decision {
        Decision::NotApplicable => Side::NotApplicable,
        Decision::NotIsolated => Side::NotIsolated { pod },
        Decision::Denied { isolating } => Side::Denied {
            pod,
            policies: isolating.iter().map(|&p| engine.policy_name(p)).collect(),
        },
        Decision::Admitted(hit) => {
            let (list, peers) = match direction {
                Direction::Ingress => ("ingress", "from"),
                Direction::Egress => ("egress", "to"),
            };
            let rule = format!("spec.{list}[{}]", hit.rule);
            Side::Admitted {
                pod,
                policy: engine.policy_name(hit.policy),
                peer: hit.peer.map(|p| format!("{rule}.{peers}[{p}]")),
                port: hit.port.map(|p| format!("{rule}.ports[{p}]")),
                rule,
            }
        }
    }
}
