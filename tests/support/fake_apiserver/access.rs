//! `SelfSubjectAccessReview`: answers from the configured denials or decision function.

use serde_json::{Value, json};

use super::hooks::AccessQuery;
use super::server::Shared;
use super::status::FakeResponse;

fn text(v: Option<&Value>, key: &str) -> String {
    v.and_then(|a| a.get(key))
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string()
}

/// Answers a `SelfSubjectAccessReview` POST (nothing is stored).
pub(crate) fn review(shared: &Shared, body: &Value, user: &str) -> FakeResponse {
    let spec = body.get("spec");
    let ra = spec.and_then(|s| s.get("resourceAttributes"));
    let nra = spec.and_then(|s| s.get("nonResourceAttributes"));
    let q = AccessQuery {
        verb: text(ra.or(nra), "verb"),
        group: text(ra, "group"),
        resource: text(ra, "resource"),
        subresource: text(ra, "subresource"),
        namespace: text(ra, "namespace"),
        name: text(ra, "name"),
        path: text(nra, "path"),
        user: user.to_string(),
    };
    let denied_by_rule = shared.config.access_denials.iter().any(|r| r.matches(&q));
    let allowed = match &shared.config.access_handler {
        Some(f) => f(&q) && !denied_by_rule,
        None => !denied_by_rule,
    };
    let mut status = json!({ "allowed": allowed });
    if !allowed {
        status["reason"] = json!("denied by the fake API server's access rules");
    }
    FakeResponse::json(
        201,
        &json!({
            "kind": "SelfSubjectAccessReview",
            "apiVersion": "authorization.k8s.io/v1",
            "metadata": { "creationTimestamp": null },
            "spec": spec.cloned().unwrap_or(json!({})),
            "status": status,
        }),
    )
}
