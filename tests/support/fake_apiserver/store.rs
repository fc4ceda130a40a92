//! The object store: objects by resource, a global resourceVersion counter and the event log
//! that watches replay. Every mutation, from the API or from the test, goes through here.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hasher};

use serde_json::{Value, json};

use super::object::{
    finalizers, is_deleting, meta_mut, meta_str, remove_meta, resource_version, set_meta, spec_part,
};
use super::registry::Registry;
use super::resources::{ResourceType, from_crd};
use super::selectors::Selectors;
use super::status::{self, FakeResponse, Subject};

/// `(group, plural)`.
pub(crate) type ResKey = (String, String);

/// What happened to an object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EventType {
    Added,
    Modified,
    Deleted,
}

impl EventType {
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Added => "ADDED",
            EventType::Modified => "MODIFIED",
            EventType::Deleted => "DELETED",
        }
    }
}

/// One entry of the event log.
#[derive(Clone, Debug)]
pub(crate) struct StoredEvent {
    pub rv: u64,
    pub res: ResKey,
    pub kind: EventType,
    pub object: Value,
    /// The object before a modification (for selector transitions).
    pub old: Option<Value>,
}

/// The result of a delete.
#[derive(Clone, Debug)]
pub(crate) enum Deleted {
    /// Removed; the object as it was at removal.
    Gone(Value),
    /// Still there because of finalizers; the object with its deletionTimestamp.
    Pending(Value),
}

/// Everything mutable, behind one lock.
pub(crate) struct State {
    pub registry: Registry,
    objects: HashMap<ResKey, BTreeMap<String, Value>>,
    pub events: Vec<StoredEvent>,
    pub rv: u64,
    /// Continue tokens and watch resourceVersions below this are expired (410).
    pub floor: u64,
    fixed_time: Option<String>,
    seq: u64,
    hasher: std::collections::hash_map::RandomState,
}

fn subject(rt: &ResourceType) -> Subject<'_> {
    Subject {
        group: &rt.group,
        plural: &rt.plural,
        kind: &rt.kind,
    }
}

/// The storage key of an object: `ns/name`, or `name` for cluster-scoped ones (etcd order).
pub(crate) fn obj_key(rt: &ResourceType, ns: &str, name: &str) -> String {
    if rt.namespaced {
        format!("{ns}/{name}")
    } else {
        name.to_string()
    }
}

impl State {
    pub fn new(registry: Registry, fixed_time: Option<String>) -> Self {
        State {
            registry,
            objects: HashMap::new(),
            events: Vec::new(),
            rv: 1000,
            floor: 0,
            fixed_time,
            seq: 0,
            hasher: std::collections::hash_map::RandomState::new(),
        }
    }

    /// The current time as the apiserver writes timestamps.
    pub fn now(&self) -> String {
        match &self.fixed_time {
            Some(t) => t.clone(),
            None => jiff::Timestamp::now()
                .strftime("%Y-%m-%dT%H:%M:%SZ")
                .to_string(),
        }
    }

    fn random(&mut self) -> u64 {
        self.seq += 1;
        let mut h = self.hasher.build_hasher();
        h.write_u64(self.seq);
        h.finish()
    }

    fn new_uid(&mut self) -> String {
        let a = self.random();
        let b = self.random();
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0x0fff,
            0x8000 | ((b >> 48) & 0x3fff),
            b & 0xffff_ffff_ffff
        )
    }

    fn name_suffix(&mut self) -> String {
        const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
        let mut n = self.random();
        let mut s = String::new();
        for _ in 0..5 {
            let i = (n % ALPHABET.len() as u64) as usize;
            s.push(char::from(ALPHABET.get(i).copied().unwrap_or(b'x')));
            n /= ALPHABET.len() as u64;
        }
        s
    }

    fn next_rv(&mut self) -> u64 {
        self.rv += 1;
        self.rv
    }

    /// Raises the compaction floor: older continue tokens and watch resourceVersions expire.
    pub fn compact(&mut self) {
        let rv = self.next_rv();
        self.floor = rv;
    }

    /// One object as stored.
    pub fn get(&self, rt: &ResourceType, ns: &str, name: &str) -> Option<&Value> {
        self.objects
            .get(&(rt.group.clone(), rt.plural.clone()))?
            .get(&obj_key(rt, ns, name))
    }

    /// Objects of a type in storage-key order, in one namespace or all.
    pub fn list(&self, rt: &ResourceType, ns: Option<&str>) -> Vec<(String, &Value)> {
        let Some(map) = self.objects.get(&(rt.group.clone(), rt.plural.clone())) else {
            return Vec::new();
        };
        map.iter()
            .filter(|(_, o)| match ns {
                Some(ns) if rt.namespaced => meta_str(o, "namespace") == ns,
                _ => true,
            })
            .map(|(k, o)| (k.clone(), o))
            .collect()
    }

    /// Whether any namespaced object lives in `ns`.
    fn namespace_has_objects(&self, ns: &str) -> bool {
        self.registry
            .types
            .iter()
            .filter(|t| t.namespaced)
            .any(|t| !self.list(t, Some(ns)).is_empty())
    }

    fn commit_put(&mut self, rt: &ResourceType, mut obj: Value, old: Option<Value>) -> Value {
        let rv = self.next_rv();
        set_meta(&mut obj, "resourceVersion", json!(rv.to_string()));
        let key = obj_key(rt, meta_str(&obj, "namespace"), meta_str(&obj, "name"));
        let res = (rt.group.clone(), rt.plural.clone());
        self.objects
            .entry(res.clone())
            .or_default()
            .insert(key, obj.clone());
        self.events.push(StoredEvent {
            rv,
            res,
            kind: if old.is_some() {
                EventType::Modified
            } else {
                EventType::Added
            },
            object: obj.clone(),
            old,
        });
        if rt.group == "apiextensions.k8s.io"
            && rt.plural == "customresourcedefinitions"
            && let Ok(t) = from_crd(&obj)
        {
            self.registry.register(t);
        }
        obj
    }

    fn commit_remove(&mut self, rt: &ResourceType, mut obj: Value) -> Value {
        let rv = self.next_rv();
        set_meta(&mut obj, "resourceVersion", json!(rv.to_string()));
        let ns = meta_str(&obj, "namespace").to_string();
        let key = obj_key(rt, &ns, meta_str(&obj, "name"));
        let res = (rt.group.clone(), rt.plural.clone());
        if let Some(map) = self.objects.get_mut(&res) {
            map.remove(&key);
        }
        self.events.push(StoredEvent {
            rv,
            res,
            kind: EventType::Deleted,
            object: obj.clone(),
            old: None,
        });
        if rt.group == "apiextensions.k8s.io" && rt.plural == "customresourcedefinitions" {
            self.drop_crd(&obj);
        }
        if rt.namespaced {
            self.finish_namespace(&ns);
        }
        obj
    }

    fn drop_crd(&mut self, crd: &Value) {
        let Ok(t) = from_crd(crd) else { return };
        let names: Vec<Value> = self
            .list(&t, None)
            .into_iter()
            .map(|(_, o)| o.clone())
            .collect();
        for o in names {
            self.commit_remove(&t, o);
        }
        self.registry.unregister(&t.group, &t.plural);
    }

    /// Removes a terminating namespace once nothing is left in it.
    fn finish_namespace(&mut self, ns: &str) {
        let Some(ns_type) = self.registry.find_plural("", "namespaces").cloned() else {
            return;
        };
        let Some(ns_obj) = self.get(&ns_type, "", ns).cloned() else {
            return;
        };
        if is_deleting(&ns_obj) && finalizers(&ns_obj).is_empty() && !self.namespace_has_objects(ns)
        {
            self.commit_remove(&ns_type, ns_obj);
        }
    }

    /// Loads a fixture object before the server starts: it keeps its own resourceVersion and
    /// makes no event; the counter moves past the highest one seen.
    pub fn load(&mut self, rt: &ResourceType, obj: Value) {
        let own_rv = resource_version(&obj);
        let mut obj = self.fill_metadata(rt, obj, None);
        let rv = if own_rv > 0 { own_rv } else { self.next_rv() };
        self.rv = self.rv.max(rv);
        set_meta(&mut obj, "resourceVersion", json!(rv.to_string()));
        let key = obj_key(rt, meta_str(&obj, "namespace"), meta_str(&obj, "name"));
        self.objects
            .entry((rt.group.clone(), rt.plural.clone()))
            .or_default()
            .insert(key, obj.clone());
        if rt.group == "apiextensions.k8s.io"
            && rt.plural == "customresourcedefinitions"
            && let Ok(t) = from_crd(&obj)
        {
            self.registry.register(t);
        }
    }

    /// Stores an object from the test: keeps the metadata it has, fills in the rest, and
    /// streams ADDED or MODIFIED.
    pub fn put(&mut self, rt: &ResourceType, obj: Value) -> Value {
        let ns = if rt.namespaced {
            let ns = meta_str(&obj, "namespace");
            if ns.is_empty() { "default" } else { ns }
        } else {
            ""
        };
        let old = self.get(rt, ns, meta_str(&obj, "name")).cloned();
        let obj = self.fill_metadata(rt, obj, old.as_ref());
        let stored = self.commit_put(rt, obj, old);
        if is_deleting(&stored) && finalizers(&stored).is_empty() {
            self.commit_remove(rt, stored.clone());
        }
        stored
    }

    fn fill_metadata(&mut self, rt: &ResourceType, mut obj: Value, old: Option<&Value>) -> Value {
        if rt.namespaced {
            let ns = meta_str(&obj, "namespace");
            let ns = if ns.is_empty() {
                "default".to_string()
            } else {
                ns.to_string()
            };
            set_meta(&mut obj, "namespace", json!(ns));
        } else {
            remove_meta(&mut obj, "namespace");
        }
        if meta_str(&obj, "uid").is_empty() {
            let uid = match old {
                Some(o) => meta_str(o, "uid").to_string(),
                None => self.new_uid(),
            };
            set_meta(&mut obj, "uid", json!(uid));
        }
        if meta_str(&obj, "creationTimestamp").is_empty() {
            let ts = match old {
                Some(o) if !meta_str(o, "creationTimestamp").is_empty() => {
                    meta_str(o, "creationTimestamp").to_string()
                }
                _ => self.now(),
            };
            set_meta(&mut obj, "creationTimestamp", json!(ts));
        }
        if rt.tracks_generation(&obj) && meta_mut(&mut obj).get("generation").is_none() {
            set_meta(&mut obj, "generation", json!(1));
        }
        if rt.plural == "customresourcedefinitions" && obj.get("status").is_none() {
            obj["status"] = crd_status(&obj);
        }
        obj
    }

    /// Removes an object at once, whatever its finalizers say.
    pub fn remove(&mut self, rt: &ResourceType, ns: &str, name: &str) -> Option<Value> {
        let obj = self.get(rt, ns, name)?.clone();
        Some(self.commit_remove(rt, obj))
    }

    /// POST: the apiserver's create. With a status subresource the apiserver drops `status`;
    /// `strip_status: false` is for callers that already did (before a create hook ran).
    pub fn create(
        &mut self,
        rt: &ResourceType,
        version: &str,
        ns: Option<&str>,
        mut obj: Value,
        dry_run: bool,
        strip_status: bool,
    ) -> Result<Value, FakeResponse> {
        let s = subject(rt);
        if !obj.is_object() {
            return Err(status::bad_request(
                "the body of the request must be a JSON object",
            ));
        }
        let mut name = meta_str(&obj, "name").to_string();
        if name.is_empty() {
            let prefix = meta_str(&obj, "generateName").to_string();
            if prefix.is_empty() {
                return Err(status::invalid(
                    &s,
                    "",
                    &[(
                        "metadata.name",
                        "FieldValueRequired",
                        "Required value: name or generateName is required",
                    )],
                ));
            }
            name = format!("{prefix}{}", self.name_suffix());
            set_meta(&mut obj, "name", json!(name));
        }
        let ns = if rt.namespaced {
            let body_ns = meta_str(&obj, "namespace").to_string();
            let path_ns = ns.unwrap_or("");
            if !body_ns.is_empty() && !path_ns.is_empty() && body_ns != path_ns {
                return Err(status::bad_request(
                    "the namespace of the provided object does not match the namespace sent on the request",
                ));
            }
            let ns = if path_ns.is_empty() {
                body_ns
            } else {
                path_ns.to_string()
            };
            set_meta(&mut obj, "namespace", json!(ns));
            ns
        } else {
            remove_meta(&mut obj, "namespace");
            String::new()
        };
        if self.get(rt, &ns, &name).is_some() {
            return Err(status::already_exists(&s, &name));
        }
        obj["apiVersion"] = json!(rt.api_version(version));
        obj["kind"] = json!(rt.kind);
        for k in [
            "resourceVersion",
            "deletionTimestamp",
            "deletionGracePeriodSeconds",
            "generation",
        ] {
            remove_meta(&mut obj, k);
        }
        let uid = self.new_uid();
        set_meta(&mut obj, "uid", json!(uid));
        set_meta(&mut obj, "creationTimestamp", json!(self.now()));
        if rt.tracks_generation(&obj) {
            set_meta(&mut obj, "generation", json!(1));
        }
        if strip_status
            && rt.has_subresource("status")
            && let Value::Object(m) = &mut obj
        {
            m.remove("status");
        }
        if rt.group.is_empty() && rt.plural == "namespaces" {
            obj["status"] = json!({"phase": "Active"});
            obj["spec"] = json!({"finalizers": ["kubernetes"]});
        }
        if rt.plural == "customresourcedefinitions" {
            if let Err(e) = from_crd(&obj) {
                return Err(status::invalid(
                    &s,
                    &name,
                    &[("spec", "FieldValueInvalid", &e)],
                ));
            }
            obj["status"] = crd_status(&obj);
        }
        if dry_run {
            set_meta(&mut obj, "resourceVersion", json!(""));
            return Ok(obj);
        }
        Ok(self.commit_put(rt, obj, None))
    }

    /// PUT (or the end of a PATCH): replaces an object, keeping what clients may not change.
    #[allow(clippy::too_many_arguments)]
    pub fn update(
        &mut self,
        rt: &ResourceType,
        version: &str,
        ns: &str,
        name: &str,
        mut obj: Value,
        subresource: Option<&str>,
        dry_run: bool,
    ) -> Result<Value, FakeResponse> {
        let s = subject(rt);
        let existing = self
            .get(rt, ns, name)
            .cloned()
            .ok_or_else(|| status::not_found(&s, name))?;
        let body_name = meta_str(&obj, "name");
        if !body_name.is_empty() && body_name != name {
            return Err(status::bad_request(&format!(
                "the name of the object ({body_name}) does not match the name on the URL ({name})"
            )));
        }
        let body_rv = meta_str(&obj, "resourceVersion");
        if !body_rv.is_empty() && body_rv != meta_str(&existing, "resourceVersion") {
            return Err(status::conflict(&s, name));
        }
        if !obj.is_object() {
            return Err(status::bad_request(
                "the body of the request must be a JSON object",
            ));
        }
        let has_status = rt.has_subresource("status");
        let mut new = match subresource {
            Some("status") => {
                let mut n = existing.clone();
                match obj.get("status") {
                    Some(st) => n["status"] = st.clone(),
                    None => {
                        if let Value::Object(m) = &mut n {
                            m.remove("status");
                        }
                    }
                }
                n
            }
            _ => {
                if has_status && let Value::Object(m) = &mut obj {
                    match existing.get("status") {
                        Some(st) => {
                            m.insert("status".into(), st.clone());
                        }
                        None => {
                            m.remove("status");
                        }
                    }
                }
                obj
            }
        };
        new["apiVersion"] = json!(rt.api_version(version));
        new["kind"] = json!(rt.kind);
        for key in [
            "name",
            "namespace",
            "uid",
            "creationTimestamp",
            "deletionTimestamp",
            "deletionGracePeriodSeconds",
            "generation",
        ] {
            match existing.get("metadata").and_then(|m| m.get(key)) {
                Some(v) => set_meta(&mut new, key, v.clone()),
                None => remove_meta(&mut new, key),
            }
        }
        if rt.tracks_generation(&new) && spec_part(&new) != spec_part(&existing) {
            let g = existing
                .get("metadata")
                .and_then(|m| m.get("generation"))
                .and_then(Value::as_i64)
                .unwrap_or(0);
            set_meta(&mut new, "generation", json!(g + 1));
        }
        set_meta(
            &mut new,
            "resourceVersion",
            json!(meta_str(&existing, "resourceVersion")),
        );
        if new == existing {
            return Ok(existing);
        }
        if dry_run {
            return Ok(new);
        }
        let stored = self.commit_put(rt, new, Some(existing));
        if is_deleting(&stored) && finalizers(&stored).is_empty() {
            self.commit_remove(rt, stored.clone());
        }
        Ok(stored)
    }

    /// DELETE: removes the object, or marks it for deletion while finalizers remain.
    pub fn delete(
        &mut self,
        rt: &ResourceType,
        ns: &str,
        name: &str,
        precondition_uid: Option<&str>,
        precondition_rv: Option<&str>,
        dry_run: bool,
    ) -> Result<Deleted, FakeResponse> {
        let s = subject(rt);
        let existing = self
            .get(rt, ns, name)
            .cloned()
            .ok_or_else(|| status::not_found(&s, name))?;
        if precondition_uid.is_some_and(|u| !u.is_empty() && u != meta_str(&existing, "uid"))
            || precondition_rv
                .is_some_and(|r| !r.is_empty() && r != meta_str(&existing, "resourceVersion"))
        {
            return Err(status::conflict(&s, name));
        }
        let is_namespace = rt.group.is_empty() && rt.plural == "namespaces";
        if finalizers(&existing).is_empty() && !is_namespace {
            if dry_run {
                return Ok(Deleted::Gone(existing));
            }
            return Ok(Deleted::Gone(self.commit_remove(rt, existing)));
        }
        if is_deleting(&existing) {
            return Ok(Deleted::Pending(existing));
        }
        let mut marked = existing.clone();
        set_meta(&mut marked, "deletionTimestamp", json!(self.now()));
        set_meta(&mut marked, "deletionGracePeriodSeconds", json!(0));
        if let Some(g) = marked
            .get("metadata")
            .and_then(|m| m.get("generation"))
            .and_then(Value::as_i64)
        {
            set_meta(&mut marked, "generation", json!(g + 1));
        }
        if is_namespace {
            marked["status"] = json!({"phase": "Terminating"});
        }
        if dry_run {
            return Ok(Deleted::Pending(marked));
        }
        let stored = self.commit_put(rt, marked, Some(existing));
        if is_namespace {
            self.empty_namespace(name);
            return Ok(match self.get(rt, "", name) {
                Some(o) => Deleted::Pending(o.clone()),
                None => Deleted::Gone(stored),
            });
        }
        Ok(Deleted::Pending(stored))
    }

    /// Deletes everything in a terminating namespace (the namespace controller's job).
    fn empty_namespace(&mut self, ns: &str) {
        let types: Vec<ResourceType> = self
            .registry
            .types
            .iter()
            .filter(|t| t.namespaced)
            .cloned()
            .collect();
        for t in &types {
            let names: Vec<String> = self
                .list(t, Some(ns))
                .into_iter()
                .map(|(_, o)| meta_str(o, "name").to_string())
                .collect();
            for n in names {
                let _ = self.delete(t, ns, &n, None, None, false);
            }
        }
        self.finish_namespace(ns);
    }

    /// The matching objects of a list or deletecollection, in storage-key order.
    pub fn select(
        &self,
        rt: &ResourceType,
        ns: Option<&str>,
        sel: &Selectors,
    ) -> Vec<(String, Value)> {
        self.list(rt, ns)
            .into_iter()
            .filter(|(_, o)| sel.matches(o))
            .map(|(k, o)| (k, o.clone()))
            .collect()
    }
}

/// The status an established CRD reports.
fn crd_status(crd: &Value) -> Value {
    let names = crd
        .get("spec")
        .and_then(|s| s.get("names"))
        .cloned()
        .unwrap_or(json!({}));
    let stored: Vec<Value> = crd
        .get("spec")
        .and_then(|s| s.get("versions"))
        .and_then(Value::as_array)
        .map(|vs| {
            vs.iter()
                .filter(|v| v.get("storage").and_then(Value::as_bool) == Some(true))
                .filter_map(|v| v.get("name").cloned())
                .collect()
        })
        .unwrap_or_default();
    json!({
        "acceptedNames": names,
        "conditions": [
            {"type": "NamesAccepted", "status": "True", "reason": "NoConflicts",
             "message": "no conflicts found", "lastTransitionTime": "2026-01-01T00:00:00Z"},
            {"type": "Established", "status": "True", "reason": "InitialNamesAccepted",
             "message": "the initial names have been accepted", "lastTransitionTime": "2026-01-01T00:00:00Z"}
        ],
        "storedVersions": stored
    })
}
