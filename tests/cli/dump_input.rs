//! Objects in `-f` files that do not read as Kubernetes objects are named on stderr with file
//! and position, never dropped silently.

use std::path::Path;
use std::process::Output;

use crate::support::scs;

/// A Cluster list whose second item has a list for a name (a YAML slip), next to a good one.
const CLUSTERS: &str = "\
apiVersion: v1
kind: List
items:
- apiVersion: cluster.x-k8s.io/v1beta1
  kind: Cluster
  metadata: {name: good, namespace: tenant}
- apiVersion: cluster.x-k8s.io/v1beta1
  kind: Cluster
  metadata:
    name: [broken]
    namespace: tenant
";

fn run(dir: &Path, text: &str, args: &[&str]) -> (Output, String) {
    let path = dir.join("dump.yaml");
    std::fs::write(&path, text).unwrap();
    let out = scs().args(args).arg("-f").arg(&path).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, stderr)
}

const NAME_IS_A_LIST: &str = "metadata.name is a list, not a string";

/// Runs `args -f <text>` and asserts that stderr notes the object at `position` as left out.
fn assert_noted(text: &str, args: &[&str], position: &str, object: &str) -> Output {
    assert_noted_why(text, args, position, object, NAME_IS_A_LIST)
}

fn assert_noted_why(text: &str, args: &[&str], position: &str, object: &str, why: &str) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let (out, stderr) = run(dir.path(), text, args);
    let note = format!(
        "note: {}, {position}: {object} cannot be read: {why}; it is left out",
        dir.path().join("dump.yaml").display()
    );
    assert!(stderr.contains(&note), "{note:?} not in: {stderr}");
    out
}

#[test]
fn stack_status_names_an_unreadable_cluster() {
    let broken = r#"Cluster tenant/["broken"]"#;
    let out = assert_noted(
        CLUSTERS,
        &["stack", "status", "-A"],
        "document 1, item 2",
        broken,
    );
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("good"), "{stdout}");

    // Alone, it used to give "No Clusters found" and nothing else.
    let only_broken =
        "---\napiVersion: cluster.x-k8s.io/v1beta1\nkind: Cluster\nmetadata:\n  name: [broken]\n";
    let args = ["stack", "status", "-A", "-o", "json"];
    let out = assert_noted(only_broken, &args, "document 1", r#"Cluster ["broken"]"#);
    assert_eq!(out.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let notes = doc["notes"].as_array().expect("notes in the document");
    assert!(
        notes[0]
            .as_str()
            .unwrap()
            .contains("metadata.name is a list"),
        "{doc}"
    );
}

#[test]
fn check_kubeapi_names_an_unreadable_cluster() {
    let broken = r#"Cluster tenant/["broken"]"#;
    assert_noted(
        CLUSTERS,
        &["check", "kubeapi"],
        "document 1, item 2",
        broken,
    );
}

#[test]
fn cluster_cleanup_names_an_unreadable_service() {
    let text = "\
apiVersion: v1
kind: Service
metadata: {name: ok, namespace: a}
spec: {type: ClusterIP}
---
apiVersion: v1
kind: Service
metadata: {name: [lb], namespace: a}
spec: {type: LoadBalancer}
";
    assert_noted(
        text,
        &["cluster", "cleanup"],
        "document 2",
        r#"Service a/["lb"]"#,
    );
}

#[test]
fn cluster_cleanup_names_a_service_that_does_not_decode() {
    let text = "\
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Service
  metadata: {name: lb, namespace: a}
  spec: {type: LoadBalancer, ports: \"80\"}
";
    let why = "it does not read as a Service: invalid type: string \"80\", expected a sequence";
    let out = assert_noted_why(
        text,
        &["cluster", "cleanup"],
        "document 1, item 1",
        "Service a/lb",
        why,
    );
    // Left out once, where it was read, not again by the analysis.
    assert!(!String::from_utf8_lossy(&out.stderr).contains("skipped"));
}

#[test]
fn netpol_simulate_refuses_to_simulate_without_an_unreadable_object() {
    let dir = tempfile::tempdir().unwrap();
    let text = "\
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Namespace
  metadata: {name: x}
- apiVersion: v1
  kind: Pod
  metadata: {name: [a], namespace: x}
";
    let (out, stderr) = run(dir.path(), text, &["netpol", "simulate", "-A"]);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    let expected = format!(
        "error: {}, document 1, item 2: Pod x/[\"a\"] cannot be read: metadata.name is a list, not a string",
        dir.path().join("dump.yaml").display()
    );
    assert!(stderr.contains(&expected), "{stderr}");
}
