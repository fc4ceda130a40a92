//! Typed, borrowed views of the objects `stack status` reasons about.

use jiff::Timestamp;
use serde_json::Value;

use super::conditions::{Condition, Conditions};
use super::model::{CapiShape, ObjectError, StageStatus};
use crate::k8s::json::{
    arr_at, at, bool_at, count_at, name, namespace, nonempty_str_at, strings_at, time_at,
};

/// A reference from a Cluster to its control plane or infrastructure object.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ObjRef<'a> {
    pub kind: Option<&'a str>,
    pub name: &'a str,
    pub namespace: Option<&'a str>,
}

impl<'a> ObjRef<'a> {
    fn read(value: &'a Value, path: &[&str]) -> Option<Self> {
        let r = at(value, path)?;
        Some(ObjRef {
            kind: nonempty_str_at(r, &["kind"]),
            name: nonempty_str_at(r, &["name"])?,
            namespace: nonempty_str_at(r, &["namespace"]),
        })
    }
}

/// A CAPI Cluster in either API shape.
#[derive(Debug)]
pub(crate) struct ClusterView<'a> {
    pub obj: &'a Value,
    pub ns: &'a str,
    pub name: &'a str,
    pub shape: CapiShape,
    pub class: Option<&'a str>,
    /// Namespace of the ClusterClass (and of the CSO objects of its release).
    pub class_ns: &'a str,
    pub version: Option<&'a str>,
    pub phase: Option<&'a str>,
    pub has_topology: bool,
    /// Conditions with severity: `status.conditions` (v1beta1) or
    /// `status.deprecated.v1beta1.conditions` (v1beta2).
    pub v1b1: Conditions<'a>,
    /// `metav1.Condition`s: `status.v1beta2.conditions` (v1beta1) or `status.conditions` (v1beta2).
    pub v1b2: Conditions<'a>,
    pub control_plane_ref: Option<ObjRef<'a>>,
    pub infrastructure_ref: Option<ObjRef<'a>>,
    pub deletion: Option<Timestamp>,
    pub created: Option<Timestamp>,
}

impl<'a> ClusterView<'a> {
    pub fn read(obj: &'a Value) -> Self {
        let ns = namespace(obj);
        let topology = at(obj, &["spec", "topology"]).filter(|t| t.is_object());
        let class_ref = topology
            .and_then(|t| at(t, &["classRef"]))
            .filter(|c| c.is_object());
        let shape = if class_ref.is_some()
            || at(obj, &["status", "deprecated"]).is_some()
            || at(obj, &["status", "initialization"]).is_some()
            || nonempty_str_at(obj, &["spec", "controlPlaneRef", "apiGroup"]).is_some()
            || nonempty_str_at(obj, &["spec", "infrastructureRef", "apiGroup"]).is_some()
        {
            CapiShape::V1beta2
        } else if topology
            .and_then(|t| nonempty_str_at(t, &["class"]))
            .is_some()
            || at(obj, &["status", "v1beta2"]).is_some()
        {
            CapiShape::V1beta1
        } else if nonempty_str_at(obj, &["apiVersion"]).is_some_and(|a| a.ends_with("/v1beta2")) {
            CapiShape::V1beta2
        } else {
            CapiShape::V1beta1
        };
        let class = topology
            .and_then(|t| nonempty_str_at(t, &["class"]))
            .or_else(|| class_ref.and_then(|c| nonempty_str_at(c, &["name"])));
        let class_ns = topology
            .and_then(|t| nonempty_str_at(t, &["classNamespace"]))
            .or_else(|| class_ref.and_then(|c| nonempty_str_at(c, &["namespace"])))
            .unwrap_or(ns);
        let (v1b1, v1b2) = match shape {
            CapiShape::V1beta1 => (
                Conditions::read(obj, &["status", "conditions"]),
                Conditions::read(obj, &["status", "v1beta2", "conditions"]),
            ),
            CapiShape::V1beta2 => (
                Conditions::read(obj, &["status", "deprecated", "v1beta1", "conditions"]),
                Conditions::read(obj, &["status", "conditions"]),
            ),
        };
        ClusterView {
            obj,
            ns,
            name: name(obj).unwrap_or(""),
            shape,
            class,
            class_ns,
            version: topology.and_then(|t| nonempty_str_at(t, &["version"])),
            phase: nonempty_str_at(obj, &["status", "phase"]),
            has_topology: topology.is_some(),
            v1b1,
            v1b2,
            control_plane_ref: ObjRef::read(obj, &["spec", "controlPlaneRef"]),
            infrastructure_ref: ObjRef::read(obj, &["spec", "infrastructureRef"]),
            deletion: time_at(obj, &["metadata", "deletionTimestamp"]),
            created: time_at(obj, &["metadata", "creationTimestamp"]),
        }
    }

    /// The condition of `type_`, preferring the v1beta1 form (it carries severity).
    pub fn condition(&self, type_: &str) -> Option<&Condition<'a>> {
        self.v1b1.get(type_).or_else(|| self.v1b2.get(type_))
    }

    /// The row condition clusterctl shows: Ready (v1beta1) or Available (v1beta2).
    pub fn summary_condition(&self) -> Option<&Condition<'a>> {
        match self.shape {
            CapiShape::V1beta1 => self
                .v1b1
                .get("Ready")
                .or_else(|| self.v1b2.get("Available")),
            CapiShape::V1beta2 => self
                .v1b2
                .get("Available")
                .or_else(|| self.v1b1.get("Ready")),
        }
    }

    /// `status.controlPlane` (v1beta2) or `status.v1beta2.controlPlane` (v1beta1) counters.
    pub fn counters(&self, part: &str) -> Option<&'a Value> {
        match self.shape {
            CapiShape::V1beta2 => at(self.obj, &["status", part]),
            CapiShape::V1beta1 => at(self.obj, &["status", "v1beta2", part]),
        }
        .filter(|v| v.is_object())
    }

    pub fn is_deleting(&self) -> bool {
        self.deletion.is_some() || self.phase == Some("Deleting")
    }

    /// `Available`/`Ready` is True in either condition list.
    pub fn capi_says_ready(&self) -> bool {
        self.summary_condition().is_some_and(Condition::is_true)
    }

    pub fn finalizers(&self) -> Vec<String> {
        strings_at(self.obj, &["metadata", "finalizers"])
    }
}

/// A ClusterAddon.
#[derive(Debug)]
pub(crate) struct AddonView<'a> {
    pub obj: &'a Value,
    pub ns: &'a str,
    pub name: &'a str,
    pub hook: Option<&'a str>,
    pub cluster_stack: Option<&'a str>,
    pub version: Option<&'a str>,
    pub ready: bool,
    pub stages: Vec<StageStatus>,
    pub synced: usize,
    pub not_synced: Vec<ObjectError>,
    pub conditions: Conditions<'a>,
}

/// Addon conditions whose False state means CSO cannot apply the addons.
pub(crate) const ADDON_FAILURE_CONDITIONS: [&str; 7] = [
    "HelmChartApplied",
    "HelmChartTemplated",
    "HelmChartDeleted",
    "ClusterAddonConfigValidated",
    "ClusterStackReleaseDownloaded",
    "AssetsClientAPIAvailable",
    "HelmChartFound",
];

impl<'a> AddonView<'a> {
    pub fn read(obj: &'a Value) -> Self {
        let stages = arr_at(obj, &["status", "stages"])
            .iter()
            .filter_map(|s| {
                Some(StageStatus {
                    name: nonempty_str_at(s, &["name"])?.to_owned(),
                    action: nonempty_str_at(s, &["action"]).map(str::to_owned),
                    phase: nonempty_str_at(s, &["phase"]).unwrap_or("").to_owned(),
                })
            })
            .collect();
        let mut synced = 0;
        let mut not_synced = Vec::new();
        for r in arr_at(obj, &["status", "resources"]) {
            match nonempty_str_at(r, &["status"]) {
                Some("synced") => synced += 1,
                Some(_) => not_synced.push(ObjectError {
                    object: describe_resource(r),
                    error: nonempty_str_at(r, &["error"]).map(one_line),
                }),
                None => {}
            }
        }
        AddonView {
            obj,
            ns: namespace(obj),
            name: name(obj).unwrap_or(""),
            hook: nonempty_str_at(obj, &["spec", "hook"]),
            cluster_stack: nonempty_str_at(obj, &["spec", "clusterStack"]),
            version: nonempty_str_at(obj, &["spec", "version"]),
            ready: bool_at(obj, &["status", "ready"]).unwrap_or(false),
            stages,
            synced,
            not_synced,
            conditions: Conditions::read(obj, &["status", "conditions"]),
        }
    }

    /// The first False condition that means applying the addons fails.
    pub fn failure(&self) -> Option<&Condition<'a>> {
        ADDON_FAILURE_CONDITIONS
            .iter()
            .filter_map(|t| self.conditions.get(t))
            .find(|c| c.is_false() && c.reason != Some("ObjectsApplyingOngoing"))
    }

    /// The stage CSO is working on: the one a condition message names, else the first stage
    /// that is neither done nor pending, else the first pending one.
    pub fn active_stage(&self, message: Option<&str>) -> Option<&StageStatus> {
        let named = message.and_then(quoted);
        named
            .and_then(|n| self.stages.iter().find(|s| s.name == n))
            .or_else(|| {
                self.stages
                    .iter()
                    .find(|s| s.phase != "done" && s.phase != "Pending" && !s.phase.is_empty())
            })
            .or_else(|| self.stages.iter().find(|s| s.phase != "done"))
    }

    /// Stages not yet applied (phase Pending or empty).
    pub fn pending_stages(&self) -> Vec<&str> {
        self.stages
            .iter()
            .filter(|s| s.phase == "Pending" || s.phase.is_empty())
            .map(|s| s.name.as_str())
            .collect()
    }

    pub fn finalizers(&self) -> Vec<String> {
        strings_at(self.obj, &["metadata", "finalizers"])
    }

    pub fn reference(&self) -> String {
        format!("ClusterAddon/{}/{}", self.ns, self.name)
    }
}

/// `group/version Kind namespace/name` of a `status.resources[]` entry.
fn describe_resource(r: &Value) -> String {
    let gv = match (
        nonempty_str_at(r, &["group"]),
        nonempty_str_at(r, &["version"]),
    ) {
        (Some(g), Some(v)) => format!("{g}/{v} "),
        (None, Some(v)) => format!("{v} "),
        (Some(g), None) => format!("{g} "),
        (None, None) => String::new(),
    };
    let kind = nonempty_str_at(r, &["kind"]).unwrap_or("object");
    let name = nonempty_str_at(r, &["name"]).unwrap_or("?");
    match nonempty_str_at(r, &["namespace"]) {
        Some(ns) => format!("{gv}{kind} {ns}/{name}"),
        None => format!("{gv}{kind} {name}"),
    }
}

/// The first double-quoted word of a message, e.g. the stage in `apply helm chart: "csi"`.
pub(crate) fn quoted(message: &str) -> Option<&str> {
    let rest = message.split_once('"')?.1;
    let word = rest.split_once('"')?.0;
    (!word.is_empty()).then_some(word)
}

/// Collapses line breaks (v1beta2 condition messages are multi-line bullet lists).
pub(crate) fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .enumerate()
    {
        if i > 0 {
            out.push_str("; ");
        }
        out.push_str(line);
    }
    out
}

/// Ready and desired replicas of a KubeadmControlPlane (v1beta1 or v1beta2).
pub(crate) fn kcp_replicas(kcp: &Value) -> (i64, i64) {
    let desired = count_at(kcp, &["spec", "replicas"])
        .or_else(|| count_at(kcp, &["status", "replicas"]))
        .unwrap_or(0);
    let ready = count_at(kcp, &["status", "readyReplicas"])
        .or_else(|| count_at(kcp, &["status", "v1beta2", "readyReplicas"]))
        .unwrap_or(0);
    (ready, desired)
}

/// Ready and desired replicas of a MachineDeployment (v1beta1 or v1beta2).
pub(crate) fn md_replicas(md: &Value) -> (i64, i64) {
    let desired = count_at(md, &["spec", "replicas"])
        .or_else(|| count_at(md, &["status", "replicas"]))
        .unwrap_or(0);
    let ready = count_at(md, &["status", "readyReplicas"])
        .or_else(|| count_at(md, &["status", "v1beta2", "readyReplicas"]))
        .unwrap_or(0);
    (ready, desired)
}

/// The condition clusterctl shows for a CAPI/CAPO object: `Ready`, else `Available`.
pub(crate) fn row_condition<'a>(conditions: &'a Conditions<'a>) -> Option<&'a Condition<'a>> {
    conditions
        .get("Ready")
        .or_else(|| conditions.get("Available"))
}
