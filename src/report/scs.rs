//! The SCS test runner's protocol: `<testcase-id>: PASS|FAIL|ABORT` on stdout, `ERROR:` and
//! `INFO:` lines on stderr, so the binary can stand as a testcase in scs-compatible-kaas.yaml.

use std::io::{self, Write};

use serde::Serializer;

use super::model::{Outcome, Report, Status};

pub fn verdict_word(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Ok => "PASS",
        Outcome::Failed => "FAIL",
        Outcome::Aborted => "ABORT",
    }
}

/// Serializes an [`Outcome`] as SCS spells a verdict (`PASS`, `FAIL`, `ABORT`), for
/// `#[serde(serialize_with = "crate::report::outcome_as_verdict")]` on `verdict` fields.
pub fn outcome_as_verdict<S: Serializer>(outcome: &Outcome, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(verdict_word(*outcome))
}

pub fn render(report: &Report, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<()> {
    for line in &report.info {
        writeln!(err, "INFO: {line}")?;
    }
    for note in &report.notes {
        writeln!(err, "WARNING: {note}")?;
    }
    for line in &report.errors {
        writeln!(err, "ERROR: {line}")?;
    }
    for finding in report.findings.iter().filter(|f| f.status == Status::Fail) {
        writeln!(err, "ERROR: FAILED: {}", finding.id)?;
    }
    for verdict in &report.verdicts {
        writeln!(
            out,
            "{}: {}",
            verdict.testcase,
            verdict_word(verdict.outcome)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Finding, TestcaseResult};

    #[test]
    fn lines_on_the_right_streams() {
        let mut report = Report::new("kaas-networking-check", serde_json::Value::Null);
        report.verdicts.push(TestcaseResult {
            testcase: "kaas-networking-check".into(),
            outcome: Outcome::Failed,
        });
        report.info.push("ran 10 tests".into());
        report.errors.push("the version is outdated".into());
        report.findings.push(Finding {
            id: "[sig-network] x".into(),
            subject: "test".into(),
            status: Status::Fail,
            message: "boom".into(),
            hint: None,
        });
        let (mut out, mut err) = (Vec::new(), Vec::new());
        render(&report, &mut out, &mut err).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "kaas-networking-check: FAIL\n"
        );
        assert_eq!(
            String::from_utf8(err).unwrap(),
            "INFO: ran 10 tests\nERROR: the version is outdated\nERROR: FAILED: [sig-network] x\n"
        );
    }
}
