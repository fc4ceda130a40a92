//! Services of type LoadBalancer: their cloud load balancers keep the cluster's network in use,
//! so the cluster cannot be deleted while they exist.

use k8s_openapi::api::core::v1::Service;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::inventory::{Inventory, annotation, deleting, finalizers, label, name, ns};
use super::model::{LoadBalancerService, Owner};

/// OCCM writes the Octavia load balancer's id here.
pub const LB_ID_ANNOTATION: &str = "loadbalancer.openstack.org/load-balancer-id";
/// Kubernetes' service controller adds this finalizer and removes it once the cloud load
/// balancer is deleted.
pub const LB_CLEANUP_FINALIZER: &str = "service.kubernetes.io/load-balancer-cleanup";

/// Labels Gateway API implementations put on the Service of a Gateway: (key, namespace key).
const GATEWAY_LABELS: &[(&str, Option<&str>)] = &[
    ("gateway.networking.k8s.io/gateway-name", None),
    ("io.cilium.gateway/owning-gateway", None),
    (
        "gateway.envoyproxy.io/owning-gateway-name",
        Some("gateway.envoyproxy.io/owning-gateway-namespace"),
    ),
];

/// `app.kubernetes.io/name` values of Ingress controllers whose Service is a LoadBalancer.
const INGRESS_CONTROLLERS: &[&str] = &[
    "ingress-nginx",
    "nginx-ingress",
    "traefik",
    "haproxy-ingress",
    "kubernetes-ingress",
    "contour",
    "envoy",
    "kong",
    "skipper",
];

/// Every LoadBalancer Service, ordered by namespace and name.
pub(crate) fn load_balancer_services(
    inv: &Inventory,
    in_scope: &dyn Fn(&str) -> bool,
) -> Vec<LoadBalancerService> {
    let mut out: Vec<LoadBalancerService> = inv
        .services
        .iter()
        .filter(|s| is_load_balancer(s) && in_scope(ns(&s.metadata)))
        .map(|s| describe(s, inv))
        .collect();
    out.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
    out
}

fn is_load_balancer(svc: &Service) -> bool {
    svc.spec.as_ref().and_then(|s| s.type_.as_deref()) == Some("LoadBalancer")
}

fn describe(svc: &Service, inv: &Inventory) -> LoadBalancerService {
    let meta = &svc.metadata;
    let external = external_addresses(svc);
    let finalizers = finalizers(meta);
    LoadBalancerService {
        namespace: ns(meta).to_string(),
        name: name(meta).to_string(),
        serves_ingresses: ingresses_at(inv, &external),
        load_balancer_id: annotation(meta, LB_ID_ANNOTATION).map(str::to_string),
        cleanup_finalizer: finalizers.iter().any(|f| f == LB_CLEANUP_FINALIZER),
        finalizers,
        deleting: deleting(meta),
        owner: owner(meta),
        managed_by: managed_by(meta),
        external,
    }
}

fn external_addresses(svc: &Service) -> Vec<String> {
    svc.status
        .iter()
        .filter_map(|s| s.load_balancer.as_ref())
        .flat_map(|lb| lb.ingress.iter().flatten())
        .filter_map(|i| i.ip.clone().or_else(|| i.hostname.clone()))
        .collect()
}

/// Ingresses published at one of these addresses, `namespace/name`.
fn ingresses_at(inv: &Inventory, addresses: &[String]) -> Vec<String> {
    if addresses.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<String> = inv
        .ingresses
        .iter()
        .filter(|ing| {
            ing.status
                .iter()
                .filter_map(|s| s.load_balancer.as_ref())
                .flat_map(|lb| lb.ingress.iter().flatten())
                .filter_map(|i| i.ip.as_ref().or(i.hostname.as_ref()))
                .any(|a| addresses.contains(a))
        })
        .map(|ing| format!("{}/{}", ns(&ing.metadata), name(&ing.metadata)))
        .collect();
    out.sort();
    out
}

/// What created the Service: an owner reference first, then the labels implementations set.
pub(crate) fn owner(meta: &ObjectMeta) -> Option<Owner> {
    let namespace = ns(meta);
    if let Some(r) = meta.owner_references.iter().flatten().next() {
        let is_gateway = r.kind == "Gateway";
        return Some(Owner {
            kind: r.kind.clone(),
            namespace: namespace.to_string(),
            name: r.name.clone(),
            via: "ownerReference".into(),
            recreates: is_gateway || r.controller == Some(true),
        });
    }
    for (key, ns_key) in GATEWAY_LABELS {
        if let Some(gateway) = label(meta, key) {
            let gw_ns = ns_key.and_then(|k| label(meta, k)).unwrap_or(namespace);
            return Some(Owner {
                kind: "Gateway".into(),
                namespace: gw_ns.to_string(),
                name: gateway.to_string(),
                via: format!("label {key}={gateway}"),
                recreates: true,
            });
        }
    }
    let app = label(meta, "app.kubernetes.io/name")?;
    if !INGRESS_CONTROLLERS.contains(&app) {
        return None;
    }
    let instance = label(meta, "app.kubernetes.io/instance").unwrap_or(app);
    Some(Owner {
        kind: "IngressController".into(),
        namespace: namespace.to_string(),
        name: instance.to_string(),
        via: format!("label app.kubernetes.io/name={app}"),
        recreates: false,
    })
}

/// A tool that applies the object and would recreate it: GitOps first, then Helm.
pub(crate) fn managed_by(meta: &ObjectMeta) -> Option<String> {
    let namespaced = |name_key: &str, ns_key: &str| {
        label(meta, name_key).map(|n| match label(meta, ns_key) {
            Some(ns) => format!("{ns}/{n}"),
            None => n.to_string(),
        })
    };
    if let Some(k) = namespaced(
        "kustomize.toolkit.fluxcd.io/name",
        "kustomize.toolkit.fluxcd.io/namespace",
    ) {
        return Some(format!("Flux Kustomization {k}"));
    }
    if let Some(h) = namespaced(
        "helm.toolkit.fluxcd.io/name",
        "helm.toolkit.fluxcd.io/namespace",
    ) {
        return Some(format!("Flux HelmRelease {h}"));
    }
    if let Some(app) = label(meta, "argocd.argoproj.io/instance").or_else(|| {
        annotation(meta, "argocd.argoproj.io/tracking-id")
            .and_then(|t| t.split(':').next())
            .filter(|a| !a.is_empty())
    }) {
        return Some(format!("Argo CD Application {app}"));
    }
    if label(meta, "app.kubernetes.io/managed-by") == Some("Helm") {
        let release = annotation(meta, "meta.helm.sh/release-name")
            .or_else(|| label(meta, "app.kubernetes.io/instance"))
            .unwrap_or("?");
        let release_ns = annotation(meta, "meta.helm.sh/release-namespace").unwrap_or(ns(meta));
        return Some(format!("Helm release {release_ns}/{release}"));
    }
    None
}

/// Whether a manager string names a GitOps tool, which reapplies what is deleted.
pub(crate) fn is_gitops(managed_by: &str) -> bool {
    managed_by.starts_with("Flux ") || managed_by.starts_with("Argo CD ")
}
