//! Behaviour tests plug in: request overrides, create hooks, access reviews, exec.

use std::sync::Arc;

use serde_json::Value;

use super::handle::Store;
use super::recorder::RecordedRequest;
use super::status::FakeResponse;

/// Runs before an object of a kind is created through the API: it may change the object, or
/// answer instead (`Err(response)`).
pub type CreateHook = Arc<dyn Fn(&mut Value, &Store) -> Result<(), FakeResponse> + Send + Sync>;

/// Runs before the server handles a request; `Some(response)` answers it.
pub type RequestHook = Arc<dyn Fn(&RecordedRequest) -> Option<FakeResponse> + Send + Sync>;

/// Decides a `SelfSubjectAccessReview`: `true` = allowed.
pub type AccessHandler = Arc<dyn Fn(&AccessQuery) -> bool + Send + Sync>;

/// Runs a command in a pod for `Api::<Pod>::exec`.
pub type ExecHandler = Arc<dyn Fn(&ExecRequest) -> ExecResult + Send + Sync>;

/// The `spec.resourceAttributes` (or `nonResourceAttributes`) of a `SelfSubjectAccessReview`;
/// absent fields are "".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AccessQuery {
    /// `get`, `list`, `create`, …
    pub verb: String,
    /// API group ("" for core).
    pub group: String,
    /// Plural resource name (`pods`).
    pub resource: String,
    /// Subresource (`exec`, `log`) or "".
    pub subresource: String,
    /// Namespace, "" for cluster scope.
    pub namespace: String,
    /// Object name or "".
    pub name: String,
    /// Set for non-resource requests (`/healthz`).
    pub path: String,
    /// The user who asks.
    pub user: String,
}

/// A denial for access reviews; `"*"` (or "") matches anything, `namespace: None` any namespace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessRule {
    /// Verb to deny (`*` for all).
    pub verb: String,
    /// Resource to deny: `pods`, `pods/exec` or `*`.
    pub resource: String,
    /// Namespace to deny in; `None` for all.
    pub namespace: Option<String>,
}

impl AccessRule {
    /// Whether the rule covers the query.
    pub fn matches(&self, q: &AccessQuery) -> bool {
        let any =
            |pattern: &str, value: &str| pattern.is_empty() || pattern == "*" || pattern == value;
        let resource = if q.subresource.is_empty() {
            q.resource.clone()
        } else {
            format!("{}/{}", q.resource, q.subresource)
        };
        any(&self.verb, &q.verb)
            && (any(&self.resource, &q.resource) || self.resource == resource)
            && self
                .namespace
                .as_deref()
                .is_none_or(|ns| any(ns, &q.namespace))
    }
}

/// A command run in a pod.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExecRequest {
    /// Namespace of the pod.
    pub namespace: String,
    /// Pod name.
    pub pod: String,
    /// Container (the only one when the request named none; "" for a pod without a spec).
    pub container: String,
    /// The command and its arguments.
    pub command: Vec<String>,
    /// What the client wrote to stdin before closing it (v5 protocol only; empty otherwise).
    pub stdin: Vec<u8>,
}

/// What the command printed and how it ended.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExecResult {
    /// Bytes sent on the stdout channel.
    pub stdout: Vec<u8>,
    /// Bytes sent on the stderr channel.
    pub stderr: Vec<u8>,
    /// 0 for `Success`; anything else becomes a `NonZeroExitCode` status.
    pub exit_code: i32,
}

impl ExecResult {
    /// Exit code 0 with this stdout.
    pub fn ok(stdout: impl Into<Vec<u8>>) -> Self {
        ExecResult {
            stdout: stdout.into(),
            stderr: Vec::new(),
            exit_code: 0,
        }
    }

    /// A failure with this stderr and exit code.
    pub fn fail(stderr: impl Into<Vec<u8>>, exit_code: i32) -> Self {
        ExecResult {
            stdout: Vec::new(),
            stderr: stderr.into(),
            exit_code,
        }
    }
}
