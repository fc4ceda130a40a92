//! The result of `stack status`: what `-o json|yaml` prints and what the renderers read.
//!
//! The keys `clusters`, `cluster`, `healthy`, `class`, `diagnoses`, `code`, `severity`, `message`,
//! `hint`, `stacks` and `stack` are a stable interface; other keys may be added.

use std::fmt;

use serde::Serialize;

/// Everything `analyze` found, ordered by namespace and name.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StackStatus {
    /// One entry per CAPI Cluster.
    pub clusters: Vec<ClusterStatus>,
    /// One entry per ClusterStack (or per stack that only its releases name).
    pub stacks: Vec<StackEntry>,
}

/// The state of one Cluster and the cluster-stack objects it uses.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterStatus {
    /// `namespace/name`.
    pub cluster: String,
    /// Namespace of the Cluster.
    pub namespace: String,
    /// Name of the Cluster.
    pub name: String,
    /// No diagnosis of severity error or warning.
    pub healthy: bool,
    /// `spec.topology.class` (v1beta1) or `spec.topology.classRef.name` (v1beta2).
    pub class: Option<String>,
    /// `status.phase`.
    pub phase: Option<String>,
    /// `spec.topology.version`, else the control plane's version.
    pub version: Option<String>,
    /// The Cluster API shape the object was read in.
    pub api: CapiShape,
    /// Control plane replicas.
    pub control_plane: Option<Replicas>,
    /// Worker replicas, summed over all MachineDeployments.
    pub workers: Option<Replicas>,
    /// `namespace/name` of the ClusterStack the class belongs to, when known.
    pub stack: Option<String>,
    /// The ClusterStackRelease of the class.
    pub release: Option<ReleaseRef>,
    /// One word for the addon state, for one-line summaries.
    pub addons: AddonState,
    /// The ClusterAddon, when there is one.
    pub addon: Option<AddonStatus>,
    /// Findings, most severe first.
    pub diagnoses: Vec<Diagnosis>,
    /// The human tree in the spirit of `clusterctl describe cluster`.
    #[serde(skip)]
    pub tree: TreeNode,
}

impl ClusterStatus {
    /// The diagnosis a one-line summary shows: the most severe one.
    pub fn first_diagnosis(&self) -> Option<&Diagnosis> {
        self.diagnoses.first()
    }

    /// Whether any diagnosis has this code.
    pub fn has(&self, code: DiagnosisCode) -> bool {
        self.diagnoses.iter().any(|d| d.code == code)
    }
}

/// The Cluster API version whose shape the Cluster had.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum CapiShape {
    /// `cluster.x-k8s.io/v1beta1`: `topology.class`, conditions with severity.
    V1beta1,
    /// `cluster.x-k8s.io/v1beta2`: `topology.classRef`, `metav1.Condition`s.
    V1beta2,
}

/// Ready and desired replicas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Replicas {
    /// Replicas that report Ready.
    pub ready: i64,
    /// Replicas asked for.
    pub desired: i64,
}

impl Replicas {
    /// `ready/desired`.
    pub fn ratio(&self) -> String {
        format!("{}/{}", self.ready, self.desired)
    }

    /// Fewer replicas are ready than desired.
    pub fn short(&self) -> bool {
        self.ready < self.desired
    }
}

/// The ClusterStackRelease a Cluster's class points to.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReleaseRef {
    /// The release tag (= CSR name).
    pub name: String,
    /// `status.ready`, absent when the CSR was not found.
    pub ready: Option<bool>,
    /// `status.kubernetesVersion`.
    pub kubernetes_version: Option<String>,
}

/// The addon state as one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AddonState {
    /// Ready, no hook running, applied for the Cluster's class.
    Applied,
    /// The AfterControlPlaneInitialized hook is running.
    Installing,
    /// An upgrade hook is running or the class changed.
    Upgrading,
    /// Applying, templating or deleting addon objects fails.
    Failing,
    /// Addons were never applied and no hook runs.
    NotInstalled,
    /// The Cluster is being deleted.
    Deleting,
    /// No ClusterAddon exists for the Cluster.
    Missing,
    /// None of the above could be told.
    Unknown,
}

impl AddonState {
    /// The word as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            AddonState::Applied => "applied",
            AddonState::Installing => "installing",
            AddonState::Upgrading => "upgrading",
            AddonState::Failing => "failing",
            AddonState::NotInstalled => "not-installed",
            AddonState::Deleting => "deleting",
            AddonState::Missing => "missing",
            AddonState::Unknown => "unknown",
        }
    }
}

impl fmt::Display for AddonState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the ClusterAddon records.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AddonStatus {
    /// `namespace/name` of the ClusterAddon.
    pub name: String,
    /// `status.ready`.
    pub ready: bool,
    /// `spec.hook`: the hook being run, if any.
    pub hook: Option<String>,
    /// `spec.clusterStack`: the class whose addons were last applied successfully.
    pub cluster_stack: Option<String>,
    /// `spec.version`: the addon version of the release being (or last) applied.
    pub version: Option<String>,
    /// `status.stages` (only filled while a hook runs).
    pub stages: Vec<StageStatus>,
    /// Objects recorded `synced` (old-style releases only).
    pub synced_objects: usize,
    /// Objects recorded `not-synced`, with their error.
    pub not_synced: Vec<ObjectError>,
}

/// One stage of the running hook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StageStatus {
    /// The addon (helm subchart) name.
    pub name: String,
    /// `apply` or `delete`.
    pub action: Option<String>,
    /// `Pending`, `waitingForPreCondition`, `applyingOrDeleting`, `waitingForPostCondition`, `done`.
    pub phase: String,
}

/// A workload-cluster object CSO could not apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectError {
    /// `group/version Kind namespace/name`.
    pub object: String,
    /// The last apply error.
    pub error: Option<String>,
}

/// Findings about one ClusterStack and its releases.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StackEntry {
    /// `namespace/name` of the ClusterStack (derived from the release tag if the object is absent).
    pub stack: String,
    /// Whether the ClusterStack object was read.
    pub found: bool,
    /// The stack's `Ready` condition.
    pub ready: Option<bool>,
    /// Versions with a ready release, in dot form (`v1`, `v2`).
    pub usable_versions: Vec<String>,
    /// The releases of this stack that were read.
    pub releases: Vec<ReleaseStatus>,
    /// Findings, most severe first.
    pub diagnoses: Vec<Diagnosis>,
    /// The stack as a tree (ClusterStack → releases).
    #[serde(skip)]
    pub tree: TreeNode,
}

/// One ClusterStackRelease.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReleaseStatus {
    /// The release tag.
    pub name: String,
    /// `status.ready` (or the Ready condition).
    pub ready: bool,
    /// `status.kubernetesVersion`.
    pub kubernetes_version: Option<String>,
    /// Names of the Clusters in the namespace whose class is this release.
    pub used_by: Vec<String>,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnosis {
    /// Stable code.
    pub code: DiagnosisCode,
    /// `error`, `warning` or `info`.
    pub severity: Severity,
    /// One line: what is wrong, with the facts that show it.
    pub message: String,
    /// What to do.
    pub hint: String,
    /// `Kind/namespace/name` of the object the finding is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
}

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something is broken and will not heal on its own.
    Error,
    /// Something is not as it should be, or is in progress.
    Warning,
    /// Good to know.
    Info,
}

impl Severity {
    /// The word as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Stable diagnosis codes. The order is the order of causes: when two findings have the same
/// severity, the one listed first here is shown first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum DiagnosisCode {
    /// The Cluster is being deleted.
    ClusterDeleting,
    /// A ClusterStackRelease is not ready.
    ReleaseNotReady,
    /// The ClusterStack itself reports a problem.
    StackNotReady,
    /// The topology was never reconciled or the control plane is not initialized.
    ClusterNotProvisioned,
    /// CAPI never called CSO's runtime hook.
    HookNotCalled,
    /// A lifecycle hook holds the Cluster upgrade.
    UpgradeBlocked,
    /// CSO fails to apply the addons.
    AddonApplyFailing,
    /// An upgrade will delete an addon's objects.
    AddonWillBeDropped,
    /// A release's `clusteraddon.yaml` is malformed.
    AddonConfigInvalid,
    /// No ClusterAddon exists for a Cluster that uses a cluster stack.
    AddonMissing,
    /// The ClusterAddon was applied for another class than the Cluster's.
    UpgradePending,
    /// Control plane or workers have fewer ready replicas than desired.
    ReplicasNotReady,
    /// A `clusteraddon.yaml` stage list CSO does not run.
    AddonStageIgnored,
    /// A newer usable release of the same ClusterStack exists.
    UpdateAvailable,
}

impl DiagnosisCode {
    /// The code as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            DiagnosisCode::ClusterDeleting => "ClusterDeleting",
            DiagnosisCode::ReleaseNotReady => "ReleaseNotReady",
            DiagnosisCode::StackNotReady => "StackNotReady",
            DiagnosisCode::ClusterNotProvisioned => "ClusterNotProvisioned",
            DiagnosisCode::HookNotCalled => "HookNotCalled",
            DiagnosisCode::UpgradeBlocked => "UpgradeBlocked",
            DiagnosisCode::AddonApplyFailing => "AddonApplyFailing",
            DiagnosisCode::AddonWillBeDropped => "AddonWillBeDropped",
            DiagnosisCode::AddonConfigInvalid => "AddonConfigInvalid",
            DiagnosisCode::AddonMissing => "AddonMissing",
            DiagnosisCode::UpgradePending => "UpgradePending",
            DiagnosisCode::ReplicasNotReady => "ReplicasNotReady",
            DiagnosisCode::AddonStageIgnored => "AddonStageIgnored",
            DiagnosisCode::UpdateAvailable => "UpdateAvailable",
        }
    }
}

impl fmt::Display for DiagnosisCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Diagnosis {
    /// A finding without an object.
    pub fn new(
        code: DiagnosisCode,
        severity: Severity,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Diagnosis {
            code,
            severity,
            message: message.into(),
            hint: hint.into(),
            object: None,
        }
    }

    /// Names the object the finding is about.
    pub fn about(mut self, object: impl Into<String>) -> Self {
        self.object = Some(object.into());
        self
    }

    /// Whether the finding makes its owner unhealthy.
    pub fn is_problem(&self) -> bool {
        self.severity != Severity::Info
    }
}

/// Sorts most severe first, then by cause order, then by message for determinism.
pub(crate) fn sort_diagnoses(diagnoses: &mut [Diagnosis]) {
    diagnoses
        .sort_by(|a, b| (a.severity, a.code, &a.message).cmp(&(b.severity, b.code, &b.message)));
}

/// One row of the human tree; the renderer draws `├─`/`└─` from `children`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TreeNode {
    /// e.g. `Cluster/prod-1`, `ClusterAddon/cluster-addon-prod-1`, `Stage cni`.
    pub name: String,
    /// `True`, `False`, `Unknown`, or none when the row has no condition.
    pub ready: Option<String>,
    /// `Error`, `Warning`, `Info` for rows that are not True.
    pub severity: Option<String>,
    /// Condition reason (or stage phase).
    pub reason: Option<String>,
    /// Age of the shown condition, e.g. `51m`.
    pub since: Option<String>,
    /// Condition message or a short summary.
    pub message: Option<String>,
    /// Rows below this one.
    pub children: Vec<TreeNode>,
}

impl TreeNode {
    /// A row with only a name.
    pub fn named(name: impl Into<String>) -> Self {
        TreeNode {
            name: name.into(),
            ..TreeNode::default()
        }
    }

    /// Sets the message.
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// Sets `ready`.
    pub fn with_ready(mut self, ready: &str) -> Self {
        self.ready = Some(ready.to_owned());
        self
    }

    /// Depth-first search for a row whose name starts with `prefix`.
    pub fn find(&self, prefix: &str) -> Option<&TreeNode> {
        if self.name.starts_with(prefix) {
            return Some(self);
        }
        self.children.iter().find_map(|c| c.find(prefix))
    }
}
