//! `netpol audit` of a generated cluster: 5,000 pods in 300 namespaces, 2,000 NetworkPolicies,
//! ~1,500 Services (engine set-up included). Goal: under 2 s and 300 MB.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::net::{IpAddr, Ipv4Addr};

use criterion::{Criterion, criterion_group, criterion_main};
use ipnet::IpNet;
use kubectl_scs::netpol::audit::{Options, audit};
use kubectl_scs::netpol::simulate::Input;
use kubectl_scs::netpol::{
    Cluster, IpBlock, Labels, NamedPort, Namespace, Peer, Pod, Policy, PolicyPort, PortSpec,
    Protocol, Rule, Selector, Service, Workload,
};

const NAMESPACES: usize = 300;
const PODS: usize = 5000;
const POLICIES: usize = 2000;

fn select(pairs: &[(&str, String)]) -> Selector {
    Selector {
        match_labels: pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
        match_expressions: Vec::new(),
    }
}

fn port(protocol: Protocol, spec: PortSpec) -> PolicyPort {
    PolicyPort {
        protocol,
        port: spec,
    }
}

fn tcp(number: u16) -> PolicyPort {
    port(
        Protocol::Tcp,
        PortSpec::Range {
            start: number,
            end: number,
        },
    )
}

fn dns_rule() -> Rule {
    Rule {
        peers: vec![Peer::PodsInNamespaces {
            namespaces: select(&[("kubernetes.io/metadata.name", "kube-system".into())]),
            pods: select(&[("k8s-app", "kube-dns".into())]),
        }],
        ports: vec![
            port(Protocol::Udp, PortSpec::Range { start: 53, end: 53 }),
            tcp(53),
        ],
    }
}

/// The `i`-th policy of namespace `n`: a default-deny first, then allowances of common shapes.
fn policy(ns: &str, n: usize, i: usize) -> Policy {
    let app = |k: usize| format!("app{}", k % 5);
    let (pod_selector, ingress, egress, affects_egress) = match i {
        0 => (Selector::everything(), Vec::new(), vec![dns_rule()], true),
        1 => (
            select(&[("app", app(n))]),
            vec![Rule {
                peers: vec![Peer::Pods(select(&[("app", app(n + 1))]))],
                ports: vec![port(Protocol::Tcp, PortSpec::Named("http".into()))],
            }],
            Vec::new(),
            false,
        ),
        2 => (
            select(&[("tier", "web".into())]),
            vec![Rule {
                peers: vec![Peer::Namespaces(select(&[(
                    "team",
                    format!("t{}", n % 10),
                )]))],
                ports: vec![tcp(8080)],
            }],
            Vec::new(),
            false,
        ),
        3 => (
            select(&[("tier", "api".into())]),
            Vec::new(),
            vec![
                Rule {
                    peers: vec![Peer::PodsInNamespaces {
                        namespaces: select(&[("env", "prod".into())]),
                        pods: select(&[("tier", "db".into())]),
                    }],
                    ports: vec![tcp(5432)],
                },
                Rule {
                    peers: vec![Peer::IpBlock(IpBlock {
                        cidr: "0.0.0.0/0".parse::<IpNet>().unwrap_or_default(),
                        except: vec!["10.0.0.0/8".parse::<IpNet>().unwrap_or_default()],
                    })],
                    ports: vec![tcp(443)],
                },
            ],
            true,
        ),
        4 => (
            select(&[("app", app(n + 2))]),
            vec![
                Rule {
                    peers: vec![Peer::Pods(Selector::everything())],
                    ports: Vec::new(),
                },
                Rule {
                    peers: vec![Peer::Pods(select(&[("tier", "web".into())]))],
                    ports: vec![tcp(8080)],
                },
            ],
            Vec::new(),
            false,
        ),
        5 => (
            select(&[("tier", "db".into())]),
            vec![Rule {
                peers: vec![Peer::Namespaces(select(&[("name", format!("ns-{n}"))]))],
                ports: vec![tcp(5432)],
            }],
            Vec::new(),
            false,
        ),
        _ => (
            select(&[("app", app(n + 3)), ("version", "v1".into())]),
            vec![Rule {
                peers: vec![Peer::IpBlock(IpBlock {
                    cidr: "10.244.0.0/16".parse::<IpNet>().unwrap_or_default(),
                    except: Vec::new(),
                })],
                ports: vec![port(Protocol::Tcp, PortSpec::Named("metrics".into()))],
            }],
            Vec::new(),
            false,
        ),
    };
    Policy {
        namespace: ns.to_owned(),
        name: format!("policy-{i}"),
        pod_selector,
        affects_ingress: i != 3,
        affects_egress,
        policy_types_inferred: false,
        ingress,
        egress,
    }
}

fn input() -> Input {
    let mut cluster = Cluster::default();
    let mut workloads = BTreeMap::new();
    let mut services = Vec::new();
    let mut system = Namespace::named("kube-system");
    system.labels.insert("team".into(), "platform".into());
    cluster.namespaces.push(system);
    for k in 0..2 {
        cluster.pods.push(Pod {
            namespace: "kube-system".into(),
            name: format!("coredns-{k}"),
            labels: Labels::from([("k8s-app".to_owned(), "kube-dns".to_owned())]),
            ip: Some(IpAddr::V4(Ipv4Addr::new(10, 244, 255, k))),
            named_ports: vec![NamedPort {
                name: "dns".into(),
                port: 53,
                protocol: Protocol::Udp,
            }],
        });
    }
    for n in 0..NAMESPACES {
        let ns = format!("ns-{n}");
        let mut namespace = Namespace::named(&ns);
        namespace
            .labels
            .insert("team".into(), format!("t{}", n % 10));
        namespace.labels.insert(
            "env".into(),
            if n.is_multiple_of(2) { "prod" } else { "dev" }.into(),
        );
        cluster.namespaces.push(namespace);
        let pods_here = (PODS - 2) / NAMESPACES + usize::from(n < (PODS - 2) % NAMESPACES);
        for p in 0..pods_here {
            let app = format!("app{}", p % 5);
            let tier = ["web", "api", "db"][p % 3];
            let name = format!("{app}-5f7c9-{p}");
            let index = cluster.pods.len();
            cluster.pods.push(Pod {
                namespace: ns.clone(),
                name: name.clone(),
                labels: Labels::from([
                    ("app".to_owned(), app.clone()),
                    ("tier".to_owned(), tier.to_owned()),
                    ("version".to_owned(), format!("v{}", p % 2)),
                ]),
                ip: Some(IpAddr::V4(Ipv4Addr::new(
                    10,
                    244,
                    (index / 250) as u8,
                    (index % 250) as u8,
                ))),
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
                ],
            });
            workloads.insert(
                format!("{ns}/{name}"),
                Workload {
                    kind: "Deployment".into(),
                    name: app.clone(),
                },
            );
            if p < 5 {
                let s = services.len();
                services.push(Service {
                    namespace: ns.clone(),
                    name: app,
                    cluster_ips: vec![IpAddr::V4(Ipv4Addr::new(
                        10,
                        96,
                        (s / 250) as u8,
                        (s % 250) as u8,
                    ))],
                });
            }
        }
        let policies_here = POLICIES / NAMESPACES + usize::from(n < POLICIES % NAMESPACES);
        for i in 0..policies_here {
            cluster.policies.push(policy(&ns, n, i));
        }
    }
    Input {
        cluster,
        workloads,
        services,
        ..Input::default()
    }
}

fn netpol_audit(c: &mut Criterion) {
    let input = input();
    assert_eq!(input.cluster.pods.len(), PODS);
    assert_eq!(input.cluster.policies.len(), POLICIES);
    let options = Options {
        whole_cluster: true,
        namespaces_listed: true,
        cni: None,
    };
    let result = audit(&input, &options);
    eprintln!(
        "netpol_audit: {} findings; {}",
        result.findings.len(),
        result.summary.line
    );
    let mut group = c.benchmark_group("netpol_audit");
    group.sample_size(10);
    group.bench_function("5000_pods_2000_policies_300_namespaces", |b| {
        b.iter(|| audit(black_box(&input), &options))
    });
    group.finish();
}

criterion_group!(benches, netpol_audit);
criterion_main!(benches);
