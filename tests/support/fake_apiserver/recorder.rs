//! The requests the server received, for tests to assert on.

use serde_json::Value;

use super::paths::parse_query;

/// One request as the server received it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedRequest {
    /// `GET`, `POST`, …
    pub method: String,
    /// The path without the query.
    pub path: String,
    /// The raw query string without `?` ("" when there is none).
    pub query: String,
    /// The `Authorization` header, if any (`Bearer <token>`).
    pub authorization: Option<String>,
    /// The user the request was authenticated as (`None` for anonymous or rejected requests).
    pub user: Option<String>,
    /// The `Accept` header.
    pub accept: Option<String>,
    /// The `Content-Type` header.
    pub content_type: Option<String>,
    /// The `User-Agent` header.
    pub user_agent: Option<String>,
    /// The request body.
    pub body: Vec<u8>,
}

impl RecordedRequest {
    /// Whether an `Authorization` header was sent.
    pub fn has_authorization(&self) -> bool {
        self.authorization.is_some()
    }

    /// The bearer token, if one was sent.
    pub fn bearer_token(&self) -> Option<&str> {
        self.authorization.as_deref()?.strip_prefix("Bearer ")
    }

    /// The decoded query parameters in order.
    pub fn query_params(&self) -> Vec<(String, String)> {
        parse_query(&self.query)
    }

    /// The first value of a query parameter.
    pub fn query_param(&self, key: &str) -> Option<String> {
        self.query_params()
            .into_iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// The body as JSON, if it is JSON.
    pub fn body_json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// `METHOD path?query`, handy in assertion messages.
    pub fn line(&self) -> String {
        if self.query.is_empty() {
            format!("{} {}", self.method, self.path)
        } else {
            format!("{} {}?{}", self.method, self.path, self.query)
        }
    }
}
