//! Renderings of a judgement: the SCS runner lines and a JUnit report.

use std::time::Duration;

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::verdict::{Judgement, TestStatus, Verdict};

/// The lines an SCS test script prints: the result line for stdout
/// (`<testcase-id>: PASS|FAIL|ABORT`, which `scs-compliance-check.py` reads), and log lines
/// for stderr in `run_sonobuoy.py`'s `LEVEL: message` format — one
/// `ERROR: FAILED: <name>` per unwaived failure, `INFO:` lines for the rest.
pub fn scs_lines(j: &Judgement) -> (String, Vec<String>) {
    let stdout = format!("{}: {}", j.check.id(), j.verdict);
    let mut stderr = vec![format!("INFO: {}: judging {}", j.check.id(), j.source)];
    if let Some(version) = &j.kubernetes_version {
        stderr.push(format!("INFO: Kubernetes version {version}"));
    }
    stderr.push(format!("INFO: waivers: {}", j.waivers));
    for test in j.waived() {
        stderr.push(format!(
            "INFO: WAIVED: {} ({})",
            test.name,
            test.reason.as_deref().unwrap_or("no reason given")
        ));
    }
    for test in j.failures() {
        stderr.push(format!("ERROR: FAILED: {}", test.name));
    }
    if j.unnamed_failures > 0 {
        stderr.push(format!(
            "ERROR: FAILED: {} test(s) not named in the console log",
            j.unnamed_failures
        ));
    }
    // Same wording and keys as SCS's `_fmt_result`.
    stderr.push(format!(
        "INFO: e2e results: {} passed, {} failed, {} failed_ok, {} skipped",
        j.counts.passed, j.counts.failed, j.counts.waived, j.counts.skipped
    ));
    let level = match j.verdict {
        Verdict::Pass => "INFO",
        Verdict::Fail | Verdict::Abort => "ERROR",
    };
    stderr.push(format!("{level}: {}: {}", j.verdict, j.message));
    (stdout, stderr)
}

/// A JUnit report of the judgement, one test suite named after the check. Waived
/// failures are reported as skipped with the waiver's reason as message (the failure
/// text goes into the description); failures a console log does not name become one
/// failed test case so JUnit consumers see them.
pub fn junit_report(j: &Judgement) -> String {
    let mut suite = TestSuite::new(j.check.id());
    suite.add_property(("verdict", j.verdict.as_str()));
    suite.add_property(("message", j.message.as_str()));
    suite.add_property(("source", j.source.as_str()));
    suite.add_property(("waivers", j.waivers.as_str()));
    if let Some(version) = &j.kubernetes_version {
        suite.add_property(("kubernetesVersion", version.as_str()));
    }
    if let Some(seconds) = j
        .duration_seconds
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
    {
        suite.set_time(seconds);
    }
    for test in &j.tests {
        let status = match test.status {
            TestStatus::Passed => TestCaseStatus::success(),
            TestStatus::Failed => {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                status.set_type("failed");
                if let Some(message) = &test.message {
                    status.set_message(first_line(message));
                    status.set_description(message.as_str());
                }
                status
            }
            TestStatus::Waived => {
                let mut status = TestCaseStatus::skipped();
                status.set_type("waived");
                status.set_message(test.reason.as_deref().unwrap_or("waived"));
                if let Some(message) = &test.message {
                    status.set_description(message.as_str());
                }
                status
            }
            TestStatus::Skipped => {
                let mut status = TestCaseStatus::skipped();
                if let Some(message) = &test.message {
                    status.set_message(message.as_str());
                }
                status
            }
        };
        let mut case = TestCase::new(test.name.as_str(), status);
        case.set_classname("Kubernetes e2e suite");
        if let Some(seconds) = test
            .duration_seconds
            .and_then(|s| Duration::try_from_secs_f64(s).ok())
        {
            case.set_time(seconds);
        }
        suite.add_test_case(case);
    }
    if j.unnamed_failures > 0 {
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
        status.set_type("failed");
        status.set_message(format!(
            "{} failed test(s) are counted but not named in the console log",
            j.unnamed_failures
        ));
        suite.add_test_case(TestCase::new(
            "failures not named in the console log",
            status,
        ));
    }
    let mut report = Report::new(format!("kubectl-scs {}", j.check.id()));
    report.add_test_suite(suite);
    report
        .to_string()
        .unwrap_or_else(|e| format!("<!-- JUnit report could not be written: {e} -->\n"))
}

fn first_line(text: &str) -> &str {
    text.lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or(text)
        .trim()
}
