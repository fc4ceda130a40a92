//! Verdict rules, the SCS runner lines, the JSON model and the JUnit report.

use super::{CILIUM_CIDR_TESTS, load, network_policy_run, to_junit};
use crate::e2e::*;
use crate::report::{Outcome, verdict_word};

fn result(name: &str, outcome: TestOutcome) -> TestResult {
    TestResult {
        name: name.to_string(),
        outcome,
        message: None,
        duration: None,
    }
}

fn results(tests: Vec<TestResult>) -> Results {
    Results {
        tests,
        source: "test".to_string(),
        summary: None,
        kubernetes_version: None,
        duration_seconds: None,
    }
}

#[test]
fn end_to_end_from_junit_text() {
    let run = network_policy_run(&[CILIUM_CIDR_TESTS[0], CILIUM_CIDR_TESTS[1]]);
    let xml = to_junit(&run);
    let parsed = parse_results_bytes("junit_01.xml", xml.as_bytes());
    let Ok(parsed) = parsed else {
        panic!("generated junit refused: {:?}", parsed.err());
    };
    assert_eq!(parsed.tests.len(), run.tests.len());
    assert_eq!(
        parsed
            .tests
            .iter()
            .map(|t| (&t.name, t.outcome))
            .collect::<Vec<_>>(),
        run.tests
            .iter()
            .map(|t| (&t.name, t.outcome))
            .collect::<Vec<_>>()
    );
    let j = judge(Check::Networking, &parsed, &Waivers::builtin());
    assert_eq!(j.verdict, Outcome::Ok);
    assert_eq!((j.counts.passed, j.counts.waived), (48, 2));
    let waived = j.waived().next();
    assert_eq!(
        waived.and_then(|t| t.message.as_deref()),
        Some("Had 2 wrong results in reachability matrix")
    );
    assert_eq!(waived.and_then(|t| t.duration_seconds), Some(42.0));
}

#[test]
fn suite_nodes_are_left_out_unless_they_fail() {
    let tests = vec![
        result("[SynchronizedBeforeSuite]", TestOutcome::Passed),
        result(
            "[It] [sig-network] Netpol API should support creating NetworkPolicy API operations",
            TestOutcome::Passed,
        ),
        result(
            "[ReportAfterSuite] Kubernetes e2e suite report",
            TestOutcome::Passed,
        ),
        result("[ReportBeforeSuite]", TestOutcome::Skipped),
    ];
    let j = judge(Check::Networking, &results(tests.clone()), &Waivers::none());
    assert_eq!(
        (j.verdict, j.counts.passed, j.tests.len()),
        (Outcome::Ok, 1, 1)
    );

    let mut broken = tests;
    if let Some(first) = broken.first_mut() {
        first.outcome = TestOutcome::Failed;
    }
    let j = judge(Check::Networking, &results(broken), &Waivers::none());
    assert_eq!(
        (j.verdict, j.counts.failed, j.counts.passed),
        (Outcome::Failed, 1, 1)
    );
    assert_eq!(
        j.failures().next().map(|t| t.name.as_str()),
        Some("[SynchronizedBeforeSuite]")
    );
}

#[test]
fn suite_node_names_are_recognised_exactly() {
    assert!(is_suite_node("[SynchronizedAfterSuite]"));
    assert!(is_suite_node("[ReportAfterSuite] Invariant Metrics"));
    assert!(is_suite_node("[DeferCleanup (Suite)]"));
    assert!(!is_suite_node("[It] [sig-network] Netpol x"));
    assert!(!is_suite_node("[ReportAfterSuiteX]"));
    assert!(!is_suite_node(
        "[k8s.io] Pods should be submitted and removed [Conformance]"
    ));
}

#[test]
fn empty_results_abort_and_waived_focus_tests_count_as_run() {
    let j = judge(
        Check::Conformance,
        &results(Vec::new()),
        &Waivers::builtin(),
    );
    assert_eq!(j.verdict, Outcome::Aborted);
    assert_eq!(
        j.message,
        "these results contain no [Conformance] test that ran — was the focus `\\[Conformance\\]`?"
    );
    let only_waived = vec![result(CILIUM_CIDR_TESTS[0], TestOutcome::Failed)];
    let j = judge(
        Check::Networking,
        &results(only_waived),
        &Waivers::builtin(),
    );
    assert_eq!(
        (j.verdict, j.focus_tests_run, j.counts.waived),
        (Outcome::Ok, 1, 1)
    );
}

/// What the `-o scs` runner lines are built from (the lines themselves are pinned by the CLI
/// tests of `check conformance`/`check networking`).
#[test]
fn judgement_carries_what_the_runner_lines_need() {
    let j = judge(
        Check::Conformance,
        &load("sonobuoy-v1.21.1-4-failures/results-4-e2e-failures.tar.gz"),
        &Waivers::builtin(),
    );
    assert_eq!(
        format!("{}: {}", j.check.id(), verdict_word(j.verdict)),
        "cncf-k8s-conformance: FAIL"
    );
    assert_eq!(
        j.source,
        "sonobuoy_results.yaml (plugins/e2e/sonobuoy_results.yaml in a sonobuoy tarball)"
    );
    assert_eq!(j.kubernetes_version.as_deref(), Some("v1.21.1"));
    assert_eq!(j.waivers, BUILTIN_ORIGIN);
    assert_eq!(
        j.failures().map(|t| t.name.as_str()).collect::<Vec<_>>(),
        vec![
            "[sig-scheduling] SchedulerPreemption [Serial] validates basic preemption works [Conformance]",
            "[sig-apps] Daemon set [Serial] should rollback without unnecessary restarts [Conformance]",
            "[sig-scheduling] SchedulerPreemption [Serial] validates lower priority pod preemption by critical pod [Conformance]",
            "[sig-scheduling] SchedulerPredicates [Serial] validates resource limits of pods that are allowed to run  [Conformance]",
        ]
    );
    assert_eq!(
        (
            j.counts.passed,
            j.counts.failed,
            j.counts.waived,
            j.counts.skipped
        ),
        (21, 4, 0, 5746)
    );
    assert_eq!(j.unnamed_failures, 0);
    assert_eq!(j.message, "4 unwaived failure(s)");

    let pass = judge(
        Check::Networking,
        &network_policy_run(&CILIUM_CIDR_TESTS),
        &Waivers::builtin(),
    );
    assert_eq!(
        format!("{}: {}", pass.check.id(), verdict_word(pass.verdict)),
        "kaas-networking-check: PASS"
    );
    assert_eq!(pass.waived().count(), 3);
    assert_eq!(pass.failures().count(), 0);
    assert_eq!(
        pass.message,
        "50 NetworkPolicy test(s) ran and no failure is left unwaived (47 passed, 3 waived, 7357 skipped)"
    );

    let abort = judge(
        Check::Networking,
        &load("junit-v1.35-verify-conformance/junit_01.xml"),
        &Waivers::builtin(),
    );
    assert_eq!(abort.verdict, Outcome::Aborted);
    assert_eq!(
        abort.message,
        "these results contain no NetworkPolicy test that ran — was the focus `NetworkPolicy`?"
    );
}

#[test]
fn judgement_serialises_with_stable_keys() {
    let mut run = network_policy_run(&CILIUM_CIDR_TESTS[..1]);
    run.kubernetes_version = Some("v1.29.0".to_string());
    let j = judge(Check::Networking, &run, &Waivers::builtin());
    let value = serde_json::to_value(&j).unwrap_or_default();
    let mut keys: Vec<&str> = value
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "check",
            "counts",
            "durationSeconds",
            "focusTestsRun",
            "kubernetesVersion",
            "message",
            "source",
            "tests",
            "unnamedFailures",
            "verdict",
            "waivers"
        ]
    );
    assert_eq!(value["check"], "kaas-networking-check");
    assert_eq!(value["verdict"], "PASS");
    assert_eq!(
        value["counts"],
        serde_json::json!({"passed": 49, "failed": 0, "waived": 1, "skipped": 7357})
    );
    let waived = value["tests"]
        .as_array()
        .and_then(|tests| tests.iter().find(|t| t["status"] == "waived"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(waived["name"], CILIUM_CIDR_TESTS[0]);
    assert_eq!(
        waived["reason"],
        "https://github.com/cilium/cilium/issues/9209"
    );
    assert_eq!(
        waived["waiver"],
        "should.allow.egress.access.to.server.in.CIDR.block"
    );
    let skipped = value["tests"]
        .as_array()
        .and_then(|tests| tests.iter().find(|t| t["status"] == "skipped"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(skipped["reason"], serde_json::Value::Null);
}

#[test]
fn check_ids_and_focus_rules() {
    assert_eq!(Check::Networking.id(), "kaas-networking-check");
    assert_eq!(Check::Conformance.id(), "cncf-k8s-conformance");
    assert_eq!(Check::Networking.default_focus(), "NetworkPolicy");
    assert_eq!(Check::Conformance.default_focus(), "\\[Conformance\\]");
    assert!(Check::Networking.is_own_focus(
        "[It] [sig-network] Netpol API should support creating NetworkPolicy API operations"
    ));
    assert!(!Check::Networking.is_own_focus(
        "[It] [sig-network] Services should serve a basic endpoint from pods  [Conformance]"
    ));
    assert!(Check::Conformance.is_own_focus(
        "[sig-node] Pods should be submitted and removed [NodeConformance] [Conformance]"
    ));
    assert!(!Check::Conformance.is_own_focus("[sig-node] Pods should run [NodeConformance]"));
}
