//! One report of many sections: SCS's testcases first, then the checks of our own, kept apart
//! so that `-o scs` hands SCS's runner only its testcases' verdicts.

use serde::Serialize;
use serde_json::Value;

use crate::certification::{SpecSection, Testcase};
use crate::error::Error;
use crate::report::{
    self, Block, Cell, Column, Finding, Outcome, Report, Status, Table, Tone, verdict_word,
};

/// The spec the SCS testcases come from.
pub const SPEC: &str = "scs-compatible-kaas";

/// One check's contribution.
pub struct Section {
    /// What ran, for headings and notes (`kubeapi workload view`, `networking`).
    pub name: String,
    /// Its report; `report.suite` is its testcase id.
    pub report: Report,
    /// The SCS testcase it is, or `None` for a check of our own.
    pub scs: Option<Testcase>,
}

impl Section {
    /// A section from a check's result; an error becomes an aborted section for `testcase`.
    pub fn from_result(
        name: &str,
        testcase: &str,
        result: crate::error::Result<Report>,
    ) -> Section {
        let report = match result {
            Ok(report) => report,
            Err(err) => aborted(testcase, &err),
        };
        Section {
            name: name.to_string(),
            report,
            scs: None,
        }
    }

    /// The section of an SCS testcase.
    pub fn scs(testcase: Testcase, name: &str, result: crate::error::Result<Report>) -> Section {
        Section {
            scs: Some(testcase),
            ..Section::from_result(name, testcase.id, result)
        }
    }
}

/// The document of a check that could not run.
#[derive(Serialize)]
struct AbortedDocument<'a> {
    error: &'a str,
    hints: &'a [String],
}

fn aborted(testcase: &str, err: &Error) -> Report {
    let error = err.to_string();
    let document = AbortedDocument {
        error: &error,
        hints: &err.hints,
    };
    let mut report = Report::new(
        testcase,
        serde_json::to_value(&document).unwrap_or_default(),
    );
    let mut text = format!("could not run: {err}\n");
    for hint in &err.hints {
        text.push_str(&format!("hint: {hint}\n"));
    }
    report.blocks = vec![Block::Text(text)];
    report.notes = vec![err.to_string()];
    report.outcome = Outcome::Aborted;
    report.verdicts.push(report::TestcaseResult {
        testcase: testcase.to_string(),
        outcome: Outcome::Aborted,
    });
    report
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

/// `-o json|yaml` of `check all`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Document {
    /// Everything that ran, SCS's testcases and ours.
    outcome: &'static str,
    /// Every section, in the order it ran.
    checks: Vec<CheckEntry>,
    scs: ScsPart,
    own_checks: OwnPart,
}

#[derive(Serialize)]
struct CheckEntry {
    check: String,
    testcase: String,
    verdict: &'static str,
    result: Value,
    /// `scs` for an SCS testcase, `kubectl-scs` for a check of our own.
    scope: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    section: Option<SpecSection>,
}

#[derive(Serialize)]
struct ScsPart {
    spec: &'static str,
    sections: Vec<SpecSection>,
    /// The SCS testcases only.
    outcome: &'static str,
    testcases: Vec<TestcaseEntry>,
}

#[derive(Serialize)]
struct TestcaseEntry {
    id: &'static str,
    module: &'static str,
    section: SpecSection,
    verdict: &'static str,
}

#[derive(Serialize)]
struct OwnPart {
    outcome: &'static str,
    checks: Vec<OwnEntry>,
}

#[derive(Serialize)]
struct OwnEntry {
    check: String,
    testcase: String,
    verdict: &'static str,
}

fn outcome_of<'a>(sections: impl Iterator<Item = &'a Section>) -> Outcome {
    combined_outcome(sections.map(|s| s.report.outcome))
}

fn document(sections: &[SpecSection], all: &[Section]) -> Value {
    let scs = || all.iter().filter(|s| s.scs.is_some());
    let own = || all.iter().filter(|s| s.scs.is_none());
    let doc = Document {
        outcome: verdict_word(outcome_of(all.iter())),
        checks: all
            .iter()
            .map(|s| CheckEntry {
                check: s.name.clone(),
                testcase: s.report.suite.clone(),
                verdict: verdict_word(s.report.outcome),
                result: s.report.document.clone(),
                scope: if s.scs.is_some() {
                    "scs"
                } else {
                    "kubectl-scs"
                },
                section: s.scs.map(|t| t.section),
            })
            .collect(),
        scs: ScsPart {
            spec: SPEC,
            sections: sections.to_vec(),
            outcome: verdict_word(outcome_of(scs())),
            testcases: scs()
                .filter_map(|s| {
                    s.scs.map(|t| TestcaseEntry {
                        id: t.id,
                        module: t.module,
                        section: t.section,
                        verdict: verdict_word(s.report.outcome),
                    })
                })
                .collect(),
        },
        own_checks: OwnPart {
            outcome: verdict_word(outcome_of(own())),
            checks: own()
                .map(|s| OwnEntry {
                    check: s.name.clone(),
                    testcase: s.report.suite.clone(),
                    verdict: verdict_word(s.report.outcome),
                })
                .collect(),
        },
    };
    serde_json::to_value(doc).unwrap_or(Value::Null)
}

fn verdict_cell(outcome: Outcome) -> Cell {
    let tone = match outcome {
        Outcome::Ok => Tone::Good,
        Outcome::Failed => Tone::Bad,
        Outcome::Aborted => Tone::Warn,
    };
    Cell::toned(verdict_word(outcome), tone)
}

/// The overview tables: SCS's testcases, then ours.
fn overview(sections: &[SpecSection], all: &[Section]) -> Vec<Block> {
    let names: Vec<&str> = sections.iter().map(|s| s.as_str()).collect();
    let scs: Vec<&Section> = all.iter().filter(|s| s.scs.is_some()).collect();
    let own: Vec<&Section> = all.iter().filter(|s| s.scs.is_none()).collect();
    let mut blocks = vec![Block::Title(format!(
        "SCS KaaS certification ({SPEC} v1, sections {}): {}",
        names.join(","),
        verdict_word(outcome_of(scs.iter().copied()))
    ))];
    if scs.is_empty() {
        blocks.push(Block::Text("No SCS testcase selected.\n".into()));
    } else {
        blocks.push(Block::Table(Table {
            columns: vec![
                Column::new("TESTCASE"),
                Column::new("MODULE"),
                Column::new("SECTION"),
                Column::new("RESULT"),
                Column::wide("COMMAND"),
            ],
            rows: scs
                .iter()
                .filter_map(|s| {
                    s.scs.map(|t| {
                        vec![
                            Cell::new(t.id),
                            Cell::new(t.module),
                            Cell::new(t.section.as_str()),
                            verdict_cell(s.report.outcome),
                            Cell::new(format!("kubectl scs {}", t.command)),
                        ]
                    })
                })
                .collect(),
        }));
    }
    if !own.is_empty() {
        blocks.push(Block::Title(format!(
            "kubectl-scs checks (not SCS testcases): {}",
            verdict_word(outcome_of(own.iter().copied()))
        )));
        blocks.push(Block::Table(Table {
            columns: vec![
                Column::new("CHECK"),
                Column::new("TESTCASE"),
                Column::new("RESULT"),
            ],
            rows: own
                .iter()
                .map(|s| {
                    vec![
                        Cell::new(s.name.as_str()),
                        Cell::new(s.report.suite.as_str()),
                        verdict_cell(s.report.outcome),
                    ]
                })
                .collect(),
        }));
    }
    blocks
}

/// One report of many: the overview and each section's own view for people; the document
/// above; runner lines for SCS's testcases only, ours as `INFO:`/`WARNING:` lines.
pub fn merge(sections: &[SpecSection], all: Vec<Section>) -> Report {
    let outcome = outcome_of(all.iter());
    let mut merged = Report::new("kubectl-scs check all", document(sections, &all));
    merged.outcome = outcome;
    merged.blocks = overview(sections, &all);
    for section in all {
        let report = section.report;
        let scope = match section.scs {
            Some(t) => t.section.as_str(),
            None => "kubectl-scs",
        };
        merged.blocks.push(Block::Title(format!(
            "== {}: {} ({}, {scope}) ==",
            section.name,
            verdict_word(report.outcome),
            report.suite
        )));
        merged.blocks.extend(report.blocks);
        let name = &section.name;
        merged
            .notes
            .extend(report.notes.into_iter().map(|n| format!("{name}: {n}")));
        if section.scs.is_some() {
            merged.findings.extend(report.findings);
            merged.verdicts.extend(report.verdicts);
            merged.info.extend(report.info);
            merged.errors.extend(report.errors);
            continue;
        }
        merged
            .notes
            .extend(report.errors.into_iter().map(|e| format!("{name}: {e}")));
        // Ours: SCS's runner would count ERROR lines and warn about testcase ids it did not ask
        // for, so verdicts and failures go to stderr as INFO and WARNING lines.
        for verdict in report.verdicts {
            let line = format!(
                "kubectl-scs check {name}, not an SCS testcase: {}: {}",
                verdict.testcase,
                verdict_word(verdict.outcome)
            );
            match verdict.outcome {
                Outcome::Ok => merged.info.push(line),
                _ => merged.notes.push(line),
            }
        }
        merged.notes.extend(
            report
                .findings
                .iter()
                .filter(|f| f.status == Status::Fail)
                .map(|f| format!("{name}: FAILED: {}", f.id)),
        );
    }
    merged
}

/// `-o junit` of `check all`: one testcase per section, SCS's under `<spec>/<section>`, ours
/// under `kubectl-scs`; an aborted one fails too, with the reason.
pub fn testcase_findings(all: &[Section]) -> Vec<Finding> {
    all.iter()
        .map(|s| {
            let failed: Vec<&str> = s
                .report
                .findings
                .iter()
                .filter(|f| f.status == Status::Fail)
                .map(|f| f.id.as_str())
                .collect();
            let (status, message) = match s.report.outcome {
                Outcome::Ok => (Status::Pass, "PASS".to_string()),
                Outcome::Failed => (
                    Status::Fail,
                    match failed.len() {
                        0 => "FAIL".to_string(),
                        n => format!("FAIL: {n} failed: {}", first_few(&failed)),
                    },
                ),
                Outcome::Aborted => (
                    Status::Fail,
                    format!(
                        "ABORT: {}",
                        s.report
                            .notes
                            .first()
                            .map_or("could not run", String::as_str)
                    ),
                ),
            };
            Finding {
                id: s.report.suite.clone(),
                subject: match s.scs {
                    Some(t) => format!("{SPEC}/{}", t.section.as_str()),
                    None => "kubectl-scs".to_string(),
                },
                status,
                message,
                hint: None,
            }
        })
        .collect()
}

fn first_few(ids: &[&str]) -> String {
    const SHOWN: usize = 5;
    let mut text = ids
        .iter()
        .take(SHOWN)
        .copied()
        .collect::<Vec<_>>()
        .join("; ");
    if ids.len() > SHOWN {
        text.push_str(&format!("; and {} more", ids.len() - SHOWN));
    }
    text
}
