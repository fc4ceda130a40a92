//! The judged run as a [`Report`]: summary and failed/waived tests for people, the
//! judgement (plus run and CNI) as the stable document, every test as a finding for
//! JUnit, and the SCS runner lines.

mod lists;

pub use lists::{images_report, leftovers_report};

use std::time::Duration;

use serde::Serialize;
use serde_json::Value;

use crate::cni::CniDetection;
use crate::commands::check::suite::runner::Finished;
use crate::duration::human;
use crate::e2e::diagnose::Diagnosis;
use crate::e2e::plan::{Images, Suite, SuiteMode};
use crate::e2e::{Check, Judgement, TestStatus};
use crate::kube::lifecycle::Cleanup;
use crate::kube::lifecycle::preflight::NodeSummary;
use crate::report::{self, Block, Cell, Column, Finding, Report, Status, Table, Tone};

/// The line of a failure message that says what went wrong: ginkgo v1 opens with the
/// source location (`/path/file.go:630`), which says nothing to a reader.
fn failure_summary(text: &str) -> String {
    let is_location = |l: &str| {
        !l.contains(' ')
            && l.rsplit_once(':')
                .is_some_and(|(_, n)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    };
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !is_location(l))
        .unwrap_or("failed");
    match line.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", line.get(..cut).unwrap_or(line)),
        None => line.to_string(),
    }
}

/// What a run in the cluster adds to the report of its judgement, whichever mode ran it.
#[derive(Debug, Clone)]
pub struct Live<D> {
    /// Top-level keys the run adds to the judgement's document (`cni`, `run`, …).
    pub document: D,
    /// The CNI row of the summary.
    pub cni: Option<String>,
    /// Summary rows after the common ones.
    pub rows: Vec<(&'static str, String)>,
    /// The first `INFO:` line: what ran where.
    pub info: Option<String>,
    /// Notes for stderr (preflight warnings, what clean-up left).
    pub notes: Vec<String>,
}

/// The document of a judgement: the judgement's keys and those a run adds.
#[derive(Serialize)]
struct JudgementDocument<'a, D> {
    #[serde(flatten)]
    judgement: &'a Judgement,
    #[serde(flatten)]
    live: Option<&'a D>,
}

/// The keys an e2e run adds.
#[derive(Debug, Clone, Serialize)]
pub struct SuiteRunDocument<'a> {
    /// The CNI plugins found.
    pub cni: &'a CniDetection,
    /// How the run went.
    pub run: RunDocument<'a>,
    /// Which run the suite settings amount to.
    pub mode: SuiteMode,
}

/// The `run` key of an e2e run.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunDocument<'a> {
    pub run_id: &'a str,
    pub namespace: &'a str,
    pub server_version: &'a str,
    pub images: &'a Images,
    pub nodes: &'a NodeSummary,
    pub exit_code: i32,
    pub duration_seconds: f64,
    pub cleanup: &'a Cleanup,
    /// Where the artifacts were written; `null` when they were not.
    pub artifacts: Option<String>,
    pub suite: &'a Suite,
}

/// What the e2e run knew (CNI, images, run).
fn live_of(f: &Finished, check: Check) -> Live<SuiteRunDocument<'_>> {
    let mode = f.suite.mode(check);
    let mut notes = f.preflight.notes.clone();
    notes.extend(cleanup_notes(check, &f.cleanup));
    Live {
        document: SuiteRunDocument {
            cni: &f.preflight.cni,
            run: RunDocument {
                run_id: &f.run_id,
                namespace: &f.namespace,
                server_version: &f.preflight.server_version,
                images: &f.preflight.images,
                nodes: &f.preflight.nodes,
                exit_code: f.exit_code,
                duration_seconds: f.duration.as_secs_f64(),
                cleanup: &f.cleanup,
                artifacts: f.artifacts.as_ref().map(|p| p.display().to_string()),
                suite: &f.suite,
            },
            mode,
        },
        cni: Some(cni_text(&f.preflight.cni)),
        rows: vec![
            ("Mode", mode.describe().to_string()),
            ("Image", f.preflight.images.conformance.clone()),
            ("Namespace", format!("{} (run {})", f.namespace, f.run_id)),
        ],
        info: Some(format!(
            "ran {} in namespace {} (run {}), CNI {}, mode {}",
            f.preflight.images.conformance,
            f.namespace,
            f.run_id,
            f.preflight.cni.summary,
            mode.describe()
        )),
        notes,
    }
}

/// The CNI row: the plugins found, and the warning if there is one.
pub fn cni_text(cni: &CniDetection) -> String {
    match &cni.warning {
        Some(w) => format!("{} (warning: {w})", cni.summary),
        None => cni.summary.clone(),
    }
}

/// What the clean-up left (`--keep`) or could not remove, with the command that removes it.
pub fn cleanup_notes(check: Check, cleanup: &Cleanup) -> Vec<String> {
    let mut notes = Vec::new();
    if !cleanup.kept.is_empty() {
        notes.push(format!(
            "kept (--keep): {}; remove them with `kubectl scs check {} --cleanup`",
            cleanup.kept.join(", "),
            command_word(check)
        ));
    }
    if !cleanup.is_clean() {
        notes.push(format!(
            "left behind: {}; remove them with `kubectl scs check {} --cleanup`",
            cleanup.failed.join(", "),
            command_word(check)
        ));
    }
    notes
}

/// The report of a judgement; `finished` adds what the live run knew (CNI, images, run).
/// Judged results of the conformance check say how the suite ran, as far as they show it.
pub fn judgement_report(j: &Judgement, finished: Option<&Finished>) -> Report {
    match finished {
        Some(f) => live_report(j, Some(&live_of(f, j.check))),
        None if j.check == Check::Conformance => live_report(j, serial_tests(j).as_ref()),
        None => live_report::<SerialDocument>(j, None),
    }
}

/// The key judged conformance results add: whether the `[Serial]` tests ran.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SerialDocument {
    pub serial_tests: &'static str,
}

/// Whether the `[Serial]` tests ran (a serial, CNCF certified run) or were skipped (a parallel
/// run, as SCS's): `serialTests` in the document and a `Mode` row. Nothing when the results
/// name no `[Serial]` test.
fn serial_tests(j: &Judgement) -> Option<Live<SerialDocument>> {
    let mut serial = j.tests.iter().filter(|t| t.name.contains("[Serial]"));
    let first = serial.next()?;
    let ran = std::iter::once(first)
        .chain(serial)
        .any(|t| t.status != TestStatus::Skipped);
    let (word, row) = if ran {
        (
            "ran",
            "[Serial] tests ran: a serial run, as the CNCF certified one",
        )
    } else {
        (
            "skipped",
            "[Serial] tests skipped: a parallel run, as SCS runs it",
        )
    };
    Some(Live {
        document: SerialDocument { serial_tests: word },
        cni: None,
        rows: vec![("Mode", row.to_string())],
        info: None,
        notes: Vec::new(),
    })
}

/// The report of a judgement, with what a live run (of either mode) knew.
pub fn live_report<D: Serialize>(j: &Judgement, live: Option<&Live<D>>) -> Report {
    let document = JudgementDocument {
        judgement: j,
        live: live.map(|l| &l.document),
    };
    let mut report = Report::new(
        j.check.id(),
        serde_json::to_value(&document).unwrap_or(Value::Null),
    );
    report.outcome = j.verdict;
    report.verdicts.push(report::TestcaseResult {
        testcase: j.check.id().to_string(),
        outcome: report.outcome,
    });
    report.findings = findings(j);
    report.info = info(j, live);
    report.blocks = blocks(j, live);
    if let Some(live) = live {
        report.notes.extend(live.notes.iter().cloned());
    }
    report
}

fn command_word(check: Check) -> &'static str {
    match check {
        Check::Networking => "networking",
        Check::Conformance => "conformance",
    }
}

/// Every test, so a JUnit consumer sees the whole run; a waived failure is skipped with
/// the waiver's reason.
fn findings(j: &Judgement) -> Vec<Finding> {
    let mut findings: Vec<Finding> = j
        .tests
        .iter()
        .map(|t| {
            let (status, message) = match t.status {
                TestStatus::Passed => (Status::Pass, "passed".to_string()),
                TestStatus::Failed => (
                    Status::Fail,
                    t.message
                        .as_deref()
                        .map(failure_summary)
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
                    t.message.clone().unwrap_or_else(|| "skipped".to_string()),
                ),
            };
            Finding {
                id: t.name.clone(),
                subject: "Kubernetes e2e suite".to_string(),
                status,
                message,
                hint: None,
            }
        })
        .collect();
    if j.unnamed_failures > 0 {
        findings.push(Finding {
            id: format!(
                "{} test(s) not named in the console log",
                j.unnamed_failures
            ),
            subject: "Kubernetes e2e suite".to_string(),
            status: Status::Fail,
            message: "failed tests the console log counts but does not name".to_string(),
            hint: None,
        });
    }
    findings
}

/// The `INFO:` lines of `-o scs` (SCS's `run_sonobuoy.py` log): the run's context, what was
/// judged, and the verdict. The per-failure `ERROR: FAILED:` lines the renderer prints from
/// the findings.
fn info<D>(j: &Judgement, live: Option<&Live<D>>) -> Vec<String> {
    let mut info: Vec<String> = live.and_then(|l| l.info.clone()).into_iter().collect();
    info.push(format!("{}: judging {}", j.check.id(), j.source));
    if let Some(version) = &j.kubernetes_version {
        info.push(format!("Kubernetes version {version}"));
    }
    info.push(format!("waivers: {}", j.waivers));
    for test in j.waived() {
        info.push(format!(
            "WAIVED: {} ({})",
            test.name,
            test.reason.as_deref().unwrap_or("no reason given")
        ));
    }
    // Same wording and keys as SCS's `_fmt_result`.
    info.push(format!(
        "e2e results: {} passed, {} failed, {} failed_ok, {} skipped",
        j.counts.passed, j.counts.failed, j.counts.waived, j.counts.skipped
    ));
    info.push(format!(
        "{}: {}",
        report::verdict_word(j.verdict),
        j.message
    ));
    info
}

fn duration_text(j: &Judgement) -> String {
    j.duration_seconds
        .and_then(|s| Duration::try_from_secs_f64(s.round()).ok())
        .map(human)
        .unwrap_or_else(|| "-".to_string())
}

fn blocks<D>(j: &Judgement, live: Option<&Live<D>>) -> Vec<Block> {
    let counts = format!(
        "{} passed, {} failed, {} waived, {} skipped",
        j.counts.passed, j.counts.failed, j.counts.waived, j.counts.skipped
    );
    let cni = live
        .and_then(|l| l.cni.clone())
        .unwrap_or_else(|| "- (not known from results)".to_string());
    let mut rows = vec![
        ("Tests", counts),
        ("Duration", duration_text(j)),
        (
            "Kubernetes",
            j.kubernetes_version.clone().unwrap_or_else(|| "-".into()),
        ),
        ("CNI", cni),
        ("Waivers", j.waivers.clone()),
        ("Source", j.source.clone()),
    ];
    if let Some(live) = live {
        rows.extend(live.rows.iter().cloned());
    }
    let summary: String = rows
        .iter()
        .map(|(k, v)| format!("{:<12}{v}\n", format!("{k}:")))
        .collect();
    let mut blocks = vec![
        Block::Title(format!(
            "{}: {}",
            j.check.id(),
            report::verdict_word(j.verdict)
        )),
        Block::Text(format!("{}\n\n{summary}", j.message)),
    ];
    let mut tests: Vec<Vec<Cell>> = j
        .failures()
        .map(|t| {
            vec![
                Cell::toned("FAILED", Tone::Bad),
                Cell::new(t.name.as_str()),
                Cell::new(
                    t.message
                        .as_deref()
                        .map(failure_summary)
                        .unwrap_or_else(|| "-".into()),
                ),
            ]
        })
        .collect();
    if j.unnamed_failures > 0 {
        tests.push(vec![
            Cell::toned("FAILED", Tone::Bad),
            Cell::new(format!(
                "{} test(s) not named in the console log",
                j.unnamed_failures
            )),
            Cell::new("-"),
        ]);
    }
    tests.extend(j.waived().map(|t| {
        vec![
            Cell::toned("WAIVED", Tone::Warn),
            Cell::new(t.name.as_str()),
            Cell::new(t.reason.as_deref().unwrap_or("-")),
        ]
    }));
    if !tests.is_empty() {
        blocks.push(Block::Table(Table {
            columns: vec![
                Column::new("STATUS"),
                Column::new("TEST"),
                Column::new("REASON"),
            ],
            rows: tests,
        }));
    }
    blocks
}

/// Puts the diagnoses of a networking run into its report: under `diagnoses` in the
/// document, right below the verdict for people, and as `INFO:` lines.
pub fn add_diagnoses(report: &mut Report, diagnoses: &[Diagnosis]) {
    let document = Diagnosed {
        document: &report.document,
        diagnoses,
    };
    if let Ok(document) = serde_json::to_value(&document) {
        report.document = document;
    }
    if diagnoses.is_empty() {
        return;
    }
    let mut text = String::from("Diagnosis:\n");
    for d in diagnoses {
        text.push_str(&format!(
            "  {}: {}\n    hint: {}\n",
            d.code, d.message, d.hint
        ));
        report
            .info
            .push(format!("diagnosis {}: {}", d.code, d.message));
    }
    let at = report
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Title(_)))
        .map_or(0, |i| i + 1);
    report.blocks.insert(at, Block::Text(text));
}

/// A document with the diagnoses of a networking run.
#[derive(Serialize)]
struct Diagnosed<'a> {
    #[serde(flatten)]
    document: &'a Value,
    diagnoses: &'a [Diagnosis],
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::e2e::{Waivers, judge, parse_results_bytes};
    use crate::report::Outcome;

    fn judged(serial: &str) -> Judgement {
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<testsuites><testsuite name="Kubernetes e2e suite">
<testcase name="[It] [sig-node] Pods should be submitted and removed [NodeConformance] [Conformance]" classname="Kubernetes e2e suite" status="passed" time="3"></testcase>
<testcase name="[It] [sig-apps] Daemon set [Serial] should rollback without unnecessary restarts [Conformance]" classname="Kubernetes e2e suite" status="{serial}" time="1">{}</testcase>
</testsuite></testsuites>"#,
            if serial == "skipped" {
                r#"<skipped message="skipped"></skipped>"#
            } else {
                ""
            }
        );
        let results = parse_results_bytes("junit_01.xml", xml.as_bytes()).unwrap();
        judge(Check::Conformance, &results, &Waivers::none())
    }

    #[test]
    fn judged_conformance_results_say_whether_the_serial_tests_ran() {
        let ran = judgement_report(&judged("passed"), None);
        assert_eq!(ran.document["serialTests"], "ran");
        let skipped = judgement_report(&judged("skipped"), None);
        assert_eq!(skipped.document["serialTests"], "skipped");
        let Block::Text(text) = &skipped.blocks[1] else {
            panic!("no summary")
        };
        assert!(
            text.contains("Mode:       [Serial] tests skipped: a parallel run, as SCS runs it"),
            "{text}"
        );
        assert_eq!(skipped.outcome, Outcome::Ok);
    }

    #[test]
    fn failure_summaries_skip_source_locations() {
        let v1 = "/workspace/src/k8s.io/kubernetes/test/e2e/framework/framework.go:630\nAug 17 17:10:15.362: Conformance test suite needs a cluster with at least 2 nodes.\n/x.go:424";
        assert_eq!(
            failure_summary(v1),
            "Aug 17 17:10:15.362: Conformance test suite needs a cluster with at least 2 nodes."
        );
        assert_eq!(
            failure_summary("[FAILED] Had 2 wrong results"),
            "[FAILED] Had 2 wrong results"
        );
        assert_eq!(failure_summary(""), "failed");
        assert_eq!(failure_summary(&"x".repeat(300)).chars().count(), 201);
    }
}
