//! What the native mode creates: one topology (namespaces x, y, z with pods a, b, c and one
//! Service per pod) shared by every scenario that can share it, as Kubernetes objects.
//!
//! Upstream creates fresh namespaces and pods for every test, which is most of the tens of
//! minutes an e2e run takes. Here the pods are created once and the scenarios run one after
//! another on them: each scenario deletes the policies it created and restores the labels it
//! changed, and before its first step checks that every server answers again with no policy
//! in place. Pods serve every port and protocol any selected scenario probes; a scenario
//! probes only its own pods, ports and protocols, and its expected matrices come from the
//! engine for exactly those pods, so the extra pods and ports change nothing it observes.
//!
//! SCTP scenarios get a topology of their own (upstream BaseName `sctp-network-policy`):
//! agnhost's SCTP server exits when the node cannot open SCTP sockets, and a pod whose
//! server keeps crashing is not Ready, which would take the TCP and UDP scenarios down with it.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    Container, ContainerPort, EnvVar, Namespace, Pod, PodSpec, Service, ServicePort, ServiceSpec,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use serde::Serialize;

use crate::netpol::catalogue::{NsKey, PodRef, Scenario, Suite, TopologyNames, catalogue};
use crate::netpol::{Labels, Protocol};

/// The upstream test image (`imageutils.Agnhost`); `--image-repository` replaces the registry.
pub const AGNHOST_IMAGE: &str = "registry.k8s.io/e2e-test-images/agnhost:2.52";

/// The one container of every pod, as upstream names it.
pub const CONTAINER: &str = "agnhost";

/// Which scenarios share a topology.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TopologyKind {
    /// TCP and UDP scenarios (`Netpol`, `Netpol [LinuxOnly]`), namespaces `netpol-{x,y,z}-<run>`.
    Main,
    /// SCTP scenarios, namespaces `sctp-network-policy-{x,y,z}-<run>`.
    Sctp,
}

impl TopologyKind {
    /// Upstream BaseName of the namespaces.
    pub fn base_name(self) -> &'static str {
        match self {
            TopologyKind::Main => Suite::Default.base_name(),
            TopologyKind::Sctp => Suite::Sctp.base_name(),
        }
    }
}

/// One set of namespaces and pods and the scenarios that run on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Topology {
    /// Main or SCTP.
    pub kind: TopologyKind,
    /// Real namespace names.
    pub names: TopologyNames,
    /// Pods to create: every pod a scenario uses, in model order.
    pub pods: Vec<PodRef>,
    /// Ports every pod serves.
    pub ports: Vec<u16>,
    /// Protocols every pod serves on each port.
    pub protocols: Vec<Protocol>,
    /// Scenarios, in upstream order.
    pub scenarios: Vec<Scenario>,
}

/// The run's topologies (none without scenarios) and the names of the scenarios that
/// `selected` leaves out.
pub fn plan(run_id: &str, selected: impl Fn(&str) -> bool) -> (Vec<Topology>, Vec<String>) {
    let mut topologies = Vec::new();
    let mut left_out = Vec::new();
    for kind in [TopologyKind::Main, TopologyKind::Sctp] {
        let names = TopologyNames::with_run_id(kind.base_name(), run_id);
        let scenarios: Vec<Scenario> = catalogue(&names)
            .into_iter()
            .filter(|s| (s.upstream.suite == Suite::Sctp) == (kind == TopologyKind::Sctp))
            .filter(|s| {
                let keep = selected(&s.name);
                if !keep {
                    left_out.push(s.name.clone());
                }
                keep
            })
            .collect();
        if scenarios.is_empty() {
            continue;
        }
        let mut pods: Vec<PodRef> = scenarios.iter().flat_map(|s| s.pods.clone()).collect();
        pods.sort();
        pods.dedup();
        let mut ports: Vec<u16> = scenarios.iter().flat_map(|s| s.ports.clone()).collect();
        ports.sort();
        ports.dedup();
        let mut protocols: Vec<Protocol> =
            scenarios.iter().flat_map(|s| s.protocols.clone()).collect();
        protocols.sort();
        protocols.dedup();
        topologies.push(Topology {
            kind,
            names,
            pods,
            ports,
            protocols,
            scenarios,
        });
    }
    (topologies, left_out)
}

/// `service-port-<proto>-<port>` / `serve-<port>-<proto>` use the lower-case protocol.
fn lower(protocol: Protocol) -> String {
    protocol.as_str().to_lowercase()
}

/// The Service name upstream gives a pod's Service: `s-<namespace>-<pod>`.
pub fn service_name(names: &TopologyNames, pod: PodRef) -> String {
    format!("s-{}-{}", names.get(pod.ns), pod.pod.as_str())
}

fn meta(name: String, namespace: Option<String>, labels: Labels) -> ObjectMeta {
    ObjectMeta {
        name: Some(name),
        namespace,
        labels: Some(labels),
        ..Default::default()
    }
}

fn with_common(mut labels: Labels, common: &Labels) -> Labels {
    for (k, v) in common {
        labels.entry(k.clone()).or_insert_with(|| v.clone());
    }
    labels
}

impl Topology {
    /// Namespaces x, y and z with the model's labels (`ns=<x|y|z>`, `kubernetes.io/metadata.name`)
    /// plus `common` (run labels, Pod Security level).
    pub fn namespaces(&self, common: &Labels) -> Vec<Namespace> {
        NsKey::ALL
            .iter()
            .map(|&key| Namespace {
                metadata: meta(
                    self.names.get(key).to_owned(),
                    None,
                    with_common(self.names.labels(key), common),
                ),
                ..Default::default()
            })
            .collect()
    }

    /// The pod as upstream's model creates it: label `pod=<name>`, one `agnhost porter`
    /// container serving `SERVE_<PROTO>_PORT_<port>=foo` with container ports
    /// `serve-<port>-<proto>`, no grace period, on a Linux node; plus `common` labels.
    pub fn pod(&self, pod: PodRef, image: &str, common: &Labels) -> Pod {
        let mut env = Vec::new();
        let mut ports = Vec::new();
        for &port in &self.ports {
            for &protocol in &self.protocols {
                env.push(EnvVar {
                    name: format!("SERVE_{}_PORT_{port}", protocol.as_str()),
                    value: Some("foo".into()),
                    ..Default::default()
                });
                ports.push(ContainerPort {
                    name: Some(format!("serve-{port}-{}", lower(protocol))),
                    container_port: i32::from(port),
                    protocol: Some(protocol.as_str().into()),
                    ..Default::default()
                });
            }
        }
        Pod {
            metadata: meta(
                pod.pod.as_str().to_owned(),
                Some(self.names.get(pod.ns).to_owned()),
                with_common(pod.labels(), common),
            ),
            spec: Some(PodSpec {
                termination_grace_period_seconds: Some(0),
                // The agnhost image is built for Linux; mixed clusters also have Windows nodes.
                node_selector: Some(BTreeMap::from([(
                    "kubernetes.io/os".to_owned(),
                    "linux".to_owned(),
                )])),
                containers: vec![Container {
                    name: CONTAINER.into(),
                    image: Some(image.to_owned()),
                    image_pull_policy: Some("IfNotPresent".into()),
                    command: Some(vec!["/agnhost".into(), "porter".into()]),
                    env: Some(env),
                    ports: Some(ports),
                    ..Default::default()
                }],
                ..Default::default()
            }),
            status: None,
        }
    }

    /// The pod's ClusterIP Service `s-<namespace>-<pod>`: selector `pod=<name>`, one port
    /// `service-port-<proto>-<port>` per served port and protocol (port = targetPort).
    pub fn service(&self, pod: PodRef, common: &Labels) -> Service {
        let mut ports = Vec::new();
        for &port in &self.ports {
            for &protocol in &self.protocols {
                ports.push(ServicePort {
                    name: Some(format!("service-port-{}-{port}", lower(protocol))),
                    port: i32::from(port),
                    target_port: Some(IntOrString::Int(i32::from(port))),
                    protocol: Some(protocol.as_str().into()),
                    ..Default::default()
                });
            }
        }
        Service {
            metadata: meta(
                service_name(&self.names, pod),
                Some(self.names.get(pod.ns).to_owned()),
                common.clone(),
            ),
            spec: Some(ServiceSpec {
                selector: Some(BTreeMap::from([(
                    "pod".to_owned(),
                    pod.pod.as_str().to_owned(),
                )])),
                ports: Some(ports),
                ..Default::default()
            }),
            status: None,
        }
    }
}
