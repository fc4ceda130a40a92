//! `netpol simulate` on files: the upstream x/y/z topology (tests/fixtures/netpol/xyz) with a
//! deny-all, an allow-from-namespace, a named-port and an egress policy.

use std::collections::BTreeSet;
use std::path::PathBuf;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

use crate::support::{fixture, scs};

const PODS: [&str; 9] = [
    "x/a", "x/b", "x/c", "y/a", "y/b", "y/c", "z/a", "z/b", "z/c",
];

fn xyz(name: &str) -> PathBuf {
    fixture(&format!("netpol/xyz/{name}.yaml"))
}

/// `netpol simulate -f namespaces -f pods -f policies` plus `args`.
pub fn simulate(args: &[&str]) -> Command {
    let mut cmd = scs();
    cmd.args(["netpol", "simulate"]);
    for file in ["namespaces", "pods", "policies"] {
        cmd.arg("-f").arg(xyz(file));
    }
    cmd.args(args);
    cmd
}

/// Stdout of a run that must exit 0.
pub fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(cmd: &mut Command) -> Value {
    serde_json::from_str(&stdout(cmd)).unwrap()
}

/// `(from, to)` pairs whose cell is allowed.
fn allowed_pairs(doc: &Value) -> BTreeSet<(String, String)> {
    doc["cells"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["allowed"] == true)
        .map(|c| {
            (
                c["from"].as_str().unwrap().to_string(),
                c["to"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Every source to the given destinations.
fn into(destinations: &[&str], sources: &[&str]) -> Vec<(String, String)> {
    sources
        .iter()
        .flat_map(|f| destinations.iter().map(|t| (f.to_string(), t.to_string())))
        .collect()
}

#[test]
fn truth_table_tcp_80() {
    let text = stdout(&mut simulate(&[]));
    insta::assert_snapshot!("netpol_simulate_tcp_80", text);
}

#[test]
fn truth_table_wide_adds_legend_ips_and_policies() {
    let text = stdout(&mut simulate(&["--port", "81", "-o", "wide"]));
    insta::assert_snapshot!("netpol_simulate_tcp_81_wide", text);
}

#[test]
fn truth_table_udp() {
    let text = stdout(&mut simulate(&["--protocol", "UDP"]));
    insta::assert_snapshot!("netpol_simulate_udp_80", text);
    // Lower case is accepted too.
    assert_eq!(stdout(&mut simulate(&["--protocol", "udp"])), text);
}

#[test]
fn tcp_80_cells_follow_the_policies() {
    let doc = json(&mut simulate(&["-o", "json"]));
    // x: deny-all, only x/a admits namespace team=blue (y); y: only TCP 81 (named port);
    // z: not isolated for ingress.
    let mut expected = into(&["z/a", "z/b", "z/c"], &PODS);
    expected.extend(into(&["x/a"], &["y/a", "y/b", "y/c"]));
    assert_eq!(allowed_pairs(&doc), expected.into_iter().collect());
}

#[test]
fn udp_is_blocked_where_only_tcp_is_admitted() {
    let doc = json(&mut simulate(&["--protocol", "UDP", "-o", "json"]));
    assert_eq!(doc["protocol"], "UDP");
    // z/c may only send TCP; y admits only TCP 81.
    let mut expected: Vec<(String, String)> = into(
        &["z/a", "z/b", "z/c"],
        &PODS[..8], // every source but z/c
    );
    expected.extend(into(&["x/a"], &["y/a", "y/b", "y/c"]));
    assert_eq!(allowed_pairs(&doc), expected.into_iter().collect());
}

#[test]
fn named_port_resolves_on_each_destination() {
    let by_name = json(&mut simulate(&["--port", "serve-81-tcp", "-o", "json"]));
    let by_number = json(&mut simulate(&["--port", "81", "-o", "json"]));
    assert_eq!(by_name["port"], "serve-81-tcp");
    assert_eq!(by_number["port"], 81);
    assert_eq!(by_name["cells"], by_number["cells"]);
    // The policy in y admits serve-81-tcp only, so y is open on 81 and closed on 80.
    assert!(allowed_pairs(&by_name).contains(&("z/a".into(), "y/b".into())));
    let on_80 = json(&mut simulate(&["--port", "serve-80-tcp", "-o", "json"]));
    assert!(!allowed_pairs(&on_80).contains(&("z/a".into(), "y/b".into())));
}

#[test]
fn named_port_nobody_declares_blocks_every_column_with_a_note() {
    simulate(&["--port", "serve-80-sctp", "--protocol", "SCTP", "-o", "json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"allowed\": true").not())
        .stderr(predicate::str::contains(
            "note: --port serve-80-sctp: nothing listens on it in pods without a SCTP container port of that name",
        ));
}

#[test]
fn named_port_on_some_pods_only() {
    let mut cmd = simulate(&["--port", "http", "-o", "json"]);
    cmd.arg("-f").arg(fixture("netpol/extra-pods.yaml"));
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Only z/web declares `http` (8080); z is not isolated, so every pod reaches it and nothing else.
    let mut sources = PODS.to_vec();
    sources.push("z/web-5d8f7b9c4-k2x9m");
    let expected = into(&["z/web-5d8f7b9c4-k2x9m"], &sources);
    assert_eq!(allowed_pairs(&doc), expected.into_iter().collect());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("left out pods NetworkPolicy does not apply to: kube-system/kube-proxy-7xk2p (uses the host network), x/backup-29113440-q8v2d (has finished"),
        "{stderr}"
    );
}

#[test]
fn json_lists_every_ordered_pair_once_including_self_pairs() {
    let doc = json(&mut simulate(&["-o", "json"]));
    let keys: BTreeSet<&str> = doc
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, BTreeSet::from(["port", "protocol", "cells"]));
    assert_eq!(doc["port"], 80);
    assert_eq!(doc["protocol"], "TCP");
    let cells = doc["cells"].as_array().unwrap();
    assert_eq!(cells.len(), PODS.len() * PODS.len());
    let mut seen = BTreeSet::new();
    for cell in cells {
        let keys: BTreeSet<&str> = cell
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, BTreeSet::from(["from", "to", "allowed"]));
        assert!(cell["allowed"].is_boolean());
        seen.insert((
            cell["from"].as_str().unwrap().to_string(),
            cell["to"].as_str().unwrap().to_string(),
        ));
    }
    assert_eq!(seen, into(&PODS, &PODS).into_iter().collect());
    for pod in PODS {
        assert!(seen.contains(&(pod.to_string(), pod.to_string())));
    }
}

#[test]
fn yaml_is_the_json_document() {
    let from_json = json(&mut simulate(&["-o", "json"]));
    let text = stdout(&mut simulate(&["-o", "yaml"]));
    let from_yaml: Value = serde_saphyr::from_str(&text).unwrap();
    assert_eq!(from_yaml, from_json);
}

#[test]
fn explains_an_allowed_connection() {
    let text = stdout(&mut simulate(&["--from", "y/b", "--to", "x/a"]));
    assert_eq!(
        text,
        "allowed: y/b is selected by no egress policy; x/allow-from-namespace ingress rule 1 (namespaceSelector team=blue) admits y/b on TCP/80\n"
    );
}

#[test]
fn explains_a_blocked_connection() {
    let text = stdout(&mut simulate(&["--from", "x/b", "--to", "x/a"]));
    assert_eq!(
        text,
        "blocked: x/allow-from-namespace, x/deny-all select x/a for ingress; no ingress rule admits x/b on TCP/80\n"
    );
    let text = stdout(&mut simulate(&["--from", "z/a", "--to", "x/b"]));
    assert_eq!(
        text,
        "blocked: x/deny-all selects x/b for ingress; no ingress rule admits z/a on TCP/80\n"
    );
}

#[test]
fn explains_egress_named_port_and_udp() {
    let text = stdout(&mut simulate(&[
        "--from",
        "z/c",
        "--to",
        "z/a",
        "--protocol",
        "UDP",
    ]));
    assert_eq!(
        text,
        "blocked: z/c-egress-tcp-only selects z/c for egress; no egress rule admits z/a on UDP/80\n"
    );
    let text = stdout(&mut simulate(&[
        "--from",
        "z/a",
        "--to",
        "y/b",
        "--port",
        "serve-81-tcp",
    ]));
    assert_eq!(
        text,
        "allowed: z/a is selected by no egress policy; y/allow-named-81 ingress rule 1 (any source; port TCP/serve-81-tcp) admits z/a on TCP/81\n"
    );
}

#[test]
fn answer_json_names_policies_and_rule_fields() {
    let doc = json(&mut simulate(&[
        "--from", "y/b", "--to", "x/a", "-o", "json",
    ]));
    assert_eq!(doc["allowed"], true);
    assert_eq!(doc["port"], 80);
    assert_eq!(doc["resolvedPort"], 80);
    assert_eq!(doc["egress"]["decision"], "notIsolated");
    assert_eq!(doc["ingress"]["decision"], "admitted");
    assert_eq!(doc["ingress"]["policy"], "x/allow-from-namespace");
    assert_eq!(doc["ingress"]["rule"], "spec.ingress[0]");
    assert_eq!(doc["ingress"]["peer"], "spec.ingress[0].from[0]");
    assert_eq!(doc["ingress"]["port"], Value::Null);

    let doc = json(&mut simulate(&[
        "--from", "x/b", "--to", "x/a", "-o", "json",
    ]));
    assert_eq!(doc["allowed"], false);
    assert_eq!(doc["ingress"]["decision"], "denied");
    assert_eq!(
        doc["ingress"]["policies"],
        serde_json::json!(["x/allow-from-namespace", "x/deny-all"])
    );
}

#[test]
fn wide_answer_shows_both_sides() {
    let text = stdout(&mut simulate(&[
        "--from", "z/a", "--to", "y/b", "--port", "81", "-o", "wide",
    ]));
    insta::assert_snapshot!("netpol_simulate_answer_wide", text);
}

#[test]
fn external_addresses_meet_ip_blocks() {
    let text = stdout(&mut simulate(&["--from", "203.0.113.7", "--to", "x/a"]));
    assert_eq!(
        text,
        "allowed: x/allow-from-namespace ingress rule 1 (ipBlock 203.0.113.0/24) admits 203.0.113.7 on TCP/80\n"
    );
    let text = stdout(&mut simulate(&["--from", "198.51.100.1", "--to", "x/a"]));
    assert!(text.starts_with("blocked: "), "{text}");
    // A pod's own IP stands for the pod.
    simulate(&["--from", "10.244.2.10", "--to", "x/a"])
        .assert()
        .success()
        .stdout(predicate::str::contains("admits y/a on TCP/80"))
        .stderr(predicate::str::contains("is the IP of pod y/a"));
}

#[test]
fn bare_pod_names_use_the_namespace_flag() {
    let text = stdout(&mut simulate(&["--from", "a", "--to", "b", "-n", "x"]));
    assert!(text.contains("no ingress rule admits x/a"), "{text}");
}

#[test]
fn bad_from_and_to_are_usage_errors() {
    simulate(&["--from", "x/zz", "--to", "x/a"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--from x/zz: no such pod in the input",
        ))
        .stderr(predicate::str::contains("hint: pods read: x/a, x/b"));
    simulate(&["--from", "y/a", "--to", "a", "-n", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "only namespace x was read; give -A",
        ));
    simulate(&["--from", "a", "--to", "x/a"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "Write NAMESPACE/a or give -n NAMESPACE",
        ));
    simulate(&["--from", "not a pod", "--to", "x/a"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "neither NAMESPACE/POD, POD nor an IP address",
        ));
    simulate(&["--from", "x/a"]).assert().code(2);
    simulate(&["--from", "192.0.2.1", "--to", "192.0.2.2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("both outside the cluster"));
    simulate(&["--from", "x/a", "--to", "192.0.2.2", "--port", "http"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "only a destination pod can resolve",
        ));
    simulate(&["--port", "0"]).assert().code(2);
    simulate(&["--port", "Http"]).assert().code(2);
    simulate(&["--protocol", "ICMP"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("use TCP, UDP or SCTP"));
    simulate(&["-o", "junit"]).assert().code(2);
}

#[test]
fn skipped_pods_are_explained_when_asked_for() {
    let mut cmd = simulate(&["--from", "kube-system/kube-proxy-7xk2p", "--to", "x/a"]);
    cmd.arg("-f").arg(fixture("netpol/extra-pods.yaml"));
    cmd.assert().code(2).stderr(predicate::str::contains(
        "kube-system/kube-proxy-7xk2p uses the host network: NetworkPolicy does not apply to it",
    ));
}

#[test]
fn policies_file_adds_and_replaces_same_named_policies() {
    let candidate = xyz("candidate-policies");
    let mut cmd = simulate(&["-o", "json", "--policies"]);
    cmd.arg(&candidate);
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    // x/allow-from-namespace now admits team In (blue, green) into x/a; z/deny-ingress closes z.
    let sources: Vec<&str> = PODS[3..].to_vec();
    assert_eq!(
        allowed_pairs(&doc),
        into(&["x/a"], &sources).into_iter().collect()
    );
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("note: --policies: replacing the same-named policies in -f")
    );
    // The replaced policy's rule is the one that now decides.
    let mut cmd = simulate(&["--from", "z/b", "--to", "x/a", "--policies"]);
    cmd.arg(&candidate);
    cmd.assert().success().stdout(predicate::str::contains(
        "x/allow-from-namespace ingress rule 1 (namespaceSelector team in (blue,green)) admits z/b",
    ));
}

#[test]
fn policies_files_contribute_only_network_policies() {
    let mut cmd = simulate(&["--policies"]);
    cmd.arg(fixture("netpol/extra-pods.yaml"));
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    // The pods of a policy file are not simulated: the table is the plain one.
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        stdout(&mut simulate(&[]))
    );
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("ignored objects other than NetworkPolicies (networking.k8s.io/v1): 3")
    );
}

#[test]
fn replace_policies_uses_only_the_file() {
    let mut cmd = simulate(&["-o", "json", "--replace-policies", "--policies"]);
    cmd.arg(xyz("candidate-policies"));
    let doc = json(&mut cmd);
    // Only x/allow-from-namespace (x/a from y, z) and z/deny-ingress remain.
    let others = ["x/b", "x/c", "y/a", "y/b", "y/c"];
    let mut expected = into(&others, &PODS);
    expected.extend(into(&["x/a"], &PODS[3..]));
    assert_eq!(allowed_pairs(&doc), expected.into_iter().collect());
    simulate(&["--replace-policies"]).assert().code(2);
}

#[test]
fn policies_without_namespace_go_into_the_namespace_flag() {
    let file = fixture("netpol/bad/no-namespace-policy.yaml");
    let mut cmd = simulate(&["--policies"]);
    cmd.arg(&file);
    cmd.assert()
        .code(3)
        .stderr(predicate::str::contains(
            "NetworkPolicy allow-from-z: metadata.namespace is missing",
        ))
        .stderr(predicate::str::contains("no-namespace-policy.yaml"))
        .stderr(predicate::str::contains("give -n NAMESPACE"));
    let mut cmd = simulate(&["-n", "x", "-o", "json", "--policies"]);
    cmd.arg(&file);
    let doc = json(&mut cmd);
    // In x: deny-all plus allow-from-z; only x pods are read with -n x, so nothing is allowed.
    assert_eq!(doc["cells"].as_array().unwrap().len(), 9);
    assert!(allowed_pairs(&doc).is_empty());
}

#[test]
fn missing_namespace_objects_are_noted() {
    let mut cmd = scs();
    cmd.args(["netpol", "simulate", "-o", "json"])
        .arg("-f")
        .arg(xyz("pods"))
        .arg("-f")
        .arg(xyz("policies"));
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no Namespace object for x, y, z: namespaceSelectors see only the kubernetes.io/metadata.name label"),
        "{stderr}"
    );
    // Without y's team=blue label, nothing reaches x/a.
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        allowed_pairs(&doc),
        into(&["z/a", "z/b", "z/c"], &PODS).into_iter().collect()
    );
}

#[test]
fn no_pods_is_not_an_error() {
    simulate(&["-n", "nothing-here"])
        .assert()
        .success()
        .stdout("No pods found in namespace nothing-here.\n");
    let doc = json(&mut simulate(&["-n", "nothing-here", "-o", "json"]));
    assert_eq!(doc["cells"], serde_json::json!([]));
}

#[test]
fn bad_input_files_name_the_object_and_field() {
    let run = |file: &str| {
        let mut cmd = scs();
        cmd.args(["netpol", "simulate", "-f"]).arg(fixture(file));
        cmd.assert().code(3)
    };
    run("netpol/bad/invalid-cidr.yaml")
        .stderr(predicate::str::contains(
            "NetworkPolicy x/allow-office: spec.ingress[0].from[0].ipBlock.cidr: invalid CIDR \"10.0.0.0/33\"",
        ))
        .stderr(predicate::str::contains("invalid-cidr.yaml"));
    run("netpol/bad/invalid-pod-ip.yaml").stderr(predicate::str::contains(
        "Pod x/broken: status.podIP \"10.244.1.300\" is not an IP address",
    ));
    run("netpol/bad/unquoted-namespace.yaml")
        .stderr(predicate::str::contains(
            "unquoted-namespace.yaml, document 1: NetworkPolicy true/deny-all cannot be read: metadata.namespace is a boolean",
        ))
        .stderr(predicate::str::contains("quote such names"));
    run("netpol/README.md").stderr(predicate::str::contains("is not valid YAML"));
    run("netpol/does-not-exist.yaml").stderr(
        predicate::str::contains("cannot read")
            .and(predicate::str::contains("does-not-exist.yaml")),
    );
    // A bad --policies file fails before anything else is read.
    let mut cmd = simulate(&["--policies"]);
    cmd.arg(fixture("netpol/bad/invalid-cidr.yaml"));
    cmd.assert()
        .code(3)
        .stderr(predicate::str::contains("--policies"))
        .stderr(predicate::str::contains(
            "spec.ingress[0].from[0].ipBlock.cidr",
        ));
}

#[test]
fn stdin_feeds_one_input_only() {
    scs()
        .args(["netpol", "simulate", "-f", "-", "--policies", "-"])
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("either -f or --policies"));
}

#[test]
fn listed_in_help() {
    scs()
        .args(["netpol", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("simulate"));
    scs()
        .args(["netpol", "simulate", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--policies"))
        .stdout(predicate::str::contains("--replace-policies"));
}
