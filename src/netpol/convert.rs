//! Conversions from the Kubernetes API types (k8s-openapi) into the validated model.
//!
//! Validation mirrors what the API server refuses (bad CIDRs, selector operators, ports,
//! peers), so objects read from a cluster always convert; hand-written or dumped objects get a
//! typed error naming the object and the field.

use std::net::IpAddr;
use std::str::FromStr;

use ipnet::IpNet;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::api::networking::v1 as net;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::k8s::labels::Selector;
use crate::netpol::error::NetpolError;
use crate::netpol::model::{
    Cluster, IpBlock, NamedPort, Namespace, Peer, Pod, Policy, PolicyPort, PortSpec, Protocol, Rule,
};

impl Namespace {
    /// Converts a Namespace; its labels are taken as stored.
    pub fn from_k8s(namespace: &core::Namespace) -> Result<Self, NetpolError> {
        let name = namespace
            .metadata
            .name
            .clone()
            .ok_or_else(|| NetpolError::MissingMetadata {
                kind: "Namespace",
                object: "<unnamed>".into(),
                field: "name",
            })?;
        Ok(Self {
            name,
            labels: namespace.metadata.labels.clone().unwrap_or_default(),
        })
    }
}

impl Pod {
    /// Converts a Pod: IP from `status.podIP`, named ports from `spec.containers[].ports[]`.
    pub fn from_k8s(pod: &core::Pod) -> Result<Self, NetpolError> {
        let (namespace, name) = namespaced_name("Pod", &pod.metadata)?;
        let object = format!("Pod {namespace}/{name}");
        let ip = match pod.status.as_ref().and_then(|s| s.pod_ip.as_deref()) {
            None | Some("") => None,
            Some(text) => Some(
                IpAddr::from_str(text).map_err(|_| NetpolError::InvalidPodIp {
                    object: object.clone(),
                    value: text.to_owned(),
                })?,
            ),
        };
        let mut named_ports = Vec::new();
        let containers = pod.spec.as_ref().map(|s| s.containers.as_slice());
        for (c, container) in containers.unwrap_or_default().iter().enumerate() {
            for (p, port) in container.ports.iter().flatten().enumerate() {
                let Some(port_name) = &port.name else {
                    continue;
                };
                let field = format!("spec.containers[{c}].ports[{p}]");
                let number = u16::try_from(port.container_port)
                    .ok()
                    .filter(|n| *n != 0)
                    .ok_or_else(|| NetpolError::InvalidPort {
                        object: object.clone(),
                        field: format!("{field}.containerPort"),
                        value: port.container_port.to_string(),
                    })?;
                let protocol = protocol_or_tcp(
                    port.protocol.as_deref(),
                    &object,
                    &format!("{field}.protocol"),
                )?;
                named_ports.push(NamedPort {
                    name: port_name.clone(),
                    port: number,
                    protocol,
                });
            }
        }
        Ok(Self {
            namespace,
            name,
            labels: pod.metadata.labels.clone().unwrap_or_default(),
            ip,
            named_ports,
        })
    }
}

impl Policy {
    /// Converts and validates a NetworkPolicy, applying the API server's defaults.
    pub fn from_k8s(policy: &net::NetworkPolicy) -> Result<Self, NetpolError> {
        let (namespace, name) = namespaced_name("NetworkPolicy", &policy.metadata)?;
        let object = format!("NetworkPolicy {namespace}/{name}");
        let spec = policy.spec.clone().unwrap_or_default();

        let pod_selector = match &spec.pod_selector {
            Some(sel) => Selector::from_k8s(sel, &object, "spec.podSelector")?,
            None => Selector::everything(),
        };

        let mut ingress = Vec::new();
        for (i, rule) in spec.ingress.iter().flatten().enumerate() {
            let field = format!("spec.ingress[{i}]");
            ingress.push(Rule {
                peers: convert_peers(rule.from.as_deref(), &object, &format!("{field}.from"))?,
                ports: convert_ports(rule.ports.as_deref(), &object, &format!("{field}.ports"))?,
            });
        }
        let mut egress = Vec::new();
        for (i, rule) in spec.egress.iter().flatten().enumerate() {
            let field = format!("spec.egress[{i}]");
            egress.push(Rule {
                peers: convert_peers(rule.to.as_deref(), &object, &format!("{field}.to"))?,
                ports: convert_ports(rule.ports.as_deref(), &object, &format!("{field}.ports"))?,
            });
        }

        let declared = spec.policy_types.clone().unwrap_or_default();
        let (affects_ingress, affects_egress, policy_types_inferred) = if declared.is_empty() {
            // The API server's defaulting (SetDefaults_NetworkPolicy) adds Egress only when the
            // egress list is non-empty, so `egress: []` without policyTypes isolates nothing.
            (true, !egress.is_empty(), true)
        } else {
            let mut types = (false, false, false);
            for (i, t) in declared.iter().enumerate() {
                match t.as_str() {
                    "Ingress" => types.0 = true,
                    "Egress" => types.1 = true,
                    other => {
                        return Err(NetpolError::InvalidPolicyType {
                            object,
                            field: format!("spec.policyTypes[{i}]"),
                            value: other.to_owned(),
                        });
                    }
                }
            }
            types
        };

        Ok(Self {
            namespace,
            name,
            pod_selector,
            affects_ingress,
            affects_egress,
            policy_types_inferred,
            ingress,
            egress,
        })
    }
}

impl Cluster {
    /// Converts a snapshot of namespaces, pods and policies; the first invalid object stops it.
    pub fn from_k8s(
        namespaces: &[core::Namespace],
        pods: &[core::Pod],
        policies: &[net::NetworkPolicy],
    ) -> Result<Self, NetpolError> {
        Ok(Self {
            namespaces: namespaces
                .iter()
                .map(Namespace::from_k8s)
                .collect::<Result<_, _>>()?,
            pods: pods.iter().map(Pod::from_k8s).collect::<Result<_, _>>()?,
            policies: policies
                .iter()
                .map(Policy::from_k8s)
                .collect::<Result<_, _>>()?,
        })
    }
}

fn namespaced_name(
    kind: &'static str,
    meta: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
) -> Result<(String, String), NetpolError> {
    let name = meta
        .name
        .clone()
        .ok_or_else(|| NetpolError::MissingMetadata {
            kind,
            object: format!("{}/<unnamed>", meta.namespace.as_deref().unwrap_or("?")),
            field: "name",
        })?;
    let namespace = meta
        .namespace
        .clone()
        .ok_or_else(|| NetpolError::MissingMetadata {
            kind,
            object: name.clone(),
            field: "namespace",
        })?;
    Ok((namespace, name))
}

fn protocol_or_tcp(
    protocol: Option<&str>,
    object: &str,
    field: &str,
) -> Result<Protocol, NetpolError> {
    match protocol {
        None => Ok(Protocol::Tcp),
        Some(text) => Protocol::parse(text).ok_or_else(|| NetpolError::InvalidProtocol {
            object: object.to_owned(),
            field: field.to_owned(),
            value: text.to_owned(),
        }),
    }
}

fn convert_peers(
    peers: Option<&[net::NetworkPolicyPeer]>,
    object: &str,
    field: &str,
) -> Result<Vec<Peer>, NetpolError> {
    let mut out = Vec::new();
    for (i, peer) in peers.unwrap_or_default().iter().enumerate() {
        let at = format!("{field}[{i}]");
        let converted = match (&peer.ip_block, &peer.namespace_selector, &peer.pod_selector) {
            (Some(block), None, None) => {
                Peer::IpBlock(convert_ip_block(block, object, &format!("{at}.ipBlock"))?)
            }
            (Some(_), _, _) => {
                return Err(NetpolError::InvalidPeer {
                    object: object.to_owned(),
                    field: at,
                    problem: "ipBlock cannot be combined with podSelector or namespaceSelector; \
                              split them into separate peers"
                        .into(),
                });
            }
            (None, Some(ns), Some(pods)) => Peer::PodsInNamespaces {
                namespaces: Selector::from_k8s(ns, object, &format!("{at}.namespaceSelector"))?,
                pods: Selector::from_k8s(pods, object, &format!("{at}.podSelector"))?,
            },
            (None, Some(ns), None) => Peer::Namespaces(Selector::from_k8s(
                ns,
                object,
                &format!("{at}.namespaceSelector"),
            )?),
            (None, None, Some(pods)) => Peer::Pods(Selector::from_k8s(
                pods,
                object,
                &format!("{at}.podSelector"),
            )?),
            (None, None, None) => {
                return Err(NetpolError::InvalidPeer {
                    object: object.to_owned(),
                    field: at,
                    problem: "peer sets none of podSelector, namespaceSelector and ipBlock; \
                              set one (use an empty podSelector {} for every pod of the namespace)"
                        .into(),
                });
            }
        };
        out.push(converted);
    }
    Ok(out)
}

fn parse_cidr(text: &str, object: &str, field: &str) -> Result<IpNet, NetpolError> {
    IpNet::from_str(text)
        .map(|net| net.trunc())
        .map_err(|err| NetpolError::InvalidCidr {
            object: object.to_owned(),
            field: field.to_owned(),
            value: text.to_owned(),
            reason: err.to_string(),
        })
}

fn convert_ip_block(
    block: &net::IPBlock,
    object: &str,
    field: &str,
) -> Result<IpBlock, NetpolError> {
    let cidr = parse_cidr(&block.cidr, object, &format!("{field}.cidr"))?;
    let mut except = Vec::new();
    for (i, text) in block.except.iter().flatten().enumerate() {
        let at = format!("{field}.except[{i}]");
        let net = parse_cidr(text, object, &at)?;
        if !cidr.contains(&net) || net.prefix_len() <= cidr.prefix_len() {
            return Err(NetpolError::ExceptOutsideCidr {
                object: object.to_owned(),
                field: at,
                cidr: block.cidr.clone(),
                except: text.clone(),
            });
        }
        except.push(net);
    }
    Ok(IpBlock { cidr, except })
}

fn convert_ports(
    ports: Option<&[net::NetworkPolicyPort]>,
    object: &str,
    field: &str,
) -> Result<Vec<PolicyPort>, NetpolError> {
    let mut out = Vec::new();
    for (i, port) in ports.unwrap_or_default().iter().enumerate() {
        let at = format!("{field}[{i}]");
        let protocol =
            protocol_or_tcp(port.protocol.as_deref(), object, &format!("{at}.protocol"))?;
        let bad_port = |value: String| NetpolError::InvalidPort {
            object: object.to_owned(),
            field: format!("{at}.port"),
            value,
        };
        let bad_end = |problem: &str| NetpolError::InvalidEndPort {
            object: object.to_owned(),
            field: format!("{at}.endPort"),
            problem: problem.to_owned(),
        };
        let spec = match (&port.port, port.end_port) {
            (None, None) => PortSpec::Any,
            (None, Some(_)) => {
                return Err(bad_end(
                    "endPort needs a numeric port; add port or drop endPort",
                ));
            }
            (Some(IntOrString::String(name)), end) => {
                if name.is_empty() {
                    return Err(bad_port("\"\"".into()));
                }
                if end.is_some() {
                    return Err(bad_end(
                        "endPort cannot be used with a named port; use a port number",
                    ));
                }
                PortSpec::Named(name.clone())
            }
            (Some(IntOrString::Int(number)), end) => {
                let start = valid_port(*number).ok_or_else(|| bad_port(number.to_string()))?;
                let end = match end {
                    None => start,
                    Some(end) => {
                        let end = valid_port(end).ok_or_else(|| {
                            bad_end("endPort must be a port number from 1 to 65535")
                        })?;
                        if end < start {
                            return Err(bad_end("endPort must be equal to or greater than port"));
                        }
                        end
                    }
                };
                PortSpec::Range { start, end }
            }
        };
        out.push(PolicyPort {
            protocol,
            port: spec,
        });
    }
    Ok(out)
}

fn valid_port(number: i32) -> Option<u16> {
    u16::try_from(number).ok().filter(|n| *n != 0)
}
