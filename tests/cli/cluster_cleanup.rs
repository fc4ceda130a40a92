//! `cluster cleanup` against the fake API server and dump files: the report, `--delete` with
//! `--yes`, dry run, waiting and timing out, the refusals, and the interactive path in a real
//! pseudo-terminal.

use std::process::Output;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::fake_apiserver::{FakeApiServer, Fault, RecordedRequest, Store};
use crate::support::{fixture, scs, scs_live};

const NOW: &str = "2026-11-21T16:00:00Z";

fn workload() -> FakeApiServer {
    FakeApiServer::builder()
        .objects_file(fixture("workload/cluster.yaml"))
        .with_namespaces()
        .start()
}

fn run(server: &FakeApiServer, args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    scs_live(server, dir.path())
        .env("KUBECTL_SCS_NOW", NOW)
        .args(["cluster", "cleanup"])
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Requests that change something (anything but GET).
fn changes(server: &FakeApiServer) -> Vec<RecordedRequest> {
    server
        .requests()
        .into_iter()
        .filter(|r| r.method != "GET")
        .collect()
}

fn lines(requests: &[RecordedRequest]) -> Vec<String> {
    requests
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

const FULL_PLAN: &[&str] = &[
    "PATCH /apis/apps/v1/namespaces/db/statefulsets/postgres",
    "PATCH /apis/apps/v1/namespaces/shop/deployments/uploads",
    "DELETE /apis/gateway.networking.k8s.io/v1/namespaces/gateway/gateways/public",
    "DELETE /api/v1/namespaces/ingress-nginx/services/ingress-nginx-controller",
    "DELETE /api/v1/namespaces/shop/services/legacy-lb",
    "DELETE /apis/snapshot.storage.k8s.io/v1/namespaces/db/volumesnapshots/postgres-backup-20261120",
    "DELETE /api/v1/namespaces/db/persistentvolumeclaims/data-postgres-0",
    "DELETE /api/v1/namespaces/db/persistentvolumeclaims/data-postgres-1",
    "DELETE /api/v1/namespaces/shop/persistentvolumeclaims/uploads",
];

#[test]
fn report_from_a_dump_lists_what_blocks_and_leaks_and_exits_1() {
    let out = scs()
        .args(["cluster", "cleanup", "-f"])
        .arg(fixture("workload/cluster.yaml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    insta::assert_snapshot!("cluster_cleanup_report", text(&out.stdout));
}

#[test]
fn report_live_equals_the_dump_in_every_format() {
    let server = workload();
    let dump = fixture("workload/cluster.yaml");
    for format in ["json", "yaml", "wide"] {
        let live = run(&server, &["-o", format]);
        assert_eq!(live.status.code(), Some(1), "{}", text(&live.stderr));
        let offline = scs()
            .args(["cluster", "cleanup", "-o", format, "-f"])
            .arg(&dump)
            .output()
            .unwrap();
        assert_eq!(text(&live.stdout), text(&offline.stdout), "-o {format}");
    }
    let doc: Value = serde_json::from_slice(&run(&server, &["-o", "json"]).stdout).unwrap();
    assert_eq!(doc["clean"], false);
    let lb = &doc["blocking"]["load_balancer_services"][1];
    assert_eq!(
        lb["load_balancer_id"],
        "6c2b8f0e-3f4d-4d57-a1c9-2f5e8b7a9d10"
    );
    assert_eq!(lb["cleanup_finalizer"], true);
    assert_eq!(lb["external"], json!(["198.51.100.10"]));
    assert_eq!(
        doc["leaking"]["claims"][2]["volume"]["reclaim_policy"],
        "Retain"
    );
    assert_eq!(doc["recreators"][0]["kind"], "StatefulSet");
    assert!(changes(&server).is_empty(), "the report changes nothing");
}

#[test]
fn a_clean_cluster_exits_0() {
    let server = workload();
    let store = server.store();
    for (kind, ns, name) in [
        ("Service", "ingress-nginx", "ingress-nginx-controller"),
        ("Service", "gateway", "cilium-gateway-public"),
        ("Service", "shop", "legacy-lb"),
        ("PersistentVolumeClaim", "db", "data-postgres-0"),
        ("PersistentVolumeClaim", "db", "data-postgres-1"),
        ("PersistentVolumeClaim", "shop", "uploads"),
        ("VolumeSnapshot", "db", "postgres-backup-20261120"),
        (
            "VolumeSnapshotContent",
            "",
            "snapcontent-b3c4d5e6-f7a8-4b9c-8d0e-1f2a3b4c5d6e",
        ),
    ] {
        assert!(store.remove(kind, ns, name).is_some(), "{kind} {name}");
    }
    for pv in store.names("PersistentVolume", None) {
        store.remove("PersistentVolume", "", &pv);
    }
    let out = run(&server, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("Clean: nothing blocks the deletion"),
        "{stdout}"
    );
    // The StatefulSet still has volumeClaimTemplates, but its claims are gone: nothing to stop.
    assert!(
        stdout.contains("Nothing blocks: no Service of type LoadBalancer."),
        "{stdout}"
    );
}

#[test]
fn snapshots_not_installed_is_a_note() {
    let server = FakeApiServer::builder()
        .objects_yaml(&strip_snapshots(
            &std::fs::read_to_string(fixture("workload/cluster.yaml")).unwrap(),
        ))
        .with_namespaces()
        .fault(Fault::group_not_found("snapshot.storage.k8s.io"))
        .start();
    let out = run(&server, &["-o", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("note: CSI external-snapshotter CRDs not installed: snapshot.storage.k8s.io/v1 is not served (VolumeSnapshot cannot be read)"),
        "{stderr}"
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["leaking"]["snapshots"], json!([]));
    assert_eq!(doc["leaking"]["claims"].as_array().unwrap().len(), 3);
    assert!(doc["notes"].to_string().contains("external-snapshotter"));
}

/// The fixture without its snapshot objects (a cluster without the snapshot CRDs has none).
fn strip_snapshots(yaml: &str) -> String {
    let list: Value = serde_saphyr::from_str(yaml).unwrap();
    let items: Vec<Value> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| {
            !o["apiVersion"]
                .as_str()
                .unwrap()
                .starts_with("snapshot.storage.k8s.io")
        })
        .cloned()
        .collect();
    json!({"apiVersion": "v1", "kind": "List", "items": items}).to_string()
}

fn break_ccm(store: &Store) {
    store
        .patch(
            "DaemonSet",
            "kube-system",
            "openstack-cloud-controller-manager",
            json!({"status": {"numberReady": 0, "numberAvailable": 0}}),
        )
        .unwrap();
    store
        .patch(
            "Pod",
            "kube-system",
            "openstack-cloud-controller-manager-7xk2p",
            json!({"status": {"containerStatuses": [{"name": "openstack-cloud-controller-manager", "ready": false, "restartCount": 7,
                "image": "registry.k8s.io/provider-os/openstack-cloud-controller-manager:v1.33.1", "imageID": "",
                "state": {"waiting": {"reason": "CrashLoopBackOff"}}}]}}),
        )
        .unwrap();
}

#[test]
fn a_broken_cloud_controller_is_said_loudly_and_blocks_delete_unless_forced() {
    let server = workload();
    break_ccm(&server.store());
    let out = run(&server, &[]);
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("!! WARNING: the cloud controller manager is not running (pod openstack-cloud-controller-manager-7xk2p: CrashLoopBackOff (container openstack-cloud-controller-manager)). Deleting LoadBalancer Services now leaves their load balancers"),
        "{stdout}"
    );

    let out = run(&server, &["--delete", "--yes"]);
    assert_eq!(out.status.code(), Some(3));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("error: refusing to delete: the cloud controller manager is NotReady"),
        "{stderr}"
    );
    assert!(stderr.contains("--force"), "{stderr}");
    assert!(
        changes(&server).is_empty(),
        "{:?}",
        lines(&changes(&server))
    );

    let out = run(&server, &["--delete", "--yes", "--force", "--dry-run"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(lines(&changes(&server)), FULL_PLAN);
}

#[test]
fn delete_without_a_terminal_and_without_yes_is_refused() {
    let server = workload();
    let out = run(&server, &["--delete"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr
            .contains("error: --delete asks what to delete, but stdin or stderr is not a terminal"),
        "{stderr}"
    );
    assert!(stderr.contains("hint: pass --yes"), "{stderr}");
    assert!(changes(&server).is_empty());
}

#[test]
fn delete_is_refused_for_a_dump() {
    let out = scs()
        .args(["cluster", "cleanup", "--delete", "--yes", "-f"])
        .arg(fixture("workload/cluster.yaml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--delete needs a live cluster"));
}

/// A server-side dry run: `dryRun=All` in the query (patch) or in the DeleteOptions body.
fn is_dry_run(r: &RecordedRequest) -> bool {
    r.query_param("dryRun").as_deref() == Some("All")
        || r.body_json().is_some_and(|b| b["dryRun"] == json!(["All"]))
}

/// Every object of the kinds cleanup touches, as stored.
fn snapshot_store(store: &Store) -> Vec<Value> {
    [
        "Service",
        "PersistentVolumeClaim",
        "PersistentVolume",
        "StatefulSet",
        "Deployment",
        "Gateway",
        "VolumeSnapshot",
        "Pod",
    ]
    .iter()
    .flat_map(|k| store.list(k, None))
    .collect()
}

#[test]
fn dry_run_sends_every_change_with_dry_run_all_and_changes_nothing() {
    let server = workload();
    let before = snapshot_store(&server.store());
    let rv = server.store().resource_version();
    // No terminal and no --yes: a dry run does not need either.
    let out = run(
        &server,
        &["--delete", "--dry-run", "--delete-retained", "-o", "json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let sent = changes(&server);
    assert_eq!(sent.len(), 11, "{:?}", lines(&sent));
    for r in &sent {
        assert!(is_dry_run(r), "{}", r.line());
    }
    assert_eq!(snapshot_store(&server.store()), before);
    assert_eq!(server.store().resource_version(), rv);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["dry_run"], true);
    assert!(
        doc["actions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["result"] == "dry-run")
    );
    assert_eq!(doc["left"], json!([]));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("delete Service shop/legacy-lb: dry-run (dry run)"),
        "{stderr}"
    );
}

/// Runs the binary in a thread; the test keeps the fake server to act like the controllers.
fn spawn(server: &FakeApiServer, args: &[&str]) -> std::thread::JoinHandle<Output> {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = scs_live(server, dir.path());
    cmd.args(["cluster", "cleanup"]).args(args);
    std::thread::spawn(move || {
        let out = cmd.output().unwrap();
        drop(dir);
        out
    })
}

fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out waiting until {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn yes_deletes_in_the_safe_order_and_waits_until_the_cloud_is_clean() {
    let server = workload();
    let child = spawn(&server, &["--delete", "--yes", "--timeout", "60s"]);
    let store = server.store();
    wait_until("the last claim is deleted", || {
        store
            .get("PersistentVolumeClaim", "shop", "uploads")
            .is_some_and(|c| c["metadata"]["deletionTimestamp"].is_string())
    });
    assert_eq!(lines(&changes(&server)), FULL_PLAN);
    assert_eq!(
        store.get("StatefulSet", "db", "postgres").unwrap()["spec"]["replicas"],
        0
    );
    // Deleted, but held by finalizers until the controllers have cleaned up the cloud.
    for (kind, ns, name) in [
        ("Service", "ingress-nginx", "ingress-nginx-controller"),
        ("PersistentVolumeClaim", "db", "data-postgres-0"),
        ("VolumeSnapshot", "db", "postgres-backup-20261120"),
    ] {
        assert!(store.exists(kind, ns, name), "{kind} {name}");
    }
    let requests_before_cleanup = server.requests().len();
    server.after(Duration::from_millis(1500), |store| {
        for (kind, ns, name) in [
            ("Service", "ingress-nginx", "ingress-nginx-controller"),
            ("Service", "shop", "legacy-lb"),
            ("VolumeSnapshot", "db", "postgres-backup-20261120"),
            ("PersistentVolumeClaim", "db", "data-postgres-0"),
            ("PersistentVolumeClaim", "db", "data-postgres-1"),
            ("PersistentVolumeClaim", "shop", "uploads"),
        ] {
            store.remove_finalizers(kind, ns, name).unwrap();
        }
        // The garbage collector takes the Gateway's Service; the provisioner the Delete volumes.
        store.remove("Service", "gateway", "cilium-gateway-public");
        store.remove(
            "PersistentVolume",
            "",
            "pvc-0f1e2d3c-4b5a-4697-8877-665544332211",
        );
        store.remove(
            "PersistentVolume",
            "",
            "pvc-a1b2c3d4-e5f6-4718-99aa-bbccddeeff00",
        );
    });
    let out = child.join().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let polls = server.requests()[requests_before_cleanup..]
        .iter()
        .filter(|r| r.method == "GET" && r.path == "/api/v1/services")
        .count();
    assert!(polls >= 2, "waited with {polls} reads of the Services");
    let stdout = text(&out.stdout);
    assert!(stdout.contains("All gone after"), "{stdout}");
    assert!(
        stdout.contains("Kept on purpose: PersistentVolume pvc-5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9 (claim shop/uploads) keeps its cloud volume: reclaim policy Retain"),
        "{stdout}"
    );
    assert!(store.exists(
        "PersistentVolume",
        "",
        "pvc-5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9"
    ));
}

#[test]
fn timing_out_reports_what_is_left_and_why_with_exit_1() {
    let server = workload();
    let start = Instant::now();
    let out = run(
        &server,
        &[
            "--delete",
            "--yes",
            "--delete-retained",
            "--timeout",
            "2s",
            "-o",
            "json",
        ],
    );
    assert!(start.elapsed() >= Duration::from_secs(2));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["timed_out"], true);
    let left: Vec<String> = doc["left"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let o = &l["object"];
            format!(
                "{} {}/{}: {}",
                o["kind"],
                o["namespace"].as_str().unwrap_or(""),
                o["name"],
                l["why"]
            )
            .replace('"', "")
        })
        .collect();
    for expected in [
        "Service ingress-nginx/ingress-nginx-controller: the cloud controller has not deleted its load balancer 6c2b8f0e-3f4d-4d57-a1c9-2f5e8b7a9d10 yet (finalizer service.kubernetes.io/load-balancer-cleanup)",
        "PersistentVolumeClaim db/data-postgres-0: still mounted by Pod db/postgres-0 (finalizer kubernetes.io/pvc-protection)",
        "PersistentVolume /pvc-5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9: the CSI driver has not deleted its cloud volume c0d1e2f3-a4b5-4c6d-8e7f-9a0b1c2d3e4f yet (phase Bound)",
        "Service gateway/cilium-gateway-public: not deleted yet: the garbage collector removes it after its owner Gateway public",
        "PersistentVolume /pvc-0f1e2d3c-4b5a-4697-8877-665544332211: the CSI driver has not deleted its cloud volume 3e9c1a52-7b4d-4f0e-a6c8-1d2e3f4a5b6c yet (phase Bound)",
        "VolumeSnapshot db/postgres-backup-20261120: waiting for finalizers snapshot.storage.kubernetes.io/volumesnapshot-as-source-protection, snapshot.storage.kubernetes.io/volumesnapshot-bound-protection",
    ] {
        assert!(
            left.contains(&expected.to_string()),
            "{expected}\nnot in {left:#?}"
        );
    }
    // The retained volumes were switched to Delete.
    let store = server.store();
    assert_eq!(
        store
            .get(
                "PersistentVolume",
                "",
                "pvc-7d6c5b4a-3928-4716-a5b4-c3d2e1f0a9b8"
            )
            .unwrap()["spec"]["persistentVolumeReclaimPolicy"],
        "Delete"
    );
    let table = run(&server, &["--delete", "--yes", "--timeout", "0s"]);
    assert_eq!(table.status.code(), Some(1));
    let stdout = text(&table.stdout);
    assert!(
        stdout.contains("Still there after timeout (--timeout 0s)"),
        "{stdout}"
    );
}

/// The binary in a pseudo-terminal, pointed at the fake server.
fn pty(
    server: &FakeApiServer,
    dir: &std::path::Path,
    args: &[&str],
) -> rexpect::session::PtySession {
    let kubeconfig = server.write_kubeconfig(dir);
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("kubectl-scs"));
    cmd.env("KUBECONFIG", kubeconfig)
        .env("HOME", dir)
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env_remove("KUBECTL_SCS_NOW")
        .args(["cluster", "cleanup"])
        .args(args);
    rexpect::session::spawn_command(cmd, Some(30_000)).unwrap()
}

/// Sends keys once the prompt is drawn and reads keys (raw mode is set when it starts reading).
fn keys(p: &mut rexpect::session::PtySession, after: &str, keys: &str) {
    p.exp_string(after).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    p.send(keys).unwrap();
    p.flush().unwrap();
}

fn exit_code(p: &mut rexpect::session::PtySession) -> i32 {
    p.exp_eof().unwrap();
    match p.process().wait().unwrap() {
        rexpect::process::WaitStatus::Exited(_, code) => code,
        other => panic!("not exited: {other:?}"),
    }
}

#[test]
fn interactive_selection_in_a_terminal_deletes_exactly_what_was_confirmed() {
    let server = workload();
    let dir = tempfile::tempdir().unwrap();
    let mut p = pty(&server, dir.path(), &["--delete", "--dry-run"]);
    p.exp_string("Blocking deletion: 3 LoadBalancer Services")
        .unwrap();
    p.exp_string("stopped first. How?").unwrap();
    keys(&mut p, "delete them", "\r"); // the default: scale to 0
    p.exp_string("Select what to delete").unwrap();
    // Untick the first item (the StatefulSet), accept the rest.
    keys(
        &mut p,
        "[leaking] set reclaim policy Delete on PersistentVolume pvc-7d6c5b4a",
        " \r",
    );
    p.exp_string("Dry run: these requests are sent with dryRun=All; nothing changes:")
        .unwrap();
    p.exp_string("1. scale to 0 Deployment shop/uploads")
        .unwrap();
    p.exp_string("8. delete PersistentVolumeClaim shop/uploads")
        .unwrap();
    keys(&mut p, "Send these 8 changes as a dry run?", "y");
    p.exp_string("Dry run: the server accepted these changes")
        .unwrap();
    assert_eq!(exit_code(&mut p), 0);
    let sent = changes(&server);
    assert_eq!(lines(&sent), FULL_PLAN[1..]);
    assert!(sent.iter().all(is_dry_run));
}

#[test]
fn interactive_no_changes_nothing() {
    let server = workload();
    let dir = tempfile::tempdir().unwrap();
    let mut p = pty(&server, dir.path(), &["--delete"]);
    keys(&mut p, "delete them", "\r");
    keys(
        &mut p,
        "[leaking] set reclaim policy Delete on PersistentVolume pvc-7d6c5b4a",
        "\r",
    );
    keys(&mut p, "Make these 9 changes?", "n");
    p.exp_string("cancelled: nothing was changed").unwrap();
    assert_eq!(exit_code(&mut p), 3);
    assert!(changes(&server).is_empty());
}

#[test]
fn waiting_shows_a_spinner_on_a_terminal() {
    let server = workload();
    let dir = tempfile::tempdir().unwrap();
    let mut p = pty(
        &server,
        dir.path(),
        &["--delete", "--yes", "--timeout", "3s"],
    );
    p.exp_string("delete PersistentVolumeClaim shop/uploads: done")
        .unwrap();
    p.exp_string("waiting for 9 objects to go: Service gateway/cilium-gateway-public, Service ingress-nginx/ingress-nginx-controller, 7 more").unwrap();
    p.exp_string("Still there after timeout (--timeout 3s)")
        .unwrap();
    // A terminal that reports no size gets unwrapped tables, not one letter per line.
    p.exp_string("OBJECT").unwrap();
    p.exp_regex(
        r"\nService ingress-nginx/ingress-nginx-controller +the cloud controller has not deleted",
    )
    .unwrap();
    assert_eq!(exit_code(&mut p), 1);
}

#[test]
fn objects_already_being_deleted_are_waited_for_not_deleted_again() {
    let server = workload();
    let store = server.store();
    // An earlier run deleted this Service; its load balancer is still being removed.
    store.delete("Service", "shop", "legacy-lb").unwrap();
    let out = run(
        &server,
        &["--delete", "--yes", "--timeout", "1s", "-o", "json"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        !lines(&changes(&server))
            .contains(&"DELETE /api/v1/namespaces/shop/services/legacy-lb".to_string())
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let legacy = doc["left"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["object"]["name"] == "legacy-lb")
        .expect("waited for");
    assert_eq!(
        legacy["why"],
        "the cloud controller has not deleted its load balancer yet (finalizer service.kubernetes.io/load-balancer-cleanup)"
    );
}

/// A cluster without a cloud controller manager: `--force` deletes the LoadBalancer Service,
/// which goes at once (nothing holds it), and the summary names the load balancer left in the
/// cloud instead of claiming the cloud was cleaned.
#[test]
fn forced_deletion_without_a_cloud_controller_names_what_is_left_in_the_cloud() {
    for format in ["table", "json"] {
        let server = workload();
        let store = server.store();
        store.remove(
            "DaemonSet",
            "kube-system",
            "openstack-cloud-controller-manager",
        );
        store.remove(
            "Pod",
            "kube-system",
            "openstack-cloud-controller-manager-7xk2p",
        );
        store
            .remove_finalizers("Service", "ingress-nginx", "ingress-nginx-controller")
            .unwrap();
        let args = [
            "--delete",
            "--yes",
            "--force",
            "-n",
            "ingress-nginx",
            "-o",
            format,
        ];
        let out = run(&server, &args);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert_eq!(
            lines(&changes(&server)),
            ["DELETE /api/v1/namespaces/ingress-nginx/services/ingress-nginx-controller"]
        );
        let stdout = text(&out.stdout);
        if format == "json" {
            let doc: Value = serde_json::from_str(&stdout).unwrap();
            assert_eq!(
                doc["left_in_cloud"],
                json!([{
                    "resource": "load balancer",
                    "id": "6c2b8f0e-3f4d-4d57-a1c9-2f5e8b7a9d10",
                    "addresses": ["198.51.100.10"],
                    "object": {"kind": "Service", "namespace": "ingress-nginx", "name": "ingress-nginx-controller"},
                    "controller": "cloud-controller-manager",
                    "controller_state": "Missing",
                }])
            );
            continue;
        }
        assert!(!stdout.contains("deleted in the cloud"), "{stdout}");
        for part in [
            "All gone from the cluster after 0s, but not from the cloud: 1 cloud resource is still there (below)",
            "Left in the cloud by --force: nothing deleted these; remove them by hand",
            "load balancer   6c2b8f0e-3f4d-4d57-a1c9-2f5e8b7a9d10   Service ingress-nginx/ingress-nginx-controller   cloud controller manager Missing",
            "remove the 1 cloud resource left (listed above) by hand, then delete the Cluster",
        ] {
            assert!(stdout.contains(part), "{part:?} not in:\n{stdout}");
        }
    }
}
