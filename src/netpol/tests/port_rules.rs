//! One test per rule of NetworkPolicyPort, each citing the networking.k8s.io/v1 field
//! documentation it implements.

use serde_json::json;

use super::support::{SCTP, TCP, UDP, World, named_port};

// NetworkPolicyPort.port: "If present, only traffic on the specified protocol AND port will be
// matched."
#[test]
fn numeric_port_matches_only_that_port_and_protocol() {
    let w = World::standard().policy(
        "x",
        "p",
        json!({
            "podSelector": {}, "ingress": [{"ports": [{"port": 81, "protocol": "TCP"}]}]
        }),
    );
    assert!(w.allowed("y/a", "x/a", 81, TCP));
    assert!(!w.allowed("y/a", "x/a", 80, TCP));
    assert!(!w.allowed("y/a", "x/a", 81, UDP));
}

// NetworkPolicyPort.port: "If this field is not provided, this matches all port names and
// numbers."
#[test]
fn protocol_without_port_matches_every_port_of_that_protocol() {
    let w = World::standard().policy(
        "x",
        "p",
        json!({
            "podSelector": {}, "ingress": [{"ports": [{"protocol": "UDP"}]}]
        }),
    );
    assert!(w.allowed("y/a", "x/a", 53, UDP));
    assert!(w.allowed("y/a", "x/a", 65535, UDP));
    assert!(!w.allowed("y/a", "x/a", 53, TCP));
}

// NetworkPolicyPort.protocol: "protocol represents the protocol (TCP, UDP, or SCTP) which traffic
// must match. If not specified, this field defaults to TCP."
#[test]
fn protocol_defaults_to_tcp_and_protocols_are_distinct() {
    let w = World::standard().policy("x", "p", json!({
        "podSelector": {}, "ingress": [{"ports": [{"port": 80}, {"port": 81, "protocol": "SCTP"}]}]
    }));
    assert!(w.allowed("y/a", "x/a", 80, TCP));
    assert!(!w.allowed("y/a", "x/a", 80, UDP));
    assert!(!w.allowed("y/a", "x/a", 80, SCTP));
    assert!(w.allowed("y/a", "x/a", 81, SCTP));
    assert!(
        !w.allowed("y/a", "x/a", 81, TCP),
        "SCTP must not be treated as TCP"
    );
}

// NetworkPolicyPort.endPort: "endPort indicates that the range of ports from port to endPort if
// set, inclusive, should be allowed by the policy."
#[test]
fn end_port_makes_an_inclusive_range() {
    let w = World::standard().policy(
        "x",
        "p",
        json!({
            "podSelector": {}, "ingress": [{"ports": [{"port": 8000, "endPort": 8010}]}]
        }),
    );
    assert!(!w.allowed("y/a", "x/a", 7999, TCP));
    assert!(w.allowed("y/a", "x/a", 8000, TCP));
    assert!(w.allowed("y/a", "x/a", 8005, TCP));
    assert!(w.allowed("y/a", "x/a", 8010, TCP));
    assert!(!w.allowed("y/a", "x/a", 8011, TCP));
}

// NetworkPolicyPort.port: "This can either be a numerical or named port on a pod." For ingress the
// name is looked up in the container ports of the pod receiving the traffic.
#[test]
fn ingress_named_port_resolves_on_the_selected_pod() {
    let w = World::empty()
        .pod_with(
            "x/a",
            Some("10.0.1.1"),
            &[("pod", "a")],
            vec![named_port("web", 8080, TCP)],
        )
        .pod_with(
            "x/b",
            Some("10.0.1.2"),
            &[("pod", "b")],
            vec![named_port("web", 9090, TCP)],
        )
        .pod("y/a", "10.0.2.1")
        .policy(
            "x",
            "p",
            json!({
                "podSelector": {}, "ingress": [{"ports": [{"port": "web"}]}]
            }),
        );
    assert!(w.allowed("y/a", "x/a", 8080, TCP));
    assert!(!w.allowed("y/a", "x/a", 9090, TCP));
    assert!(w.allowed("y/a", "x/b", 9090, TCP));
    assert!(!w.allowed("y/a", "x/b", 8080, TCP));
}

// NetworkPolicyPort.port (named port on a pod): for egress the traffic's port is the destination
// pod's port, so the name resolves against the destination's container ports.
#[test]
fn egress_named_port_resolves_on_the_destination_pod() {
    let w = World::empty()
        .pod("x/a", "10.0.1.1")
        .pod_with(
            "y/a",
            Some("10.0.2.1"),
            &[("pod", "a")],
            vec![named_port("web", 8080, TCP)],
        )
        .pod_with(
            "y/b",
            Some("10.0.2.2"),
            &[("pod", "b")],
            vec![named_port("web", 9090, TCP)],
        )
        .policy(
            "x",
            "p",
            json!({
                "podSelector": {}, "policyTypes": ["Egress"],
                "egress": [{"ports": [{"port": "web"}]}]
            }),
        );
    assert!(w.allowed("x/a", "y/a", 8080, TCP));
    assert!(!w.allowed("x/a", "y/a", 9090, TCP));
    assert!(w.allowed("x/a", "y/b", 9090, TCP));
    // An address outside the cluster has no container ports to resolve the name against.
    assert!(!w.allowed("x/a", "192.0.2.1", 8080, TCP));
}

// NetworkPolicyPort.port: "only traffic on the specified protocol AND port will be matched" — a
// named port matches only a container port of the policy port's protocol.
#[test]
fn named_port_must_match_the_protocol() {
    let w = World::standard().policy(
        "x",
        "p",
        json!({
            "podSelector": {}, "ingress": [{"ports": [{"port": "serve-80-udp"}]}]
        }),
    );
    // serve-80-udp is a UDP container port; the policy port defaults to TCP.
    assert!(!w.allowed("y/a", "x/a", 80, TCP));
    assert!(!w.allowed("y/a", "x/a", 80, UDP));

    let udp = World::standard().policy(
        "x",
        "p",
        json!({
            "podSelector": {}, "ingress": [{"ports": [{"port": "serve-80-udp", "protocol": "UDP"}]}]
        }),
    );
    assert!(udp.allowed("y/a", "x/a", 80, UDP));
    assert!(!udp.allowed("y/a", "x/a", 80, TCP));
}

// A named port the pod does not declare matches nothing, but the policy still isolates the pod.
#[test]
fn unknown_named_port_matches_nothing_but_isolates() {
    let w = World::standard().policy(
        "x",
        "p",
        json!({
            "podSelector": {}, "ingress": [{"ports": [{"port": "no-such-port"}]}]
        }),
    );
    assert!(!w.allowed("y/a", "x/a", 80, TCP));
    assert!(w.allowed("x/a", "y/a", 80, TCP));
}
