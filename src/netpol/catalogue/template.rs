//! Policies whose ipBlocks depend on pod IPs known only once the pods run.

use std::net::IpAddr;

use ipnet::IpNet;
use k8s_openapi::api::networking::v1::{IPBlock, NetworkPolicy};
use serde::Serialize;

use crate::netpol::catalogue::topology::{NsKey, PodIps, PodRef};
use crate::netpol::error::NetpolError;
use crate::netpol::model::Direction;

/// An address that is only known once the pods run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum PodCidr {
    /// The pod's IP as a host route (`/32`, or `/128` for IPv6).
    Host(PodRef),
    /// The `/4` containing the pod's IP (upstream `makeLargeCIDRForIP`).
    Covering4(PodRef),
}

/// An `ipBlock` to fill in from pod IPs before the policy is created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IpBlockSlot {
    /// Rule list holding the peer.
    pub direction: Direction,
    /// Index of the rule.
    pub rule: usize,
    /// Index of the peer in the rule's `from`/`to`; it must already be an `ipBlock` peer.
    pub peer: usize,
    /// Value for `cidr`.
    pub cidr: PodCidr,
    /// Values for `except`.
    pub except: Vec<PodCidr>,
}

/// A policy to create or update, possibly waiting for pod IPs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolicyTemplate {
    /// Namespace the policy goes into.
    pub namespace: NsKey,
    /// The policy (with `metadata.namespace` set); ipBlocks named in `ip_blocks` are placeholders.
    pub policy: NetworkPolicy,
    /// ipBlocks to fill from pod IPs.
    pub ip_blocks: Vec<IpBlockSlot>,
}

impl PolicyTemplate {
    /// The policy's name.
    pub fn name(&self) -> &str {
        self.policy.metadata.name.as_deref().unwrap_or_default()
    }

    /// The policy ready to send: ipBlock placeholders replaced with CIDRs from `ips`.
    pub fn resolve(&self, scenario: &str, ips: &PodIps) -> Result<NetworkPolicy, NetpolError> {
        let mut policy = self.policy.clone();
        for slot in &self.ip_blocks {
            let cidr = cidr_for(slot.cidr, scenario, ips)?;
            let except = slot
                .except
                .iter()
                .map(|c| cidr_for(*c, scenario, ips))
                .collect::<Result<Vec<_>, _>>()?;
            let object = format!(
                "NetworkPolicy {}/{}",
                policy.metadata.namespace.as_deref().unwrap_or_default(),
                self.name()
            );
            let spec = policy.spec.get_or_insert_with(Default::default);
            let (list, field) = match slot.direction {
                Direction::Ingress => (
                    spec.ingress
                        .as_mut()
                        .and_then(|rules| rules.get_mut(slot.rule))
                        .and_then(|rule| rule.from.as_mut()),
                    format!("spec.ingress[{}].from[{}]", slot.rule, slot.peer),
                ),
                Direction::Egress => (
                    spec.egress
                        .as_mut()
                        .and_then(|rules| rules.get_mut(slot.rule))
                        .and_then(|rule| rule.to.as_mut()),
                    format!("spec.egress[{}].to[{}]", slot.rule, slot.peer),
                ),
            };
            let Some(peer) = list.and_then(|peers| peers.get_mut(slot.peer)) else {
                return Err(NetpolError::InvalidPeer {
                    object,
                    field,
                    problem: "the scenario fills an ipBlock here, but the policy has no such peer"
                        .into(),
                });
            };
            peer.ip_block = Some(IPBlock {
                cidr: cidr.to_string(),
                except: if except.is_empty() {
                    None
                } else {
                    Some(except.iter().map(ToString::to_string).collect())
                },
            });
        }
        Ok(policy)
    }
}

fn cidr_for(cidr: PodCidr, scenario: &str, ips: &PodIps) -> Result<IpNet, NetpolError> {
    let (pod, prefix) = match cidr {
        PodCidr::Host(pod) => (pod, None),
        PodCidr::Covering4(pod) => (pod, Some(4)),
    };
    let ip: IpAddr = *ips.get(&pod).ok_or_else(|| NetpolError::MissingPodIp {
        scenario: scenario.to_owned(),
        pod: pod.to_string(),
    })?;
    let host_len = match ip {
        IpAddr::V4(_) => 32,
        IpAddr::V6(_) => 128,
    };
    // Both prefix lengths are valid for either family, so construction cannot fail; fall back
    // to the host route rather than panic should that ever change.
    let net = IpNet::new(ip, prefix.unwrap_or(host_len))
        .or_else(|_| IpNet::new(ip, host_len))
        .map_err(|err| NetpolError::InvalidCidr {
            object: format!("scenario {scenario:?}"),
            field: format!("ipBlock for pod {pod}"),
            value: ip.to_string(),
            reason: err.to_string(),
        })?;
    Ok(net.trunc())
}
