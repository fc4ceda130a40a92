//! Finding which of the kinds a command reads the server serves, at which version.
//!
//! One request for the group list plus one per needed group, whatever the number of objects:
//! the cost of a command must not grow with the size of the cluster.

use std::collections::BTreeMap;

use kube::core::{ApiResource, GroupVersion};
use kube::discovery::{ApiCapabilities, ApiGroup, Scope};

use super::errors::{api_error, is_forbidden, is_not_served};
use super::{Kube, Note};
use crate::error::Result;

/// A kind a command wants to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindSpec {
    pub group: &'static str,
    /// The version named in messages when the group is missing; reading uses the server's
    /// preferred version.
    pub version: &'static str,
    pub kind: &'static str,
}

impl KindSpec {
    pub const fn new(group: &'static str, version: &'static str, kind: &'static str) -> Self {
        KindSpec {
            group,
            version,
            kind,
        }
    }

    /// `group/version` as apiVersion spells it.
    pub fn group_version(&self) -> String {
        if self.group.is_empty() {
            self.version.to_string()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }
}

/// Who installs an API group, for "not installed" notes.
pub fn group_owner(group: &str) -> &'static str {
    match group {
        "clusterstack.x-k8s.io" => "cluster-stack-operator",
        "infrastructure.clusterstack.x-k8s.io" => "cluster-stack-provider-openstack",
        "cluster.x-k8s.io" => "Cluster API",
        "controlplane.cluster.x-k8s.io" => "Cluster API kubeadm control-plane provider",
        "bootstrap.cluster.x-k8s.io" => "Cluster API kubeadm bootstrap provider",
        "infrastructure.cluster.x-k8s.io" => "Cluster API infrastructure provider",
        "runtime.cluster.x-k8s.io" => "Cluster API runtime SDK",
        "snapshot.storage.k8s.io" => "CSI external-snapshotter",
        "gateway.networking.k8s.io" => "Gateway API",
        _ => "its provider",
    }
}

/// A kind as the server serves it.
#[derive(Debug, Clone)]
pub struct Served {
    pub spec: KindSpec,
    pub resource: ApiResource,
    pub namespaced: bool,
}

/// The result of discovering a set of kinds: the served ones and notes for the rest.
#[derive(Debug, Default)]
pub struct Discovered {
    pub served: Vec<Served>,
    pub notes: Vec<Note>,
}

impl Kube {
    /// Discovers the kinds; unreachable or unauthenticated servers are errors, a missing group or
    /// kind is a note.
    pub async fn discover(&self, kinds: &[KindSpec]) -> Result<Discovered> {
        let mut groups: BTreeMap<&str, Option<ApiGroup>> = BTreeMap::new();
        let listed = self
            .client
            .list_api_groups()
            .await
            .map_err(|e| api_error(e, &self.target, None))?;
        for spec in kinds {
            if groups.contains_key(spec.group) {
                continue;
            }
            let preferred = if spec.group.is_empty() {
                Some("v1".to_string())
            } else {
                listed
                    .groups
                    .iter()
                    .find(|g| g.name == spec.group)
                    .map(|g| {
                        g.preferred_version
                            .as_ref()
                            .map(|v| v.version.clone())
                            .or_else(|| g.versions.first().map(|v| v.version.clone()))
                            .unwrap_or_default()
                    })
            };
            let group = match preferred {
                None => None,
                Some(version) => {
                    let gv = GroupVersion::gv(spec.group, &version);
                    match kube::discovery::pinned_group(&self.client, &gv).await {
                        Ok(g) => Some(g),
                        Err(e) if is_not_served(&e) || is_forbidden(&e) => None,
                        Err(e) => return Err(api_error(e, &self.target, None)),
                    }
                }
            };
            groups.insert(spec.group, group);
        }

        let mut out = Discovered::default();
        for spec in kinds {
            let group = groups.get(spec.group).and_then(|g| g.as_ref());
            match group.map(|g| g.recommended_kind(spec.kind)) {
                Some(Some((resource, caps))) => out.served.push(Served {
                    spec: *spec,
                    namespaced: is_namespaced(&caps),
                    resource,
                }),
                Some(None) => out.notes.push(Note::new(format!(
                    "{} is served, but not the kind {} ({} not installed?)",
                    spec.group,
                    spec.kind,
                    group_owner(spec.group)
                ))),
                None => out.notes.push(Note::not_served(spec)),
            }
        }
        Ok(out)
    }
}

fn is_namespaced(caps: &ApiCapabilities) -> bool {
    matches!(caps.scope, Scope::Namespaced)
}
