//! What `--delete --force` leaves in the cloud: deleting a LoadBalancer Service, a claim or a
//! snapshot removes the cloud resource only when the controller that owns it runs. With that
//! controller down the Kubernetes object may vanish at once (no finalizer holds it), while the
//! load balancer, volume or snapshot stays in the cloud for someone to remove by hand.

use serde::Serialize;

use super::model::{CleanupReport, ControllerKind, ControllerState, ObjectRef, Reclaim, Volume};
use super::plan::{Action, Candidate};

/// A cloud resource nobody deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CloudLeftover {
    /// `load balancer`, `volume` or `snapshot`.
    pub resource: &'static str,
    /// The cloud's id (Octavia load balancer, Cinder volume or snapshot), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// A load balancer's external addresses, to find it when its id is unknown.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<String>,
    /// The Kubernetes object it belonged to.
    pub object: ObjectRef,
    /// The controller that would have deleted it.
    pub controller: ControllerKind,
    /// That controller's state when the object was deleted.
    pub controller_state: ControllerState,
}

impl CloudLeftover {
    /// The id, else the addresses, else how to find it.
    pub fn identity(&self) -> String {
        match &self.id {
            Some(id) => id.clone(),
            None if !self.addresses.is_empty() => self.addresses.join(", "),
            // openstack-cloud-controller-manager names its load balancers
            // kube_service_<cluster-name>_<namespace>_<name>.
            None if self.resource == "load balancer" => format!(
                "no id recorded; look for kube_service_*_{}_{}",
                self.object.namespace, self.object.name
            ),
            None => "no id recorded".to_string(),
        }
    }
}

/// The cloud resources of the `done` steps whose controller was not running.
pub fn left_in_cloud<'a>(
    report: &CleanupReport,
    done: impl IntoIterator<Item = &'a Candidate>,
) -> Vec<CloudLeftover> {
    let mut out = Vec::new();
    for step in done {
        let Some(controller) = step.needs else {
            continue;
        };
        let state = report
            .controller(controller)
            .map_or(ControllerState::Unknown, |c| c.state);
        if state == ControllerState::Running {
            continue;
        }
        let leftover =
            |resource, id: Option<&String>, addresses: Vec<String>, object| CloudLeftover {
                resource,
                id: id.cloned(),
                addresses,
                object,
                controller,
                controller_state: state,
            };
        let target = &step.target;
        match (target.kind.as_str(), step.action) {
            // A Gateway's controller deletes its Service; the Services are what it waits for.
            ("Service" | "Gateway", Action::Delete) => {
                for service in step.waits_for.iter().filter(|w| w.kind == "Service") {
                    let lb = report
                        .blocking
                        .load_balancer_services
                        .iter()
                        .find(|s| s.namespace == service.namespace && s.name == service.name);
                    out.push(leftover(
                        "load balancer",
                        lb.and_then(|s| s.load_balancer_id.as_ref()),
                        lb.map(|s| s.external.clone()).unwrap_or_default(),
                        service.clone(),
                    ));
                }
            }
            ("VolumeSnapshot", Action::Delete) => {
                let snapshot = report
                    .leaking
                    .snapshots
                    .iter()
                    .find(|s| s.namespace == target.namespace && s.name == target.name);
                // A Retain content keeps the cloud snapshot on purpose, controller or not.
                if snapshot.is_some_and(|s| s.deletion_policy.as_deref() == Some("Retain")) {
                    continue;
                }
                out.push(leftover(
                    "snapshot",
                    snapshot.and_then(|s| s.snapshot_handle.as_ref()),
                    Vec::new(),
                    target.clone(),
                ));
            }
            ("PersistentVolumeClaim", Action::Delete)
            | ("PersistentVolume", Action::SetReclaimDelete) => {
                let volume = if target.kind == "PersistentVolumeClaim" {
                    let volume = report
                        .leaking
                        .claims
                        .iter()
                        .find(|c| c.namespace == target.namespace && c.name == target.name)
                        .and_then(|c| c.volume.as_ref());
                    // A Retain volume stays on purpose unless switched, which is its own step.
                    if volume.is_some_and(|v| v.reclaim_policy != Reclaim::Delete) {
                        continue;
                    }
                    volume
                } else {
                    volume_named(report, &target.name)
                };
                out.push(leftover(
                    "volume",
                    volume.and_then(|v| v.volume_handle.as_ref()),
                    Vec::new(),
                    target.clone(),
                ));
            }
            _ => {}
        }
    }
    out
}

fn volume_named<'a>(report: &'a CleanupReport, name: &str) -> Option<&'a Volume> {
    report
        .leaking
        .claims
        .iter()
        .filter_map(|c| c.volume.as_ref())
        .chain(&report.leaking.volumes)
        .find(|v| v.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cleanup::{Options, Plan, PlanOptions, analyze, candidates};
    use crate::kube::dump::parse_dump;

    fn analysis_with(ccm: ControllerState, csi: ControllerState) -> CleanupReport {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/workload/cluster.yaml"
        );
        let text = std::fs::read_to_string(path).expect("fixture");
        let mut report = analyze(
            &parse_dump(path, &text).expect("parses"),
            &Options::default(),
        );
        for c in &mut report.preconditions {
            c.state = match c.controller {
                ControllerKind::CloudControllerManager => ccm,
                ControllerKind::CsiController => csi,
            };
        }
        report
    }

    fn listed(report: &CleanupReport) -> Vec<String> {
        let plan = Plan::new(&candidates(report, PlanOptions::default()));
        left_in_cloud(report, &plan.steps)
            .iter()
            .map(|l| format!("{} {} ({})", l.resource, l.identity(), l.object))
            .collect()
    }

    #[test]
    fn nothing_is_left_when_the_controllers_run() {
        let report = analysis_with(ControllerState::Running, ControllerState::Running);
        assert!(listed(&report).is_empty());
    }

    #[test]
    fn without_a_cloud_controller_the_load_balancers_stay_with_their_ids() {
        let report = analysis_with(ControllerState::Missing, ControllerState::Running);
        assert_eq!(
            listed(&report),
            [
                "load balancer 9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d (Service gateway/cilium-gateway-public)",
                "load balancer 6c2b8f0e-3f4d-4d57-a1c9-2f5e8b7a9d10 (Service ingress-nginx/ingress-nginx-controller)",
                "load balancer no id recorded; look for kube_service_*_shop_legacy-lb (Service shop/legacy-lb)",
            ]
        );
    }

    #[test]
    fn without_a_csi_controller_snapshots_and_delete_volumes_stay_retained_ones_are_kept_anyway() {
        let report = analysis_with(ControllerState::Running, ControllerState::NotReady);
        assert_eq!(
            listed(&report),
            [
                "snapshot 5d4c3b2a-1908-4f7e-a6d5-c4b3a2918070 (VolumeSnapshot db/postgres-backup-20261120)",
                "volume 3e9c1a52-7b4d-4f0e-a6c8-1d2e3f4a5b6c (PersistentVolumeClaim db/data-postgres-0)",
                "volume 8b7f2c41-0d3e-4a95-b6c7-e8f9a0b1c2d3 (PersistentVolumeClaim db/data-postgres-1)",
            ]
        );
        // Switching a retained volume to Delete leaves it too when nobody deletes it.
        let opts = PlanOptions {
            delete_retained: true,
            ..PlanOptions::default()
        };
        let plan = Plan::new(&candidates(&report, opts));
        let ids: Vec<String> = left_in_cloud(&report, &plan.steps)
            .iter()
            .filter_map(|l| l.id.clone())
            .collect();
        assert!(
            ids.contains(&"c0d1e2f3-a4b5-4c6d-8e7f-9a0b1c2d3e4f".to_string()),
            "{ids:?}"
        );
    }
}
