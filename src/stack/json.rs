//! Lenient accessors over `serde_json::Value`.
//!
//! Objects come from several CSO, CAPI and CAPO versions, so every field may be absent or have an
//! unexpected type. These helpers turn every such case into `None` or an empty list instead of
//! an error, which keeps the analysis total.

use jiff::Timestamp;
use serde_json::Value;

/// Walks `path` through nested objects.
pub(crate) fn at<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, key| v.get(*key))
}

/// A non-empty string at `path`.
pub(crate) fn str_at<'a>(value: &'a Value, path: &[&str]) -> Option<&'a str> {
    at(value, path)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

/// A boolean at `path`; CRDs sometimes store booleans as strings, so `"true"` counts too.
pub(crate) fn bool_at(value: &Value, path: &[&str]) -> Option<bool> {
    match at(value, path)? {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// An integer at `path` (floats are truncated, negative values clamp to 0 for counters).
pub(crate) fn count_at(value: &Value, path: &[&str]) -> Option<i64> {
    let v = at(value, path)?;
    let n = v
        .as_i64()
        .or_else(|| v.as_u64().map(|u| i64::try_from(u).unwrap_or(i64::MAX)))
        .or_else(|| v.as_f64().filter(|f| f.is_finite()).map(|f| f as i64))?;
    Some(n.max(0))
}

/// An array at `path`, or an empty slice.
pub(crate) fn arr_at<'a>(value: &'a Value, path: &[&str]) -> &'a [Value] {
    at(value, path)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// A list of non-empty strings at `path` (non-string entries are skipped).
pub(crate) fn strings_at(value: &Value, path: &[&str]) -> Vec<String> {
    arr_at(value, path)
        .iter()
        .filter_map(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// An RFC 3339 timestamp at `path`.
pub(crate) fn time_at(value: &Value, path: &[&str]) -> Option<Timestamp> {
    str_at(value, path).and_then(|s| s.parse().ok())
}

/// `metadata.name`.
pub(crate) fn name(value: &Value) -> Option<&str> {
    str_at(value, &["metadata", "name"])
}

/// `metadata.namespace`, empty for cluster-scoped objects.
pub(crate) fn namespace(value: &Value) -> &str {
    str_at(value, &["metadata", "namespace"]).unwrap_or("")
}

/// The name of the first owner reference of `kind`.
pub(crate) fn owner_name<'a>(value: &'a Value, kind: &str) -> Option<&'a str> {
    arr_at(value, &["metadata", "ownerReferences"])
        .iter()
        .find(|o| str_at(o, &["kind"]) == Some(kind))
        .and_then(|o| str_at(o, &["name"]))
}

/// A label value.
pub(crate) fn label<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    at(value, &["metadata", "labels", key])
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}
