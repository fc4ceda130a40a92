//! JUnit XML for CI systems: one testcase per finding. Waived findings are reported as skipped
//! with their reason, so CI dashboards show them without failing the build.

use quick_junit::{NonSuccessKind, Report as JunitReport, TestCase, TestCaseStatus, TestSuite};

use super::model::{Report, Status};

pub fn render(report: &Report) -> String {
    let mut suite = TestSuite::new(report.suite.as_str());
    for finding in &report.findings {
        let status = match finding.status {
            Status::Pass | Status::Info => TestCaseStatus::success(),
            Status::Fail => {
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                s.set_message(finding.message.as_str());
                s
            }
            Status::Skip | Status::Waived | Status::Warn | Status::Unknown => {
                let mut s = TestCaseStatus::skipped();
                s.set_message(finding.message.as_str());
                s
            }
        };
        let mut case = TestCase::new(finding.id.as_str(), status);
        case.set_classname(finding.subject.as_str());
        suite.add_test_case(case);
    }
    let mut junit = JunitReport::new("kubectl-scs");
    junit.add_test_suite(suite);
    junit
        .to_string()
        .unwrap_or_else(|e| format!("<!-- junit serialization failed: {e} -->\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Finding;

    #[test]
    fn waived_is_skipped_with_reason_and_failure_is_failure() {
        let mut report = Report::new("kaas-networking-check", serde_json::Value::Null);
        for (id, status) in [
            ("a", Status::Pass),
            ("b", Status::Fail),
            ("c", Status::Waived),
        ] {
            report.findings.push(Finding {
                id: id.into(),
                subject: "e2e".into(),
                status,
                message: format!("reason {id}"),
                hint: None,
            });
        }
        let xml = render(&report);
        assert!(xml.contains(r#"tests="3""#), "{xml}");
        assert!(xml.contains(r#"failures="1""#), "{xml}");
        assert!(xml.contains(r#"<skipped message="reason c"/>"#), "{xml}");
        assert!(xml.contains(r#"<failure message="reason b"/>"#), "{xml}");
    }
}
