//! `?watch=true`: newline-delimited `WatchEvent`s, replayed from the event log and then live.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::crud::Req;
use super::object::meta_str;
use super::selectors::Selectors;
use super::server::Shared;
use super::status::{self, FakeResponse};
use super::store::{EventType, StoredEvent};

/// What a watch stream filters on and how it writes objects.
#[derive(Clone)]
struct Filter {
    group: String,
    plural: String,
    api_version: String,
    kind: String,
    namespace: Option<String>,
    name: Option<String>,
    sel: Selectors,
}

impl Filter {
    fn matches(&self, obj: &Value) -> bool {
        self.namespace
            .as_deref()
            .is_none_or(|ns| meta_str(obj, "namespace") == ns)
            && self
                .name
                .as_deref()
                .is_none_or(|n| meta_str(obj, "name") == n)
            && self.sel.matches(obj)
    }

    fn line(&self, kind: &str, obj: &Value) -> Bytes {
        let mut o = obj.clone();
        if o.is_object() {
            o["apiVersion"] = json!(self.api_version);
        }
        Bytes::from(format!("{{\"type\":\"{kind}\",\"object\":{o}}}\n"))
    }

    fn bookmark(&self, rv: u64, initial_end: bool) -> Bytes {
        let mut meta = json!({ "resourceVersion": rv.to_string() });
        if initial_end {
            meta["annotations"] = json!({ "k8s.io/initial-events-end": "true" });
        }
        let obj = json!({ "apiVersion": self.api_version, "kind": self.kind, "metadata": meta });
        Bytes::from(format!("{{\"type\":\"BOOKMARK\",\"object\":{obj}}}\n"))
    }

    /// The line a stored event becomes for this watch: objects entering or leaving the
    /// selection are ADDED or DELETED, like the apiserver's watch cache does.
    fn event_line(&self, e: &StoredEvent) -> Option<Bytes> {
        if e.res.0 != self.group || e.res.1 != self.plural {
            return None;
        }
        let now = self.matches(&e.object);
        let before = e.old.as_ref().is_some_and(|o| self.matches(o));
        let kind = match (e.kind, before, now) {
            (EventType::Modified, true, true) => "MODIFIED",
            (EventType::Modified, false, true) => "ADDED",
            (EventType::Modified, true, false) => "DELETED",
            (EventType::Modified, false, false) => return None,
            (k, _, true) => k.as_str(),
            (_, _, false) => return None,
        };
        Some(self.line(kind, &e.object))
    }
}

/// Starts a watch response.
pub(crate) fn serve(req: &Req) -> Response {
    let sel = match Selectors::parse(
        req.query.get("labelSelector"),
        req.query.get("fieldSelector"),
    ) {
        Ok(s) => s,
        Err(e) => return status::bad_request(&e).into_response(),
    };
    let filter = Filter {
        group: req.rt.group.clone(),
        plural: req.rt.plural.clone(),
        api_version: req.rt.api_version(&req.rp.version),
        kind: req.rt.kind.clone(),
        namespace: req.rp.namespace.clone(),
        name: req
            .rp
            .name
            .clone()
            .or_else(|| sel.name_equals().map(str::to_string)),
        sel,
    };
    let bookmarks = req.query.flag("allowWatchBookmarks");
    let initial_events = req.query.flag("sendInitialEvents");
    let timeout = req
        .query
        .get("timeoutSeconds")
        .and_then(|t| t.parse::<u64>().ok())
        .map(Duration::from_secs)
        .unwrap_or(Duration::from_secs(1800));
    let requested_rv = req.query.get("resourceVersion").unwrap_or("").to_string();
    let shared = Arc::clone(req.shared);
    // Subscribe before reading the state so no change slips between the two.
    let mut changes = shared.changes.subscribe();
    let mut first: Vec<Bytes> = Vec::new();
    let start_rv = shared.read(|st| {
        if initial_events || requested_rv.is_empty() || requested_rv == "0" {
            for (_, o) in st.list(req.rt, filter.namespace.as_deref()) {
                if filter.matches(o) {
                    first.push(filter.line("ADDED", o));
                }
            }
            if initial_events && bookmarks {
                first.push(filter.bookmark(st.rv, true));
            }
            return Ok(st.rv);
        }
        let Ok(rv) = requested_rv.parse::<u64>() else {
            return Err(status::bad_request(&format!(
                "resourceVersion: Invalid value: {requested_rv:?}: must be a number"
            )));
        };
        if rv < st.floor {
            first.push(Bytes::from(format!(
                "{{\"type\":\"ERROR\",\"object\":{}}}\n",
                status::too_old_resource_version(&requested_rv, st.floor)
            )));
            return Err(FakeResponse::hang());
        }
        let from = st.events.partition_point(|e| e.rv <= rv);
        for e in st.events.iter().skip(from) {
            if let Some(line) = filter.event_line(e) {
                first.push(line);
            }
        }
        Ok(st.rv)
    });
    changes.borrow_and_update();
    let (tx, rx) = tokio::sync::mpsc::channel::<Bytes>(64);
    match start_rv {
        Err(resp) if !resp.hang => return resp.into_response(),
        Err(_) => {
            // Too old: one ERROR event and the stream ends.
            shared.runtime.spawn(async move {
                for line in first {
                    let _ = tx.send(line).await;
                }
            });
        }
        Ok(rv) => {
            let interval = shared.config.bookmark_interval;
            let task_shared = Arc::clone(&shared);
            shared.runtime.spawn(async move {
                stream_events(
                    task_shared,
                    filter,
                    first,
                    rv,
                    changes,
                    tx,
                    bookmarks,
                    timeout,
                    interval,
                )
                .await;
            });
        }
    }
    let stream = futures::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|b| (Ok::<Bytes, Infallible>(b), rx))
    });
    let mut resp = Response::new(Body::from_stream(stream));
    *resp.status_mut() = StatusCode::OK;
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    resp
}

#[allow(clippy::too_many_arguments)]
async fn stream_events(
    shared: Arc<Shared>,
    filter: Filter,
    first: Vec<Bytes>,
    mut last_rv: u64,
    mut changes: tokio::sync::watch::Receiver<u64>,
    tx: tokio::sync::mpsc::Sender<Bytes>,
    bookmarks: bool,
    timeout: Duration,
    interval: Option<Duration>,
) {
    for line in first {
        if tx.send(line).await.is_err() {
            return;
        }
    }
    let deadline = tokio::time::Instant::now() + timeout;
    let tick = interval.unwrap_or(Duration::from_secs(3600));
    let mut ticker = tokio::time::interval_at(tokio::time::Instant::now() + tick, tick);
    loop {
        tokio::select! {
            changed = changes.changed() => {
                if changed.is_err() {
                    return;
                }
                let lines = shared.read(|st| {
                    let from = st.events.partition_point(|e| e.rv <= last_rv);
                    let lines: Vec<Bytes> = st.events.iter().skip(from).filter_map(|e| filter.event_line(e)).collect();
                    last_rv = st.rv;
                    lines
                });
                changes.borrow_and_update();
                for line in lines {
                    if tx.send(line).await.is_err() {
                        return;
                    }
                }
            }
            _ = ticker.tick(), if bookmarks && interval.is_some() => {
                if tx.send(filter.bookmark(last_rv, false)).await.is_err() {
                    return;
                }
            }
            _ = tokio::time::sleep_until(deadline) => {
                if bookmarks {
                    let _ = tx.send(filter.bookmark(last_rv, false)).await;
                }
                return;
            }
            _ = tx.closed() => return,
        }
    }
}
