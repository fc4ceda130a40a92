//! A small world of namespaces, pods and policies for engine tests.

use std::net::IpAddr;
use std::str::FromStr;

use k8s_openapi::api::networking::v1::NetworkPolicy;
use serde_json::{Value, json};

use crate::netpol::{
    Cluster, Endpoint, Engine, NAMESPACE_NAME_LABEL, NamedPort, Namespace, NetpolError, Pod,
    Policy, Protocol,
};

pub(crate) const TCP: Protocol = Protocol::Tcp;
pub(crate) const UDP: Protocol = Protocol::Udp;
pub(crate) const SCTP: Protocol = Protocol::Sctp;

/// A NetworkPolicy object as the API would return it.
pub(crate) fn np(namespace: &str, name: &str, spec: Value) -> NetworkPolicy {
    let object = json!({
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": {"name": name, "namespace": namespace},
        "spec": spec,
    });
    serde_json::from_value(object).expect("test policy JSON must deserialize")
}

pub(crate) fn convert(namespace: &str, name: &str, spec: Value) -> Result<Policy, NetpolError> {
    Policy::from_k8s(&np(namespace, name, spec))
}

pub(crate) fn named_port(name: &str, port: u16, protocol: Protocol) -> NamedPort {
    NamedPort {
        name: name.to_owned(),
        port,
        protocol,
    }
}

pub(crate) struct World {
    pub(crate) cluster: Cluster,
}

impl World {
    /// Namespaces x, y, z (labelled `ns=<name>` and the automatic name label), no pods.
    pub(crate) fn empty() -> Self {
        let namespaces = ["x", "y", "z"]
            .iter()
            .map(|n| {
                let mut ns = Namespace::named(n);
                ns.labels.insert("ns".into(), (*n).into());
                ns
            })
            .collect();
        Self {
            cluster: Cluster {
                namespaces,
                pods: Vec::new(),
                policies: Vec::new(),
            },
        }
    }

    /// x/a, x/b, y/a, y/b, z/a with IPs 10.0.<ns>.<pod> and ports serve-80-tcp, serve-81-tcp,
    /// serve-80-udp, serve-80-sctp.
    pub(crate) fn standard() -> Self {
        Self::empty()
            .pod("x/a", "10.0.1.1")
            .pod("x/b", "10.0.1.2")
            .pod("y/a", "10.0.2.1")
            .pod("y/b", "10.0.2.2")
            .pod("z/a", "10.0.3.1")
    }

    pub(crate) fn pod(self, key: &str, ip: &str) -> Self {
        let name = key.split('/').nth(1).unwrap_or(key).to_owned();
        let labels: Vec<(&str, &str)> = vec![("pod", name.as_str())];
        let ports = vec![
            named_port("serve-80-tcp", 80, TCP),
            named_port("serve-81-tcp", 81, TCP),
            named_port("serve-80-udp", 80, UDP),
            named_port("serve-80-sctp", 80, SCTP),
        ];
        self.pod_with(key, Some(ip), &labels, ports)
    }

    pub(crate) fn pod_with(
        mut self,
        key: &str,
        ip: Option<&str>,
        labels: &[(&str, &str)],
        named_ports: Vec<NamedPort>,
    ) -> Self {
        let mut parts = key.splitn(2, '/');
        let namespace = parts.next().unwrap_or_default().to_owned();
        let name = parts.next().unwrap_or_default().to_owned();
        self.cluster.pods.push(Pod {
            namespace,
            name,
            labels: labels
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            ip: ip.map(|ip| IpAddr::from_str(ip).expect("test IP must parse")),
            named_ports,
        });
        self
    }

    pub(crate) fn label_namespace(mut self, ns: &str, key: &str, value: &str) -> Self {
        for namespace in &mut self.cluster.namespaces {
            if namespace.name == ns {
                namespace.labels.insert(key.into(), value.into());
            }
        }
        self
    }

    pub(crate) fn without_namespace_objects(mut self) -> Self {
        self.cluster.namespaces.clear();
        self
    }

    pub(crate) fn policy(mut self, namespace: &str, name: &str, spec: Value) -> Self {
        let policy = convert(namespace, name, spec).expect("test policy must be valid");
        self.cluster.policies.push(policy);
        self
    }

    fn endpoint(engine: &Engine<'_>, text: &str) -> Endpoint {
        match IpAddr::from_str(text) {
            Ok(ip) => Endpoint::External(ip),
            Err(_) => Endpoint::Pod(engine.pod_index(text).expect("test pod must exist")),
        }
    }

    /// `from` and `to` are `ns/pod` keys or bare IP addresses (external endpoints).
    pub(crate) fn allowed(&self, from: &str, to: &str, port: u16, protocol: Protocol) -> bool {
        let engine = Engine::new(&self.cluster);
        let verdict = engine.evaluate(
            Self::endpoint(&engine, from),
            Self::endpoint(&engine, to),
            port,
            protocol,
        );
        // Every single-cell answer must agree with the matrix, which is computed differently.
        if let (Some(f), Some(t)) = (engine.pod_index(from), engine.pod_index(to)) {
            let matrix = engine.matrix(port, protocol);
            assert_eq!(
                matrix.get(f, t),
                Some(verdict.allowed),
                "{from} -> {to} matrix"
            );
        }
        verdict.allowed
    }

    pub(crate) fn explain(&self, from: &str, to: &str, port: u16, protocol: Protocol) -> String {
        let engine = Engine::new(&self.cluster);
        engine.explain(
            Self::endpoint(&engine, from),
            Self::endpoint(&engine, to),
            port,
            protocol,
        )
    }

    pub(crate) fn has_name_label(&self, ns: &str) -> bool {
        self.cluster
            .namespaces
            .iter()
            .any(|n| n.name == ns && n.labels.contains_key(NAMESPACE_NAME_LABEL))
    }
}
