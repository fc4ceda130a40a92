//! Following a pod of the run through its watch: until it runs, and until a container
//! ends — stopping at once, with the reason and the container's last log lines, when a
//! container cannot go on.

use std::pin::pin;
use std::time::Duration;

use futures::StreamExt;
use k8s_openapi::api::core::v1::Pod;

use crate::commands::check::suite::runner::pod_state::{
    PodEvent, Stuck, last_log_lines, stuck, watch_pod, with_log,
};
use crate::duration::human;
use crate::error::{Error, Result};
use crate::kube::lifecycle::{PullFailure, Run, Terminated, scheduling_problem, terminated};

/// Consecutive failed watch attempts after which a run gives up on the API server.
const MAX_WATCH_ERRORS: u32 = 6;

/// Where the images come from, to say what to do about one that cannot be pulled.
pub struct PullAdvice<'a> {
    /// `--image-repository`.
    pub repository: Option<&'a str>,
    /// The upstream image of a mirrored one.
    pub upstream: &'a dyn Fn(&str) -> Option<String>,
}

impl PullAdvice<'_> {
    /// The hint for an image that cannot be pulled.
    pub fn hint(&self, failure: &PullFailure) -> String {
        match (self.repository, (self.upstream)(&failure.image)) {
            (Some(mirror), Some(upstream)) => format!(
                "the mirror {mirror} lacks {}: copy {upstream} there (e.g. `crane copy {upstream} {}`)",
                failure.image, failure.image
            ),
            (Some(mirror), None) => format!(
                "check that {} exists and the nodes can pull it; images of a run come from {mirror}",
                failure.image
            ),
            (None, _) => "check the image name and that the nodes can reach its registry; for air-gapped clusters mirror the images (see --list-images) and pass --image-repository".to_string(),
        }
    }
}

/// The error for a stuck container, with its last log lines (when it ran at all).
pub async fn stuck_error(
    run: &Run,
    namespace: &str,
    pod: &str,
    stuck: &Stuck,
    advice: &PullAdvice<'_>,
) -> Error {
    let message = format!("pod {namespace}/{pod} cannot run: {}", stuck.describe());
    match &stuck.pull {
        Some(pull) => Error::could_not_run(message).hint(advice.hint(pull)),
        None => {
            let lines = last_log_lines(run, namespace, pod, stuck.container()).await;
            Error::could_not_run(with_log(message, stuck.container(), &lines)).hint(format!(
                "`kubectl describe pod -n {namespace} {pod}` shows its events; --keep leaves it for a look"
            ))
        }
    }
}

fn phase(pod: &Pod) -> &str {
    pod.status
        .as_ref()
        .and_then(|s| s.phase.as_deref())
        .unwrap_or("Pending")
}

/// Follows the pod's watch until `decide` ends the wait with `Some`; its deletion ends it
/// with the error `gone` says, and so do repeated failures of the watch.
async fn follow<T>(
    run: &Run,
    namespace: &str,
    name: &str,
    gone: &str,
    mut decide: impl AsyncFnMut(Box<Pod>) -> Option<Result<T>>,
) -> Result<T> {
    let mut events = pin!(watch_pod(run, namespace, name));
    let mut errors = 0u32;
    while let Some(event) = events.next().await {
        match event {
            Ok(PodEvent::Changed(pod)) => {
                errors = 0;
                if let Some(ended) = decide(pod).await {
                    return ended;
                }
            }
            Ok(PodEvent::Deleted) => {
                return Err(Error::could_not_run(format!(
                    "pod {namespace}/{name} was deleted {gone}"
                )));
            }
            Err(e) => {
                errors += 1;
                if errors >= MAX_WATCH_ERRORS {
                    return Err(e.context(format!(
                        "the API server failed {errors} times in a row while following pod {namespace}/{name}"
                    )));
                }
            }
        }
    }
    Err(Error::could_not_run(format!(
        "the watch of pod {namespace}/{name} ended"
    )))
}

/// Waits until the pod runs, at most `limit`.
pub async fn until_running(
    run: &Run,
    namespace: &str,
    name: &str,
    may_end: &str,
    limit: Duration,
    advice: &PullAdvice<'_>,
) -> Result<()> {
    let mut last: Option<Pod> = None;
    let decide = async |pod: Box<Pod>| {
        if let Some(s) = stuck(&pod, may_end) {
            return Some(Err(stuck_error(run, namespace, name, &s, advice).await));
        }
        if matches!(phase(&pod), "Running" | "Succeeded" | "Failed") {
            return Some(Ok(()));
        }
        last = Some(*pod);
        None
    };
    let waited =
        tokio::time::timeout(limit, follow(run, namespace, name, "before it ran", decide)).await;
    waited.unwrap_or_else(|_| {
        let why = last
            .as_ref()
            .and_then(scheduling_problem)
            .map(|p| format!(" (scheduler: {p})"))
            .unwrap_or_default();
        Err(Error::could_not_run(format!(
            "pod {namespace}/{name} did not start within {}{why}",
            human(limit)
        ))
        .hint("check `kubectl describe pod` for events; raise --startup-timeout if image pulls are slow"))
    })
}

/// Follows the pod until `container` ends (the caller bounds the time).
pub async fn until_ended(
    run: &Run,
    namespace: &str,
    name: &str,
    container: &str,
    advice: &PullAdvice<'_>,
) -> Result<Terminated> {
    let gone = format!("before {container} ended");
    let decide = async |pod: Box<Pod>| {
        if let Some(t) = terminated(&pod, container) {
            return Some(Ok(t));
        }
        let s = stuck(&pod, container)?;
        Some(Err(stuck_error(run, namespace, name, &s, advice).await))
    };
    follow(run, namespace, name, &gone, decide).await
}
