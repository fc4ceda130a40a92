//! The report of `check versions`: the judgement, the nodes beside it, and where the data came
//! from, as a typed document and a human view.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

use crate::report::{
    Block, Cell, Column, Finding, Outcome, Report, Status, Table, TestcaseResult, Tone,
};
use crate::versions::cve::CriticalCve;
use crate::versions::eol::{EolTable, midnight_utc};
use crate::versions::judge::{Judgement, Level, LogLine, NewestPatch, STALE_AFTER_DAYS};
use crate::versions::nodes::{self, NodeFacts, NodeVersion};
use crate::versions::{Branch, DataSource, Dataset, TESTCASE, Version};

/// The standard the testcase belongs to.
pub const STANDARD: &str = "scs-0210-v2";

/// What was judged, besides the judgement.
pub struct Input {
    /// The version as the cluster reported it or as given.
    pub given: String,
    /// The kubeconfig context (or server URL); `None` for `--kubernetes-version`.
    pub context: Option<String>,
    /// The nodes, or why they could not be read; `None` without a cluster.
    pub nodes: Option<Result<Vec<NodeVersion>, String>>,
}

/// `-o json|yaml`; the keys are a stable interface.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Document<'a> {
    pub testcase: &'static str,
    pub standard: &'static str,
    #[serde(serialize_with = "crate::report::outcome_as_verdict")]
    pub verdict: Outcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abort_reason: Option<&'a str>,
    /// As reported by `/version` or given with `--kubernetes-version`.
    pub kubernetes_version: &'a str,
    /// The kubeconfig context judged; absent for `--kubernetes-version`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<&'a str>,
    pub version: Version,
    pub branch: Branch,
    pub end_of_life: Option<Date>,
    pub supported_branches: &'a [Branch],
    pub newest_patch: Option<NewestPatch>,
    pub critical_cves: &'a [CriticalCve],
    pub component_cves: &'a [CriticalCve],
    /// The nodes' kubelets; absent without a cluster or when the nodes could not be listed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nodes: Option<Vec<NodeFacts>>,
    pub data: DataFacts<'a>,
    pub now: Timestamp,
    /// SCS's log lines and ours, in order.
    pub log: Vec<LogLine>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DataFacts<'a> {
    pub source: &'a DataSource,
    pub as_of: Option<Date>,
    pub stale: bool,
    pub releases: usize,
    pub feed_cves: usize,
    pub records: usize,
    pub missing_records: &'a [String],
}

pub fn build_report(
    input: &Input,
    judgement: &Judgement,
    data: &Dataset,
    source: &DataSource,
    now: Timestamp,
) -> Report {
    let mut log = judgement.log.clone();
    let (node_facts, node_note) = match &input.nodes {
        Some(Ok(list)) => {
            let table = EolTable::parse(&data.eol).unwrap_or_default();
            let (facts, lines) = nodes::examine(list, judgement.version, &table, now);
            log.extend(lines);
            (Some(facts), None)
        }
        Some(Err(note)) => (None, Some(note.clone())),
        None => (None, None),
    };
    let stale = data
        .as_of
        .is_some_and(|d| days_since(d, now) > STALE_AFTER_DAYS);
    let document = Document {
        testcase: TESTCASE,
        standard: STANDARD,
        verdict: judgement.verdict,
        abort_reason: judgement.abort_reason.as_deref(),
        kubernetes_version: &input.given,
        context: input.context.as_deref(),
        version: judgement.version,
        branch: judgement.branch,
        end_of_life: judgement.end_of_life,
        supported_branches: &judgement.supported_branches,
        newest_patch: judgement.newest_patch,
        critical_cves: &judgement.critical_cves,
        component_cves: &judgement.component_cves,
        nodes: node_facts.clone(),
        data: DataFacts {
            source,
            as_of: data.as_of,
            stale,
            releases: data.releases.len(),
            feed_cves: data.feed.items.len(),
            records: data.records.len(),
            missing_records: &data.missing_records,
        },
        now,
        log: log.clone(),
    };
    let mut report = Report::new(
        TESTCASE,
        serde_json::to_value(&document).unwrap_or(serde_json::Value::Null),
    );
    report.outcome = judgement.verdict;
    report.verdicts.push(TestcaseResult {
        testcase: TESTCASE.into(),
        outcome: report.outcome,
    });
    let lines = |level: Level| {
        log.iter()
            .filter(move |l| l.level == level)
            .map(|l| l.message.clone())
    };
    report.info = lines(Level::Info).collect();
    report.notes = lines(Level::Warning).chain(node_note).collect();
    report.errors = lines(Level::Error).collect();
    report.findings.push(Finding {
        id: TESTCASE.into(),
        subject: STANDARD.into(),
        status: match judgement.verdict {
            Outcome::Ok => Status::Pass,
            Outcome::Failed => Status::Fail,
            Outcome::Aborted => Status::Unknown,
        },
        message: report
            .errors
            .last()
            .or(report.info.last())
            .cloned()
            .unwrap_or_default(),
        hint: None,
    });
    report.blocks = blocks(input, judgement, data, source, node_facts.as_deref(), now);
    report
}

fn days_since(date: Date, now: Timestamp) -> i64 {
    now.duration_since(midnight_utc(date)).as_hours() / 24
}

fn blocks(
    input: &Input,
    judgement: &Judgement,
    data: &Dataset,
    source: &DataSource,
    nodes: Option<&[NodeFacts]>,
    now: Timestamp,
) -> Vec<Block> {
    let verdict = crate::report::verdict_word(judgement.verdict);
    let mut blocks = vec![Block::Title(format!("{TESTCASE} ({STANDARD}): {verdict}"))];
    let version = judgement.version;
    let mut text = String::new();
    let whose = match &input.context {
        Some(context) => format!("cluster of context {context:?}"),
        None => "--kubernetes-version".into(),
    };
    text.push_str(&format!("Version:       {} ({whose})", input.given));
    if input.given.trim().trim_start_matches('v') != version.to_string() {
        text.push_str(&format!(", judged as {version}"));
    }
    text.push('\n');
    let branch = judgement.branch;
    let eol = match judgement.end_of_life {
        Some(day) => {
            let days = days_since(day, now);
            if days == 0 {
                format!("end of life {day} (EOL since today)")
            } else if days > 0 {
                format!("end of life {day} (EOL for {days} days)")
            } else {
                format!("end of life {day} (supported for {} more days)", -days)
            }
        }
        None => "not in the EOL table (SCS counts it as EOL)".into(),
    };
    text.push_str(&format!("Branch {branch}:   {eol}\n"));
    match &judgement.newest_patch {
        Some(p) if p.version > version => text.push_str(&format!(
            "Newest patch:  {}, published {} ({} days ago)\n",
            p.version,
            p.published_at.strftime("%Y-%m-%d"),
            p.age_days
        )),
        Some(p) => text.push_str(&format!(
            "Newest patch:  {} (in use), published {} ({} days ago)\n",
            p.version,
            p.published_at.strftime("%Y-%m-%d"),
            p.age_days
        )),
        None => text.push_str(&format!(
            "Newest patch:  no release of {branch} in the data\n"
        )),
    }
    let what = match source {
        DataSource::Embedded => "built-in snapshot".to_string(),
        DataSource::Directory { path } => format!("directory {}", path.display()),
        DataSource::Refreshed { path } => format!("downloaded to {}", path.display()),
    };
    let age = match data.as_of {
        Some(d) if days_since(d, now) >= 0 => {
            format!(" as of {d} ({} days old)", days_since(d, now))
        }
        Some(d) => format!(" as of {d}"),
        None => String::new(),
    };
    text.push_str(&format!(
        "Data:          {what}{age}: {} releases, {} CVEs in the feed, {} records\n",
        data.releases.len(),
        data.feed.items.len(),
        data.records.len()
    ));
    blocks.push(Block::Text(text));
    let cves: Vec<&CriticalCve> = judgement
        .critical_cves
        .iter()
        .chain(&judgement.component_cves)
        .collect();
    if cves.is_empty() {
        blocks.push(Block::Text(format!(
            "Critical CVEs affecting {version}: none in the data\n"
        )));
    } else {
        blocks.push(Block::Title(format!("Critical CVEs affecting {version}")));
        blocks.push(Block::Table(cve_table(&cves)));
    }
    if let Some(nodes) = nodes {
        blocks.push(Block::Table(node_table(nodes)));
    }
    let result: String = judgement
        .log
        .iter()
        .filter(|l| l.level != Level::Warning)
        .map(|l| format!("{}\n", l.message))
        .collect();
    blocks.push(Block::Text(result));
    blocks
}

fn cve_table(cves: &[&CriticalCve]) -> Table {
    Table {
        columns: vec![
            Column::new("CVE"),
            Column::new("PRODUCT"),
            Column::new("CVSS"),
            Column::new("COUNTED BY SCS"),
            Column::wide("AFFECTED"),
        ],
        rows: cves
            .iter()
            .map(|c| {
                let counted = c.product == "Kubernetes";
                vec![
                    Cell::new(c.id.as_str()),
                    Cell::new(c.product.as_str()),
                    Cell::new(c.score.map(|s| s.to_string()).unwrap_or_default()),
                    if counted {
                        Cell::toned("yes", Tone::Bad)
                    } else {
                        Cell::toned("no (warning)", Tone::Warn)
                    },
                    Cell::new(
                        c.ranges
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join(" "),
                    ),
                ]
            })
            .collect(),
    }
}

fn node_table(nodes: &[NodeFacts]) -> Table {
    Table {
        columns: vec![
            Column::new("NODE"),
            Column::new("ROLE"),
            Column::new("KUBELET"),
            Column::new("MINORS BEHIND"),
            Column::new("EOL"),
        ],
        rows: nodes
            .iter()
            .map(|n| {
                let behind = match n.minors_behind {
                    Some(b) if !(0..=nodes::MAX_KUBELET_SKEW).contains(&b) => {
                        Cell::toned(b.to_string(), Tone::Warn)
                    }
                    Some(b) => Cell::new(b.to_string()),
                    None => Cell::toned("?", Tone::Warn),
                };
                vec![
                    Cell::new(n.name.as_str()),
                    Cell::new(if n.control_plane {
                        "control-plane"
                    } else {
                        "worker"
                    }),
                    Cell::new(n.kubelet_version.as_str()),
                    behind,
                    if n.eol {
                        Cell::toned("yes", Tone::Bad)
                    } else {
                        Cell::toned("no", Tone::Good)
                    },
                ]
            })
            .collect(),
    }
}
