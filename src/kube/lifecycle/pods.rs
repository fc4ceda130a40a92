//! Pods of a run: waiting for them, reading their logs and running commands in them (what their
//! status means is [`super::pod_status`]).

use std::time::Duration;

use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, AttachParams, LogParams};
use tokio::io::AsyncReadExt;
use tokio::time::Instant;

use super::Run;
use super::pod_status::{Terminated, phase, pull_failure, scheduling_problem, terminated};
use crate::duration::human;
use crate::error::{Error, Result};
use crate::kube::errors::{Attempt, api_error};

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
                    "reading the output of `{}` in {namespace}/{pod} ({container}) failed",
                    command.join(" ")
                ))
                .with_source(e),
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

/// The last `lines` lines a container logged (of its previous run when `previous`); empty
/// when they cannot be read within 10 s: the error they would explain matters more.
pub async fn tail_log(
    client: &kube::Client,
    namespace: &str,
    pod: &str,
    container: &str,
    lines: i64,
    previous: bool,
) -> String {
    let api: Api<Pod> = Api::namespaced(client.clone(), namespace);
    let params = LogParams {
        container: Some(container.to_string()),
        tail_lines: Some(lines),
        previous,
        ..LogParams::default()
    };
    match tokio::time::timeout(Duration::from_secs(10), api.logs(pod, &params)).await {
        Ok(Ok(text)) => text,
        _ => String::new(),
    }
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
