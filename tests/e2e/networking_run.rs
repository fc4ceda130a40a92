//! `check networking` running the real NetworkPolicy e2e suite (10-30 minutes).
//!
//! Marked ignored even when a cluster is configured, because of its length: run it with
//! `cargo test --test e2e -- --include-ignored --nocapture`.

use std::path::Path;
use std::process::Command;

use k8s_openapi::api::core::v1::Namespace;
use k8s_openapi::api::rbac::v1::ClusterRole;
use kube::api::{Api, ListParams};
use serde_json::Value;

type Test = fn(&Path) -> Result<(), String>;

pub fn long_trials() -> Vec<(String, Test)> {
    vec![(
        "check_networking_runs_the_netpol_suite_and_leaves_nothing".to_string(),
        check_networking as Test,
    )]
}

fn check_networking(kubeconfig: &Path) -> Result<(), String> {
    let artifacts = tempfile::tempdir().map_err(|e| e.to_string())?;
    let output = Command::new(env!("CARGO_BIN_EXE_kubectl-scs"))
        .arg("--kubeconfig")
        .arg(kubeconfig)
        .args([
            "check",
            "networking",
            "-o",
            "json",
            "--timeout",
            "90m",
            "--artifacts",
        ])
        .arg(artifacts.path())
        .output()
        .map_err(|e| e.to_string())?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    eprintln!("{stderr}");
    let code = output.status.code();
    if !matches!(code, Some(0) | Some(1)) {
        return Err(format!(
            "expected PASS (0) or FAIL (1), got exit {code:?}: {stderr}"
        ));
    }
    let doc: Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("no JSON on stdout ({e}): {stderr}"))?;
    if doc["check"] != "kaas-networking-check" {
        return Err(format!("unexpected document: {doc}"));
    }
    if doc["focusTestsRun"].as_u64().unwrap_or(0) < 40 {
        return Err(format!(
            "fewer NetworkPolicy tests ran than upstream has: {}",
            doc["focusTestsRun"]
        ));
    }
    if !artifacts.path().join("junit_01.xml").is_file() {
        return Err("junit_01.xml was not kept in --artifacts".into());
    }
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    let left = runtime.block_on(leftovers(kubeconfig))?;
    if !left.is_empty() {
        return Err(format!("objects left behind: {left:?}"));
    }
    Ok(())
}

/// Objects of `check networking` runs still in the cluster (deleted namespaces may still
/// be terminating, so those count only when not terminating).
async fn leftovers(kubeconfig: &Path) -> Result<Vec<String>, String> {
    let kc = kube::config::Kubeconfig::read_from(kubeconfig).map_err(|e| e.to_string())?;
    let config = kube::Config::from_custom_kubeconfig(kc, &Default::default())
        .await
        .map_err(|e| e.to_string())?;
    let client = kube::Client::try_from(config).map_err(|e| e.to_string())?;
    let selector = "kubectl-scs.scs.community/purpose=kaas-networking-check";
    let params = ListParams::default().labels(selector);
    let mut left = Vec::new();
    for ns in Api::<Namespace>::all(client.clone())
        .list(&params)
        .await
        .map_err(|e| e.to_string())?
    {
        if ns.status.and_then(|s| s.phase).as_deref() != Some("Terminating") {
            left.push(format!(
                "Namespace {}",
                ns.metadata.name.unwrap_or_default()
            ));
        }
    }
    for role in Api::<ClusterRole>::all(client)
        .list(&params)
        .await
        .map_err(|e| e.to_string())?
    {
        left.push(format!(
            "ClusterRole {}",
            role.metadata.name.unwrap_or_default()
        ));
    }
    Ok(left)
}
