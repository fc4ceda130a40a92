//! Behaviour tests of the kube-API check over real fixtures and built objects.

mod adapters;
mod fixtures;
mod hardening_items;
mod ipv6;
mod props;

use serde_json::{Value, json};

/// Reads a `kind: List` fixture from `tests/fixtures/mgmt/`.
fn mgmt_fixture(name: &str) -> Vec<Value> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mgmt/");
    let path = format!("{dir}{name}");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let list: Value =
        serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("cannot parse {path}: {e}"));
    vec![list]
}

/// A v1beta1 Cluster pointing at `OpenStackCluster <name>-infra`.
fn cluster(name: &str, variables: Value) -> Value {
    json!({
        "apiVersion": "cluster.x-k8s.io/v1beta1", "kind": "Cluster",
        "metadata": {"name": name, "namespace": "t"},
        "spec": {
            "controlPlaneEndpoint": {"host": "198.18.0.10", "port": 6443},
            "infrastructureRef": {"apiVersion": "infrastructure.cluster.x-k8s.io/v1beta1",
                "kind": "OpenStackCluster", "name": format!("{name}-infra"), "namespace": "t"},
            "topology": {"class": "openstack-scs2-1-33-v2", "version": "v1.33.6", "variables": variables}
        }
    })
}

/// A v1beta1 OpenStackCluster for `cluster(name, ..)` with the given API load balancer spec and
/// status, node subnet 10.8.0.0/20 and router IP 198.18.0.1.
fn openstack(name: &str, lb_spec: Value, lb_status: Value) -> Value {
    let mut infra = json!({
        "apiVersion": "infrastructure.cluster.x-k8s.io/v1beta1", "kind": "OpenStackCluster",
        "metadata": {"name": format!("{name}-infra"), "namespace": "t"},
        "spec": {"controlPlaneEndpoint": {"host": "198.18.0.10", "port": 6443}},
        "status": {"network": {"subnets": [{"cidr": "10.8.0.0/20"}]}, "router": {"ips": ["198.18.0.1"]}}
    });
    if !lb_spec.is_null()
        && let Some(spec) = infra.get_mut("spec").and_then(Value::as_object_mut)
    {
        spec.insert("apiServerLoadBalancer".into(), lb_spec);
    }
    if !lb_status.is_null()
        && let Some(status) = infra.get_mut("status").and_then(Value::as_object_mut)
    {
        status.insert("apiServerLoadBalancer".into(), lb_status);
    }
    infra
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_string()).collect()
}
