//! IPv6 in allowed-CIDR lists: CAPO keeps IPv4 entries only, but the lists are compared in both
//! families so that a provider that keeps IPv6 is judged correctly too.

use serde_json::{Value, json};

use crate::kubeapi::restriction::{ClusterRestriction, Restriction, judge_clusters};
use crate::kubeapi::tests::{cluster, openstack, strings};

fn judge(cidrs: Value, spec: Value, status: Value) -> ClusterRestriction {
    let vars = json!([
        {"name": "apiServerLoadBalancer", "value": "octavia-amphora"},
        {"name": "apiServerLoadBalancerOctaviaAmphoraAllowedCIDRs", "value": cidrs}
    ]);
    let report = judge_clusters(&[cluster("v6", vars), openstack("v6", spec, status)]);
    report
        .clusters
        .into_iter()
        .next()
        .unwrap_or_else(|| unreachable!())
}

#[test]
fn ipv6_entries_dropped_by_capo_give_a_warning_not_a_failure() {
    let v = judge(
        json!(["203.0.113.0/24", "2001:db8::/32"]),
        json!({"enabled": true, "provider": "amphora", "allowedCIDRs": ["203.0.113.0/24", "2001:db8::/32"]}),
        json!({"allowedCIDRs": ["10.8.0.0/20", "198.18.0.1/32", "203.0.113.0/24"]}),
    );
    assert_eq!(v.verdict, Restriction::Restricted, "{}", v.reason);
    assert_eq!(v.requested, strings(&["203.0.113.0/24", "2001:db8::/32"]));
    assert!(
        v.warnings
            .iter()
            .any(|w| w.contains("[2001:db8::/32]") && w.contains("IPv4")),
        "{:?}",
        v.warnings
    );
}

#[test]
fn ipv6_world_is_open() {
    let v = judge(
        json!(["::/0"]),
        json!({"enabled": true, "provider": "amphora", "allowedCIDRs": ["::/0"]}),
        json!({"allowedCIDRs": ["10.8.0.0/20", "::/0"]}),
    );
    assert_eq!(v.verdict, Restriction::Open, "{}", v.reason);
    assert!(v.reason.contains("[::/0]"), "{}", v.reason);
}

#[test]
fn bare_ipv6_addresses_are_compared_as_host_networks() {
    let v = judge(
        json!(["2001:db8::7", "2001:DB8:1::/48"]),
        json!({"enabled": true, "provider": "amphora", "allowedCIDRs": ["2001:db8::7", "2001:db8:1::/48"]}),
        json!({"allowedCIDRs": ["10.8.0.0/20", "2001:db8:0:0:0:0:0:7/128", "2001:db8:1::/48"]}),
    );
    assert_eq!(v.verdict, Restriction::Restricted, "{}", v.reason);
    assert_eq!(
        v.requested,
        strings(&["2001:db8::7/128", "2001:db8:1::/48"])
    );
    assert_eq!(
        v.effective,
        strings(&["10.8.0.0/20", "2001:db8::7/128", "2001:db8:1::/48"])
    );
}

#[test]
fn ipv6_only_request_leaves_internal_access_only() {
    let v = judge(
        json!(["2001:db8::/32"]),
        json!({"enabled": true, "provider": "amphora", "allowedCIDRs": ["2001:db8::/32"]}),
        json!({"allowedCIDRs": ["10.8.0.0/20", "198.18.0.1/32"]}),
    );
    assert_eq!(v.verdict, Restriction::Restricted, "{}", v.reason);
    assert!(
        v.warnings.iter().any(|w| w.contains("IPv4")),
        "{:?}",
        v.warnings
    );
}

#[test]
fn private_ipv6_endpoint_without_floating_ip_is_internal() {
    let mut infra = openstack("v6", Value::Null, Value::Null);
    if let Some(spec) = infra.get_mut("spec").and_then(Value::as_object_mut) {
        spec.insert("disableAPIServerFloatingIP".into(), json!(true));
        spec.insert(
            "controlPlaneEndpoint".into(),
            json!({"host": "fd00::10", "port": 6443}),
        );
    }
    let report = judge_clusters(&[cluster("v6", json!([])), infra]);
    let v = report.cluster("t/v6");
    assert_eq!(v.map(|v| v.verdict), Some(Restriction::Restricted));
}
