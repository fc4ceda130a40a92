//! Hints, with NetworkPolicies ready to `kubectl apply` where one fits. Policies are built as
//! typed objects and printed as YAML, so they always parse.

use std::collections::BTreeMap;

use k8s_openapi::api::networking::v1 as net;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::netpol::NAMESPACE_NAME_LABEL;

/// Namespace and pod label of the cluster DNS (CoreDNS keeps kube-dns's label).
pub(crate) const DNS_NAMESPACE: &str = "kube-system";
pub(crate) const DNS_LABEL: (&str, &str) = ("k8s-app", "kube-dns");

fn labels(pairs: &[(&str, &str)]) -> Option<BTreeMap<String, String>> {
    Some(
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
    )
}

fn selector(pairs: &[(&str, &str)]) -> LabelSelector {
    LabelSelector {
        match_labels: labels(pairs),
        match_expressions: None,
    }
}

/// Egress to the cluster DNS pods on UDP and TCP 53.
fn dns_rule() -> net::NetworkPolicyEgressRule {
    let port = |protocol: &str| net::NetworkPolicyPort {
        protocol: Some(protocol.to_owned()),
        port: Some(IntOrString::Int(53)),
        end_port: None,
    };
    net::NetworkPolicyEgressRule {
        to: Some(vec![net::NetworkPolicyPeer {
            namespace_selector: Some(selector(&[(NAMESPACE_NAME_LABEL, DNS_NAMESPACE)])),
            pod_selector: Some(selector(&[DNS_LABEL])),
            ip_block: None,
        }]),
        ports: Some(vec![port("UDP"), port("TCP")]),
    }
}

fn policy(name: &str, namespace: &str, spec: net::NetworkPolicySpec) -> String {
    let policy = net::NetworkPolicy {
        metadata: ObjectMeta {
            name: Some(name.to_owned()),
            namespace: Some(namespace.to_owned()),
            ..ObjectMeta::default()
        },
        spec: Some(spec),
    };
    serde_saphyr::to_string(&policy).unwrap_or_default()
}

/// A default-deny for the directions given; one denying egress still allows cluster DNS.
pub(crate) fn default_deny(namespace: &str, ingress: bool, egress: bool) -> String {
    let mut types = Vec::new();
    if ingress {
        types.push("Ingress".to_owned());
    }
    if egress {
        types.push("Egress".to_owned());
    }
    let spec = net::NetworkPolicySpec {
        pod_selector: Some(LabelSelector::default()),
        policy_types: Some(types),
        egress: egress.then(|| vec![dns_rule()]),
        ingress: None,
    };
    let intro = if egress {
        "deny everything not allowed by another policy (cluster DNS stays allowed):"
    } else {
        "deny everything not allowed by another policy:"
    };
    format!("{intro}\n{}", policy("default-deny", namespace, spec))
}

/// A policy letting every pod of the namespace resolve names.
pub(crate) fn allow_dns(namespace: &str) -> String {
    let spec = net::NetworkPolicySpec {
        pod_selector: Some(LabelSelector::default()),
        policy_types: Some(vec!["Egress".to_owned()]),
        egress: Some(vec![dns_rule()]),
        ingress: None,
    };
    format!(
        "allow cluster DNS (policies add up, so this opens only DNS):\n{}",
        policy("allow-dns", namespace, spec)
    )
}

/// What to do about a workload open for ingress.
pub(crate) fn ingress_for_workload(namespace: &str) -> String {
    format!(
        "apply a default-deny in namespace {namespace} (see no-default-deny), then a policy selecting this workload's pods that admits only its clients"
    )
}
