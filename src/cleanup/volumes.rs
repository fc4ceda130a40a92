//! Claims, volumes and snapshots that live on in the cloud after the cluster is gone.

use std::collections::{HashMap, HashSet};

use k8s_openapi::api::core::v1::{PersistentVolume, PersistentVolumeClaim};

use super::inventory::{
    Inventory, VolumeSnapshotContent, deleting, name, ns, pod_active, pod_claims,
};
use super::model::{Claim, Leaking, Reclaim, Snapshot, SnapshotContent, Volume};

/// The Cinder CSI driver of SCS clusters.
pub const CINDER_DRIVER: &str = "cinder.csi.openstack.org";

/// CSI drivers whose volumes live on a node's disks and go with the node, not in the cloud.
const NODE_LOCAL_DRIVERS: &[&str] = &[
    "hostpath.csi.k8s.io",
    "local.csi.openebs.io",
    "rawfile.csi.openebs.io",
    "topolvm.io",
    "lvm.csi.metal-stack.io",
];

/// Everything that leaks, ordered by namespace and name.
pub(crate) fn leaking(inv: &Inventory, in_scope: &dyn Fn(&str) -> bool) -> Leaking {
    let volumes: HashMap<&str, &PersistentVolume> = inv
        .volumes
        .iter()
        .map(|pv| (name(&pv.metadata), pv))
        .collect();
    let mut users: HashMap<(&str, &str), Vec<String>> = HashMap::new();
    for pod in inv.pods.iter().filter(|p| pod_active(p)) {
        let pod_ns = ns(&pod.metadata);
        for claim in pod_claims(pod) {
            users
                .entry((pod_ns, claim))
                .or_default()
                .push(format!("{pod_ns}/{}", name(&pod.metadata)));
        }
    }

    let mut claims: Vec<Claim> = inv
        .claims
        .iter()
        .filter(|c| in_scope(ns(&c.metadata)))
        .filter_map(|c| claim(c, &volumes, &users))
        .collect();
    claims.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));

    let claimed: HashSet<(&str, &str)> = inv
        .claims
        .iter()
        .map(|c| (ns(&c.metadata), name(&c.metadata)))
        .collect();
    let mut unclaimed: Vec<Volume> = inv
        .volumes
        .iter()
        .filter_map(|pv| {
            let claim_ref = pv.spec.as_ref().and_then(|s| s.claim_ref.as_ref());
            let claim_ns = claim_ref.and_then(|r| r.namespace.as_deref()).unwrap_or("");
            let claim_name = claim_ref.and_then(|r| r.name.as_deref()).unwrap_or("");
            let still_claimed = claim_ref.is_some() && claimed.contains(&(claim_ns, claim_name));
            // With -n, a volume belongs to the namespace of the claim it was bound to.
            let scoped = if claim_ref.is_some() {
                in_scope(claim_ns)
            } else {
                in_scope("")
            };
            (!still_claimed && scoped).then(|| volume(pv)).flatten()
        })
        .collect();
    unclaimed.sort_by(|a, b| a.name.cmp(&b.name));

    let (snapshots, snapshot_contents) = snapshots(inv, in_scope);
    Leaking {
        claims,
        volumes: unclaimed,
        snapshots,
        snapshot_contents,
    }
}

fn claim(
    pvc: &PersistentVolumeClaim,
    volumes: &HashMap<&str, &PersistentVolume>,
    users: &HashMap<(&str, &str), Vec<String>>,
) -> Option<Claim> {
    let meta = &pvc.metadata;
    let phase = pvc
        .status
        .as_ref()
        .and_then(|s| s.phase.clone())
        .unwrap_or_else(|| "Pending".into());
    let volume_name = pvc.spec.as_ref().and_then(|s| s.volume_name.as_deref());
    let volume = match volume_name.map(|v| volumes.get(v)) {
        // Bound to a volume that is not in the cloud (hostPath, local, node-local CSI).
        Some(Some(pv)) => Some(self::volume(pv)?),
        // Bound, but the volume was not read: say so rather than hide the claim.
        Some(None) => None,
        // Not provisioned yet: nothing exists in the cloud.
        None => return None,
    };
    let key = (super::inventory::ns(meta), super::inventory::name(meta));
    let mut used_by = users.get(&key).cloned().unwrap_or_default();
    used_by.sort();
    Some(Claim {
        namespace: key.0.to_string(),
        name: key.1.to_string(),
        phase,
        storage_class: pvc.spec.as_ref().and_then(|s| s.storage_class_name.clone()),
        volume,
        used_by,
        deleting: deleting(meta),
    })
}

/// The volume when it lives in the cloud (a CSI driver that is not node-local, or in-tree
/// Cinder); `None` otherwise.
pub(crate) fn volume(pv: &PersistentVolume) -> Option<Volume> {
    let spec = pv.spec.as_ref()?;
    let (driver, handle) = match (&spec.csi, &spec.cinder) {
        (Some(csi), _) if NODE_LOCAL_DRIVERS.contains(&csi.driver.as_str()) => return None,
        (Some(csi), _) => (csi.driver.clone(), Some(csi.volume_handle.clone())),
        (None, Some(cinder)) => (
            "kubernetes.io/cinder".to_string(),
            Some(cinder.volume_id.clone()),
        ),
        (None, None) => return None,
    };
    Some(Volume {
        name: name(&pv.metadata).to_string(),
        driver,
        volume_handle: handle.filter(|h| !h.is_empty()),
        reclaim_policy: Reclaim::parse(spec.persistent_volume_reclaim_policy.as_deref()),
        phase: pv
            .status
            .as_ref()
            .and_then(|s| s.phase.clone())
            .unwrap_or_else(|| "Unknown".into()),
        capacity: spec
            .capacity
            .as_ref()
            .and_then(|c| c.get("storage"))
            .map(|q| q.0.clone()),
        claim: spec.claim_ref.as_ref().map(|r| {
            format!(
                "{}/{}",
                r.namespace.as_deref().unwrap_or_default(),
                r.name.as_deref().unwrap_or_default()
            )
        }),
        deleting: deleting(&pv.metadata),
    })
}

fn snapshots(
    inv: &Inventory,
    in_scope: &dyn Fn(&str) -> bool,
) -> (Vec<Snapshot>, Vec<SnapshotContent>) {
    let contents: HashMap<&str, &VolumeSnapshotContent> = inv
        .contents
        .iter()
        .map(|c| (name(&c.metadata), c))
        .collect();
    let mut out: Vec<Snapshot> = inv
        .snapshots
        .iter()
        .filter(|s| in_scope(ns(&s.metadata)))
        .map(|s| {
            let status = s.status.clone().unwrap_or_default();
            let content_name = status
                .bound_volume_snapshot_content_name
                .clone()
                .or_else(|| s.spec.source.volume_snapshot_content_name.clone());
            let content = content_name.as_deref().and_then(|c| contents.get(c));
            Snapshot {
                namespace: ns(&s.metadata).to_string(),
                name: name(&s.metadata).to_string(),
                source_claim: s.spec.source.persistent_volume_claim_name.clone(),
                deletion_policy: content
                    .map(|c| c.spec.deletion_policy.clone())
                    .filter(|p| !p.is_empty()),
                snapshot_handle: content.and_then(|c| content_handle(c)),
                content: content_name,
                ready: status.ready_to_use == Some(true),
                deleting: deleting(&s.metadata),
            }
        })
        .collect();
    out.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));

    let snapshot_keys: HashSet<(&str, &str)> = inv
        .snapshots
        .iter()
        .map(|s| (ns(&s.metadata), name(&s.metadata)))
        .collect();
    let mut orphans: Vec<SnapshotContent> = inv
        .contents
        .iter()
        .filter(|c| {
            let r = &c.spec.volume_snapshot_ref;
            let key = (
                r.namespace.as_deref().unwrap_or_default(),
                r.name.as_deref().unwrap_or_default(),
            );
            !snapshot_keys.contains(&key)
                && in_scope(key.0)
                && !NODE_LOCAL_DRIVERS.contains(&c.spec.driver.as_str())
        })
        .map(|c| SnapshotContent {
            name: name(&c.metadata).to_string(),
            driver: c.spec.driver.clone(),
            deletion_policy: c.spec.deletion_policy.clone(),
            snapshot_handle: content_handle(c),
        })
        .collect();
    orphans.sort_by(|a, b| a.name.cmp(&b.name));
    (out, orphans)
}

fn content_handle(c: &VolumeSnapshotContent) -> Option<String> {
    c.status
        .as_ref()
        .and_then(|s| s.snapshot_handle.clone())
        .or_else(|| c.spec.source.snapshot_handle.clone())
}
