//! Lenient, panic-free accessors over untyped Kubernetes objects (`serde_json::Value`).
//!
//! Objects come from several CSO, CAPI and CAPO versions (CAPI v1beta1/v1beta2, CAPO
//! v1beta1/v1beta2), from dumps and live lists, so every field may be absent or have an
//! unexpected type. These helpers turn every such case into `None` or an empty list instead of
//! an error, which keeps the analyses total.
//!
//! Two string readers, because the analyses need both: [`str_at`] returns the string as found
//! (`""` included, so a check can tell an empty field from a missing one), [`nonempty_str_at`]
//! treats `""` like an absent field (what an unset `status` field looks like).

use jiff::Timestamp;
use serde_json::Value;

/// Walks `path` through nested objects.
pub fn at<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, key| v.get(*key))
}

/// The string at `path`, if it is a string (`""` included).
pub fn str_at<'a>(value: &'a Value, path: &[&str]) -> Option<&'a str> {
    at(value, path).and_then(Value::as_str)
}

/// A non-empty string at `path`; `""` counts as absent.
pub fn nonempty_str_at<'a>(value: &'a Value, path: &[&str]) -> Option<&'a str> {
    at(value, path)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

/// A boolean at `path`; CRDs sometimes store booleans as strings, so `"true"` counts too.
pub fn bool_at(value: &Value, path: &[&str]) -> Option<bool> {
    match at(value, path)? {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// An integer at `path` (floats are truncated, negative values clamp to 0 for counters).
pub fn count_at(value: &Value, path: &[&str]) -> Option<i64> {
    let v = at(value, path)?;
    let n = v
        .as_i64()
        .or_else(|| v.as_u64().map(|u| i64::try_from(u).unwrap_or(i64::MAX)))
        .or_else(|| v.as_f64().filter(|f| f.is_finite()).map(|f| f as i64))?;
    Some(n.max(0))
}

/// An array at `path`, or an empty slice.
pub fn arr_at<'a>(value: &'a Value, path: &[&str]) -> &'a [Value] {
    at(value, path)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// A list of non-empty strings at `path` (non-string entries are skipped).
pub fn strings_at(value: &Value, path: &[&str]) -> Vec<String> {
    arr_at(value, path)
        .iter()
        .filter_map(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// An RFC 3339 timestamp at `path`.
pub fn time_at(value: &Value, path: &[&str]) -> Option<Timestamp> {
    nonempty_str_at(value, path).and_then(|s| s.parse().ok())
}

/// `metadata.name`.
pub fn name(value: &Value) -> Option<&str> {
    nonempty_str_at(value, &["metadata", "name"])
}

/// `metadata.namespace`, empty for cluster-scoped objects.
pub fn namespace(value: &Value) -> &str {
    nonempty_str_at(value, &["metadata", "namespace"]).unwrap_or("")
}

/// The name of the first owner reference of `kind`.
pub fn owner_name<'a>(value: &'a Value, kind: &str) -> Option<&'a str> {
    arr_at(value, &["metadata", "ownerReferences"])
        .iter()
        .find(|o| nonempty_str_at(o, &["kind"]) == Some(kind))
        .and_then(|o| nonempty_str_at(o, &["name"]))
}

/// A label value.
pub fn label<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    at(value, &["metadata", "labels", key])
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

/// A list of strings as found in a CIDR list field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StringList {
    /// The string items, in order.
    pub items: Vec<String>,
    /// Items that were not strings, rendered as JSON, so that a report can name them.
    pub non_strings: Vec<String>,
    /// True when the field held a single string instead of a list.
    pub was_scalar: bool,
}

/// Reads a list of strings, tolerating a single string and non-string items. `None` when the field
/// is absent, null, or neither a list nor a string.
pub fn string_list(value: Option<&Value>) -> Option<StringList> {
    match value? {
        Value::Array(items) => {
            let mut list = StringList::default();
            for item in items {
                match item {
                    Value::String(s) => list.items.push(s.clone()),
                    other => list.non_strings.push(other.to_string()),
                }
            }
            Some(list)
        }
        Value::String(s) => Some(StringList {
            items: vec![s.clone()],
            non_strings: Vec::new(),
            was_scalar: true,
        }),
        _ => None,
    }
}

/// The API group of an `apiVersion` (`infrastructure.cluster.x-k8s.io/v1beta1` gives
/// `infrastructure.cluster.x-k8s.io`; the core group `v1` gives the empty string).
pub fn group_of(api_version: &str) -> &str {
    api_version
        .rsplit_once('/')
        .map_or("", |(group, _version)| group)
}

/// `namespace/name` of an object, or `name` alone for cluster-scoped ones.
pub fn object_key(value: &Value) -> Option<String> {
    let name = str_at(value, &["metadata", "name"])?;
    Some(match str_at(value, &["metadata", "namespace"]) {
        Some(ns) if !ns.is_empty() => format!("{ns}/{name}"),
        _ => name.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_and_lists() {
        let v = json!({"spec": {"a": ["x", 1, "y"], "b": "z", "c": true}});
        assert_eq!(str_at(&v, &["spec", "b"]), Some("z"));
        assert_eq!(at(&v, &["spec", "missing", "deeper"]), None);
        let list = string_list(at(&v, &["spec", "a"]));
        assert_eq!(
            list,
            Some(StringList {
                items: vec!["x".into(), "y".into()],
                non_strings: vec!["1".into()],
                was_scalar: false,
            })
        );
        assert_eq!(
            string_list(at(&v, &["spec", "b"])).map(|l| l.was_scalar),
            Some(true)
        );
        assert_eq!(string_list(at(&v, &["spec", "c"])), None);
    }

    #[test]
    fn raw_and_nonempty_strings_differ_only_on_empty() {
        let v = json!({"status": {"empty": "", "set": "x", "n": 3}});
        assert_eq!(str_at(&v, &["status", "empty"]), Some(""));
        assert_eq!(nonempty_str_at(&v, &["status", "empty"]), None);
        assert_eq!(str_at(&v, &["status", "set"]), Some("x"));
        assert_eq!(nonempty_str_at(&v, &["status", "set"]), Some("x"));
        assert_eq!(str_at(&v, &["status", "n"]), None);
        assert_eq!(nonempty_str_at(&v, &["status", "missing"]), None);
    }

    #[test]
    fn lenient_booleans_counts_and_lists() {
        let v = json!({"a": "TRUE", "b": false, "c": "no", "d": 2.9, "e": -4,
                       "f": ["x", "", 1, "y"], "metadata": {"labels": {"k": ""}}});
        assert_eq!(bool_at(&v, &["a"]), Some(true));
        assert_eq!(bool_at(&v, &["b"]), Some(false));
        assert_eq!(bool_at(&v, &["c"]), None);
        assert_eq!(count_at(&v, &["d"]), Some(2));
        assert_eq!(count_at(&v, &["e"]), Some(0));
        assert_eq!(
            strings_at(&v, &["f"]),
            vec!["x".to_string(), "y".to_string()]
        );
        assert_eq!(arr_at(&v, &["a"]).len(), 0);
        assert_eq!(label(&v, "k"), None);
        assert_eq!(namespace(&v), "");
    }

    #[test]
    fn groups_and_keys() {
        assert_eq!(
            group_of("infrastructure.cluster.x-k8s.io/v1beta1"),
            "infrastructure.cluster.x-k8s.io"
        );
        assert_eq!(group_of("v1"), "");
        let v = json!({"metadata": {"name": "c", "namespace": "ns"}});
        assert_eq!(object_key(&v), Some("ns/c".to_string()));
        assert_eq!(
            object_key(&json!({"metadata": {"name": "c"}})),
            Some("c".to_string())
        );
        assert_eq!(object_key(&json!({})), None);
    }
}
