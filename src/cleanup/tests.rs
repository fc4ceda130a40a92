//! The analysis, the plan and the leftovers on the workload fixture and on small synthetic
//! objects.

use serde_json::{Value, json};

use super::*;
use crate::kube::dump::parse_dump;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/workload/cluster.yaml"
);

fn fixture() -> Vec<Value> {
    let text = std::fs::read_to_string(FIXTURE).expect("fixture");
    parse_dump(FIXTURE, &text).expect("fixture parses")
}

fn all() -> Options {
    Options::default()
}

fn without(objects: &[Value], kind: &str, name: &str) -> Vec<Value> {
    objects
        .iter()
        .filter(|o| !(o["kind"] == kind && o["metadata"]["name"] == name))
        .cloned()
        .collect()
}

fn find<'a>(objects: &'a mut [Value], kind: &str, name: &str) -> &'a mut Value {
    objects
        .iter_mut()
        .find(|o| o["kind"] == kind && o["metadata"]["name"] == name)
        .expect("object in fixture")
}

#[test]
fn fixture_load_balancers_with_address_id_finalizer_and_owner() {
    let r = analyze(&fixture(), &all());
    assert!(!r.clean);
    assert!(r.notes.is_empty(), "{:?}", r.notes);
    let lbs = &r.blocking.load_balancer_services;
    let names: Vec<_> = lbs
        .iter()
        .map(|s| format!("{}/{}", s.namespace, s.name))
        .collect();
    // ClusterIP Services (kube-dns, the admission webhook, the headless postgres) are not listed.
    assert_eq!(
        names,
        [
            "gateway/cilium-gateway-public",
            "ingress-nginx/ingress-nginx-controller",
            "shop/legacy-lb"
        ]
    );
    let nginx = &lbs[1];
    assert_eq!(nginx.external, ["198.51.100.10"]);
    assert_eq!(
        nginx.load_balancer_id.as_deref(),
        Some("6c2b8f0e-3f4d-4d57-a1c9-2f5e8b7a9d10")
    );
    assert!(nginx.cleanup_finalizer);
    let owner = nginx.owner.as_ref().expect("owner");
    assert_eq!(
        (owner.kind.as_str(), owner.name.as_str()),
        ("IngressController", "ingress-nginx")
    );
    assert!(!owner.recreates);
    assert_eq!(owner.via, "label app.kubernetes.io/name=ingress-nginx");
    assert_eq!(nginx.serves_ingresses, ["shop/web"]);
    assert_eq!(
        nginx.managed_by.as_deref(),
        Some("Helm release ingress-nginx/ingress-nginx")
    );

    let gateway = lbs[0].owner.as_ref().expect("owner");
    assert_eq!(
        (gateway.kind.as_str(), gateway.name.as_str()),
        ("Gateway", "public")
    );
    assert_eq!(gateway.via, "ownerReference");
    assert!(gateway.recreates);

    let pending = &lbs[2];
    assert!(pending.external.is_empty());
    assert!(pending.load_balancer_id.is_none());
    assert!(pending.owner.is_none());
}

#[test]
fn gateway_recognised_by_label_without_owner_reference() {
    let mut objects = fixture();
    let svc = find(&mut objects, "Service", "cilium-gateway-public");
    svc["metadata"]
        .as_object_mut()
        .unwrap()
        .remove("ownerReferences");
    let r = analyze(&objects, &all());
    let owner = r.blocking.load_balancer_services[0].owner.clone().unwrap();
    assert_eq!(owner.kind, "Gateway");
    assert_eq!(
        owner.via,
        "label gateway.networking.k8s.io/gateway-name=public"
    );
}

#[test]
fn fixture_claims_volumes_and_snapshots_leak_with_reclaim_policy() {
    let r = analyze(&fixture(), &all());
    let claims: Vec<_> = r
        .leaking
        .claims
        .iter()
        .map(|c| {
            let v = c.volume.as_ref().expect("volume read");
            (
                format!("{}/{}", c.namespace, c.name),
                v.driver.as_str(),
                v.reclaim_policy,
            )
        })
        .collect();
    assert_eq!(
        claims,
        [
            (
                "db/data-postgres-0".to_string(),
                CINDER_DRIVER,
                Reclaim::Delete
            ),
            (
                "db/data-postgres-1".to_string(),
                CINDER_DRIVER,
                Reclaim::Delete
            ),
            ("shop/uploads".to_string(), CINDER_DRIVER, Reclaim::Retain),
        ]
    );
    assert_eq!(r.leaking.claims[0].used_by, ["db/postgres-0"]);
    assert_eq!(
        r.leaking.claims[0]
            .volume
            .as_ref()
            .unwrap()
            .volume_handle
            .as_deref(),
        Some("3e9c1a52-7b4d-4f0e-a6c8-1d2e3f4a5b6c")
    );
    let released: Vec<_> = r
        .leaking
        .volumes
        .iter()
        .map(|v| (v.name.as_str(), v.phase.as_str(), v.claim.as_deref()))
        .collect();
    assert_eq!(
        released,
        [(
            "pvc-7d6c5b4a-3928-4716-a5b4-c3d2e1f0a9b8",
            "Released",
            Some("old/cache")
        )]
    );
    let snap = &r.leaking.snapshots[0];
    assert_eq!(snap.name, "postgres-backup-20261120");
    assert_eq!(snap.source_claim.as_deref(), Some("data-postgres-0"));
    assert_eq!(snap.deletion_policy.as_deref(), Some("Delete"));
    assert_eq!(
        snap.snapshot_handle.as_deref(),
        Some("5d4c3b2a-1908-4f7e-a6d5-c4b3a2918070")
    );
    assert!(snap.ready);
    assert!(r.leaking.snapshot_contents.is_empty());
}

#[test]
fn fixture_recreators_statefulset_first_then_holders() {
    let r = analyze(&fixture(), &all());
    let found: Vec<_> = r
        .recreators
        .iter()
        .map(|x| {
            (
                x.kind.as_str(),
                x.namespace.as_str(),
                x.name.as_str(),
                x.replicas,
                x.stop,
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("StatefulSet", "db", "postgres", Some(2), Stop::Scale),
            ("Deployment", "shop", "uploads", Some(1), Stop::Scale),
        ]
    );
    assert_eq!(
        r.recreators[0].claims,
        ["db/data-postgres-0", "db/data-postgres-1"]
    );
    assert!(r.recreators[0].why.contains("volumeClaimTemplates (data)"));
    assert_eq!(r.recreators[1].why, "its pods mount shop/uploads");
}

#[test]
fn fixture_controllers_run() {
    let r = analyze(&fixture(), &all());
    let ccm = r
        .controller(ControllerKind::CloudControllerManager)
        .unwrap();
    assert_eq!(ccm.state, ControllerState::Running);
    assert!(ccm.needed);
    assert_eq!(
        ccm.workload.as_deref(),
        Some("DaemonSet kube-system/openstack-cloud-controller-manager")
    );
    let csi = r.controller(ControllerKind::CsiController).unwrap();
    assert_eq!(csi.state, ControllerState::Running);
    // The node plugin DaemonSet also runs cinder-csi-plugin, but it is not the controller.
    assert_eq!(
        csi.workload.as_deref(),
        Some("Deployment kube-system/openstack-cinder-csi-controllerplugin")
    );
}

#[test]
fn broken_and_missing_controllers_are_problems_with_the_reason() {
    let mut objects = fixture();
    let ds = find(
        &mut objects,
        "DaemonSet",
        "openstack-cloud-controller-manager",
    );
    ds["status"]["numberReady"] = json!(0);
    let pod = find(
        &mut objects,
        "Pod",
        "openstack-cloud-controller-manager-7xk2p",
    );
    pod["status"]["phase"] = json!("Running");
    pod["status"]["containerStatuses"][0]["state"] =
        json!({"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 5m0s"}});
    let objects = without(
        &objects,
        "Deployment",
        "openstack-cinder-csi-controllerplugin",
    );
    let r = analyze(&objects, &all());
    let ccm = r
        .controller(ControllerKind::CloudControllerManager)
        .unwrap();
    assert_eq!(ccm.state, ControllerState::NotReady);
    assert!(ccm.is_problem());
    assert_eq!(
        ccm.message,
        "pod openstack-cloud-controller-manager-7xk2p: CrashLoopBackOff (container openstack-cloud-controller-manager)"
    );
    let csi = r.controller(ControllerKind::CsiController).unwrap();
    assert_eq!(csi.state, ControllerState::Missing);
    assert!(csi.is_problem());
}

#[test]
fn controllers_of_unreadable_kinds_are_unknown_not_missing() {
    let objects = without(
        &fixture(),
        "Deployment",
        "openstack-cinder-csi-controllerplugin",
    );
    let opts = Options {
        namespace: None,
        unread: vec!["Deployment".into(), "Gateway".into()],
    };
    let r = analyze(&objects, &opts);
    let csi = r.controller(ControllerKind::CsiController).unwrap();
    assert_eq!(csi.state, ControllerState::Unknown);
    assert_eq!(csi.message, "not checked: Deployment could not be read");
    assert!(csi.is_problem());
}

#[test]
fn a_missing_controller_nobody_needs_is_no_problem() {
    let objects = vec![
        json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "a", "namespace": "x"}, "spec": {"type": "ClusterIP"}}),
    ];
    let r = analyze(&objects, &all());
    assert!(r.clean);
    assert!(
        r.preconditions
            .iter()
            .all(|c| c.state == ControllerState::Missing && !c.is_problem())
    );
}

#[test]
fn namespace_option_narrows_what_is_listed_but_not_the_controllers() {
    let r = analyze(
        &fixture(),
        &Options {
            namespace: Some("db".into()),
            ..Options::default()
        },
    );
    assert!(r.blocking.load_balancer_services.is_empty());
    assert_eq!(r.leaking.claims.len(), 2);
    assert!(
        r.leaking.volumes.is_empty(),
        "old/cache is another namespace"
    );
    assert_eq!(r.leaking.snapshots.len(), 1);
    assert_eq!(r.recreators.len(), 1);
    assert_eq!(
        r.controller(ControllerKind::CsiController).unwrap().state,
        ControllerState::Running
    );
}

#[test]
fn node_local_and_non_csi_volumes_do_not_leak() {
    let objects = vec![
        json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "a", "namespace": "x"},
               "spec": {"volumeName": "pv-a"}, "status": {"phase": "Bound"}}),
        json!({"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": "pv-a"},
               "spec": {"csi": {"driver": "hostpath.csi.k8s.io", "volumeHandle": "h"}, "claimRef": {"namespace": "x", "name": "a"}}}),
        json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "b", "namespace": "x"},
               "spec": {"volumeName": "pv-b"}, "status": {"phase": "Bound"}}),
        json!({"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": "pv-b"},
               "spec": {"hostPath": {"path": "/tmp"}, "claimRef": {"namespace": "x", "name": "b"}}}),
        json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "pending", "namespace": "x"},
               "spec": {"storageClassName": "csi-cinder-sc-delete"}, "status": {"phase": "Pending"}}),
    ];
    let r = analyze(&objects, &all());
    assert!(r.clean, "{:?}", r.leaking);
}

#[test]
fn in_tree_cinder_and_unread_volumes_still_leak() {
    let objects = vec![
        json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "a", "namespace": "x"},
               "spec": {"volumeName": "pv-a"}, "status": {"phase": "Bound"}}),
        json!({"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": "pv-a"},
               "spec": {"cinder": {"volumeID": "v-1"}, "claimRef": {"namespace": "x", "name": "a"}, "persistentVolumeReclaimPolicy": "Retain"}}),
        json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "b", "namespace": "x"},
               "spec": {"volumeName": "pv-not-read"}, "status": {"phase": "Bound"}}),
    ];
    let r = analyze(&objects, &all());
    let v = r.leaking.claims[0].volume.as_ref().unwrap();
    assert_eq!(
        (v.driver.as_str(), v.volume_handle.as_deref()),
        ("kubernetes.io/cinder", Some("v-1"))
    );
    assert_eq!(v.reclaim_policy, Reclaim::Retain);
    assert!(r.leaking.claims[1].volume.is_none());
}

#[test]
fn snapshot_contents_without_snapshot_leak() {
    let objects: Vec<Value> = without(&fixture(), "VolumeSnapshot", "postgres-backup-20261120");
    let r = analyze(&objects, &all());
    assert!(r.leaking.snapshots.is_empty());
    let c = &r.leaking.snapshot_contents[0];
    assert_eq!(c.name, "snapcontent-b3c4d5e6-f7a8-4b9c-8d0e-1f2a3b4c5d6e");
    assert_eq!(c.deletion_policy, "Delete");
}

#[test]
fn gitops_managers_are_listed_to_suspend_by_hand() {
    let mut objects = fixture();
    let sts = find(&mut objects, "StatefulSet", "postgres");
    sts["metadata"]["labels"]["kustomize.toolkit.fluxcd.io/name"] = json!("apps");
    sts["metadata"]["labels"]["kustomize.toolkit.fluxcd.io/namespace"] = json!("flux-system");
    let r = analyze(&objects, &all());
    let flux = r
        .recreators
        .iter()
        .find(|x| x.stop == Stop::Manual)
        .expect("flux");
    assert_eq!(
        (
            flux.kind.as_str(),
            flux.namespace.as_str(),
            flux.name.as_str()
        ),
        ("Flux Kustomization", "flux-system", "apps")
    );
    assert!(flux.why.contains("StatefulSet db/postgres"), "{}", flux.why);
    assert!(
        candidates(&r, PlanOptions::default())
            .iter()
            .all(|c| c.target.name != "apps")
    );
}

#[test]
fn scaled_down_statefulset_recreates_nothing() {
    let mut objects = fixture();
    find(&mut objects, "StatefulSet", "postgres")["spec"]["replicas"] = json!(0);
    let objects = without(&without(&objects, "Pod", "postgres-0"), "Pod", "postgres-1");
    let r = analyze(&objects, &all());
    assert!(r.recreators.iter().all(|x| x.name != "postgres"));
}

#[test]
fn candidates_follow_the_safe_order() {
    let r = analyze(&fixture(), &all());
    let c = candidates(&r, PlanOptions::default());
    let steps: Vec<String> = c
        .iter()
        .map(|c| format!("{:?} {} {}", c.action, c.target.kind, c.target.path()))
        .collect();
    assert_eq!(
        steps,
        [
            "Scale StatefulSet db/postgres",
            "Scale Deployment shop/uploads",
            "Delete Gateway gateway/public",
            "Delete Service ingress-nginx/ingress-nginx-controller",
            "Delete Service shop/legacy-lb",
            "Delete VolumeSnapshot db/postgres-backup-20261120",
            "SetReclaimDelete PersistentVolume pvc-5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9",
            "Delete PersistentVolumeClaim db/data-postgres-0",
            "Delete PersistentVolumeClaim db/data-postgres-1",
            "Delete PersistentVolumeClaim shop/uploads",
            "SetReclaimDelete PersistentVolume pvc-7d6c5b4a-3928-4716-a5b4-c3d2e1f0a9b8",
        ]
    );
    // Retained volumes are switched only when asked for.
    let unselected: Vec<_> = c.iter().filter(|c| !c.selected).map(|c| c.action).collect();
    assert_eq!(
        unselected,
        [Action::SetReclaimDelete, Action::SetReclaimDelete]
    );
    let gateway = &c[2];
    assert_eq!(gateway.needs, Some(ControllerKind::CloudControllerManager));
    assert_eq!(
        gateway.waits_for,
        [
            ObjectRef::new("Gateway", "gateway", "public"),
            ObjectRef::new("Service", "gateway", "cilium-gateway-public")
        ]
    );

    let deleting = candidates(
        &r,
        PlanOptions {
            delete_workloads: true,
            delete_retained: true,
        },
    );
    assert_eq!(deleting[0].action, Action::Delete);
    assert!(deleting.iter().all(|c| c.selected));
}

#[test]
fn plan_waits_for_deleted_volumes_and_keeps_retained_ones() {
    let r = analyze(&fixture(), &all());
    let plan = Plan::new(&candidates(&r, PlanOptions::default()));
    assert_eq!(plan.steps.len(), 9);
    assert!(
        plan.waits
            .contains(&ObjectRef::new("PersistentVolumeClaim", "shop", "uploads"))
    );
    assert!(plan.waits.contains(&ObjectRef::new(
        "PersistentVolume",
        "",
        "pvc-0f1e2d3c-4b5a-4697-8877-665544332211"
    )));
    assert!(
        !plan
            .waits
            .iter()
            .any(|w| w.name == "pvc-5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9")
    );
    assert_eq!(
        plan.kept,
        [
            "PersistentVolume pvc-5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9 (claim shop/uploads) keeps its cloud volume: reclaim policy Retain"
        ]
    );
    assert_eq!(
        plan.needs(),
        [
            ControllerKind::CloudControllerManager,
            ControllerKind::CsiController
        ]
    );

    let switched = Plan::new(&candidates(
        &r,
        PlanOptions {
            delete_workloads: false,
            delete_retained: true,
        },
    ));
    assert!(switched.kept.is_empty());
    assert!(switched.waits.contains(&ObjectRef::new(
        "PersistentVolume",
        "",
        "pvc-5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9"
    )));
    assert!(switched.waits.contains(&ObjectRef::new(
        "PersistentVolume",
        "",
        "pvc-7d6c5b4a-3928-4716-a5b4-c3d2e1f0a9b8"
    )));
}

#[test]
fn objects_already_being_deleted_are_not_deleted_again() {
    let mut objects = fixture();
    find(&mut objects, "Service", "legacy-lb")["metadata"]["deletionTimestamp"] =
        json!("2026-11-21T15:00:00Z");
    let r = analyze(&objects, &all());
    assert!(r.blocking.load_balancer_services[2].deleting);
    assert!(
        candidates(&r, PlanOptions::default())
            .iter()
            .all(|c| c.target.name != "legacy-lb")
    );
}

#[test]
fn leftovers_say_why() {
    let mut objects = fixture();
    for (kind, name) in [
        ("Service", "ingress-nginx-controller"),
        ("PersistentVolumeClaim", "data-postgres-0"),
        ("VolumeSnapshot", "postgres-backup-20261120"),
    ] {
        find(&mut objects, kind, name)["metadata"]["deletionTimestamp"] =
            json!("2026-11-21T15:00:00Z");
    }
    let failed = find(
        &mut objects,
        "PersistentVolume",
        "pvc-a1b2c3d4-e5f6-4718-99aa-bbccddeeff00",
    );
    failed["status"] =
        json!({"phase": "Failed", "message": "rpc error: code = Internal desc = volume is in-use"});
    let waits = vec![
        ObjectRef::new("Service", "ingress-nginx", "ingress-nginx-controller"),
        ObjectRef::new("Service", "shop", "legacy-lb"),
        ObjectRef::new("PersistentVolumeClaim", "db", "data-postgres-0"),
        ObjectRef::new(
            "PersistentVolume",
            "",
            "pvc-a1b2c3d4-e5f6-4718-99aa-bbccddeeff00",
        ),
        ObjectRef::new(
            "PersistentVolume",
            "",
            "pvc-0f1e2d3c-4b5a-4697-8877-665544332211",
        ),
        ObjectRef::new("VolumeSnapshot", "db", "postgres-backup-20261120"),
        ObjectRef::new("Service", "gone", "gone"),
    ];
    let left = leftovers(&waits, &objects);
    let why: Vec<_> = left.iter().map(|l| l.why.as_str()).collect();
    assert_eq!(
        why,
        [
            "the cloud controller has not deleted its load balancer 6c2b8f0e-3f4d-4d57-a1c9-2f5e8b7a9d10 yet (finalizer service.kubernetes.io/load-balancer-cleanup)",
            "not being deleted: something recreated it",
            "still mounted by Pod db/postgres-0 (finalizer kubernetes.io/pvc-protection)",
            "deleting its cloud volume 8b7f2c41-0d3e-4a95-b6c7-e8f9a0b1c2d3 failed (phase Failed): rpc error: code = Internal desc = volume is in-use",
            "the CSI driver has not deleted its cloud volume 3e9c1a52-7b4d-4f0e-a6c8-1d2e3f4a5b6c yet (phase Bound)",
            "waiting for finalizers snapshot.storage.kubernetes.io/volumesnapshot-as-source-protection, snapshot.storage.kubernetes.io/volumesnapshot-bound-protection",
        ]
    );
    assert!(leftovers(&waits, &[]).is_empty());
}

mod props {
    use proptest::prelude::*;
    use serde_json::{Value, json};

    use super::super::*;

    fn leaf() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            "[a-zA-Z/.-]{0,12}".prop_map(Value::from),
        ]
    }

    fn value() -> impl Strategy<Value = Value> {
        leaf().prop_recursive(4, 32, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
                prop::collection::btree_map(
                    prop_oneof![
                        Just("spec".to_string()),
                        Just("status".to_string()),
                        Just("metadata".to_string()),
                        Just("csi".to_string()),
                        Just("type".to_string()),
                        "[a-z]{1,8}"
                    ],
                    inner,
                    0..4
                )
                .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    fn object() -> impl Strategy<Value = Value> {
        let kinds = prop_oneof![
            Just(("v1", "Service")),
            Just(("v1", "PersistentVolumeClaim")),
            Just(("v1", "PersistentVolume")),
            Just(("v1", "Pod")),
            Just(("apps/v1", "StatefulSet")),
            Just(("apps/v1", "Deployment")),
            Just(("apps/v1", "DaemonSet")),
            Just(("snapshot.storage.k8s.io/v1", "VolumeSnapshot")),
            Just(("snapshot.storage.k8s.io/v1", "VolumeSnapshotContent")),
        ];
        (kinds, value(), value(), "[a-z]{1,4}").prop_map(|((api, kind), spec, status, name)| {
            json!({"apiVersion": api, "kind": kind, "metadata": {"name": name, "namespace": "x"}, "spec": spec, "status": status})
        })
    }

    proptest! {
        #[test]
        fn analysis_plan_and_leftovers_never_panic(objects in prop::collection::vec(object(), 0..12)) {
            let report = analyze(&objects, &Options::default());
            let c = candidates(&report, PlanOptions { delete_workloads: false, delete_retained: true });
            let plan = Plan::new(&c);
            let _ = leftovers(&plan.waits, &objects);
            prop_assert_eq!(report.clean, report.blocking_count() == 0 && report.leaking_count() == 0);
        }
    }
}
