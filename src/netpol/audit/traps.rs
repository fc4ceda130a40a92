//! Configurations that do not do what they seem to: egress isolation that breaks name
//! resolution, ipBlocks over cluster addresses, SCTP on CNIs without it, policies in namespaces
//! being deleted, and a CNI that enforces nothing.

use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;

use ipnet::IpNet;

use super::Options;
use super::findings::{Code, Finding, Severity, Subject, policy_object, rule_object};
use super::hints::{self, DNS_LABEL, DNS_NAMESPACE};
use super::posture::{Isolation, PodPosture};
use crate::cni::Enforcement;
use crate::netpol::simulate::Input;
use crate::netpol::{
    Cluster, Direction, Endpoint, Engine, Labels, NamedPort, Peer, Pod, Protocol, Workload,
};

/// CNIs known not to carry SCTP (or not by default), and why.
pub(crate) const NO_SCTP: &[(&str, &str)] = &[
    (
        "cilium",
        "Cilium handles SCTP only with enable-sctp set, which is off by default (SCS waives the SCTP tests for it)",
    ),
    ("weave", "Weave Net does not support SCTP"),
];

pub(crate) fn check(
    input: &Input,
    engine: &Engine<'_>,
    pods: &[PodPosture],
    options: &Options,
) -> Vec<Finding> {
    let mut findings = dns(input, engine, pods);
    findings.extend(ip_blocks(input, engine));
    findings.extend(sctp(engine, options));
    findings.extend(terminating(input, engine));
    if let Some(cni) = &options.cni
        && !engine.cluster().policies.is_empty()
        && !cni.detected.is_empty()
        && cni
            .detected
            .iter()
            .all(|d| d.enforces_network_policy == Enforcement::No)
    {
        let evidence: Vec<&str> = cni.detected.iter().map(|d| d.evidence.as_str()).collect();
        findings.push(
            Finding::new(
                Code::CniDoesNotEnforce,
                Severity::Error,
                format!(
                    "the CNI ({}) does not enforce NetworkPolicy: none of these policies has any effect",
                    cni.summary
                ),
            )
            .object(evidence.join(", "))
            .hint("run a policy engine with it (canal, kube-router) or a CNI that enforces NetworkPolicy; check with kubectl scs check networking"),
        );
    }
    findings
}

fn dns_labels() -> Labels {
    Labels::from([(DNS_LABEL.0.to_owned(), DNS_LABEL.1.to_owned())])
}

fn is_dns_pod(pod: &Pod) -> bool {
    pod.namespace == DNS_NAMESPACE
        && pod.labels.get(DNS_LABEL.0).map(String::as_str) == Some(DNS_LABEL.1)
}

/// Egress-isolated workloads that cannot reach the cluster DNS on UDP (error) or TCP (warning)
/// port 53. When no DNS pod was read, a stand-in with CoreDNS's labels and ports is used.
fn dns(input: &Input, engine: &Engine<'_>, pods: &[PodPosture]) -> Vec<Finding> {
    let cluster = engine.cluster();
    let restricted: Vec<usize> = pods
        .iter()
        .enumerate()
        .filter(|(_, p)| p.egress == Isolation::Restricted)
        .map(|(i, _)| i)
        .collect();
    if restricted.is_empty() {
        return Vec::new();
    }
    let targets: Vec<usize> = (0..cluster.pods.len())
        .filter(|&i| is_dns_pod(&cluster.pods[i]))
        .collect();
    let with_stand_in;
    let stand_in_engine;
    let (engine, targets) = if targets.is_empty() {
        with_stand_in = stand_in(cluster);
        stand_in_engine = Engine::new(&with_stand_in);
        (&stand_in_engine, vec![cluster.pods.len()])
    } else {
        (engine, targets)
    };
    let reaches = |source: usize, protocol: Protocol| {
        targets
            .iter()
            .any(|&dns| engine.egress_allows(source, Endpoint::Pod(dns), 53, protocol))
    };
    // Pods selected by the same egress policies get the same answer.
    let mut selecting: Vec<Vec<usize>> = vec![Vec::new(); cluster.pods.len()];
    for (p, (policy, compiled)) in cluster.policies.iter().zip(engine.compiled()).enumerate() {
        if policy.affects_egress {
            for t in compiled.selected.iter() {
                if let Some(list) = selecting.get_mut(t) {
                    list.push(p);
                }
            }
        }
    }
    let mut answers: HashMap<&[usize], (bool, bool)> = HashMap::new();
    // (namespace, workload) -> (no UDP, no TCP)
    let mut broken: BTreeMap<(String, Workload), (bool, bool)> = BTreeMap::new();
    for source in restricted {
        let pod = &cluster.pods[source];
        if is_dns_pod(pod) {
            continue;
        }
        let key = selecting.get(source).map_or(&[][..], Vec::as_slice);
        let (udp, tcp) = *answers.entry(key).or_insert_with(|| {
            (
                !reaches(source, Protocol::Udp),
                !reaches(source, Protocol::Tcp),
            )
        });
        if udp || tcp {
            let workload = input.workload(pod);
            let entry = broken.entry((pod.namespace.clone(), workload)).or_default();
            entry.0 |= udp;
            entry.1 |= tcp;
        }
    }
    broken
        .into_iter()
        .map(|((namespace, workload), (udp, _))| {
            let object = format!("{} {namespace}/{}", workload.kind, workload.name);
            let (severity, what) = if udp {
                (
                    Severity::Error,
                    "to the cluster DNS on UDP/53: name resolution fails",
                )
            } else {
                (
                    Severity::Warning,
                    "to the cluster DNS on TCP/53 (UDP is allowed): large answers fail",
                )
            };
            Finding::new(
                Code::EgressWithoutDns,
                severity,
                format!(
                    "{object}: egress is isolated and no rule allows traffic {what} ({DNS_NAMESPACE} pods {}={})",
                    DNS_LABEL.0, DNS_LABEL.1
                ),
            )
            .in_namespace(&namespace)
            .object(object)
            .hint(hints::allow_dns(&namespace))
        })
        .collect()
}

/// The cluster plus a DNS pod as CoreDNS runs it (labels and named ports, no address).
fn stand_in(cluster: &Cluster) -> Cluster {
    let mut cluster = cluster.clone();
    cluster.pods.push(Pod {
        namespace: DNS_NAMESPACE.into(),
        name: "cluster-dns (not read)".into(),
        labels: dns_labels(),
        ip: None,
        named_ports: vec![
            NamedPort {
                name: "dns".into(),
                port: 53,
                protocol: Protocol::Udp,
            },
            NamedPort {
                name: "dns-tcp".into(),
                port: 53,
                protocol: Protocol::Tcp,
            },
        ],
    });
    cluster
}

/// ipBlocks that contain pod IPs or Service cluster IPs.
fn ip_blocks(input: &Input, engine: &Engine<'_>) -> Vec<Finding> {
    let cluster = engine.cluster();
    let mut findings = Vec::new();
    for (p, (policy, compiled)) in cluster.policies.iter().zip(engine.compiled()).enumerate() {
        for direction in [Direction::Ingress, Direction::Egress] {
            if !policy.affects(direction) {
                continue;
            }
            for (r, (rule, compiled_rule)) in policy
                .rules(direction)
                .iter()
                .zip(compiled.rules(direction))
                .enumerate()
            {
                for (peer, members) in rule.peers.iter().zip(&compiled_rule.peers) {
                    let Peer::IpBlock(block) = peer else {
                        continue;
                    };
                    let pod_ips: Vec<IpAddr> = members
                        .iter()
                        .filter_map(|i| cluster.pods.get(i).and_then(|pod| pod.ip))
                        .collect();
                    let services: Vec<(String, IpAddr)> = input
                        .services
                        .iter()
                        .flat_map(|s| s.cluster_ips.iter().map(move |ip| (s.key(), *ip)))
                        .filter(|(_, ip)| block.contains(*ip))
                        .collect();
                    if pod_ips.is_empty() && services.is_empty() {
                        continue;
                    }
                    let mut parts = Vec::new();
                    if let Some(first) = members.iter().next().and_then(|i| cluster.pods.get(i)) {
                        parts.push(format!("{} pod IPs (e.g. {})", pod_ips.len(), first.key()));
                    }
                    if let Some((name, _)) = services.first() {
                        parts.push(format!(
                            "{} Service cluster IPs (e.g. {name})",
                            services.len()
                        ));
                    }
                    let service_ips: Vec<IpAddr> = services.iter().map(|(_, ip)| *ip).collect();
                    let mut except: Vec<IpNet> = Vec::new();
                    for net in [covering(&pod_ips), covering(&service_ips)]
                        .into_iter()
                        .flatten()
                    {
                        if block.cidr.contains(&net)
                            && net != block.cidr
                            && !except.iter().any(|e| e.contains(&net))
                        {
                            except.retain(|e| !net.contains(e));
                            except.push(net);
                        }
                    }
                    let hint = if except.is_empty() {
                        "select in-cluster peers with podSelector/namespaceSelector rather than by address".to_string()
                    } else {
                        let except: Vec<String> = except.iter().map(ToString::to_string).collect();
                        format!(
                            "select in-cluster peers with podSelector/namespaceSelector; if the block is meant for addresses outside the cluster, add except: [{}] (the pod and Service addresses it contains)",
                            except.join(", ")
                        )
                    };
                    let object = rule_object(policy, direction, r);
                    findings.push(
                        Finding::new(
                            Code::IpBlockContainsClusterAddresses,
                            Severity::Warning,
                            format!(
                                "{object}: ipBlock {block} contains {}: whether ipBlocks apply to cluster traffic differs between CNIs (Cilium does not apply them to pods, cilium/cilium#9209)",
                                parts.join(" and ")
                            ),
                        )
                        .in_namespace(&policy.namespace)
                        .object(object)
                        .hint(hint)
                        .subject(Subject::Rule {
                            policy: p,
                            direction,
                            rule: r,
                        }),
                    );
                }
            }
        }
    }
    findings
}

/// The smallest network holding every address (of the first one's family; others are ignored).
fn covering(addresses: &[IpAddr]) -> Option<IpNet> {
    let first = *addresses.first()?;
    let bits = |ip: &IpAddr| match ip {
        IpAddr::V4(v4) => u128::from(u32::from(*v4)),
        IpAddr::V6(v6) => u128::from(*v6),
    };
    let width = if first.is_ipv4() { 32 } else { 128 };
    let same_family: Vec<u128> = addresses
        .iter()
        .filter(|a| a.is_ipv4() == first.is_ipv4())
        .map(bits)
        .collect();
    let low = same_family.iter().min()?;
    let high = same_family.iter().max()?;
    let differing = 128 - (low ^ high).leading_zeros();
    let prefix = u8::try_from(width - differing.min(width)).ok()?;
    IpNet::new(first, prefix).ok().map(|net| net.trunc())
}

/// Policies with SCTP ports on a CNI listed in [`NO_SCTP`].
fn sctp(engine: &Engine<'_>, options: &Options) -> Vec<Finding> {
    let Some(cni) = &options.cni else {
        return Vec::new();
    };
    let Some((name, why)) = NO_SCTP
        .iter()
        .find(|(name, _)| cni.detected.iter().any(|d| d.name == *name))
    else {
        return Vec::new();
    };
    let cluster = engine.cluster();
    cluster
        .policies
        .iter()
        .enumerate()
        .filter(|(_, policy)| {
            policy
                .ingress
                .iter()
                .chain(&policy.egress)
                .flat_map(|r| &r.ports)
                .any(|port| port.protocol == Protocol::Sctp)
        })
        .map(|(p, policy)| {
            Finding::new(
                Code::SctpUnsupported,
                Severity::Warning,
                format!(
                    "{} has SCTP ports, but the CNI is {name}: {why}",
                    policy.key()
                ),
            )
            .in_namespace(&policy.namespace)
            .object(policy_object(policy))
            .hint("enable SCTP in the CNI, or do not rely on SCTP traffic")
            .subject(Subject::Policy(p))
        })
        .collect()
}

/// Namespaces being deleted that still hold policies.
fn terminating(input: &Input, engine: &Engine<'_>) -> Vec<Finding> {
    let mut by_namespace: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for policy in &engine.cluster().policies {
        if input.terminating.contains(&policy.namespace) {
            by_namespace
                .entry(&policy.namespace)
                .or_default()
                .push(policy_object(policy));
        }
    }
    by_namespace
        .into_iter()
        .map(|(namespace, objects)| {
            let mut finding = Finding::new(
                Code::NamespaceTerminating,
                Severity::Warning,
                format!(
                    "namespace {namespace} is being deleted: its policies ({}) go with it, and pods still running there lose their isolation once the policies are gone",
                    objects.len()
                ),
            )
            .in_namespace(namespace)
            .hint(format!(
                "if the namespace is meant to stay, see what holds it: kubectl get namespace {namespace} -o yaml (status.conditions, finalizers)"
            ));
            finding.objects = objects;
            finding
        })
        .collect()
}
