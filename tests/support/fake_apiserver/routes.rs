//! The request pipeline: record, overrides, authentication, faults, then discovery or resources.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::crud;
use super::discovery;
use super::exec;
use super::faults::FaultAction;
use super::paths::{Query, ResourcePath, Target, parse_query, parse_target};
use super::recorder::RecordedRequest;
use super::server::{Shared, lock};
use super::status::{self, FakeResponse, Subject};

/// Who sent a request.
enum Identity {
    User(String),
    Anonymous,
    Rejected,
}

fn identify(shared: &Shared, authorization: Option<&str>) -> Identity {
    let Some(value) = authorization else {
        return Identity::Anonymous;
    };
    let Some(token) = value.strip_prefix("Bearer ") else {
        return Identity::Rejected;
    };
    match shared.config.tokens.iter().find(|(t, _)| t == token.trim()) {
        Some((_, user)) => Identity::User(user.clone()),
        None => Identity::Rejected,
    }
}

/// The Kubernetes verb of a request (what RBAC and faults match on).
pub(crate) fn k8s_verb(method: &str, target: &Target, query: &Query) -> String {
    let Target::Resource(rp) = target else {
        return method.to_ascii_lowercase();
    };
    match (method, rp.name.is_some()) {
        ("GET", _) if query.flag("watch") => "watch",
        ("GET", false) => "list",
        ("GET", true) => "get",
        ("POST", _) => "create",
        ("PUT", _) => "update",
        ("PATCH", _) => "patch",
        ("DELETE", false) => "deletecollection",
        ("DELETE", true) => "delete",
        _ => "unknown",
    }
    .to_string()
}

/// The single handler behind every path.
pub(crate) async fn handle(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    let (mut parts, body) = req.into_parts();
    let body = axum::body::to_bytes(body, 256 << 20)
        .await
        .map(|b| b.to_vec())
        .unwrap_or_default();
    let hdr = |name: header::HeaderName| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let authorization = hdr(header::AUTHORIZATION);
    let identity = identify(&shared, authorization.as_deref());
    let path = parts.uri.path().to_string();
    let rec = RecordedRequest {
        method: parts.method.as_str().to_string(),
        path: path.clone(),
        query: parts.uri.query().unwrap_or("").to_string(),
        authorization,
        user: match &identity {
            Identity::User(u) => Some(u.clone()),
            _ => None,
        },
        accept: hdr(header::ACCEPT),
        content_type: hdr(header::CONTENT_TYPE),
        user_agent: hdr(header::USER_AGENT),
        body,
    };
    lock(&shared.requests).push(rec.clone());

    for (method, re, hook) in &shared.config.on_request {
        if (method == "*" || *method == rec.method)
            && re.is_match(&path)
            && let Some(resp) = hook(&rec)
        {
            return respond(resp).await;
        }
    }

    let target = parse_target(&path);
    let query = Query(parse_query(&rec.query));
    let verb = k8s_verb(&rec.method, &target, &query);
    let fault = {
        let mut faults = lock(&shared.faults);
        faults
            .iter_mut()
            .find(|f| f.matches(&path, &verb, &target))
            .map(|f| {
                if let Some(n) = f.remaining.as_mut() {
                    *n = n.saturating_sub(1);
                }
                f.action.clone()
            })
    };

    let user = match identity {
        Identity::Rejected => return status::unauthorized().into_response(),
        _ if fault == Some(FaultAction::Unauthorized) => {
            return status::unauthorized().into_response();
        }
        Identity::User(u) => u,
        Identity::Anonymous => {
            let allowed =
                shared.config.anonymous_paths.iter().any(|p| {
                    path == *p || path.starts_with(&format!("{}/", p.trim_end_matches('/')))
                });
            if !allowed {
                if !shared.config.anonymous_forbidden {
                    return status::unauthorized().into_response();
                }
                return anonymous_forbidden(&target, &verb, &path).into_response();
            }
            "system:anonymous".to_string()
        }
    };

    match fault {
        Some(FaultAction::Hang) => return respond(FakeResponse::hang()).await,
        Some(FaultAction::InternalError(msg)) => {
            return status::internal_error(&msg).into_response();
        }
        Some(FaultAction::Status {
            code,
            reason,
            message,
        }) => {
            return FakeResponse::status(code, &reason, &message).into_response();
        }
        Some(FaultAction::GroupNotFound(_)) => {
            return FakeResponse::page_not_found().into_response();
        }
        Some(FaultAction::Forbidden) => {
            if let Target::Resource(rp) = &target {
                return forbidden(rp, &user, &verb).into_response();
            }
        }
        Some(FaultAction::Unauthorized) | None => {}
    }

    let accept = rec.accept.clone().unwrap_or_default();
    let hidden = shared.hidden_groups();
    let resp = match target {
        Target::Version => discovery::version(&shared.config.git_version),
        Target::Health => FakeResponse::text(200, "ok"),
        Target::CoreVersions => match discovery::wants_aggregated(&accept) {
            Some(api) => shared.read(|st| discovery::aggregated(&st.registry, &hidden, true, api)),
            None => discovery::core_versions(&shared.addr.to_string()),
        },
        Target::Groups => shared.read(|st| match discovery::wants_aggregated(&accept) {
            Some(api) => discovery::aggregated(&st.registry, &hidden, false, api),
            None => discovery::groups(&st.registry, &hidden),
        }),
        Target::Group(g) => shared
            .read(|st| discovery::group(&st.registry, &hidden, &g))
            .unwrap_or_else(FakeResponse::page_not_found),
        Target::GroupVersion(g, v) => shared
            .read(|st| discovery::resource_list(&st.registry, &hidden, &g, &v))
            .unwrap_or_else(FakeResponse::page_not_found),
        Target::Resource(rp) => {
            let Some(rt) = shared.read(|st| {
                st.registry
                    .find_served(&rp.group, &rp.version, &rp.plural)
                    .cloned()
            }) else {
                return FakeResponse::page_not_found().into_response();
            };
            let scope_ok = match (&rp.namespace, rt.namespaced) {
                (Some(_), false) => false,
                (None, true) => rp.name.is_none(),
                _ => true,
            };
            let sub_ok = rp
                .subresource
                .as_deref()
                .is_none_or(|s| rt.has_subresource(s));
            if !scope_ok || !sub_ok {
                return FakeResponse::page_not_found().into_response();
            }
            let warning = rt.deprecation_warning(&rp.version);
            let mut resp = if rp.subresource.as_deref() == Some("exec") {
                exec::exec(&shared, &rt, &rp, &query, &mut parts).await
            } else {
                let req = crud::Req {
                    shared: &shared,
                    rt: &rt,
                    rp: &rp,
                    query: &query,
                    rec: &rec,
                    verb: &verb,
                    user: &user,
                };
                crud::dispatch(req).await
            };
            if let Some(w) = warning
                && let Ok(v) = axum::http::HeaderValue::from_str(&w)
            {
                resp.headers_mut().append(header::WARNING, v);
            }
            return resp;
        }
        Target::Unknown => FakeResponse::page_not_found(),
    };
    respond(resp).await
}

/// Turns a canned response into an HTTP response, hanging forever if it says so.
pub(crate) async fn respond(resp: FakeResponse) -> Response {
    if resp.hang {
        futures::future::pending::<()>().await;
        return Response::new(Body::empty());
    }
    resp.into_response()
}

fn forbidden(rp: &ResourcePath, user: &str, verb: &str) -> FakeResponse {
    let s = Subject {
        group: &rp.group,
        plural: &rp.plural,
        kind: &rp.plural,
    };
    status::forbidden(
        &s,
        user,
        verb,
        rp.namespace.as_deref(),
        rp.name.as_deref(),
        rp.subresource.as_deref(),
    )
}

fn anonymous_forbidden(target: &Target, verb: &str, path: &str) -> FakeResponse {
    match target {
        Target::Resource(rp) => forbidden(rp, "system:anonymous", verb),
        _ => status::forbidden_path("system:anonymous", verb, path),
    }
}
