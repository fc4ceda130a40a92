//! The judged native run as a [`Report`]: verdict, summary, one row per test with its time,
//! rounds and exec requests, failure details with the truth tables; the judgement plus the
//! run's details as the stable document; every test as a finding; the SCS runner lines.

use std::fmt::Write as _;

use serde::Serialize;
use serde_json::{Value, json};

use super::run::Cleanup;
use crate::e2e::{Judgement, TestStatus, Verdict, scs_lines};
use crate::netcheck::{ScenarioRun, TopologyKind};
use crate::report::{self, Block, Cell, Column, Finding, Outcome, Report, Status, Table, Tone};

/// A topology as the run saw it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TopologyInfo {
    /// main or sctp.
    pub kind: TopologyKind,
    /// Namespaces x, y, z.
    pub namespaces: Vec<String>,
    /// Pods created.
    pub pods: usize,
    /// Whether every pod became ready.
    pub ready: bool,
    /// Why not, when not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    /// Seconds from creation to ready.
    pub seconds: f64,
}

/// What the native run knew besides the judgement.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NativeRun {
    /// Run id (in the namespace names and labels).
    pub run_id: String,
    /// Wall-clock seconds, clean-up included.
    pub duration_seconds: f64,
    /// Topologies deployed.
    pub topologies: Vec<TopologyInfo>,
    /// Every test that ran, with its rounds.
    pub scenarios: Vec<ScenarioRun>,
    /// Probe rounds over all tests.
    pub rounds: usize,
    /// Exec requests over all tests.
    pub execs: usize,
    /// Why the run stopped early, if it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped: Option<String>,
    /// What clean-up did.
    pub cleanup: Cleanup,
}

fn outcome(verdict: Verdict) -> Outcome {
    match verdict {
        Verdict::Pass => Outcome::Ok,
        Verdict::Fail => Outcome::Failed,
        Verdict::Abort => Outcome::Aborted,
    }
}

/// The first line of a failure message.
fn headline(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("failed");
    match line.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", line.get(..cut).unwrap_or(line)),
        None => line.to_owned(),
    }
}

/// The report of a native run.
pub fn native_report(j: &Judgement, native: &NativeRun) -> Report {
    let mut document = serde_json::to_value(j).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut document {
        map.insert("mode".into(), json!("native"));
        map.insert(
            "native".into(),
            serde_json::to_value(native).unwrap_or_default(),
        );
    }
    let mut report = Report::new(j.check.id(), document);
    report.outcome = outcome(j.verdict);
    report.verdicts.push(report::Verdict {
        testcase: j.check.id().to_owned(),
        outcome: report.outcome,
    });
    report.findings = findings(j);
    report.info = info(j, native);
    report.blocks = blocks(j, native);
    if !native.cleanup.kept.is_empty() {
        report.notes.push(format!(
            "kept (--keep): namespaces {}",
            native.cleanup.kept.join(", ")
        ));
    }
    if !native.cleanup.failed.is_empty() {
        report.notes.push(format!(
            "left behind: {}; delete them with kubectl delete namespace",
            native.cleanup.failed.join(", ")
        ));
    }
    for run in &native.scenarios {
        report.notes.extend(run.notes.iter().cloned());
    }
    report
}

fn findings(j: &Judgement) -> Vec<Finding> {
    j.tests
        .iter()
        .map(|t| {
            let (status, message) = match t.status {
                TestStatus::Passed => (Status::Pass, "passed".to_owned()),
                TestStatus::Failed => (
                    Status::Fail,
                    t.message
                        .as_deref()
                        .map(headline)
                        .unwrap_or_else(|| "failed".into()),
                ),
                TestStatus::Waived => (
                    Status::Waived,
                    format!(
                        "waived: {}",
                        t.reason.as_deref().unwrap_or("no reason given")
                    ),
                ),
                TestStatus::Skipped => (
                    Status::Skip,
                    t.message.clone().unwrap_or_else(|| "skipped".into()),
                ),
            };
            Finding {
                id: t.name.clone(),
                subject: "kubectl-scs native NetworkPolicy tests".to_owned(),
                status,
                message,
                hint: None,
            }
        })
        .collect()
}

fn info(j: &Judgement, native: &NativeRun) -> Vec<String> {
    let (_, lines) = scs_lines(j);
    let mut info = vec![format!(
        "native run {}: {} tests, {} probe rounds, {} exec requests, {:.0}s",
        native.run_id,
        native.scenarios.len(),
        native.rounds,
        native.execs,
        native.duration_seconds
    )];
    for line in lines {
        if line.starts_with("ERROR: FAILED: ") {
            continue;
        }
        let text = line
            .strip_prefix("INFO: ")
            .or_else(|| line.strip_prefix("ERROR: "))
            .unwrap_or(&line);
        info.push(text.to_owned());
    }
    info
}

fn blocks(j: &Judgement, native: &NativeRun) -> Vec<Block> {
    let not_selected = j
        .tests
        .iter()
        .filter(|t| t.status == TestStatus::Skipped && t.message.is_none())
        .count();
    let mut summary = String::new();
    let rows = [
        (
            "Tests",
            format!(
                "{} passed, {} failed, {} waived, {} skipped",
                j.counts.passed, j.counts.failed, j.counts.waived, j.counts.skipped
            ),
        ),
        (
            "Selected",
            format!(
                "{} of {} (--focus/--skip)",
                j.tests.len() - not_selected,
                j.tests.len()
            ),
        ),
        ("Duration", format!("{:.0}s", native.duration_seconds)),
        (
            "Probes",
            format!("{} rounds, {} exec requests", native.rounds, native.execs),
        ),
        (
            "Kubernetes",
            j.kubernetes_version.clone().unwrap_or_else(|| "-".into()),
        ),
        ("Waivers", j.waivers.clone()),
        ("Run", native.run_id.clone()),
    ];
    for (k, v) in rows {
        let _ = writeln!(summary, "{:<12}{v}", format!("{k}:"));
    }
    let mut blocks = vec![
        Block::Title(format!("{}: {}", j.check.id(), j.verdict)),
        Block::Text(format!("{}\n\n{summary}", j.message)),
    ];
    let by_name = |name: &str| native.scenarios.iter().find(|s| s.name == name);
    // Tests --focus/--skip left out would drown the ones that ran; the summary counts them.
    let rows = j
        .tests
        .iter()
        .filter(|t| t.status != TestStatus::Skipped || t.message.is_some())
        .map(|t| {
            let (word, tone) = match t.status {
                TestStatus::Passed => ("passed", Tone::Good),
                TestStatus::Failed => ("FAILED", Tone::Bad),
                TestStatus::Waived => ("WAIVED", Tone::Warn),
                TestStatus::Skipped => ("skipped", Tone::Dim),
            };
            let run = by_name(&t.name);
            vec![
                Cell::toned(word, tone),
                Cell::new(run.map_or_else(|| "-".into(), |r| format!("{:.1}s", r.seconds))),
                Cell::new(run.map_or_else(|| "-".into(), |r| r.rounds().to_string())),
                Cell::new(run.map_or_else(|| "-".into(), |r| r.execs().to_string())),
                Cell::new(t.name.as_str()),
            ]
        })
        .collect();
    blocks.push(Block::Table(Table {
        columns: vec![
            Column::new("STATUS"),
            Column::new("TIME"),
            Column::wide("ROUNDS"),
            Column::wide("EXECS"),
            Column::new("TEST"),
        ],
        rows,
    }));
    for t in j.tests.iter().filter(|t| {
        matches!(t.status, TestStatus::Failed | TestStatus::Waived) && t.message.is_some()
    }) {
        let label = if t.status == TestStatus::Waived {
            format!(
                "WAIVED ({})",
                t.reason.as_deref().unwrap_or("no reason given")
            )
        } else {
            "FAILED".to_owned()
        };
        blocks.push(Block::Text(format!(
            "\n{label}: {}\n{}\n",
            t.name,
            t.message.as_deref().unwrap_or_default()
        )));
    }
    blocks
}
