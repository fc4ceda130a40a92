//! `kubectl scs check nodes`: scs-0214-v2 node distribution (`node-distribution-check`) from the
//! nodes of the cluster or of `-f`.

pub mod args;
use k8s_openapi::api::core::v1::Node;
use serde::Serialize;

use crate::commands::Context;
use crate::commands::check::nodes::args::CheckNodesArgs;
use crate::commands::global::GlobalArgs;
use crate::distribution::{
    self, Judgement, PREVIEW_NOTE, Placement, RuleStatus, STANDARD, TESTCASE,
};
use crate::error::{Error, Result};
use crate::kube::{KindSpec, Scope, Source};
use crate::report::{self, Block, Cell, Column, Finding, Outcome, Report, Status, Table, Tone};

const NODES: KindSpec = KindSpec::new("", "v1", "Node");

/// `check nodes`.
pub async fn run(ctx: &Context, args: &CheckNodesArgs) -> Result<Outcome> {
    report::ensure_supported(ctx.global.output, true)?;
    let result = match nodes_report(&ctx.global, args).await {
        Ok(report) => ctx.emit(&report),
        Err(e) => Err(e),
    };
    ctx.abort_line(TESTCASE, &result);
    result
}

/// The check's report, for `check nodes` and `check all --sections preview`.
pub async fn nodes_report(global: &GlobalArgs, args: &CheckNodesArgs) -> Result<Report> {
    let source = Source::open(&global.client_options(), &args.dump.input()).await?;
    let fetched = source.fetch(&[NODES], &Scope::All).await?;
    let nodes = fetched
        .objects
        .iter()
        .map(|o| {
            // Only the metadata matters; the rest of a dumped Node may be partial.
            let metadata = o.get("metadata").cloned().unwrap_or_default();
            serde_json::from_value(metadata)
                .map(|metadata| Node {
                    metadata,
                    ..Node::default()
                })
                .map_err(|e| {
                    Error::could_not_run("a Node's metadata could not be read")
                        .with_source(e)
                        .hint("-f expects Nodes as `kubectl get nodes -o yaml` prints them")
                })
        })
        .collect::<Result<Vec<Node>>>()?;
    let placements: Vec<Placement> = nodes.iter().map(Placement::of).collect();
    let mut report = judgement_report(&distribution::judge(&placements));
    report
        .notes
        .extend(fetched.notes.into_iter().map(|n| n.message));
    Ok(report)
}

/// The `-o json|yaml` document.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Document<'a> {
    testcase: &'static str,
    standard: &'static str,
    /// Where SCS has the testcase: `preview` (manual), not the certification.
    scs_target: &'static str,
    note: &'static str,
    #[serde(flatten)]
    judgement: &'a Judgement,
}

fn status(rule: RuleStatus) -> (Status, Cell) {
    match rule {
        RuleStatus::Pass => (Status::Pass, Cell::toned("PASS", Tone::Good)),
        RuleStatus::Fail => (Status::Fail, Cell::toned("FAIL", Tone::Bad)),
        RuleStatus::Warn => (Status::Warn, Cell::toned("WARNING", Tone::Warn)),
        RuleStatus::Info => (Status::Info, Cell::toned("INFO", Tone::Dim)),
    }
}

/// The judgement as a report: rules and nodes for people, one finding per rule for JUnit,
/// warnings as `WARNING:` lines and the rest as `INFO:` lines for the SCS runner.
pub fn judgement_report(j: &Judgement) -> Report {
    let document = serde_json::to_value(Document {
        testcase: TESTCASE,
        standard: STANDARD,
        scs_target: "preview",
        note: PREVIEW_NOTE,
        judgement: j,
    })
    .unwrap_or_default();
    let mut report = Report::new(TESTCASE, document);
    report.outcome = j.verdict;
    report.verdicts.push(report::TestcaseResult {
        testcase: TESTCASE.to_string(),
        outcome: report.outcome,
    });
    report.info.push(PREVIEW_NOTE.to_string());
    let mut rows = Vec::new();
    for rule in &j.rules {
        let (finding_status, cell) = status(rule.status);
        report.findings.push(Finding {
            id: format!("{TESTCASE}/{}", rule.id),
            subject: STANDARD.to_string(),
            status: finding_status,
            message: rule.message.clone(),
            hint: None,
        });
        match rule.status {
            RuleStatus::Warn => report.notes.push(rule.message.clone()),
            RuleStatus::Pass | RuleStatus::Info => report.info.push(rule.message.clone()),
            RuleStatus::Fail => {}
        }
        rows.push(vec![
            cell,
            Cell::new(rule.id),
            Cell::new(rule.message.as_str()),
        ]);
    }
    let word = report::verdict_word(report.outcome);
    report.blocks = vec![
        Block::Title(format!("{TESTCASE}: {word} ({STANDARD})")),
        Block::Text(format!("{PREVIEW_NOTE}.\n")),
        Block::Table(Table {
            columns: vec![
                Column::new("STATUS"),
                Column::new("RULE"),
                Column::new("DETAIL"),
            ],
            rows,
        }),
    ];
    if !j.nodes.is_empty() {
        let missing = || Cell::toned("<missing>", Tone::Bad);
        report.blocks.push(Block::Table(Table {
            columns: vec![
                Column::new("NODE"),
                Column::new("ROLE"),
                Column::new("REGION"),
                Column::new("ZONE"),
            ],
            rows: j
                .nodes
                .iter()
                .map(|n| {
                    vec![
                        Cell::new(n.name.as_str()),
                        Cell::new(n.role.as_str()),
                        n.region.as_deref().map(Cell::from).unwrap_or_else(missing),
                        n.zone.as_deref().map(Cell::from).unwrap_or_else(missing),
                    ]
                })
                .collect(),
        }));
    }
    report
}
