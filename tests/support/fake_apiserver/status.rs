//! Responses of the fake server and the `Status` bodies of a real kube-apiserver.
//!
//! Status bodies are written field by field so that their bytes match the recordings
//! (`kind`, `apiVersion`, `metadata`, `status`, `message`, `reason`, `details`, `code`).

use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// A canned HTTP response: what hooks and faults answer with.
#[derive(Clone, Debug)]
pub struct FakeResponse {
    /// HTTP status code.
    pub status: u16,
    /// Extra response headers (`Content-Type` is one of them).
    pub headers: Vec<(String, String)>,
    /// Response body.
    pub body: Vec<u8>,
    /// Never answer: the request hangs until the client gives up or the server stops.
    pub hang: bool,
}

impl FakeResponse {
    /// A JSON body with `Content-Type: application/json`.
    pub fn json(status: u16, body: &Value) -> Self {
        Self::raw_json(status, body.to_string())
    }

    /// An already serialised JSON body.
    pub fn raw_json(status: u16, body: String) -> Self {
        FakeResponse {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.into_bytes(),
            hang: false,
        }
    }

    /// A plain-text body (`text/plain; charset=utf-8`).
    pub fn text(status: u16, body: &str) -> Self {
        FakeResponse {
            status,
            headers: vec![("content-type".into(), "text/plain; charset=utf-8".into())],
            body: body.as_bytes().to_vec(),
            hang: false,
        }
    }

    /// The plain-text `404 page not found` of an unknown path, group or resource.
    pub fn page_not_found() -> Self {
        Self::text(404, "404 page not found\n")
    }

    /// A response that never comes.
    pub fn hang() -> Self {
        FakeResponse {
            status: 200,
            headers: Vec::new(),
            body: Vec::new(),
            hang: true,
        }
    }

    /// A failure `Status` body with the given code, reason and message (no details).
    pub fn status(code: u16, reason: &str, message: &str) -> Self {
        Self::raw_json(code, status_body(message, reason, None, code))
    }

    /// 404 `NotFound` for a missing object, as the apiserver words it.
    pub fn not_found(group: &str, plural: &str, name: &str) -> Self {
        not_found(
            &Subject {
                group,
                plural,
                kind: plural,
            },
            name,
        )
    }

    /// 409 `AlreadyExists`.
    pub fn already_exists(group: &str, plural: &str, name: &str) -> Self {
        already_exists(
            &Subject {
                group,
                plural,
                kind: plural,
            },
            name,
        )
    }

    /// 409 `Conflict` (stale resourceVersion).
    pub fn conflict(group: &str, plural: &str, name: &str) -> Self {
        conflict(
            &Subject {
                group,
                plural,
                kind: plural,
            },
            name,
        )
    }

    /// 422 `Invalid` with causes `(field, reason, message)`, e.g.
    /// `("spec.channel", "FieldValueNotSupported", "Unsupported value: \"beta\": …")`.
    pub fn invalid(group: &str, kind: &str, name: &str, causes: &[(&str, &str, &str)]) -> Self {
        invalid(
            &Subject {
                group,
                plural: kind,
                kind,
            },
            name,
            causes,
        )
    }

    /// 403 `Forbidden` in the RBAC authorizer's words (`namespace: None` = cluster scope).
    pub fn forbidden(
        user: &str,
        verb: &str,
        group: &str,
        plural: &str,
        namespace: Option<&str>,
        name: Option<&str>,
    ) -> Self {
        forbidden(
            &Subject {
                group,
                plural,
                kind: plural,
            },
            user,
            verb,
            namespace,
            name,
            None,
        )
    }

    /// 401 `Unauthorized`.
    pub fn unauthorized() -> Self {
        unauthorized()
    }

    /// 500 `InternalError` ("Internal error occurred: <message>").
    pub fn internal_error(message: &str) -> Self {
        internal_error(message)
    }

    /// Replaces the `Content-Type`.
    pub fn with_content_type(mut self, value: &str) -> Self {
        self.headers.retain(|(n, _)| n != "content-type");
        self.headers
            .push(("content-type".into(), value.to_string()));
        self
    }

    /// Adds a response header.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers
            .push((name.to_ascii_lowercase(), value.to_string()));
        self
    }

    /// The body parsed as JSON, if it is JSON.
    pub fn body_json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

impl IntoResponse for FakeResponse {
    fn into_response(self) -> Response {
        let mut resp = Response::new(Body::from(self.body));
        *resp.status_mut() = StatusCode::from_u16(self.status).unwrap_or(StatusCode::OK);
        for (name, value) in &self.headers {
            if let (Ok(n), Ok(v)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(value),
            ) {
                resp.headers_mut().append(n, v);
            }
        }
        resp
    }
}

/// Serialises key/value pairs as a JSON object in the given order.
pub(crate) fn ordered_object(pairs: &[(&str, Value)]) -> String {
    let fields: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}:{}", Value::String((*k).to_string()), v))
        .collect();
    format!("{{{}}}", fields.join(","))
}

/// The body of a failure `Status`.
pub(crate) fn status_body(
    message: &str,
    reason: &str,
    details: Option<Value>,
    code: u16,
) -> String {
    status_body_with_meta(json!({}), message, reason, details, code)
}

fn status_body_with_meta(
    metadata: Value,
    message: &str,
    reason: &str,
    details: Option<Value>,
    code: u16,
) -> String {
    let mut pairs = vec![
        ("kind", json!("Status")),
        ("apiVersion", json!("v1")),
        ("metadata", metadata),
        ("status", json!("Failure")),
        ("message", json!(message)),
        ("reason", json!(reason)),
    ];
    if let Some(d) = details {
        pairs.push(("details", d));
    }
    pairs.push(("code", json!(code)));
    ordered_object(&pairs)
}

/// What a `Status` says about the resource it concerns.
#[derive(Clone, Debug)]
pub(crate) struct Subject<'a> {
    pub group: &'a str,
    pub plural: &'a str,
    pub kind: &'a str,
}

impl Subject<'_> {
    /// `clusteraddons.clusterstack.x-k8s.io`, or `pods` for the core group.
    pub fn qualified(&self) -> String {
        if self.group.is_empty() {
            self.plural.to_string()
        } else {
            format!("{}.{}", self.plural, self.group)
        }
    }

    /// `ClusterStack.clusterstack.x-k8s.io`, or `ConfigMap` for the core group.
    pub fn qualified_kind(&self) -> String {
        if self.group.is_empty() {
            self.kind.to_string()
        } else {
            format!("{}.{}", self.kind, self.group)
        }
    }
}

/// Renders a status whose `details` must keep Go's field order.
fn status_with_details(
    message: &str,
    reason: &str,
    details_pairs: &[(&str, Value)],
    code: u16,
) -> FakeResponse {
    let details = ordered_object(details_pairs);
    let body = ordered_object(&[
        ("kind", json!("Status")),
        ("apiVersion", json!("v1")),
        ("metadata", json!({})),
        ("status", json!("Failure")),
        ("message", json!(message)),
        ("reason", json!(reason)),
    ]);
    // Splice the ordered details in before `code`.
    let trimmed = body.trim_end_matches('}');
    FakeResponse::raw_json(
        code,
        format!("{trimmed},\"details\":{details},\"code\":{code}}}"),
    )
}

fn detail_pairs<'a>(
    s: &'a Subject<'a>,
    name: Option<&'a str>,
    kind: &'a str,
) -> Vec<(&'a str, Value)> {
    let mut pairs: Vec<(&str, Value)> = Vec::new();
    if let Some(n) = name.filter(|n| !n.is_empty()) {
        pairs.push(("name", json!(n)));
    }
    if !s.group.is_empty() {
        pairs.push(("group", json!(s.group)));
    }
    pairs.push(("kind", json!(kind)));
    pairs
}

/// 404 `NotFound` for a missing object (`11-404-object-not-found.json`).
pub(crate) fn not_found(s: &Subject, name: &str) -> FakeResponse {
    let msg = format!("{} \"{}\" not found", s.qualified(), name);
    status_with_details(
        &msg,
        "NotFound",
        &detail_pairs(s, Some(name), s.plural),
        404,
    )
}

/// 409 `AlreadyExists` (`18-409-already-exists.json`).
pub(crate) fn already_exists(s: &Subject, name: &str) -> FakeResponse {
    let msg = format!("{} \"{}\" already exists", s.qualified(), name);
    status_with_details(
        &msg,
        "AlreadyExists",
        &detail_pairs(s, Some(name), s.plural),
        409,
    )
}

/// 409 `Conflict` for a stale resourceVersion (`19-409-conflict-stale-resourceversion.json`).
pub(crate) fn conflict(s: &Subject, name: &str) -> FakeResponse {
    let msg = format!(
        "Operation cannot be fulfilled on {} \"{}\": the object has been modified; please apply your changes to the latest version and try again",
        s.qualified(),
        name
    );
    status_with_details(
        &msg,
        "Conflict",
        &detail_pairs(s, Some(name), s.plural),
        409,
    )
}

/// 422 `Invalid` with field causes `(field, reason, message)` (`20-…`, `21-…`).
pub(crate) fn invalid(s: &Subject, name: &str, causes: &[(&str, &str, &str)]) -> FakeResponse {
    let cause_text: Vec<String> = causes.iter().map(|(f, _, m)| format!("{f}: {m}")).collect();
    let joined = if cause_text.len() == 1 {
        cause_text.concat()
    } else {
        format!("[{}]", cause_text.join(", "))
    };
    let msg = format!("{} \"{}\" is invalid: {}", s.qualified_kind(), name, joined);
    let causes_str: Vec<String> = causes
        .iter()
        .map(|(f, r, m)| {
            ordered_object(&[
                ("reason", json!(r)),
                ("message", json!(m)),
                ("field", json!(f)),
            ])
        })
        .collect();
    let mut pairs = detail_pairs(s, Some(name), s.kind);
    // `causes` must keep its inner order too, so it is spliced in as raw text.
    pairs.push(("causes", Value::String(String::new())));
    let details = ordered_object(&pairs).replace(
        "\"causes\":\"\"",
        &format!("\"causes\":[{}]", causes_str.join(",")),
    );
    let head = ordered_object(&[
        ("kind", json!("Status")),
        ("apiVersion", json!("v1")),
        ("metadata", json!({})),
        ("status", json!("Failure")),
        ("message", json!(msg)),
        ("reason", json!("Invalid")),
    ]);
    let trimmed = head.trim_end_matches('}');
    FakeResponse::raw_json(
        422,
        format!("{trimmed},\"details\":{details},\"code\":422}}"),
    )
}

/// 403 `Forbidden` in the wording of the RBAC authorizer (`14-…`, `15-…`).
pub(crate) fn forbidden(
    s: &Subject,
    user: &str,
    verb: &str,
    namespace: Option<&str>,
    name: Option<&str>,
    subresource: Option<&str>,
) -> FakeResponse {
    let head = match name {
        Some(n) if !n.is_empty() => format!("{} \"{}\"", s.qualified(), n),
        _ => s.qualified(),
    };
    let resource = match subresource {
        Some(sub) => format!("{}/{}", s.plural, sub),
        None => s.plural.to_string(),
    };
    let scope = match namespace {
        Some(ns) if !ns.is_empty() => format!("in the namespace \"{ns}\""),
        _ => "at the cluster scope".to_string(),
    };
    let msg = format!(
        "{head} is forbidden: User \"{user}\" cannot {verb} resource \"{resource}\" in API group \"{}\" {scope}",
        s.group
    );
    status_with_details(&msg, "Forbidden", &detail_pairs(s, name, s.plural), 403)
}

/// 403 for a non-resource path (an anonymous user on a path it may not read).
pub(crate) fn forbidden_path(user: &str, verb: &str, path: &str) -> FakeResponse {
    let msg = format!("forbidden: User \"{user}\" cannot {verb} path \"{path}\"");
    let body = status_body(&msg, "Forbidden", Some(json!({})), 403);
    FakeResponse::raw_json(403, body)
}

/// 401 `Unauthorized` (`17-401-bad-token.json`).
pub(crate) fn unauthorized() -> FakeResponse {
    FakeResponse::raw_json(401, status_body("Unauthorized", "Unauthorized", None, 401))
}

/// 500 `InternalError`.
pub(crate) fn internal_error(message: &str) -> FakeResponse {
    let details = json!({ "causes": [{ "message": message }] });
    FakeResponse::raw_json(
        500,
        status_body(
            &format!("Internal error occurred: {message}"),
            "InternalError",
            Some(details),
            500,
        ),
    )
}

/// 400 `BadRequest`.
pub(crate) fn bad_request(message: &str) -> FakeResponse {
    FakeResponse::raw_json(400, status_body(message, "BadRequest", None, 400))
}

/// 405 `MethodNotAllowed`.
pub(crate) fn method_not_allowed() -> FakeResponse {
    FakeResponse::raw_json(
        405,
        status_body(
            "the server does not allow this method on the requested resource",
            "MethodNotAllowed",
            Some(json!({})),
            405,
        ),
    )
}

/// 410 `Expired` for a continue token older than the last compaction (`27-410-expired-continue.json`).
pub(crate) fn expired_continue(fresh_token: &str) -> FakeResponse {
    let msg = "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.";
    FakeResponse::raw_json(
        410,
        status_body_with_meta(
            json!({ "continue": fresh_token }),
            msg,
            "Expired",
            None,
            410,
        ),
    )
}

/// The `Status` embedded in the `ERROR` event of a watch from a compacted resourceVersion (`33-…`).
pub(crate) fn too_old_resource_version(requested: &str, oldest: u64) -> String {
    status_body(
        &format!("too old resource version: {requested} ({oldest})"),
        "Expired",
        None,
        410,
    )
}

/// The `Status` a successful immediate delete answers with.
pub(crate) fn delete_success(s: &Subject, name: &str, uid: &str) -> FakeResponse {
    let mut pairs = detail_pairs(s, Some(name), s.plural);
    pairs.push(("uid", json!(uid)));
    let details = ordered_object(&pairs);
    let head = ordered_object(&[
        ("kind", json!("Status")),
        ("apiVersion", json!("v1")),
        ("metadata", json!({})),
        ("status", json!("Success")),
    ]);
    let trimmed = head.trim_end_matches('}');
    FakeResponse::raw_json(200, format!("{trimmed},\"details\":{details}}}"))
}
