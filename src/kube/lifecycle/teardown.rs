//! The end of a [`Run`]: deleting what it created (or keeping it), on every way out — its
//! [`Run::finish`], and the `Drop` safety net for a run that never reached it.

use std::fmt::Debug;
use std::sync::Mutex;

use k8s_openapi::api::core::v1::Namespace;
use kube::api::{Api, ApiResource, DeleteParams, DynamicObject};
use kube::runtime::wait::await_condition;
use serde::Serialize;
use tokio::time::Instant;

use super::{Run, Tracked, lock, rbac_resource};
use crate::error::Result;
use crate::kube::errors::{Attempt, api_error};

/// What [`Run::finish`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cleanup {
    /// Objects deleted (namespaces with everything in them).
    pub deleted: Vec<String>,
    /// Objects left in place on request (`--keep`).
    pub kept: Vec<String>,
    /// Objects that could not be deleted, with the reason.
    pub failed: Vec<String>,
    /// Namespaces still terminating when the wait ended (they go away on their own).
    pub terminating: Vec<String>,
    /// A second interrupt stopped the clean-up.
    pub interrupted: bool,
}

impl Cleanup {
    /// True when nothing was left behind unintentionally: every deletion was asked for
    /// (namespaces still terminating go away on their own).
    pub fn is_clean(&self) -> bool {
        self.failed.is_empty()
    }

    /// `deleted: a, b` with the namespaces still terminating said so.
    pub fn deleted_text(&self) -> String {
        let done: Vec<&str> = self
            .deleted
            .iter()
            .filter(|d| !self.terminating.contains(d))
            .map(String::as_str)
            .collect();
        let mut parts = Vec::new();
        if !done.is_empty() {
            parts.push(done.join(", "));
        }
        if !self.terminating.is_empty() {
            parts.push(format!(
                "{} (still terminating)",
                self.terminating.join(", ")
            ));
        }
        parts.join(", ")
    }
}

impl Run {
    /// Deletes everything the run created (unless `keep`): objects outside its own
    /// namespaces one by one, then its namespaces (which takes what is in them), waiting up
    /// to the clean-up timeout for them to disappear. A further interrupt stops the wait.
    pub async fn finish(mut self, keep: bool) -> Cleanup {
        let cleanup = if keep {
            // What is kept is a leftover for `--cleanup` at once, not a run still going.
            for ns in self.own_namespaces() {
                let _ = self.set_lease(&ns, None).await;
            }
            Cleanup {
                kept: self.created(),
                ..Cleanup::default()
            }
        } else {
            let mut interrupts = self.interrupts.clone();
            interrupts.mark_seen();
            let deadline = Instant::now() + self.settings.cleanup_timeout;
            let so_far = Mutex::new(Cleanup::default());
            tokio::select! {
                cleanup = self.delete_all(deadline, &so_far) => cleanup,
                () = interrupts.next() => self.interrupted_cleanup(&so_far),
            }
        };
        self.finished = true;
        cleanup
    }

    /// What a clean-up stopped by an interrupt did: what it deleted stays deleted (its
    /// namespaces terminating), only what it had not got to yet is left behind.
    fn interrupted_cleanup(&self, so_far: &Mutex<Cleanup>) -> Cleanup {
        let mut cleanup = so_far
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        let tracked: Vec<Tracked> = lock(&self.tracked).clone();
        // Objects in a namespace whose deletion was accepted go with it.
        let going: Vec<&str> = tracked
            .iter()
            .filter(|t| t.is_namespace() && cleanup.deleted.contains(&t.describe()))
            .map(|t| t.name.as_str())
            .collect();
        for t in &tracked {
            let text = t.describe();
            let failed = cleanup
                .failed
                .iter()
                .any(|f| f.starts_with(&format!("{text}:")));
            let inside = t.namespace.as_deref().is_some_and(|ns| going.contains(&ns));
            if !failed && !inside && !cleanup.deleted.contains(&text) {
                cleanup
                    .failed
                    .push(format!("{text}: not deleted (interrupted)"));
            }
        }
        cleanup.interrupted = true;
        cleanup
    }

    async fn delete_all(&self, deadline: Instant, so_far: &Mutex<Cleanup>) -> Cleanup {
        let tracked: Vec<Tracked> = lock(&self.tracked).clone();
        let own_namespaces: Vec<&str> = tracked
            .iter()
            .filter(|t| t.is_namespace())
            .map(|t| t.name.as_str())
            .collect();
        // Objects inside our namespaces go with them; the rest (cluster-scoped RBAC,
        // objects in foreign namespaces) are deleted one by one, newest first, and the
        // namespaces last.
        let loose = tracked.iter().rev().filter(|t| {
            !t.is_namespace()
                && !t
                    .namespace
                    .as_deref()
                    .is_some_and(|ns| own_namespaces.contains(&ns))
        });
        let namespaces = tracked.iter().filter(|t| t.is_namespace());
        // Progress goes to `so_far` as it happens, so that an interrupt in the middle
        // reports what was done.
        let update = |f: &mut dyn FnMut(&mut Cleanup)| {
            f(&mut so_far
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner))
        };
        for t in loose.chain(namespaces) {
            match self.delete(t).await {
                Ok(()) => update(&mut |c| {
                    c.deleted.push(t.describe());
                    if t.is_namespace() {
                        c.terminating.push(t.describe());
                    }
                }),
                Err(e) => update(&mut |c| {
                    c.failed.push(format!("{}: {e}", t.describe()));
                }),
            }
        }
        for t in tracked.iter().filter(|t| t.is_namespace()) {
            if self.wait_gone(t, deadline).await {
                update(&mut |c| c.terminating.retain(|d| *d != t.describe()));
            }
        }
        lock(&self.tracked).clear();
        let mut cleanup = Cleanup::default();
        update(&mut |c| cleanup = c.clone());
        cleanup
    }

    pub(super) fn dynamic_api(
        &self,
        resource: &ApiResource,
        namespace: Option<&str>,
    ) -> Api<DynamicObject> {
        match namespace {
            Some(ns) => Api::namespaced_with(self.kube.client.clone(), ns, resource),
            None => Api::all_with(self.kube.client.clone(), resource),
        }
    }

    async fn delete(&self, t: &Tracked) -> Result<()> {
        let api = self.dynamic_api(&t.resource, t.namespace.as_deref());
        match api.delete(&t.name, &DeleteParams::background()).await {
            Ok(_) => Ok(()),
            Err(kube::Error::Api(status)) if status.code == 404 => Ok(()),
            Err(e) => {
                let attempt = Attempt {
                    verb: "delete",
                    resource: rbac_resource(&t.resource),
                    namespace: t.namespace.as_deref(),
                };
                Err(api_error(e, &self.kube.target, Some(&attempt)))
            }
        }
    }

    /// True once the namespace is gone; false when the deadline passed first. Watched, so
    /// the run ends the moment it goes; polled where it cannot be watched.
    async fn wait_gone(&self, t: &Tracked, deadline: Instant) -> bool {
        if t.is_namespace() {
            let api: Api<Namespace> = Api::all(self.kube.client.clone());
            let gone = |ns: Option<&Namespace>| ns.is_none();
            match tokio::time::timeout_at(deadline, await_condition(api, &t.name, gone)).await {
                Ok(Ok(_)) => return true,
                Err(_) => return false,
                Ok(Err(_)) => {}
            }
        }
        let api = self.dynamic_api(&t.resource, t.namespace.as_deref());
        loop {
            match api.get_opt(&t.name).await {
                Ok(None) => return true,
                Err(kube::Error::Api(status)) if status.code == 404 => return true,
                Ok(Some(_)) | Err(_) => {}
            }
            if Instant::now() + self.settings.poll > deadline {
                return false;
            }
            tokio::time::sleep(self.settings.poll).await;
        }
    }
}

impl Drop for Run {
    /// The safety net for a `Run` that never reached [`Run::finish`]: delete what it
    /// created, blocking this thread (possible on the multi-threaded runtime the binary
    /// uses); otherwise say what is left and how to remove it.
    fn drop(&mut self) {
        if self.finished || lock(&self.tracked).is_empty() {
            return;
        }
        let handle = tokio::runtime::Handle::try_current()
            .ok()
            .filter(|h| h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread);
        let cleanup = match handle {
            Some(handle) => {
                let deadline = Instant::now() + self.settings.cleanup_timeout;
                let so_far = Mutex::new(Cleanup::default());
                tokio::task::block_in_place(|| handle.block_on(self.delete_all(deadline, &so_far)))
            }
            None => Cleanup {
                failed: self.created(),
                ..Cleanup::default()
            },
        };
        if !cleanup.failed.is_empty() {
            crate::stderr_line!(
                "warning: objects of run {} were left behind: {}; remove them with --cleanup",
                self.id,
                cleanup.failed.join(", ")
            );
        }
    }
}
