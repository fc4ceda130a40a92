//! One test per rule of NetworkPolicySpec and the ingress/egress rule types; each cites the
//! networking.k8s.io/v1 field documentation it implements.

use serde_json::json;

use super::support::{TCP, UDP, World};

// NetworkPolicySpec.ingress: "Traffic is allowed to a pod if there are no NetworkPolicies
// selecting the pod (and cluster policy otherwise allows the traffic)".
#[test]
fn pods_selected_by_no_policy_accept_everything() {
    let w = World::standard().policy(
        "x",
        "only-a",
        json!({
            "podSelector": {"matchLabels": {"pod": "a"}}, "policyTypes": ["Ingress"]
        }),
    );
    assert!(!w.allowed("y/a", "x/a", 80, TCP));
    assert!(w.allowed("y/a", "x/b", 80, TCP));
    assert!(w.allowed("x/a", "y/b", 80, TCP));
    assert!(w.allowed("203.0.113.9", "x/b", 80, TCP));
}

// NetworkPolicySpec.podSelector: "An empty selector matches all pods in the policy's namespace."
#[test]
fn empty_pod_selector_selects_all_pods_of_the_policy_namespace_only() {
    let w = World::standard().policy(
        "x",
        "deny",
        json!({
            "podSelector": {}, "policyTypes": ["Ingress"]
        }),
    );
    assert!(!w.allowed("y/a", "x/a", 80, TCP));
    assert!(!w.allowed("y/a", "x/b", 80, TCP));
    assert!(w.allowed("x/a", "y/b", 80, TCP));
    assert!(w.allowed("x/a", "z/a", 80, TCP));
}

// NetworkPolicySpec.podSelector: "This field is optional. If it is not specified, it defaults to
// an empty selector."
#[test]
fn missing_pod_selector_is_the_empty_selector() {
    let w = World::standard().policy("x", "deny", json!({"policyTypes": ["Ingress"]}));
    assert!(!w.allowed("y/a", "x/a", 80, TCP));
    assert!(!w.allowed("y/a", "x/b", 80, TCP));
    assert!(w.allowed("x/a", "y/a", 80, TCP));
}

// NetworkPolicySpec.ingress: "If this field is empty then this NetworkPolicy does not allow any
// traffic (and serves solely to ensure that the pods it selects are isolated by default)".
#[test]
fn empty_ingress_list_isolates_and_denies() {
    let w = World::standard().policy(
        "x",
        "deny",
        json!({
            "podSelector": {}, "ingress": [], "policyTypes": ["Ingress"]
        }),
    );
    for from in ["x/a", "x/b", "y/a", "z/a", "198.51.100.1"] {
        assert!(!w.allowed(from, "x/b", 80, TCP), "{from}");
    }
}

// NetworkPolicySpec.podSelector: "Multiple network policies can select the same set of pods. In
// this case, the ingress rules for each are combined additively." and NetworkPolicySpec.ingress:
// "OR if the traffic matches at least one ingress rule across all of the NetworkPolicy objects
// whose podSelector matches the pod."
#[test]
fn policies_selecting_a_pod_are_combined_additively() {
    let w = World::standard()
        .policy(
            "x",
            "from-y",
            json!({
                "podSelector": {"matchLabels": {"pod": "a"}},
                "ingress": [{"from": [{"namespaceSelector": {"matchLabels": {"ns": "y"}}}]}]
            }),
        )
        .policy(
            "x",
            "from-z",
            json!({
                "podSelector": {},
                "ingress": [{"from": [{"namespaceSelector": {"matchLabels": {"ns": "z"}}}]}]
            }),
        );
    assert!(w.allowed("y/a", "x/a", 80, TCP));
    assert!(w.allowed("z/a", "x/a", 80, TCP));
    assert!(!w.allowed("x/b", "x/a", 80, TCP));
    // x/b is selected only by from-z.
    assert!(!w.allowed("y/a", "x/b", 80, TCP));
    assert!(w.allowed("z/a", "x/b", 80, TCP));
}

// NetworkPolicyIngressRule.from: "If this field is empty or missing, this rule matches all
// sources (traffic not restricted by source)."
#[test]
fn empty_or_missing_from_matches_all_sources() {
    for rule in [json!({}), json!({"from": []})] {
        let w = World::standard().policy(
            "x",
            "allow",
            json!({
                "podSelector": {}, "ingress": [rule]
            }),
        );
        for from in ["x/a", "y/b", "z/a", "192.0.2.7"] {
            assert!(w.allowed(from, "x/a", 80, TCP), "{from}");
        }
    }
}

// NetworkPolicyIngressRule.from: "Items in this list are combined using a logical OR operation.
// ... this rule allows traffic only if the traffic matches at least one item in the from list."
#[test]
fn from_items_are_ored() {
    let w = World::standard().policy(
        "x",
        "p",
        json!({
            "podSelector": {"matchLabels": {"pod": "a"}},
            "ingress": [{"from": [
                {"podSelector": {"matchLabels": {"pod": "b"}}},
                {"namespaceSelector": {"matchLabels": {"ns": "z"}}}
            ]}]
        }),
    );
    assert!(w.allowed("x/b", "x/a", 80, TCP));
    assert!(w.allowed("z/a", "x/a", 80, TCP));
    assert!(!w.allowed("y/b", "x/a", 80, TCP));
}

// NetworkPolicyIngressRule.ports: "If this field is empty or missing, this rule matches all ports
// (traffic not restricted by port)."
#[test]
fn empty_or_missing_ports_match_all_ports_and_protocols() {
    for rule in [
        json!({"from": [{"podSelector": {}}]}),
        json!({"from": [{"podSelector": {}}], "ports": []}),
    ] {
        let w = World::standard().policy("x", "p", json!({"podSelector": {}, "ingress": [rule]}));
        assert!(w.allowed("x/b", "x/a", 80, TCP));
        assert!(w.allowed("x/b", "x/a", 8080, UDP));
        assert!(!w.allowed("y/a", "x/a", 80, TCP));
    }
}

// NetworkPolicyIngressRule.ports: "Each item in this list is combined using a logical OR."
#[test]
fn port_items_are_ored() {
    let w = World::standard().policy(
        "x",
        "p",
        json!({
            "podSelector": {},
            "ingress": [{"ports": [{"port": 80}, {"port": 443}]}]
        }),
    );
    assert!(w.allowed("y/a", "x/a", 80, TCP));
    assert!(w.allowed("y/a", "x/a", 443, TCP));
    assert!(!w.allowed("y/a", "x/a", 81, TCP));
}

// NetworkPolicyIngressRule: "The traffic must match both ports and from."
#[test]
fn a_rule_needs_both_peer_and_port() {
    let w = World::standard().policy(
        "x",
        "p",
        json!({
            "podSelector": {},
            "ingress": [{
                "from": [{"namespaceSelector": {"matchLabels": {"ns": "y"}}}],
                "ports": [{"port": 81}]
            }]
        }),
    );
    assert!(w.allowed("y/a", "x/a", 81, TCP));
    assert!(!w.allowed("y/a", "x/a", 80, TCP));
    assert!(!w.allowed("z/a", "x/a", 81, TCP));
}

// NetworkPolicySpec.egress: "Outgoing traffic is allowed if there are no NetworkPolicies
// selecting the pod (and cluster policy otherwise allows the traffic), OR if the traffic matches
// at least one egress rule across all of the NetworkPolicy objects whose podSelector matches the
// pod."
#[test]
fn egress_is_the_union_of_rules_of_selecting_policies() {
    let w = World::standard()
        .policy(
            "x",
            "to-y",
            json!({
                "podSelector": {"matchLabels": {"pod": "a"}}, "policyTypes": ["Egress"],
                "egress": [{"to": [{"namespaceSelector": {"matchLabels": {"ns": "y"}}}]}]
            }),
        )
        .policy(
            "x",
            "to-b",
            json!({
                "podSelector": {"matchLabels": {"pod": "a"}}, "policyTypes": ["Egress"],
                "egress": [{"to": [{"podSelector": {"matchLabels": {"pod": "b"}}}]}]
            }),
        );
    assert!(w.allowed("x/a", "y/a", 80, TCP));
    assert!(w.allowed("x/a", "x/b", 80, TCP));
    assert!(!w.allowed("x/a", "z/a", 80, TCP));
    // x/b is selected by no egress policy.
    assert!(w.allowed("x/b", "z/a", 80, TCP));
}

// NetworkPolicySpec.egress: "If this field is empty then this NetworkPolicy limits all outgoing
// traffic (and serves solely to ensure that the pods it selects are isolated by default)".
#[test]
fn egress_type_without_egress_rules_denies_all_egress() {
    let w = World::standard().policy(
        "x",
        "deny-egress",
        json!({
            "podSelector": {"matchLabels": {"pod": "a"}}, "policyTypes": ["Egress"]
        }),
    );
    for to in ["x/b", "y/a", "z/a", "8.8.8.8"] {
        assert!(!w.allowed("x/a", to, 80, TCP), "{to}");
    }
    assert!(w.allowed("x/b", "x/a", 80, TCP));
}

// NetworkPolicyEgressRule.to: "If this field is empty or missing, this rule matches all
// destinations (traffic not restricted by destination)."
#[test]
fn empty_or_missing_to_matches_all_destinations() {
    for rule in [
        json!({"ports": [{"port": 80}]}),
        json!({"to": [], "ports": [{"port": 80}]}),
    ] {
        let w = World::standard().policy(
            "x",
            "p",
            json!({
                "podSelector": {}, "policyTypes": ["Egress"], "egress": [rule]
            }),
        );
        for to in ["x/b", "y/a", "z/a", "8.8.8.8"] {
            assert!(w.allowed("x/a", to, 80, TCP), "{to}");
            assert!(!w.allowed("x/a", to, 81, TCP), "{to}");
        }
    }
}

// NetworkPolicyEgressRule: "describes a particular set of traffic that is allowed out of pods
// matched by a NetworkPolicySpec's podSelector. The traffic must match both ports and to."
// Together with NetworkPolicySpec.ingress, a connection needs the source's egress and the
// destination's ingress.
#[test]
fn both_egress_of_source_and_ingress_of_destination_must_allow() {
    let w = World::standard()
        .policy(
            "x",
            "egress-to-y-a",
            json!({
                "podSelector": {"matchLabels": {"pod": "a"}}, "policyTypes": ["Egress"],
                "egress": [{"to": [{"namespaceSelector": {"matchLabels": {"ns": "y"}}}]}]
            }),
        )
        .policy(
            "y",
            "ingress-from-x-b",
            json!({
                "podSelector": {},
                "ingress": [{"from": [{"namespaceSelector": {"matchLabels": {"ns": "x"}}}]}]
            }),
        );
    assert!(w.allowed("x/a", "y/a", 80, TCP));
    assert!(!w.allowed("x/a", "z/a", 80, TCP), "egress blocks");
    assert!(!w.allowed("z/a", "y/a", 80, TCP), "ingress blocks");
    assert!(w.allowed("x/b", "y/b", 80, TCP));
}

// NetworkPolicySpec.policyTypes: "If this field is not specified, it will default based on the
// existence of ingress or egress rules; policies that contain an egress section are assumed to
// affect egress, and all policies (whether or not they contain an ingress section) are assumed
// to affect ingress." The API server implements "contain an egress section" as a non-empty
// egress list (SetDefaults_NetworkPolicy).
#[test]
fn policy_types_are_inferred_from_the_rules() {
    let with_egress = World::standard().policy(
        "x",
        "p",
        json!({
            "podSelector": {"matchLabels": {"pod": "a"}},
            "egress": [{"to": [{"podSelector": {"matchLabels": {"pod": "b"}}}]}]
        }),
    );
    assert!(
        !with_egress.allowed("y/a", "x/a", 80, TCP),
        "ingress is always inferred"
    );
    assert!(with_egress.allowed("x/a", "x/b", 80, TCP));
    assert!(
        !with_egress.allowed("x/a", "y/a", 80, TCP),
        "egress inferred from rules"
    );

    let empty_egress = World::standard().policy(
        "x",
        "p",
        json!({
            "podSelector": {"matchLabels": {"pod": "a"}}, "egress": []
        }),
    );
    assert!(
        empty_egress.allowed("x/a", "y/a", 80, TCP),
        "empty egress adds no Egress type"
    );
    assert!(!empty_egress.allowed("y/a", "x/a", 80, TCP));
    let policy = empty_egress.cluster.policies.first().expect("policy");
    assert!(policy.policy_types_inferred && policy.affects_ingress && !policy.affects_egress);
}

// NetworkPolicySpec.policyTypes: "If you want to write an egress-only policy, you must explicitly
// specify policyTypes [ "Egress" ]."
#[test]
fn explicit_egress_only_policy_ignores_its_ingress_rules() {
    let w = World::standard().policy(
        "x",
        "egress-only",
        json!({
            "podSelector": {"matchLabels": {"pod": "a"}},
            "policyTypes": ["Egress"],
            "ingress": [],
            "egress": [{}]
        }),
    );
    assert!(w.allowed("y/a", "x/a", 80, TCP), "ingress untouched");
    assert!(w.allowed("x/a", "y/a", 80, TCP));
}

// NetworkPolicySpec.policyTypes: "if you want to write a policy that specifies that no egress is
// allowed, you must specify a policyTypes value that include "Egress"".
#[test]
fn explicit_ingress_and_egress_types_with_no_rules_deny_both_ways() {
    let w = World::standard().policy(
        "x",
        "deny-all",
        json!({
            "podSelector": {}, "policyTypes": ["Ingress", "Egress"]
        }),
    );
    assert!(!w.allowed("x/a", "y/a", 80, TCP));
    assert!(!w.allowed("y/a", "x/a", 80, TCP));
    assert!(!w.allowed("x/a", "x/b", 80, TCP));
    assert!(w.allowed("y/a", "z/a", 80, TCP));
}

// NetworkPolicySpec.ingress (allowed "if the traffic matches at least one ingress rule"): the
// source of external traffic is an address, so only ipBlock peers (or rules without peers) can
// admit it, and no egress policy applies to it.
#[test]
fn external_sources_only_match_ip_blocks_or_peerless_rules() {
    let w = World::standard().policy(
        "x",
        "p",
        json!({
            "podSelector": {},
            "ingress": [{"from": [
                {"namespaceSelector": {}},
                {"ipBlock": {"cidr": "192.0.2.0/24"}}
            ]}]
        }),
    );
    assert!(w.allowed("192.0.2.10", "x/a", 80, TCP));
    assert!(!w.allowed("198.51.100.10", "x/a", 80, TCP));
    assert!(w.allowed("y/a", "x/a", 80, TCP));
}
