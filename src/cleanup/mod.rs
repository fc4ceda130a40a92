//! Analysis core of `kubectl scs cluster cleanup`: what blocks or leaks when a workload cluster
//! is deleted (cluster-stacks reference §5).
//!
//! Deleting a Cluster API cluster on OpenStack hangs while the workload cluster still has
//! Services of type LoadBalancer (their Octavia load balancers keep the network in use), and the
//! Cinder volumes of PersistentVolumeClaims and VolumeSnapshots are left behind. [`analyze`]
//! lists them, the workloads that would recreate them, and whether the controllers that delete
//! the cloud resources still run. [`plan`] turns a report into an ordered list of deletions and
//! [`leftovers`] says which of them are not done yet, and why; [`left_in_cloud`] what a forced
//! deletion left for someone to remove by hand. All are pure functions over the objects as
//! `kubectl get -o json` prints them.

mod controllers;
mod forced;
mod inventory;
mod model;
mod plan;
mod services;
mod volumes;
mod workloads;

#[cfg(test)]
mod tests;

use serde_json::Value;

pub use forced::{CloudLeftover, left_in_cloud};
pub use model::{
    Blocking, Claim, CleanupReport, Controller, ControllerKind, ControllerState, Leaking,
    LoadBalancerService, ObjectRef, Owner, Reclaim, Recreator, Snapshot, SnapshotContent, Stop,
    Volume,
};
pub use plan::{
    Action, Candidate, Group, Leftover, Plan, PlanOptions, api_group_of, candidates, leftovers,
    pending_deletions,
};
pub use services::{LB_CLEANUP_FINALIZER, LB_ID_ANNOTATION};
pub use volumes::CINDER_DRIVER;

use inventory::Inventory;

/// What `analyze` needs besides the objects.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only objects in this namespace (the controllers are looked for everywhere).
    pub namespace: Option<String>,
    /// Kinds that could not be read (not served, forbidden): a controller that is not found is
    /// then unknown rather than missing.
    pub unread: Vec<String>,
}

/// Analyses a workload cluster's objects: Services, PersistentVolumeClaims, PersistentVolumes,
/// Pods, StatefulSets, Deployments, DaemonSets, Ingresses, Gateways, VolumeSnapshots and
/// VolumeSnapshotContents; other kinds are ignored, any kind may be absent. Never fails: an
/// object that does not read as its kind becomes a note.
pub fn analyze(objects: &[Value], opts: &Options) -> CleanupReport {
    let inv = Inventory::read(objects);
    let in_scope = |namespace: &str| match &opts.namespace {
        Some(wanted) => namespace == wanted,
        None => true,
    };
    let services = services::load_balancer_services(&inv, &in_scope);
    let leaking = volumes::leaking(&inv, &in_scope);
    let recreators = workloads::recreators(&inv, &leaking.claims, &services, &in_scope);
    let need_ccm = !services.is_empty();
    let need_csi = !leaking.claims.is_empty()
        || !leaking.volumes.is_empty()
        || !leaking.snapshots.is_empty()
        || !leaking.snapshot_contents.is_empty();
    let preconditions = controllers::preconditions(&inv, need_ccm, need_csi, &opts.unread);
    let mut report = CleanupReport {
        clean: false,
        preconditions,
        blocking: Blocking {
            load_balancer_services: services,
        },
        leaking,
        recreators,
        notes: inv.notes,
    };
    report.clean = report.blocking_count() == 0 && report.leaking_count() == 0;
    report
}
