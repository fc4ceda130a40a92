//! One test per management-cluster fixture, asserting what the fixture README says a good tool
//! reports. The clock is the README's "now" column.

use std::collections::BTreeMap;

use super::{analyze_file, cluster, codes, render, scs2_release_config};
use crate::stack::{
    AddonState, CapiShape, DiagnosisCode as Code, Options, ReleaseAssets, Severity, analyze,
};

#[test]
fn healthy_cluster_has_no_findings() {
    let status = analyze_file("healthy.yaml", "2026-11-21T15:28:26Z");
    assert_eq!(status.clusters.len(), 1);
    let prod = cluster(&status, "cluster-stacks-demo/prod-1");
    assert!(prod.healthy);
    assert!(prod.diagnoses.is_empty(), "{:?}", prod.diagnoses);
    assert_eq!(prod.class.as_deref(), Some("openstack-scs2-1-33-v2"));
    assert_eq!(prod.api, CapiShape::V1beta1);
    assert_eq!(prod.phase.as_deref(), Some("Provisioned"));
    assert_eq!(prod.version.as_deref(), Some("v1.33.6"));
    assert_eq!(
        prod.control_plane.map(|r| r.ratio()).as_deref(),
        Some("3/3")
    );
    assert_eq!(prod.workers.map(|r| r.ratio()).as_deref(), Some("3/3"));
    assert_eq!(prod.addons, AddonState::Applied);
    let addon = prod.addon.as_ref().expect("ClusterAddon read");
    assert_eq!(addon.hook, None);
    assert!(addon.stages.is_empty());
    let release = prod.release.as_ref().expect("release");
    assert_eq!(release.ready, Some(true));
    assert_eq!(release.kubernetes_version.as_deref(), Some("v1.33.6"));
    assert_eq!(
        prod.stack.as_deref(),
        Some("cluster-stacks-demo/openstack-scs2-1-33")
    );

    let text = render(&prod.tree);
    assert!(text.starts_with("Cluster/prod-1 | True"), "{text}");
    for row in [
        "ClusterStack/openstack-scs2-1-33 | True",
        "ClusterStackRelease/openstack-scs2-1-33-v2 | True",
        "ClusterClass/openstack-scs2-1-33-v2 | True",
        "ClusterAddon/cluster-addon-prod-1 | True",
        "ClusterInfrastructure - OpenStackCluster/prod-1-wpsc4 | True",
        "ControlPlane - KubeadmControlPlane/prod-1-vjzkm | True",
        "MachineDeployment/prod-1-md-0-t58jn | True",
    ] {
        assert!(text.contains(row), "missing {row} in\n{text}");
    }
    assert!(!text.contains("Hook "), "no hook runs:\n{text}");

    assert_eq!(status.stacks.len(), 1);
    let stack = &status.stacks[0];
    assert_eq!(stack.stack, "cluster-stacks-demo/openstack-scs2-1-33");
    assert!(stack.diagnoses.is_empty());
    assert_eq!(stack.usable_versions, ["v1", "v2"]);
    assert_eq!(stack.releases[1].used_by, ["prod-1"]);
}

#[test]
fn hook_not_called_is_explained_by_the_extension_config() {
    let status = analyze_file("hook-not-called.yaml", "2026-11-21T14:28:36Z");
    let dev = cluster(&status, "cluster-stacks-hook/dev-1");
    assert!(!dev.healthy);
    assert_eq!(codes(dev), [Code::HookNotCalled]);
    assert_eq!(dev.addons, AddonState::NotInstalled);
    let d = &dev.diagnoses[0];
    assert_eq!(d.severity, Severity::Error);
    for fact in [
        "not installed",
        "51m",
        "AfterControlPlaneInitialized",
        "HookServerUnresponsive",
        "cso-hook-server-extensionconfig is not discovered",
        "connection refused",
        "misleading",
    ] {
        assert!(d.message.contains(fact), "{fact:?} not in {}", d.message);
    }
    for fact in ["cso-hook-server-svc", "cso-system", "EXP_RUNTIME_SDK=true"] {
        assert!(d.hint.contains(fact), "{fact:?} not in {}", d.hint);
    }
    let text = render(&dev.tree);
    assert!(
        text.contains(
            "ExtensionConfig/cso-hook-server-extensionconfig | False | Error | DiscoveryFailed"
        ),
        "{text}"
    );
    // CAPI itself is content; the tree shows that too.
    assert!(text.starts_with("Cluster/dev-1 | True"), "{text}");

    // With the release assets the missing addons are named.
    let assets = ReleaseAssets::from_configs([("openstack-scs2-1-33-v2", scs2_release_config())]);
    let items = super::load_items("hook-not-called.yaml");
    let opts = Options {
        releases: Some(assets),
        ..Options::at("2026-11-21T14:28:36Z".parse().expect("time"))
    };
    let status = analyze(&items, &opts);
    let d = &cluster(&status, "cluster-stacks-hook/dev-1").diagnoses[0];
    assert!(
        d.message.contains("(cni, metrics-server, csi, ccm)"),
        "{}",
        d.message
    );
}

#[test]
fn upgrade_pending_is_blocked_by_before_cluster_upgrade() {
    let status = analyze_file("upgrade-pending.yaml", "2026-11-21T15:33:45Z");
    for (name, stage, detail, hint) in [
        (
            "prod-1",
            "stage csi is waitingForPreCondition",
            "failed to successfully evaluate pre condition: \"csi\"",
            "waitForPreCondition CEL expression of stage csi",
        ),
        (
            "prod-2",
            "stage metrics-server is applyingOrDeleting",
            "failed to successfully apply helm chart: \"metrics-server\"",
            "apply error of stage metrics-server in the CSO logs",
        ),
    ] {
        let c = cluster(&status, &format!("cluster-stacks-upgrade/{name}"));
        assert!(!c.healthy);
        assert_eq!(
            codes(c),
            [Code::UpgradeBlocked, Code::UpgradePending],
            "{name}"
        );
        let blocked = &c.diagnoses[0];
        assert_eq!(blocked.severity, Severity::Error);
        for fact in [
            "from openstack-scs2-1-33-v2 (Kubernetes v1.33.6)",
            "to openstack-scs2-1-34-v1 (Kubernetes v1.34.3)",
            "blocked for 30m",
            "BeforeClusterUpgrade",
            stage,
            detail,
            "control plane has not started upgrading (v1.33.6)",
        ] {
            assert!(
                blocked.message.contains(fact),
                "{name}: {fact:?} not in {}",
                blocked.message
            );
        }
        assert!(blocked.hint.contains(hint), "{name}: {}", blocked.hint);
        let pending = &c.diagnoses[1];
        assert_eq!(pending.severity, Severity::Warning);
        assert!(pending.message.contains("openstack-scs2-1-33-v2"));
        assert!(pending.message.contains("openstack-scs2-1-34-v1"));
        assert_eq!(
            c.addon.as_ref().and_then(|a| a.hook.as_deref()),
            Some("BeforeClusterUpgrade")
        );
        let text = render(&c.tree);
        assert!(
            text.contains("Hook BeforeClusterUpgrade |  |  |  |  | openstack-scs2-1-33-v2 → openstack-scs2-1-34-v1"),
            "{text}"
        );
        assert!(
            text.contains(
                "Condition TopologyReconciled | False | Info | LifecycleHookBlocking | 30m"
            ),
            "{text}"
        );
    }
    let prod1 = cluster(&status, "cluster-stacks-upgrade/prod-1");
    let phases: Vec<(&str, &str)> = prod1
        .addon
        .as_ref()
        .map(|a| {
            a.stages
                .iter()
                .map(|s| (s.name.as_str(), s.phase.as_str()))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        phases,
        [
            ("cni", "done"),
            ("metrics-server", "done"),
            ("csi", "waitingForPreCondition"),
            ("ccm", "Pending")
        ]
    );
}

#[test]
fn addon_failing_names_objects_and_stage() {
    let status = analyze_file("addon-failing.yaml", "2026-11-21T14:58:55Z");
    let legacy = cluster(&status, "cluster-stacks-legacy/legacy-1");
    assert_eq!(codes(legacy), [Code::AddonApplyFailing]);
    assert_eq!(legacy.addons, AddonState::Failing);
    let d = &legacy.diagnoses[0];
    assert_eq!(d.severity, Severity::Error);
    for fact in [
        "openstack-scs-1-29-v2",
        "for 29m",
        "2 of 18 objects not synced",
        "storage.k8s.io/v1 CSIDriver cinder.csi.openstack.org",
        "spec.attachRequired: Invalid value: false: field is immutable",
        "storage.k8s.io/v1 StorageClass csi-cinder-sc-delete",
        "parameters: Forbidden: updates to parameters are forbidden.",
    ] {
        assert!(d.message.contains(fact), "{fact:?} not in {}", d.message);
    }
    for fact in [
        "kubectl delete csidriver.storage.k8s.io cinder.csi.openstack.org",
        "kubectl delete storageclass.storage.k8s.io csi-cinder-sc-delete",
        "re-creates",
    ] {
        assert!(d.hint.contains(fact), "{fact:?} not in {}", d.hint);
    }
    let addon = legacy.addon.as_ref().expect("addon");
    assert_eq!(addon.synced_objects, 16);
    assert_eq!(addon.not_synced.len(), 2);

    let web = cluster(&status, "cluster-stacks-legacy/web-2");
    assert_eq!(codes(web), [Code::AddonApplyFailing]);
    let d = &web.diagnoses[0];
    for fact in [
        "Initial addon installation (AfterControlPlaneInitialized)",
        "for 1h18m",
        "stage csi is applyingOrDeleting",
        "not yet applied: ccm",
    ] {
        assert!(d.message.contains(fact), "{fact:?} not in {}", d.message);
    }
    assert!(d.hint.contains("CSO logs"), "{}", d.hint);
    // Both are fine on the CAPI side.
    for c in [legacy, web] {
        assert!(!c.has(Code::ReplicasNotReady) && !c.has(Code::ClusterNotProvisioned));
        assert!(c.control_plane.is_some_and(|r| !r.short()));
    }
}

#[test]
fn release_not_ready_stops_provisioning() {
    let status = analyze_file("release-not-ready.yaml", "2026-11-21T14:14:04Z");
    let stage = cluster(&status, "cluster-stacks-staging/stage-1");
    assert!(!stage.healthy);
    assert_eq!(
        codes(stage),
        [Code::ReleaseNotReady, Code::ClusterNotProvisioned]
    );
    assert!(
        stage
            .diagnoses
            .iter()
            .all(|d| d.severity == Severity::Error)
    );
    let release = &stage.diagnoses[0];
    for fact in [
        "openstack-scs2-1-33-v3",
        "not ready for 45m",
        "assets not downloaded yet",
        "usable versions: v2",
    ] {
        assert!(
            release.message.contains(fact),
            "{fact:?} not in {}",
            release.message
        );
    }
    assert!(release.hint.contains("asset source"), "{}", release.hint);
    let provisioning = &stage.diagnoses[1];
    for fact in [
        "ClusterClass openstack-scs2-1-33-v3 does not exist",
        "no control plane or infrastructure object",
        "misleading",
    ] {
        assert!(
            provisioning.message.contains(fact),
            "{fact:?} not in {}",
            provisioning.message
        );
    }
    assert_eq!(stage.release.as_ref().and_then(|r| r.ready), Some(false));

    let stack = &status.stacks[0];
    assert_eq!(stack.usable_versions, ["v2"]);
    assert_eq!(stack.diagnoses.len(), 1);
    let d = &stack.diagnoses[0];
    assert_eq!(
        (d.code, d.severity),
        (Code::ReleaseNotReady, Severity::Error)
    );
    assert!(
        d.message.contains("used by Cluster(s) stage-1"),
        "{}",
        d.message
    );

    // Without the Cluster, the release is still reported although the ClusterStack says Ready.
    let items: Vec<_> = super::load_items("release-not-ready.yaml")
        .into_iter()
        .filter(|o| o["kind"] != "Cluster")
        .collect();
    let status = analyze(
        &items,
        &Options::at("2026-11-21T14:14:04Z".parse().expect("time")),
    );
    let d = &status.stacks[0].diagnoses[0];
    assert_eq!(
        (d.code, d.severity),
        (Code::ReleaseNotReady, Severity::Warning)
    );
    assert!(d.message.contains("used by no Cluster"), "{}", d.message);
    assert!(
        d.message.contains("still reports Ready=True"),
        "{}",
        d.message
    );
}

#[test]
fn openstack_cidrs_clusters_are_healthy_stack_wise() {
    let status = analyze_file("openstack-cidrs.yaml", "2026-11-21T14:29:15Z");
    assert_eq!(status.clusters.len(), 8);
    for c in &status.clusters {
        assert!(
            c.healthy && c.diagnoses.is_empty(),
            "{}: {:?}",
            c.cluster,
            c.diagnoses
        );
        assert_eq!(c.addons, AddonState::Applied);
    }
    let names: Vec<&str> = status.clusters.iter().map(|c| c.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted, "ordered by name");
}

#[test]
fn many_clusters_counts_per_namespace() {
    let status = analyze_file("many-clusters.yaml", "2026-11-21T15:30:27Z");
    assert_eq!(status.clusters.len(), 120);
    assert_eq!(status.stacks.len(), 6);
    for ns in ["tenant-a", "tenant-b", "tenant-c"] {
        let clusters: Vec<_> = status
            .clusters
            .iter()
            .filter(|c| c.namespace == ns)
            .collect();
        assert_eq!(clusters.len(), 40);
        let count = |code: Code| clusters.iter().filter(|c| c.has(code)).count();
        let applied = clusters
            .iter()
            .filter(|c| c.addons == AddonState::Applied)
            .count();
        assert_eq!(applied, 31, "{ns}: ClusterAddons ready");
        assert_eq!(count(Code::UpgradeBlocked), 3, "{ns}: upgrades blocked");
        let first_installs = clusters
            .iter()
            .filter(|c| {
                c.has(Code::AddonApplyFailing)
                    && c.addon.as_ref().and_then(|a| a.hook.as_deref())
                        == Some("AfterControlPlaneInitialized")
            })
            .count();
        assert_eq!(count(Code::AddonApplyFailing), 3, "{ns}: failing installs");
        assert_eq!(first_installs, 3, "{ns}: failing first installs");
        assert_eq!(count(Code::HookNotCalled), 2, "{ns}: hooks never called");
        assert_eq!(
            count(Code::ClusterNotProvisioned),
            1,
            "{ns}: control plane not reachable"
        );
        assert_eq!(
            count(Code::ReplicasNotReady),
            3,
            "{ns}: cl-037, cl-039, cl-040"
        );
        assert_eq!(
            clusters.iter().filter(|c| c.healthy).count(),
            28,
            "{ns}: healthy"
        );

        let updates: BTreeMap<&str, &str> = clusters
            .iter()
            .filter_map(|c| {
                let d = c
                    .diagnoses
                    .iter()
                    .find(|d| d.code == Code::UpdateAvailable)?;
                Some((c.name.as_str(), d.message.as_str()))
            })
            .collect();
        assert_eq!(
            updates.keys().copied().collect::<Vec<_>>(),
            ["cl-021", "cl-022", "cl-023", "cl-024"],
            "{ns}"
        );
        for (name, message) in &updates {
            assert!(
                message.starts_with("openstack-scs2-1-33-v2 is available")
                    && message.contains("openstack-scs2-1-33-v1"),
                "{ns}/{name}: {message}"
            );
        }
        let cl038 = clusters
            .iter()
            .find(|c| c.name == "cl-038")
            .expect("cl-038");
        assert_eq!(
            cl038.first_diagnosis().map(|d| d.code),
            Some(Code::ClusterNotProvisioned)
        );
        assert!(
            cl038.diagnoses[0]
                .message
                .contains("control plane not initialized")
        );
        let cl037 = clusters
            .iter()
            .find(|c| c.name == "cl-037")
            .expect("cl-037");
        assert!(
            cl037.diagnoses[0]
                .message
                .contains("control plane 1/3 ready")
        );
        assert!(cl037.diagnoses[0].message.contains("workers 0/2 ready"));
    }
    // The stage each stuck hook waits at, as the README lists them for tenant-a.
    let stage_of = |name: &str| {
        let c = cluster(&status, &format!("tenant-a/{name}"));
        let d = c
            .diagnoses
            .iter()
            .find(|d| matches!(d.code, Code::UpgradeBlocked | Code::AddonApplyFailing))
            .expect("diagnosis");
        d.message.clone()
    };
    for (name, stage) in [
        ("cl-029", "stage ccm"),
        ("cl-030", "stage ccm"),
        ("cl-031", "stage metrics-server"),
        ("cl-032", "stage csi"),
        ("cl-033", "stage csi"),
        ("cl-034", "stage csi"),
    ] {
        assert!(stage_of(name).contains(stage), "{name}: {}", stage_of(name));
    }
}

#[test]
fn capi_v1beta2_reads_like_healthy() {
    let status = analyze_file("capi-v1beta2.yaml", "2026-11-21T15:33:25Z");
    let prod = cluster(&status, "cluster-stacks-v1beta2/prod-1");
    assert_eq!(prod.api, CapiShape::V1beta2);
    assert!(prod.healthy);
    assert!(prod.diagnoses.is_empty(), "{:?}", prod.diagnoses);
    assert_eq!(prod.class.as_deref(), Some("openstack-scs2-1-33-v2"));
    assert_eq!(
        prod.control_plane.map(|r| r.ratio()).as_deref(),
        Some("3/3")
    );
    assert_eq!(prod.workers.map(|r| r.ratio()).as_deref(), Some("3/3"));
    assert_eq!(prod.addons, AddonState::Applied);
    let text = render(&prod.tree);
    assert!(text.starts_with("Cluster/prod-1 | True"), "{text}");
    assert!(
        text.contains("ControlPlane - KubeadmControlPlane/prod-1-kpqt7 | True"),
        "{text}"
    );
    assert!(
        text.contains("ClusterInfrastructure - OpenStackCluster/prod-1-6gs77 | True"),
        "{text}"
    );
}

#[test]
fn json_output_keeps_the_stable_keys() {
    let status = analyze_file("upgrade-pending.yaml", "2026-11-21T15:33:45Z");
    let json = serde_json::to_value(&status).expect("serializes");
    let first = &json["clusters"][0];
    assert_eq!(first["cluster"], "cluster-stacks-upgrade/prod-1");
    assert_eq!(first["healthy"], false);
    assert_eq!(first["class"], "openstack-scs2-1-34-v1");
    assert_eq!(first["diagnoses"][0]["code"], "UpgradeBlocked");
    assert_eq!(first["diagnoses"][0]["severity"], "error");
    assert!(first["diagnoses"][0]["message"].is_string());
    assert!(first["diagnoses"][0]["hint"].is_string());
    assert_eq!(first["controlPlane"]["ready"], 3);
    assert_eq!(first["addons"], "upgrading");
    assert!(first.get("tree").is_none(), "the tree is for humans only");
    assert_eq!(
        json["stacks"][0]["stack"],
        "cluster-stacks-upgrade/openstack-scs2-1-33"
    );
    assert!(json["stacks"][0]["diagnoses"].is_array());
}

#[test]
fn cluster_option_selects_one_cluster_and_its_stack() {
    let items = super::load_items("upgrade-pending.yaml");
    let opts = Options {
        cluster: Some("prod-2".to_owned()),
        ..Options::at("2026-11-21T15:33:45Z".parse().expect("time"))
    };
    let status = analyze(&items, &opts);
    assert_eq!(status.clusters.len(), 1);
    assert_eq!(status.clusters[0].cluster, "cluster-stacks-upgrade/prod-2");
    let stacks: Vec<&str> = status.stacks.iter().map(|s| s.stack.as_str()).collect();
    assert_eq!(stacks, ["cluster-stacks-upgrade/openstack-scs2-1-34"]);
}

#[test]
fn copies_in_other_namespaces_do_not_interact() {
    // The bench's linearity input: k copies with renamed namespaces must give k times the same
    // findings, which also shows that no lookup crosses namespaces.
    fn rename(value: &mut serde_json::Value, suffix: &str) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, v) in map.iter_mut() {
                    match v {
                        serde_json::Value::String(s)
                            if key == "namespace" || key == "classNamespace" =>
                        {
                            s.push_str(suffix)
                        }
                        _ => rename(v, suffix),
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|v| rename(v, suffix)),
            _ => {}
        }
    }
    let items = super::load_items("many-clusters.yaml");
    let opts = Options::at("2026-11-21T15:30:27Z".parse().expect("time"));
    let single = analyze(&items, &opts);
    let doubled: Vec<_> = ["-x", "-y"]
        .iter()
        .flat_map(|suffix| {
            items.iter().map(move |item| {
                let mut item = item.clone();
                rename(&mut item, suffix);
                item
            })
        })
        .collect();
    let status = analyze(&doubled, &opts);
    assert_eq!(status.clusters.len(), 2 * single.clusters.len());
    assert_eq!(status.stacks.len(), 2 * single.stacks.len());
    let messages = |s: &crate::stack::StackStatus| -> Vec<String> {
        s.clusters
            .iter()
            .flat_map(|c| c.diagnoses.iter().map(|d| d.message.clone()))
            .collect()
    };
    let mut expected = messages(&single);
    expected.extend(messages(&single));
    expected.sort();
    let mut got = messages(&status);
    got.sort();
    assert_eq!(got, expected);
}
