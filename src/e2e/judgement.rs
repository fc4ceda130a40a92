//! Judging e2e results for an SCS check.

use serde::Serialize;

use super::check::Check;
use super::results::{Results, TestOutcome};
use super::waivers::Waivers;
use crate::report::Outcome;

/// A judged test's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TestStatus {
    /// Ran and passed.
    Passed,
    /// Failed and no waiver matched.
    Failed,
    /// Failed, and a waiver matched.
    Waived,
    /// Did not run.
    Skipped,
}

/// Test counts. Ginkgo's suite nodes are not counted unless they failed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Tests that passed.
    pub passed: u64,
    /// Unwaived failures.
    pub failed: u64,
    /// Waived failures (SCS: `failed_ok`).
    pub waived: u64,
    /// Tests that did not run (ginkgo's pending ones included).
    pub skipped: u64,
}

/// One test as judged.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JudgedTest {
    /// Full test name.
    pub name: String,
    /// Passed, failed, waived or skipped.
    pub status: TestStatus,
    /// The waiver's reason, for a waived failure.
    pub reason: Option<String>,
    /// The waiver regex that matched, for a waived failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiver: Option<String>,
    /// Failure message (or an unusual skip reason).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Run time, when recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<f64>,
}

/// The result of judging e2e results for one check. Serialises with stable camelCase keys.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Judgement {
    /// The check, serialised as its SCS testcase id.
    pub check: Check,
    /// Ok (`PASS`): no unwaived failure, and at least one test of the check's focus ran;
    /// failed (`FAIL`): at least one unwaived failure; aborted (`ABORT`): the results cannot
    /// decide the check, none of its focus tests ran.
    #[serde(serialize_with = "crate::report::outcome_as_verdict")]
    pub verdict: Outcome,
    /// One sentence saying why.
    pub message: String,
    /// Test counts.
    pub counts: Counts,
    /// Tests of the check's own focus that ran (passed, failed or waived).
    pub focus_tests_run: u64,
    /// Failures a console log counts but does not name (always unwaived).
    pub unnamed_failures: u64,
    /// The input format and location the tests were read from.
    pub source: String,
    /// Server version, when the input records it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kubernetes_version: Option<String>,
    /// Wall-clock run time, when the input records it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<f64>,
    /// Where the waivers came from (a file, the built-in SCS list, or `none`).
    pub waivers: String,
    /// Every judged test in input order.
    pub tests: Vec<JudgedTest>,
}

impl Judgement {
    /// The unwaived failures.
    pub fn failures(&self) -> impl Iterator<Item = &JudgedTest> {
        self.tests.iter().filter(|t| t.status == TestStatus::Failed)
    }

    /// The waived failures.
    pub fn waived(&self) -> impl Iterator<Item = &JudgedTest> {
        self.tests.iter().filter(|t| t.status == TestStatus::Waived)
    }
}

/// Leaf node types of ginkgo's suite-level nodes, as they open a JUnit test name.
const SUITE_NODES: [&str; 7] = [
    "[BeforeSuite]",
    "[AfterSuite]",
    "[SynchronizedBeforeSuite]",
    "[SynchronizedAfterSuite]",
    "[ReportBeforeSuite]",
    "[ReportAfterSuite]",
    "[DeferCleanup (Suite)]",
];

/// True for ginkgo's synthetic suite nodes (`[SynchronizedBeforeSuite]`,
/// `[ReportAfterSuite] Kubernetes e2e suite report`, …), which ginkgo v2 reports as test
/// cases although they are not tests.
pub fn is_suite_node(name: &str) -> bool {
    let name = name.trim();
    SUITE_NODES.iter().any(|node| {
        name.strip_prefix(node)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
    })
}

/// Judges `results` for `check`, waiving failures that match `waivers`.
///
/// * Each test is passed, failed or skipped as read (sonobuoy's mapping); a failure whose
///   name a waiver regex matches anywhere becomes waived, with the waiver's reason.
/// * Ginkgo's suite nodes (`[SynchronizedBeforeSuite]`, `[ReportAfterSuite] …`) are not
///   tests and are left out of the counts and the test list when they passed or were
///   skipped. SCS's `run_sonobuoy.py` counts them as passed (e.g. 365 instead of 362
///   passed tests for a v1.25 conformance run). A *failed* suite node is kept as a
///   failure: the suite itself broke, and SCS fails the run too.
/// * FAIL when any unwaived failure remains. Otherwise PASS if at least one test of the
///   check's own focus ran ([`Check::is_own_focus`]), else ABORT with a message asking
///   whether the run used the check's focus. SCS says PASS in that last case (it never
///   looks at which tests ran), which would certify a run that tested nothing; this is
///   the one deliberate difference in verdict from `run_sonobuoy.py` on the same
///   `sonobuoy_results.yaml`.
/// * From a console log ([`Results::summary`] present) the counts come from ginkgo's
///   summary; failures it counts but does not name are unwaived failures, and only the
///   tests the log names can show that the focus ran.
pub fn judge(check: Check, results: &Results, waivers: &Waivers) -> Judgement {
    let mut counts = Counts::default();
    let mut tests = Vec::with_capacity(results.tests.len());
    let mut focus_tests_run = 0u64;
    let mut named_ran = 0u64;
    for test in &results.tests {
        let suite_node = is_suite_node(&test.name);
        let (status, waiver) = match test.outcome {
            TestOutcome::Passed | TestOutcome::Skipped if suite_node => continue,
            TestOutcome::Passed => (TestStatus::Passed, None),
            TestOutcome::Skipped => (TestStatus::Skipped, None),
            TestOutcome::Failed => match waivers.matching(&test.name) {
                Some(w) => (TestStatus::Waived, Some(w)),
                None => (TestStatus::Failed, None),
            },
        };
        if test.outcome != TestOutcome::Skipped && !suite_node {
            named_ran += 1;
            if check.is_own_focus(&test.name) {
                focus_tests_run += 1;
            }
        }
        match status {
            TestStatus::Passed => counts.passed += 1,
            TestStatus::Failed => counts.failed += 1,
            TestStatus::Waived => counts.waived += 1,
            TestStatus::Skipped => counts.skipped += 1,
        }
        tests.push(JudgedTest {
            name: test.name.clone(),
            status,
            reason: waiver.map(|w| w.reason.clone()),
            waiver: waiver.map(|w| w.regex.clone()),
            message: test.message.clone(),
            duration_seconds: test.duration,
        });
    }

    let mut unnamed_failures = 0;
    if let Some(summary) = &results.summary {
        counts.passed = summary.passed;
        counts.skipped = summary.skipped.saturating_add(summary.pending);
        unnamed_failures = summary
            .failed
            .saturating_sub(counts.failed.saturating_add(counts.waived));
        counts.failed = counts.failed.saturating_add(unnamed_failures);
    }

    let no_focus = || {
        let mut text = format!(
            "these results contain no {} test that ran — was the focus `{}`?",
            check.focus_label(),
            check.default_focus()
        );
        if let Some(summary) = results.summary.as_ref().filter(|s| s.ran > named_ran) {
            text.push_str(&format!(
                " (the console log names {named_ran} of the {} tests that ran; judge the JUnit report to see them all)",
                summary.ran
            ));
        }
        text
    };
    let (verdict, message) = if counts.failed > 0 {
        let mut text = format!("{} unwaived failure(s)", counts.failed);
        if unnamed_failures > 0 {
            text.push_str(&format!(
                " ({unnamed_failures} not named in the console log)"
            ));
        }
        if focus_tests_run == 0 {
            text.push_str("; also, ");
            text.push_str(&no_focus());
        }
        (Outcome::Failed, text)
    } else if focus_tests_run == 0 {
        (Outcome::Aborted, no_focus())
    } else {
        (
            Outcome::Ok,
            format!(
                "{focus_tests_run} {} test(s) ran and no failure is left unwaived ({} passed, {} waived, {} skipped)",
                check.focus_label(),
                counts.passed,
                counts.waived,
                counts.skipped
            ),
        )
    };

    Judgement {
        check,
        verdict,
        message,
        counts,
        focus_tests_run,
        unnamed_failures,
        source: results.source.clone(),
        kubernetes_version: results.kubernetes_version.clone(),
        duration_seconds: results.duration_seconds,
        waivers: waivers.origin().to_string(),
        tests,
    }
}
