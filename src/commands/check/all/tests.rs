use serde_json::json;

use crate::certification::SpecSection;
use crate::commands::check::all::merge::{combined_outcome, testcase_findings};
use crate::commands::check::all::*;
use crate::report::{Finding, Report, Status};

fn report(testcase: &str, outcome: Outcome) -> Report {
    let mut report = Report::new(testcase, json!({"x": 1}));
    report.outcome = outcome;
    report.verdicts.push(report::TestcaseResult {
        testcase: testcase.into(),
        outcome,
    });
    report.notes.push("something".into());
    report
}

fn own(name: &str, outcome: Outcome) -> Section {
    Section::from_result(
        name,
        &format!("{name}-check"),
        Ok(report(&format!("{name}-check"), outcome)),
    )
}

fn scs(testcase: Testcase, outcome: Outcome) -> Section {
    let mut r = report(testcase.id, outcome);
    if outcome == Outcome::Failed {
        r.findings.push(Finding {
            id: "[sig-x] broken".into(),
            subject: "e2e".into(),
            status: Status::Fail,
            message: "boom".into(),
            hint: None,
        });
    }
    Section::scs(testcase, "x", Ok(r))
}

#[test]
fn failure_outweighs_abort_and_abort_outweighs_pass() {
    use Outcome::*;
    assert_eq!(combined_outcome([Ok, Aborted, Failed]), Failed);
    assert_eq!(combined_outcome([Ok, Aborted]), Aborted);
    assert_eq!(combined_outcome([Ok, Ok]), Ok);
    assert_eq!(combined_outcome([]), Ok);
}

#[test]
fn merged_reports_keep_every_verdict_and_name_their_notes() {
    let merged = merge(
        &[SpecSection::Heavy],
        vec![
            scs(CONFORMANCE, Outcome::Ok),
            scs(NETWORKING, Outcome::Failed),
        ],
    );
    assert_eq!(merged.outcome, Outcome::Failed);
    let lines: Vec<_> = merged
        .verdicts
        .iter()
        .map(|v| v.testcase.as_str())
        .collect();
    assert_eq!(lines, ["cncf-k8s-conformance", "kaas-networking-check"]);
    assert_eq!(merged.notes, ["x: something", "x: something"]);
    assert_eq!(merged.document["outcome"], "FAIL");
    assert_eq!(merged.document["checks"][1]["verdict"], "FAIL");
    assert_eq!(merged.document["checks"][0]["result"]["x"], 1);
    assert_eq!(merged.document["checks"][0]["scope"], "scs");
    assert_eq!(merged.document["checks"][0]["section"], "heavy");
    assert_eq!(merged.document["scs"]["sections"], json!(["heavy"]));
    assert_eq!(
        merged.document["scs"]["testcases"][1]["module"],
        "scs-0219-v1"
    );
    // The SCS testcases' failures stay ERROR lines.
    assert_eq!(merged.findings.len(), 1);
}

#[test]
fn our_checks_stay_out_of_the_runner_lines_and_scs_outcome() {
    let merged = merge(
        &[SpecSection::Light],
        vec![
            scs(VERSION_POLICY, Outcome::Ok),
            own("kubeapi", Outcome::Failed),
        ],
    );
    let lines: Vec<_> = merged
        .verdicts
        .iter()
        .map(|v| v.testcase.as_str())
        .collect();
    assert_eq!(lines, ["version-policy-check"]);
    assert_eq!(merged.outcome, Outcome::Failed);
    assert_eq!(merged.document["scs"]["outcome"], "PASS");
    assert_eq!(merged.document["ownChecks"]["outcome"], "FAIL");
    assert_eq!(merged.document["checks"][1]["scope"], "kubectl-scs");
    assert!(merged.document["checks"][1].get("section").is_none());
    assert!(
        merged.notes.contains(
            &"kubectl-scs check kubeapi, not an SCS testcase: kubeapi-check: FAIL".to_string()
        ),
        "{:?}",
        merged.notes
    );
    assert!(merged.findings.is_empty());
}

#[test]
fn error_lines_of_scs_testcases_stay_errors_and_ours_become_warnings() {
    let mut version = scs(VERSION_POLICY, Outcome::Failed);
    version.report.errors.push("1.34.3 is outdated".into());
    let mut kubeapi = own("kubeapi", Outcome::Failed);
    kubeapi.report.errors.push("the API is open".into());
    let merged = merge(&[SpecSection::Light], vec![version, kubeapi]);
    assert_eq!(merged.errors, ["1.34.3 is outdated"]);
    assert!(
        merged
            .notes
            .contains(&"kubeapi: the API is open".to_string()),
        "{:?}",
        merged.notes
    );
}

#[test]
fn junit_has_one_testcase_per_section_naming_what_failed() {
    let sections = vec![
        scs(VERSION_POLICY, Outcome::Ok),
        scs(NETWORKING, Outcome::Failed),
        Section::scs(
            CONFORMANCE,
            "conformance",
            Err(Error::could_not_run("no nodes")),
        ),
        own("kubeapi", Outcome::Ok),
    ];
    let findings = testcase_findings(&sections);
    let got: Vec<_> = findings
        .iter()
        .map(|f| {
            (
                f.id.as_str(),
                f.subject.as_str(),
                f.status,
                f.message.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "version-policy-check",
                "scs-compatible-kaas/light",
                Status::Pass,
                "PASS"
            ),
            (
                "kaas-networking-check",
                "scs-compatible-kaas/heavy",
                Status::Fail,
                "FAIL: 1 failed: [sig-x] broken"
            ),
            (
                "cncf-k8s-conformance",
                "scs-compatible-kaas/heavy",
                Status::Fail,
                "ABORT: no nodes"
            ),
            ("kubeapi-check", "kubectl-scs", Status::Pass, "PASS"),
        ]
    );
}

#[test]
fn an_error_becomes_an_aborted_section() {
    let s = Section::from_result(
        "x",
        "x-check",
        Err(Error::could_not_run("boom").hint("try again")),
    );
    assert_eq!(s.report.outcome, Outcome::Aborted);
    assert_eq!(s.report.verdicts[0].outcome, Outcome::Aborted);
    assert_eq!(s.report.document["error"], "boom");
}

#[test]
fn an_aborted_section_names_the_cause_of_the_error() {
    let cause = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
    let s = Section::from_result(
        "x",
        "x-check",
        Err(Error::could_not_run("cannot read d.yaml").with_source(cause)),
    );
    assert_eq!(
        s.report.document["error"],
        "cannot read d.yaml: no such file"
    );
    assert_eq!(s.report.notes, ["cannot read d.yaml: no such file"]);
    let text = match &s.report.blocks[0] {
        crate::report::Block::Text(text) => text,
        other => panic!("not text: {other:?}"),
    };
    assert_eq!(text, "could not run: cannot read d.yaml: no such file\n");
}
