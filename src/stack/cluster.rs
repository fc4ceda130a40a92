//! Per-Cluster analysis: find the related objects, derive the summary, run the diagnoses and
//! build the tree.

use std::collections::HashMap;

use jiff::Timestamp;
use serde_json::Value;

use super::cluster_tree;
use super::diagnose;
use super::index::{Index, NsMap};
use super::model::{
    AddonState, AddonStatus, ClusterStatus, Diagnosis, ReleaseRef, Replicas, sort_diagnoses,
};
use super::names::release_tag;
use super::release::{HOOK_AFTER_CP_INITIALIZED, ReleaseAssets};
use super::stacks::{StackInfo, StackTable, release_ready, table_key};
use super::views::{AddonView, ClusterView, ObjRef, kcp_replicas, md_replicas};
use crate::k8s::json::{arr_at, count_at, nonempty_str_at};

/// Shared, read-only state of one `analyze` call.
pub(crate) struct Ctx<'a> {
    pub ix: &'a Index<'a>,
    pub stacks: &'a StackTable<'a>,
    pub now: Timestamp,
    pub releases: Option<&'a ReleaseAssets>,
    /// The ExtensionConfig of the CSO hook server, when it was read.
    pub hook_server: Option<&'a Value>,
}

/// Everything found about one Cluster.
pub(crate) struct Related<'a> {
    pub cluster: ClusterView<'a>,
    pub addon: Option<AddonView<'a>>,
    pub kcp: Option<&'a Value>,
    pub infra: Option<&'a Value>,
    pub mds: &'a [&'a Value],
    /// The ClusterStackRelease of the class.
    pub release: Option<&'a Value>,
    /// Release tag of the class.
    pub release_tag: Option<String>,
    /// The ClusterStackRelease of the class whose addons were last applied.
    pub applied_release: Option<&'a Value>,
    pub class_object: Option<&'a Value>,
    pub stack: Option<&'a StackInfo<'a>>,
    pub control_plane: Option<Replicas>,
    pub workers: Option<Replicas>,
}

/// The object a Cluster reference points at. A reference of the expected `kind` (or of no
/// kind) is looked up by name, in the Cluster's namespace unless it names another; a reference
/// to any other kind finds nothing here; without a reference, the object labelled with the
/// Cluster's name is taken.
fn referenced<'a>(
    cluster: &ClusterView<'a>,
    reference: Option<ObjRef<'a>>,
    kind: &str,
    by_name: &NsMap<'a, &'a Value>,
    by_cluster: &NsMap<'a, &'a Value>,
) -> Option<&'a Value> {
    let ns = cluster.ns;
    match reference {
        Some(r) if r.kind.is_none_or(|k| k == kind) => {
            by_name.get(r.namespace.unwrap_or(ns), r.name)
        }
        Some(_) => None,
        None => by_cluster.get(ns, cluster.name),
    }
    .copied()
}

impl<'a> Related<'a> {
    pub fn gather(ctx: &Ctx<'a>, cluster: ClusterView<'a>) -> Self {
        let ix = ctx.ix;
        let ns = cluster.ns;
        let addon = ix
            .addon_by_cluster
            .get(ns, cluster.name)
            .map(|a| AddonView::read(a));
        let kcp = referenced(
            &cluster,
            cluster.control_plane_ref,
            "KubeadmControlPlane",
            &ix.kcp_by_name,
            &ix.kcp_by_cluster,
        );
        let infra = referenced(
            &cluster,
            cluster.infrastructure_ref,
            "OpenStackCluster",
            &ix.infra_by_name,
            &ix.infra_by_cluster,
        );
        let mds = ix
            .mds_by_cluster
            .get(ns, cluster.name)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let release_tag = cluster.class.map(release_tag);
        let release = release_tag
            .as_deref()
            .and_then(|t| ix.release_by_name.get(cluster.class_ns, t))
            .copied();
        let applied_release = addon
            .as_ref()
            .and_then(|a| a.cluster_stack)
            .and_then(|c| {
                ix.release_by_name
                    .get(cluster.class_ns, &super::names::release_tag(c))
            })
            .copied();
        let class_object = cluster
            .class
            .and_then(|c| ix.class_by_name.get(cluster.class_ns, c))
            .copied();
        let stack = cluster
            .class
            .and_then(|c| ctx.stacks.for_class(cluster.class_ns, c));
        let control_plane = control_plane_replicas(&cluster, kcp);
        let workers = worker_replicas(&cluster, mds);
        Related {
            cluster,
            addon,
            kcp,
            infra,
            mds,
            release,
            release_tag,
            applied_release,
            class_object,
            stack,
            control_plane,
            workers,
        }
    }

    /// Kubernetes version of a release, else `None`.
    pub fn release_k8s(release: Option<&'a Value>) -> Option<&'a str> {
        release.and_then(|r| nonempty_str_at(r, &["status", "kubernetesVersion"]))
    }

    /// The control plane's current Kubernetes version.
    pub fn control_plane_version(&self) -> Option<&'a str> {
        self.kcp.and_then(|k| {
            nonempty_str_at(k, &["status", "version"])
                .or_else(|| nonempty_str_at(k, &["spec", "version"]))
        })
    }

    /// The addons were applied for another class than the Cluster's: an upgrade is under way.
    pub fn upgrading_from(&self) -> Option<&'a str> {
        let applied = self.addon.as_ref()?.cluster_stack?;
        let class = self.cluster.class?;
        (applied != class).then_some(applied)
    }
}

fn control_plane_replicas(cluster: &ClusterView<'_>, kcp: Option<&Value>) -> Option<Replicas> {
    if let Some(kcp) = kcp {
        let (ready, desired) = kcp_replicas(kcp);
        return Some(Replicas { ready, desired });
    }
    let wanted = count_at(
        cluster.obj,
        &["spec", "topology", "controlPlane", "replicas"],
    );
    topology_replicas(cluster, "controlPlane", wanted)
}

/// Replicas from the Cluster's own status counters under `key`, used when the objects that
/// own the machines were not read. The desired count is at least `wanted` (what the topology
/// asks for); without counters nothing counts as ready.
fn topology_replicas(
    cluster: &ClusterView<'_>,
    key: &str,
    wanted: Option<i64>,
) -> Option<Replicas> {
    match cluster.counters(key) {
        Some(c) => Some(Replicas {
            ready: count_at(c, &["readyReplicas"]).unwrap_or(0),
            desired: count_at(c, &["desiredReplicas"])
                .unwrap_or(0)
                .max(wanted.unwrap_or(0)),
        }),
        None => wanted.map(|desired| Replicas { ready: 0, desired }),
    }
}

fn worker_replicas(cluster: &ClusterView<'_>, mds: &[&Value]) -> Option<Replicas> {
    if !mds.is_empty() {
        let (ready, desired) = mds.iter().fold((0i64, 0i64), |(r, d), md| {
            let (mr, md_) = md_replicas(md);
            (r.saturating_add(mr), d.saturating_add(md_))
        });
        return Some(Replicas { ready, desired });
    }
    let topology_mds = arr_at(
        cluster.obj,
        &["spec", "topology", "workers", "machineDeployments"],
    );
    let wanted = (!topology_mds.is_empty()).then(|| {
        topology_mds
            .iter()
            .map(|md| count_at(md, &["replicas"]).unwrap_or(0))
            .fold(0i64, i64::saturating_add)
    });
    topology_replicas(cluster, "workers", wanted)
}

/// The one-word addon state.
fn addon_state(rel: &Related<'_>) -> AddonState {
    if rel.cluster.is_deleting() {
        return AddonState::Deleting;
    }
    let Some(addon) = &rel.addon else {
        return AddonState::Missing;
    };
    let failing = addon.failure().is_some() || !addon.not_synced.is_empty();
    let class = rel.cluster.class;
    match addon.hook {
        _ if failing => AddonState::Failing,
        Some(HOOK_AFTER_CP_INITIALIZED) => AddonState::Installing,
        Some(_) => AddonState::Upgrading,
        None if addon.cluster_stack.is_none() => AddonState::NotInstalled,
        None if rel.upgrading_from().is_some() => AddonState::Upgrading,
        None if addon.ready && (class.is_none() || addon.cluster_stack == class) => {
            AddonState::Applied
        }
        None => AddonState::Unknown,
    }
}

fn addon_status(addon: &AddonView<'_>) -> AddonStatus {
    AddonStatus {
        name: format!("{}/{}", addon.ns, addon.name),
        ready: addon.ready,
        hook: addon.hook.map(str::to_owned),
        cluster_stack: addon.cluster_stack.map(str::to_owned),
        version: addon.version.map(str::to_owned),
        stages: addon.stages.clone(),
        synced_objects: addon.synced,
        not_synced: addon.not_synced.clone(),
    }
}

/// Analyses one Cluster.
pub(crate) fn analyze_cluster<'a>(ctx: &Ctx<'a>, obj: &'a Value) -> ClusterStatus {
    let view = ClusterView::read(obj);
    let rel = Related::gather(ctx, view);
    let mut diagnoses: Vec<Diagnosis> = diagnose::all(ctx, &rel);
    sort_diagnoses(&mut diagnoses);
    let cluster = &rel.cluster;
    let tree = cluster_tree::build(ctx, &rel);
    ClusterStatus {
        cluster: format!("{}/{}", cluster.ns, cluster.name),
        namespace: cluster.ns.to_owned(),
        name: cluster.name.to_owned(),
        healthy: !diagnoses.iter().any(Diagnosis::is_problem),
        class: cluster.class.map(str::to_owned),
        phase: cluster.phase.map(str::to_owned),
        version: cluster
            .version
            .or_else(|| rel.control_plane_version())
            .map(str::to_owned),
        api: cluster.shape,
        control_plane: rel.control_plane,
        workers: rel.workers,
        stack: rel.stack.map(StackInfo::display),
        release: rel.release_tag.as_ref().map(|tag| ReleaseRef {
            name: tag.clone(),
            ready: rel.release.map(release_ready),
            kubernetes_version: Related::release_k8s(rel.release).map(str::to_owned),
        }),
        addons: addon_state(&rel),
        addon: rel.addon.as_ref().map(addon_status),
        diagnoses,
        tree,
    }
}

/// `namespace/release-tag` → Cluster names, over all Clusters.
pub(crate) fn release_users<'a>(ix: &Index<'a>) -> HashMap<String, Vec<&'a str>> {
    let mut used: HashMap<String, Vec<&'a str>> = HashMap::new();
    for obj in &ix.clusters {
        let view = ClusterView::read(obj);
        if let Some(class) = view.class {
            used.entry(table_key(view.class_ns, &release_tag(class)))
                .or_default()
                .push(view.name);
        }
    }
    used
}

/// The ExtensionConfig of the CSO hook server: labelled for CSO or pointing at its Service.
pub(crate) fn find_hook_server<'a>(ix: &Index<'a>) -> Option<&'a Value> {
    let is_cso = |e: &&&Value| {
        nonempty_str_at(e, &["metadata", "labels", "cluster.x-k8s.io/provider"])
            == Some("cluster-stack-operator")
            || nonempty_str_at(e, &["spec", "clientConfig", "service", "name"])
                .is_some_and(|s| s.contains("cso-hook-server"))
            || crate::k8s::json::name(e).is_some_and(|n| n.contains("cso"))
    };
    ix.extension_configs
        .iter()
        .find(is_cso)
        .or_else(|| {
            // Without a recognisable CSO one, a single ExtensionConfig is taken as the one.
            (ix.extension_configs.len() == 1)
                .then(|| ix.extension_configs.first())
                .flatten()
        })
        .copied()
}
