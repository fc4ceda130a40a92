//! "Give me every object of these kinds": the one question read-only analyses ask, answered by a
//! live cluster or by dump files in the same shape.

use futures::future::join_all;
use kube::api::{Api, DynamicObject, ListParams};
use serde_json::Value;

use super::discovery::{KindSpec, Served};
use super::errors::{Attempt, api_error, is_forbidden, is_not_served};
use super::options::{ClientOptions, Input, ScopeFlags};
use super::readable::{describe, unreadable};
use super::{Kube, Note, dump};
use crate::error::{Error, Result};
use crate::k8s::api_group;

/// Page size for lists: large enough for few round trips, small enough for bounded memory per page.
const PAGE_SIZE: u32 = 500;

/// Which namespaces to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    All,
    Namespace(String),
}

impl Scope {
    /// `-A` → all; `-n NS` → NS; otherwise `default` (a live context's namespace, or all for dumps
    /// when `default` is None).
    pub fn from_flags(flags: &ScopeFlags, default: Option<&str>) -> Scope {
        match (flags, default) {
            (ScopeFlags::All, _) | (ScopeFlags::Default, None) => Scope::All,
            (ScopeFlags::Namespace(ns), _) => Scope::Namespace(ns.clone()),
            (ScopeFlags::Default, Some(ns)) => Scope::Namespace(ns.to_string()),
        }
    }

    fn namespace(&self) -> Option<&str> {
        match self {
            Scope::All => None,
            Scope::Namespace(ns) => Some(ns),
        }
    }
}

/// Objects read, and notes on the kinds that could not be.
#[derive(Debug, Default)]
pub struct Fetched {
    pub objects: Vec<Value>,
    pub notes: Vec<Note>,
    /// How many of the requested kinds could be read.
    pub kinds_read: usize,
    /// The requested kinds that could not be read (not served, forbidden); each has a note.
    pub unread: Vec<KindSpec>,
    /// Objects of a requested kind in a dump that do not read as Kubernetes objects (a name that
    /// is a list, labels that are not a map), naming file and position. They are left out, and
    /// each has a note saying so.
    pub unreadable: Vec<String>,
}

/// Where objects come from.
pub enum Source {
    Live(Kube),
    Dump(Vec<dump::Located>),
}

impl Source {
    /// A dump when `-f` was given, otherwise a live connection.
    pub async fn open(options: &ClientOptions, input: &Input) -> Result<Source> {
        match input {
            Input::Live => Ok(Source::Live(Kube::connect(options).await?)),
            Input::Files(files) => Ok(Source::Dump(dump::read_located(files)?)),
        }
    }

    /// The namespace scope for this source and the global flags. A dump has no context namespace,
    /// so without `-n` it is read whole.
    pub fn scope(&self, flags: &ScopeFlags) -> Scope {
        match self {
            Source::Live(kube) => kube.scope(flags),
            Source::Dump(_) => Scope::from_flags(flags, None),
        }
    }

    /// Reads every object of `kinds` in `scope`. A kind that is not served or not readable
    /// becomes a note; when nothing at all can be read the notes become the error.
    pub async fn fetch(&self, kinds: &[KindSpec], scope: &Scope) -> Result<Fetched> {
        let fetched = match self {
            Source::Dump(objects) => Ok(fetch_from_dump(objects, kinds, scope)),
            Source::Live(kube) => kube.fetch(kinds, scope).await,
        }?;
        if fetched.kinds_read == 0 && !kinds.is_empty() {
            let mut err =
                Error::could_not_run("none of the kinds this command reads could be read");
            for note in &fetched.notes {
                err = err.hint(note.message.clone());
            }
            if fetched
                .notes
                .iter()
                .any(|n| n.message.contains("forbidden"))
            {
                err = err.hint("ask a cluster admin for RBAC permission; `kubectl auth can-i --list` shows what you may do");
            }
            return Err(err);
        }
        Ok(fetched)
    }
}

fn fetch_from_dump(objects: &[dump::Located], kinds: &[KindSpec], scope: &Scope) -> Fetched {
    let wanted = |o: &Value| {
        let api_version = o
            .get("apiVersion")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let kind = o.get("kind").and_then(Value::as_str).unwrap_or_default();
        kinds
            .iter()
            .any(|k| k.kind == kind && k.group == api_group(api_version))
    };
    let in_scope = |o: &Value| match (scope.namespace(), o.pointer("/metadata/namespace")) {
        (None, _) | (_, None) => true,
        (Some(ns), Some(v)) => v.as_str() == Some(ns),
    };
    let mut fetched = Fetched {
        // A dump cannot tell "not installed" from "none exist", so every kind counts as read.
        kinds_read: kinds.len(),
        ..Fetched::default()
    };
    for located in objects.iter().filter(|l| wanted(&l.object)) {
        match unreadable(&located.object) {
            Some(why) => {
                let what = format!(
                    "{}: {} cannot be read: {why}",
                    located.origin,
                    describe(&located.object)
                );
                fetched
                    .notes
                    .push(Note::new(format!("{what}; it is left out")));
                fetched.unreadable.push(what);
            }
            None if in_scope(&located.object) => fetched.objects.push(located.object.clone()),
            None => {}
        }
    }
    fetched
}

impl Kube {
    /// One paginated list per served kind, run concurrently.
    pub async fn fetch(&self, kinds: &[KindSpec], scope: &Scope) -> Result<Fetched> {
        let discovered = self.discover(kinds).await?;
        let mut fetched = Fetched {
            notes: discovered.notes,
            unread: kinds
                .iter()
                .filter(|k| !discovered.served.iter().any(|s| s.spec == **k))
                .copied()
                .collect(),
            ..Default::default()
        };
        let lists = join_all(
            discovered
                .served
                .iter()
                .map(|served| self.list_served(served, scope)),
        )
        .await;
        for (served, result) in discovered.served.iter().zip(lists) {
            match result {
                Ok(objects) => {
                    fetched.kinds_read += 1;
                    fetched.objects.extend(objects);
                }
                Err(ListFailure::Note(note)) => {
                    fetched.unread.push(served.spec);
                    fetched.notes.push(note);
                }
                Err(ListFailure::Fatal(e)) => {
                    return Err(e.context(format!("listing {}", served.spec.kind)));
                }
            }
        }
        Ok(fetched)
    }

    async fn list_served(
        &self,
        served: &Served,
        scope: &Scope,
    ) -> std::result::Result<Vec<Value>, ListFailure> {
        let namespace = if served.namespaced {
            scope.namespace()
        } else {
            None
        };
        let api: Api<DynamicObject> = match namespace {
            Some(ns) => Api::namespaced_with(self.client.clone(), ns, &served.resource),
            None => Api::all_with(self.client.clone(), &served.resource),
        };
        let mut objects = Vec::new();
        let mut params = ListParams::default().limit(PAGE_SIZE);
        loop {
            let page = match api.list(&params).await {
                Ok(page) => page,
                Err(e) => {
                    let resource = if served.spec.group.is_empty() {
                        served.resource.plural.clone()
                    } else {
                        format!("{}.{}", served.resource.plural, served.spec.group)
                    };
                    let attempt = Attempt {
                        verb: "list",
                        resource,
                        namespace,
                    };
                    return Err(if is_forbidden(&e) || is_not_served(&e) {
                        let err = api_error(e, &self.target, Some(&attempt));
                        ListFailure::Note(Note::new(format!(
                            "{} not read: {}",
                            served.spec.kind, err.message
                        )))
                    } else {
                        ListFailure::Fatal(api_error(e, &self.target, Some(&attempt)))
                    });
                }
            };
            let next = page.metadata.continue_.clone().filter(|c| !c.is_empty());
            for item in page.items {
                objects.push(to_value(item, served));
            }
            match next {
                Some(token) => params = params.continue_token(&token),
                None => break,
            }
        }
        Ok(objects)
    }
}

enum ListFailure {
    Note(Note),
    Fatal(Error),
}

/// List items of built-in kinds come without apiVersion/kind; analyses key on them, so restore them.
fn to_value(mut object: DynamicObject, served: &Served) -> Value {
    if object.types.is_none() {
        object.types = Some(kube::core::TypeMeta {
            api_version: served.resource.api_version.clone(),
            kind: served.resource.kind.clone(),
        });
    }
    serde_json::to_value(object).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn dump_filter_by_group_kind_and_namespace() {
        let objects = vec![
            json!({"apiVersion": "cluster.x-k8s.io/v1beta1", "kind": "Cluster", "metadata": {"name": "a", "namespace": "x"}}),
            json!({"apiVersion": "cluster.x-k8s.io/v1beta2", "kind": "Cluster", "metadata": {"name": "b", "namespace": "y"}}),
            json!({"apiVersion": "other.io/v1", "kind": "Cluster", "metadata": {"name": "c", "namespace": "x"}}),
            json!({"apiVersion": "runtime.cluster.x-k8s.io/v1alpha1", "kind": "ExtensionConfig", "metadata": {"name": "e"}}),
        ];
        let objects = located(objects);
        let kinds = [
            KindSpec::new("cluster.x-k8s.io", "v1beta1", "Cluster"),
            KindSpec::new("runtime.cluster.x-k8s.io", "v1alpha1", "ExtensionConfig"),
        ];
        let all = fetch_from_dump(&objects, &kinds, &Scope::All);
        assert_eq!(all.objects.len(), 3);
        let x = fetch_from_dump(&objects, &kinds, &Scope::Namespace("x".into()));
        let names: Vec<_> = x
            .objects
            .iter()
            .map(|o| o["metadata"]["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["a", "e"]);
    }

    fn located(objects: Vec<Value>) -> Vec<dump::Located> {
        objects
            .into_iter()
            .enumerate()
            .map(|(i, object)| dump::Located {
                object,
                origin: dump::Origin {
                    file: "dump.yaml".into(),
                    document: 1,
                    items: vec![i + 1],
                },
            })
            .collect()
    }

    #[test]
    fn unreadable_objects_are_left_out_with_a_note_naming_file_and_position() {
        let objects = located(vec![
            json!({"apiVersion": "cluster.x-k8s.io/v1beta1", "kind": "Cluster", "metadata": {"name": "good", "namespace": "x"}}),
            json!({"apiVersion": "cluster.x-k8s.io/v1beta1", "kind": "Cluster", "metadata": {"name": ["a", "b"], "namespace": "x"}}),
            json!({"apiVersion": "cluster.x-k8s.io/v1beta1", "kind": "Cluster", "metadata": {"name": "n", "namespace": 3}}),
            json!({"apiVersion": "cluster.x-k8s.io/v1beta1", "kind": "Cluster", "metadata": {"name": "l", "labels": ["x"]}}),
            json!({"apiVersion": "cluster.x-k8s.io/v1beta1", "kind": "Cluster", "spec": {}}),
            // Kinds not asked for are not judged.
            json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": ["p"]}}),
        ]);
        let kinds = [KindSpec::new("cluster.x-k8s.io", "v1beta1", "Cluster")];
        let fetched = fetch_from_dump(&objects, &kinds, &Scope::Namespace("x".into()));
        assert_eq!(fetched.objects.len(), 1);
        let notes: Vec<&str> = fetched.unreadable.iter().map(String::as_str).collect();
        assert_eq!(
            notes[..3],
            [
                "dump.yaml, document 1, item 2: Cluster x/[\"a\",\"b\"] cannot be read: metadata.name is a list, not a string",
                "dump.yaml, document 1, item 3: Cluster 3/n cannot be read: metadata.namespace is a number, not a string (YAML reads unquoted true, yes, on or numbers so; quote such names)",
                "dump.yaml, document 1, item 4: Cluster l cannot be read: metadata: invalid type: sequence, expected a map",
            ]
        );
        assert!(
            notes[3].ends_with("item 5: Cluster cannot be read: it has no metadata"),
            "{}",
            notes[3]
        );
        assert_eq!(notes.len(), 4);
        assert_eq!(
            fetched.notes[0].message,
            format!("{}; it is left out", notes[0])
        );
    }
}
