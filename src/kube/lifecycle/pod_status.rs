//! (Pure) what a pod's status says: image pull failures, ended and restarted containers, why it
//! is not ready or not scheduled — the failures that must stop a run at once.

use k8s_openapi::api::core::v1::{ContainerStatus, Pod};

/// Waiting reasons that mean an image will not be pulled without someone acting.
const PULL_FAILURES: [&str; 6] = [
    "ErrImagePull",
    "ImagePullBackOff",
    "InvalidImageName",
    "ErrImageNeverPull",
    "RegistryUnavailable",
    "SignatureValidationFailed",
];

/// A container whose image cannot be pulled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullFailure {
    /// The container.
    pub container: String,
    /// The image as the pod spec names it.
    pub image: String,
    /// `ErrImagePull`, `ImagePullBackOff`, …
    pub reason: String,
    /// The kubelet's message (registry error text).
    pub message: String,
}

impl PullFailure {
    /// One sentence for an error message.
    pub fn describe(&self) -> String {
        let mut text = format!(
            "image {} of container {:?} cannot be pulled ({})",
            self.image, self.container, self.reason
        );
        if !self.message.is_empty() {
            text.push_str(": ");
            text.push_str(&self.message);
        }
        text
    }
}

/// How a container ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terminated {
    /// Its exit code.
    pub exit_code: i32,
    /// `Completed`, `Error`, `OOMKilled`, …
    pub reason: String,
}

/// The statuses of the pod's init containers, then of its containers.
pub fn statuses(pod: &Pod) -> impl Iterator<Item = &ContainerStatus> {
    let status = pod.status.as_ref();
    let init = status.and_then(|s| s.init_container_statuses.as_deref());
    let main = status.and_then(|s| s.container_statuses.as_deref());
    init.unwrap_or_default()
        .iter()
        .chain(main.unwrap_or_default())
}

/// The first container whose image cannot be pulled.
pub fn pull_failure(pod: &Pod) -> Option<PullFailure> {
    statuses(pod).find_map(|cs| {
        let waiting = cs.state.as_ref()?.waiting.as_ref()?;
        let reason = waiting.reason.as_deref()?;
        PULL_FAILURES.contains(&reason).then(|| {
            let spec_image = pod.spec.as_ref().and_then(|s| {
                s.containers
                    .iter()
                    .chain(s.init_containers.as_deref().unwrap_or_default())
                    .find(|c| c.name == cs.name)
                    .and_then(|c| c.image.clone())
            });
            PullFailure {
                container: cs.name.clone(),
                image: spec_image.unwrap_or_else(|| cs.image.clone()),
                reason: reason.to_string(),
                message: waiting.message.clone().unwrap_or_default(),
            }
        })
    })
}

/// How `container` ended, once it has.
pub fn terminated(pod: &Pod, container: &str) -> Option<Terminated> {
    statuses(pod)
        .filter(|cs| cs.name == container)
        .find_map(|cs| cs.state.as_ref()?.terminated.as_ref())
        .map(|t| Terminated {
            exit_code: t.exit_code,
            reason: t.reason.clone().unwrap_or_default(),
        })
}

/// Waiting reasons of a container that is still on its way up.
pub const STARTING: [&str; 2] = ["ContainerCreating", "PodInitializing"];

/// A container that cannot serve: it ended, was restarted, or waits for a reason other than
/// starting up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerTrouble {
    /// The container.
    pub container: String,
    /// `terminated`, `waiting` or `running` (running again after restarts).
    pub state: &'static str,
    /// `Error`, `CrashLoopBackOff`, `CreateContainerError`, `OOMKilled`, …
    pub reason: String,
    /// The exit code of the current or, when it waits or runs again, the last run.
    pub exit_code: Option<i32>,
    /// The kubelet's or runtime's message.
    pub message: String,
    /// How often the kubelet restarted it.
    pub restarts: i32,
}

impl ContainerTrouble {
    /// `container "agnhost" terminated (Error, exit code 1) after 3 restarts: message`.
    pub fn describe(&self) -> String {
        let mut detail: Vec<String> = Vec::new();
        if !self.reason.is_empty() {
            detail.push(self.reason.clone());
        }
        if let Some(code) = self.exit_code {
            detail.push(format!("exit code {code}"));
        }
        let mut text = format!("container {:?} {}", self.container, self.state);
        if !detail.is_empty() {
            text.push_str(&format!(" ({})", detail.join(", ")));
        }
        if self.restarts > 0 {
            text.push_str(&format!(" after {} restarts", self.restarts));
        }
        if !self.message.trim().is_empty() {
            text.push_str(": ");
            text.push_str(self.message.trim());
        }
        text
    }

    /// Whether its log is that of the run before the current one (`previous=true`).
    pub fn log_is_previous(&self) -> bool {
        self.state != "terminated" && self.restarts > 0
    }
}

/// The first container of the pod that cannot go on: one that ended (except `may_end`, whose
/// end is the normal end of the pod's work), was restarted, or waits for anything but its start
/// (image pull failures included; [`pull_failure`] tells those apart).
pub fn container_trouble(pod: &Pod, may_end: Option<&str>) -> Option<ContainerTrouble> {
    statuses(pod).find_map(|cs| {
        let state = cs.state.as_ref();
        let last = cs.last_state.as_ref().and_then(|s| s.terminated.as_ref());
        let trouble =
            |state: &'static str, reason: Option<&String>, exit_code, message| ContainerTrouble {
                container: cs.name.clone(),
                state,
                reason: reason.cloned().unwrap_or_default(),
                exit_code,
                message,
                restarts: cs.restart_count,
            };
        if let Some(t) = state.and_then(|s| s.terminated.as_ref()) {
            if may_end == Some(cs.name.as_str()) {
                return None;
            }
            return Some(trouble(
                "terminated",
                t.reason.as_ref(),
                Some(t.exit_code),
                t.message.clone().unwrap_or_default(),
            ));
        }
        if let Some(w) = state.and_then(|s| s.waiting.as_ref())
            && let Some(reason) = w
                .reason
                .as_ref()
                .filter(|r| !r.is_empty() && !STARTING.contains(&r.as_str()))
        {
            let message = w
                .message
                .clone()
                .or_else(|| last.and_then(|t| t.message.clone()))
                .unwrap_or_default();
            return Some(trouble(
                "waiting",
                Some(reason),
                last.map(|t| t.exit_code),
                message,
            ));
        }
        (cs.restart_count > 0).then(|| {
            trouble(
                "running",
                last.and_then(|t| t.reason.as_ref()),
                last.map(|t| t.exit_code),
                last.and_then(|t| t.message.clone()).unwrap_or_default(),
            )
        })
    })
}

/// Why the pod is not running and ready, when it is not: its phase, or its `Ready`
/// condition's reason and message.
pub fn not_ready(pod: &Pod) -> Option<String> {
    let status = pod.status.as_ref();
    let phase = phase(pod);
    if phase != "Running" {
        return Some(format!("phase {phase}"));
    }
    let ready = status
        .and_then(|s| s.conditions.as_deref())
        .unwrap_or_default()
        .iter()
        .find(|c| c.type_ == "Ready");
    match ready {
        Some(c) if c.status == "True" => None,
        Some(c) => Some(format!(
            "not Ready ({}{})",
            c.reason.as_deref().unwrap_or("no reason given"),
            c.message
                .as_deref()
                .map(|m| format!(": {m}"))
                .unwrap_or_default()
        )),
        None => Some("not Ready (no Ready condition yet)".into()),
    }
}

/// Why the scheduler has not placed the pod, if it says.
pub fn scheduling_problem(pod: &Pod) -> Option<String> {
    pod.status
        .as_ref()?
        .conditions
        .as_deref()?
        .iter()
        .find(|c| c.type_ == "PodScheduled" && c.status == "False")
        .map(|c| {
            let reason = c.reason.clone().unwrap_or_default();
            match c.message.as_deref() {
                Some(m) if !m.is_empty() => format!("{reason}: {m}"),
                _ => reason,
            }
        })
}

pub(super) fn phase(pod: &Pod) -> &str {
    pod.status
        .as_ref()
        .and_then(|s| s.phase.as_deref())
        .unwrap_or("Pending")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pod(value: serde_json::Value) -> Pod {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn a_pull_failure_names_the_image_of_the_spec() {
        let p = pod(json!({
            "metadata": {"name": "e2e"},
            "spec": {"containers": [{"name": "e2e", "image": "registry.k8s.io/conformance:v1.31.0"}, {"name": "results", "image": "busybox"}]},
            "status": {"phase": "Pending", "containerStatuses": [
                {"name": "e2e", "image": "", "imageID": "", "ready": false, "restartCount": 0,
                 "state": {"waiting": {"reason": "ImagePullBackOff", "message": "Back-off pulling image"}}},
                {"name": "results", "image": "busybox", "imageID": "", "ready": true, "restartCount": 0, "state": {"running": {}}}
            ]}
        }));
        let f = pull_failure(&p).unwrap();
        assert_eq!(f.image, "registry.k8s.io/conformance:v1.31.0");
        assert_eq!(f.reason, "ImagePullBackOff");
        assert!(f.describe().contains("Back-off pulling image"));
    }

    #[test]
    fn creating_containers_are_not_failures_and_termination_is_read() {
        let p = pod(json!({
            "status": {"phase": "Running", "containerStatuses": [
                {"name": "e2e", "image": "x", "imageID": "", "ready": false, "restartCount": 0,
                 "state": {"terminated": {"exitCode": 1, "reason": "Error"}}},
                {"name": "results", "image": "y", "imageID": "", "ready": false, "restartCount": 0,
                 "state": {"waiting": {"reason": "ContainerCreating"}}}
            ]}
        }));
        assert_eq!(pull_failure(&p), None);
        assert_eq!(
            terminated(&p, "e2e"),
            Some(Terminated {
                exit_code: 1,
                reason: "Error".into()
            })
        );
        assert_eq!(terminated(&p, "results"), None);
    }

    /// The recorded status of an agnhost SCTP server on a node without SCTP.
    fn recorded_sctp_crash() -> Pod {
        let text = include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/apiserver/34-pod-container-crashloop-sctp.json"
        ));
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn a_crashed_container_is_read_from_the_recorded_status() {
        let p = recorded_sctp_crash();
        let t = container_trouble(&p, None).unwrap();
        assert_eq!(
            t.describe(),
            "container \"agnhost\" terminated (Error, exit code 1) after 3 restarts"
        );
        assert!(!t.log_is_previous());
        assert_eq!(
            not_ready(&p).as_deref(),
            Some("not Ready (ContainersNotReady: containers with unready status: [agnhost])")
        );
        assert_eq!(pull_failure(&p), None);
    }

    #[test]
    fn waiting_and_restarted_containers_are_trouble_but_starting_ones_are_not() {
        let status = |state: serde_json::Value, restarts: i32| {
            pod(json!({"status": {"phase": "Running", "containerStatuses": [
                {"name": "agnhost", "image": "x", "imageID": "", "ready": false, "restartCount": restarts,
                 "state": state, "lastState": {"terminated": {"exitCode": 2, "reason": "Error"}}}
            ]}}))
        };
        let backoff = status(
            json!({"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 10s"}}),
            4,
        );
        let t = container_trouble(&backoff, None).unwrap();
        assert_eq!(
            t.describe(),
            "container \"agnhost\" waiting (CrashLoopBackOff, exit code 2) after 4 restarts: back-off 10s"
        );
        assert!(t.log_is_previous());
        let create = status(
            json!({"waiting": {"reason": "CreateContainerError", "message": "no such file"}}),
            0,
        );
        assert_eq!(
            container_trouble(&create, None).unwrap().reason,
            "CreateContainerError"
        );
        let restarted = status(json!({"running": {}}), 1);
        assert_eq!(
            container_trouble(&restarted, None).unwrap().state,
            "running"
        );
        let starting = status(json!({"waiting": {"reason": "ContainerCreating"}}), 0);
        assert_eq!(container_trouble(&starting, None), None);
        let fine = status(json!({"running": {}}), 0);
        assert_eq!(container_trouble(&fine, None), None);
        assert_eq!(
            not_ready(&fine).as_deref(),
            Some("not Ready (no Ready condition yet)")
        );
    }

    #[test]
    fn the_scheduler_reason_is_read() {
        let p = pod(json!({"status": {"conditions": [
            {"type": "PodScheduled", "status": "False", "reason": "Unschedulable", "message": "0/3 nodes are available"}
        ]}}));
        assert_eq!(
            scheduling_problem(&p).as_deref(),
            Some("Unschedulable: 0/3 nodes are available")
        );
    }
}
