//! Reaching Kubernetes: client construction, discovery, reading objects, and the offline dump
//! source that feeds the same analyses.

pub mod config;
pub mod discovery;
pub mod dump;
pub mod errors;
pub mod lifecycle;
pub mod mutate;
pub mod options;
mod readable;
pub mod source;
pub mod watch;

use serde::Serialize;

pub use config::Connection;
pub use discovery::KindSpec;
pub use options::{ClientOptions, Input, ScopeFlags};
pub use source::{Fetched, Scope, Source};

use crate::error::{Result, ResultExt};

/// A connected client and where it points.
#[derive(Clone)]
pub struct Kube {
    pub client: kube::Client,
    pub target: Connection,
}

impl Kube {
    /// Builds a client from the kubectl-style flags. No request is made yet.
    pub async fn connect(options: &ClientOptions) -> Result<Kube> {
        let (config, target) = config::client_config(options).await?;
        Kube::from_config(config, target)
    }

    /// Builds a client from an already resolved configuration (commands that also need the
    /// configuration itself, e.g. for its TLS settings, resolve it once and call this).
    pub fn from_config(config: kube::Config, target: Connection) -> Result<Kube> {
        let client = kube::Client::try_from(config)
            .could_not_run(|| format!("cannot set up a client for {}", target.url))?;
        Ok(Kube { client, target })
    }

    /// The namespace scope for the global flags: `-A`, `-n NS`, or the context's namespace.
    pub fn scope(&self, flags: &ScopeFlags) -> Scope {
        Scope::from_flags(flags, Some(&self.target.default_namespace))
    }
}

/// Something a command could not read, reported without failing it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    pub message: String,
}

impl Note {
    pub fn new(message: impl Into<String>) -> Self {
        Note {
            message: message.into(),
        }
    }

    pub fn not_served(spec: &KindSpec) -> Self {
        Note::new(format!(
            "{} CRDs not installed: {} is not served ({} cannot be read)",
            discovery::group_owner(spec.group),
            spec.group_version(),
            spec.kind
        ))
    }
}
