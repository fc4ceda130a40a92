//! `stack status`: every management-cluster scenario of tests/fixtures/mgmt, offline (`-f`) and
//! live (fake API server), with the same result both ways.

use std::collections::BTreeMap;

use predicates::prelude::*;
use serde_json::Value;

use crate::support::{assert_exit, fixture, scs};

/// A scenario file, the clock its README prescribes, and the diagnosis codes a good tool reports.
pub struct Scenario {
    pub file: &'static str,
    pub now: &'static str,
    pub clusters: &'static [(&'static str, &'static [&'static str])],
    pub stacks: &'static [(&'static str, &'static [&'static str])],
}

pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        file: "healthy",
        now: "2026-11-21T15:28:26Z",
        clusters: &[("cluster-stacks-demo/prod-1", &[])],
        stacks: &[("cluster-stacks-demo/openstack-scs2-1-33", &[])],
    },
    Scenario {
        file: "hook-not-called",
        now: "2026-11-21T14:28:36Z",
        clusters: &[("cluster-stacks-hook/dev-1", &["HookNotCalled"])],
        stacks: &[("cluster-stacks-hook/openstack-scs2-1-33", &[])],
    },
    Scenario {
        file: "upgrade-pending",
        now: "2026-11-21T15:33:45Z",
        clusters: &[
            (
                "cluster-stacks-upgrade/prod-1",
                &["UpgradeBlocked", "UpgradePending"],
            ),
            (
                "cluster-stacks-upgrade/prod-2",
                &["UpgradeBlocked", "UpgradePending"],
            ),
        ],
        stacks: &[
            ("cluster-stacks-upgrade/openstack-scs2-1-33", &[]),
            ("cluster-stacks-upgrade/openstack-scs2-1-34", &[]),
        ],
    },
    Scenario {
        file: "addon-failing",
        now: "2026-11-21T14:58:55Z",
        clusters: &[
            ("cluster-stacks-legacy/legacy-1", &["AddonApplyFailing"]),
            ("cluster-stacks-legacy/web-2", &["AddonApplyFailing"]),
        ],
        stacks: &[
            ("cluster-stacks-legacy/openstack-scs-1-29", &[]),
            ("cluster-stacks-legacy/openstack-scs2-1-33", &[]),
        ],
    },
    Scenario {
        file: "release-not-ready",
        now: "2026-11-21T14:14:04Z",
        clusters: &[(
            "cluster-stacks-staging/stage-1",
            &["ReleaseNotReady", "ClusterNotProvisioned"],
        )],
        stacks: &[(
            "cluster-stacks-staging/openstack-scs2-1-33",
            &["ReleaseNotReady"],
        )],
    },
    Scenario {
        file: "capi-v1beta2",
        now: "2026-11-21T15:33:25Z",
        clusters: &[("cluster-stacks-v1beta2/prod-1", &[])],
        stacks: &[("cluster-stacks-v1beta2/openstack-scs2-1-33", &[])],
    },
];

/// `cluster → codes` and `stack → codes` of a `-o json` document.
pub fn codes(doc: &Value) -> (BTreeMap<String, Vec<String>>, BTreeMap<String, Vec<String>>) {
    let collect = |key: &str, name: &str| {
        doc[key]
            .as_array()
            .into_iter()
            .flatten()
            .map(|entry| {
                let codes = entry["diagnoses"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|d| d["code"].as_str().map(str::to_string))
                    .collect();
                (entry[name].as_str().unwrap_or_default().to_string(), codes)
            })
            .collect()
    };
    (collect("clusters", "cluster"), collect("stacks", "stack"))
}

pub fn expected(s: &Scenario) -> (BTreeMap<String, Vec<String>>, BTreeMap<String, Vec<String>>) {
    let map = |entries: &[(&str, &[&str])]| {
        entries
            .iter()
            .map(|(k, v)| (k.to_string(), v.iter().map(|c| c.to_string()).collect()))
            .collect()
    };
    (map(s.clusters), map(s.stacks))
}

pub fn offline_json(s: &Scenario, extra: &[&str]) -> Value {
    let out = scs()
        .env("KUBECTL_SCS_NOW", s.now)
        .args(["stack", "status", "-o", "json", "-f"])
        .arg(fixture(&format!("mgmt/{}.yaml", s.file)))
        .args(extra)
        .output()
        .unwrap();
    assert_exit(&out, 0);
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn every_scenario_offline_reports_what_its_readme_says() {
    for s in SCENARIOS {
        let doc = offline_json(s, &[]);
        assert_eq!(codes(&doc), expected(s), "scenario {}", s.file);
        for c in doc["clusters"].as_array().unwrap() {
            let healthy = c["healthy"].as_bool().unwrap();
            let problems = c["diagnoses"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["severity"] != "info");
            assert_eq!(healthy, !problems, "{}: {}", s.file, c["cluster"]);
            for d in c["diagnoses"].as_array().unwrap() {
                for key in ["code", "severity", "message", "hint"] {
                    assert!(d[key].is_string(), "{}: diagnosis lacks {key}", s.file);
                }
            }
        }
    }
}

#[test]
fn human_view_of_every_scenario() {
    for s in SCENARIOS {
        let out = scs()
            .env("KUBECTL_SCS_NOW", s.now)
            .args(["stack", "status", "-f"])
            .arg(fixture(&format!("mgmt/{}.yaml", s.file)))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        insta::assert_snapshot!(
            format!("stack_status_{}", s.file),
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

#[test]
fn key_facts_of_the_readmes_are_in_the_messages() {
    let find = |file: &str, needles: &[&str]| {
        let s = SCENARIOS.iter().find(|s| s.file == file).unwrap();
        let text = offline_json(s, &[]).to_string();
        for needle in needles {
            assert!(
                text.contains(needle),
                "{file}: {needle:?} missing in {text}"
            );
        }
    };
    find(
        "hook-not-called",
        &[
            "51m",
            "not installed",
            "cso-hook-server-svc",
            "EXP_RUNTIME_SDK",
            "connection refused",
        ],
    );
    find(
        "upgrade-pending",
        &[
            "openstack-scs2-1-33-v2",
            "openstack-scs2-1-34-v1",
            "v1.34.3",
            "30m",
            "stage csi",
            "waitingForPreCondition",
            "stage metrics-server",
        ],
    );
    find(
        "addon-failing",
        &[
            "29m",
            "2 of 18",
            "cinder.csi.openstack.org",
            "field is immutable",
            "csi-cinder-sc-delete",
            "stage csi",
            "ccm",
        ],
    );
    find(
        "release-not-ready",
        &["assets not downloaded yet", "45m", "v2", "stage-1"],
    );
}

#[test]
fn all_namespaces_prints_one_line_per_cluster_then_unhealthy_details() {
    let out = scs()
        .env("KUBECTL_SCS_NOW", "2026-11-21T15:30:27Z")
        .args(["stack", "status", "-A", "-f"])
        .arg(fixture("mgmt/many-clusters.yaml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    let summary: Vec<&str> = text.lines().skip(1).take_while(|l| !l.is_empty()).collect();
    assert_eq!(summary.len(), 120, "one summary line per Cluster");
    for (code, per_ns) in [("UpgradeBlocked", 3), ("HookNotCalled", 2)] {
        let n = summary.iter().filter(|l| l.ends_with(code)).count();
        assert_eq!(n, 3 * per_ns, "{code}");
    }
    // Details only for unhealthy Clusters: cl-001 (healthy) has no tree, cl-035 (hook) has one.
    assert!(!text.contains("Cluster/cl-001 "));
    assert!(text.contains("Cluster/cl-035 "));
}

#[test]
fn exit_code_flag_turns_unhealthy_into_exit_1() {
    for (file, now, code) in [
        ("healthy", "2026-11-21T15:28:26Z", 0),
        ("hook-not-called", "2026-11-21T14:28:36Z", 1),
    ] {
        scs()
            .env("KUBECTL_SCS_NOW", now)
            .args(["stack", "status", "--exit-code", "-f"])
            .arg(fixture(&format!("mgmt/{file}.yaml")))
            .assert()
            .code(code);
        // Without --exit-code a status view exits 0 whatever the health.
        scs()
            .env("KUBECTL_SCS_NOW", now)
            .args(["stack", "status", "-f"])
            .arg(fixture(&format!("mgmt/{file}.yaml")))
            .assert()
            .code(0);
    }
}

#[test]
fn yaml_output_is_the_json_document() {
    let s = &SCENARIOS[2];
    let json_doc = offline_json(s, &[]);
    let out = scs()
        .env("KUBECTL_SCS_NOW", s.now)
        .args(["stack", "status", "-o", "yaml", "-f"])
        .arg(fixture("mgmt/upgrade-pending.yaml"))
        .output()
        .unwrap();
    let yaml_doc: Value = serde_saphyr::from_slice(&out.stdout).unwrap();
    assert_eq!(yaml_doc, json_doc);
}

#[test]
fn stdin_dump_and_single_cluster_filter() {
    let text = std::fs::read_to_string(fixture("mgmt/upgrade-pending.yaml")).unwrap();
    let out = scs()
        .env("KUBECTL_SCS_NOW", "2026-11-21T15:33:45Z")
        .args(["stack", "status", "prod-2", "-o", "json", "-f", "-"])
        .write_stdin(text)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let clusters: Vec<&str> = doc["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["cluster"].as_str().unwrap())
        .collect();
    assert_eq!(clusters, ["cluster-stacks-upgrade/prod-2"]);
    scs()
        .args(["stack", "status", "nope", "-f"])
        .arg(fixture("mgmt/healthy.yaml"))
        .assert()
        .code(3)
        .stderr(predicate::str::contains("Cluster \"nope\" not found"));
}

#[test]
fn bad_dump_files_exit_3_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "apiVersion: v1\nkind: List\nitems: {").unwrap();
    scs()
        .args(["stack", "status", "-f"])
        .arg(&bad)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("bad.yaml"));
    scs()
        .args(["stack", "status", "-f"])
        .arg(dir.path().join("absent.yaml"))
        .assert()
        .code(3)
        .stderr(predicate::str::contains("absent.yaml"));
}

#[test]
fn watch_needs_a_live_cluster() {
    scs()
        .args(["stack", "status", "--watch", "-f"])
        .arg(fixture("mgmt/healthy.yaml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--watch needs a live cluster"));
}

#[test]
fn lint_and_releases_flag_find_dropped_addons() {
    let dir = tempfile::tempdir().unwrap();
    let release = dir.path().join("openstack-scs2-1-34-v1");
    std::fs::create_dir(&release).unwrap();
    std::fs::write(
        release.join("clusteraddon.yaml"),
        "apiVersion: clusteraddonconfig.x-k8s.io/v1alpha1\nclusterAddonVersion: clusteraddons.clusterstack.x-k8s.io/v1alpha1\naddonStages:\n  AfterControlPlaneInitialized:\n    - {name: cni, action: apply}\n    - {name: metrics-server, action: apply}\n  BeforeClusterUpgrade:\n    - {name: cni, action: apply}\n",
    )
    .unwrap();
    scs()
        .args(["stack", "lint"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("AddonWillBeDropped"))
        .stdout(predicate::str::contains("metrics-server"));
    let out = scs()
        .env("KUBECTL_SCS_NOW", "2026-11-21T15:33:45Z")
        .args(["stack", "status", "-o", "json", "--releases"])
        .arg(dir.path())
        .arg("-f")
        .arg(fixture("mgmt/upgrade-pending.yaml"))
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let (clusters, _) = codes(&doc);
    for codes in clusters.values() {
        assert!(codes.iter().any(|c| c == "AddonWillBeDropped"), "{codes:?}");
    }
}
