//! `check nodes` (scs-0214-v2, `node-distribution-check`): the nodes of the fake API server or of
//! `-f`, judged the same way.

use serde_json::Value;

use crate::support::fake_apiserver::{FakeApiServer, Fault};
use crate::support::{assert_exit, fixture, scs, scs_live};

fn offline(file: &str, args: &[&str]) -> std::process::Output {
    scs()
        .args(["check", "nodes", "-f"])
        .arg(fixture(&format!("nodes/{file}.yaml")))
        .args(args)
        .output()
        .unwrap()
}

fn live(server: &FakeApiServer, args: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    scs_live(server, dir.path())
        .args(["check", "nodes"])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn spread_labelled_nodes_pass_and_the_output_says_scs_checks_it_manually() {
    let out = offline("spread", &[]);
    assert_exit(&out, 0);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("SCS lists node-distribution-check as preview"),
        "{stdout}"
    );
    insta::assert_snapshot!("check_nodes_spread", stdout);
}

#[test]
fn a_node_without_labels_fails_and_a_one_zone_control_plane_warns() {
    let out = offline("one-zone-unlabelled", &[]);
    assert_exit(&out, 1);
    insta::assert_snapshot!(
        "check_nodes_one_zone_unlabelled",
        String::from_utf8_lossy(&out.stdout)
    );

    let out = offline("one-zone-unlabelled", &["-o", "scs"]);
    assert_exit(&out, 1);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "node-distribution-check: FAIL\n"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("INFO: SCS lists node-distribution-check as preview"),
        "{stderr}"
    );
    assert!(
        stderr.contains("WARNING: 3 control-plane nodes, all in zone regionone/nova: not spread over failure zones"),
        "{stderr}"
    );
    assert!(
        stderr.contains("ERROR: FAILED: node-distribution-check/labels\n"),
        "{stderr}"
    );
    assert!(!stderr.contains("node-count"), "{stderr}");
}

#[test]
fn json_yaml_and_junit_carry_every_rule() {
    let out = offline("one-zone-unlabelled", &["-o", "json"]);
    assert_exit(&out, 1);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["testcase"], "node-distribution-check");
    assert_eq!(doc["standard"], "scs-0214-v2");
    assert_eq!(doc["scsTarget"], "preview");
    assert_eq!(doc["verdict"], "FAIL");
    let rules: Vec<(&str, &str)> = doc["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        rules,
        [
            ("labels", "fail"),
            ("node-count", "pass"),
            ("control-plane-spread", "warn"),
            ("worker-spread", "info"),
        ]
    );
    assert_eq!(doc["controlPlane"]["nodes"], 3);
    assert_eq!(doc["nodes"][4]["name"], "worker-1");
    assert_eq!(doc["nodes"][4]["zone"], Value::Null);

    let out = offline("spread", &["-o", "yaml"]);
    assert_exit(&out, 0);
    assert!(String::from_utf8_lossy(&out.stdout).contains("verdict: PASS"));

    let out = offline("one-zone-unlabelled", &["-o", "junit"]);
    let xml = String::from_utf8_lossy(&out.stdout);
    assert!(xml.contains(r#"tests="4""#), "{xml}");
    assert!(xml.contains(r#"failures="1""#), "{xml}");
    assert!(
        xml.contains(r#"name="node-distribution-check/labels""#),
        "{xml}"
    );
}

#[test]
fn live_nodes_are_judged_like_a_dump() {
    let server = FakeApiServer::builder()
        .objects_file(fixture("nodes/spread.yaml"))
        .start();
    let out = live(&server, &["-o", "scs"]);
    assert_exit(&out, 0);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "node-distribution-check: PASS\n"
    );
    let live_doc: Value = serde_json::from_slice(&live(&server, &["-o", "json"]).stdout).unwrap();
    let dump_doc: Value =
        serde_json::from_slice(&offline("spread", &["-o", "json"]).stdout).unwrap();
    assert_eq!(live_doc, dump_doc);

    // A single node fails the count.
    let single = FakeApiServer::builder()
        .objects_yaml("apiVersion: v1\nkind: Node\nmetadata:\n  name: solo\n  labels:\n    node-role.kubernetes.io/control-plane: \"\"\n    topology.kubernetes.io/region: r\n    topology.kubernetes.io/zone: z\n")
        .start();
    let out = live(&single, &["-o", "json"]);
    assert_exit(&out, 1);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["rules"][1]["status"], "fail");
}

#[test]
fn nodes_that_cannot_be_read_abort() {
    let server = FakeApiServer::builder()
        .objects_file(fixture("nodes/spread.yaml"))
        .start();
    server.add_fault(Fault::forbidden("list", "/api/v1/nodes"));
    let out = live(&server, &["-o", "scs"]);
    assert_exit(&out, 3);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "node-distribution-check: ABORT\n"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("forbidden"), "{stderr}");
}
