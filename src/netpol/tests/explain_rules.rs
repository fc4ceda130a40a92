//! Sentences explaining verdicts.

use serde_json::json;

use super::support::{TCP, World};
use crate::netpol::{Decision, Endpoint, Engine, RuleMatch};

fn world() -> World {
    World::standard()
        .policy(
            "x",
            "deny-all",
            json!({"podSelector": {}, "policyTypes": ["Ingress"]}),
        )
        .policy(
            "x",
            "allow-from-y",
            json!({
                "podSelector": {"matchLabels": {"pod": "a"}},
                "ingress": [{"from": [{"namespaceSelector": {"matchLabels": {"ns": "y"}}}]}]
            }),
        )
}

#[test]
fn blocked_ingress_names_the_isolating_policies() {
    assert_eq!(
        world().explain("y/b", "x/b", 80, TCP),
        "blocked: x/deny-all selects x/b for ingress; no ingress rule admits y/b on TCP/80"
    );
    assert_eq!(
        world().explain("z/a", "x/a", 80, TCP),
        "blocked: x/deny-all, x/allow-from-y select x/a for ingress; no ingress rule admits z/a on TCP/80"
    );
}

#[test]
fn allowed_by_a_rule_names_policy_rule_and_peer() {
    assert_eq!(
        world().explain("y/b", "x/a", 80, TCP),
        "allowed: y/b is selected by no egress policy; x/allow-from-y ingress rule 1 (namespaceSelector ns=y) admits y/b on TCP/80"
    );
}

#[test]
fn allowed_without_isolation_says_so() {
    assert_eq!(
        world().explain("x/a", "y/a", 80, TCP),
        "allowed: x/a is selected by no egress policy; y/a is selected by no ingress policy"
    );
}

#[test]
fn egress_side_and_ports_are_explained() {
    let w = World::standard()
        .policy("x", "web-out", json!({
            "podSelector": {"matchLabels": {"pod": "a"}}, "policyTypes": ["Egress"],
            "egress": [
                {"to": [{"ipBlock": {"cidr": "192.0.2.0/24", "except": ["192.0.2.128/25"]}}]},
                {"to": [{"namespaceSelector": {"matchLabels": {"ns": "y"}}, "podSelector": {"matchLabels": {"pod": "b"}}}],
                 "ports": [{"port": "serve-80-tcp"}]}
            ]
        }));
    assert_eq!(
        w.explain("x/a", "y/b", 80, TCP),
        "allowed: x/web-out egress rule 2 (namespaceSelector ns=y and podSelector pod=b; port TCP/serve-80-tcp) admits y/b on TCP/80; y/b is selected by no ingress policy"
    );
    assert_eq!(
        w.explain("x/a", "192.0.2.7", 443, TCP),
        "allowed: x/web-out egress rule 1 (ipBlock 192.0.2.0/24 except 192.0.2.128/25) admits 192.0.2.7 on TCP/443"
    );
    assert_eq!(
        w.explain("x/a", "y/a", 80, TCP),
        "blocked: x/web-out selects x/a for egress; no egress rule admits y/a on TCP/80"
    );
}

#[test]
fn both_sides_blocking_are_both_named() {
    let w = World::standard()
        .policy(
            "x",
            "no-out",
            json!({"podSelector": {}, "policyTypes": ["Egress"]}),
        )
        .policy(
            "y",
            "no-in",
            json!({"podSelector": {}, "policyTypes": ["Ingress"]}),
        );
    assert_eq!(
        w.explain("x/a", "y/a", 81, TCP),
        "blocked: x/no-out selects x/a for egress; no egress rule admits y/a on TCP/81; y/no-in selects y/a for ingress; no ingress rule admits x/a on TCP/81"
    );
}

#[test]
fn verdict_carries_the_deciding_rule() {
    let w = world();
    let engine = Engine::new(&w.cluster);
    let from = engine.pod_index("y/a").map(Endpoint::Pod);
    let to = engine.pod_index("x/a").map(Endpoint::Pod);
    let (Some(from), Some(to)) = (from, to) else {
        panic!("pods missing");
    };
    let verdict = engine.evaluate(from, to, 80, TCP);
    assert!(verdict.allowed);
    assert_eq!(verdict.egress, Decision::NotIsolated);
    assert_eq!(
        verdict.ingress,
        Decision::Admitted(RuleMatch {
            policy: 1,
            rule: 0,
            peer: Some(0),
            port: None
        })
    );
    assert_eq!(
        serde_json::to_value(&verdict).unwrap_or_default(),
        serde_json::json!({
            "allowed": true,
            "egress": "notIsolated",
            "ingress": {"admitted": {"policy": 1, "rule": 0, "peer": 0, "port": null}}
        })
    );
    assert_eq!(engine.selected_pods(1), vec![0]);
}
