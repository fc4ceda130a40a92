//! A fake Kubernetes API server for integration tests.
//!
//! It answers like kube-apiserver v1.36.2 (the recordings in `tests/fixtures/apiserver/`):
//! discovery (legacy and aggregated v2), get/list/watch with selectors and pagination,
//! create/update/patch/delete with finalizers, the apiserver's `Status` error bodies, and
//! injectable faults. Objects and CRDs are loaded from YAML/JSON fixtures.
//!
//! ```ignore
//! let server = FakeApiServer::builder()
//!     .crds_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/crds"))
//!     .objects_file(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mgmt/healthy.yaml"))
//!     .start();
//! let dir = tempfile::tempdir()?;
//! let kubeconfig = server.write_kubeconfig(dir.path());
//! ```

// Each test binary that includes the support module uses a different part of it.
#![allow(dead_code, unused_imports)]

mod access;
mod crud;
mod discovery;
mod exec;
mod faults;
mod handle;
mod hooks;
mod kubeconfig;
mod loader;
mod object;
mod patch;
mod paths;
mod recorder;
mod registry;
mod resources;
mod routes;
mod selectors;
mod server;
mod status;
mod store;
mod watch;

pub use faults::{Fault, FaultAction};
pub use handle::Store;
pub use hooks::{AccessQuery, AccessRule, ExecRequest, ExecResult};
pub use kubeconfig::KubeconfigFile;
pub use recorder::RecordedRequest;
pub use server::{FakeApiServer, FakeApiServerBuilder};
pub use status::FakeResponse;

use std::path::PathBuf;

/// The bearer token of the default kubeconfig user.
pub const TOKEN: &str = "fake-token";
/// The user the default token authenticates as (see `FakeApiServerBuilder::user`).
pub const ADMIN_USER: &str = "kubernetes-admin";
/// The token the exec credential plugin of `KubeconfigFile::user_exec` prints.
pub const EXEC_TOKEN: &str = "fake-exec-token";
/// The user the exec token authenticates as.
pub const EXEC_USER: &str = "exec-user";

/// Why the fake server could not load something or do something.
#[derive(Debug)]
pub enum FakeError {
    /// A fixture file or directory could not be read.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A fixture is not valid YAML/JSON.
    Parse { origin: String, message: String },
    /// An object's kind is neither built in nor defined by a loaded CRD.
    UnknownKind {
        origin: String,
        api_version: String,
        kind: String,
    },
    /// An object is malformed (for example a CRD without `spec.names`).
    InvalidObject { origin: String, message: String },
    /// A store operation failed the way the API would (404, 409, …).
    Api { code: u16, message: String },
    /// The server could not start.
    Start(String),
}

impl std::fmt::Display for FakeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FakeError::Io { path, source } => write!(f, "cannot read {}: {source}", path.display()),
            FakeError::Parse { origin, message } => {
                write!(f, "{origin}: not valid YAML/JSON: {message}")
            }
            FakeError::UnknownKind {
                origin,
                api_version,
                kind,
            } => write!(
                f,
                "{origin}: kind {kind:?} ({api_version}) is neither built in nor defined by a loaded CRD; load its CRD first"
            ),
            FakeError::InvalidObject { origin, message } => write!(f, "{origin}: {message}"),
            FakeError::Api { code, message } => write!(f, "API error {code}: {message}"),
            FakeError::Start(why) => write!(f, "{why}"),
        }
    }
}

impl std::error::Error for FakeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            FakeError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
