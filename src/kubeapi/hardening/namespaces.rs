//! Pod Security admission labels on namespaces.

use crate::kubeapi::hardening::{Item, NamespaceFacts, Status, name_list};

const ENFORCE_LABEL: &str = "pod-security.kubernetes.io/enforce";

/// Namespaces whose pods legitimately need privileges.
const EXEMPT: [&str; 1] = ["kube-system"];

/// `namespace-pod-security`: every namespace outside kube-system should enforce baseline or
/// restricted.
pub(super) fn pod_security_labels(namespaces: Option<&[NamespaceFacts]>) -> Item {
    const ID: &str = "namespace-pod-security";
    const TITLE: &str = "Pod Security enforce level of namespaces";
    let Some(namespaces) = namespaces else {
        return Item::new(ID, TITLE, Status::Unknown, "namespaces could not be listed");
    };
    let mut enforced = Vec::new();
    let mut privileged = Vec::new();
    let mut unlabelled = Vec::new();
    let mut invalid = Vec::new();
    for ns in namespaces
        .iter()
        .filter(|ns| !EXEMPT.contains(&ns.name.as_str()))
    {
        match ns.labels.get(ENFORCE_LABEL).map(String::as_str) {
            Some("baseline" | "restricted") => enforced.push(ns.name.clone()),
            Some("privileged") => privileged.push(ns.name.clone()),
            Some(other) => invalid.push(format!("{} ({other:?})", ns.name)),
            None => unlabelled.push(ns.name.clone()),
        }
    }
    let total = enforced.len() + privileged.len() + unlabelled.len() + invalid.len();
    if total == 0 {
        return Item::new(
            ID,
            TITLE,
            Status::Unknown,
            "no namespaces outside kube-system were listed",
        );
    }
    if privileged.is_empty() && unlabelled.is_empty() && invalid.is_empty() {
        return Item::new(
            ID,
            TITLE,
            Status::Pass,
            format!("all {total} namespaces outside kube-system enforce baseline or restricted"),
        );
    }
    let mut parts = Vec::new();
    if !privileged.is_empty() {
        parts.push(format!(
            "enforce=privileged: {}",
            name_list(&privileged, 10)
        ));
    }
    if !unlabelled.is_empty() {
        parts.push(format!(
            "no {ENFORCE_LABEL} label (the cluster-wide PodSecurity default applies, privileged unless the admission \
             configuration says otherwise): {}",
            name_list(&unlabelled, 10)
        ));
    }
    if !invalid.is_empty() {
        parts.push(format!("unknown level: {}", name_list(&invalid, 10)));
    }
    Item::new(
        ID,
        TITLE,
        Status::Warn,
        format!(
            "{} of {total} namespaces outside kube-system enforce baseline or restricted; {}. scs-0217 asks for at \
             least baseline: label namespaces with {ENFORCE_LABEL}=baseline or set a cluster-wide default",
            enforced.len(),
            parts.join("; ")
        ),
    )
}
