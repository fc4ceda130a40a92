//! The test-side store API: read and change objects behind the server's back. Changes are
//! streamed to watches like changes made through the API.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};

use super::FakeError;
use super::loader::parse_objects;
use super::object::{finalizers, meta_str, set_meta, spec_part};
use super::patch::merge_patch;
use super::resources::ResourceType;
use super::server::{Shared, resolve_object_type};
use super::store::Deleted;

/// A handle on the fake server's objects. `kind` arguments accept `Pod`, `pods`, `po`,
/// `ClusterAddon.clusterstack.x-k8s.io` or `clusters.cluster.x-k8s.io`; `namespace` is ""
/// for cluster-scoped objects.
#[derive(Clone)]
pub struct Store {
    pub(crate) shared: Arc<Shared>,
}

fn api_error(resp: &super::status::FakeResponse) -> FakeError {
    let message = resp
        .body_json()
        .and_then(|b| b.get("message").and_then(Value::as_str).map(str::to_string))
        .unwrap_or_else(|| String::from_utf8_lossy(&resp.body).into_owned());
    FakeError::Api {
        code: resp.status,
        message,
    }
}

impl Store {
    fn resolve(&self, kind: &str) -> Result<ResourceType, FakeError> {
        self.shared
            .read(|st| st.registry.resolve(kind).cloned())
            .ok_or_else(|| FakeError::UnknownKind {
                origin: "store".into(),
                api_version: String::new(),
                kind: kind.into(),
            })
    }

    /// One object as stored, if it exists.
    pub fn get(&self, kind: &str, namespace: &str, name: &str) -> Option<Value> {
        let rt = self.resolve(kind).ok()?;
        self.shared.read(|st| st.get(&rt, namespace, name).cloned())
    }

    /// The objects of a kind in one namespace (or all with `None`), in storage order.
    pub fn list(&self, kind: &str, namespace: Option<&str>) -> Vec<Value> {
        let Ok(rt) = self.resolve(kind) else {
            return Vec::new();
        };
        self.shared.read(|st| {
            st.list(&rt, namespace)
                .into_iter()
                .map(|(_, o)| o.clone())
                .collect()
        })
    }

    /// Creates or replaces an object (status included) and streams ADDED or MODIFIED. An
    /// object that is being deleted and has no finalizers left is removed.
    pub fn put(&self, obj: Value) -> Result<Value, FakeError> {
        let rt = self
            .shared
            .read(|st| resolve_object_type(&st.registry, "store.put", &obj))?;
        Ok(self.shared.mutate(|st| st.put(&rt, obj)))
    }

    /// Puts every object of YAML/JSON text.
    pub fn put_yaml(&self, text: &str) -> Result<Vec<Value>, FakeError> {
        parse_objects(text, "store.put_yaml")?
            .into_iter()
            .map(|o| self.put(o))
            .collect()
    }

    /// Applies a JSON merge patch to an object (status included) and streams MODIFIED.
    pub fn patch(
        &self,
        kind: &str,
        namespace: &str,
        name: &str,
        patch: Value,
    ) -> Result<Value, FakeError> {
        let rt = self.resolve(kind)?;
        self.shared.mutate(|st| {
            let mut obj = st
                .get(&rt, namespace, name)
                .cloned()
                .ok_or_else(|| FakeError::Api {
                    code: 404,
                    message: format!("{kind} {namespace}/{name} not found"),
                })?;
            let before = obj.clone();
            merge_patch(&mut obj, &patch);
            let gen_before = before
                .get("metadata")
                .and_then(|m| m.get("generation"))
                .cloned();
            let gen_after = obj
                .get("metadata")
                .and_then(|m| m.get("generation"))
                .cloned();
            if rt.tracks_generation(&obj)
                && gen_before == gen_after
                && spec_part(&obj) != spec_part(&before)
            {
                let g = gen_before.and_then(|g| g.as_i64()).unwrap_or(0);
                set_meta(&mut obj, "generation", json!(g + 1));
            }
            Ok(st.put(&rt, obj))
        })
    }

    /// Deletes like a DELETE request: an object with finalizers only gets a deletionTimestamp.
    /// Returns the object (removed or pending).
    pub fn delete(&self, kind: &str, namespace: &str, name: &str) -> Result<Value, FakeError> {
        let rt = self.resolve(kind)?;
        let out = self
            .shared
            .mutate(|st| st.delete(&rt, namespace, name, None, None, false))
            .map_err(|r| api_error(&r))?;
        Ok(match out {
            Deleted::Gone(o) | Deleted::Pending(o) => o,
        })
    }

    /// Removes an object at once, finalizers or not.
    pub fn remove(&self, kind: &str, namespace: &str, name: &str) -> Option<Value> {
        let rt = self.resolve(kind).ok()?;
        self.shared.mutate(|st| st.remove(&rt, namespace, name))
    }

    /// Clears the finalizers; an object being deleted is then removed (DELETED is streamed).
    pub fn remove_finalizers(
        &self,
        kind: &str,
        namespace: &str,
        name: &str,
    ) -> Result<Value, FakeError> {
        self.patch(
            kind,
            namespace,
            name,
            json!({"metadata": {"finalizers": null}}),
        )
    }

    /// Whether an object exists.
    pub fn exists(&self, kind: &str, namespace: &str, name: &str) -> bool {
        self.get(kind, namespace, name).is_some()
    }

    /// The current global resourceVersion.
    pub fn resource_version(&self) -> u64 {
        self.shared.read(|st| st.rv)
    }

    /// Simulates etcd compaction: continue tokens and watch resourceVersions issued so far
    /// are answered with 410 `Expired`.
    pub fn compact(&self) {
        self.shared.mutate(|st| st.compact());
    }

    /// Runs `f` on the store after `delay`, on the server's runtime.
    pub fn after(&self, delay: Duration, f: impl FnOnce(&Store) + Send + 'static) {
        let store = self.clone();
        self.shared.runtime.spawn(async move {
            tokio::time::sleep(delay).await;
            f(&store);
        });
    }

    /// Sets the text `pods/log` serves for a pod (any container when `container` is
    /// `None`); hooks use it to let a simulated pod write its log over time.
    pub fn set_pod_log(&self, namespace: &str, pod: &str, container: Option<&str>, text: &str) {
        let mut logs = super::server::lock(&self.shared.logs);
        logs.retain(|l| {
            !(l.namespace == namespace && l.pod == pod && l.container.as_deref() == container)
        });
        logs.push(super::server::PodLog {
            namespace: namespace.into(),
            pod: pod.into(),
            container: container.map(str::to_string),
            text: text.into(),
        });
    }

    /// The finalizers of an object (empty when it does not exist).
    pub fn finalizers(&self, kind: &str, namespace: &str, name: &str) -> Vec<String> {
        self.get(kind, namespace, name)
            .map(|o| finalizers(&o))
            .unwrap_or_default()
    }

    /// The names of the objects of a kind in a namespace (or all), in storage order.
    pub fn names(&self, kind: &str, namespace: Option<&str>) -> Vec<String> {
        self.list(kind, namespace)
            .iter()
            .map(|o| meta_str(o, "name").to_string())
            .collect()
    }
}
