//! Full reachability matrix for 1000 pods and 500 NetworkPolicies (engine set-up included).

use std::hint::black_box;
use std::net::{IpAddr, Ipv4Addr};

use criterion::{Criterion, criterion_group, criterion_main};
use ipnet::IpNet;
use kubectl_scs::netpol::{
    Cluster, Engine, IpBlock, Labels, NamedPort, Namespace, Operator, Peer, Pod, Policy,
    PolicyPort, PortSpec, Protocol, Requirement, Rule, Selector,
};

const NAMESPACES: usize = 20;
const PODS_PER_NAMESPACE: usize = 50;
const POLICIES_PER_NAMESPACE: usize = 25;

fn labels(pairs: &[(&str, String)]) -> Labels {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

fn select(pairs: &[(&str, String)]) -> Selector {
    Selector {
        match_labels: labels(pairs),
        match_expressions: Vec::new(),
    }
}

fn tcp(start: u16, end: u16) -> PolicyPort {
    PolicyPort {
        protocol: Protocol::Tcp,
        port: PortSpec::Range { start, end },
    }
}

fn policy(ns: &str, i: usize) -> Policy {
    let app = format!("app{}", i % 10);
    let (pod_selector, ingress, egress, affects_egress) = match i % 6 {
        0 => (Selector::everything(), Vec::new(), Vec::new(), false),
        1 => (
            select(&[("app", app.clone())]),
            vec![Rule {
                peers: vec![Peer::Pods(select(&[("app", app)]))],
                ports: vec![tcp(8080, 8080)],
            }],
            Vec::new(),
            false,
        ),
        2 => (
            select(&[("tier", "web".into())]),
            vec![Rule {
                peers: vec![Peer::PodsInNamespaces {
                    namespaces: select(&[("team", format!("t{}", i % 4))]),
                    pods: select(&[("tier", "web".into())]),
                }],
                ports: vec![PolicyPort {
                    protocol: Protocol::Tcp,
                    port: PortSpec::Named("http".into()),
                }],
            }],
            Vec::new(),
            false,
        ),
        3 => (
            select(&[("tier", "api".into())]),
            Vec::new(),
            vec![Rule {
                peers: vec![Peer::PodsInNamespaces {
                    namespaces: select(&[("env", "prod".into())]),
                    pods: select(&[("tier", "db".into())]),
                }],
                ports: vec![tcp(5432, 5432), tcp(8000, 8100)],
            }],
            true,
        ),
        4 => (
            select(&[("app", app)]),
            Vec::new(),
            vec![
                Rule {
                    peers: vec![Peer::IpBlock(IpBlock {
                        cidr: "10.0.0.0/8".parse::<IpNet>().unwrap_or_default(),
                        except: vec!["10.5.0.0/16".parse::<IpNet>().unwrap_or_default()],
                    })],
                    ports: Vec::new(),
                },
                Rule {
                    peers: vec![Peer::Namespaces(Selector::everything())],
                    ports: vec![PolicyPort {
                        protocol: Protocol::Udp,
                        port: PortSpec::Named("dns".into()),
                    }],
                },
            ],
            true,
        ),
        _ => (
            Selector {
                match_labels: Labels::new(),
                match_expressions: vec![Requirement {
                    key: "app".into(),
                    operator: Operator::In(vec![app, format!("app{}", (i + 3) % 10)]),
                }],
            },
            vec![Rule {
                peers: vec![Peer::Namespaces(Selector {
                    match_labels: Labels::new(),
                    match_expressions: vec![Requirement {
                        key: "team".into(),
                        operator: Operator::NotIn(vec!["t0".into()]),
                    }],
                })],
                ports: Vec::new(),
            }],
            Vec::new(),
            false,
        ),
    };
    Policy {
        namespace: ns.to_owned(),
        name: format!("policy-{i}"),
        pod_selector,
        affects_ingress: !ingress.is_empty() || i.is_multiple_of(6),
        affects_egress,
        policy_types_inferred: false,
        ingress,
        egress,
    }
}

fn cluster() -> Cluster {
    let mut cluster = Cluster::default();
    for n in 0..NAMESPACES {
        let ns = format!("ns-{n}");
        let mut namespace = Namespace::named(&ns);
        namespace
            .labels
            .insert("team".into(), format!("t{}", n % 4));
        namespace.labels.insert(
            "env".into(),
            if n.is_multiple_of(2) { "prod" } else { "dev" }.into(),
        );
        cluster.namespaces.push(namespace);
        for p in 0..PODS_PER_NAMESPACE {
            let tier = ["web", "api", "db"][p % 3];
            cluster.pods.push(Pod {
                namespace: ns.clone(),
                name: format!("pod-{p}"),
                labels: labels(&[
                    ("app", format!("app{}", p % 10)),
                    ("tier", tier.into()),
                    ("version", format!("v{}", p % 2)),
                ]),
                ip: Some(IpAddr::V4(Ipv4Addr::new(10, n as u8, 0, p as u8))),
                named_ports: vec![
                    NamedPort {
                        name: "http".into(),
                        port: 8080,
                        protocol: Protocol::Tcp,
                    },
                    NamedPort {
                        name: "metrics".into(),
                        port: 9090,
                        protocol: Protocol::Tcp,
                    },
                    NamedPort {
                        name: "dns".into(),
                        port: 53,
                        protocol: Protocol::Udp,
                    },
                ],
            });
        }
        for i in 0..POLICIES_PER_NAMESPACE {
            cluster
                .policies
                .push(policy(&ns, n * POLICIES_PER_NAMESPACE + i));
        }
    }
    cluster
}

fn netpol_matrix(c: &mut Criterion) {
    let cluster = cluster();
    assert_eq!(cluster.pods.len(), 1000);
    assert_eq!(cluster.policies.len(), 500);
    c.bench_function("netpol_matrix", |b| {
        b.iter(|| {
            let engine = Engine::new(black_box(&cluster));
            engine.matrix(black_box(8080), Protocol::Tcp)
        })
    });
}

criterion_group!(benches, netpol_matrix);
criterion_main!(benches);
