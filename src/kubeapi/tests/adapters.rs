//! Adapter selection, unreadable objects, and the OpenStack decision paths beyond the fixtures.

use serde_json::{Value, json};

use crate::kubeapi::cluster::ClusterView;
use crate::kubeapi::restriction::{
    AddedOrigin, ClusterRestriction, InfraAdapter, Restriction, default_adapters, judge_clusters,
    judge_clusters_with,
};
use crate::kubeapi::tests::{cluster, openstack, strings};

fn amphora_vars(cidrs: Value) -> Value {
    json!([
        {"name": "apiServerLoadBalancer", "value": "octavia-amphora"},
        {"name": "apiServerLoadBalancerOctaviaAmphoraAllowedCIDRs", "value": cidrs}
    ])
}

fn judge_one(objects: &[Value]) -> ClusterRestriction {
    let report = judge_clusters(objects);
    assert_eq!(report.clusters.len(), 1, "{report:?}");
    report
        .clusters
        .into_iter()
        .next()
        .unwrap_or_else(|| unreachable!())
}

fn docker_cluster() -> Value {
    json!({
        "apiVersion": "cluster.x-k8s.io/v1beta2", "kind": "Cluster",
        "metadata": {"name": "d1", "namespace": "t"},
        "spec": {
            "infrastructureRef": {"apiGroup": "infrastructure.cluster.x-k8s.io", "kind": "DockerCluster", "name": "d1-x"},
            "topology": {"classRef": {"name": "docker"}, "variables": [
                {"name": "apiServerAllowedCIDRs", "value": ["192.0.2.0/24"]}]}
        }
    })
}

#[test]
fn non_openstack_infrastructure_is_unknown_but_shows_the_request() {
    let docker_infra = json!({"apiVersion": "infrastructure.cluster.x-k8s.io/v1beta2", "kind": "DockerCluster",
        "metadata": {"name": "d1-x", "namespace": "t"}});
    let v = judge_one(&[docker_cluster(), docker_infra]);
    assert_eq!(v.verdict, Restriction::Unknown);
    assert!(
        v.reason.contains("DockerCluster is not supported"),
        "{}",
        v.reason
    );
    assert!(v.reason.contains("OpenStackCluster"), "{}", v.reason);
    assert_eq!(v.requested, strings(&["192.0.2.0/24"]));
    assert_eq!(
        v.requested_from,
        strings(&["variable apiServerAllowedCIDRs"])
    );
}

struct DockerAdapter;

impl InfraAdapter for DockerAdapter {
    fn kind(&self) -> &str {
        "DockerCluster"
    }

    fn judge(&self, cluster: &ClusterView, infra: &Value) -> ClusterRestriction {
        let name = infra
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or_default();
        ClusterRestriction::new(
            cluster,
            Restriction::Open,
            format!("docker publishes {name} on the host"),
        )
    }
}

#[test]
fn further_adapters_can_be_plugged_in_by_kind() {
    let docker_infra = json!({"apiVersion": "infrastructure.cluster.x-k8s.io/v1beta2", "kind": "DockerCluster",
        "metadata": {"name": "d1-x", "namespace": "t"}});
    let mut adapters = default_adapters();
    adapters.push(Box::new(DockerAdapter));
    let report = judge_clusters_with(&[docker_infra, docker_cluster()], &adapters);
    let v = report.cluster("t/d1");
    assert_eq!(v.map(|v| v.verdict), Some(Restriction::Open));
    assert_eq!(
        v.map(|v| v.reason.as_str()),
        Some("docker publishes d1-x on the host")
    );
}

#[test]
fn missing_infrastructure_object_is_unknown() {
    let v = judge_one(&[cluster("c1", amphora_vars(json!(["192.0.2.0/24"])))]);
    assert_eq!(v.verdict, Restriction::Unknown);
    assert!(
        v.reason.contains("OpenStackCluster t/c1-infra"),
        "{}",
        v.reason
    );
    assert!(
        v.reason.contains("not among the objects read"),
        "{}",
        v.reason
    );
    assert_eq!(v.requested, strings(&["192.0.2.0/24"]));
}

#[test]
fn infrastructure_in_another_namespace_is_not_taken() {
    let mut infra = openstack("c1", json!({"enabled": true}), Value::Null);
    if let Some(meta) = infra.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.insert("namespace".into(), json!("elsewhere"));
    }
    let v = judge_one(&[cluster("c1", json!([])), infra]);
    assert_eq!(v.verdict, Restriction::Unknown);
}

#[test]
fn cluster_without_infrastructure_ref_is_unknown() {
    let c = json!({"apiVersion": "cluster.x-k8s.io/v1beta1", "kind": "Cluster",
        "metadata": {"name": "stage-1", "namespace": "t"}, "spec": {"topology": {"class": "x"}}});
    let v = judge_one(&[c]);
    assert_eq!(v.verdict, Restriction::Unknown);
    assert!(
        v.reason.contains("no spec.infrastructureRef"),
        "{}",
        v.reason
    );
}

#[test]
fn lists_are_unpacked_and_duplicates_reported() {
    let c = cluster("c1", json!([]));
    let infra = openstack(
        "c1",
        json!({"enabled": true, "provider": "ovn"}),
        json!({"ip": "198.18.0.10"}),
    );
    let list = json!({"apiVersion": "v1", "kind": "List", "items": [infra, c.clone()]});
    let nameless =
        json!({"apiVersion": "cluster.x-k8s.io/v1beta1", "kind": "Cluster", "metadata": {}});
    let report = judge_clusters(&[list, c, nameless, json!("not an object")]);
    assert_eq!(report.clusters.len(), 1);
    assert_eq!(
        report.clusters.first().map(|c| c.verdict),
        Some(Restriction::Open)
    );
    assert_eq!(report.warnings.len(), 2, "{:?}", report.warnings);
    assert!(report.warnings.iter().any(|w| w.contains("more than once")));
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("no metadata.name"))
    );
}

#[test]
fn pr255_variable_with_amphora_is_restricted() {
    let vars = json!([
        {"name": "apiServerLoadBalancer", "value": "octavia-amphora"},
        {"name": "apiServerAllowedCIDRs", "value": ["203.0.113.0/24"]}
    ]);
    let infra = openstack(
        "c1",
        json!({"enabled": true, "provider": "amphora", "allowedCIDRs": ["203.0.113.0/24"]}),
        json!({"allowedCIDRs": ["10.8.0.0/20", "198.18.0.1/32", "198.18.0.99/32", "203.0.113.0/24"]}),
    );
    let v = judge_one(&[cluster("c1", vars), infra]);
    assert_eq!(v.verdict, Restriction::Restricted, "{}", v.reason);
    let origins: Vec<AddedOrigin> = v.provider_added.iter().map(|a| a.origin).collect();
    assert_eq!(
        origins,
        vec![
            AddedOrigin::NodeSubnet,
            AddedOrigin::Router,
            AddedOrigin::Unexplained
        ]
    );
}

#[test]
fn bastion_addresses_are_recognised_as_provider_added() {
    let mut infra = openstack(
        "c1",
        json!({"enabled": true, "allowedCIDRs": ["203.0.113.0/24"]}),
        json!({"allowedCIDRs": ["10.8.0.0/20", "198.18.0.1/32", "198.18.7.7/32", "203.0.113.0/24"]}),
    );
    if let Some(status) = infra.get_mut("status").and_then(Value::as_object_mut) {
        status.insert(
            "bastion".into(),
            json!({"floatingIP": "198.18.7.7", "ip": "10.8.0.5"}),
        );
    }
    let v = judge_one(&[cluster("c1", json!([])), infra]);
    assert_eq!(v.verdict, Restriction::Restricted, "{}", v.reason);
    assert!(
        v.provider_added
            .iter()
            .any(|a| a.cidr == "198.18.7.7/32" && a.origin == AddedOrigin::Bastion)
    );
}

#[test]
fn kaas_v1_none_means_internal_only_and_is_warned_about() {
    let vars = json!([
        {"name": "apiserver_loadbalancer", "value": "octavia-amphora"},
        {"name": "restrict_kubeapi", "value": ["none"]}
    ]);
    let infra = openstack(
        "c1",
        json!({"enabled": true, "provider": "amphora", "allowedCIDRs": ["none"]}),
        json!({"allowedCIDRs": ["10.8.0.0/20", "198.18.0.1/32"]}),
    );
    let v = judge_one(&[cluster("c1", vars), infra]);
    assert_eq!(v.verdict, Restriction::Restricted, "{}", v.reason);
    assert!(v.reason.starts_with("internal access only"), "{}", v.reason);
    assert!(v.requested.is_empty());
    assert_eq!(v.requested_from, strings(&["variable restrict_kubeapi"]));
    let none_warnings = v.warnings.iter().filter(|w| w.contains("`none`")).count();
    assert_eq!(none_warnings, 1, "{:?}", v.warnings);
}

#[test]
fn restrict_kubeapi_that_never_reached_the_spec_is_not_enforced() {
    let vars = json!([{"name": "restrict_kubeapi", "value": ["10.6.0.0/24"]}]);
    let infra = openstack("c1", json!({"enabled": true}), json!({"ip": "198.18.0.10"}));
    let v = judge_one(&[cluster("c1", vars), infra]);
    assert_eq!(v.verdict, Restriction::NotEnforced, "{}", v.reason);
    assert!(v.reason.contains("PR #110"), "{}", v.reason);
}

#[test]
fn unset_load_balancer_variable_means_the_scs2_default() {
    let vars = json!([{"name": "apiServerLoadBalancerOctaviaAmphoraAllowedCIDRs", "value": ["192.0.2.0/24"]}]);
    let infra = openstack(
        "c1",
        json!({"enabled": true, "provider": "ovn"}),
        json!({"ip": "198.18.0.10"}),
    );
    let v = judge_one(&[cluster("c1", vars), infra]);
    assert_eq!(v.verdict, Restriction::NotEnforced, "{}", v.reason);
    assert!(
        v.reason.contains("unset (scs2 default octavia-ovn)"),
        "{}",
        v.reason
    );
}

#[test]
fn spec_that_lacks_requested_cidrs_is_not_enforced() {
    let infra = openstack(
        "c1",
        json!({"enabled": true, "provider": "amphora", "allowedCIDRs": ["192.0.2.0/24"]}),
        json!({"allowedCIDRs": ["10.8.0.0/20", "192.0.2.0/24", "198.18.0.1/32"]}),
    );
    let v = judge_one(&[
        cluster(
            "c1",
            amphora_vars(json!(["192.0.2.0/24", "198.51.100.0/24"])),
        ),
        infra,
    ]);
    assert_eq!(v.verdict, Restriction::NotEnforced, "{}", v.reason);
    assert!(v.reason.contains("lacks [198.51.100.0/24]"), "{}", v.reason);
}

#[test]
fn empty_status_with_amphora_is_not_enforced() {
    let infra = openstack(
        "c1",
        json!({"enabled": true, "provider": "amphora", "allowedCIDRs": ["192.0.2.0/24"]}),
        json!({"ip": "198.18.0.10"}),
    );
    let v = judge_one(&[cluster("c1", amphora_vars(json!(["192.0.2.0/24"]))), infra]);
    assert_eq!(v.verdict, Restriction::NotEnforced, "{}", v.reason);
    assert!(v.reason.contains("Octavia API < 2.12"), "{}", v.reason);
}

#[test]
fn status_that_lags_behind_the_spec_is_not_enforced() {
    let infra = openstack(
        "c1",
        json!({"enabled": true, "provider": "amphora", "allowedCIDRs": ["192.0.2.0/24", "198.51.100.0/24"]}),
        json!({"allowedCIDRs": ["10.8.0.0/20", "192.0.2.0/24", "198.18.0.1/32"]}),
    );
    let v = judge_one(&[cluster("c1", json!([])), infra]);
    assert_eq!(v.verdict, Restriction::NotEnforced, "{}", v.reason);
    assert!(
        v.reason.contains("not applied the current list"),
        "{}",
        v.reason
    );
}

#[test]
fn requested_cidrs_without_a_load_balancer_are_not_enforced() {
    let vars = json!([
        {"name": "apiServerLoadBalancer", "value": "none"},
        {"name": "apiServerLoadBalancerOctaviaAmphoraAllowedCIDRs", "value": ["192.0.2.0/24"]}
    ]);
    let infra = openstack("c1", json!({"enabled": false}), Value::Null);
    let v = judge_one(&[cluster("c1", vars), infra]);
    assert_eq!(v.verdict, Restriction::NotEnforced, "{}", v.reason);
    assert!(v.reason.contains("floating IP"), "{}", v.reason);
}

#[test]
fn no_load_balancer_and_no_floating_ip_on_a_private_address_is_internal() {
    let mut infra = openstack("c1", Value::Null, Value::Null);
    if let Some(spec) = infra.get_mut("spec").and_then(Value::as_object_mut) {
        spec.insert("disableAPIServerFloatingIP".into(), json!(true));
        spec.insert(
            "controlPlaneEndpoint".into(),
            json!({"host": "10.8.0.50", "port": 6443}),
        );
    }
    let v = judge_one(&[cluster("c1", json!([])), infra.clone()]);
    assert_eq!(v.verdict, Restriction::Restricted, "{}", v.reason);
    assert!(v.reason.starts_with("internal access only"), "{}", v.reason);

    if let Some(spec) = infra.get_mut("spec").and_then(Value::as_object_mut) {
        spec.insert(
            "controlPlaneEndpoint".into(),
            json!({"host": "81.163.192.10", "port": 6443}),
        );
    }
    let v = judge_one(&[cluster("c1", json!([])), infra]);
    assert_eq!(v.verdict, Restriction::Unknown, "{}", v.reason);
}

#[test]
fn capo_v1beta2_field_names_are_read() {
    let infra = json!({
        "apiVersion": "infrastructure.cluster.x-k8s.io/v1beta2", "kind": "OpenStackCluster",
        "metadata": {"name": "c1-infra", "namespace": "t"},
        "spec": {"apiServer": {"managedLoadBalancer": {"enabled": true, "provider": "amphora",
            "allowedCIDRs": ["192.0.2.0/24"]}}},
        "status": {"apiServerManagedLoadBalancer": {"ip": "198.18.0.10",
            "allowedCIDRs": ["10.8.0.0/20", "192.0.2.0/24", "198.18.0.1/32"]},
            "network": {"subnets": [{"cidr": "10.8.0.0/20"}]}, "router": {"ips": ["198.18.0.1"]}}
    });
    let v = judge_one(&[cluster("c1", amphora_vars(json!(["192.0.2.0/24"]))), infra]);
    assert_eq!(v.verdict, Restriction::Restricted, "{}", v.reason);
    assert!(
        v.fields_read.iter().any(|f| f
            == "OpenStackCluster t/c1-infra: status.apiServerManagedLoadBalancer.allowedCIDRs"),
        "{:?}",
        v.fields_read
    );
}

#[test]
fn host_bits_are_warned_about() {
    let infra = openstack(
        "c1",
        json!({"enabled": true, "allowedCIDRs": ["192.0.2.77/24"]}),
        json!({"allowedCIDRs": ["10.8.0.0/20", "192.0.2.77/24", "198.18.0.1/32"]}),
    );
    let v = judge_one(&[cluster("c1", json!([])), infra]);
    assert_eq!(v.verdict, Restriction::Restricted, "{}", v.reason);
    assert!(
        v.warnings
            .iter()
            .any(|w| w.contains("192.0.2.77/24 has host bits set")),
        "{:?}",
        v.warnings
    );
}

#[test]
fn unparsable_requests_are_quoted_in_reasons() {
    let vars = json!([{"name": "restrict_kubeapi", "value": ["none"]}]);
    let infra = openstack("c1", json!({"enabled": true}), json!({"ip": "198.18.0.10"}));
    let v = judge_one(&[cluster("c1", vars), infra]);
    assert_eq!(v.verdict, Restriction::NotEnforced, "{}", v.reason);
    assert!(v.reason.contains("requests [\"none\"]"), "{}", v.reason);
    assert!(v.requested.is_empty());
}
