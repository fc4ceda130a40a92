//! What a probe is: one connection attempt from a source pod to a destination pod's Service,
//! what it observed, and the [`Prober`] seam that runs a batch of them from one source pod.

use std::future::Future;

use serde::Serialize;

use crate::netpol::Protocol;
use crate::netpol::catalogue::PodRef;

/// One connection attempt, in model terms: to the Service of pod `to` on `port`/`protocol`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Dial {
    /// Destination pod (its Service `s-<namespace>-<pod>` is what is dialled).
    pub to: PodRef,
    /// Destination port.
    pub port: u16,
    /// Protocol.
    pub protocol: Protocol,
}

/// What one connection attempt showed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "result")]
pub enum Observation {
    /// `agnhost connect` exited 0.
    Connected,
    /// `agnhost connect` exited 1; `reason` is what it printed (`TIMEOUT`, `REFUSED`, `OTHER: …`).
    Blocked {
        /// agnhost's message, possibly empty.
        reason: String,
    },
    /// The attempt could not be made or its result could not be read (exec failed, no output
    /// line, another exit code). Never counts as a match.
    Failed {
        /// Why.
        error: String,
    },
}

impl Observation {
    /// `Some(true)` connected, `Some(false)` blocked, `None` when the probe did not decide.
    pub fn allowed(&self) -> Option<bool> {
        match self {
            Observation::Connected => Some(true),
            Observation::Blocked { .. } => Some(false),
            Observation::Failed { .. } => None,
        }
    }

    /// Short text for explanations: `connected`, `blocked (TIMEOUT)`, `probe failed: …`.
    pub fn describe(&self) -> String {
        match self {
            Observation::Connected => "connected".into(),
            Observation::Blocked { reason } if reason.is_empty() => "blocked".into(),
            Observation::Blocked { reason } => format!("blocked ({reason})"),
            Observation::Failed { error } => format!("probe failed: {error}"),
        }
    }
}

/// An operation on the cluster (a probe batch, a policy or label change) that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpError {
    /// What happened, naming the object.
    pub message: String,
    /// True when going on makes no sense (forbidden, unreachable API, deadline): the run aborts.
    /// Otherwise only this operation failed: a probe batch's cells count as failed probes and
    /// are tried again, a failed change fails the scenario.
    pub fatal: bool,
}

impl OpError {
    /// An error that only spoils this operation.
    pub fn transient(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            fatal: false,
        }
    }

    /// An error that stops the run.
    pub fn fatal(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            fatal: true,
        }
    }
}

impl std::fmt::Display for OpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// A pod that cannot take part: not running or ready, or a container that ended, restarted
/// or waits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PodProblem {
    /// The pod in model terms.
    #[serde(skip)]
    pub pod: PodRef,
    /// `namespace/name` of the pod.
    pub name: String,
    /// What is wrong: container, state, reason, exit code, message and last log lines.
    pub message: String,
    /// The likely cause, when one is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
}

impl PodProblem {
    /// One line: `pod ns/name: …; likely cause: …`.
    pub fn describe(&self) -> String {
        let mut text = format!("pod {}: {}", self.name, self.message);
        if let Some(cause) = &self.cause {
            text.push_str("; likely cause: ");
            text.push_str(cause);
        }
        text
    }
}

/// The likely cause of a server pod's failure, from what its container logged.
pub fn likely_cause(log: &str) -> Option<&'static str> {
    let log = log.to_ascii_lowercase();
    if log.contains("failed to listen sctp") {
        return Some(
            "the nodes' kernels lack SCTP support (load the sctp kernel module, e.g. `modprobe sctp`; SCS waives the SCTP tests)",
        );
    }
    if log.contains("exec format error") {
        return Some("the image does not match the nodes' CPU architecture");
    }
    if log.contains("address already in use") {
        return Some("another process on the pod's network already uses the port");
    }
    None
}

/// Runs a batch of connection attempts from one source pod, all at once.
///
/// The cluster implementation execs once into the source pod and runs every attempt
/// concurrently there ([`crate::netcheck::script`]); tests answer from a table.
pub trait Prober {
    /// One observation per target, in the order of `targets`.
    fn probe(
        &self,
        from: PodRef,
        targets: &[Dial],
    ) -> impl Future<Output = Result<Vec<Observation>, OpError>>;

    /// The problems of those of `pods` that cannot run (none: all are fine). Asked between
    /// probe rounds that left cells wrong; a prober that cannot tell answers none.
    fn pod_problems(
        &self,
        pods: &[PodRef],
    ) -> impl Future<Output = Result<Vec<PodProblem>, OpError>> {
        let _ = pods;
        std::future::ready(Ok(Vec::new()))
    }
}
