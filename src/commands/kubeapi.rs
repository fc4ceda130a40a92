//! `kubectl scs check kubeapi`: the management view (are the requested API restrictions in
//! effect?).

use serde_json::json;

use super::Context;
use crate::cli::KubeapiArgs;
use crate::cluster::{KindSpec, Source};
use crate::error::{Error, Result};
use crate::kubeapi::{self, ClusterVerdict, Verdict};
use crate::report::{self, Block, Cell, Column, Finding, Outcome, Report, Status, Table, Tone};

/// The testcase id of this check in SCS runner output.
pub const TESTCASE: &str = "kaas-kubeapi-restriction-check";

/// What the management view reads: Clusters and the infrastructure kinds an adapter knows.
pub const KUBEAPI_KINDS: &[KindSpec] = &[
    KindSpec::new("cluster.x-k8s.io", "v1beta1", "Cluster"),
    KindSpec::new(
        "infrastructure.cluster.x-k8s.io",
        "v1beta1",
        "OpenStackCluster",
    ),
];

pub async fn management(ctx: &Context, args: &KubeapiArgs) -> Result<Outcome> {
    report::ensure_supported(ctx.global.output, true)?;
    let source = Source::open(&ctx.global, &args.dump).await?;
    let scope = source.scope(&ctx.global);
    let fetched = source.fetch(KUBEAPI_KINDS, &scope).await?;
    let mut judged = kubeapi::judge_clusters(&fetched.objects);
    if let Some(name) = &args.cluster {
        judged
            .clusters
            .retain(|c| c.cluster.rsplit_once('/').map(|(_, n)| n) == Some(name.as_str()));
        if judged.clusters.is_empty() {
            return Err(Error::could_not_run(format!("Cluster {name:?} not found"))
                .hint("use -n NAMESPACE or -A to look elsewhere"));
        }
    }
    let unreadable = !fetched.notes.is_empty()
        && judged
            .clusters
            .iter()
            .any(|c| c.verdict == Verdict::Unknown);
    let mut report = Report::new(TESTCASE, serde_json::to_value(&judged).unwrap_or_default());
    report.notes = fetched.notes.iter().map(|n| n.message.clone()).collect();
    report.notes.extend(judged.warnings.iter().cloned());
    report.findings = judged
        .clusters
        .iter()
        .map(|c| finding(c, args.require_restricted))
        .collect();
    report.blocks = human_view(&judged.clusters);
    report.outcome = if unreadable {
        Outcome::Aborted
    } else if args.require_restricted
        && judged
            .clusters
            .iter()
            .any(|c| matches!(c.verdict, Verdict::Open | Verdict::NotEnforced))
    {
        Outcome::Failed
    } else {
        Outcome::Ok
    };
    report.verdicts.push(report::Verdict {
        testcase: TESTCASE.into(),
        outcome: report.outcome,
    });
    if let serde_json::Value::Object(map) = &mut report.document
        && !report.notes.is_empty()
    {
        map.insert("notes".into(), json!(report.notes));
    }
    ctx.emit(&report)
}

fn verdict_word(v: Verdict) -> &'static str {
    match v {
        Verdict::Restricted => "RESTRICTED",
        Verdict::NotEnforced => "NOT_ENFORCED",
        Verdict::Open => "OPEN",
        Verdict::Unknown => "UNKNOWN",
    }
}

fn finding(c: &ClusterVerdict, strict: bool) -> Finding {
    let status = match c.verdict {
        Verdict::Restricted => Status::Pass,
        Verdict::Open | Verdict::NotEnforced if strict => Status::Fail,
        Verdict::Open | Verdict::NotEnforced => Status::Warn,
        Verdict::Unknown => Status::Unknown,
    };
    Finding {
        id: format!("kubeapi-restriction/{}", c.cluster),
        subject: c.cluster.clone(),
        status,
        message: format!("{}: {}", verdict_word(c.verdict), c.reason),
        hint: None,
    }
}

fn human_view(clusters: &[ClusterVerdict]) -> Vec<Block> {
    if clusters.is_empty() {
        return vec![Block::Text("No Clusters found.\n".into())];
    }
    let rows = clusters
        .iter()
        .map(|c| {
            let tone = match c.verdict {
                Verdict::Restricted => Tone::Good,
                Verdict::NotEnforced => Tone::Bad,
                Verdict::Open => Tone::Warn,
                Verdict::Unknown => Tone::Dim,
            };
            let added = c
                .provider_added
                .iter()
                .map(|p| p.cidr.clone())
                .collect::<Vec<_>>();
            vec![
                Cell::new(c.cluster.as_str()),
                Cell::toned(verdict_word(c.verdict), tone),
                Cell::new(list(&c.requested)),
                Cell::new(list(&c.effective)),
                Cell::new(list(&added)),
                Cell::new(c.fields_read.join(", ")),
                Cell::new(c.reason.as_str()),
            ]
        })
        .collect();
    let mut blocks = vec![Block::Table(Table {
        columns: vec![
            Column::new("CLUSTER"),
            Column::new("VERDICT"),
            Column::new("REQUESTED"),
            Column::wide("EFFECTIVE"),
            Column::wide("ADDED BY PROVIDER"),
            Column::wide("FIELDS READ"),
            Column::new("REASON"),
        ],
        rows,
    })];
    let warnings: Vec<String> = clusters
        .iter()
        .flat_map(|c| {
            c.warnings
                .iter()
                .map(move |w| format!("{}: {w}", c.cluster))
        })
        .collect();
    if !warnings.is_empty() {
        blocks.push(Block::Text(
            warnings.iter().map(|w| format!("warning: {w}\n")).collect(),
        ));
    }
    blocks
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "-".into()
    } else {
        items.join(", ")
    }
}
