//! Analysis core of `kubectl scs stack status`.
//!
//! [`analyze`] takes the objects of a management cluster as `kubectl get -o json` prints them
//! (ClusterStack, ClusterStackRelease, ClusterAddon, Cluster in the v1beta1 or v1beta2 shape,
//! KubeadmControlPlane, MachineDeployment, OpenStackCluster, ClusterClass, ExtensionConfig; any
//! kind may be absent, other kinds are ignored) and returns, per Cluster, a tree in the spirit of
//! `clusterctl describe cluster` plus diagnoses with stable codes, and per ClusterStack the
//! state of its releases. It is a pure function: the clock comes from [`Options::now`], and the
//! only I/O of this module is [`ReleaseAssets::load_dir`].
//!
//! The analysis is linear in the number of objects: one pass builds hash maps keyed by
//! namespace and name, and every Cluster is then analysed with lookups only.

mod age;
mod cluster;
mod cluster_tree;
mod conditions;
mod deletion;
mod diagnose;
mod index;
mod lint;
mod model;
mod names;
mod release;
mod stacks;
mod tree;
mod views;

#[cfg(test)]
mod tests;

use std::collections::HashSet;

use jiff::Timestamp;
use serde_json::Value;

pub use age::human_age;
pub use lint::{lint_assets, lint_release};
pub use model::{
    AddonState, AddonStatus, CapiShape, ClusterStatus, Diagnosis, DiagnosisCode, ObjectError,
    ReleaseRef, ReleaseStatus, Replicas, Severity, StackEntry, StackStatus, StageStatus, TreeNode,
};
pub use release::{
    AddonStage, CLUSTER_ADDON_FILE, ClusterAddonConfig, ConditionObject, HOOK_AFTER_CP_INITIALIZED,
    HOOK_BEFORE_UPGRADE, OLD_STYLE_VALUES_FILE, ReleaseAssets, ReleaseError, WaitForCondition,
};

use cluster::{Ctx, analyze_cluster, find_hook_server, release_users};
use index::Index;
use stacks::{StackTable, stack_entry};

/// What `analyze` needs besides the objects.
#[derive(Debug, Clone)]
pub struct Options {
    /// The current time; ages (SINCE, "for 51m") are computed from it.
    pub now: Timestamp,
    /// Only the Clusters of this name (in any namespace), and only the stacks they use.
    pub cluster: Option<String>,
    /// Release assets (`--releases DIR`) for the AddonWillBeDropped check.
    pub releases: Option<ReleaseAssets>,
}

impl Options {
    /// Options with only a clock.
    pub fn at(now: Timestamp) -> Self {
        Options {
            now,
            cluster: None,
            releases: None,
        }
    }
}

/// Analyses the objects of a management cluster. Never fails: unknown kinds are skipped and
/// missing or malformed fields only reduce what can be said.
///
/// Clusters and stacks are ordered by namespace and name. With [`Options::cluster`] set, only
/// matching Clusters are listed, and only the stacks whose releases they use.
pub fn analyze(objects: &[Value], opts: &Options) -> StackStatus {
    let ix = Index::build(objects);
    let stacks = StackTable::build(&ix);
    let used_by = release_users(&ix);
    let ctx = Ctx {
        ix: &ix,
        stacks: &stacks,
        now: opts.now,
        releases: opts.releases.as_ref(),
        hook_server: find_hook_server(&ix),
    };
    let wanted = |obj: &&&Value| match &opts.cluster {
        Some(n) => crate::k8s::json::name(obj) == Some(n.as_str()),
        None => true,
    };
    let clusters: Vec<ClusterStatus> = ix
        .clusters
        .iter()
        .filter(wanted)
        .map(|c| analyze_cluster(&ctx, c))
        .collect();
    let used_stacks: Option<HashSet<&str>> = opts
        .cluster
        .as_ref()
        .map(|_| clusters.iter().filter_map(|c| c.stack.as_deref()).collect());
    let stacks = stacks
        .ordered()
        .into_iter()
        .filter(|s| {
            used_stacks
                .as_ref()
                .is_none_or(|used| used.contains(s.display().as_str()))
        })
        .map(|s| stack_entry(s, &used_by, opts.now))
        .collect();
    StackStatus { clusters, stacks }
}
