//! Property tests over random clusters and random (often invalid) API objects.

use std::net::{IpAddr, Ipv4Addr};

use ipnet::{IpNet, Ipv4Net};
use k8s_openapi::api::networking::v1::NetworkPolicy;
use proptest::prelude::*;
use serde_json::{Value, json};

use crate::netpol::{
    Cluster, Decision, Direction, Endpoint, Engine, IpBlock, Labels, Matrix, NAMESPACE_NAME_LABEL,
    NamedPort, Namespace, Operator, Peer, Pod, Policy, PolicyPort, PortSpec, Protocol, Requirement,
    Rule, Selector,
};

const NAMESPACES: [&str; 3] = ["x", "y", "z"];

fn protocol() -> impl Strategy<Value = Protocol> {
    prop_oneof![
        Just(Protocol::Tcp),
        Just(Protocol::Udp),
        Just(Protocol::Sctp)
    ]
}

fn label_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("a".to_owned()),
        Just("b".to_owned()),
        Just("c".to_owned())
    ]
}

fn selector() -> impl Strategy<Value = Selector> {
    let key = prop_oneof![Just("pod"), Just("team"), Just("ns")];
    let requirement = (
        key.clone(),
        prop_oneof![
            proptest::collection::vec(label_value(), 1..3).prop_map(Operator::In),
            proptest::collection::vec(label_value(), 1..3).prop_map(Operator::NotIn),
            Just(Operator::Exists),
            Just(Operator::DoesNotExist),
        ],
    )
        .prop_map(|(key, operator)| Requirement {
            key: key.to_owned(),
            operator,
        });
    (
        proptest::collection::btree_map(key.prop_map(str::to_owned), label_value(), 0..2),
        proptest::collection::vec(requirement, 0..2),
    )
        .prop_map(|(match_labels, match_expressions)| Selector {
            match_labels,
            match_expressions,
        })
}

fn ip_block() -> impl Strategy<Value = IpBlock> {
    (24u8..=32, any::<u8>(), proptest::option::of(any::<u8>())).prop_map(
        |(prefix, host, except)| {
            let cidr = Ipv4Net::new(Ipv4Addr::new(10, 0, 0, host), prefix)
                .map(|n| IpNet::V4(n.trunc()))
                .unwrap_or_else(|_| IpNet::V4(Ipv4Net::default()));
            let except = except
                .and_then(|h| Ipv4Net::new(Ipv4Addr::new(10, 0, 0, h), 32).ok())
                .map(IpNet::V4)
                .filter(|e| cidr.contains(e) && e.prefix_len() > cidr.prefix_len());
            IpBlock {
                cidr,
                except: except.into_iter().collect(),
            }
        },
    )
}

fn peer() -> impl Strategy<Value = Peer> {
    prop_oneof![
        selector().prop_map(Peer::Pods),
        selector().prop_map(Peer::Namespaces),
        (selector(), selector())
            .prop_map(|(namespaces, pods)| Peer::PodsInNamespaces { namespaces, pods }),
        ip_block().prop_map(Peer::IpBlock),
    ]
}

fn port_spec(named: bool) -> BoxedStrategy<PortSpec> {
    let numeric = prop_oneof![
        Just(PortSpec::Any),
        (79u16..83, 0u16..3).prop_map(|(start, len)| PortSpec::Range {
            start,
            end: start + len
        }),
    ];
    if named {
        prop_oneof![
            numeric,
            prop_oneof![Just("web"), Just("dns"), Just("none")]
                .prop_map(|n| PortSpec::Named(n.to_owned()))
        ]
        .boxed()
    } else {
        numeric.boxed()
    }
}

fn rule(named: bool) -> impl Strategy<Value = Rule> {
    (
        proptest::collection::vec(peer(), 0..3),
        proptest::collection::vec(
            (protocol(), port_spec(named))
                .prop_map(|(protocol, port)| PolicyPort { protocol, port }),
            0..3,
        ),
    )
        .prop_map(|(peers, ports)| Rule { peers, ports })
}

fn policy(named: bool) -> impl Strategy<Value = Policy> {
    (
        0usize..3,
        selector(),
        any::<bool>(),
        any::<bool>(),
        proptest::collection::vec(rule(named), 0..3),
        proptest::collection::vec(rule(named), 0..3),
    )
        .prop_map(
            |(ns, pod_selector, affects_ingress, affects_egress, ingress, egress)| Policy {
                namespace: NAMESPACES.get(ns).copied().unwrap_or("x").to_owned(),
                name: format!("p-{ns}"),
                pod_selector,
                affects_ingress,
                affects_egress,
                policy_types_inferred: false,
                ingress,
                egress,
            },
        )
}

fn pod() -> impl Strategy<Value = (usize, String, Option<String>, Option<u8>, Option<u16>)> {
    (
        0usize..3,
        label_value(),
        proptest::option::of(label_value()),
        proptest::option::weighted(0.9, any::<u8>()),
        proptest::option::of(prop_oneof![Just(80u16), Just(81u16)]),
    )
}

pub(crate) fn cluster(named: bool) -> impl Strategy<Value = Cluster> {
    (
        proptest::collection::vec(proptest::option::of(label_value()), 3),
        proptest::collection::vec(pod(), 1..8),
        proptest::collection::vec(policy(named), 0..5),
    )
        .prop_map(|(teams, pods, policies)| {
            let namespaces = NAMESPACES
                .iter()
                .zip(teams)
                .map(|(name, team)| {
                    let mut ns = Namespace::named(name);
                    ns.labels.insert("ns".into(), (*name).into());
                    if let Some(team) = team {
                        ns.labels.insert("team".into(), team);
                    }
                    ns
                })
                .collect();
            let pods = pods
                .into_iter()
                .enumerate()
                .map(|(i, (ns, pod_label, team, host, web))| {
                    let mut labels = Labels::from([("pod".to_owned(), pod_label)]);
                    if let Some(team) = team {
                        labels.insert("team".into(), team);
                    }
                    let mut named_ports = vec![NamedPort {
                        name: "dns".into(),
                        port: 53,
                        protocol: Protocol::Udp,
                    }];
                    if let Some(port) = web {
                        named_ports.push(NamedPort {
                            name: "web".into(),
                            port,
                            protocol: Protocol::Tcp,
                        });
                    }
                    Pod {
                        namespace: NAMESPACES.get(ns).copied().unwrap_or("x").to_owned(),
                        name: format!("p{i}"),
                        labels,
                        ip: host.map(|h| IpAddr::V4(Ipv4Addr::new(10, 0, 0, h))),
                        named_ports,
                    }
                })
                .collect();
            Cluster {
                namespaces,
                pods,
                policies,
            }
        })
}

fn probe() -> impl Strategy<Value = (u16, Protocol)> {
    (
        prop_oneof![Just(53u16), Just(80), Just(81), Just(82)],
        protocol(),
    )
}

fn allow_all(namespace: &str, direction: Direction) -> Policy {
    Policy {
        namespace: namespace.to_owned(),
        name: "allow-all".into(),
        pod_selector: Selector::everything(),
        affects_ingress: direction == Direction::Ingress,
        affects_egress: direction == Direction::Egress,
        policy_types_inferred: false,
        ingress: vec![Rule::default()],
        egress: vec![Rule::default()],
    }
}

fn transpose(m: &Matrix) -> Vec<bool> {
    let n = m.pods.len();
    (0..n * n)
        .map(|i| m.get(i % n, i / n).unwrap_or(false))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn matrix_agrees_with_single_cell_evaluation(c in cluster(true), (port, proto) in probe()) {
        let engine = Engine::new(&c);
        let matrix = engine.matrix(port, proto);
        let n = c.pods.len();
        prop_assert_eq!(matrix.allowed.len(), n * n);
        for s in 0..n {
            for t in 0..n {
                let verdict = engine.evaluate(Endpoint::Pod(s), Endpoint::Pod(t), port, proto);
                prop_assert_eq!(matrix.get(s, t), Some(verdict.allowed), "{} -> {}", s, t);
            }
        }
    }

    #[test]
    fn adding_an_allow_all_policy_never_blocks(
        c in cluster(true),
        (port, proto) in probe(),
        ns in 0usize..3,
        ingress in any::<bool>(),
    ) {
        let before = Engine::new(&c).matrix(port, proto);
        let mut more = c.clone();
        let direction = if ingress { Direction::Ingress } else { Direction::Egress };
        more.policies.push(allow_all(NAMESPACES.get(ns).copied().unwrap_or("x"), direction));
        let after = Engine::new(&more).matrix(port, proto);
        for (was, now) in before.allowed.iter().zip(&after.allowed) {
            prop_assert!(!was || *now);
        }
    }

    #[test]
    fn a_pod_selected_by_no_policy_is_never_isolated(c in cluster(true), (port, proto) in probe()) {
        let engine = Engine::new(&c);
        let n = c.pods.len();
        let isolated = |pod: usize, direction: Direction| {
            c.policies
                .iter()
                .enumerate()
                .any(|(i, p)| p.affects(direction) && engine.selected_pods(i).contains(&pod))
        };
        for t in 0..n {
            if isolated(t, Direction::Ingress) {
                continue;
            }
            for s in 0..n {
                let v = engine.evaluate(Endpoint::Pod(s), Endpoint::Pod(t), port, proto);
                prop_assert_eq!(&v.ingress, &Decision::NotIsolated);
                prop_assert_eq!(v.allowed, v.egress.allows());
            }
        }
        for s in 0..n {
            if isolated(s, Direction::Egress) {
                continue;
            }
            let v = engine.evaluate(Endpoint::Pod(s), Endpoint::External(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1))), port, proto);
            prop_assert!(v.allowed);
        }
    }

    #[test]
    fn ingress_policies_mirrored_to_egress_give_the_transposed_matrix(
        c in cluster(false),
        (port, proto) in probe(),
    ) {
        let mut ingress_only = c.clone();
        for p in &mut ingress_only.policies {
            p.affects_ingress = true;
            p.affects_egress = false;
            p.egress.clear();
        }
        let mut mirrored = ingress_only.clone();
        for p in &mut mirrored.policies {
            p.affects_ingress = false;
            p.affects_egress = true;
            p.egress = std::mem::take(&mut p.ingress);
        }
        let forward = Engine::new(&ingress_only).matrix(port, proto);
        let backward = Engine::new(&mirrored).matrix(port, proto);
        prop_assert_eq!(transpose(&forward), backward.allowed);
    }

    #[test]
    fn matrices_round_trip_through_json(c in cluster(true), (port, proto) in probe()) {
        let matrix = Engine::new(&c).matrix(port, proto);
        let json = serde_json::to_string(&matrix).unwrap_or_default();
        let back: Result<Matrix, _> = serde_json::from_str(&json);
        prop_assert_eq!(back.ok(), Some(matrix));
    }
}

fn json_selector() -> impl Strategy<Value = Value> {
    let op = prop_oneof![
        Just("In"),
        Just("NotIn"),
        Just("Exists"),
        Just("DoesNotExist"),
        Just("Equals"),
        Just("")
    ];
    (
        proptest::option::of(proptest::collection::btree_map(
            "[a-z]{0,3}",
            "[a-z]{0,2}",
            0..2,
        )),
        proptest::option::of(proptest::collection::vec(
            (
                "[a-z]{0,3}",
                op,
                proptest::option::of(proptest::collection::vec("[a-z]{0,2}", 0..3)),
            ),
            0..3,
        )),
    )
        .prop_map(|(labels, exprs)| {
            let mut sel = serde_json::Map::new();
            if let Some(labels) = labels {
                sel.insert("matchLabels".into(), json!(labels));
            }
            if let Some(exprs) = exprs {
                let list: Vec<Value> = exprs
                    .into_iter()
                    .map(|(key, operator, values)| match values {
                        Some(values) => json!({"key": key, "operator": operator, "values": values}),
                        None => json!({"key": key, "operator": operator}),
                    })
                    .collect();
                sel.insert("matchExpressions".into(), Value::Array(list));
            }
            Value::Object(sel)
        })
}

fn json_peer() -> impl Strategy<Value = Value> {
    let cidr = prop_oneof![
        Just("10.0.0.0/8".to_owned()),
        Just("10.0.0.0/33".to_owned()),
        Just("::/0".to_owned()),
        Just("garbage".to_owned()),
        Just(String::new()),
        "[0-9./:a-f]{0,20}",
    ];
    (
        proptest::option::of(json_selector()),
        proptest::option::of(json_selector()),
        proptest::option::of((
            cidr.clone(),
            proptest::option::of(proptest::collection::vec(cidr, 0..3)),
        )),
    )
        .prop_map(|(pods, namespaces, block)| {
            let mut peer = serde_json::Map::new();
            if let Some(pods) = pods {
                peer.insert("podSelector".into(), pods);
            }
            if let Some(ns) = namespaces {
                peer.insert("namespaceSelector".into(), ns);
            }
            if let Some((cidr, except)) = block {
                peer.insert("ipBlock".into(), json!({"cidr": cidr, "except": except}));
            }
            Value::Object(peer)
        })
}

fn json_port() -> impl Strategy<Value = Value> {
    let port = prop_oneof![
        Just(Value::Null),
        any::<i32>().prop_map(|n| json!(n)),
        (0i32..70000).prop_map(|n| json!(n)),
        "[a-z0-9-]{0,6}".prop_map(Value::String),
    ];
    let protocol = prop_oneof![
        Just(Value::Null),
        Just(json!("TCP")),
        Just(json!("UDP")),
        Just(json!("SCTP")),
        Just(json!("tcp"))
    ];
    (port, protocol, proptest::option::of(any::<i32>())).prop_map(|(port, protocol, end)| {
        let mut p = serde_json::Map::new();
        if !port.is_null() {
            p.insert("port".into(), port);
        }
        if !protocol.is_null() {
            p.insert("protocol".into(), protocol);
        }
        if let Some(end) = end {
            p.insert("endPort".into(), json!(end));
        }
        Value::Object(p)
    })
}

fn json_rule(peer_key: &'static str) -> impl Strategy<Value = Value> {
    (
        proptest::option::of(proptest::collection::vec(json_peer(), 0..3)),
        proptest::option::of(proptest::collection::vec(json_port(), 0..3)),
    )
        .prop_map(move |(peers, ports)| {
            let mut rule = serde_json::Map::new();
            if let Some(peers) = peers {
                rule.insert(peer_key.into(), Value::Array(peers));
            }
            if let Some(ports) = ports {
                rule.insert("ports".into(), Value::Array(ports));
            }
            Value::Object(rule)
        })
}

fn json_policy() -> impl Strategy<Value = Value> {
    let types = proptest::option::of(proptest::collection::vec(
        prop_oneof![Just("Ingress"), Just("Egress"), Just("Other")],
        0..3,
    ));
    (
        proptest::option::of(json_selector()),
        proptest::option::of(proptest::collection::vec(json_rule("from"), 0..3)),
        proptest::option::of(proptest::collection::vec(json_rule("to"), 0..3)),
        types,
        proptest::option::of(Just("x")),
    )
        .prop_map(|(pod_selector, ingress, egress, types, namespace)| {
            json!({
                "metadata": {"name": "fuzz", "namespace": namespace},
                "spec": {"podSelector": pod_selector, "ingress": ingress, "egress": egress, "policyTypes": types}
            })
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_policies_convert_or_fail_cleanly_and_never_panic(
        raw in json_policy(),
        (port, proto) in probe(),
    ) {
        let Ok(object) = serde_json::from_value::<NetworkPolicy>(raw) else {
            return Ok(());
        };
        match Policy::from_k8s(&object) {
            Err(err) => prop_assert!(err.to_string().contains("fuzz")),
            Ok(policy) => {
                let mut c = Cluster::default();
                for (i, ns) in NAMESPACES.iter().enumerate() {
                    c.namespaces.push(Namespace::named(ns));
                    c.pods.push(Pod {
                        namespace: (*ns).to_owned(),
                        name: "a".into(),
                        labels: Labels::from([("pod".to_owned(), "a".to_owned()), (NAMESPACE_NAME_LABEL.to_owned(), "x".to_owned())]),
                        ip: Some(IpAddr::V4(Ipv4Addr::new(10, 0, 0, u8::try_from(i).unwrap_or(0)))),
                        named_ports: Vec::new(),
                    });
                }
                c.policies.push(policy);
                let engine = Engine::new(&c);
                let matrix = engine.matrix(port, proto);
                prop_assert_eq!(matrix.allowed.len(), 9);
                let text = engine.explain(Endpoint::Pod(0), Endpoint::External(IpAddr::V4(Ipv4Addr::new(10, 1, 2, 3))), port, proto);
                prop_assert!(text.starts_with("allowed: ") || text.starts_with("blocked: "));
            }
        }
    }

    #[test]
    fn arbitrary_matrix_json_never_panics(
        cells in proptest::collection::vec(("[ab]", "[ab]", any::<bool>()), 0..6),
    ) {
        let value = json!({
            "port": 80, "protocol": "TCP",
            "cells": cells.iter().map(|(f, t, a)| json!({"from": f, "to": t, "allowed": a})).collect::<Vec<_>>()
        });
        if let Ok(m) = serde_json::from_value::<Matrix>(value) {
            prop_assert_eq!(m.allowed.len(), m.pods.len() * m.pods.len());
            let _ = m.render();
        }
    }
}
