//! Conversion from k8s-openapi objects: what is taken from where, and typed errors for input the
//! API server would refuse.

use k8s_openapi::api::core::v1 as core;
use serde_json::json;

use super::support::{SCTP, TCP, UDP, convert, named_port};
use crate::netpol::{Cluster, Namespace, NetpolError, Peer, Pod, PolicyPort, PortSpec, Protocol};

fn field_of(err: &NetpolError) -> &str {
    match err {
        NetpolError::InvalidCidr { field, .. }
        | NetpolError::ExceptOutsideCidr { field, .. }
        | NetpolError::InvalidSelectorOperator { field, .. }
        | NetpolError::InvalidSelectorValues { field, .. }
        | NetpolError::InvalidProtocol { field, .. }
        | NetpolError::InvalidPort { field, .. }
        | NetpolError::InvalidEndPort { field, .. }
        | NetpolError::InvalidPeer { field, .. }
        | NetpolError::InvalidPolicyType { field, .. } => field,
        _ => "",
    }
}

fn expect_error(spec: serde_json::Value, field: &str) -> NetpolError {
    let err = match convert("x", "bad", spec) {
        Ok(policy) => panic!("accepted invalid policy: {policy:?}"),
        Err(err) => err,
    };
    assert_eq!(field_of(&err), field, "{err}");
    assert!(
        err.to_string().starts_with("NetworkPolicy x/bad: "),
        "{err}"
    );
    err
}

#[test]
fn bad_cidr_names_policy_and_field() {
    let err = expect_error(
        json!({"egress": [{"to": [{"ipBlock": {"cidr": "10.0.0.300/8"}}]}]}),
        "spec.egress[0].to[0].ipBlock.cidr",
    );
    assert!(err.to_string().contains("\"10.0.0.300/8\""));
    expect_error(
        json!({"ingress": [{"from": [{"ipBlock": {"cidr": "10.0.0.1"}}]}]}),
        "spec.ingress[0].from[0].ipBlock.cidr",
    );
    expect_error(
        json!({"ingress": [{"from": [{"ipBlock": {"cidr": "10.0.0.0/8", "except": ["nope"]}}]}]}),
        "spec.ingress[0].from[0].ipBlock.except[0]",
    );
}

// IPBlock.except: "Except values will be rejected if they are outside the cidr range"
#[test]
fn except_outside_the_cidr_is_rejected() {
    for except in ["11.0.0.0/8", "10.0.0.0/8", "10.0.0.0/7", "2001:db8::/64"] {
        let err = expect_error(
            json!({"ingress": [{"from": [{"ipBlock": {"cidr": "10.0.0.0/8", "except": ["10.1.0.0/16", except]}}]}]}),
            "spec.ingress[0].from[0].ipBlock.except[1]",
        );
        assert!(
            matches!(err, NetpolError::ExceptOutsideCidr { .. }),
            "{except}"
        );
    }
}

#[test]
fn cidr_with_host_bits_is_normalised() {
    let policy = convert(
        "x",
        "p",
        json!({"ingress": [{"from": [{"ipBlock": {"cidr": "10.1.2.3/16"}}]}]}),
    );
    let cidr = policy
        .ok()
        .and_then(|p| match p.ingress.first()?.peers.first()? {
            Peer::IpBlock(block) => Some(block.cidr.to_string()),
            _ => None,
        });
    assert_eq!(cidr.as_deref(), Some("10.1.0.0/16"));
}

#[test]
fn bad_selector_operator_names_policy_and_field() {
    let err = expect_error(
        json!({"ingress": [{"from": [{"namespaceSelector": {"matchExpressions": [
            {"key": "ns", "operator": "in", "values": ["y"]}
        ]}}]}]}),
        "spec.ingress[0].from[0].namespaceSelector.matchExpressions[0].operator",
    );
    assert!(
        matches!(err, NetpolError::InvalidSelectorOperator { ref operator, .. } if operator == "in")
    );
    expect_error(
        json!({"podSelector": {"matchExpressions": [{"key": "pod", "operator": "Exists", "values": ["a"]}]}}),
        "spec.podSelector.matchExpressions[0].values",
    );
}

#[test]
fn bad_protocol_port_and_end_port_are_rejected() {
    expect_error(
        json!({"ingress": [{"ports": [{"protocol": "tcp"}]}]}),
        "spec.ingress[0].ports[0].protocol",
    );
    expect_error(
        json!({"ingress": [{"ports": [{"port": 0}]}]}),
        "spec.ingress[0].ports[0].port",
    );
    expect_error(
        json!({"egress": [{"ports": [{"port": 70000}]}]}),
        "spec.egress[0].ports[0].port",
    );
    expect_error(
        json!({"ingress": [{"ports": [{"port": ""}]}]}),
        "spec.ingress[0].ports[0].port",
    );
}

// NetworkPolicyPort.endPort: "This field cannot be defined if the port field is not defined or if
// the port field is defined as a named (string) port. The endPort must be equal or greater than
// port."
#[test]
fn end_port_rules_mirror_api_validation() {
    for port in [
        json!({"endPort": 90}),
        json!({"port": "web", "endPort": 90}),
        json!({"port": 100, "endPort": 90}),
        json!({"port": 100, "endPort": 65536}),
    ] {
        let err = expect_error(
            json!({"ingress": [{"ports": [port]}]}),
            "spec.ingress[0].ports[0].endPort",
        );
        assert!(matches!(err, NetpolError::InvalidEndPort { .. }));
    }
    let ok = convert(
        "x",
        "p",
        json!({"ingress": [{"ports": [{"port": 90, "endPort": 90, "protocol": "UDP"}]}]}),
    );
    let port = ok
        .ok()
        .and_then(|p| p.ingress.first()?.ports.first().cloned());
    assert_eq!(
        port,
        Some(PolicyPort {
            protocol: UDP,
            port: PortSpec::Range { start: 90, end: 90 }
        })
    );
}

// NetworkPolicyPeer.ipBlock: "If this field is set then neither of the other fields can be."
#[test]
fn invalid_peers_are_rejected() {
    expect_error(
        json!({"ingress": [{"from": [{"ipBlock": {"cidr": "10.0.0.0/8"}, "podSelector": {}}]}]}),
        "spec.ingress[0].from[0]",
    );
    expect_error(
        json!({"egress": [{"to": [{}, {}]}]}),
        "spec.egress[0].to[0]",
    );
}

// NetworkPolicySpec.policyTypes: "Valid options are ["Ingress"], ["Egress"], or ["Ingress",
// "Egress"]."
#[test]
fn unknown_policy_type_is_rejected() {
    expect_error(
        json!({"policyTypes": ["Ingress", "Both"]}),
        "spec.policyTypes[1]",
    );
}

#[test]
fn missing_metadata_is_reported() {
    let np: Result<k8s_openapi::api::networking::v1::NetworkPolicy, _> =
        serde_json::from_value(json!({"metadata": {"name": "p"}, "spec": {}}));
    let err = np.ok().map(|np| crate::netpol::Policy::from_k8s(&np));
    assert!(matches!(
        err,
        Some(Err(NetpolError::MissingMetadata {
            kind: "NetworkPolicy",
            field: "namespace",
            ..
        }))
    ));
}

#[test]
fn pod_conversion_takes_status_ip_and_named_container_ports() {
    let pod: core::Pod = serde_json::from_value(json!({
        "metadata": {"name": "a", "namespace": "x", "labels": {"pod": "a"}},
        "spec": {"containers": [
            {"name": "agnhost", "ports": [
                {"name": "serve-80-tcp", "containerPort": 80},
                {"name": "serve-80-udp", "containerPort": 80, "protocol": "UDP"},
                {"containerPort": 9000}
            ]},
            {"name": "sidecar", "ports": [{"name": "metrics", "containerPort": 9090, "protocol": "SCTP"}]}
        ]},
        "status": {"podIP": "10.244.1.5"}
    }))
    .expect("pod JSON");
    let converted = Pod::from_k8s(&pod).expect("valid pod");
    assert_eq!(converted.key(), "x/a");
    assert_eq!(
        converted.ip.map(|ip| ip.to_string()).as_deref(),
        Some("10.244.1.5")
    );
    assert_eq!(
        converted.named_ports,
        vec![
            named_port("serve-80-tcp", 80, TCP),
            named_port("serve-80-udp", 80, UDP),
            named_port("metrics", 9090, SCTP),
        ]
    );
    assert_eq!(
        converted.resolve_port("serve-80-udp", Protocol::Udp),
        Some(80)
    );
    assert_eq!(converted.resolve_port("serve-80-udp", Protocol::Tcp), None);

    let pending: core::Pod = serde_json::from_value(json!({
        "metadata": {"name": "p", "namespace": "x"}, "spec": {"containers": []}
    }))
    .expect("pod JSON");
    assert_eq!(Pod::from_k8s(&pending).map(|p| p.ip), Ok(None));
}

#[test]
fn pod_with_garbage_ip_or_port_is_rejected() {
    let bad_ip: core::Pod = serde_json::from_value(json!({
        "metadata": {"name": "a", "namespace": "x"}, "status": {"podIP": "10.0.0"}
    }))
    .expect("pod JSON");
    assert!(matches!(
        Pod::from_k8s(&bad_ip),
        Err(NetpolError::InvalidPodIp { .. })
    ));

    let bad_port: core::Pod = serde_json::from_value(json!({
        "metadata": {"name": "a", "namespace": "x"},
        "spec": {"containers": [{"name": "c", "ports": [{"name": "p", "containerPort": 0}]}]}
    }))
    .expect("pod JSON");
    let err = Pod::from_k8s(&bad_port);
    assert!(
        matches!(&err, Err(NetpolError::InvalidPort { field, .. }) if field == "spec.containers[0].ports[0].containerPort")
    );
}

#[test]
fn cluster_conversion_keeps_order_and_namespace_labels() {
    let ns: core::Namespace = serde_json::from_value(json!({
        "metadata": {"name": "x", "labels": {"kubernetes.io/metadata.name": "x", "team": "a"}}
    }))
    .expect("namespace JSON");
    let pods: Vec<core::Pod> = ["b", "a"]
        .iter()
        .map(|n| {
            serde_json::from_value(json!({"metadata": {"name": n, "namespace": "x"}}))
                .expect("pod JSON")
        })
        .collect();
    let policies = vec![super::support::np("x", "p", json!({"podSelector": {}}))];
    let cluster = Cluster::from_k8s(&[ns], &pods, &policies).expect("valid snapshot");
    assert_eq!(
        cluster.namespaces,
        vec![Namespace {
            name: "x".into(),
            labels: [("kubernetes.io/metadata.name", "x"), ("team", "a")]
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect()
        }]
    );
    let order: Vec<String> = cluster.pods.iter().map(Pod::key).collect();
    assert_eq!(order, vec!["x/b", "x/a"]);
    assert_eq!(cluster.policies.len(), 1);
}
