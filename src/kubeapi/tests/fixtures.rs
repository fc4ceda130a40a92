//! Every Cluster of `openstack-cidrs.yaml` gets the verdict its README table gives, and the
//! v1beta2 fixture is read through the v1beta2 field names.

use crate::kubeapi::restriction::{
    AddedOrigin, ClusterRestriction, Restriction, RestrictionReport, judge_clusters,
};
use crate::kubeapi::tests::{mgmt_fixture, strings};

fn report() -> RestrictionReport {
    judge_clusters(&mgmt_fixture("openstack-cidrs.yaml"))
}

fn verdict_of<'a>(report: &'a RestrictionReport, name: &str) -> &'a ClusterRestriction {
    let key = format!("cluster-stacks-cidrs/{name}");
    report
        .cluster(&key)
        .unwrap_or_else(|| panic!("{key} missing from {:?}", report.clusters))
}

#[test]
fn all_eight_clusters_are_judged_in_order() {
    let report = report();
    let names: Vec<&str> = report.clusters.iter().map(|c| c.cluster.as_str()).collect();
    assert_eq!(
        names,
        vec![
            "cluster-stacks-cidrs/cidr-bare-ip",
            "cluster-stacks-cidrs/cidr-enforced",
            "cluster-stacks-cidrs/cidr-invalid",
            "cluster-stacks-cidrs/cidr-no-lb",
            "cluster-stacks-cidrs/cidr-not-enforced",
            "cluster-stacks-cidrs/cidr-open",
            "cluster-stacks-cidrs/cidr-ovn-ignored",
            "cluster-stacks-cidrs/cidr-world",
        ]
    );
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
}

#[test]
fn cidr_open_is_open_because_nothing_was_requested() {
    let report = report();
    let v = verdict_of(&report, "cidr-open");
    assert_eq!(v.verdict, Restriction::Open, "{}", v.reason);
    assert!(
        v.reason.starts_with("no allowed CIDRs requested"),
        "{}",
        v.reason
    );
    assert!(v.requested.is_empty());
    assert!(v.effective.is_empty());
}

#[test]
fn cidr_enforced_is_restricted_and_shows_what_capo_added() {
    let report = report();
    let v = verdict_of(&report, "cidr-enforced");
    assert_eq!(v.verdict, Restriction::Restricted, "{}", v.reason);
    assert_eq!(
        v.requested,
        strings(&["198.51.100.10/32", "203.0.113.0/24"])
    );
    assert_eq!(
        v.effective,
        strings(&[
            "10.8.0.0/20",
            "198.18.173.171/32",
            "198.51.100.10/32",
            "203.0.113.0/24"
        ])
    );
    assert_eq!(
        v.requested_from,
        strings(&["variable apiServerLoadBalancerOctaviaAmphoraAllowedCIDRs"])
    );
    let added: Vec<(&str, AddedOrigin)> = v
        .provider_added
        .iter()
        .map(|a| (a.cidr.as_str(), a.origin))
        .collect();
    assert_eq!(
        added,
        vec![
            ("10.8.0.0/20", AddedOrigin::NodeSubnet),
            ("198.18.173.171/32", AddedOrigin::Router)
        ]
    );
    assert!(v.warnings.is_empty(), "{:?}", v.warnings);
    assert_eq!(v.endpoint.as_deref(), Some("198.18.182.160:6443"));
}

#[test]
fn cidr_ovn_ignored_is_not_enforced_because_the_patch_needs_amphora() {
    let report = report();
    let v = verdict_of(&report, "cidr-ovn-ignored");
    assert_eq!(v.verdict, Restriction::NotEnforced, "{}", v.reason);
    assert_eq!(v.requested, strings(&["203.0.113.0/24"]));
    assert!(v.effective.is_empty());
    assert!(v.reason.contains("octavia-amphora"), "{}", v.reason);
    assert!(
        v.reason.contains("apiServerLoadBalancer is octavia-ovn"),
        "{}",
        v.reason
    );
}

#[test]
fn cidr_not_enforced_is_not_enforced_because_ovn_has_no_acls() {
    let report = report();
    let v = verdict_of(&report, "cidr-not-enforced");
    assert_eq!(v.verdict, Restriction::NotEnforced, "{}", v.reason);
    assert_eq!(v.requested, strings(&["192.0.2.15/32", "203.0.113.0/24"]));
    assert_eq!(
        v.requested_from,
        strings(&[
            "OpenStackCluster cluster-stacks-cidrs/cidr-not-enforced-xqvk2: spec.apiServerLoadBalancer.allowedCIDRs"
        ])
    );
    assert!(v.effective.is_empty());
    assert!(v.reason.contains("provider is ovn"), "{}", v.reason);
}

#[test]
fn cidr_world_is_open_although_enforced() {
    let report = report();
    let v = verdict_of(&report, "cidr-world");
    assert_eq!(v.verdict, Restriction::Open, "{}", v.reason);
    assert!(v.reason.contains("0.0.0.0/0"), "{}", v.reason);
    assert_eq!(
        v.effective,
        strings(&["0.0.0.0/0", "10.8.0.0/20", "198.18.118.37/32"])
    );
}

#[test]
fn cidr_bare_ip_is_restricted_after_canonicalisation() {
    let report = report();
    let v = verdict_of(&report, "cidr-bare-ip");
    assert_eq!(v.verdict, Restriction::Restricted, "{}", v.reason);
    assert_eq!(v.requested, strings(&["198.51.100.7/32", "203.0.113.0/24"]));
    assert_eq!(v.provider_added.len(), 2);
}

#[test]
fn cidr_invalid_is_restricted_with_a_warning_about_none() {
    let report = report();
    let v = verdict_of(&report, "cidr-invalid");
    assert_eq!(v.verdict, Restriction::Restricted, "{}", v.reason);
    assert_eq!(v.requested, strings(&["192.0.2.0/24"]));
    assert!(
        v.warnings
            .iter()
            .any(|w| w.contains("`none`") && w.contains("not a CIDR")),
        "{:?}",
        v.warnings
    );
}

#[test]
fn cidr_no_lb_is_open_on_its_floating_ip() {
    let report = report();
    let v = verdict_of(&report, "cidr-no-lb");
    assert_eq!(v.verdict, Restriction::Open, "{}", v.reason);
    assert!(
        v.reason
            .contains("no API load balancer (spec.apiServerLoadBalancer has enabled: false)"),
        "{}",
        v.reason
    );
    assert!(
        v.reason.contains("floating IP at 198.18.101.114:6443"),
        "{}",
        v.reason
    );
}

#[test]
fn verdicts_name_the_fields_they_read() {
    let report = report();
    let v = verdict_of(&report, "cidr-enforced");
    for expected in [
        "Cluster cluster-stacks-cidrs/cidr-enforced: spec.infrastructureRef",
        "Cluster cluster-stacks-cidrs/cidr-enforced: spec.topology.variables[apiServerLoadBalancer]",
        "Cluster cluster-stacks-cidrs/cidr-enforced: spec.topology.variables[apiServerLoadBalancerOctaviaAmphoraAllowedCIDRs]",
        "OpenStackCluster cluster-stacks-cidrs/cidr-enforced-vbbcc: spec.apiServerLoadBalancer.allowedCIDRs",
        "OpenStackCluster cluster-stacks-cidrs/cidr-enforced-vbbcc: status.apiServerLoadBalancer.allowedCIDRs",
    ] {
        assert!(
            v.fields_read.iter().any(|f| f == expected),
            "{expected} not in {:?}",
            v.fields_read
        );
    }
    let open = verdict_of(&report, "cidr-open");
    assert!(
        open.fields_read
            .iter()
            .any(|f| f == "OpenStackCluster cluster-stacks-cidrs/cidr-open-4r4pg: status.apiServerLoadBalancer.allowedCIDRs (absent)"),
        "{:?}",
        open.fields_read
    );
}

#[test]
fn json_output_has_the_stable_keys() {
    let report = report();
    let value = serde_json::to_value(&report).unwrap_or_default();
    let first = value.pointer("/clusters/0").cloned().unwrap_or_default();
    for key in [
        "cluster",
        "verdict",
        "reason",
        "requested",
        "effective",
        "providerAdded",
        "warnings",
        "fieldsRead",
        "infrastructure",
    ] {
        assert!(first.get(key).is_some(), "key {key} missing in {first}");
    }
    assert_eq!(
        first.get("verdict").and_then(|v| v.as_str()),
        Some("RESTRICTED")
    );
    assert_eq!(
        value
            .pointer("/clusters/4/verdict")
            .and_then(|v| v.as_str()),
        Some("NOT_ENFORCED")
    );
    let back: RestrictionReport = serde_json::from_value(value).unwrap_or_default();
    assert_eq!(back, report);
}

#[test]
fn capi_v1beta2_cluster_is_followed_to_its_openstack_cluster() {
    let report = judge_clusters(&mgmt_fixture("capi-v1beta2.yaml"));
    assert_eq!(report.clusters.len(), 1);
    let v = &report.clusters[0];
    assert_eq!(v.cluster, "cluster-stacks-v1beta2/prod-1");
    assert_eq!(v.verdict, Restriction::Open, "{}", v.reason);
    assert_eq!(
        v.infrastructure
            .as_ref()
            .map(|r| (r.api_group.as_str(), r.key())),
        Some((
            "infrastructure.cluster.x-k8s.io",
            "cluster-stacks-v1beta2/prod-1-6gs77".to_string()
        ))
    );
    assert!(
        v.fields_read
            .iter()
            .any(|f| f == "OpenStackCluster cluster-stacks-v1beta2/prod-1-6gs77: spec.apiServerLoadBalancer.allowedCIDRs (absent)"),
        "{:?}",
        v.fields_read
    );
}
