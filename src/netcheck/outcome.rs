//! Turning scenario runs into e2e test results, with failure messages that show expected,
//! observed and comparison tables and the engine's reasoning for every cell that differs.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::e2e::diagnose::{TestEvidence, TestState};
use crate::e2e::{Results, TestOutcome, TestResult};
use crate::netcheck::matrix::ProbeMatrix;
use crate::netcheck::poll::GroupResult;
use crate::netcheck::probe::PodProblem;
use crate::netcheck::runner::{RunStatus, ScenarioRun};
use crate::netpol::catalogue::{PodIps, Scenario, Step};
use crate::netpol::{Endpoint, Engine};

/// At most this many differing cells are explained per matrix; the tables show them all.
pub const MAX_EXPLAINED: usize = 20;

/// What `--mode native` results say they were read from.
pub const SOURCE: &str = "kubectl-scs native probes";

/// A step in words, e.g. `create NetworkPolicy netpol-x-1/deny-all`.
pub fn describe_step(scenario: &Scenario, step: &Step) -> String {
    let names = &scenario.names;
    let labels = |labels: &crate::netpol::Labels| {
        labels
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    match step {
        Step::CreatePolicy(t) => format!(
            "create NetworkPolicy {}/{}",
            names.get(t.namespace),
            t.name()
        ),
        Step::UpdatePolicy(t) => format!(
            "update NetworkPolicy {}/{}",
            names.get(t.namespace),
            t.name()
        ),
        Step::DeleteAllPolicies => "delete every NetworkPolicy".into(),
        Step::AddNamespaceLabels {
            namespace,
            labels: l,
        } => {
            format!("label namespace {} {}", names.get(*namespace), labels(l))
        }
        Step::RemoveNamespaceLabel { namespace, key } => {
            format!(
                "remove label {key} from namespace {}",
                names.get(*namespace)
            )
        }
        Step::AddPodLabels { pod, labels: l } => {
            format!("label pod {} {}", names.pod_key(*pod), labels(l))
        }
        Step::ResetPodLabels { pod } => format!("reset the labels of pod {}", names.pod_key(*pod)),
        Step::Probe { port, protocol } => format!("probe {protocol}/{port}"),
    }
}

/// Why the cells of a matrix differ, one line per cell, in the engine's words.
fn explain_cells(scenario: &Scenario, ips: &PodIps, step: usize, matrix: &ProbeMatrix) -> String {
    let wrong = matrix.wrong();
    let cluster = scenario.cluster_before(step, ips);
    let engine = cluster.as_ref().ok().map(Engine::new);
    let pods = &matrix.expected.pods;
    let mut out = String::new();
    for cell in wrong.iter().take(MAX_EXPLAINED) {
        let name = |i: usize| pods.get(i).map_or("?", String::as_str);
        let expected = if cell.expected {
            "connected"
        } else {
            "blocked"
        };
        let observed = cell
            .observed
            .as_ref()
            .map_or_else(|| "not probed".to_owned(), |o| o.describe());
        let why = engine.as_ref().map_or_else(
            || "the policies could not be evaluated".to_owned(),
            |engine| {
                engine.explain(
                    Endpoint::Pod(cell.from),
                    Endpoint::Pod(cell.to),
                    matrix.port(),
                    matrix.protocol(),
                )
            },
        );
        let _ = writeln!(
            out,
            "  {} -> {}: expected {expected}, observed {observed}; {why}",
            name(cell.from),
            name(cell.to)
        );
    }
    if wrong.len() > MAX_EXPLAINED {
        let _ = writeln!(out, "  … and {} more", wrong.len() - MAX_EXPLAINED);
    }
    out
}

fn batch_problems(result: &GroupResult) -> String {
    let distinct: BTreeSet<String> = result
        .batch_errors
        .iter()
        .map(|e| format!("{}: {}", e.from, e.message))
        .collect();
    if distinct.is_empty() {
        return String::new();
    }
    let mut out = String::from("probes that could not run:\n");
    for line in distinct.iter().take(5) {
        let _ = writeln!(out, "  {line}");
    }
    out
}

fn attempts_text(result: &GroupResult) -> String {
    let rounds = result.rounds.len();
    if result.unpoliced {
        return format!("{rounds} probe rounds{}", unpoliced_text(result));
    }
    let first = if result.first_attempt_matched {
        "the first attempt matched but the final full-matrix pass did not"
    } else {
        "neither the first attempt nor the final full-matrix pass matched"
    };
    format!("{rounds} probe rounds; {first}")
}

/// The failure message of a probe group: per wrong matrix a headline like upstream's
/// `Had N wrong results in reachability matrix`, the tables, and the reasoning.
pub fn probe_failure(
    scenario: &Scenario,
    ips: &PodIps,
    steps: &[usize],
    result: &GroupResult,
) -> String {
    let total = scenario.steps.len();
    let mut out = String::new();
    for (&step, matrix) in steps.iter().zip(&result.matrices) {
        if matrix.is_match() {
            continue;
        }
        let after = scenario
            .steps
            .iter()
            .take(step)
            .rev()
            .find(|s| !matches!(s, Step::Probe { .. }))
            .map(|s| format!(", after: {}", describe_step(scenario, s)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "probe {}/{} (step {} of {total}{after}): Had {} wrong results in reachability matrix ({})",
            matrix.protocol(),
            matrix.port(),
            step + 1,
            matrix.summary().incorrect,
            attempts_text(result)
        );
        out.push_str(&matrix.render());
        out.push_str("\nwhy the policies decide the differing cells:\n");
        out.push_str(&explain_cells(scenario, ips, step, matrix));
        out.push('\n');
    }
    out.push_str(&batch_problems(result));
    out.trim_end().to_owned()
}

/// The message of a scenario whose pods cannot run: one line per pod.
pub fn pods_failure(problems: &[PodProblem]) -> String {
    let mut out = String::from("could not run: pods of the test cannot run\n");
    for p in problems {
        let _ = writeln!(out, "  {}", p.describe());
    }
    out.trim_end().to_owned()
}

fn unpoliced_text(result: &GroupResult) -> &'static str {
    if result.unpoliced {
        "; stopped early: every probe connected as if no NetworkPolicy existed, unchanged after the settle time (--settle-time)"
    } else {
        ""
    }
}

/// The failure message when servers were not all reachable before the first step.
pub fn baseline_failure(scenario: &Scenario, result: &GroupResult) -> String {
    let mut out = format!(
        "before the first step of {:?}, not every server answered with no NetworkPolicy in place \
         (servers not ready, or policies of an earlier scenario still enforced) after {} probe rounds\n",
        scenario.upstream.it,
        result.rounds.len()
    );
    for matrix in result.matrices.iter().filter(|m| !m.is_match()) {
        let _ = writeln!(
            out,
            "probe {}/{}: Had {} wrong results in reachability matrix",
            matrix.protocol(),
            matrix.port(),
            matrix.summary().incorrect
        );
        out.push_str(&matrix.render());
        out.push('\n');
    }
    out.push_str(&batch_problems(result));
    out.trim_end().to_owned()
}

/// What each test that ran did, with what its probes saw, for the diagnosis.
pub fn evidence(runs: &[ScenarioRun]) -> Vec<TestEvidence> {
    runs.iter()
        .map(|run| TestEvidence {
            name: run.name.clone(),
            state: match run.status {
                RunStatus::Passed => TestState::Passed,
                RunStatus::Failed => TestState::Failed,
                RunStatus::CouldNotRun => TestState::CouldNotRun,
            },
            unpoliced: run.unpoliced(),
            late: run.late(),
            causes: run
                .pod_problems
                .iter()
                .filter_map(|p| p.cause.clone())
                .collect(),
        })
        .collect()
}

/// One scenario as an e2e test result (name, outcome, message, duration).
pub fn test_result(run: &ScenarioRun) -> TestResult {
    TestResult {
        name: run.name.clone(),
        outcome: match run.status {
            RunStatus::Passed => TestOutcome::Passed,
            RunStatus::Failed | RunStatus::CouldNotRun => TestOutcome::Failed,
        },
        message: run.message.clone(),
        duration: Some(run.seconds),
    }
}

/// The run as e2e results, judged like any other: scenarios that ran, in order, then the
/// ones left out by the selection as skipped.
pub fn results(
    runs: &[ScenarioRun],
    not_selected: &[String],
    kubernetes_version: Option<String>,
    seconds: f64,
) -> Results {
    let mut tests: Vec<TestResult> = runs.iter().map(test_result).collect();
    tests.extend(not_selected.iter().map(|name| TestResult {
        name: name.clone(),
        outcome: TestOutcome::Skipped,
        message: None,
        duration: None,
    }));
    Results {
        tests,
        source: SOURCE.into(),
        summary: None,
        kubernetes_version,
        duration_seconds: Some(seconds),
    }
}
