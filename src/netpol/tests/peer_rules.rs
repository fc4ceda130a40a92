//! One test per rule of NetworkPolicyPeer and IPBlock, each citing the networking.k8s.io/v1 field
//! documentation it implements.

use serde_json::json;

use super::support::{TCP, World};

// NetworkPolicyPeer.podSelector: "If namespaceSelector is also set, then the NetworkPolicyPeer as a
// whole selects the pods matching podSelector in the Namespaces selected by NamespaceSelector.
// Otherwise it selects the pods matching podSelector in the policy's own namespace."
#[test]
fn pod_selector_alone_stays_in_the_policy_namespace() {
    let w = World::standard().policy(
        "x",
        "p",
        json!({
            "podSelector": {},
            "ingress": [{"from": [{"podSelector": {"matchLabels": {"pod": "a"}}}]}]
        }),
    );
    assert!(w.allowed("x/a", "x/b", 80, TCP));
    assert!(
        !w.allowed("y/a", "x/b", 80, TCP),
        "y/a has pod=a but lives elsewhere"
    );
}

// NetworkPolicyPeer.podSelector: "This field follows standard label selector semantics; if present
// but empty, it selects all pods."
#[test]
fn empty_pod_selector_peer_selects_all_pods_of_the_namespace() {
    let w = World::standard().policy(
        "x",
        "p",
        json!({
            "podSelector": {}, "ingress": [{"from": [{"podSelector": {}}]}]
        }),
    );
    assert!(w.allowed("x/a", "x/b", 80, TCP));
    assert!(w.allowed("x/b", "x/a", 80, TCP));
    assert!(!w.allowed("y/a", "x/a", 80, TCP));
    assert!(!w.allowed("192.0.2.1", "x/a", 80, TCP));
}

// NetworkPolicyPeer.namespaceSelector: "If podSelector is also set, then the NetworkPolicyPeer as a
// whole selects the pods matching podSelector in the namespaces selected by namespaceSelector.
// Otherwise it selects all pods in the namespaces selected by namespaceSelector."
#[test]
fn namespace_selector_alone_selects_every_pod_of_matching_namespaces() {
    let w = World::standard().policy(
        "x",
        "p",
        json!({
            "podSelector": {},
            "ingress": [{"from": [{"namespaceSelector": {"matchLabels": {"ns": "y"}}}]}]
        }),
    );
    assert!(w.allowed("y/a", "x/a", 80, TCP));
    assert!(w.allowed("y/b", "x/a", 80, TCP));
    assert!(
        !w.allowed("x/b", "x/a", 80, TCP),
        "own namespace is not implied"
    );
    assert!(!w.allowed("z/a", "x/a", 80, TCP));
}

// NetworkPolicyPeer.namespaceSelector: "This field follows standard label selector semantics; if
// present but empty, it selects all namespaces."
#[test]
fn empty_namespace_selector_selects_all_namespaces() {
    let w = World::standard().policy(
        "x",
        "p",
        json!({
            "podSelector": {"matchLabels": {"pod": "a"}},
            "ingress": [{"from": [{"namespaceSelector": {}}]}]
        }),
    );
    for from in ["x/b", "y/a", "z/a"] {
        assert!(w.allowed(from, "x/a", 80, TCP), "{from}");
    }
    assert!(
        !w.allowed("203.0.113.1", "x/a", 80, TCP),
        "not an address outside the cluster"
    );
}

// NetworkPolicyPeer.namespaceSelector: "...the NetworkPolicyPeer as a whole selects the pods
// matching podSelector in the namespaces selected by namespaceSelector" (one peer: AND), versus
// NetworkPolicyIngressRule.from: "Items in this list are combined using a logical OR operation"
// (two peers: OR).
#[test]
fn both_selectors_in_one_peer_are_anded_separate_peers_are_ored() {
    let and = World::standard().policy(
        "x",
        "and",
        json!({
            "podSelector": {"matchLabels": {"pod": "a"}},
            "ingress": [{"from": [{
                "namespaceSelector": {"matchLabels": {"ns": "y"}},
                "podSelector": {"matchLabels": {"pod": "b"}}
            }]}]
        }),
    );
    assert!(and.allowed("y/b", "x/a", 80, TCP));
    assert!(!and.allowed("y/a", "x/a", 80, TCP));
    assert!(!and.allowed("x/b", "x/a", 80, TCP));

    let or = World::standard().policy(
        "x",
        "or",
        json!({
            "podSelector": {"matchLabels": {"pod": "a"}},
            "ingress": [{"from": [
                {"namespaceSelector": {"matchLabels": {"ns": "y"}}},
                {"podSelector": {"matchLabels": {"pod": "b"}}}
            ]}]
        }),
    );
    assert!(or.allowed("y/b", "x/a", 80, TCP));
    assert!(or.allowed("y/a", "x/a", 80, TCP));
    assert!(or.allowed("x/b", "x/a", 80, TCP));
    assert!(!or.allowed("z/a", "x/a", 80, TCP));
}

// LabelSelectorRequirement.operator: "Valid operators are In, NotIn, Exists and DoesNotExist."
// (in peers: NotIn also selects namespaces lacking the key).
#[test]
fn match_expressions_in_peers() {
    let w = World::standard()
        .label_namespace("z", "team", "blue")
        .policy("x", "p", json!({
            "podSelector": {"matchLabels": {"pod": "a"}},
            "ingress": [{"from": [
                {"namespaceSelector": {"matchExpressions": [
                    {"key": "ns", "operator": "NotIn", "values": ["x"]},
                    {"key": "team", "operator": "DoesNotExist"}
                ]}},
                {"namespaceSelector": {"matchExpressions": [{"key": "team", "operator": "Exists"}]},
                 "podSelector": {"matchExpressions": [{"key": "pod", "operator": "In", "values": ["a"]}]}}
            ]}]
        }));
    assert!(w.allowed("y/a", "x/a", 80, TCP));
    assert!(w.allowed("y/b", "x/a", 80, TCP));
    assert!(!w.allowed("x/b", "x/a", 80, TCP));
    assert!(
        w.allowed("z/a", "x/a", 80, TCP),
        "z has team, and z/a has pod=a"
    );
}

// NetworkPolicyPeer.namespaceSelector: "selects namespaces using cluster-scoped labels" — the
// namespace's own labels count, including the automatic kubernetes.io/metadata.name.
#[test]
fn namespace_selectors_see_namespace_labels_and_the_name_label() {
    let before = World::standard().policy(
        "x",
        "p",
        json!({
            "podSelector": {},
            "ingress": [{"from": [{"namespaceSelector": {"matchLabels": {"ns2": "updated"}}}]}]
        }),
    );
    assert!(!before.allowed("y/a", "x/a", 80, TCP));
    let after = World {
        cluster: before.cluster.clone(),
    }
    .label_namespace("y", "ns2", "updated");
    assert!(after.allowed("y/a", "x/a", 80, TCP));

    let by_name = World::standard().policy("x", "p", json!({
        "podSelector": {},
        "ingress": [{"from": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "z"}}}]}]
    }));
    assert!(by_name.has_name_label("z"));
    assert!(by_name.allowed("z/a", "x/a", 80, TCP));
    assert!(!by_name.allowed("y/a", "x/a", 80, TCP));
}

// The API server labels every namespace with kubernetes.io/metadata.name; a pod whose namespace
// object is absent from the input still gets that label, so name selectors keep working.
#[test]
fn pods_of_unlisted_namespaces_get_the_automatic_name_label() {
    let w = World::standard()
        .without_namespace_objects()
        .policy("x", "p", json!({
            "podSelector": {},
            "ingress": [{"from": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "y"}}}]}]
        }));
    assert!(w.allowed("y/a", "x/a", 80, TCP));
    assert!(!w.allowed("z/a", "x/a", 80, TCP));
}

// IPBlock: "IPBlock describes a particular CIDR (Ex. "192.168.1.0/24","2001:db8::/64") that is
// allowed to the pods matched by a NetworkPolicySpec's podSelector." Pod IPs count as upstream
// e2e expects ("should allow egress access to server in CIDR block").
#[test]
fn ip_block_matches_external_and_pod_addresses() {
    let w = World::standard().policy("x", "p", json!({
        "podSelector": {"matchLabels": {"pod": "a"}}, "policyTypes": ["Egress"],
        "egress": [{"to": [{"ipBlock": {"cidr": "10.0.2.2/32"}}, {"ipBlock": {"cidr": "192.0.2.0/24"}}]}]
    }));
    assert!(w.allowed("x/a", "y/b", 80, TCP), "pod IP inside the block");
    assert!(!w.allowed("x/a", "y/a", 80, TCP));
    assert!(w.allowed("x/a", "192.0.2.77", 80, TCP));
    assert!(!w.allowed("x/a", "192.0.3.1", 80, TCP));
}

// IPBlock.except: "except is a slice of CIDRs that should not be included within an IPBlock" and
// IPBlock: "The except entry describes CIDRs that should not be included within this rule."
#[test]
fn ip_block_except_carves_out_ranges() {
    let w = World::standard().policy(
        "x",
        "p",
        json!({
            "podSelector": {"matchLabels": {"pod": "a"}}, "policyTypes": ["Egress"],
            "egress": [{"to": [{"ipBlock": {"cidr": "0.0.0.0/4", "except": ["10.0.1.2/32"]}}]}]
        }),
    );
    assert!(!w.allowed("x/a", "x/b", 80, TCP));
    assert!(w.allowed("x/a", "y/a", 80, TCP));
    assert!(w.allowed("x/a", "x/a", 80, TCP));
}

// Upstream "should ensure an IP overlapping both IPBlock.CIDR and IPBlock.Except is allowed":
// another rule that includes an excepted address admits it (rules are ORed).
#[test]
fn an_address_excepted_in_one_peer_is_admitted_by_another() {
    let w = World::standard().policy(
        "x",
        "p",
        json!({
            "podSelector": {"matchLabels": {"pod": "a"}}, "policyTypes": ["Egress"],
            "egress": [
                {"to": [{"ipBlock": {"cidr": "0.0.0.0/4", "except": ["10.0.1.2/32"]}}]},
                {"to": [{"ipBlock": {"cidr": "10.0.1.2/32"}}]}
            ]
        }),
    );
    assert!(w.allowed("x/a", "x/b", 80, TCP));
}

// IPBlock.cidr: "Valid examples are "192.168.1.0/24" or "2001:db8::/64"" — IPv6 blocks work the
// same, and never match IPv4 addresses (nor the other way round).
#[test]
fn ipv6_blocks_with_except() {
    let w = World::empty()
        .pod("x/a", "2001:db8:1::1")
        .pod("x/b", "2001:db8:1::2")
        .pod("y/a", "2001:db8:2::1")
        .pod("y/b", "10.0.2.2")
        .policy("y", "p", json!({
            "podSelector": {},
            "ingress": [{"from": [{"ipBlock": {"cidr": "2001:db8::/32", "except": ["2001:db8:1::2/128"]}}]}]
        }));
    assert!(w.allowed("x/a", "y/a", 80, TCP));
    assert!(!w.allowed("x/b", "y/a", 80, TCP));
    assert!(w.allowed("2001:db8:ffff::9", "y/a", 80, TCP));
    assert!(!w.allowed("2001:db9::1", "y/a", 80, TCP));
    assert!(
        !w.allowed("y/b", "y/a", 80, TCP),
        "IPv4 pod is outside an IPv6 block"
    );
}

// A pod without status.podIP (not yet scheduled) has no address an ipBlock could contain.
#[test]
fn pods_without_ip_never_match_ip_blocks() {
    let w = World::empty()
        .pod_with("x/a", None, &[("pod", "a")], Vec::new())
        .pod("y/a", "10.0.2.1")
        .policy(
            "y",
            "p",
            json!({
                "podSelector": {},
                "ingress": [{"from": [{"ipBlock": {"cidr": "0.0.0.0/0"}}]}]
            }),
        );
    assert!(!w.allowed("x/a", "y/a", 80, TCP));
    assert!(w.allowed("192.0.2.1", "y/a", 80, TCP));
}
