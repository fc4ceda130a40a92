//! The topologies a run creates and their objects.

use crate::netcheck::{AGNHOST_IMAGE, TopologyKind, plan};
use crate::netpol::Labels;
use crate::netpol::catalogue::{XA, YC};

#[test]
fn the_catalogue_needs_a_main_and_an_sctp_topology() {
    let (topologies, left_out) = plan("abc12", |_| true);
    assert!(left_out.is_empty());
    let shape: Vec<_> = topologies
        .iter()
        .map(|t| {
            (
                t.kind,
                t.names.x.clone(),
                t.pods.len(),
                t.ports.clone(),
                t.protocols.len(),
                t.scenarios.len(),
            )
        })
        .collect();
    assert_eq!(
        shape,
        vec![
            (
                TopologyKind::Main,
                "netpol-x-abc12".to_owned(),
                8,
                vec![80, 81],
                2,
                45
            ),
            (
                TopologyKind::Sctp,
                "sctp-network-policy-x-abc12".to_owned(),
                5,
                vec![80, 81],
                1,
                3
            ),
        ]
    );
}

#[test]
fn selection_drops_topologies_without_scenarios() {
    let (topologies, left_out) = plan("r", |name| !name.contains("Feature:SCTPConnectivity"));
    assert_eq!(topologies.len(), 1);
    assert_eq!(left_out.len(), 3);
    let (none, all_out) = plan("r", |_| false);
    assert!(none.is_empty());
    assert_eq!(all_out.len(), 48);
}

#[test]
fn objects_look_like_upstream_ones_plus_the_common_labels() {
    let (topologies, _) = plan("r", |_| true);
    let Some(main) = topologies.first() else {
        panic!("no topology")
    };
    let common = Labels::from([(
        "app.kubernetes.io/managed-by".to_owned(),
        "kubectl-scs".to_owned(),
    )]);
    let pod = serde_json::to_value(main.pod(XA, AGNHOST_IMAGE, &common)).unwrap_or_default();
    assert_eq!(pod["metadata"]["name"], "a");
    assert_eq!(pod["metadata"]["namespace"], "netpol-x-r");
    assert_eq!(pod["metadata"]["labels"]["pod"], "a");
    assert_eq!(
        pod["metadata"]["labels"]["app.kubernetes.io/managed-by"],
        "kubectl-scs"
    );
    let container = &pod["spec"]["containers"][0];
    assert_eq!(container["name"], "agnhost");
    assert_eq!(
        container["command"],
        serde_json::json!(["/agnhost", "porter"])
    );
    assert_eq!(
        container["env"][0],
        serde_json::json!({"name": "SERVE_TCP_PORT_80", "value": "foo"})
    );
    assert_eq!(
        container["env"][1],
        serde_json::json!({"name": "SERVE_UDP_PORT_80", "value": "foo"})
    );
    assert_eq!(
        container["ports"][3],
        serde_json::json!({"name": "serve-81-udp", "containerPort": 81, "protocol": "UDP"})
    );
    assert_eq!(pod["spec"]["terminationGracePeriodSeconds"], 0);
    assert_eq!(pod["spec"]["nodeSelector"]["kubernetes.io/os"], "linux");

    let svc = serde_json::to_value(main.service(YC, &common)).unwrap_or_default();
    assert_eq!(svc["metadata"]["name"], "s-netpol-y-r-c");
    assert_eq!(svc["spec"]["selector"], serde_json::json!({"pod": "c"}));
    assert_eq!(
        svc["spec"]["ports"][1],
        serde_json::json!({"name": "service-port-udp-80", "port": 80, "protocol": "UDP", "targetPort": 80})
    );
    let namespaces = main.namespaces(&common);
    let labels: Vec<_> = namespaces
        .iter()
        .map(|n| n.metadata.labels.clone().unwrap_or_default())
        .collect();
    assert_eq!(
        labels
            .first()
            .and_then(|l| l.get("kubernetes.io/metadata.name"))
            .map(String::as_str),
        Some("netpol-x-r")
    );
    assert_eq!(
        labels.get(2).and_then(|l| l.get("ns")).map(String::as_str),
        Some("z")
    );
}
