//! Verdict rules, the SCS runner lines, the JSON model and the JUnit report.

use super::{CILIUM_CIDR_TESTS, load, network_policy_run, to_junit};
use crate::e2e::*;

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
    assert_eq!(j.verdict, Verdict::Pass);
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
        (Verdict::Pass, 1, 1)
    );

    let mut broken = tests;
    if let Some(first) = broken.first_mut() {
        first.outcome = TestOutcome::Failed;
    }
    let j = judge(Check::Networking, &results(broken), &Waivers::none());
    assert_eq!(
        (j.verdict, j.counts.failed, j.counts.passed),
        (Verdict::Fail, 1, 1)
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
    assert_eq!(j.verdict, Verdict::Abort);
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
        (Verdict::Pass, 1, 1)
    );
}

#[test]
fn scs_lines_follow_the_runner_protocol() {
    let j = judge(
        Check::Conformance,
        &load("sonobuoy-v1.21.1-4-failures/results-4-e2e-failures.tar.gz"),
        &Waivers::builtin(),
    );
    let (stdout, stderr) = scs_lines(&j);
    assert_eq!(stdout, "cncf-k8s-conformance: FAIL");
    assert_eq!(
        stderr,
        vec![
            "INFO: cncf-k8s-conformance: judging sonobuoy_results.yaml (plugins/e2e/sonobuoy_results.yaml in a sonobuoy tarball)".to_string(),
            "INFO: Kubernetes version v1.21.1".to_string(),
            format!("INFO: waivers: {BUILTIN_ORIGIN}"),
            "ERROR: FAILED: [sig-scheduling] SchedulerPreemption [Serial] validates basic preemption works [Conformance]".to_string(),
            "ERROR: FAILED: [sig-apps] Daemon set [Serial] should rollback without unnecessary restarts [Conformance]".to_string(),
            "ERROR: FAILED: [sig-scheduling] SchedulerPreemption [Serial] validates lower priority pod preemption by critical pod [Conformance]".to_string(),
            "ERROR: FAILED: [sig-scheduling] SchedulerPredicates [Serial] validates resource limits of pods that are allowed to run  [Conformance]".to_string(),
            "INFO: e2e results: 21 passed, 4 failed, 0 failed_ok, 5746 skipped".to_string(),
            "ERROR: FAIL: 4 unwaived failure(s)".to_string(),
        ]
    );
    assert_eq!(j.verdict.exit_code(), 3);

    let pass = judge(
        Check::Networking,
        &network_policy_run(&CILIUM_CIDR_TESTS),
        &Waivers::builtin(),
    );
    let (stdout, stderr) = scs_lines(&pass);
    assert_eq!(stdout, "kaas-networking-check: PASS");
    assert!(
        stderr
            .iter()
            .filter(|l| l.starts_with("INFO: WAIVED: "))
            .count()
            == 3
    );
    assert!(!stderr.iter().any(|l| l.starts_with("ERROR")));
    assert_eq!(
        stderr.last().map(String::as_str),
        Some(
            "INFO: PASS: 50 NetworkPolicy test(s) ran and no failure is left unwaived (47 passed, 3 waived, 7357 skipped)"
        )
    );

    let abort = judge(
        Check::Networking,
        &load("junit-v1.35-verify-conformance/junit_01.xml"),
        &Waivers::builtin(),
    );
    let (stdout, stderr) = scs_lines(&abort);
    assert_eq!(stdout, "kaas-networking-check: ABORT");
    assert_eq!(
        stderr.last().map(String::as_str),
        Some(
            "ERROR: ABORT: these results contain no NetworkPolicy test that ran — was the focus `NetworkPolicy`?"
        )
    );
    assert_eq!(abort.verdict.exit_code(), 112);
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
fn junit_report_reads_back_with_waived_as_skipped() {
    let j = judge(
        Check::Networking,
        &network_policy_run(&[
            CILIUM_CIDR_TESTS[0],
            "[It] [sig-network] Netpol API should support creating NetworkPolicy API with endport field",
        ]),
        &Waivers::builtin(),
    );
    assert_eq!(j.verdict, Verdict::Fail);
    let xml = junit_report(&j);
    assert!(
        xml.contains("<testsuite name=\"kaas-networking-check\""),
        "{}",
        &xml[..400.min(xml.len())]
    );
    assert!(
        xml.contains("message=\"https://github.com/cilium/cilium/issues/9209\" type=\"waived\"")
    );
    assert!(xml.contains("<property name=\"verdict\" value=\"FAIL\"/>"));
    let back = parse_results_bytes("report.xml", xml.as_bytes());
    let Ok(back) = back else {
        panic!("report not readable: {:?}", back.err());
    };
    let outcome_of = |name: &str| {
        back.tests
            .iter()
            .find(|t| t.name == name)
            .map(|t| t.outcome)
    };
    assert_eq!(outcome_of(CILIUM_CIDR_TESTS[0]), Some(TestOutcome::Skipped));
    assert_eq!(
        outcome_of(
            "[It] [sig-network] Netpol API should support creating NetworkPolicy API with endport field"
        ),
        Some(TestOutcome::Failed)
    );
    assert_eq!(back.tests.len(), j.tests.len());
    let rejudged = judge(Check::Networking, &back, &Waivers::none());
    assert_eq!(rejudged.counts.failed, 1);
    assert_eq!(rejudged.counts.skipped, j.counts.skipped + 1);
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
