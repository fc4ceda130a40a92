//! Release assets: loading `<tag>/clusteraddon.yaml`, AddonWillBeDropped during an upgrade, and
//! `lint_release`.

use std::path::Path;

use super::{cluster, load_items, scs2_release_config};
use crate::stack::{
    ClusterAddonConfig, DiagnosisCode as Code, Options, ReleaseAssets, ReleaseError, Severity,
    analyze, lint_assets, lint_release,
};

/// A release that forgot metrics-server in BeforeClusterUpgrade and runs an ignored hook.
const DROPS_METRICS_SERVER: &str = "\
apiVersion: clusteraddonconfig.x-k8s.io/v1alpha1
clusterAddonVersion: clusteraddons.clusterstack.x-k8s.io/v1alpha1
addonStages:
  AfterControlPlaneInitialized:
    - name: cni
      action: apply
    - name: metrics-server
      action: apply
    - name: csi
      action: apply
  BeforeClusterUpgrade:
    - name: cni
      action: apply
    - name: csi
      action: apply
      waitForPreCondition:
        objects:
          - key: csidriver
            apiVersion: storage.k8s.io/v1
            kind: CSIDriver
            name: cinder.csi.openstack.org
        conditions: csidriver.spec.attachRequired == true
  AfterClusterUpgrade:
    - name: cni
      action: apply
";

fn write_release(dir: &Path, tag: &str, text: &str) {
    let release = dir.join(tag);
    std::fs::create_dir_all(&release).expect("mkdir");
    std::fs::write(release.join("clusteraddon.yaml"), text).expect("write");
}

#[test]
fn upgrade_to_a_release_that_drops_an_addon_is_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_release(dir.path(), "openstack-scs2-1-34-v1", DROPS_METRICS_SERVER);
    let assets = ReleaseAssets::load_dir(dir.path()).expect("loads");
    let opts = Options {
        releases: Some(assets),
        ..Options::at("2026-11-21T15:33:45Z".parse().expect("time"))
    };
    let status = analyze(&load_items("upgrade-pending.yaml"), &opts);
    for name in ["prod-1", "prod-2"] {
        let c = cluster(&status, &format!("cluster-stacks-upgrade/{name}"));
        let d = c
            .diagnoses
            .iter()
            .find(|d| d.code == Code::AddonWillBeDropped)
            .unwrap_or_else(|| panic!("{name}: {:?}", c.diagnoses));
        assert_eq!(d.severity, Severity::Warning);
        for fact in [
            "openstack-scs2-1-33-v2",
            "openstack-scs2-1-34-v1",
            "metrics-server",
            "AfterControlPlaneInitialized",
            "BeforeClusterUpgrade",
        ] {
            assert!(d.message.contains(fact), "{fact:?} not in {}", d.message);
        }
        assert!(!d.message.contains("cni"), "cni is kept: {}", d.message);
    }
    // The healthy Cluster does not upgrade, so nothing is dropped.
    let status = analyze(&load_items("healthy.yaml"), &opts);
    assert!(status.clusters[0].diagnoses.is_empty());
}

#[test]
fn production_release_drops_nothing() {
    let assets = ReleaseAssets::from_configs([("openstack-scs2-1-34-v1", scs2_release_config())]);
    let opts = Options {
        releases: Some(assets),
        ..Options::at("2026-11-21T15:33:45Z".parse().expect("time"))
    };
    let status = analyze(&load_items("upgrade-pending.yaml"), &opts);
    assert!(
        status
            .clusters
            .iter()
            .all(|c| !c.has(Code::AddonWillBeDropped))
    );
    assert!(lint_release(&scs2_release_config(), "openstack-scs2-1-34-v1").is_empty());
}

#[test]
fn lint_release_reports_drops_bad_stages_and_ignored_hooks() {
    let config = ClusterAddonConfig::parse(DROPS_METRICS_SERVER, Path::new("x/clusteraddon.yaml"))
        .expect("parses");
    assert_eq!(config.dropped_on_upgrade(), ["metrics-server"]);
    let found = lint_release(&config, "openstack-scs2-1-34-v1");
    let codes: Vec<(Code, Severity)> = found.iter().map(|d| (d.code, d.severity)).collect();
    assert_eq!(
        codes,
        [
            (Code::AddonWillBeDropped, Severity::Warning),
            (Code::AddonStageIgnored, Severity::Info)
        ]
    );
    assert!(
        found[0]
            .message
            .contains("openstack-scs2-1-34-v1/clusteraddon.yaml")
    );
    assert!(found[0].message.contains("metrics-server"));
    assert!(found[1].message.contains("AfterClusterUpgrade"));

    let broken = "\
addonStages:
  AfterControlPlaneInitialized:
    - name: cni
      action: install
    - name: cni
      action: apply
    - action: apply
      waitForPostCondition:
        conditions: ''
";
    let config =
        ClusterAddonConfig::parse(broken, Path::new("b/clusteraddon.yaml")).expect("parses");
    let found = lint_release(&config, "b");
    let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
    // Without BeforeClusterUpgrade stages every addon would be dropped on upgrade.
    assert!(
        found
            .iter()
            .all(|d| matches!(d.code, Code::AddonConfigInvalid | Code::AddonWillBeDropped)),
        "{messages:?}"
    );
    assert!(found.iter().any(|d| d.code == Code::AddonWillBeDropped));
    for fact in [
        "stage cni has action \"install\"",
        "stage has no name",
        "stage (unnamed) has a waitForPostCondition without a CEL expression",
        "waitForPostCondition that names no objects",
        "stage cni appears twice",
    ] {
        assert!(
            messages.iter().any(|m| m.contains(fact)),
            "{fact:?} not in {messages:?}"
        );
    }
    // Errors come before the warning.
    assert_eq!(found[0].severity, Severity::Error);
    // Every finding names the file and index it is about.
    assert!(
        messages
            .iter()
            .all(|m| m.starts_with("b/clusteraddon.yaml"))
    );
}

#[test]
fn load_dir_accepts_one_release_or_a_directory_of_releases() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A directory as CSO keeps it: <dir>/cluster-stacks/<tag>/.
    let stacks = dir.path().join("cluster-stacks");
    write_release(&stacks, "openstack-scs2-1-34-v1", DROPS_METRICS_SERVER);
    write_release(&stacks, "openstack-scs2-1-33-v2", "addonStages: {}\n");
    let old = stacks.join("openstack-scs-1-29-v2");
    std::fs::create_dir_all(&old).expect("mkdir");
    std::fs::write(old.join("cluster-addon-values.yaml"), "values: ''\n").expect("write");
    std::fs::create_dir_all(stacks.join("unrelated")).expect("mkdir");

    let assets = ReleaseAssets::load_dir(dir.path()).expect("loads");
    let tags: Vec<&str> = assets.configs().map(|(t, _)| t).collect();
    assert_eq!(tags, ["openstack-scs2-1-33-v2", "openstack-scs2-1-34-v1"]);
    assert_eq!(assets.old_style(), ["openstack-scs-1-29-v2"]);
    assert!(assets.config("openstack-scs2-1-34-v1").is_some());
    let linted = lint_assets(&assets);
    assert_eq!(linted.len(), 2);
    assert!(
        linted[0]
            .1
            .iter()
            .any(|d| d.code == Code::AddonConfigInvalid),
        "empty AfterControlPlaneInitialized is flagged: {:?}",
        linted[0].1
    );

    // One release directory on its own: its name is the tag.
    let single = ReleaseAssets::load_dir(&stacks.join("openstack-scs2-1-34-v1")).expect("loads");
    let tags: Vec<&str> = single.configs().map(|(t, _)| t).collect();
    assert_eq!(tags, ["openstack-scs2-1-34-v1"]);
}

#[test]
fn load_dir_errors_name_the_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    match ReleaseAssets::load_dir(dir.path()) {
        Err(e @ ReleaseError::NoReleases { .. }) => {
            assert!(e.to_string().contains("holds no release"), "{e}");
        }
        other => panic!("expected NoReleases, got {other:?}"),
    }
    write_release(dir.path(), "bad-1-2-3-v1", "addonStages: [unclosed\n");
    match ReleaseAssets::load_dir(dir.path()) {
        Err(e @ ReleaseError::Parse { .. }) => {
            let text = e.to_string();
            assert!(text.contains("bad-1-2-3-v1/clusteraddon.yaml"), "{text}");
        }
        other => panic!("expected Parse, got {other:?}"),
    }
    match ReleaseAssets::load_dir(&dir.path().join("missing")) {
        Err(e @ ReleaseError::ReadDir { .. }) => assert!(e.to_string().contains("missing")),
        other => panic!("expected ReadDir, got {other:?}"),
    }
}
