//! Findings per rule on the small dumps in tests/fixtures/netpol/audit, the hints' policies, and
//! properties over random clusters checked against the engine's matrices.

use std::net::IpAddr;

use k8s_openapi::api::core::v1 as core;
use k8s_openapi::api::networking::v1 as net;
use proptest::prelude::*;
use serde_json::json;

use super::findings::Subject;
use super::posture::pod_postures;
use super::{Audit, Code, Options, Severity, audit, hints};
use crate::cni::detect_cni;
use crate::kube::dump;
use crate::netpol::simulate::Input;
use crate::netpol::tests::properties::cluster as random_cluster;
use crate::netpol::{Cluster, Direction, Endpoint, Engine, Policy, Protocol, Selector, Workload};

fn fixture(name: &str) -> (Input, Options) {
    let path = format!(
        "{}/tests/fixtures/netpol/audit/{name}.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let objects = dump::parse_dump(&path, &text).unwrap_or_default();
    let input = Input::from_objects(&objects).unwrap_or_default();
    let options = Options {
        whole_cluster: true,
        namespaces_listed: true,
        cni: Some(detect_cni(&objects)),
    };
    (input, options)
}

/// Everything read, CNI unknown.
fn whole_cluster() -> Options {
    Options {
        whole_cluster: true,
        namespaces_listed: true,
        cni: None,
    }
}

fn run(name: &str) -> Audit {
    let (input, options) = fixture(name);
    audit(&input, &options)
}

/// `(code, first object)` of every finding with that code.
fn with_code(audit: &Audit, code: Code) -> Vec<(Severity, String)> {
    audit
        .findings
        .iter()
        .filter(|f| f.code == code)
        .map(|f| (f.severity, f.objects.join(", ")))
        .collect()
}

fn pairs(items: &[(Severity, &str)]) -> Vec<(Severity, String)> {
    items.iter().map(|(s, o)| (*s, (*o).to_owned())).collect()
}

#[test]
fn posture_groups_pods_by_workload_and_scores_system_namespaces_apart() {
    let audit = run("posture");
    let shop = audit.namespaces.iter().find(|n| n.name == "shop");
    let workloads: Vec<(String, String, usize)> = shop
        .map(|ns| {
            ns.workloads
                .iter()
                .map(|w| (w.kind.clone(), w.name.clone(), w.pods))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        workloads,
        [
            ("Deployment".into(), "web".into(), 2),
            ("Pod".into(), "debug".into(), 1),
            ("StatefulSet".into(), "db".into(), 1),
        ]
    );
    assert_eq!(audit.summary.tenant.workloads, 3);
    assert_eq!(audit.summary.tenant.ingress_open, 2);
    assert_eq!(audit.summary.tenant.without_default_deny, 1);
    assert_eq!(audit.summary.system.workloads, 1);
    assert!(
        audit
            .summary
            .line
            .starts_with("2 of 3 workloads accept ingress from anywhere"),
        "{}",
        audit.summary.line
    );
    assert_eq!(
        with_code(&audit, Code::IngressNotIsolated),
        pairs(&[
            (Severity::Warning, "Deployment shop/web"),
            (Severity::Warning, "Pod shop/debug"),
            (Severity::Info, "Deployment kube-system/coredns"),
        ])
    );
    assert_eq!(
        with_code(&audit, Code::NoDefaultDeny),
        pairs(&[
            (Severity::Warning, "Namespace shop"),
            (Severity::Info, "Namespace kube-system"),
        ])
    );
    // The host-network Cilium agent is left out of the posture but shows the CNI.
    assert_eq!(audit.cni.as_deref(), Some("cilium"));
}

#[test]
fn policies_that_do_nothing_are_found_by_their_effect() {
    let audit = run("unused");
    let codes: Vec<(Code, String)> = audit
        .findings
        .iter()
        .filter(|f| f.namespace.as_deref() == Some("shop") && f.severity != Severity::Info)
        .map(|f| (f.code, f.objects.join(", ")))
        .collect();
    assert_eq!(
        codes,
        [
            (
                Code::PodSelectorMatchesNothing,
                "NetworkPolicy shop/ghost".to_owned()
            ),
            (
                Code::NamespaceSelectorMatchesNothing,
                "NetworkPolicy shop/from-prod spec.ingress[0]".to_owned()
            ),
            (
                Code::NamedPortUnresolved,
                "NetworkPolicy shop/metrics spec.ingress[0]".to_owned()
            ),
            (
                Code::RulesIgnored,
                "NetworkPolicy shop/egress-only".to_owned()
            ),
        ]
    );
    let hint = audit
        .findings
        .iter()
        .find(|f| f.code == Code::NamespaceSelectorMatchesNothing)
        .and_then(|f| f.hint.clone())
        .unwrap_or_default();
    assert!(hint.contains("kubernetes.io/metadata.name: prod"), "{hint}");
    // The narrower rule is covered by "every pod of shop"; of the two deny-alls only the first
    // is flagged, so removing everything flagged together still isolates shop.
    assert_eq!(
        with_code(&audit, Code::RuleShadowed),
        pairs(&[(
            Severity::Info,
            "NetworkPolicy shop/web-from-shop spec.ingress[0]"
        )])
    );
    assert_eq!(
        with_code(&audit, Code::PolicyRedundant),
        pairs(&[
            (Severity::Info, "NetworkPolicy shop/deny-all"),
            (Severity::Info, "NetworkPolicy shop/from-prod"),
            (Severity::Info, "NetworkPolicy shop/metrics"),
        ])
    );
}

#[test]
fn traps_dns_ipblock_sctp_and_terminating_namespaces() {
    let audit = run("traps");
    assert_eq!(
        with_code(&audit, Code::EgressWithoutDns),
        pairs(&[(Severity::Error, "Pod shop/web")])
    );
    let dns = audit
        .findings
        .iter()
        .find(|f| f.code == Code::EgressWithoutDns);
    assert!(
        dns.and_then(|f| f.hint.as_deref())
            .is_some_and(|h| h.contains("k8s-app: kube-dns") && h.contains("port: 53"))
    );
    assert_eq!(
        with_code(&audit, Code::IpBlockContainsClusterAddresses),
        pairs(&[(
            Severity::Warning,
            "NetworkPolicy shop/web-to-internal spec.egress[0]"
        )])
    );
    let ip_block = audit
        .findings
        .iter()
        .find(|f| f.code == Code::IpBlockContainsClusterAddresses);
    assert!(ip_block.is_some_and(|f| f.message.contains("4 pod IPs")
        && f.message.contains("1 Service cluster IPs (e.g. shop/web)")));
    assert!(
        ip_block
            .and_then(|f| f.hint.as_deref())
            .is_some_and(|h| h.contains("except: [10.244.0.0/22, 10.96.12.7/32]")),
        "{ip_block:?}"
    );
    assert_eq!(
        with_code(&audit, Code::SctpUnsupported),
        pairs(&[(Severity::Warning, "NetworkPolicy shop/sip-sctp")])
    );
    assert_eq!(
        with_code(&audit, Code::NamespaceTerminating),
        pairs(&[(Severity::Warning, "NetworkPolicy old/deny-all")])
    );
    // A default-deny is never called redundant: it isolates pods started later too.
    assert!(with_code(&audit, Code::PolicyRedundant).is_empty());
}

#[test]
fn sctp_and_enforcement_follow_the_cni() {
    let (input, mut options) = fixture("traps");
    options.cni = None;
    let without = audit(&input, &options);
    assert!(with_code(&without, Code::SctpUnsupported).is_empty());
    let flannel = json!({
        "apiVersion": "apps/v1", "kind": "DaemonSet",
        "metadata": {"name": "kube-flannel-ds", "namespace": "kube-flannel"},
        "spec": {"template": {"spec": {"containers": [{"name": "f", "image": "flannel/flannel:v0.25"}]}}}
    });
    options.cni = Some(detect_cni(&[flannel]));
    let on_flannel = audit(&input, &options);
    assert_eq!(
        with_code(&on_flannel, Code::CniDoesNotEnforce),
        pairs(&[(Severity::Error, "DaemonSet kube-flannel/kube-flannel-ds")])
    );
}

#[test]
fn dns_stand_in_when_no_dns_pod_was_read() {
    // Only namespace shop read: the rule to kube-system/k8s-app=kube-dns still counts.
    let (mut input, options) = fixture("traps");
    input.cluster.pods.retain(|p| p.namespace == "shop");
    let audit = audit(&input, &options);
    assert_eq!(
        with_code(&audit, Code::EgressWithoutDns),
        pairs(&[(Severity::Error, "Pod shop/web")])
    );
}

#[test]
fn workloads_are_named_after_their_controller() {
    let pod = |owner: Option<(&str, &str)>, hash: Option<&str>| {
        let mut value = json!({"metadata": {"name": "p-1", "namespace": "x", "labels": {}}});
        if let Some(h) = hash {
            value["metadata"]["labels"]["pod-template-hash"] = json!(h);
        }
        if let Some((kind, name)) = owner {
            value["metadata"]["ownerReferences"] = json!([{
                "apiVersion": "apps/v1", "kind": kind, "name": name, "uid": "u", "controller": true
            }]);
        }
        serde_json::from_value::<core::Pod>(value).unwrap_or_default()
    };
    let of = |p: &core::Pod| {
        let w = Workload::of_pod(p);
        (w.kind, w.name)
    };
    let want = |k: &str, n: &str| (k.to_owned(), n.to_owned());
    assert_eq!(
        of(&pod(Some(("ReplicaSet", "web-7d9c5b")), Some("7d9c5b"))),
        want("Deployment", "web")
    );
    assert_eq!(
        of(&pod(Some(("ReplicaSet", "plain")), None)),
        want("ReplicaSet", "plain")
    );
    assert_eq!(
        of(&pod(Some(("StatefulSet", "db")), None)),
        want("StatefulSet", "db")
    );
    assert_eq!(
        of(&pod(Some(("DaemonSet", "agent")), None)),
        want("DaemonSet", "agent")
    );
    assert_eq!(
        of(&pod(Some(("Job", "backup-290"),), None)),
        want("Job", "backup-290")
    );
    assert_eq!(of(&pod(None, None)), want("Pod", "p-1"));
}

/// The YAML after a hint's first line, read back as the API server would.
fn hint_policy(hint: &str) -> Policy {
    let yaml = hint
        .split_once('\n')
        .map(|(_, rest)| rest)
        .unwrap_or_default();
    let raw: net::NetworkPolicy = serde_saphyr::from_str(yaml).unwrap_or_default();
    Policy::from_k8s(&raw).unwrap_or_else(|e| panic!("hint does not convert: {e}\n{yaml}"))
}

#[test]
fn the_default_deny_hint_isolates_and_keeps_dns() {
    let (mut input, options) = fixture("posture");
    let before = audit(&input, &options);
    let hint = before
        .findings
        .iter()
        .find(|f| f.code == Code::NoDefaultDeny && f.namespace.as_deref() == Some("shop"))
        .and_then(|f| f.hint.clone())
        .unwrap_or_default();
    input.cluster.policies.push(hint_policy(&hint));
    let after = audit(&input, &options);
    let shop = |a: &Audit| {
        a.findings
            .iter()
            .filter(|f| f.namespace.as_deref() == Some("shop"))
            .map(|f| f.code)
            .collect::<Vec<_>>()
    };
    assert!(shop(&before).contains(&Code::IngressNotIsolated));
    assert_eq!(shop(&after), Vec::<Code>::new(), "{:?}", after.findings);
}

#[test]
fn the_dns_hint_repairs_name_resolution() {
    let (mut input, options) = fixture("traps");
    let hint = hints::allow_dns("shop");
    input.cluster.policies.push(hint_policy(&hint));
    let audit = audit(&input, &options);
    assert!(with_code(&audit, Code::EgressWithoutDns).is_empty());
}

fn probes() -> Vec<(u16, Protocol)> {
    [53u16, 79, 80, 81, 82, 83, 84, 85]
        .into_iter()
        .flat_map(|port| Protocol::ALL.into_iter().map(move |p| (port, p)))
        .collect()
}

fn externals() -> Vec<IpAddr> {
    [
        "10.0.0.0",
        "10.0.0.7",
        "10.0.0.128",
        "10.0.0.255",
        "192.0.2.1",
    ]
    .iter()
    .filter_map(|t| t.parse().ok())
    .collect()
}

/// Every pod-to-pod cell and every pod-to/from-address verdict for the probes.
fn reachability(cluster: &Cluster) -> Vec<bool> {
    let engine = Engine::new(cluster);
    let mut cells = Vec::new();
    for (port, protocol) in probes() {
        cells.extend(engine.matrix(port, protocol).allowed);
        for pod in 0..cluster.pods.len() {
            for ip in externals() {
                cells.push(engine.allowed(
                    Endpoint::Pod(pod),
                    Endpoint::External(ip),
                    port,
                    protocol,
                ));
                cells.push(engine.allowed(
                    Endpoint::External(ip),
                    Endpoint::Pod(pod),
                    port,
                    protocol,
                ));
            }
        }
    }
    cells
}

fn unique_names(mut cluster: Cluster) -> Cluster {
    for (i, policy) in cluster.policies.iter_mut().enumerate() {
        policy.name = format!("p{i}");
    }
    cluster
}

fn audit_cluster(cluster: &Cluster) -> Audit {
    let input = Input {
        cluster: cluster.clone(),
        ..Input::default()
    };
    let options = whole_cluster();
    audit(&input, &options)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn adding_a_default_deny_never_makes_a_pod_less_isolated(
        cluster in random_cluster(true).prop_map(unique_names),
        ns in 0usize..3,
        ingress in any::<bool>(),
        egress in any::<bool>(),
    ) {
        let namespace = ["x", "y", "z"][ns];
        let before_engine = Engine::new(&cluster);
        let before = pod_postures(&before_engine);
        let mut denied = cluster.clone();
        denied.policies.push(Policy {
            namespace: namespace.into(),
            name: "default-deny".into(),
            pod_selector: Selector::everything(),
            affects_ingress: ingress || !egress,
            affects_egress: egress,
            policy_types_inferred: false,
            ingress: Vec::new(),
            egress: Vec::new(),
        });
        let after_engine = Engine::new(&denied);
        let after = pod_postures(&after_engine);
        for (b, a) in before.iter().zip(&after) {
            prop_assert!(a.ingress >= b.ingress && a.egress >= b.egress, "{b:?} -> {a:?}");
        }
        let (was, now) = (reachability(&cluster), reachability(&denied));
        prop_assert!(was.iter().zip(&now).all(|(w, n)| *w || !*n), "a default-deny opened a connection");
    }

    #[test]
    fn removing_what_does_nothing_changes_no_reachability(
        cluster in random_cluster(true).prop_map(unique_names),
    ) {
        let audit = audit_cluster(&cluster);
        let baseline = reachability(&cluster);
        let flagged: Vec<&super::Finding> =
            audit.findings.iter().filter(|f| f.code.does_nothing()).collect();
        // Each flagged policy alone.
        for finding in &flagged {
            if let Subject::Policy(p) = finding.subject {
                let mut without = cluster.clone();
                without.policies.remove(p);
                prop_assert_eq!(&reachability(&without), &baseline, "removing {}", finding.message);
            }
        }
        // Everything flagged at once: policies and shadowed rules.
        let mut stripped = cluster.clone();
        let mut rules: Vec<(usize, Direction, usize)> = flagged
            .iter()
            .filter_map(|f| match f.subject {
                Subject::Rule { policy, direction, rule } => Some((policy, direction, rule)),
                _ => None,
            })
            .collect();
        rules.sort_by_key(|k| std::cmp::Reverse(k.2));
        for (p, direction, r) in rules {
            let policy = &mut stripped.policies[p];
            match direction {
                Direction::Ingress => { policy.ingress.remove(r); }
                Direction::Egress => { policy.egress.remove(r); }
            }
        }
        let mut policies: Vec<usize> = flagged
            .iter()
            .filter_map(|f| match f.subject { Subject::Policy(p) => Some(p), _ => None })
            .collect();
        policies.sort_unstable_by(|a, b| b.cmp(a));
        for p in policies {
            stripped.policies.remove(p);
        }
        prop_assert_eq!(&reachability(&stripped), &baseline, "removing everything flagged");
    }
}

fn objects_input(objects: &[serde_json::Value]) -> Input {
    Input::from_objects(objects).unwrap_or_default()
}

fn pod_json(ns: &str, name: &str, app: &str, ip: &str) -> serde_json::Value {
    json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "namespace": ns, "labels": {"app": app}},
        "spec": {"containers": [{"name": "c"}]},
        "status": {"phase": "Running", "podIP": ip},
    })
}

fn policy_json(ns: &str, name: &str, spec: serde_json::Value) -> serde_json::Value {
    json!({
        "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
        "metadata": {"name": name, "namespace": ns}, "spec": spec,
    })
}

#[test]
fn dns_to_anywhere_counts_and_tcp_alone_missing_is_a_warning() {
    let input = objects_input(&[
        pod_json("shop", "web", "web", "10.244.1.1"),
        pod_json("kube-system", "coredns", "coredns", "10.244.0.5"),
        policy_json(
            "shop",
            "udp-dns-anywhere",
            json!({"podSelector": {}, "policyTypes": ["Egress"],
                   "egress": [{"ports": [{"port": 53, "protocol": "UDP"}]}]}),
        ),
    ]);
    let options = whole_cluster();
    let audit = audit(&input, &options);
    assert_eq!(
        with_code(&audit, Code::EgressWithoutDns),
        pairs(&[(Severity::Warning, "Pod shop/web")])
    );
}

#[test]
fn rules_reaching_unread_namespaces_are_not_judged_shadowed() {
    // Rule 0 admits namespace team=a; rule 1 every pod of shop. Only shop's pods read (-n shop):
    // rule 0 may admit pods of namespaces not read, so it must not be called shadowed.
    let policy = policy_json(
        "shop",
        "web",
        json!({"podSelector": {"matchLabels": {"app": "web"}}, "policyTypes": ["Ingress"],
        "ingress": [
            {"from": [{"namespaceSelector": {"matchLabels": {"team": "a"}}}]},
            {"from": [{"podSelector": {}}]}
        ]}),
    );
    let team_a = json!({"apiVersion": "v1", "kind": "Namespace",
        "metadata": {"name": "other", "labels": {"team": "a", "kubernetes.io/metadata.name": "other"}}});
    let shop_only = objects_input(&[
        team_a.clone(),
        pod_json("shop", "web", "web", "10.244.1.1"),
        policy.clone(),
    ]);
    let scoped = Options {
        whole_cluster: false,
        ..whole_cluster()
    };
    assert!(with_code(&audit(&shop_only, &scoped), Code::RuleShadowed).is_empty());
    // Read whole, the pod of namespace other shows that rule 0 admits what rule 1 does not.
    let whole = objects_input(&[
        team_a,
        pod_json("shop", "web", "web", "10.244.1.1"),
        pod_json("other", "client", "client", "10.244.2.1"),
        policy,
    ]);
    let all = whole_cluster();
    assert!(with_code(&audit(&whole, &all), Code::RuleShadowed).is_empty());
    // Without that guard the scoped read would have looked shadowed.
    assert_eq!(
        with_code(&audit(&shop_only, &all), Code::RuleShadowed),
        pairs(&[(Severity::Info, "NetworkPolicy shop/web spec.ingress[0]")])
    );
}

#[test]
fn the_readme_documents_every_code() {
    let readme = std::fs::read_to_string(format!("{}/README.md", env!("CARGO_MANIFEST_DIR")))
        .unwrap_or_default();
    for code in Code::ALL {
        assert!(
            readme.contains(&format!("| `{code}` |")),
            "README's findings table lacks {code}"
        );
    }
    for namespace in super::SYSTEM_NAMESPACES {
        assert!(
            readme.contains(&format!("`{namespace}`")),
            "README lacks {namespace}"
        );
    }
}
