//! `stack status` against a real API server, with the fixture objects loaded into it.

use std::path::Path;
use std::process::Command;

use kube::api::{Api, DeleteParams, DynamicObject, Patch, PatchParams, PostParams};
use kube::core::{ApiResource, GroupVersionKind};
use kube::discovery::Discovery;
use serde_json::{Value, json};

type Test = fn(&Path) -> Result<(), String>;

pub fn trials() -> Vec<(String, Test)> {
    vec![
        (
            "stack_status_diagnoses_upgrade_pending_on_a_real_cluster".to_string(),
            stack_status_upgrade_pending as Test,
        ),
        (
            "check_networking_native_reaches_a_verdict_and_cleans_up".to_string(),
            check_networking_native as Test,
        ),
        (
            "check_versions_judges_the_real_version_and_nodes".to_string(),
            check_versions as Test,
        ),
    ]
}

/// `check versions` with the built-in data: a verdict whose exit code matches it, the version
/// `/version` reports, and every node's kubelet (or a note that nodes may not be listed).
fn check_versions(kubeconfig: &Path) -> Result<(), String> {
    let output = Command::new(env!("CARGO_BIN_EXE_kubectl-scs"))
        .args(["--kubeconfig"])
        .arg(kubeconfig)
        .args(["check", "versions", "-o", "json"])
        .output()
        .map_err(|e| format!("cannot run the binary: {e}"))?;
    let doc = json_stdout(&output)?;
    let expected = match doc["verdict"].as_str() {
        Some("PASS") => 0,
        Some("FAIL") => 1,
        Some("ABORT") => 3,
        other => return Err(format!("no verdict: {other:?}")),
    };
    if output.status.code() != Some(expected) {
        return Err(format!(
            "exit {:?} for {}",
            output.status.code(),
            doc["verdict"]
        ));
    }
    let given = doc["kubernetesVersion"].as_str().unwrap_or_default();
    let version = doc["version"].as_str().unwrap_or_default();
    if version.is_empty() || !given.trim_start_matches('v').starts_with(version) {
        return Err(format!("{given:?} was judged as {version:?}"));
    }
    let noted = String::from_utf8_lossy(&output.stderr).contains("kubelet versions are not shown");
    match doc["nodes"].as_array() {
        Some(nodes) if nodes.iter().all(|n| n["kubeletVersion"].is_string()) => {}
        None if noted => {}
        _ => return Err(format!("nodes: {}", doc["nodes"])),
    }
    eprintln!("check versions: {} {version}", doc["verdict"]);
    Ok(())
}

/// The native NetworkPolicy check end to end (SCTP left out to keep it short): a verdict
/// (PASS, or FAIL on a CNI that does not enforce everything), a time for every test, and no
/// namespace of the run left behind. Prints the time and rounds per test.
fn check_networking_native(kubeconfig: &Path) -> Result<(), String> {
    let run_id = format!("e2e{}", std::process::id());
    let output = Command::new(env!("CARGO_BIN_EXE_kubectl-scs"))
        .args(["--kubeconfig"])
        .arg(kubeconfig)
        .args([
            "check",
            "networking",
            "--mode",
            "native",
            "--skip",
            "SCTPConnectivity",
        ])
        .args(["--run-id", &run_id, "-o", "json"])
        .output()
        .map_err(|e| e.to_string())?;
    let doc = json_stdout(&output)?;
    let verdict = doc["verdict"].as_str().unwrap_or_default();
    if !matches!(
        (verdict, output.status.code()),
        ("PASS", Some(0)) | ("FAIL", Some(1))
    ) {
        return Err(format!(
            "no verdict: {verdict} ({:?}): {}",
            output.status.code(),
            doc["message"]
        ));
    }
    for s in doc["native"]["scenarios"].as_array().into_iter().flatten() {
        println!(
            "{:>6.1}s {:>3} rounds {:>4} execs  {}  {}",
            s["seconds"].as_f64().unwrap_or_default(),
            s["groups"].as_array().map_or(0, |g| g
                .iter()
                .map(|g| g["rounds"].as_array().map_or(0, Vec::len))
                .sum()),
            s["groups"].as_array().map_or(0, |g| g
                .iter()
                .map(|g| g["execs"].as_u64().unwrap_or_default())
                .sum()),
            s["status"].as_str().unwrap_or_default(),
            s["name"].as_str().unwrap_or_default()
        );
    }
    println!(
        "{verdict}: {} in {:.0}s",
        doc["message"],
        doc["native"]["durationSeconds"]
            .as_f64()
            .unwrap_or_default()
    );
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    let client = runtime.block_on(client(kubeconfig))?;
    let namespaces: Api<k8s_openapi::api::core::v1::Namespace> = Api::all(client);
    let left = runtime
        .block_on(
            namespaces.list(
                &kube::api::ListParams::default()
                    .labels(&format!("kubectl-scs.scs.community/run-id={run_id}")),
            ),
        )
        .map_err(|e| e.to_string())?;
    let alive: Vec<String> = left
        .items
        .iter()
        .filter(|n| n.metadata.deletion_timestamp.is_none())
        .filter_map(|n| n.metadata.name.clone())
        .collect();
    if !alive.is_empty() {
        return Err(format!("namespaces left behind: {alive:?}"));
    }
    Ok(())
}

/// The JSON document a run printed, or what it said on stderr instead.
fn json_stdout(output: &std::process::Output) -> Result<Value, String> {
    serde_json::from_slice(&output.stdout).map_err(|e| {
        format!(
            "no JSON on stdout ({e}); stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

fn fixture(path: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(path),
    )
    .unwrap_or_default()
}

fn items(text: &str) -> Vec<Value> {
    kubectl_scs::kube::dump::parse_dump("fixture", text).unwrap_or_default()
}

fn stack_status_upgrade_pending(kubeconfig: &Path) -> Result<(), String> {
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    let namespace = format!("kubectl-scs-e2e-{}", std::process::id());
    let client = runtime.block_on(client(kubeconfig))?;
    let installed = runtime.block_on(install_crds(&client))?;
    let loaded = runtime.block_on(load_fixture(
        &client,
        &namespace,
        "mgmt/upgrade-pending.yaml",
    ));
    let run = loaded.and_then(|()| {
        let output = Command::new(env!("CARGO_BIN_EXE_kubectl-scs"))
            .args(["--kubeconfig"])
            .arg(kubeconfig)
            .args(["stack", "status", "-n", &namespace, "-o", "json"])
            .env("KUBECTL_SCS_NOW", "2026-11-21T15:33:45Z")
            .output()
            .map_err(|e| e.to_string())?;
        let doc = json_stdout(&output)?;
        let codes: Vec<String> = doc["clusters"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|c| c["diagnoses"].as_array().cloned().unwrap_or_default())
            .filter_map(|d| d["code"].as_str().map(str::to_string))
            .collect();
        if codes.iter().filter(|c| *c == "UpgradeBlocked").count() != 2 {
            return Err(format!(
                "expected UpgradeBlocked for prod-1 and prod-2, got {codes:?}"
            ));
        }
        Ok(())
    });
    runtime.block_on(cleanup(&client, &namespace, &installed));
    run
}

async fn client(kubeconfig: &Path) -> Result<kube::Client, String> {
    let kc = kube::config::Kubeconfig::read_from(kubeconfig).map_err(|e| e.to_string())?;
    let config = kube::Config::from_custom_kubeconfig(kc, &Default::default())
        .await
        .map_err(|e| e.to_string())?;
    kube::Client::try_from(config).map_err(|e| e.to_string())
}

fn crd_api(client: &kube::Client) -> Api<DynamicObject> {
    let gvk = GroupVersionKind::gvk("apiextensions.k8s.io", "v1", "CustomResourceDefinition");
    Api::all_with(client.clone(), &ApiResource::from_gvk(&gvk))
}

/// Installs the fixture CRDs that are missing; returns the names of those it installed.
async fn install_crds(client: &kube::Client) -> Result<Vec<String>, String> {
    let api = crd_api(client);
    let mut installed = Vec::new();
    for file in [
        "clusterstack.x-k8s.io_clusterstacks.yaml",
        "clusterstack.x-k8s.io_clusterstackreleases.yaml",
        "clusterstack.x-k8s.io_clusteraddons.yaml",
        "cluster.x-k8s.io_clusters.yaml",
        "cluster.x-k8s.io_clusterclasses.yaml",
        "cluster.x-k8s.io_machinedeployments.yaml",
        "controlplane.cluster.x-k8s.io_kubeadmcontrolplanes.yaml",
        "capo-v0.12.6/infrastructure.cluster.x-k8s.io_openstackclusters.yaml",
    ] {
        for crd in items(&fixture(&format!("crds/{file}"))) {
            let name = crd["metadata"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            if api
                .get_opt(&name)
                .await
                .map_err(|e| e.to_string())?
                .is_some()
            {
                continue;
            }
            let obj: DynamicObject = serde_json::from_value(crd).map_err(|e| e.to_string())?;
            api.create(&PostParams::default(), &obj)
                .await
                .map_err(|e| e.to_string())?;
            installed.push(name);
        }
    }
    // Give the API server a moment to serve the new resources.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    Ok(installed)
}

async fn load_fixture(client: &kube::Client, namespace: &str, path: &str) -> Result<(), String> {
    let ns_api: Api<DynamicObject> = Api::all_with(
        client.clone(),
        &ApiResource::from_gvk(&GroupVersionKind::gvk("", "v1", "Namespace")),
    );
    let ns: DynamicObject = serde_json::from_value(json!({
        "apiVersion": "v1", "kind": "Namespace",
        "metadata": {"name": namespace, "labels": {"app.kubernetes.io/managed-by": "kubectl-scs"}}
    }))
    .map_err(|e| e.to_string())?;
    ns_api
        .create(&PostParams::default(), &ns)
        .await
        .map_err(|e| e.to_string())?;
    let discovery = Discovery::new(client.clone())
        .run()
        .await
        .map_err(|e| e.to_string())?;
    for mut object in items(&fixture(path)) {
        let api_version = object["apiVersion"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let kind = object["kind"].as_str().unwrap_or_default().to_string();
        let (group, version) = api_version.rsplit_once('/').unwrap_or(("", &api_version));
        let gvk = GroupVersionKind::gvk(group, version, &kind);
        let Some((resource, caps)) = discovery.resolve_gvk(&gvk) else {
            continue;
        };
        let status = object.get("status").cloned();
        let metadata = &mut object["metadata"];
        if let Value::Object(m) = metadata {
            // Owner uids of the fixture do not exist here; the garbage collector would delete
            // the dependents.
            for key in [
                "ownerReferences",
                "uid",
                "resourceVersion",
                "creationTimestamp",
                "generation",
                "finalizers",
            ] {
                m.remove(key);
            }
            if matches!(caps.scope, kube::discovery::Scope::Namespaced) {
                m.insert("namespace".into(), json!(namespace));
            }
        }
        let name = object["metadata"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let api: Api<DynamicObject> = if matches!(caps.scope, kube::discovery::Scope::Namespaced) {
            Api::namespaced_with(client.clone(), namespace, &resource)
        } else {
            continue;
        };
        let obj: DynamicObject = serde_json::from_value(object).map_err(|e| e.to_string())?;
        api.create(&PostParams::default(), &obj)
            .await
            .map_err(|e| format!("{kind}/{name}: {e}"))?;
        if let Some(status) = status {
            api.patch_status(
                &name,
                &PatchParams::default(),
                &Patch::Merge(json!({"status": status})),
            )
            .await
            .map_err(|e| format!("{kind}/{name} status: {e}"))?;
        }
    }
    Ok(())
}

async fn cleanup(client: &kube::Client, namespace: &str, installed: &[String]) {
    let ns_api: Api<DynamicObject> = Api::all_with(
        client.clone(),
        &ApiResource::from_gvk(&GroupVersionKind::gvk("", "v1", "Namespace")),
    );
    let _ = ns_api.delete(namespace, &DeleteParams::default()).await;
    let crds = crd_api(client);
    for name in installed {
        let _ = crds.delete(name, &DeleteParams::default()).await;
    }
}
