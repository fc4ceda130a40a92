//! Every file of `tests/fixtures/results/` judged for both checks, against the counts
//! and verdicts its README states.

use crate::e2e::*;
use crate::report::Outcome;

use super::load;

/// One input and what its README says about it.
struct Expected {
    /// Path below `tests/fixtures/results/`.
    input: &'static str,
    /// passed, failed, waived, skipped (conformance; networking has the same counts).
    counts: [u64; 4],
    conformance: Outcome,
    networking: Outcome,
    /// Ginkgo suite nodes in the input.
    suite_nodes: usize,
    /// Skipped tests whose name contains `NetworkPolicy` (`None`: the log does not name them).
    network_policy_skipped: Option<u64>,
    kubernetes_version: Option<&'static str>,
}

pub(super) const FAILURES_V1_21: [&str; 4] = [
    "[sig-scheduling] SchedulerPreemption [Serial] validates basic preemption works [Conformance]",
    "[sig-apps] Daemon set [Serial] should rollback without unnecessary restarts [Conformance]",
    "[sig-scheduling] SchedulerPreemption [Serial] validates lower priority pod preemption by critical pod [Conformance]",
    "[sig-scheduling] SchedulerPredicates [Serial] validates resource limits of pods that are allowed to run  [Conformance]",
];

/// input, counts, suite nodes, NetworkPolicy tests skipped, Kubernetes version.
type Row = (
    &'static str,
    [u64; 4],
    usize,
    Option<u64>,
    Option<&'static str>,
);

fn expected() -> Vec<Expected> {
    use Outcome::{Aborted as Abort, Failed as Fail, Ok as Pass};
    let mut all = Vec::new();
    let v1_21_failures = [
        "sonobuoy-v1.21.1-4-failures/results-4-e2e-failures.tar.gz",
        "sonobuoy-v1.21.1-4-failures/sonobuoy_results.yaml",
        "sonobuoy-v1.21.1-4-failures/junit_01.xml",
        "sonobuoy-v1.21.1-4-failures",
    ];
    for input in v1_21_failures {
        all.push(Expected {
            input,
            counts: [21, 4, 0, 5746],
            conformance: Fail,
            networking: Fail,
            suite_nodes: 0,
            network_policy_skipped: Some(79),
            kubernetes_version: (input.ends_with(".tar.gz")).then_some("v1.21.1"),
        });
    }
    let rows: [Row; 16] = [
        (
            "sonobuoy-v1.21.1-quick/results-quick-no-failures.tar.gz",
            [1, 0, 0, 5770],
            0,
            Some(79),
            Some("v1.21.1"),
        ),
        (
            "sonobuoy-v1.21.1-quick/sonobuoy_results.yaml",
            [1, 0, 0, 5770],
            0,
            Some(79),
            None,
        ),
        ("sonobuoy-v1.21.1-quick", [1, 0, 0, 5770], 0, Some(79), None),
        (
            "sonobuoy-v1.8.4-missing-e2e/results-missing-e2e.tar.gz",
            [1, 0, 0, 697],
            0,
            None,
            Some("v1.8.4"),
        ),
        (
            "sonobuoy-v1.8.4-missing-e2e",
            [1, 0, 0, 697],
            0,
            None,
            Some("v1.8.4"),
        ),
        (
            "sonobuoy-v1.25.5-civo/202302131332_sonobuoy_93195391-6549-474d-944d-871292d16a21.tar.gz",
            [362, 0, 0, 6704],
            3,
            Some(84),
            Some("v1.25.5"),
        ),
        (
            "sonobuoy-v1.25.5-civo/sonobuoy_results.yaml",
            [362, 0, 0, 6704],
            3,
            Some(84),
            None,
        ),
        (
            "sonobuoy-v1.25.5-civo",
            [362, 0, 0, 6704],
            3,
            Some(84),
            None,
        ),
        (
            "sonobuoy-v1.27.1-k3s-civo/202305180824_sonobuoy_467e722c-bcea-4ff8-9b59-c3920d3870f8.tar.gz",
            [378, 0, 0, 6829],
            4,
            Some(84),
            Some("v1.27.1+k3s1"),
        ),
        (
            "sonobuoy-v1.27.1-k3s-civo/sonobuoy_results.yaml",
            [378, 0, 0, 6829],
            4,
            Some(84),
            None,
        ),
        (
            "sonobuoy-v1.27.1-k3s-civo",
            [378, 0, 0, 6829],
            4,
            Some(84),
            None,
        ),
        (
            "junit-v1.29.0-talos/junit_01.xml",
            [388, 0, 0, 7019],
            4,
            Some(50),
            None,
        ),
        ("junit-v1.29.0-talos", [388, 0, 0, 7019], 4, Some(50), None),
        (
            "junit-v1.33-verify-conformance/junit_01.xml",
            [419, 0, 0, 6312],
            4,
            Some(50),
            None,
        ),
        (
            "junit-v1.35-verify-conformance/junit_01.xml",
            [441, 0, 0, 6907],
            5,
            Some(50),
            None,
        ),
        (
            "junit-v1.35-verify-conformance",
            [441, 0, 0, 6907],
            5,
            Some(50),
            None,
        ),
    ];
    for (input, counts, suite_nodes, network_policy_skipped, kubernetes_version) in rows {
        all.push(Expected {
            input,
            counts,
            conformance: Pass,
            networking: Abort,
            suite_nodes,
            network_policy_skipped,
            kubernetes_version,
        });
    }
    all
}

fn counts(j: &Judgement) -> [u64; 4] {
    [
        j.counts.passed,
        j.counts.failed,
        j.counts.waived,
        j.counts.skipped,
    ]
}

#[test]
fn every_fixture_judges_as_its_readme_says() {
    let waivers = Waivers::builtin();
    for e in expected() {
        let results = load(e.input);
        let conformance = judge(Check::Conformance, &results, &waivers);
        let networking = judge(Check::Networking, &results, &waivers);
        assert_eq!(
            counts(&conformance),
            e.counts,
            "{}: conformance counts",
            e.input
        );
        assert_eq!(
            counts(&networking),
            e.counts,
            "{}: networking counts",
            e.input
        );
        assert_eq!(
            conformance.verdict, e.conformance,
            "{}: conformance verdict",
            e.input
        );
        assert_eq!(
            networking.verdict, e.networking,
            "{}: networking verdict",
            e.input
        );
        assert_eq!(networking.focus_tests_run, 0, "{}", e.input);
        assert_eq!(
            results.kubernetes_version.as_deref(),
            e.kubernetes_version,
            "{}: version",
            e.input
        );
        if results.summary.is_none() {
            assert_eq!(
                results.tests.len() - conformance.tests.len(),
                e.suite_nodes,
                "{}: suite nodes",
                e.input
            );
            let total: u64 = e.counts.iter().sum();
            assert_eq!(conformance.tests.len() as u64, total, "{}", e.input);
        }
        if let Some(skipped) = e.network_policy_skipped {
            let np: Vec<&JudgedTest> = networking
                .tests
                .iter()
                .filter(|t| t.name.contains("NetworkPolicy"))
                .collect();
            assert_eq!(np.len() as u64, skipped, "{}: NetworkPolicy tests", e.input);
            assert!(
                np.iter().all(|t| t.status == TestStatus::Skipped),
                "{}",
                e.input
            );
        }
    }
}

#[test]
fn the_four_real_failures_are_named_in_every_format() {
    for input in [
        "sonobuoy-v1.21.1-4-failures/results-4-e2e-failures.tar.gz",
        "sonobuoy-v1.21.1-4-failures/sonobuoy_results.yaml",
        "sonobuoy-v1.21.1-4-failures/junit_01.xml",
    ] {
        let j = judge(Check::Conformance, &load(input), &Waivers::builtin());
        let mut failed: Vec<&str> = j.failures().map(|t| t.name.as_str()).collect();
        failed.sort_unstable();
        let mut want = FAILURES_V1_21.to_vec();
        want.sort_unstable();
        assert_eq!(failed, want, "{input}");
        assert!(
            j.failures()
                .all(|t| t.message.as_deref().is_some_and(|m| m.contains(".go:"))),
            "{input}: failure messages"
        );
    }
}

#[test]
fn networking_fail_also_says_no_network_policy_test_ran() {
    let j = judge(
        Check::Networking,
        &load("sonobuoy-v1.21.1-4-failures/sonobuoy_results.yaml"),
        &Waivers::builtin(),
    );
    assert_eq!(
        j.message,
        "4 unwaived failure(s); also, these results contain no NetworkPolicy test that ran — was the focus `NetworkPolicy`?"
    );
}

#[test]
fn abort_message_asks_about_the_focus() {
    let results = load("junit-v1.29.0-talos/junit_01.xml");
    let networking = judge(Check::Networking, &results, &Waivers::builtin());
    assert_eq!(
        networking.message,
        "these results contain no NetworkPolicy test that ran — was the focus `NetworkPolicy`?"
    );
    let conformance = judge(Check::Conformance, &results, &Waivers::builtin());
    assert_eq!(conformance.focus_tests_run, 388);
    assert_eq!(
        conformance.message,
        "388 [Conformance] test(s) ran and no failure is left unwaived (388 passed, 0 waived, 7019 skipped)"
    );
}

#[test]
fn sources_name_the_format_and_member() {
    let cases = [
        (
            "sonobuoy-v1.25.5-civo/202302131332_sonobuoy_93195391-6549-474d-944d-871292d16a21.tar.gz",
            "sonobuoy_results.yaml (plugins/e2e/sonobuoy_results.yaml in a sonobuoy tarball)",
        ),
        (
            "sonobuoy-v1.25.5-civo/sonobuoy_results.yaml",
            "sonobuoy_results.yaml",
        ),
        ("junit-v1.29.0-talos/junit_01.xml", "junit (ginkgo v2)"),
        (
            "sonobuoy-v1.21.1-4-failures/junit_01.xml",
            "junit (ginkgo v1)",
        ),
        (
            "junit-v1.33-verify-conformance",
            "junit (ginkgo v2) (junit_01.xml in a directory)",
        ),
        (
            "sonobuoy-v1.8.4-missing-e2e/results-missing-e2e.tar.gz",
            "console log (plugins/e2e/results/e2e.log in a sonobuoy tarball)",
        ),
        (
            "sonobuoy-v1.8.4-missing-e2e",
            "console log (plugins/e2e/results/e2e.log in a sonobuoy tarball), from results-missing-e2e.tar.gz in a directory",
        ),
    ];
    for (input, source) in cases {
        assert_eq!(load(input).source, source, "{input}");
    }
}

#[test]
fn legacy_console_log_names_the_test_that_ran() {
    let results = load("sonobuoy-v1.8.4-missing-e2e/results-missing-e2e.tar.gz");
    let summary = results.summary.clone();
    assert_eq!(
        summary,
        Some(ConsoleSummary {
            ran: 1,
            total: 698,
            passed: 1,
            failed: 0,
            flaked: 0,
            pending: 0,
            skipped: 697,
            seconds: Some(28.29),
            succeeded: true,
        })
    );
    let names: Vec<&str> = results.tests.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        ["[k8s.io] Pods should be submitted and removed [Conformance]"]
    );
    assert_eq!(results.duration_seconds, Some(28.29));
}

#[test]
fn durations_come_from_the_input() {
    let junit = load("sonobuoy-v1.21.1-4-failures/junit_01.xml");
    assert!(junit.duration_seconds.is_some_and(|d| d > 1000.0));
    assert!(
        junit
            .tests
            .iter()
            .any(|t| t.duration.is_some_and(|d| d > 0.0))
    );
    // A tarball's sonobuoy_results.yaml has no times; the e2e.log next to it does.
    let tarball = load("sonobuoy-v1.21.1-4-failures/results-4-e2e-failures.tar.gz");
    assert_eq!(tarball.duration_seconds, Some(1037.017));
}
