//! Whether an object of a `-f` dump reads as a Kubernetes object. A live server only returns
//! objects that match their schema; a file may hold anything, and an object that does not read
//! must be named with its place in the file rather than dropped.

use k8s_openapi::Resource;
use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, StatefulSet};
use k8s_openapi::api::core::v1::{
    Namespace, PersistentVolume, PersistentVolumeClaim, Pod, Service,
};
use k8s_openapi::api::networking::v1::{Ingress, NetworkPolicy};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Why an object of a dump does not read as a Kubernetes object; `None` when it does. The
/// analyses key on name and namespace, so those must be strings.
pub(super) fn unreadable(object: &Value) -> Option<String> {
    let Some(metadata) = object.get("metadata") else {
        return Some("it has no metadata".to_string());
    };
    match metadata.get("name") {
        Some(Value::String(name)) if !name.is_empty() => {}
        Some(Value::String(_)) | None | Some(Value::Null) => {
            return Some("metadata.name is missing".to_string());
        }
        Some(other) => return Some(not_a_string("metadata.name", other)),
    }
    match metadata.get("namespace") {
        None | Some(Value::String(_) | Value::Null) => {}
        Some(other) => return Some(not_a_string("metadata.namespace", other)),
    }
    if let Err(e) = ObjectMeta::deserialize(metadata) {
        return Some(format!("metadata: {e}"));
    }
    typed_error(object)
}

/// Built-in kinds the analyses decode as k8s-openapi types: an object of one that does not
/// decode (`spec.ports` a string) would otherwise be skipped later, without its place in the file.
fn typed_error(object: &Value) -> Option<String> {
    let api_version = object.get("apiVersion").and_then(Value::as_str)?;
    let kind = object.get("kind").and_then(Value::as_str)?;
    let with = (api_version, kind, object);
    let error = decode::<Pod>(with)
        .or_else(|| decode::<Service>(with))
        .or_else(|| decode::<Namespace>(with))
        .or_else(|| decode::<PersistentVolumeClaim>(with))
        .or_else(|| decode::<PersistentVolume>(with))
        .or_else(|| decode::<Deployment>(with))
        .or_else(|| decode::<StatefulSet>(with))
        .or_else(|| decode::<DaemonSet>(with))
        .or_else(|| decode::<NetworkPolicy>(with))
        .or_else(|| decode::<Ingress>(with))??;
    Some(format!("it does not read as a {kind}: {error}"))
}

/// `None` when the object is not a `K`; otherwise whether it decodes as one.
fn decode<K: Resource + DeserializeOwned>(
    (api_version, kind, object): (&str, &str, &Value),
) -> Option<Option<String>> {
    (K::API_VERSION == api_version && K::KIND == kind)
        .then(|| K::deserialize(object).err().map(|e| e.to_string()))
}

/// `Cluster ns/name` as far as it was read: a name YAML read as another type shows as read.
pub(super) fn describe(object: &Value) -> String {
    let kind = object["kind"].as_str().unwrap_or("object");
    let text = |pointer: &str| match object.pointer(pointer) {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    let (namespace, name) = (text("/metadata/namespace"), text("/metadata/name"));
    match (namespace.is_empty(), name.is_empty()) {
        (_, true) => kind.to_string(),
        (true, false) => format!("{kind} {name}"),
        (false, false) => format!("{kind} {namespace}/{name}"),
    }
}

/// YAML reads unquoted `true`, `yes`, `on`, `1.10` as booleans and numbers.
fn not_a_string(field: &str, value: &Value) -> String {
    let yaml = if matches!(value, Value::Bool(_) | Value::Number(_)) {
        " (YAML reads unquoted true, yes, on or numbers so; quote such names)"
    } else {
        ""
    };
    format!("{field} is {}, not a string{yaml}", json_type(value))
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a map",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn built_in_kinds_must_decode_as_their_type() {
        let service = |spec: Value| json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s", "namespace": "a"}, "spec": spec});
        assert_eq!(
            unreadable(&service(
                json!({"type": "LoadBalancer", "ports": [{"port": 80}]})
            )),
            None
        );
        let why = unreadable(&service(json!({"ports": "80"}))).expect("unreadable");
        assert!(
            why.starts_with("it does not read as a Service: invalid type"),
            "{why}"
        );
        // Another version of a kind is not judged by the type of this one.
        let old = json!({"apiVersion": "extensions/v1beta1", "kind": "Ingress", "metadata": {"name": "i"}, "spec": 3});
        assert_eq!(unreadable(&old), None);
        // Custom kinds: only their metadata.
        let cluster = json!({"apiVersion": "cluster.x-k8s.io/v1beta1", "kind": "Cluster", "metadata": {"name": "c"}, "spec": 3});
        assert_eq!(unreadable(&cluster), None);
    }

    #[test]
    fn the_description_shows_names_as_read() {
        let object =
            json!({"kind": "NetworkPolicy", "metadata": {"name": "deny-all", "namespace": true}});
        assert_eq!(describe(&object), "NetworkPolicy true/deny-all");
        assert_eq!(describe(&json!({"kind": "Pod"})), "Pod");
    }
}
