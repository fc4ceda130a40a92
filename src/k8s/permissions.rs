//! RBAC permissions a command needs, described for people and asked of the API server as
//! SelfSubjectAccessReviews (the asking is the kube layer's).

use k8s_openapi::api::authorization::v1::{
    ResourceAttributes, SelfSubjectAccessReview, SelfSubjectAccessReviewSpec,
};
use serde::Serialize;

/// One thing a run needs to be allowed to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Permission {
    /// `create`, `get`, `list`, `delete`, or `*`.
    pub verb: &'static str,
    /// API group (`""` for core, `*` for all).
    pub group: &'static str,
    /// Plural resource (`*` for all).
    pub resource: &'static str,
    /// `exec`, `log` or `""`.
    pub subresource: &'static str,
    /// The namespace, for namespaced resources.
    pub namespace: Option<String>,
    /// Why the run needs it.
    pub why: &'static str,
}

impl Permission {
    /// A cluster-wide permission.
    pub const fn cluster(
        verb: &'static str,
        group: &'static str,
        resource: &'static str,
        why: &'static str,
    ) -> Self {
        Permission {
            verb,
            group,
            resource,
            subresource: "",
            namespace: None,
            why,
        }
    }

    /// A permission in `namespace`.
    pub fn namespaced(
        verb: &'static str,
        resource: &'static str,
        subresource: &'static str,
        namespace: &str,
        why: &'static str,
    ) -> Self {
        Permission {
            verb,
            group: "",
            resource,
            subresource,
            namespace: Some(namespace.to_string()),
            why,
        }
    }

    fn resource_text(&self) -> String {
        let mut text = self.resource.to_string();
        if !self.subresource.is_empty() {
            text = format!("{text}/{}", self.subresource);
        }
        if !self.group.is_empty() && self.group != "*" {
            text = format!("{text}.{}", self.group);
        }
        text
    }

    /// `create pods/exec in namespace "x" (to fetch the results)`.
    pub fn describe(&self) -> String {
        let scope = match &self.namespace {
            Some(ns) => format!(" in namespace {ns:?}"),
            None => String::new(),
        };
        let what = if self.verb == "*" && self.resource == "*" {
            "everything (verb *, resource *)".to_string()
        } else {
            format!("{} {}", self.verb, self.resource_text())
        };
        format!("{what}{scope} ({})", self.why)
    }

    /// The `kubectl auth can-i` line that checks it.
    pub fn can_i(&self) -> String {
        let ns = match &self.namespace {
            Some(ns) => format!(" -n {ns}"),
            None => String::new(),
        };
        let resource = if self.resource == "*" {
            "'*'".to_string()
        } else {
            self.resource_text()
        };
        let verb = if self.verb == "*" { "'*'" } else { self.verb };
        format!("kubectl auth can-i {verb} {resource}{ns}")
    }

    /// The SelfSubjectAccessReview that asks for it.
    pub fn review(&self) -> SelfSubjectAccessReview {
        SelfSubjectAccessReview {
            spec: SelfSubjectAccessReviewSpec {
                resource_attributes: Some(ResourceAttributes {
                    verb: Some(self.verb.to_string()),
                    group: Some(self.group.to_string()),
                    resource: Some(self.resource.to_string()),
                    subresource: (!self.subresource.is_empty())
                        .then(|| self.subresource.to_string()),
                    namespace: self.namespace.clone(),
                    ..ResourceAttributes::default()
                }),
                ..SelfSubjectAccessReviewSpec::default()
            },
            ..SelfSubjectAccessReview::default()
        }
    }
}
