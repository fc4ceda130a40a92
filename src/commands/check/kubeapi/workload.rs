//! `kubectl scs check kubeapi --workload`: anonymous access, the API endpoint and the scs-0217
//! hardening items of the cluster the context points at.

use serde::Serialize;

use crate::commands::check::kubeapi::facts as workload;
use crate::error::Result;
use crate::kube::Kube;
use crate::kubeapi::hardening::{self, Item, Status as ItemStatus, WorkloadFacts};
use crate::report::{self, Block, Cell, Column, Finding, Outcome, Report, Status, Table, Tone};

/// The testcase id of this view in SCS runner output.
pub const TESTCASE: &str = "kaas-kubeapi-hardening-check";

/// The `-o json|yaml` document of the workload view.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Document<'a> {
    server: &'a str,
    context: Option<&'a str>,
    server_version: Option<&'a str>,
    items: &'a [Item],
    summary: Summary,
    facts: &'a WorkloadFacts,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    notes: &'a [String],
}

/// How many items have each status.
#[derive(Serialize)]
#[serde(rename_all = "UPPERCASE")]
struct Summary {
    fail: usize,
    warn: usize,
    unknown: usize,
    pass: usize,
}

/// Gathers and judges. `Failed` when an item FAILs; UNKNOWN items (flags invisible on managed
/// control planes, configz not permitted) do not change the outcome.
pub async fn report(kube: &Kube, config: &kube::Config, now: jiff::Timestamp) -> Result<Report> {
    let gathered = workload::gather(kube, config).await?;
    let items = hardening::judge(&gathered.facts, now);
    let failed = items.iter().any(|i| i.status == ItemStatus::Fail);
    let document = Document {
        server: &kube.target.url,
        context: kube.target.context.as_deref(),
        server_version: gathered.facts.server_version.as_deref(),
        items: &items,
        summary: summary(&items),
        facts: &gathered.facts,
        notes: &gathered.notes,
    };
    let mut report = Report::new(
        TESTCASE,
        serde_json::to_value(&document).unwrap_or_default(),
    );
    report.notes = gathered.notes;
    report.findings = items
        .iter()
        .map(|i| Finding {
            id: i.id.clone(),
            subject: kube.target.url.clone(),
            status: finding_status(i.status),
            message: format!("{}: {}", i.title, i.reason),
            hint: None,
        })
        .collect();
    report.blocks = human_view(kube, gathered.facts.server_version.as_deref(), &items);
    report.outcome = if failed { Outcome::Failed } else { Outcome::Ok };
    report.verdicts.push(report::TestcaseResult {
        testcase: TESTCASE.into(),
        outcome: report.outcome,
    });
    Ok(report)
}

/// `PASS`, `FAIL`, `WARN`, `UNKNOWN`.
pub fn status_word(status: ItemStatus) -> &'static str {
    match status {
        ItemStatus::Pass => "PASS",
        ItemStatus::Fail => "FAIL",
        ItemStatus::Warn => "WARN",
        ItemStatus::Unknown => "UNKNOWN",
    }
}

fn finding_status(status: ItemStatus) -> Status {
    match status {
        ItemStatus::Pass => Status::Pass,
        ItemStatus::Fail => Status::Fail,
        ItemStatus::Warn => Status::Warn,
        ItemStatus::Unknown => Status::Unknown,
    }
}

const ORDER: [ItemStatus; 4] = [
    ItemStatus::Fail,
    ItemStatus::Warn,
    ItemStatus::Unknown,
    ItemStatus::Pass,
];

fn count(items: &[Item], status: ItemStatus) -> usize {
    items.iter().filter(|i| i.status == status).count()
}

fn summary(items: &[Item]) -> Summary {
    Summary {
        fail: count(items, ItemStatus::Fail),
        warn: count(items, ItemStatus::Warn),
        unknown: count(items, ItemStatus::Unknown),
        pass: count(items, ItemStatus::Pass),
    }
}

fn human_view(kube: &Kube, version: Option<&str>, items: &[Item]) -> Vec<Block> {
    let mut title = format!("Kubernetes API at {}", kube.target.url);
    if let Some(context) = &kube.target.context {
        title.push_str(&format!(" (context {context:?})"));
    }
    if let Some(version) = version {
        title.push_str(&format!(", kube-apiserver {version}"));
    }
    let rows = items
        .iter()
        .map(|i| {
            let tone = match i.status {
                ItemStatus::Pass => Tone::Good,
                ItemStatus::Fail => Tone::Bad,
                ItemStatus::Warn => Tone::Warn,
                ItemStatus::Unknown => Tone::Dim,
            };
            vec![
                Cell::new(i.id.as_str()),
                Cell::toned(status_word(i.status), tone),
                Cell::new(i.title.as_str()),
                Cell::new(i.reason.as_str()),
            ]
        })
        .collect();
    let counts: Vec<String> = ORDER
        .iter()
        .map(|s| format!("{} {}", count(items, *s), status_word(*s)))
        .collect();
    vec![
        Block::Title(title),
        Block::Table(Table {
            columns: vec![
                Column::new("ITEM"),
                Column::new("STATUS"),
                Column::wide("TITLE"),
                Column::new("REASON"),
            ],
            rows,
        }),
        Block::Text(format!("{}\n", counts.join(", "))),
    ]
}
