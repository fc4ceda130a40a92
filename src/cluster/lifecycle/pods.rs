//! Pods of a run: waiting for them, reading their logs, running commands in them, and
//! (pure) reading their status for the failures that must stop a run at once.

use std::time::Duration;

use k8s_openapi::api::core::v1::{ContainerStatus, Pod};
use kube::api::{Api, AttachParams, LogParams};
use tokio::io::AsyncReadExt;
use tokio::time::Instant;

use super::Run;
use crate::cluster::errors::{Attempt, api_error};
use crate::error::{Error, Result};

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

/// The output of a command run in a container.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExecOutput {
    /// What it wrote to stdout.
    pub stdout: Vec<u8>,
    /// What it wrote to stderr.
    pub stderr: Vec<u8>,
    /// True when it exited with 0.
    pub success: bool,
    /// The server's message for a non-zero exit.
    pub message: Option<String>,
}

fn statuses(pod: &Pod) -> impl Iterator<Item = &ContainerStatus> {
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

fn phase(pod: &Pod) -> &str {
    pod.status
        .as_ref()
        .and_then(|s| s.phase.as_deref())
        .unwrap_or("Pending")
}

impl Run {
    fn pods(&self, namespace: &str) -> Api<Pod> {
        Api::namespaced(self.kube.client.clone(), namespace)
    }

    fn pod_error(&self, e: kube::Error, verb: &'static str, resource: &str, ns: &str) -> Error {
        let attempt = Attempt {
            verb,
            resource: resource.to_string(),
            namespace: Some(ns),
        };
        api_error(e, &self.kube.target, Some(&attempt))
    }

    /// The pod, or `None` when it no longer exists.
    pub async fn get_pod(&self, namespace: &str, name: &str) -> Result<Option<Pod>> {
        self.pods(namespace)
            .get_opt(name)
            .await
            .map_err(|e| self.pod_error(e, "get", "pods", namespace))
    }

    /// Waits until the pod runs (or has already ended). Stops at once when an image
    /// cannot be pulled or the pod is gone or failed, and after `limit` with the scheduler's
    /// reason when it says one.
    pub async fn wait_pod_running(
        &self,
        namespace: &str,
        name: &str,
        limit: Duration,
    ) -> Result<Pod> {
        let deadline = Instant::now() + limit;
        let mut last: Option<Pod> = None;
        loop {
            match self.get_pod(namespace, name).await {
                Ok(Some(pod)) => {
                    if let Some(failure) = pull_failure(&pod) {
                        return Err(Error::could_not_run(format!(
                            "pod {namespace}/{name}: {}",
                            failure.describe()
                        ))
                        .hint("check the image name and that the nodes can reach its registry; for air-gapped clusters mirror the images (see --list-images) and pass --image-repository"));
                    }
                    match phase(&pod) {
                        "Running" | "Succeeded" => return Ok(pod),
                        "Failed" => {
                            return Err(Error::could_not_run(format!(
                                "pod {namespace}/{name} failed before it ran: {}",
                                pod.status
                                    .as_ref()
                                    .and_then(|s| s.message.clone().or(s.reason.clone()))
                                    .unwrap_or_else(|| "no reason given".into())
                            )));
                        }
                        _ => last = Some(pod),
                    }
                }
                Ok(None) => {
                    return Err(Error::could_not_run(format!(
                        "pod {namespace}/{name} was deleted before it ran"
                    )));
                }
                // Transient API errors are retried until the deadline.
                Err(e) if Instant::now() + self.settings.poll > deadline => return Err(e),
                Err(_) => {}
            }
            if Instant::now() + self.settings.poll > deadline {
                let why = last
                    .as_ref()
                    .and_then(scheduling_problem)
                    .map(|p| format!(" (scheduler: {p})"))
                    .unwrap_or_default();
                return Err(Error::could_not_run(format!(
                    "pod {namespace}/{name} did not start within {}{why}",
                    human(limit)
                ))
                .hint("check `kubectl describe pod` for events; raise --startup-timeout if image pulls are slow"));
            }
            tokio::time::sleep(self.settings.poll).await;
        }
    }

    /// Waits until `container` of the pod has ended, stopping at once on a pull failure or
    /// when the pod is gone.
    pub async fn wait_container_terminated(
        &self,
        namespace: &str,
        pod: &str,
        container: &str,
        limit: Duration,
    ) -> Result<Terminated> {
        let deadline = Instant::now() + limit;
        loop {
            match self.get_pod(namespace, pod).await? {
                Some(p) => {
                    if let Some(failure) = pull_failure(&p) {
                        return Err(Error::could_not_run(format!(
                            "pod {namespace}/{pod}: {}",
                            failure.describe()
                        ))
                        .hint("mirror the image into a registry the nodes can reach and pass --image-repository"));
                    }
                    if let Some(t) = terminated(&p, container) {
                        return Ok(t);
                    }
                }
                None => {
                    return Err(Error::could_not_run(format!(
                        "pod {namespace}/{pod} was deleted before {container} ended"
                    )));
                }
            }
            if Instant::now() + self.settings.poll > deadline {
                return Err(Error::could_not_run(format!(
                    "container {container} of pod {namespace}/{pod} did not end within {}",
                    human(limit)
                )));
            }
            tokio::time::sleep(self.settings.poll).await;
        }
    }

    /// The whole log of a container.
    pub async fn logs(&self, namespace: &str, pod: &str, container: &str) -> Result<String> {
        let params = LogParams {
            container: Some(container.to_string()),
            ..LogParams::default()
        };
        self.pods(namespace)
            .logs(pod, &params)
            .await
            .map_err(|e| self.pod_error(e, "get", "pods/log", namespace))
    }

    /// A live log stream of a container (ends when the container does, or the server
    /// closes it).
    pub async fn follow_logs(
        &self,
        namespace: &str,
        pod: &str,
        container: &str,
    ) -> Result<impl futures::AsyncBufRead + use<>> {
        let params = LogParams {
            container: Some(container.to_string()),
            follow: true,
            ..LogParams::default()
        };
        self.pods(namespace)
            .log_stream(pod, &params)
            .await
            .map_err(|e| self.pod_error(e, "get", "pods/log", namespace))
    }

    /// Runs `command` in a container and collects its output.
    pub async fn exec(
        &self,
        namespace: &str,
        pod: &str,
        container: &str,
        command: &[&str],
    ) -> Result<ExecOutput> {
        let command: Vec<String> = command.iter().map(|s| s.to_string()).collect();
        exec_in(&self.pods(namespace), pod, container, &command)
            .await
            .map_err(|e| match e {
                ExecError::Api(e) => self.pod_error(e, "create", "pods/exec", namespace),
                ExecError::Read(e) => Error::could_not_run(format!(
                    "reading the output of `{}` in {namespace}/{pod} ({container}) failed: {e}",
                    command.join(" ")
                )),
            })
    }
}

/// Why [`exec_in`] failed.
#[derive(Debug)]
pub enum ExecError {
    /// The API refused or could not start the exec.
    Api(kube::Error),
    /// The output stream broke.
    Read(std::io::Error),
}

/// Runs `command` in a container of a pod and collects its output, for callers that need
/// the API error itself (to tell a refusal from a passing hiccup).
pub async fn exec_in(
    pods: &Api<Pod>,
    pod: &str,
    container: &str,
    command: &[String],
) -> std::result::Result<ExecOutput, ExecError> {
    let params = AttachParams::default()
        .container(container)
        .stdin(false)
        .stdout(true)
        .stderr(true);
    let mut process = pods
        .exec(pod, command.to_vec(), &params)
        .await
        .map_err(ExecError::Api)?;
    let mut stdout = process.stdout();
    let mut stderr = process.stderr();
    let status = process.take_status();
    let mut out = Vec::new();
    let mut err = Vec::new();
    let read_out = async {
        if let Some(s) = stdout.as_mut() {
            s.read_to_end(&mut out).await
        } else {
            Ok(0)
        }
    };
    let read_err = async {
        if let Some(s) = stderr.as_mut() {
            s.read_to_end(&mut err).await
        } else {
            Ok(0)
        }
    };
    let (r1, r2) = tokio::join!(read_out, read_err);
    r1.and(r2).map_err(ExecError::Read)?;
    let status = match status {
        Some(s) => s.await,
        None => None,
    };
    let _ = process.join().await;
    let success = status
        .as_ref()
        .is_none_or(|s| s.status.as_deref() == Some("Success"));
    Ok(ExecOutput {
        stdout: out,
        stderr: err,
        success,
        message: status.filter(|_| !success).and_then(|s| s.message),
    })
}

pub use crate::report::duration::human;

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

    #[test]
    fn durations_read_like_kubectl() {
        assert_eq!(human(Duration::from_secs(90)), "1m30s");
        assert_eq!(human(Duration::from_secs(3600)), "1h");
        assert_eq!(human(Duration::from_millis(300)), "300ms");
        assert_eq!(human(Duration::ZERO), "0s");
    }
}
