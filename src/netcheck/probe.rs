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
}
