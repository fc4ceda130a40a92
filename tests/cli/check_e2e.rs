//! `check networking` / `check conformance` judging earlier results (`--results`): verdicts,
//! exit codes, every output format, waiver flags. No cluster.

use std::path::Path;

use predicates::prelude::*;
use serde_json::Value;

use crate::support::{fixture, scs};

pub const TALOS: &str = "results/junit-v1.29.0-talos/junit_01.xml";
pub const FOUR_FAILURES: &str = "results/sonobuoy-v1.21.1-4-failures/results-4-e2e-failures.tar.gz";
pub const FOUR_FAILURES_JUNIT: &str = "results/sonobuoy-v1.21.1-4-failures/junit_01.xml";

/// The three Cilium ipBlock tests (cilium/cilium#9209), as Kubernetes 1.29 names them.
pub const CILIUM_CIDR: [&str; 3] = [
    "[It] [sig-network] Netpol NetworkPolicy between server and client should allow egress access to server in CIDR block [Feature:NetworkPolicy]",
    "[It] [sig-network] Netpol NetworkPolicy between server and client should ensure an IP overlapping both IPBlock.CIDR and IPBlock.Except is allowed [Feature:NetworkPolicy]",
    "[It] [sig-network] Netpol NetworkPolicy between server and client should enforce except clause while egress access to server in CIDR block [Feature:NetworkPolicy]",
];

/// A JUnit report of a `NetworkPolicy`-focused run on Kubernetes 1.29, made from the
/// names of the v1.29 conformance fixture: every NetworkPolicy test ran and passed except
/// `failing`; a few other tests are skipped as a focused run skips them.
pub fn netpol_junit(failing: &[&str]) -> String {
    let text = std::fs::read_to_string(fixture(TALOS)).expect("talos junit");
    let re = regex::Regex::new(r#"<testcase name="([^"]*)""#).expect("regex");
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n <testsuite name=\"Kubernetes e2e suite\" package=\"/usr/local/bin\">\n",
    );
    let mut skipped = 0;
    for cap in re.captures_iter(&text) {
        let name = &cap[1];
        let plain = name.replace("&#39;", "'");
        if name.contains("NetworkPolicy") {
            if failing.contains(&plain.as_str()) {
                xml.push_str(&format!(
                    "  <testcase name=\"{name}\" classname=\"Kubernetes e2e suite\" status=\"failed\" time=\"95.2\"><failure message=\"Had 2 wrong results in reachability matrix\" type=\"failed\">[FAILED] Had 2 wrong results in reachability matrix</failure></testcase>\n"
                ));
            } else {
                xml.push_str(&format!(
                    "  <testcase name=\"{name}\" classname=\"Kubernetes e2e suite\" status=\"passed\" time=\"31.5\"></testcase>\n"
                ));
            }
        } else if skipped < 5 && name.starts_with("[It]") {
            skipped += 1;
            xml.push_str(&format!(
                "  <testcase name=\"{name}\" classname=\"Kubernetes e2e suite\" status=\"skipped\" time=\"0\"><skipped message=\"skipped\"></skipped></testcase>\n"
            ));
        }
    }
    xml.push_str(" </testsuite>\n</testsuites>\n");
    xml
}

fn judge(check: &str, input: &Path, args: &[&str]) -> std::process::Output {
    scs()
        .args(["check", check, "--results"])
        .arg(input)
        .args(args)
        .output()
        .unwrap()
}

fn json_of(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn counts(doc: &Value) -> [u64; 4] {
    ["passed", "failed", "waived", "skipped"].map(|k| doc["counts"][k].as_u64().unwrap())
}

#[test]
fn verdicts_and_exit_codes_on_the_fixtures() {
    let cases = [
        ("networking", TALOS, 3, "ABORT", [388, 0, 0, 7019]),
        ("conformance", TALOS, 0, "PASS", [388, 0, 0, 7019]),
        ("networking", FOUR_FAILURES, 1, "FAIL", [21, 4, 0, 5746]),
        ("conformance", FOUR_FAILURES, 1, "FAIL", [21, 4, 0, 5746]),
    ];
    for (check, input, code, verdict, expected) in cases {
        let out = judge(check, &fixture(input), &["-o", "json"]);
        assert_eq!(out.status.code(), Some(code), "{check} {input}");
        let doc = json_of(&out);
        assert_eq!(doc["verdict"], verdict, "{check} {input}");
        assert_eq!(counts(&doc), expected, "{check} {input}");
    }
}

#[test]
fn table_snapshots() {
    let dir = tempfile::tempdir().unwrap();
    let netpol = dir.path().join("junit_01.xml");
    std::fs::write(&netpol, netpol_junit(&CILIUM_CIDR[..])).unwrap();
    let cases = [
        ("networking_abort_talos", "networking", fixture(TALOS)),
        (
            "networking_pass_cilium_waived",
            "networking",
            netpol.clone(),
        ),
        (
            "conformance_fail_4_failures",
            "conformance",
            fixture(FOUR_FAILURES),
        ),
        ("conformance_pass_talos", "conformance", fixture(TALOS)),
    ];
    for (name, check, input) in cases {
        let out = judge(check, &input, &[]);
        let text = String::from_utf8_lossy(&out.stdout)
            .replace(&dir.path().display().to_string(), "[TMP]");
        insert_snapshot(name, &text);
    }
}

fn insert_snapshot(name: &str, text: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(regex_escape(env!("CARGO_MANIFEST_DIR")).as_str(), "[ROOT]");
    settings.bind(|| insta::assert_snapshot!(format!("check_e2e_{name}"), text));
}

fn regex_escape(text: &str) -> String {
    regex::escape(text)
}

#[test]
fn a_networking_run_with_the_cilium_failures_passes_only_with_waivers() {
    let dir = tempfile::tempdir().unwrap();
    let netpol = dir.path().join("junit_01.xml");
    std::fs::write(&netpol, netpol_junit(&CILIUM_CIDR[..])).unwrap();

    let out = judge("networking", &netpol, &["-o", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let doc = json_of(&out);
    assert_eq!(counts(&doc), [47, 0, 3, 5]);
    let waived: Vec<&Value> = doc["tests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["status"] == "waived")
        .collect();
    assert_eq!(waived.len(), 3);
    for t in waived {
        assert_eq!(t["reason"], "https://github.com/cilium/cilium/issues/9209");
    }

    let out = judge("networking", &netpol, &["--no-waivers", "-o", "scs"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "kaas-networking-check: FAIL\n"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    for name in CILIUM_CIDR {
        assert!(
            stderr.contains(&format!("ERROR: FAILED: {name}\n")),
            "{stderr}"
        );
    }
    assert!(stderr.contains("INFO: waivers: none"), "{stderr}");

    // A waiver file of one's own replaces the built-in list.
    let waivers = dir.path().join("waivers.yaml");
    std::fs::write(
        &waivers,
        "okToFail:\n- regex: should.allow.egress.access.to.server.in.CIDR.block\n  reason: our own reason\n",
    )
    .unwrap();
    let out = judge(
        "networking",
        &netpol,
        &["--waivers", waivers.to_str().unwrap(), "-o", "json"],
    );
    assert_eq!(out.status.code(), Some(1));
    let doc = json_of(&out);
    assert_eq!(counts(&doc), [47, 2, 1, 5]);
    assert!(doc["waivers"].as_str().unwrap().ends_with("waivers.yaml"));
}

#[test]
fn a_networking_result_file_is_diagnosed_at_the_top_and_under_diagnoses() {
    let dir = tempfile::tempdir().unwrap();
    let netpol = dir.path().join("junit_01.xml");
    std::fs::write(&netpol, netpol_junit(&CILIUM_CIDR[..])).unwrap();
    let doc = json_of(&judge("networking", &netpol, &["-o", "json"]));
    assert_eq!(doc["verdict"], "PASS");
    let diagnoses = doc["diagnoses"].as_array().unwrap();
    assert_eq!(diagnoses.len(), 1, "{diagnoses:?}");
    assert_eq!(diagnoses[0]["code"], "IPBLOCK_EXCEPT_UNSUPPORTED");
    assert_eq!(diagnoses[0]["tests"].as_array().map(Vec::len), Some(3));
    assert!(
        diagnoses[0]["hint"]
            .as_str()
            .unwrap()
            .contains("SCS waives")
    );

    // Every test that needs a connection blocked failed: nothing is enforced.
    let text = std::fs::read_to_string(fixture(TALOS)).unwrap();
    let blocking: Vec<String> =
        regex::Regex::new(r#"<testcase name="([^"]*Netpol [^"]*NetworkPolicy between[^"]*)""#)
            .unwrap()
            .captures_iter(&text)
            .map(|c| c[1].replace("&#39;", "'"))
            .filter(|n| {
                // The three tests whose truth table allows everything pass anyway.
                !n.contains("should support allow-all policy")
                    && !n.contains("should enforce policy based on any PodSelectors")
                    && !n.contains("allow ingress traffic from pods in all namespaces")
            })
            .collect();
    let refs: Vec<&str> = blocking.iter().map(String::as_str).collect();
    std::fs::write(&netpol, netpol_junit(&refs)).unwrap();
    let out = judge("networking", &netpol, &[]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let top: Vec<&str> = stdout.lines().filter(|l| !l.is_empty()).take(3).collect();
    assert_eq!(
        top.first(),
        Some(&"kaas-networking-check: FAIL"),
        "{stdout}"
    );
    assert_eq!(top.get(1), Some(&"Diagnosis:"), "{stdout}");
    assert!(
        top.get(2).is_some_and(
            |l| l.starts_with("  NETPOL_NOT_ENFORCED: NetworkPolicy is not enforced at all")
        ),
        "{stdout}"
    );
    let out = judge("networking", &netpol, &["-o", "scs"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("INFO: diagnosis NETPOL_NOT_ENFORCED: "),
        "{stderr}"
    );

    // The conformance check has no diagnoses.
    let doc = json_of(&judge(
        "conformance",
        &fixture(FOUR_FAILURES),
        &["-o", "json"],
    ));
    assert!(doc.get("diagnoses").is_none());
}

#[test]
fn the_json_document_has_stable_keys() {
    let out = judge("conformance", &fixture(FOUR_FAILURES), &["-o", "json"]);
    let doc = json_of(&out);
    assert_eq!(doc["check"], "cncf-k8s-conformance");
    for key in [
        "verdict",
        "counts",
        "tests",
        "message",
        "source",
        "waivers",
        "focusTestsRun",
    ] {
        assert!(!doc[key].is_null(), "{key} missing");
    }
    let failed = doc["tests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["status"] == "failed")
        .unwrap();
    for key in ["name", "status", "reason"] {
        assert!(
            failed.get(key).is_some(),
            "test key {key} missing: {failed}"
        );
    }
    let yaml = judge("conformance", &fixture(FOUR_FAILURES), &["-o", "yaml"]);
    let from_yaml: Value = serde_saphyr::from_slice(&yaml.stdout).unwrap();
    assert_eq!(from_yaml, doc);
}

#[test]
fn scs_lines_are_exact() {
    let out = judge("conformance", &fixture(FOUR_FAILURES), &["-o", "scs"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "cncf-k8s-conformance: FAIL\n"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("ERROR: "))
        .collect();
    assert_eq!(errors.len(), 4, "{stderr}");
    assert!(errors.iter().all(|l| l.starts_with("ERROR: FAILED: [sig-")));
    assert!(
        stderr.lines().all(|l| l.starts_with("INFO: ")
            || l.starts_with("ERROR: ")
            || l.starts_with("WARNING: ")),
        "{stderr}"
    );
    assert!(stderr.contains("INFO: e2e results: 21 passed, 4 failed, 0 failed_ok, 5746 skipped"));

    let abort = judge("networking", &fixture(TALOS), &["-o", "scs"]);
    assert_eq!(abort.status.code(), Some(3));
    assert_eq!(
        String::from_utf8_lossy(&abort.stdout),
        "kaas-networking-check: ABORT\n"
    );
}

#[test]
fn junit_reports_waived_as_skipped_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let netpol = dir.path().join("junit_01.xml");
    std::fs::write(&netpol, netpol_junit(&CILIUM_CIDR[..])).unwrap();
    let out = judge("networking", &netpol, &["-o", "junit"]);
    assert_eq!(out.status.code(), Some(0));
    let xml = String::from_utf8_lossy(&out.stdout);
    assert!(
        xml.contains("testsuite name=\"kaas-networking-check\""),
        "{xml}"
    );
    assert_eq!(
        xml.matches("<skipped message=\"waived: https://github.com/cilium/cilium/issues/9209\"/>")
            .count(),
        3,
        "{xml}"
    );
    assert!(xml.contains("failures=\"0\""));
    let failing = judge(
        "conformance",
        &fixture(FOUR_FAILURES_JUNIT),
        &["-o", "junit"],
    );
    let xml = String::from_utf8_lossy(&failing.stdout);
    assert!(xml.contains("failures=\"4\""), "{xml}");
}

#[test]
fn an_invalid_waiver_file_names_file_and_entry() {
    let dir = tempfile::tempdir().unwrap();
    let waivers = dir.path().join("bad.yaml");
    std::fs::write(
        &waivers,
        "okToFail:\n- regex: fine\n  reason: ok\n- regex: '(unclosed'\n  reason: x\n",
    )
    .unwrap();
    let out = judge(
        "networking",
        &fixture(TALOS),
        &["--waivers", waivers.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad.yaml"), "{stderr}");
    assert!(stderr.contains("okToFail[1]"), "{stderr}");

    let out = judge(
        "networking",
        &fixture(TALOS),
        &["--waivers", "/nonexistent/w.yaml", "-o", "scs"],
    );
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "kaas-networking-check: ABORT\n"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/w.yaml"));
}

#[test]
fn usage_errors() {
    scs()
        .args([
            "check",
            "networking",
            "--mode",
            "native",
            "--flake-attempts",
            "2",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--flake-attempts applies to --mode e2e only",
        ));
    scs()
        .args(["check", "networking", "--waivers", "x", "--no-waivers"])
        .assert()
        .code(2);
    scs()
        .args(["check", "conformance", "--results", "x", "--cleanup"])
        .assert()
        .code(2);
    scs()
        .args([
            "check",
            "networking",
            "--image-repository",
            "https://harbor.example",
            "--results",
        ])
        .arg(fixture(TALOS))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("without a scheme"));
    scs()
        .args(["check", "networking", "--list-images", "-o", "junit"])
        .env("KUBECONFIG", "/nonexistent")
        .assert()
        .code(2);
}

#[test]
fn missing_results_are_an_error() {
    let out = judge("networking", Path::new("/nonexistent/results"), &[]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/results"));
}
