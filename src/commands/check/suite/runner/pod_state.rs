//! The test pod as the run sees it: a watch on the one pod (every change arrives at once,
//! no status polling), and (pure) what in its status means it cannot go on.

use futures::{Stream, StreamExt};
use k8s_openapi::api::core::v1::Pod;
use kube::api::Api;
use kube::runtime::{WatchStreamExt, watcher};

use crate::error::{Error, Result};
use crate::kube::lifecycle::{
    ContainerTrouble, PullFailure, Run, container_trouble, pull_failure, tail_log,
};

/// Log lines of a container quoted in an error.
pub const LOG_LINES: i64 = 10;

/// A change of the watched pod.
pub enum PodEvent {
    /// Its current state.
    Changed(Box<Pod>),
    /// It is gone.
    Deleted,
}

/// The pod's changes, from its current state on. Errors of the watch are passed on (the
/// watch itself retries with backoff).
pub fn watch_pod(run: &Run, namespace: &str, name: &str) -> impl Stream<Item = Result<PodEvent>> {
    let api: Api<Pod> = Api::namespaced(run.kube().client.clone(), namespace);
    let config = watcher::Config::default().fields(&format!("metadata.name={name}"));
    let target = run.kube().target.clone();
    watcher(api, config)
        .default_backoff()
        .filter_map(move |event| {
            let out = match event {
                Ok(watcher::Event::Apply(p) | watcher::Event::InitApply(p)) => {
                    Some(Ok(PodEvent::Changed(Box::new(p))))
                }
                Ok(watcher::Event::Delete(_)) => Some(Ok(PodEvent::Deleted)),
                Ok(watcher::Event::Init | watcher::Event::InitDone) => None,
                Err(e) => Some(Err(Error::could_not_run(format!(
                    "watching the test pod on {}: {e}",
                    target.url
                )))),
            };
            std::future::ready(out)
        })
}

/// A container of the test pod that cannot go on, and whether that is because its image
/// cannot be pulled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stuck {
    /// The container and its state, judged as for every pod of a run.
    pub trouble: ContainerTrouble,
    /// Its image cannot be pulled.
    pub pull: Option<PullFailure>,
}

/// The first container of the pod that cannot go on; `may_end` is the one whose end is the
/// normal end of the run (the conformance container).
pub fn stuck(pod: &Pod, may_end: &str) -> Option<Stuck> {
    let trouble = container_trouble(pod, Some(may_end))?;
    let pull = pull_failure(pod)
        .filter(|p| p.container == trouble.container && trouble.state == "waiting");
    Some(Stuck { trouble, pull })
}

impl Stuck {
    /// The pull failure, or `container "e2e" waiting (CrashLoopBackOff, exit code 1): back-off …`.
    pub fn describe(&self) -> String {
        match &self.pull {
            Some(pull) => pull.describe(),
            None => self.trouble.describe(),
        }
    }

    /// The container.
    pub fn container(&self) -> &str {
        &self.trouble.container
    }
}

/// The last [`LOG_LINES`] lines of a container's log, empty when there are none or they
/// cannot be read (the error they would explain matters more).
pub async fn last_log_lines(run: &Run, namespace: &str, pod: &str, container: &str) -> Vec<String> {
    tail_log(
        &run.kube().client,
        namespace,
        pod,
        container,
        LOG_LINES,
        false,
    )
    .await
    .lines()
    .filter(|l| !l.trim().is_empty())
    .map(str::to_owned)
    .collect()
}

/// `message` followed by the container's last log lines, indented.
pub fn with_log(message: String, container: &str, lines: &[String]) -> String {
    if lines.is_empty() {
        return format!("{message} (its log is empty)");
    }
    let mut text = format!("{message}; last log lines of container {container:?}:");
    for line in lines {
        text.push_str("\n  ");
        text.push_str(line);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pod(statuses: serde_json::Value) -> Pod {
        serde_json::from_value(json!({
            "metadata": {"name": "kubectl-scs-e2e"},
            "spec": {"containers": [
                {"name": "e2e", "image": "registry.k8s.io/conformance:v1.36.2"},
                {"name": "results", "image": "busybox"}
            ]},
            "status": {"phase": "Running", "containerStatuses": statuses}
        }))
        .unwrap()
    }

    fn status(name: &str, state: serde_json::Value) -> serde_json::Value {
        json!({"name": name, "image": "", "imageID": "", "ready": false, "restartCount": 0, "state": state})
    }

    /// The container status of the real crash-looping pod (`34-…`), renamed.
    fn recorded(name: &str) -> serde_json::Value {
        let text = include_str!(
            "../../../../../tests/fixtures/apiserver/34-pod-container-crashloop-sctp.json"
        );
        let pod: serde_json::Value = serde_json::from_str(text).unwrap();
        let mut status = pod["status"]["containerStatuses"][0].clone();
        status["name"] = json!(name);
        status
    }

    #[test]
    fn starting_and_running_containers_are_fine() {
        let p = pod(json!([
            status("e2e", json!({"waiting": {"reason": "ContainerCreating"}})),
            status("results", json!({"running": {}}))
        ]));
        assert_eq!(stuck(&p, "e2e"), None);
        let ended = pod(json!([
            status(
                "e2e",
                json!({"terminated": {"exitCode": 1, "reason": "Error"}})
            ),
            status("results", json!({"running": {}}))
        ]));
        assert_eq!(stuck(&ended, "e2e"), None);
    }

    #[test]
    fn waiting_for_a_reason_or_ending_too_early_is_stuck() {
        let cases = [
            (
                status(
                    "e2e",
                    json!({"waiting": {"reason": "CreateContainerConfigError", "message": "secret \"x\" not found"}}),
                ),
                "container \"e2e\" waiting (CreateContainerConfigError): secret \"x\" not found",
            ),
            (
                status(
                    "e2e",
                    json!({"waiting": {"reason": "ErrImagePull", "message": "not found"}}),
                ),
                "image registry.k8s.io/conformance:v1.36.2 of container \"e2e\" cannot be pulled (ErrImagePull): not found",
            ),
            (
                recorded("results"),
                "container \"results\" terminated (Error, exit code 1) after 3 restarts",
            ),
        ];
        for (state, expected) in cases {
            let p = pod(json!([state]));
            let got = stuck(&p, "e2e").map(|s| s.describe());
            assert_eq!(got.as_deref(), Some(expected));
        }
    }

    #[test]
    fn a_crash_loop_names_the_last_exit_code() {
        let mut state = recorded("e2e");
        state["lastState"] = state["state"].clone();
        state["state"] = json!({"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 40s restarting failed container=e2e"}});
        let s = stuck(&pod(json!([state])), "e2e").unwrap();
        assert_eq!(
            s.describe(),
            "container \"e2e\" waiting (CrashLoopBackOff, exit code 1) after 3 restarts: back-off 40s restarting failed container=e2e"
        );
    }

    #[test]
    fn log_lines_follow_the_message() {
        let text = with_log("x".into(), "e2e", &["a".into(), "b".into()]);
        assert_eq!(text, "x; last log lines of container \"e2e\":\n  a\n  b");
        assert_eq!(with_log("x".into(), "e2e", &[]), "x (its log is empty)");
    }
}
