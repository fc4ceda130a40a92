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

fn expected_note(dir: &Path, document: &str, object: &str) -> String {
    format!(
        "note: {}, {document}: {object} cannot be read: metadata.name is a list, not a string; it is left out",
        dir.join("dump.yaml").display()
    )
}

#[test]
fn stack_status_names_an_unreadable_cluster() {
    let dir = tempfile::tempdir().unwrap();
    let (out, stderr) = run(dir.path(), CLUSTERS, &["stack", "status", "-A"]);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains(&expected_note(
            dir.path(),
            "document 1, item 2",
            r#"Cluster tenant/["broken"]"#
        )),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("good"), "{stdout}");

    // Alone, it used to give "No Clusters found" and nothing else.
    let only_broken =
        "---\napiVersion: cluster.x-k8s.io/v1beta1\nkind: Cluster\nmetadata:\n  name: [broken]\n";
    let (out, stderr) = run(
        dir.path(),
        only_broken,
        &["stack", "status", "-A", "-o", "json"],
    );
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains(&expected_note(
            dir.path(),
            "document 1",
            r#"Cluster ["broken"]"#
        )),
        "{stderr}"
    );
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
    let dir = tempfile::tempdir().unwrap();
    let (_, stderr) = run(dir.path(), CLUSTERS, &["check", "kubeapi"]);
    assert!(
        stderr.contains(&expected_note(
            dir.path(),
            "document 1, item 2",
            r#"Cluster tenant/["broken"]"#
        )),
        "{stderr}"
    );
}

#[test]
fn cluster_cleanup_names_an_unreadable_service() {
    let dir = tempfile::tempdir().unwrap();
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
    let (_, stderr) = run(dir.path(), text, &["cluster", "cleanup"]);
    assert!(
        stderr.contains(&expected_note(
            dir.path(),
            "document 2",
            r#"Service a/["lb"]"#
        )),
        "{stderr}"
    );
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
