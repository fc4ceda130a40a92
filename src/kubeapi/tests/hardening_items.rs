//! The workload view: each hardening item from good, bad and missing facts.

use std::collections::BTreeMap;

use jiff::{SignedDuration, Timestamp};
use serde_json::json;

use crate::kubeapi::hardening::{
    AnonymousProbe, ApiServerPod, CertificateFacts, EndpointFacts, Item, KubeletFacts,
    NamespaceFacts, Status, WorkloadFacts, judge,
};
use crate::kubeapi::tests::strings;

const IDS: [&str; 13] = [
    "anonymous-access",
    "endpoint-address",
    "endpoint-certificate",
    "apiserver-authorization-mode",
    "apiserver-node-restriction",
    "apiserver-pod-security",
    "apiserver-anonymous-auth",
    "apiserver-authentication",
    "apiserver-etcd-tls",
    "namespace-pod-security",
    "kubelet-anonymous-auth",
    "kubelet-authorization-mode",
    "kubelet-read-only-port",
];

fn now() -> Timestamp {
    Timestamp::from_second(1_795_786_155).unwrap_or(Timestamp::UNIX_EPOCH)
}

fn days(n: i64) -> SignedDuration {
    SignedDuration::from_hours(24 * n)
}

/// kubeadm's kube-apiserver command line, hardened.
fn good_command() -> Vec<String> {
    strings(&[
        "kube-apiserver",
        "--advertise-address=10.8.0.10",
        "--allow-privileged=true",
        "--anonymous-auth=false",
        "--authorization-mode=Node,RBAC",
        "--client-ca-file=/etc/kubernetes/pki/ca.crt",
        "--enable-admission-plugins=NodeRestriction",
        "--enable-bootstrap-token-auth=true",
        "--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt",
        "--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt",
        "--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key",
        "--etcd-servers=https://127.0.0.1:2379",
        "--oidc-issuer-url=https://keycloak.example.com/realms/scs",
        "--oidc-client-id=kubectl",
        "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
        "--service-account-key-file=/etc/kubernetes/pki/sa.pub",
        "--tls-cert-file=/etc/kubernetes/pki/apiserver.crt",
    ])
}

fn good_configz() -> serde_json::Value {
    json!({"kubeletconfig": {
        "authentication": {"anonymous": {"enabled": false}, "webhook": {"enabled": true}},
        "authorization": {"mode": "Webhook"},
        "readOnlyPort": 0
    }})
}

fn labelled(name: &str, level: Option<&str>) -> NamespaceFacts {
    let mut labels = BTreeMap::new();
    labels.insert("kubernetes.io/metadata.name".to_string(), name.to_string());
    if let Some(level) = level {
        labels.insert(
            "pod-security.kubernetes.io/enforce".to_string(),
            level.to_string(),
        );
    }
    NamespaceFacts {
        name: name.to_string(),
        labels,
    }
}

fn endpoint(host: &str, addresses: &[&str], not_after: Timestamp, verified: bool) -> EndpointFacts {
    EndpointFacts {
        host: host.to_string(),
        port: Some(6443),
        scheme: "https".to_string(),
        addresses: addresses.iter().filter_map(|a| a.parse().ok()).collect(),
        certificate: Some(CertificateFacts {
            not_before: now() - days(300),
            not_after,
            verified,
            verify_error: (!verified)
                .then(|| "x509: certificate signed by unknown authority".to_string()),
        }),
    }
}

fn good_facts() -> WorkloadFacts {
    WorkloadFacts {
        server_version: Some("v1.33.6".to_string()),
        anonymous: vec![
            AnonymousProbe {
                path: "/api".into(),
                status: Some(401),
            },
            AnonymousProbe {
                path: "/apis".into(),
                status: Some(401),
            },
            AnonymousProbe {
                path: "/version".into(),
                status: Some(401),
            },
            AnonymousProbe {
                path: "/healthz".into(),
                status: Some(401),
            },
            AnonymousProbe {
                path: "/readyz".into(),
                status: Some(401),
            },
        ],
        endpoint: Some(endpoint("10.8.0.242", &[], now() + days(200), true)),
        apiserver_pods: Some(vec![ApiServerPod {
            name: "kube-apiserver-cp-0".into(),
            command: good_command(),
        }]),
        namespaces: Some(vec![
            labelled("kube-system", Some("privileged")),
            labelled("default", Some("baseline")),
            labelled("apps", Some("restricted")),
        ]),
        kubelets: vec![
            KubeletFacts {
                node: "cp-0".into(),
                configz: Some(good_configz()),
            },
            KubeletFacts {
                node: "worker-0".into(),
                configz: Some(good_configz()),
            },
        ],
    }
}

fn item<'a>(items: &'a [Item], id: &str) -> &'a Item {
    items
        .iter()
        .find(|i| i.id == id)
        .unwrap_or_else(|| panic!("no item {id} in {items:?}"))
}

#[test]
fn good_facts_pass_every_item_in_a_fixed_order() {
    let items = judge(&good_facts(), now());
    let ids: Vec<&str> = items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, IDS.to_vec());
    for i in &items {
        assert_eq!(i.status, Status::Pass, "{}: {}", i.id, i.reason);
        assert!(!i.title.is_empty() && !i.reason.is_empty());
    }
    let json = serde_json::to_value(&items).unwrap_or_default();
    assert_eq!(
        json.pointer("/0/status").and_then(|s| s.as_str()),
        Some("PASS")
    );
    assert_eq!(
        json.pointer("/0/id").and_then(|s| s.as_str()),
        Some("anonymous-access")
    );
}

#[test]
fn bad_apiserver_flags_fail() {
    let mut facts = good_facts();
    facts.apiserver_pods = Some(vec![ApiServerPod {
        name: "kube-apiserver-cp-0".into(),
        command: strings(&[
            "kube-apiserver",
            "--authorization-mode=AlwaysAllow",
            "--disable-admission-plugins=PodSecurity",
            "--etcd-servers=http://10.8.0.20:2379",
            "--etcd-cafile=/ca.crt",
        ]),
    }]);
    let items = judge(&facts, now());
    for id in [
        "apiserver-authorization-mode",
        "apiserver-node-restriction",
        "apiserver-pod-security",
        "apiserver-authentication",
        "apiserver-etcd-tls",
    ] {
        assert_eq!(
            item(&items, id).status,
            Status::Fail,
            "{id}: {}",
            item(&items, id).reason
        );
    }
    assert_eq!(
        item(&items, "apiserver-anonymous-auth").status,
        Status::Warn
    );
    let etcd = &item(&items, "apiserver-etcd-tls").reason;
    assert!(
        etcd.contains("--etcd-certfile, --etcd-keyfile not set"),
        "{etcd}"
    );
    assert!(etcd.contains("http://10.8.0.20:2379"), "{etcd}");
}

#[test]
fn partial_authorization_and_authentication_fail_with_the_missing_part_named() {
    let mut facts = good_facts();
    facts.apiserver_pods = Some(vec![ApiServerPod {
        name: "kube-apiserver-cp-0".into(),
        command: strings(&[
            "kube-apiserver",
            "--authorization-mode=RBAC",
            "--service-account-issuer=https://kubernetes.default.svc",
        ]),
    }]);
    let items = judge(&facts, now());
    let authz = item(&items, "apiserver-authorization-mode");
    assert_eq!(authz.status, Status::Fail);
    assert!(authz.reason.contains("lacks Node"), "{}", authz.reason);
    let authn = item(&items, "apiserver-authentication");
    assert_eq!(authn.status, Status::Fail);
    assert!(authn.reason.contains("second one"), "{}", authn.reason);
}

#[test]
fn pod_security_is_on_by_default_since_1_23() {
    let mut facts = good_facts();
    facts.server_version = Some("v1.22.17".to_string());
    assert_eq!(
        item(&judge(&facts, now()), "apiserver-pod-security").status,
        Status::Fail
    );
    facts.server_version = None;
    let pss = judge(&facts, now());
    let pss = item(&pss, "apiserver-pod-security");
    assert_eq!(pss.status, Status::Pass);
    assert!(
        pss.reason.contains("on by default since Kubernetes 1.23"),
        "{}",
        pss.reason
    );
}

#[test]
fn missing_static_pods_make_apiserver_items_unknown_never_fail() {
    for pods in [Some(Vec::new()), None] {
        let mut facts = good_facts();
        facts.apiserver_pods = pods.clone();
        let items = judge(&facts, now());
        let apiserver: Vec<&Item> = items
            .iter()
            .filter(|i| i.id.starts_with("apiserver-"))
            .collect();
        assert_eq!(apiserver.len(), 6);
        for i in apiserver {
            assert_eq!(i.status, Status::Unknown, "{pods:?} {}: {}", i.id, i.reason);
        }
    }
    let mut facts = good_facts();
    facts.apiserver_pods = Some(Vec::new());
    let items = judge(&facts, now());
    assert!(
        item(&items, "apiserver-node-restriction")
            .reason
            .contains("managed or hosted control plane")
    );
}

#[test]
fn pods_with_different_flags_are_reported_per_pod() {
    let mut facts = good_facts();
    let mut weak = good_command();
    weak.retain(|a| !a.starts_with("--enable-admission-plugins"));
    facts.apiserver_pods = Some(vec![
        ApiServerPod {
            name: "kube-apiserver-cp-0".into(),
            command: good_command(),
        },
        ApiServerPod {
            name: "kube-apiserver-cp-1".into(),
            command: weak,
        },
    ]);
    let items = judge(&facts, now());
    let nr = item(&items, "apiserver-node-restriction");
    assert_eq!(nr.status, Status::Fail);
    assert!(
        nr.reason
            .contains("kube-apiserver-cp-1: NodeRestriction is disabled"),
        "{}",
        nr.reason
    );
    assert!(
        nr.reason
            .contains("kube-apiserver-cp-0: NodeRestriction is enabled"),
        "{}",
        nr.reason
    );
}

#[test]
fn anonymous_read_of_api_fails_and_missing_probes_are_unknown() {
    let mut facts = good_facts();
    facts.anonymous = vec![
        AnonymousProbe {
            path: "/api".into(),
            status: Some(200),
        },
        AnonymousProbe {
            path: "/apis".into(),
            status: Some(403),
        },
        AnonymousProbe {
            path: "/version".into(),
            status: Some(200),
        },
        AnonymousProbe {
            path: "/healthz".into(),
            status: Some(200),
        },
    ];
    let items = judge(&facts, now());
    let anon = item(&items, "anonymous-access");
    assert_eq!(anon.status, Status::Fail);
    assert!(anon.reason.contains("/api 200"), "{}", anon.reason);

    facts.anonymous = vec![
        AnonymousProbe {
            path: "/api".into(),
            status: Some(403),
        },
        AnonymousProbe {
            path: "/version".into(),
            status: Some(200),
        },
    ];
    assert_eq!(
        item(&judge(&facts, now()), "anonymous-access").status,
        Status::Pass
    );

    facts.anonymous = vec![AnonymousProbe {
        path: "/api".into(),
        status: None,
    }];
    assert_eq!(
        item(&judge(&facts, now()), "anonymous-access").status,
        Status::Unknown
    );
    facts.anonymous = Vec::new();
    assert_eq!(
        item(&judge(&facts, now()), "anonymous-access").status,
        Status::Unknown
    );
}

#[test]
fn certificate_validity_window_and_verification() {
    let cases = [
        (
            endpoint("10.8.0.242", &[], now() + days(10), true),
            Status::Warn,
            "expires in 10 day(s)",
        ),
        (
            endpoint("10.8.0.242", &[], now() - days(1), true),
            Status::Fail,
            "expired",
        ),
        (
            endpoint("10.8.0.242", &[], now() + days(100), false),
            Status::Fail,
            "unknown authority",
        ),
        (
            endpoint("10.8.0.242", &[], now() + days(31), true),
            Status::Pass,
            "verified",
        ),
    ];
    for (ep, expected, text) in cases {
        let mut facts = good_facts();
        facts.endpoint = Some(ep);
        let items = judge(&facts, now());
        let cert = item(&items, "endpoint-certificate");
        assert_eq!(cert.status, expected, "{}", cert.reason);
        assert!(cert.reason.contains(text), "{}", cert.reason);
    }
    let mut facts = good_facts();
    let mut early = endpoint("10.8.0.242", &[], now() + days(100), true);
    if let Some(c) = early.certificate.as_mut() {
        c.not_before = now() + days(1);
    }
    facts.endpoint = Some(early);
    assert_eq!(
        item(&judge(&facts, now()), "endpoint-certificate").status,
        Status::Fail
    );
    let mut plain = endpoint("10.8.0.242", &[], now() + days(100), true);
    plain.scheme = "http".to_string();
    facts.endpoint = Some(plain);
    assert_eq!(
        item(&judge(&facts, now()), "endpoint-certificate").status,
        Status::Fail
    );
    facts.endpoint = None;
    assert_eq!(
        item(&judge(&facts, now()), "endpoint-certificate").status,
        Status::Unknown
    );
}

#[test]
fn endpoint_addresses_are_classified() {
    let cases = [
        (
            endpoint(
                "api.example.com",
                &["81.163.192.10"],
                now() + days(100),
                true,
            ),
            Status::Warn,
        ),
        (
            endpoint(
                "api.internal",
                &["100.64.3.4", "fd00::4"],
                now() + days(100),
                true,
            ),
            Status::Pass,
        ),
        (
            endpoint("2a01:4f8::1", &[], now() + days(100), true),
            Status::Warn,
        ),
        (
            endpoint("[::1]", &[], now() + days(100), true),
            Status::Pass,
        ),
        (
            endpoint("api.example.com", &[], now() + days(100), true),
            Status::Unknown,
        ),
    ];
    for (ep, expected) in cases {
        let host = ep.host.clone();
        let mut facts = good_facts();
        facts.endpoint = Some(ep);
        let items = judge(&facts, now());
        let address = item(&items, "endpoint-address");
        assert_eq!(address.status, expected, "{host}: {}", address.reason);
    }
}

#[test]
fn namespaces_without_baseline_warn_and_kube_system_is_exempt() {
    let mut facts = good_facts();
    facts.namespaces = Some(vec![
        labelled("kube-system", Some("privileged")),
        labelled("default", None),
        labelled("monitoring", Some("privileged")),
        labelled("apps", Some("restricted")),
        labelled("odd", Some("strict")),
    ]);
    let items = judge(&facts, now());
    let ns = item(&items, "namespace-pod-security");
    assert_eq!(ns.status, Status::Warn);
    assert!(ns.reason.starts_with("1 of 4 namespaces"), "{}", ns.reason);
    assert!(
        ns.reason.contains("enforce=privileged: monitoring"),
        "{}",
        ns.reason
    );
    assert!(ns.reason.contains("odd (\"strict\")"), "{}", ns.reason);
    assert!(!ns.reason.contains("kube-system,"), "{}", ns.reason);

    facts.namespaces = None;
    assert_eq!(
        item(&judge(&facts, now()), "namespace-pod-security").status,
        Status::Unknown
    );
}

#[test]
fn kubelet_items_from_configz() {
    let mut facts = good_facts();
    facts.kubelets = vec![
        KubeletFacts {
            node: "cp-0".into(),
            configz: Some(json!({"kubeletconfig": {
                "authentication": {"anonymous": {"enabled": true}},
                "authorization": {"mode": "AlwaysAllow"},
                "readOnlyPort": 10255
            }})),
        },
        KubeletFacts {
            node: "worker-0".into(),
            configz: Some(good_configz()),
        },
    ];
    let items = judge(&facts, now());
    assert_eq!(item(&items, "kubelet-anonymous-auth").status, Status::Fail);
    assert_eq!(
        item(&items, "kubelet-authorization-mode").status,
        Status::Fail
    );
    assert_eq!(item(&items, "kubelet-read-only-port").status, Status::Warn);
    assert!(
        item(&items, "kubelet-anonymous-auth")
            .reason
            .contains("cp-0: ")
    );
}

#[test]
fn unreadable_configz_is_unknown_never_fail() {
    let mut facts = good_facts();
    facts.kubelets = vec![
        KubeletFacts {
            node: "cp-0".into(),
            configz: None,
        },
        KubeletFacts {
            node: "worker-0".into(),
            configz: None,
        },
    ];
    let items = judge(&facts, now());
    for id in [
        "kubelet-anonymous-auth",
        "kubelet-authorization-mode",
        "kubelet-read-only-port",
    ] {
        let i = item(&items, id);
        assert_eq!(i.status, Status::Unknown, "{id}: {}", i.reason);
        assert!(i.reason.contains("nodes/proxy"), "{}", i.reason);
    }
    facts.kubelets = vec![
        KubeletFacts {
            node: "cp-0".into(),
            configz: Some(good_configz()),
        },
        KubeletFacts {
            node: "worker-0".into(),
            configz: None,
        },
    ];
    let items = judge(&facts, now());
    assert_eq!(
        item(&items, "kubelet-anonymous-auth").status,
        Status::Unknown
    );
    facts.kubelets = Vec::new();
    assert_eq!(
        item(&judge(&facts, now()), "kubelet-anonymous-auth").status,
        Status::Unknown
    );
}

#[test]
fn empty_facts_give_unknown_everywhere() {
    let items = judge(&WorkloadFacts::default(), now());
    assert_eq!(items.len(), IDS.len());
    assert!(
        items.iter().all(|i| i.status == Status::Unknown),
        "{items:?}"
    );
}

#[test]
fn facts_round_trip_through_json() {
    let facts = good_facts();
    let text = serde_json::to_string(&facts).unwrap_or_default();
    let back: WorkloadFacts = serde_json::from_str(&text).unwrap_or_default();
    assert_eq!(back, facts);
}
