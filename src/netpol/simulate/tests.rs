//! Unit tests of the simulation inputs, probes and answers.

use std::net::IpAddr;

use serde_json::{Value, json};

use crate::netpol::simulate::{
    EndpointArg, Input, PolicyFile, PolicyMode, ProbePort, Side, SimulateError, SkipReason, answer,
    overlay, reachability,
};
use crate::netpol::{Endpoint, Engine, NAMESPACE_NAME_LABEL, NetpolError, Protocol};

fn pod(ns: &str, name: &str, ip: &str, ports: Value) -> Value {
    json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "namespace": ns, "labels": {"pod": name}},
        "spec": {"containers": [{"name": "c", "ports": ports}]},
        "status": {"phase": "Running", "podIP": ip},
    })
}

fn policy(ns: &str, name: &str, spec: Value) -> Value {
    json!({
        "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
        "metadata": {"name": name, "namespace": ns},
        "spec": spec,
    })
}

fn web_ports(number: u16) -> Value {
    json!([{"name": "web", "containerPort": number, "protocol": "TCP"}])
}

fn input(objects: &[Value]) -> Input {
    Input::from_objects(objects).unwrap_or_default()
}

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))
}

#[test]
fn probe_ports_parse_numbers_and_port_names() {
    assert_eq!(ProbePort::parse("80"), Ok(ProbePort::Number(80)));
    assert_eq!(ProbePort::parse("65535"), Ok(ProbePort::Number(65535)));
    assert_eq!(
        ProbePort::parse("serve-80-tcp"),
        Ok(ProbePort::Name("serve-80-tcp".into()))
    );
    for bad in [
        "0",
        "65536",
        "",
        "Http",
        "-web",
        "web-",
        "a--b",
        "1234567890abcdef",
        "we b",
    ] {
        assert!(ProbePort::parse(bad).is_err(), "{bad:?} must be refused");
    }
    assert_eq!(
        serde_json::to_value(ProbePort::Number(81)).ok(),
        Some(json!(81))
    );
    assert_eq!(
        serde_json::to_value(ProbePort::Name("http".into())).ok(),
        Some(json!("http"))
    );
}

#[test]
fn targets_parse_pods_and_addresses() {
    assert_eq!(
        EndpointArg::parse("x/a"),
        Ok(EndpointArg::Pod {
            namespace: Some("x".into()),
            name: "a".into()
        })
    );
    assert_eq!(
        EndpointArg::parse("web-1"),
        Ok(EndpointArg::Pod {
            namespace: None,
            name: "web-1".into()
        })
    );
    assert_eq!(
        EndpointArg::parse("2001:db8::1"),
        Ok(EndpointArg::Ip(ip("2001:db8::1")))
    );
    assert_eq!(
        EndpointArg::parse("10.0.0.1"),
        Ok(EndpointArg::Ip(ip("10.0.0.1")))
    );
    for bad in ["", "x/", "/a", "x/a/b", "x y", "x/a b"] {
        assert!(EndpointArg::parse(bad).is_err(), "{bad:?} must be refused");
    }
}

#[test]
fn objects_become_a_sorted_cluster_without_host_network_or_finished_pods() {
    let mut host = pod("kube-system", "proxy", "192.168.0.1", json!([]));
    host["spec"]["hostNetwork"] = json!(true);
    let mut done = pod("x", "job", "10.0.0.9", json!([]));
    done["status"]["phase"] = json!("Succeeded");
    let objects = [
        pod("y", "a", "10.0.1.1", json!([])),
        pod("x", "b", "10.0.0.2", json!([])),
        host,
        done,
        pod("x", "a", "10.0.0.1", json!([])),
        json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s", "namespace": "x"}}),
        // A later copy of the same pod wins.
        pod("x", "b", "10.0.0.3", json!([])),
    ];
    let input = input(&objects);
    let keys: Vec<String> = input.cluster.pods.iter().map(|p| p.key()).collect();
    assert_eq!(keys, ["x/a", "x/b", "y/a"]);
    assert_eq!(
        input.cluster.pods.get(1).and_then(|p| p.ip),
        Some(ip("10.0.0.3"))
    );
    let skipped: Vec<(&str, SkipReason)> = input
        .skipped
        .iter()
        .map(|s| (s.pod.as_str(), s.reason))
        .collect();
    assert_eq!(
        skipped,
        [
            ("kube-system/proxy", SkipReason::HostNetwork),
            ("x/job", SkipReason::Finished)
        ]
    );
    assert_eq!(input.undescribed_namespaces(), ["x", "y"]);
}

#[test]
fn namespaces_always_carry_their_name_label() {
    let objects = [
        json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "x", "labels": {"team": "blue"}}}),
    ];
    let input = input(&objects);
    let labels = input.cluster.namespaces.first().map(|n| n.labels.clone());
    assert_eq!(
        labels.and_then(|l| l.get(NAMESPACE_NAME_LABEL).cloned()),
        Some("x".to_string())
    );
    assert!(input.undescribed_namespaces().is_empty());
}

#[test]
fn undecodable_objects_name_themselves() {
    let mut bad = pod("x", "a", "10.0.0.1", json!([]));
    bad["spec"]["containers"] = json!("not a list");
    let err = Input::from_objects(&[bad]).err();
    assert!(
        matches!(&err, Some(NetpolError::InvalidObject { kind: "Pod", object, .. }) if object == "Pod x/a"),
        "{err:?}"
    );
    let unquoted = json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": true}});
    let message = Input::from_objects(&[unquoted])
        .err()
        .map(|e| e.to_string());
    assert!(
        message
            .as_deref()
            .is_some_and(|m| m.starts_with("Namespace true: not a valid Namespace")),
        "{message:?}"
    );
}

#[test]
fn policy_files_default_the_namespace_and_count_other_objects() {
    let mut loose = policy("x", "p", json!({"podSelector": {}}));
    if let Some(meta) = loose["metadata"].as_object_mut() {
        meta.remove("namespace");
    }
    let objects = [loose.clone(), pod("x", "a", "10.0.0.1", json!([]))];
    let file = PolicyFile::from_objects(&objects, Some("team")).unwrap_or_default();
    let keys: Vec<String> = file.policies.iter().map(|p| p.key()).collect();
    assert_eq!(keys, ["team/p"]);
    assert_eq!(file.ignored, 1);
    assert!(matches!(
        PolicyFile::from_objects(&[loose], None),
        Err(NetpolError::MissingMetadata {
            field: "namespace",
            ..
        })
    ));
}

#[test]
fn overlay_adds_and_replaces_by_namespace_and_name() {
    let base = input(&[
        policy("x", "deny", json!({"podSelector": {}})),
        policy("x", "keep", json!({"podSelector": {}})),
    ]);
    let file = PolicyFile::from_objects(
        &[
            policy(
                "x",
                "deny",
                json!({"podSelector": {"matchLabels": {"pod": "a"}}}),
            ),
            policy("y", "deny", json!({"podSelector": {}})),
        ],
        None,
    )
    .unwrap_or_default();

    let mut added = base.cluster.policies.clone();
    let report = overlay(&mut added, file.policies.clone(), PolicyMode::Add);
    let keys: Vec<String> = added.iter().map(|p| p.key()).collect();
    assert_eq!(keys, ["x/deny", "x/keep", "y/deny"]);
    assert_eq!(report.replaced, ["x/deny"]);
    assert_eq!(report.added, ["y/deny"]);
    assert!(report.dropped.is_empty());
    assert!(
        added
            .first()
            .is_some_and(|p| !p.pod_selector.match_labels.is_empty()),
        "the file's x/deny must replace the original"
    );

    let mut replaced = base.cluster.policies.clone();
    let report = overlay(&mut replaced, file.policies, PolicyMode::Replace);
    let keys: Vec<String> = replaced.iter().map(|p| p.key()).collect();
    assert_eq!(keys, ["x/deny", "y/deny"]);
    assert_eq!(report.dropped, ["x/keep"]);
}

/// x/a serves `web` on 80, x/b on 8080, x/c not at all; x/b admits only TCP 8080.
fn web_cluster() -> Input {
    input(&[
        pod("x", "a", "10.0.0.1", web_ports(80)),
        pod("x", "b", "10.0.0.2", web_ports(8080)),
        pod("x", "c", "10.0.0.3", json!([])),
        policy(
            "x",
            "b-8080",
            json!({
                "podSelector": {"matchLabels": {"pod": "b"}},
                "ingress": [{"ports": [{"port": 8080}]}],
            }),
        ),
    ])
}

#[test]
fn named_ports_resolve_per_destination() {
    let input = web_cluster();
    let engine = Engine::new(&input.cluster);
    let web = ProbePort::Name("web".into());
    let reach = reachability(&engine, &web, Protocol::Tcp);
    assert_eq!(reach.unresolved, ["x/c"]);
    // Columns: x/a open on 80, x/b open on its 8080, x/c declares no `web`.
    assert_eq!(
        reach.matrix.render(),
        "-\tx/a\tx/b\tx/c\nx/a\t.\t.\tX\nx/b\t.\t.\tX\nx/c\t.\t.\tX"
    );
    // By number, x/b is closed on 80 and x/c open.
    let on_80 = reachability(&engine, &ProbePort::Number(80), Protocol::Tcp);
    assert!(on_80.unresolved.is_empty());
    assert_eq!(on_80.matrix.lookup("x/a", "x/b"), Some(false));
    assert_eq!(on_80.matrix.lookup("x/a", "x/c"), Some(true));
    // UDP: nobody declares web/UDP.
    let udp = reachability(&engine, &web, Protocol::Udp);
    assert_eq!(udp.unresolved.len(), 3);
    assert_eq!(udp.matrix.allowed.iter().filter(|a| !**a).count(), 9);
}

#[test]
fn reachability_json_is_the_matrix_json_with_the_port_as_asked() {
    let input = web_cluster();
    let engine = Engine::new(&input.cluster);
    let by_number = reachability(&engine, &ProbePort::Number(80), Protocol::Tcp);
    assert_eq!(
        serde_json::to_value(&by_number).ok(),
        serde_json::to_value(engine.matrix(80, Protocol::Tcp)).ok()
    );
    let named = serde_json::to_value(reachability(
        &engine,
        &ProbePort::Name("web".into()),
        Protocol::Tcp,
    ))
    .unwrap_or_default();
    assert_eq!(named["port"], "web");
    assert_eq!(named["cells"].as_array().map(Vec::len), Some(9));
}

#[test]
fn answers_name_rules_by_field_path() {
    let input = input(&[
        pod("x", "a", "10.0.0.1", web_ports(80)),
        pod("y", "b", "10.0.1.1", web_ports(80)),
        policy(
            "x",
            "out",
            json!({
                "podSelector": {"matchLabels": {"pod": "a"}},
                "policyTypes": ["Egress"],
                "egress": [
                    {"ports": [{"port": 53, "protocol": "UDP"}]},
                    {"to": [{"ipBlock": {"cidr": "192.0.2.0/24"}}, {"namespaceSelector": {}}], "ports": [{"port": 443}, {"port": "web"}]},
                ],
            }),
        ),
    ]);
    let engine = Engine::new(&input.cluster);
    let a = Endpoint::Pod(0);
    let b = Endpoint::Pod(1);
    let web = ProbePort::Name("web".into());
    let got = answer(&engine, a, b, &web, Protocol::Tcp);
    let got = got.as_ref().ok();
    assert_eq!(got.map(|a| a.allowed), Some(true));
    assert_eq!(got.and_then(|a| a.resolved_port), Some(80));
    assert_eq!(
        got.and_then(|a| a.egress.clone()),
        Some(Side::Admitted {
            pod: "x/a".into(),
            policy: "x/out".into(),
            rule: "spec.egress[1]".into(),
            peer: Some("spec.egress[1].to[1]".into()),
            port: Some("spec.egress[1].ports[1]".into()),
        })
    );
    assert_eq!(
        got.and_then(|a| a.ingress.clone()),
        Some(Side::NotIsolated { pod: "y/b".into() })
    );

    let outside = Endpoint::External(ip("198.51.100.7"));
    let denied = answer(&engine, a, outside, &ProbePort::Number(443), Protocol::Tcp);
    let denied = denied.as_ref().ok();
    assert_eq!(denied.map(|a| a.allowed), Some(false));
    assert_eq!(
        denied.and_then(|a| a.egress.clone()),
        Some(Side::Denied {
            pod: "x/a".into(),
            policies: vec!["x/out".into()],
        })
    );
    assert_eq!(
        denied.and_then(|a| a.ingress.clone()),
        Some(Side::NotApplicable)
    );
}

#[test]
fn answers_refuse_questions_without_a_pod_or_port() {
    let input = web_cluster();
    let engine = Engine::new(&input.cluster);
    let out = |text: &str| Endpoint::External(ip(text));
    assert!(matches!(
        answer(
            &engine,
            out("192.0.2.1"),
            out("192.0.2.2"),
            &ProbePort::Number(80),
            Protocol::Tcp
        ),
        Err(SimulateError::BothExternal { .. })
    ));
    let web = ProbePort::Name("web".into());
    assert!(matches!(
        answer(
            &engine,
            Endpoint::Pod(0),
            out("192.0.2.2"),
            &web,
            Protocol::Tcp
        ),
        Err(SimulateError::NamedPortToExternal { .. })
    ));
    // x/c declares no `web`: blocked, nothing evaluated.
    let unresolved = answer(
        &engine,
        Endpoint::Pod(0),
        Endpoint::Pod(2),
        &web,
        Protocol::Tcp,
    );
    let unresolved = unresolved.as_ref().ok();
    assert_eq!(unresolved.map(|a| a.allowed), Some(false));
    assert_eq!(unresolved.and_then(|a| a.resolved_port), None);
    assert!(unresolved.is_some_and(|a| a.egress.is_none() && a.ingress.is_none()));
    assert!(unresolved.is_some_and(|a| {
        a.explanation
            .contains("x/c declares no TCP container port named web")
    }));
}

#[test]
fn targets_resolve_pods_bare_names_and_pod_addresses() {
    let input = web_cluster();
    let engine = Engine::new(&input.cluster);
    let resolve = |text: &str, ns: Option<&str>| {
        EndpointArg::parse(text)
            .map_err(|_| SimulateError::UnknownPod {
                flag: "--from",
                pod: text.into(),
            })
            .and_then(|t| t.resolve(&engine, "--from", ns))
    };
    assert_eq!(
        resolve("x/b", None).map(|r| r.endpoint),
        Ok(Endpoint::Pod(1))
    );
    assert_eq!(
        resolve("c", Some("x")).map(|r| r.endpoint),
        Ok(Endpoint::Pod(2))
    );
    assert!(matches!(
        resolve("c", None),
        Err(SimulateError::NoNamespace { .. })
    ));
    assert!(matches!(
        resolve("y/c", None),
        Err(SimulateError::UnknownPod { .. })
    ));
    let by_ip = resolve("10.0.0.2", None);
    assert_eq!(
        by_ip.as_ref().map(|r| (r.endpoint, r.pod_of_ip)),
        Ok((Endpoint::Pod(1), true))
    );
    let external = resolve("10.9.9.9", None);
    assert_eq!(
        external.map(|r| (r.endpoint, r.pod_of_ip)),
        Ok((Endpoint::External(ip("10.9.9.9")), false))
    );
}

proptest::proptest! {
    #[test]
    fn parsers_never_panic(text in "\\PC{0,40}") {
        let _ = ProbePort::parse(&text);
        let _ = EndpointArg::parse(&text);
    }

    /// A name every pod declares at the same number gives that number's matrix.
    #[test]
    fn a_shared_port_name_equals_its_number(
        number in 1u16..2000,
        isolated in proptest::collection::vec(proptest::bool::ANY, 4),
    ) {
        let mut objects: Vec<Value> = (0..4)
            .map(|i| pod("x", &format!("p{i}"), &format!("10.0.0.{i}"), web_ports(number)))
            .collect();
        for (i, on) in isolated.iter().enumerate() {
            if *on {
                objects.push(policy("x", &format!("only-{i}"), json!({
                    "podSelector": {"matchLabels": {"pod": format!("p{i}")}},
                    "ingress": [{"ports": [{"port": "web"}], "from": [{"podSelector": {"matchLabels": {"pod": "p0"}}}]}],
                })));
            }
        }
        let input = input(&objects);
        let engine = Engine::new(&input.cluster);
        let named = reachability(&engine, &ProbePort::Name("web".into()), Protocol::Tcp);
        let numbered = reachability(&engine, &ProbePort::Number(number), Protocol::Tcp);
        proptest::prop_assert!(named.unresolved.is_empty());
        proptest::prop_assert_eq!(named.matrix.allowed, numbered.matrix.allowed);
    }
}
