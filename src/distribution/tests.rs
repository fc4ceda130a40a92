//! One test per rule, over typed nodes.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::Node;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::*;

fn node(name: &str, labels: &[(&str, &str)]) -> Node {
    Node {
        metadata: ObjectMeta {
            name: Some(name.into()),
            labels: Some(
                labels
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect::<BTreeMap<_, _>>(),
            ),
            ..ObjectMeta::default()
        },
        ..Node::default()
    }
}

fn placed(name: &str, control_plane: bool, region: &str, zone: &str) -> Placement {
    let mut labels = vec![(REGION_LABEL, region), (ZONE_LABEL, zone)];
    if control_plane {
        labels.push((CONTROL_PLANE_LABEL, ""));
    }
    Placement::of(&node(name, &labels))
}

fn rule<'a>(j: &'a Judgement, id: &str) -> &'a Rule {
    j.rules.iter().find(|r| r.id == id).unwrap()
}

/// Three control-plane nodes in three zones, two workers in two.
fn spread_cluster() -> Vec<Placement> {
    vec![
        placed("cp-0", true, "de", "a"),
        placed("cp-1", true, "de", "b"),
        placed("cp-2", true, "de", "c"),
        placed("w-1", false, "de", "b"),
        placed("w-0", false, "de", "a"),
    ]
}

#[test]
fn a_labelled_spread_cluster_passes_every_rule() {
    let j = judge(&spread_cluster());
    assert_eq!(j.verdict, Outcome::Ok);
    let statuses: Vec<_> = j.rules.iter().map(|r| (r.id, r.status)).collect();
    assert_eq!(
        statuses,
        [
            ("labels", RuleStatus::Pass),
            ("node-count", RuleStatus::Pass),
            ("control-plane-spread", RuleStatus::Pass),
            ("worker-spread", RuleStatus::Info),
        ]
    );
    assert_eq!(j.control_plane.zones.len(), 3);
    assert_eq!(
        rule(&j, "worker-spread").message,
        "2 worker node(s) in 2 zone(s): de/a, de/b"
    );
    let names: Vec<_> = j.nodes.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names, ["cp-0", "cp-1", "cp-2", "w-0", "w-1"]);
}

#[test]
fn a_missing_zone_or_region_label_fails_naming_the_node() {
    let mut nodes = spread_cluster();
    nodes.push(Placement::of(&node("w-2", &[(REGION_LABEL, "de")])));
    nodes.push(Placement::of(&node(
        "w-3",
        &[(ZONE_LABEL, "a"), (REGION_LABEL, " ")],
    )));
    let j = judge(&nodes);
    assert_eq!(j.verdict, Outcome::Failed);
    let labels = rule(&j, "labels");
    assert_eq!(labels.status, RuleStatus::Fail);
    assert_eq!(
        labels.message,
        "2 of 7 node(s) lack topology labels: w-2 (no topology.kubernetes.io/zone); w-3 (no topology.kubernetes.io/region)"
    );
}

#[test]
fn fewer_than_two_nodes_fail() {
    let j = judge(&[placed("only", true, "de", "a")]);
    assert_eq!(j.verdict, Outcome::Failed);
    assert_eq!(rule(&j, "node-count").status, RuleStatus::Fail);
    assert_eq!(rule(&j, "labels").status, RuleStatus::Pass);
    let empty = judge(&[]);
    assert_eq!(empty.verdict, Outcome::Failed);
    assert_eq!(
        rule(&empty, "node-count").message,
        "0 node(s): a distributed cluster needs at least 2"
    );
}

#[test]
fn a_control_plane_in_one_zone_only_warns() {
    let j = judge(&[
        placed("cp-0", true, "de", "a"),
        placed("cp-1", true, "de", "a"),
        placed("w-0", false, "de", "b"),
    ]);
    assert_eq!(j.verdict, Outcome::Ok);
    let cp = rule(&j, "control-plane-spread");
    assert_eq!(cp.status, RuleStatus::Warn);
    assert_eq!(
        cp.message,
        "2 control-plane nodes, all in zone de/a: not spread over failure zones"
    );
    // One control-plane node, or none visible (managed), warns too.
    let single = judge(&[
        placed("cp-0", true, "de", "a"),
        placed("w-0", false, "de", "b"),
    ]);
    assert_eq!(
        rule(&single, "control-plane-spread").status,
        RuleStatus::Warn
    );
    let managed = judge(&[
        placed("w-0", false, "de", "a"),
        placed("w-1", false, "de", "b"),
    ]);
    assert_eq!(managed.verdict, Outcome::Ok);
    assert!(
        rule(&managed, "control-plane-spread")
            .message
            .contains("managed control plane")
    );
}

#[test]
fn the_same_zone_name_in_two_regions_is_two_zones() {
    let j = judge(&[
        placed("cp-0", true, "de", "a"),
        placed("cp-1", true, "at", "a"),
    ]);
    assert_eq!(rule(&j, "control-plane-spread").status, RuleStatus::Pass);
    assert_eq!(j.control_plane.regions.len(), 2);
}

#[test]
fn the_worker_spread_is_information_only() {
    let j = judge(&[
        placed("cp-0", true, "de", "a"),
        placed("cp-1", true, "de", "b"),
        placed("w-0", false, "de", "a"),
        placed("w-1", false, "de", "a"),
    ]);
    let workers = rule(&j, "worker-spread");
    assert_eq!(workers.status, RuleStatus::Info);
    assert_eq!(
        workers.message,
        "2 worker node(s) in 1 zone(s): de/a (multi-zone workers are recommended)"
    );
    assert_eq!(j.verdict, Outcome::Ok);
}

#[test]
fn the_role_comes_from_the_control_plane_label_whatever_its_value() {
    let cp = Placement::of(&node("x", &[(CONTROL_PLANE_LABEL, "true")]));
    assert_eq!(cp.role, Role::ControlPlane);
    let worker = Placement::of(&node(
        "y",
        &[("node-role.kubernetes.io/worker", ""), (ZONE_LABEL, "a")],
    ));
    assert_eq!(worker.role, Role::Worker);
    assert_eq!(worker.zone.as_deref(), Some("a"));
    assert_eq!(worker.region, None);
    let unnamed = Placement::of(&Node::default());
    assert_eq!(unnamed.role, Role::Worker);
}
