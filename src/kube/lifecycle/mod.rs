//! Objects a command creates in a cluster for a while, and the promise to remove them.
//!
//! A [`Run`] has an id, and every object it creates carries
//! `app.kubernetes.io/managed-by: kubectl-scs`, the run id and the purpose (the SCS
//! testcase it serves). It remembers what it created and deletes it in [`Run::finish`]:
//! on success, failure, timeout and Ctrl-C alike ([`Run::supervise`] turns a signal or a
//! deadline into [`Stopped`] so the caller always reaches `finish`). Should a `Run` be
//! dropped without `finish` (an early `?`), its `Drop` deletes what it created. Objects of
//! a run that was killed are found again by their labels ([`leftovers`]); its namespaces'
//! lease ([`lease`]), renewed while [`Run::supervise`] runs, tells them from a run that is
//! still going.
//!
//! ```ignore
//! let run = Run::start(&kube, "kaas-networking-check", settings);
//! let ns = run.namespace("kubectl-scs-netpol-x", PodSecurity::Baseline).await?;
//! run.create(&pod_in(&ns)).await?;
//! let ended = run.supervise(deadline, async { run.wait_pod_running(&ns, "server", limit).await }).await;
//! let cleanup = run.finish(keep).await;
//! ```

mod interrupt;
pub mod lease;
pub mod leftovers;
mod pod_status;
mod pods;
pub mod preflight;
mod teardown;

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::hash::{BuildHasher, Hasher};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use jiff::Timestamp;
use k8s_openapi::api::core::v1::Namespace;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use kube::Resource;
use kube::api::{Api, ApiResource, DynamicObject, Patch, PatchParams, PostParams};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::time::Instant;

use super::Kube;
use super::errors::{Attempt, api_error};
use crate::error::{Result, ResultExt};

pub use interrupt::Interrupts;
pub use pod_status::{
    ContainerTrouble, PullFailure, STARTING, Terminated, container_trouble, not_ready,
    pull_failure, scheduling_problem, statuses, terminated,
};
pub use pods::{ExecError, ExecOutput, exec_in, tail_log};
pub use teardown::Cleanup;

/// Label every object of a run carries.
pub const MANAGED_BY_LABEL: &str = "app.kubernetes.io/managed-by";
/// Its value.
pub const MANAGED_BY: &str = "kubectl-scs";
/// Label holding the run id.
pub const RUN_ID_LABEL: &str = "kubectl-scs.scs.community/run-id";
/// Label holding the purpose (the SCS testcase id the run serves).
pub const PURPOSE_LABEL: &str = "kubectl-scs.scs.community/purpose";

/// How a run polls and cleans up.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Time between status polls.
    pub poll: Duration,
    /// How long [`Run::finish`] waits for deleted namespaces to disappear.
    pub cleanup_timeout: Duration,
    /// A fixed run id instead of a random one (reproducible names in tests).
    pub run_id: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            poll: Duration::from_secs(5),
            cleanup_timeout: Duration::from_secs(120),
            run_id: None,
        }
    }
}

/// The Pod Security admission level a namespace enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PodSecurity {
    /// No restrictions.
    Privileged,
    /// Blocks known privilege escalations (what the upstream netpol tests use).
    Baseline,
    /// Hardened pods only.
    Restricted,
}

impl PodSecurity {
    /// The level's name in the `pod-security.kubernetes.io/*` labels.
    pub fn as_str(self) -> &'static str {
        match self {
            PodSecurity::Privileged => "privileged",
            PodSecurity::Baseline => "baseline",
            PodSecurity::Restricted => "restricted",
        }
    }

    /// `enforce`, `audit` and `warn` at this level, for the latest policy version.
    pub fn labels(self) -> BTreeMap<String, String> {
        let mut labels = BTreeMap::new();
        for mode in ["enforce", "audit", "warn"] {
            labels.insert(
                format!("pod-security.kubernetes.io/{mode}"),
                self.as_str().to_string(),
            );
            labels.insert(
                format!("pod-security.kubernetes.io/{mode}-version"),
                "latest".to_string(),
            );
        }
        labels
    }
}

/// An object a run created.
#[derive(Debug, Clone)]
pub struct Tracked {
    resource: ApiResource,
    namespace: Option<String>,
    name: String,
}

impl Tracked {
    /// `Kind namespace/name` or `Kind name`.
    pub fn describe(&self) -> String {
        match &self.namespace {
            Some(ns) => format!("{} {ns}/{}", self.resource.kind, self.name),
            None => format!("{} {}", self.resource.kind, self.name),
        }
    }

    fn is_namespace(&self) -> bool {
        self.resource.group.is_empty() && self.resource.kind == "Namespace"
    }
}

/// Why [`Run::supervise`] stopped the work before it ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    /// Ctrl-C (SIGINT) or SIGTERM.
    Interrupted,
    /// The deadline passed.
    TimedOut,
}

/// Objects created in a cluster for one command, removed again at the end.
pub struct Run {
    kube: Kube,
    id: String,
    purpose: String,
    settings: Settings,
    tracked: Mutex<Vec<Tracked>>,
    interrupts: Interrupts,
    finished: bool,
}

fn lock(m: &Mutex<Vec<Tracked>>) -> MutexGuard<'_, Vec<Tracked>> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A fresh run id: 8 characters of `[a-z0-9]`, from the process's random hash seed and
/// the clock (no extra dependency).
pub fn new_run_id() -> String {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    hasher.write_u32(std::process::id());
    let mut n = hasher.finish();
    let alphabet = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut id = String::with_capacity(8);
    for _ in 0..8 {
        let digit = (n % 36) as usize;
        id.push(char::from(alphabet.get(digit).copied().unwrap_or(b'x')));
        n /= 36;
    }
    id
}

/// Checks a run id given on the command line: 1 to 16 of `[a-z0-9]`.
pub fn validate_run_id(id: &str) -> std::result::Result<(), String> {
    if id.is_empty() || id.len() > 16 {
        return Err(format!("run id {id:?} must have 1 to 16 characters"));
    }
    if !id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    {
        return Err(format!(
            "run id {id:?} may hold only lower-case letters and digits"
        ));
    }
    Ok(())
}

impl Run {
    /// Starts a run: picks its id and starts listening for Ctrl-C/SIGTERM (from now on they
    /// no longer kill the process; [`Run::supervise`] reports them). Nothing is created yet.
    pub fn start(kube: &Kube, purpose: &str, settings: Settings) -> Run {
        let id = settings.run_id.clone().unwrap_or_else(new_run_id);
        Run {
            kube: kube.clone(),
            id,
            purpose: purpose.to_string(),
            settings,
            tracked: Mutex::new(Vec::new()),
            interrupts: Interrupts::listen(),
            finished: false,
        }
    }

    /// The run id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The settings the run was started with.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The client.
    pub fn kube(&self) -> &Kube {
        &self.kube
    }

    /// The labels every object of this run carries.
    pub fn labels(&self) -> BTreeMap<String, String> {
        BTreeMap::from([
            (MANAGED_BY_LABEL.to_string(), MANAGED_BY.to_string()),
            (RUN_ID_LABEL.to_string(), self.id.clone()),
            (PURPOSE_LABEL.to_string(), self.purpose.clone()),
        ])
    }

    /// A label selector for the objects of this run.
    pub fn selector(&self) -> String {
        format!("{MANAGED_BY_LABEL}={MANAGED_BY},{RUN_ID_LABEL}={}", self.id)
    }

    /// `<prefix>-<run id>`, the name for an object that must not clash with other runs.
    pub fn name(&self, prefix: &str) -> String {
        format!("{prefix}-{}", self.id)
    }

    /// Creates the namespace `<prefix>-<run id>` enforcing `security`, and returns its name.
    pub async fn namespace(&self, prefix: &str, security: PodSecurity) -> Result<String> {
        let name = self.name(prefix);
        let namespace = Namespace {
            metadata: ObjectMeta {
                name: Some(name.clone()),
                labels: Some(security.labels()),
                ..ObjectMeta::default()
            },
            ..Namespace::default()
        };
        self.create(&namespace).await?;
        Ok(name)
    }

    /// Creates `object` (in its `metadata.namespace`, or cluster-wide when it has none)
    /// with the run's labels added, and remembers it for clean-up.
    pub async fn create<K>(&self, object: &K) -> Result<K>
    where
        K: Resource<DynamicType = ()> + Clone + Debug + Serialize + DeserializeOwned,
    {
        let resource = ApiResource::erase::<K>(&());
        let namespace = object.meta().namespace.clone();
        let mut value = serde_json::to_value(object)
            .could_not_run(|| format!("cannot encode a {}", resource.kind))?;
        if let Some(meta) = value.get_mut("metadata").and_then(|m| m.as_object_mut()) {
            let labels = meta
                .entry("labels")
                .or_insert_with(|| serde_json::json!({}));
            if let Some(labels) = labels.as_object_mut() {
                for (k, v) in self.labels() {
                    labels.insert(k, serde_json::Value::String(v));
                }
            }
            if resource.group.is_empty() && resource.kind == "Namespace" {
                let annotations = meta
                    .entry("annotations")
                    .or_insert_with(|| serde_json::json!({}));
                if let Some(annotations) = annotations.as_object_mut() {
                    annotations.insert(
                        lease::LEASE_ANNOTATION.into(),
                        lease::lease_until(Timestamp::now()).into(),
                    );
                }
            }
        }
        let dynamic: DynamicObject = serde_json::from_value(value)
            .could_not_run(|| format!("cannot encode a {}", resource.kind))?;
        let api = self.dynamic_api(&resource, namespace.as_deref());
        let attempt = Attempt {
            verb: "create",
            resource: rbac_resource(&resource),
            namespace: namespace.as_deref(),
        };
        let created = api
            .create(&PostParams::default(), &dynamic)
            .await
            .map_err(|e| api_error(e, &self.kube.target, Some(&attempt)))?;
        let name = created.metadata.name.clone().unwrap_or_default();
        lock(&self.tracked).push(Tracked {
            resource: resource.clone(),
            namespace: namespace.clone(),
            name: name.clone(),
        });
        let value = serde_json::to_value(&created).unwrap_or_default();
        serde_json::from_value(value).could_not_run(|| {
            format!(
                "the server's answer to creating {} {name} cannot be read",
                resource.kind
            )
        })
    }

    /// What the run has created so far, in creation order.
    pub fn created(&self) -> Vec<String> {
        lock(&self.tracked).iter().map(Tracked::describe).collect()
    }

    /// Runs `work` until it ends, the deadline passes or the user interrupts, renewing the
    /// run's lease on its namespaces meanwhile.
    pub async fn supervise<T>(
        &self,
        deadline: Instant,
        work: impl Future<Output = T>,
    ) -> std::result::Result<T, Stopped> {
        let mut interrupts = self.interrupts.clone();
        tokio::select! {
            out = work => Ok(out),
            () = interrupts.next() => Err(Stopped::Interrupted),
            () = tokio::time::sleep_until(deadline) => Err(Stopped::TimedOut),
            never = self.keep_alive() => match never {},
        }
    }

    /// Moves the lease of the run's namespaces forward now and then. A failed renewal is
    /// retried at the next one; the lease outlasts a few.
    async fn keep_alive(&self) -> std::convert::Infallible {
        // Runs that poll fast (tests) renew fast too.
        let every = lease::RENEW_EVERY.min(self.settings.poll.saturating_mul(4));
        loop {
            tokio::time::sleep(every).await;
            let until = lease::lease_until(Timestamp::now());
            for ns in self.own_namespaces() {
                let _ = self.set_lease(&ns, Some(&until)).await;
            }
        }
    }

    fn own_namespaces(&self) -> Vec<String> {
        lock(&self.tracked)
            .iter()
            .filter(|t| t.is_namespace())
            .map(|t| t.name.clone())
            .collect()
    }

    async fn set_lease(&self, namespace: &str, until: Option<&str>) -> kube::Result<Namespace> {
        let api: Api<Namespace> = Api::all(self.kube.client.clone());
        let patch =
            serde_json::json!({"metadata": {"annotations": {lease::LEASE_ANNOTATION: until}}});
        api.patch(namespace, &PatchParams::default(), &Patch::Merge(&patch))
            .await
    }
}

/// `plural` or `plural.group`, as RBAC and `kubectl auth can-i` name a resource.
fn rbac_resource(resource: &ApiResource) -> String {
    if resource.group.is_empty() {
        resource.plural.clone()
    } else {
        format!("{}.{}", resource.plural, resource.group)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_ids_are_short_dns_safe_and_differ() {
        let a = new_run_id();
        let b = new_run_id();
        assert_eq!(a.len(), 8);
        assert!(validate_run_id(&a).is_ok(), "{a}");
        assert_ne!(a, b);
        assert!(validate_run_id("Abc").is_err());
        assert!(validate_run_id("").is_err());
        assert!(validate_run_id("a-b").is_err());
    }

    #[test]
    fn pod_security_labels_cover_every_mode() {
        let labels = PodSecurity::Restricted.labels();
        assert_eq!(labels["pod-security.kubernetes.io/enforce"], "restricted");
        assert_eq!(labels["pod-security.kubernetes.io/warn-version"], "latest");
        assert_eq!(labels.len(), 6);
    }
}
