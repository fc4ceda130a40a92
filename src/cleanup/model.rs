//! What `cluster cleanup` reports: the stable `-o json|yaml` document.

use serde::Serialize;

/// Everything that blocks or leaks when the workload cluster is deleted, and whether the
/// controllers that clean up in the cloud are running.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CleanupReport {
    /// True when nothing blocks and nothing leaks.
    pub clean: bool,
    /// The cloud controller manager and the CSI controller: deleting Services or volumes after
    /// they are gone leaves their cloud resources behind.
    pub preconditions: Vec<Controller>,
    /// What keeps the cluster from being deleted.
    pub blocking: Blocking,
    /// What is left behind in the cloud when the cluster is deleted.
    pub leaking: Leaking,
    /// Workloads and tools that would recreate what is deleted, or hold it.
    pub recreators: Vec<Recreator>,
    /// What could not be read or understood.
    pub notes: Vec<String>,
}

/// What keeps the cluster from being deleted.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Blocking {
    pub load_balancer_services: Vec<LoadBalancerService>,
}

/// What the cloud keeps after the cluster is gone.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Leaking {
    /// Claims whose volumes live in the cloud.
    pub claims: Vec<Claim>,
    /// Volumes without a claim (released or never claimed).
    pub volumes: Vec<Volume>,
    pub snapshots: Vec<Snapshot>,
    /// Snapshot contents without a VolumeSnapshot.
    pub snapshot_contents: Vec<SnapshotContent>,
}

/// A namespaced object, `namespace/name` when printed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ObjectRef {
    pub kind: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub namespace: String,
    pub name: String,
}

impl ObjectRef {
    pub fn new(kind: &str, namespace: &str, name: &str) -> Self {
        ObjectRef {
            kind: kind.to_string(),
            namespace: namespace.to_string(),
            name: name.to_string(),
        }
    }

    /// `namespace/name`, or `name` for cluster-scoped objects.
    pub fn path(&self) -> String {
        if self.namespace.is_empty() {
            self.name.clone()
        } else {
            format!("{}/{}", self.namespace, self.name)
        }
    }
}

impl std::fmt::Display for ObjectRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.kind, self.path())
    }
}

/// A Service of type LoadBalancer: the cloud load balancer behind it keeps the cluster's network
/// in use.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LoadBalancerService {
    pub namespace: String,
    pub name: String,
    /// External IPs and hostnames from `status.loadBalancer.ingress`.
    pub external: Vec<String>,
    /// `loadbalancer.openstack.org/load-balancer-id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub load_balancer_id: Option<String>,
    /// Whether the `service.kubernetes.io/load-balancer-cleanup` finalizer is set.
    pub cleanup_finalizer: bool,
    pub finalizers: Vec<String>,
    /// Already being deleted (waiting for its finalizers).
    pub deleting: bool,
    /// What created it: an Ingress controller, a Gateway, …
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<Owner>,
    /// Ingresses whose address is this Service's address.
    pub serves_ingresses: Vec<String>,
    /// A tool that would recreate it (Helm, Flux, Argo CD).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub managed_by: Option<String>,
}

/// What created a LoadBalancer Service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Owner {
    /// `Gateway`, `IngressController`, or the kind of an owner reference.
    pub kind: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub namespace: String,
    pub name: String,
    /// How it was recognised: `ownerReference` or `label <key>=<value>`.
    pub via: String,
    /// Deleting the Service alone does not help: the owner's controller recreates it, so the
    /// owner has to go.
    pub recreates: bool,
}

/// Reclaim policy of a volume.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Reclaim {
    Delete,
    Retain,
    /// `Recycle` or anything else.
    Other,
}

impl Reclaim {
    pub fn parse(text: Option<&str>) -> Reclaim {
        match text {
            // The API default for dynamically provisioned volumes.
            Some("Delete") | None => Reclaim::Delete,
            Some("Retain") => Reclaim::Retain,
            Some(_) => Reclaim::Other,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Reclaim::Delete => "Delete",
            Reclaim::Retain => "Retain",
            Reclaim::Other => "Other",
        }
    }
}

/// A PersistentVolumeClaim whose volume lives in the cloud.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Claim {
    pub namespace: String,
    pub name: String,
    pub phase: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage_class: Option<String>,
    /// The bound volume; `None` while pending or when the volume was not read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume: Option<Volume>,
    /// Pods that mount it (the claim is deleted only after they are gone).
    pub used_by: Vec<String>,
    pub deleting: bool,
}

/// A PersistentVolume backed by a cloud volume.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Volume {
    pub name: String,
    /// CSI driver name, or `kubernetes.io/cinder` for in-tree Cinder volumes.
    pub driver: String,
    /// The cloud volume id (`spec.csi.volumeHandle`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume_handle: Option<String>,
    pub reclaim_policy: Reclaim,
    pub phase: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity: Option<String>,
    /// The claim it is or was bound to, `namespace/name`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claim: Option<String>,
    pub deleting: bool,
}

/// A VolumeSnapshot (snapshot.storage.k8s.io): a cloud snapshot of a volume.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snapshot {
    pub namespace: String,
    pub name: String,
    /// The claim it was taken from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_claim: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// The content's deletion policy; `Retain` keeps the cloud snapshot even when the
    /// VolumeSnapshot is deleted. `None` when the content was not read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deletion_policy: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snapshot_handle: Option<String>,
    pub ready: bool,
    pub deleting: bool,
}

/// A VolumeSnapshotContent that no VolumeSnapshot points at.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SnapshotContent {
    pub name: String,
    pub driver: String,
    pub deletion_policy: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snapshot_handle: Option<String>,
}

/// How to keep a workload from recreating or holding what is deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stop {
    /// Set `spec.replicas` to 0 (Deployment, StatefulSet, ReplicaSet) or delete.
    Scale,
    /// Only deletion stops it (DaemonSet, Job, bare Pod).
    Delete,
    /// Not something this command changes (a GitOps tool): suspend it by hand.
    Manual,
}

/// A workload or tool that would recreate or hold what is deleted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recreator {
    pub kind: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub namespace: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i32>,
    /// Why it matters, in words.
    pub why: String,
    /// The claims it recreates or holds, `namespace/name`.
    pub claims: Vec<String>,
    pub stop: Stop,
}

/// Which cloud-side controller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ControllerKind {
    /// openstack-cloud-controller-manager: deletes the Octavia load balancers.
    CloudControllerManager,
    /// The Cinder CSI controller plugin: deletes volumes and snapshots.
    CsiController,
}

impl ControllerKind {
    pub fn title(self) -> &'static str {
        match self {
            ControllerKind::CloudControllerManager => "cloud controller manager",
            ControllerKind::CsiController => "Cinder CSI controller",
        }
    }

    pub fn needed_for(self) -> &'static str {
        match self {
            ControllerKind::CloudControllerManager => "LoadBalancer Services",
            ControllerKind::CsiController => "volumes and snapshots",
        }
    }
}

/// Whether a controller runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ControllerState {
    Running,
    NotReady,
    Missing,
    /// The workload kinds could not be read.
    Unknown,
}

impl ControllerState {
    pub fn as_str(self) -> &'static str {
        match self {
            ControllerState::Running => "Running",
            ControllerState::NotReady => "NotReady",
            ControllerState::Missing => "Missing",
            ControllerState::Unknown => "Unknown",
        }
    }
}

/// One precondition: a controller, whether it runs, and whether anything needs it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Controller {
    pub controller: ControllerKind,
    pub state: ControllerState,
    /// Something listed depends on it.
    pub needed: bool,
    /// `DaemonSet kube-system/openstack-cloud-controller-manager`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workload: Option<String>,
    /// Ready / desired pods, `1/1`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ready: Option<String>,
    /// What is wrong with its pods, or where it was looked for.
    pub message: String,
}

impl Controller {
    /// Needed but not running: cleaning up now would leave cloud resources behind.
    pub fn is_problem(&self) -> bool {
        self.needed && self.state != ControllerState::Running
    }
}

impl CleanupReport {
    /// Number of things that block the deletion.
    pub fn blocking_count(&self) -> usize {
        self.blocking.load_balancer_services.len()
    }

    /// Number of things left behind in the cloud.
    pub fn leaking_count(&self) -> usize {
        self.leaking.claims.len()
            + self.leaking.volumes.len()
            + self.leaking.snapshots.len()
            + self.leaking.snapshot_contents.len()
    }

    /// The controller of a kind.
    pub fn controller(&self, kind: ControllerKind) -> Option<&Controller> {
        self.preconditions.iter().find(|c| c.controller == kind)
    }
}
