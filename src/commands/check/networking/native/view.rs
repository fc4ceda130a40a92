//! The native run's report: the e2e mode's report of the judgement ([`live_report`]) with
//! the run's context, plus one row per test with its time, probe rounds and exec requests,
//! and each failure's truth tables and reasoning in full.

use serde::Serialize;

use crate::cni::CniDetection;
use crate::commands::check::suite::view::{Live, cleanup_notes, cni_text, live_report};
use crate::e2e::{Check, Judgement, TestStatus};
use crate::kube::lifecycle::Cleanup;
use crate::kube::lifecycle::preflight::NodeSummary;
use crate::netcheck::{RunStatus, ScenarioRun, TopologyKind};
use crate::report::{Block, Cell, Column, Report, Table, Tone};

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

/// What the native run knew besides the judgement; the document's `native` key.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NativeRun {
    /// Run id (in the namespace names and labels).
    pub run_id: String,
    /// The agnhost image the pods ran.
    pub image: String,
    /// The server's `gitVersion`.
    pub server_version: String,
    /// Nodes that can take the pods.
    pub nodes: NodeSummary,
    /// Wall-clock seconds, clean-up included.
    pub duration_seconds: f64,
    /// Topologies deployed.
    pub topologies: Vec<TopologyInfo>,
    /// Every test that ran, with its probe groups and rounds.
    pub scenarios: Vec<ScenarioRun>,
    /// Probe rounds over all tests.
    pub rounds: usize,
    /// Exec requests over all tests.
    pub execs: usize,
    /// Why the run stopped early, if it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped: Option<String>,
    /// `--fail-fast` ended the run at the first unwaived failure.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub failed_fast: bool,
    /// What clean-up did.
    pub cleanup: Cleanup,
}

/// The keys a native run adds to the judgement's document.
#[derive(Serialize)]
struct NativeDocument<'a> {
    /// Always `native`.
    mode: &'static str,
    cni: &'a CniDetection,
    native: &'a NativeRun,
}

/// The report of a native run.
pub fn native_report(
    j: &Judgement,
    native: &NativeRun,
    cni: &CniDetection,
    preflight_notes: Vec<String>,
) -> Report {
    let namespaces: Vec<String> = native
        .topologies
        .iter()
        .flat_map(|t| t.namespaces.iter().cloned())
        .collect();
    let mut notes = preflight_notes;
    notes.extend(cleanup_notes(Check::Networking, &native.cleanup));
    for run in &native.scenarios {
        notes.extend(run.notes.iter().cloned());
    }
    let mut rows = vec![
        ("Mode", "native (probes between pods, by exec)".to_owned()),
        (
            "Probes",
            format!("{} rounds, {} exec requests", native.rounds, native.execs),
        ),
    ];
    let early = native.scenarios.iter().filter(|s| s.unpoliced()).count();
    if early > 0 {
        rows.push((
            "Early stop",
            format!(
                "{early} tests stopped retrying: every probe connected as with no NetworkPolicy (--settle-time)"
            ),
        ));
    }
    if native.failed_fast {
        rows.push((
            "Stopped",
            "--fail-fast: at the first failure that is not waived".to_owned(),
        ));
    }
    rows.push(("Image", native.image.clone()));
    rows.push((
        "Namespaces",
        format!("{} (run {})", namespaces.join(", "), native.run_id),
    ));
    let live = Live {
        document: NativeDocument {
            mode: "native",
            cni,
            native,
        },
        cni: Some(cni_text(cni)),
        rows,
        info: Some(format!(
            "native run {}: {} tests in namespaces {}, {} probe rounds, {} exec requests, {:.0}s, CNI {}",
            native.run_id,
            native.scenarios.len(),
            namespaces.join(", "),
            native.rounds,
            native.execs,
            native.duration_seconds,
            cni.summary
        )),
        notes,
    };
    let mut report = live_report(j, Some(&live));
    report.blocks.extend(test_blocks(j, native));
    report
}

/// One row per test that ran or was meant to (not the ones `--focus`/`--skip` left out),
/// then the full message of every failure.
fn test_blocks(j: &Judgement, native: &NativeRun) -> Vec<Block> {
    let by_name = |name: &str| native.scenarios.iter().find(|s| s.name == name);
    let rows = j
        .tests
        .iter()
        .filter(|t| t.status != TestStatus::Skipped || t.message.is_some())
        .map(|t| {
            let run = by_name(&t.name);
            let could_not_run = run.is_some_and(|r| r.status == RunStatus::CouldNotRun);
            let (word, tone) = match t.status {
                TestStatus::Passed => ("passed", Tone::Good),
                TestStatus::Failed if could_not_run => ("COULD NOT RUN", Tone::Bad),
                TestStatus::Failed => ("FAILED", Tone::Bad),
                TestStatus::Waived => ("WAIVED", Tone::Warn),
                TestStatus::Skipped => ("not run", Tone::Dim),
            };
            vec![
                Cell::toned(word, tone),
                Cell::new(run.map_or_else(|| "-".into(), |r| format!("{:.1}s", r.seconds))),
                Cell::new(run.map_or_else(|| "-".into(), |r| r.rounds().to_string())),
                Cell::new(run.map_or_else(|| "-".into(), |r| r.execs().to_string())),
                Cell::new(t.name.as_str()),
            ]
        })
        .collect();
    let mut blocks = vec![Block::Table(Table {
        columns: vec![
            Column::new("RESULT"),
            Column::new("TIME"),
            Column::wide("ROUNDS"),
            Column::wide("EXECS"),
            Column::new("TEST"),
        ],
        rows,
    })];
    for t in j.tests.iter().filter(|t| {
        matches!(t.status, TestStatus::Failed | TestStatus::Waived) && t.message.is_some()
    }) {
        let label = match (t.status, t.reason.as_deref()) {
            (TestStatus::Waived, Some(reason)) => format!("WAIVED ({reason})"),
            (TestStatus::Waived, None) => "WAIVED".to_owned(),
            _ => "FAILED".to_owned(),
        };
        blocks.push(Block::Text(format!(
            "\n{label}: {}\n{}\n",
            t.name,
            t.message.as_deref().unwrap_or_default()
        )));
    }
    blocks
}
