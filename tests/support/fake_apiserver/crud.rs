//! get, list (selectors, limit/continue), create, update, patch, delete and deletecollection.

use std::sync::Arc;

use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::access;
use super::exec;
use super::loader::parse_objects;
use super::object::meta_str;
use super::patch::{PatchKind, json_patch, merge_patch};
use super::paths::{Query, ResourcePath, b64url_decode, b64url_encode};
use super::recorder::RecordedRequest;
use super::resources::ResourceType;
use super::selectors::Selectors;
use super::server::Shared;
use super::status::{self, FakeResponse, Subject};
use super::store::Deleted;
use super::watch;

/// Everything a resource handler needs to know about the request.
pub(crate) struct Req<'a> {
    pub shared: &'a Arc<Shared>,
    pub rt: &'a ResourceType,
    pub rp: &'a ResourcePath,
    pub query: &'a Query,
    pub rec: &'a RecordedRequest,
    pub verb: &'a str,
    pub user: &'a str,
}

impl Req<'_> {
    fn ns(&self) -> &str {
        self.rp.namespace.as_deref().unwrap_or("")
    }

    fn name(&self) -> &str {
        self.rp.name.as_deref().unwrap_or("")
    }

    fn subject(&self) -> Subject<'_> {
        Subject {
            group: &self.rt.group,
            plural: &self.rt.plural,
            kind: &self.rt.kind,
        }
    }

    fn dry_run(&self) -> bool {
        self.query.all("dryRun").iter().any(|v| v == "All")
            || self
                .body_json()
                .ok()
                .and_then(|b| b.get("dryRun").cloned())
                .is_some_and(|d| d.as_array().is_some_and(|a| a.iter().any(|x| x == "All")))
    }

    fn body_json(&self) -> Result<Value, FakeResponse> {
        if self.rec.body.is_empty() {
            return Ok(Value::Null);
        }
        let text = String::from_utf8_lossy(&self.rec.body);
        if let Ok(v) = serde_json::from_str::<Value>(&text) {
            return Ok(v);
        }
        match parse_objects(&text, "request body") {
            Ok(mut docs) if docs.len() == 1 => Ok(docs.remove(0)),
            _ => Err(status::bad_request(
                "the body of the request could not be decoded as JSON or YAML",
            )),
        }
    }

    /// The object at the requested version (only `apiVersion` changes: conversion `None`).
    fn serve(&self, mut obj: Value) -> Value {
        if obj.is_object() {
            obj["apiVersion"] = json!(self.rt.api_version(&self.rp.version));
        }
        if self.wants_metadata_only() {
            return json!({
                "kind": "PartialObjectMetadata",
                "apiVersion": "meta.k8s.io/v1",
                "metadata": obj.get("metadata").cloned().unwrap_or(json!({})),
            });
        }
        obj
    }

    fn wants_metadata_only(&self) -> bool {
        self.rec.accept.as_deref().is_some_and(|a| {
            a.split(',')
                .next()
                .is_some_and(|first| first.contains("as=PartialObjectMetadata"))
        })
    }
}

/// Dispatches a resource request by method and subresource.
pub(crate) async fn dispatch(req: Req<'_>) -> Response {
    if !req.rt.allows(req.verb) && req.rp.subresource.is_none() {
        return status::method_not_allowed().into_response();
    }
    let method = req.rec.method.as_str();
    let resp = match (method, req.rp.name.is_some(), req.rp.subresource.as_deref()) {
        ("GET", _, None) if req.query.flag("watch") => return watch::serve(&req),
        ("GET", true, None | Some("status")) => get(&req),
        ("GET", true, Some("log")) => exec::logs(&req.shared.clone(), req.rt, req.rp, req.query),
        ("GET", false, None) => list(&req),
        ("POST", false, None) => create(&req),
        ("PUT", true, sub @ (None | Some("status"))) => update(&req, sub),
        ("PATCH", true, sub @ (None | Some("status"))) => patch(&req, sub),
        ("DELETE", true, None) => delete(&req),
        ("DELETE", false, None) => delete_collection(&req),
        _ => status::method_not_allowed(),
    };
    resp.into_response()
}

fn get(req: &Req) -> FakeResponse {
    let found = req
        .shared
        .read(|st| st.get(req.rt, req.ns(), req.name()).cloned());
    match found {
        Some(o) => FakeResponse::json(200, &req.serve(o)),
        None => status::not_found(&req.subject(), req.name()),
    }
}

/// A decoded continue token.
struct ContinueToken {
    rv: i64,
    start: String,
}

fn encode_token(rv: i64, start: &str) -> String {
    let text = format!(
        "{{\"v\":\"meta.k8s.io/v1\",\"rv\":{rv},\"start\":{}}}",
        json!(start)
    );
    b64url_encode(text.as_bytes())
}

fn decode_token(token: &str) -> Option<ContinueToken> {
    let bytes = b64url_decode(token)?;
    let v: Value = serde_json::from_slice(&bytes).ok()?;
    Some(ContinueToken {
        rv: v.get("rv")?.as_i64()?,
        start: v.get("start")?.as_str()?.to_string(),
    })
}

fn list(req: &Req) -> FakeResponse {
    let sel = match Selectors::parse(
        req.query.get("labelSelector"),
        req.query.get("fieldSelector"),
    ) {
        Ok(s) => s,
        Err(e) => return status::bad_request(&e),
    };
    let limit: usize = req
        .query
        .get("limit")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    let ns = req.rp.namespace.as_deref();
    let token = match req.query.get("continue").filter(|c| !c.is_empty()) {
        Some(t) => match decode_token(t) {
            Some(tok) => Some(tok),
            None => {
                return status::bad_request(&format!(
                    "continue key is not valid: could not decode the continue token {t:?}"
                ));
            }
        },
        None => None,
    };
    let (items, rv, floor) = req
        .shared
        .read(|st| (st.select(req.rt, ns, &sel), st.rv, st.floor));
    // Keys relative to the listed prefix, as the apiserver puts them in `start`.
    let relative = |key: &str| -> String {
        match ns {
            Some(n) if req.rt.namespaced => key
                .strip_prefix(&format!("{n}/"))
                .unwrap_or(key)
                .to_string(),
            _ => key.to_string(),
        }
    };
    let (list_rv, start_after) = match &token {
        Some(t) => {
            if t.rv < floor as i64 {
                return status::expired_continue(&encode_token(-1, &t.start));
            }
            let rel = t
                .start
                .trim_end_matches('\0')
                .trim_start_matches('/')
                .to_string();
            (t.rv as u64, Some(rel))
        }
        None => (rv, None),
    };
    let remaining: Vec<(String, Value)> = items
        .into_iter()
        .map(|(k, o)| (relative(&k), o))
        .filter(|(k, _)| start_after.as_ref().is_none_or(|s| k.as_str() > s.as_str()))
        .collect();
    let total = remaining.len();
    let take = if limit == 0 { total } else { limit.min(total) };
    let page: Vec<Value> = remaining
        .iter()
        .take(take)
        .map(|(_, o)| req.serve(o.clone()))
        .collect();
    let mut meta = serde_json::Map::new();
    if take < total {
        let last = remaining
            .get(take.saturating_sub(1))
            .map(|(k, _)| k.clone())
            .unwrap_or_default();
        meta.insert(
            "continue".into(),
            json!(encode_token(list_rv as i64, &format!("/{last}\0"))),
        );
        if sel.is_empty() {
            meta.insert("remainingItemCount".into(), json!(total - take));
        }
    } else {
        meta.insert("continue".into(), json!(""));
    }
    meta.insert("resourceVersion".into(), json!(list_rv.to_string()));
    let body = if req.wants_metadata_only() {
        json!({
            "kind": "PartialObjectMetadataList",
            "apiVersion": "meta.k8s.io/v1",
            "metadata": meta,
            "items": page,
        })
    } else {
        json!({
            "apiVersion": req.rt.api_version(&req.rp.version),
            "items": page,
            "kind": req.rt.list_kind,
            "metadata": meta,
        })
    };
    FakeResponse::json(200, &body)
}

fn run_create_hooks(req: &Req, obj: &mut Value) -> Result<(), FakeResponse> {
    let qualified = format!("{}.{}", req.rt.kind, req.rt.group);
    let store = req.shared.store();
    for (kind, hook) in &req.shared.config.on_create {
        if *kind == req.rt.kind || *kind == qualified {
            hook(obj, &store)?;
        }
    }
    Ok(())
}

fn create(req: &Req) -> FakeResponse {
    let mut obj = match req.body_json() {
        Ok(v) => v,
        Err(e) => return e,
    };
    if req.rt.plural == "selfsubjectaccessreviews" {
        return access::review(req.shared, &obj, req.user);
    }
    if let Some(ns) = &req.rp.namespace
        && obj.is_object()
        && meta_str(&obj, "namespace").is_empty()
    {
        super::object::set_meta(&mut obj, "namespace", json!(ns));
    }
    if req.rt.has_subresource("status")
        && let Value::Object(m) = &mut obj
    {
        m.remove("status");
    }
    if let Err(resp) = run_create_hooks(req, &mut obj) {
        return resp;
    }
    let dry_run = req.dry_run();
    let result = req.shared.mutate(|st| {
        st.create(
            req.rt,
            &req.rp.version,
            req.rp.namespace.as_deref(),
            obj,
            dry_run,
            false,
        )
    });
    match result {
        Ok(o) => FakeResponse::json(201, &req.serve(o)),
        Err(e) => e,
    }
}

fn update(req: &Req, sub: Option<&str>) -> FakeResponse {
    let obj = match req.body_json() {
        Ok(v) => v,
        Err(e) => return e,
    };
    let dry_run = req.dry_run();
    let result = req.shared.mutate(|st| {
        st.update(
            req.rt,
            &req.rp.version,
            req.ns(),
            req.name(),
            obj,
            sub,
            dry_run,
        )
    });
    match result {
        Ok(o) => FakeResponse::json(200, &req.serve(o)),
        Err(e) => e,
    }
}

fn patch(req: &Req, sub: Option<&str>) -> FakeResponse {
    let Some(kind) = req
        .rec
        .content_type
        .as_deref()
        .and_then(PatchKind::from_content_type)
    else {
        return FakeResponse::status(
            415,
            "UnsupportedMediaType",
            &format!(
                "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got {:?})",
                req.rec.content_type.as_deref().unwrap_or("")
            ),
        );
    };
    let body = match req.body_json() {
        Ok(v) => v,
        Err(e) => return e,
    };
    let dry_run = req.dry_run();
    req.shared.mutate(|st| {
        let Some(existing) = st.get(req.rt, req.ns(), req.name()).cloned() else {
            if kind == PatchKind::Apply && sub.is_none() {
                let mut obj = body.clone();
                super::object::set_meta(&mut obj, "name", json!(req.name()));
                return match st.create(
                    req.rt,
                    &req.rp.version,
                    req.rp.namespace.as_deref(),
                    obj,
                    dry_run,
                    true,
                ) {
                    Ok(o) => FakeResponse::json(201, &req.serve(o)),
                    Err(e) => e,
                };
            }
            return status::not_found(&req.subject(), req.name());
        };
        let patched = match kind {
            PatchKind::Json => match json_patch(&existing, &body) {
                Ok(v) => v,
                Err(e) => return FakeResponse::status(422, "Invalid", &e),
            },
            PatchKind::Merge | PatchKind::Strategic | PatchKind::Apply => {
                let mut v = existing.clone();
                merge_patch(&mut v, &body);
                v
            }
        };
        match st.update(
            req.rt,
            &req.rp.version,
            req.ns(),
            req.name(),
            patched,
            sub,
            dry_run,
        ) {
            Ok(o) => FakeResponse::json(200, &req.serve(o)),
            Err(e) => e,
        }
    })
}

fn delete(req: &Req) -> FakeResponse {
    let opts = req.body_json().unwrap_or(Value::Null);
    let pre = opts.get("preconditions");
    let uid = pre.and_then(|p| p.get("uid")).and_then(Value::as_str);
    let rv = pre
        .and_then(|p| p.get("resourceVersion"))
        .and_then(Value::as_str);
    let dry_run = req.dry_run();
    let result = req
        .shared
        .mutate(|st| st.delete(req.rt, req.ns(), req.name(), uid, rv, dry_run));
    match result {
        Ok(Deleted::Pending(o)) => FakeResponse::json(200, &req.serve(o)),
        Ok(Deleted::Gone(o)) if req.rt.group.is_empty() && req.rt.plural == "pods" => {
            FakeResponse::json(200, &req.serve(o))
        }
        Ok(Deleted::Gone(o)) => {
            status::delete_success(&req.subject(), req.name(), meta_str(&o, "uid"))
        }
        Err(e) => e,
    }
}

fn delete_collection(req: &Req) -> FakeResponse {
    let sel = match Selectors::parse(
        req.query.get("labelSelector"),
        req.query.get("fieldSelector"),
    ) {
        Ok(s) => s,
        Err(e) => return status::bad_request(&e),
    };
    let dry_run = req.dry_run();
    let ns = req.rp.namespace.as_deref();
    let (items, rv) = req.shared.mutate(|st| {
        let targets = st.select(req.rt, ns, &sel);
        let mut out = Vec::new();
        for (_, o) in targets {
            let name = meta_str(&o, "name").to_string();
            let obj_ns = meta_str(&o, "namespace").to_string();
            if let Ok(Deleted::Gone(d) | Deleted::Pending(d)) =
                st.delete(req.rt, &obj_ns, &name, None, None, dry_run)
            {
                out.push(req.serve(d));
            }
        }
        (out, st.rv)
    });
    FakeResponse::json(
        200,
        &json!({
            "apiVersion": req.rt.api_version(&req.rp.version),
            "items": items,
            "kind": req.rt.list_kind,
            "metadata": {"continue": "", "resourceVersion": rv.to_string()},
        }),
    )
}
