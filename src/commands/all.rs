//! `kubectl scs check all`: every check that applies to the current context, in one report.
//!
//! Each check contributes [`Section`]s (a report under a name, with its own verdict line);
//! [`merge`] makes one report of them. A check that cannot run becomes an aborted section, so the
//! others still report.

use serde_json::json;

use super::Context;
use super::{check_e2e, kubeapi};
use crate::cli::{CheckAllArgs, KubeapiArgs};
use crate::cluster::{Kube, config};
use crate::e2e::Check;
use crate::error::{Error, Result};
use crate::report::{self, Block, Outcome, Report, verdict_word};

/// One check's contribution.
pub struct Section {
    /// What ran, for headings and notes (`kubeapi workload view`).
    pub name: String,
    /// Its report; `report.suite` is its testcase id.
    pub report: Report,
}

impl Section {
    /// A section from a check's result; an error becomes an aborted section for `testcase`.
    pub fn from_result(name: &str, testcase: &str, result: Result<Report>) -> Section {
        let report = match result {
            Ok(report) => report,
            Err(err) => aborted(testcase, &err),
        };
        Section {
            name: name.to_string(),
            report,
        }
    }
}

fn aborted(testcase: &str, err: &Error) -> Report {
    let mut report = Report::new(testcase, json!({"error": err.message, "hints": err.hints}));
    let mut text = format!("could not run: {}\n", err.message);
    for hint in &err.hints {
        text.push_str(&format!("hint: {hint}\n"));
    }
    report.blocks = vec![Block::Text(text)];
    report.notes = vec![err.message.clone()];
    report.outcome = Outcome::Aborted;
    report.verdicts.push(report::Verdict {
        testcase: testcase.to_string(),
        outcome: Outcome::Aborted,
    });
    report
}

/// Runs the checks and prints one report.
pub async fn run(ctx: &Context, args: &CheckAllArgs) -> Result<Outcome> {
    report::ensure_supported(ctx.global.output, true)?;
    let (config, target) = config::client_config(&ctx.global).await?;
    let kube = Kube::from_config(config.clone(), target)?;
    let kubeapi_args = KubeapiArgs {
        require_restricted: args.require_restricted,
        ..KubeapiArgs::default()
    };
    let mut sections = Vec::new();
    sections.extend(kubeapi::sections(ctx, &kube, &config, &kubeapi_args).await);
    if !args.skip_networking {
        sections.push(Section::from_result(
            "networking",
            Check::Networking.id(),
            check_e2e::networking_report(ctx, &args.networking).await,
        ));
    }
    ctx.emit(&merge(sections))
}

/// The combined outcome: a failed check outweighs an aborted one (it is a definite finding);
/// otherwise any abort makes the whole run aborted.
pub fn combined_outcome(outcomes: impl IntoIterator<Item = Outcome>) -> Outcome {
    outcomes
        .into_iter()
        .fold(Outcome::Ok, |acc, o| match (acc, o) {
            (Outcome::Failed, _) | (_, Outcome::Failed) => Outcome::Failed,
            (Outcome::Aborted, _) | (_, Outcome::Aborted) => Outcome::Aborted,
            _ => Outcome::Ok,
        })
}

/// One report of many: `{"outcome": "PASS|FAIL|ABORT", "checks": [{"check", "testcase",
/// "verdict", "result"}]}`; the human view has one heading per section.
pub fn merge(sections: Vec<Section>) -> Report {
    let outcome = combined_outcome(sections.iter().map(|s| s.report.outcome));
    let checks: Vec<serde_json::Value> = sections
        .iter()
        .map(|s| {
            json!({
                "check": s.name,
                "testcase": s.report.suite,
                "verdict": verdict_word(s.report.outcome),
                "result": s.report.document,
            })
        })
        .collect();
    let mut merged = Report::new(
        "kubectl-scs check all",
        json!({"outcome": verdict_word(outcome), "checks": checks}),
    );
    merged.outcome = outcome;
    for section in sections {
        let report = section.report;
        merged.blocks.push(Block::Title(format!(
            "== {}: {} ({}) ==",
            section.name,
            verdict_word(report.outcome),
            report.suite
        )));
        merged.blocks.extend(report.blocks);
        merged.findings.extend(report.findings);
        merged.verdicts.extend(report.verdicts);
        merged.info.extend(report.info);
        merged.notes.extend(
            report
                .notes
                .into_iter()
                .map(|n| format!("{}: {n}", section.name)),
        );
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(name: &str, outcome: Outcome) -> Section {
        let mut report = Report::new(format!("{name}-check"), json!({"x": 1}));
        report.outcome = outcome;
        report.verdicts.push(report::Verdict {
            testcase: format!("{name}-check"),
            outcome,
        });
        report.notes.push("something".into());
        Section {
            name: name.into(),
            report,
        }
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
        let merged = merge(vec![
            section("a", Outcome::Ok),
            section("b", Outcome::Failed),
        ]);
        assert_eq!(merged.outcome, Outcome::Failed);
        let lines: Vec<_> = merged
            .verdicts
            .iter()
            .map(|v| v.testcase.as_str())
            .collect();
        assert_eq!(lines, ["a-check", "b-check"]);
        assert_eq!(merged.notes, ["a: something", "b: something"]);
        assert_eq!(merged.document["outcome"], "FAIL");
        assert_eq!(merged.document["checks"][1]["verdict"], "FAIL");
        assert_eq!(merged.document["checks"][0]["result"]["x"], 1);
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
}
