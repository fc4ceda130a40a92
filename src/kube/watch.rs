//! Following objects live: one watch per kind, a merged in-memory view, and a callback whenever
//! that view changes (debounced, so a burst of events causes one re-render).

use std::collections::BTreeMap;
use std::time::Duration;

use futures::{StreamExt, stream::select_all};
use kube::api::{Api, DynamicObject};
use kube::runtime::{WatchStreamExt, watcher};
use serde_json::Value;

use super::discovery::KindSpec;
use super::{Kube, Note, Scope};
use crate::error::Result;

/// Events closer together than this are rendered once.
const DEBOUNCE: Duration = Duration::from_millis(250);

type Key = (usize, String, String);

/// The merged view of every watched kind.
#[derive(Default)]
struct View {
    objects: BTreeMap<Key, Value>,
    buffers: BTreeMap<usize, BTreeMap<Key, Value>>,
    initialised: Vec<bool>,
}

impl View {
    fn apply(
        &mut self,
        kind: usize,
        event: watcher::Event<DynamicObject>,
        api_version: &str,
        kind_name: &str,
    ) -> bool {
        let key = |o: &DynamicObject| {
            (
                kind,
                o.metadata.namespace.clone().unwrap_or_default(),
                o.metadata.name.clone().unwrap_or_default(),
            )
        };
        let value = |mut o: DynamicObject| {
            if o.types.is_none() {
                o.types = Some(kube::core::TypeMeta {
                    api_version: api_version.to_string(),
                    kind: kind_name.to_string(),
                });
            }
            serde_json::to_value(o).unwrap_or(Value::Null)
        };
        match event {
            watcher::Event::Init => {
                self.buffers.insert(kind, BTreeMap::new());
                false
            }
            watcher::Event::InitApply(o) => {
                let k = key(&o);
                self.buffers.entry(kind).or_default().insert(k, value(o));
                false
            }
            watcher::Event::InitDone => {
                let fresh = self.buffers.remove(&kind).unwrap_or_default();
                self.objects.retain(|(k, _, _), _| *k != kind);
                self.objects.extend(fresh);
                if let Some(flag) = self.initialised.get_mut(kind) {
                    *flag = true;
                }
                true
            }
            watcher::Event::Apply(o) => {
                let k = key(&o);
                self.objects.insert(k, value(o));
                true
            }
            watcher::Event::Delete(o) => {
                self.objects.remove(&key(&o));
                true
            }
        }
    }

    fn ready(&self) -> bool {
        self.initialised.iter().all(|&b| b)
    }

    fn snapshot(&self) -> Vec<Value> {
        self.objects.values().cloned().collect()
    }
}

impl Kube {
    /// Watches `kinds` in `scope` and calls `render` with all objects and the discovery notes
    /// after the first complete listing and after every change, until Ctrl-C.
    pub async fn watch(
        &self,
        kinds: &[KindSpec],
        scope: &Scope,
        mut render: impl FnMut(&[Value], &[Note]) -> Result<()>,
    ) -> Result<()> {
        let discovered = self.discover(kinds).await?;
        let notes = discovered.notes.clone();
        let mut streams = Vec::new();
        for (index, served) in discovered.served.iter().enumerate() {
            let api: Api<DynamicObject> = match (served.namespaced, scope) {
                (true, Scope::Namespace(ns)) => {
                    Api::namespaced_with(self.client.clone(), ns, &served.resource)
                }
                _ => Api::all_with(self.client.clone(), &served.resource),
            };
            let stream = watcher(api, watcher::Config::default())
                .default_backoff()
                .map(move |event| (index, event))
                .boxed();
            streams.push(stream);
        }
        let mut view = View {
            initialised: vec![false; discovered.served.len()],
            ..Default::default()
        };
        if streams.is_empty() {
            render(&[], &notes)?;
        }
        let mut merged = select_all(streams);
        let mut dirty = false;
        let ctrl_c = tokio::signal::ctrl_c();
        tokio::pin!(ctrl_c);
        loop {
            let wait = async {
                if dirty {
                    tokio::time::sleep(DEBOUNCE).await;
                } else {
                    std::future::pending::<()>().await;
                }
            };
            tokio::select! {
                _ = &mut ctrl_c => return Ok(()),
                () = wait => {
                    dirty = false;
                    render(&view.snapshot(), &notes)?;
                }
                next = merged.next() => match next {
                    None => return Ok(()),
                    Some((index, Ok(event))) => {
                        let served = &discovered.served[index];
                        if view.apply(index, event, &served.resource.api_version, &served.resource.kind) && view.ready() {
                            dirty = true;
                        }
                    }
                    Some((index, Err(e))) => {
                        tracing::warn!("watching {} failed, retrying: {e}", discovered.served[index].spec.kind);
                    }
                }
            }
        }
    }
}
