//! The probe: which port, between which ends, and the truth table for it.

use std::collections::BTreeMap;
use std::fmt;
use std::net::IpAddr;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::netpol::engine::{Endpoint, Engine};
use crate::netpol::matrix::{Cells, Matrix};
use crate::netpol::model::{Pod, Protocol};
use crate::netpol::simulate::error::SimulateError;

/// The destination port of a probe.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ProbePort {
    /// A port number.
    Number(u16),
    /// A container port name (`spec.containers[].ports[].name`), resolved on each destination pod.
    Name(String),
}

impl ProbePort {
    /// Parses `80` or `serve-80-tcp`. Names follow the API's rules for port names: at most 15
    /// lower-case letters, digits and inner `-`, at least one letter.
    pub fn parse(text: &str) -> Result<Self, String> {
        if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
            return text
                .parse::<u16>()
                .ok()
                .filter(|n| *n != 0)
                .map(ProbePort::Number)
                .ok_or_else(|| format!("{text} is not a port number from 1 to 65535"));
        }
        let valid = (1..=15).contains(&text.len())
            && text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && text.bytes().any(|b| b.is_ascii_lowercase())
            && !text.starts_with('-')
            && !text.ends_with('-')
            && !text.contains("--");
        if valid {
            Ok(ProbePort::Name(text.to_owned()))
        } else {
            Err(format!(
                "{text:?} is neither a port number nor a container port name (at most 15 lower-case letters, digits and inner dashes)"
            ))
        }
    }

    /// The number this port stands for on `pod`; a name the pod does not declare for
    /// `protocol` resolves to nothing.
    pub fn resolve(&self, pod: &Pod, protocol: Protocol) -> Option<u16> {
        match self {
            ProbePort::Number(n) => Some(*n),
            ProbePort::Name(name) => pod.resolve_port(name, protocol),
        }
    }
}

impl fmt::Display for ProbePort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProbePort::Number(n) => write!(f, "{n}"),
            ProbePort::Name(name) => f.write_str(name),
        }
    }
}

/// A number serializes as a number, a name as a string.
impl Serialize for ProbePort {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ProbePort::Number(n) => serializer.serialize_u16(*n),
            ProbePort::Name(name) => serializer.serialize_str(name),
        }
    }
}

/// One end of a connection as given on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndpointArg {
    /// `namespace/name`, or a bare name to be found in the `-n` namespace.
    Pod {
        /// The namespace, when given.
        namespace: Option<String>,
        /// The pod name.
        name: String,
    },
    /// An IP address; a pod's own IP stands for that pod.
    Ip(IpAddr),
}

impl EndpointArg {
    /// Parses `NAMESPACE/POD`, `POD` or an IPv4/IPv6 address.
    pub fn parse(text: &str) -> Result<Self, String> {
        if let Ok(ip) = text.parse::<IpAddr>() {
            return Ok(EndpointArg::Ip(ip));
        }
        let invalid = |part: &str| {
            part.is_empty()
                || !part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        };
        match text.split_once('/') {
            Some((ns, name)) if !invalid(ns) && !invalid(name) => Ok(EndpointArg::Pod {
                namespace: Some(ns.to_owned()),
                name: name.to_owned(),
            }),
            None if !invalid(text) => Ok(EndpointArg::Pod {
                namespace: None,
                name: text.to_owned(),
            }),
            _ => Err(format!(
                "{text:?} is neither NAMESPACE/POD, POD nor an IP address"
            )),
        }
    }

    /// Finds the end among the engine's pods. `flag` (`--from`/`--to`) names it in errors;
    /// `namespace` is where a bare pod name is looked for.
    pub fn resolve(
        &self,
        engine: &Engine<'_>,
        flag: &'static str,
        namespace: Option<&str>,
    ) -> Result<ResolvedTarget, SimulateError> {
        match self {
            EndpointArg::Pod {
                namespace: given,
                name,
            } => {
                let ns =
                    given
                        .as_deref()
                        .or(namespace)
                        .ok_or_else(|| SimulateError::NoNamespace {
                            flag,
                            name: name.clone(),
                        })?;
                let key = format!("{ns}/{name}");
                let index = engine
                    .pod_index(&key)
                    .ok_or(SimulateError::UnknownPod { flag, pod: key })?;
                Ok(ResolvedTarget {
                    endpoint: Endpoint::Pod(index),
                    pod_of_ip: false,
                })
            }
            EndpointArg::Ip(ip) => {
                let pod = engine.cluster().pods.iter().position(|p| p.ip == Some(*ip));
                Ok(match pod {
                    Some(index) => ResolvedTarget {
                        endpoint: Endpoint::Pod(index),
                        pod_of_ip: true,
                    },
                    None => ResolvedTarget {
                        endpoint: Endpoint::External(*ip),
                        pod_of_ip: false,
                    },
                })
            }
        }
    }
}

/// An [`EndpointArg`] found among the pods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResolvedTarget {
    /// The pod, or the external address.
    pub endpoint: Endpoint,
    /// An IP address was given and it is this pod's `status.podIP`.
    pub pod_of_ip: bool,
}

/// The truth table for one probe port and protocol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reachability {
    /// The port as asked for.
    pub port: ProbePort,
    /// The protocol.
    pub protocol: Protocol,
    /// Every ordered pod pair, self-pairs included. For a named port each column is evaluated
    /// at the number its pod declares, so `matrix.port` is meaningful only for a number.
    pub matrix: Matrix,
    /// Pods (`namespace/name`) that declare no container port of that name and protocol; nothing
    /// can reach them on it, so their columns are blocked.
    pub unresolved: Vec<String>,
}

/// The truth table of `port`/`protocol` over the engine's pods.
pub fn reachability(engine: &Engine<'_>, port: &ProbePort, protocol: Protocol) -> Reachability {
    let pods = &engine.cluster().pods;
    let numbers: Vec<Option<u16>> = pods.iter().map(|p| port.resolve(p, protocol)).collect();
    let matrix = match port {
        ProbePort::Number(n) => engine.matrix(*n, protocol),
        ProbePort::Name(_) => named_port_matrix(engine, &numbers, protocol),
    };
    let unresolved = pods
        .iter()
        .zip(&numbers)
        .filter(|(_, number)| number.is_none())
        .map(|(pod, _)| pod.key())
        .collect();
    Reachability {
        port: port.clone(),
        protocol,
        matrix,
        unresolved,
    }
}

/// Column `to` comes from the matrix of the number pod `to` declares; one engine matrix per
/// distinct number. `numbers[to]` is `None` for pods without the port: blocked columns.
fn named_port_matrix(engine: &Engine<'_>, numbers: &[Option<u16>], protocol: Protocol) -> Matrix {
    let mut by_number: BTreeMap<u16, Matrix> = BTreeMap::new();
    for number in numbers.iter().flatten() {
        by_number
            .entry(*number)
            .or_insert_with(|| engine.matrix(*number, protocol));
    }
    // Every pod declares the port at the same number: that matrix is the answer as it is.
    if by_number.len() == 1
        && numbers.iter().all(Option::is_some)
        && let Some((_, matrix)) = by_number.pop_first()
    {
        return matrix;
    }
    let n = numbers.len();
    let mut allowed = Vec::with_capacity(n * n);
    for from in 0..n {
        for (to, number) in numbers.iter().enumerate() {
            let cell = number
                .and_then(|number| by_number.get(&number))
                .and_then(|m| m.get(from, to));
            allowed.push(cell.unwrap_or(false));
        }
    }
    Matrix::from_parts(0, protocol, engine.pod_keys().to_vec(), allowed)
}

/// `{"port": 80 | "serve-80-tcp", "protocol": "TCP", "cells": [{"from", "to", "allowed"}, ...]}`:
/// the matrix's own JSON form, with the port as asked for.
impl Serialize for Reachability {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut state = serializer.serialize_struct("Reachability", 3)?;
        state.serialize_field("port", &self.port)?;
        state.serialize_field("protocol", &self.protocol)?;
        state.serialize_field("cells", &Cells(&self.matrix))?;
        state.end()
    }
}
