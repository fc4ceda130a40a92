//! Small, panic-free accessors for untyped Kubernetes objects.
//!
//! The management view reads CRDs of several API versions (CAPI v1beta1/v1beta2, CAPO v1beta1/
//! v1beta2) from dumps and live lists, so it works on `serde_json::Value` rather than on one typed
//! schema per version.

use serde_json::Value;

/// The value at `path` (object keys only), if every step exists.
pub(crate) fn at<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter()
        .try_fold(value, |current, key| current.get(*key))
}

/// The string at `path`, if it is a string.
pub(crate) fn str_at<'a>(value: &'a Value, path: &[&str]) -> Option<&'a str> {
    at(value, path).and_then(Value::as_str)
}

/// A list of strings as found in a CIDR list field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct StringList {
    /// The string items, in order.
    pub(crate) items: Vec<String>,
    /// Items that were not strings, rendered as JSON, so that a report can name them.
    pub(crate) non_strings: Vec<String>,
    /// True when the field held a single string instead of a list.
    pub(crate) was_scalar: bool,
}

/// Reads a list of strings, tolerating a single string and non-string items. `None` when the field
/// is absent, null, or neither a list nor a string.
pub(crate) fn string_list(value: Option<&Value>) -> Option<StringList> {
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
pub(crate) fn group_of(api_version: &str) -> &str {
    api_version
        .rsplit_once('/')
        .map_or("", |(group, _version)| group)
}

/// `namespace/name` of an object, or `name` alone for cluster-scoped ones.
pub(crate) fn object_key(value: &Value) -> Option<String> {
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
