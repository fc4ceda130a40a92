//! `kubectl scs check kubeapi`, management view: are the API restrictions requested for the
//! Clusters this cluster manages in effect?

use crate::commands::check::kubeapi::args::KubeapiArgs;
use crate::error::{Error, Result};
use crate::kube::{Fetched, KindSpec, Scope, Source};
use crate::kubeapi::{self, ClusterRestriction, Restriction, RestrictionReport};
use crate::report::{
    self, Block, Cell, Column, Finding, Outcome, Report, Status, Table, Tone, WithNotes,
};

/// The testcase id of this view in SCS runner output.
pub const TESTCASE: &str = "kaas-kubeapi-restriction-check";

/// The kind whose presence makes a cluster a management cluster.
pub const CAPI_CLUSTER: KindSpec = KindSpec::new("cluster.x-k8s.io", "v1beta1", "Cluster");

/// What the management view reads: Clusters and the infrastructure kinds an adapter knows.
pub const KUBEAPI_KINDS: &[KindSpec] = &[
    CAPI_CLUSTER,
    KindSpec::new(
        "infrastructure.cluster.x-k8s.io",
        "v1beta1",
        "OpenStackCluster",
    ),
];

/// Judges the Clusters `source` holds in `scope`.
///
/// Exit policy: `Ok` when every judged Cluster could be read, whatever its verdict (`UNKNOWN`
/// for an unsupported provider included); `Aborted` when a Cluster's infrastructure object could
/// not be read (its kind forbidden or not served), because its verdict is then a guess; an error
/// when the Clusters themselves could not be read. With `--require-restricted`, `OPEN` and `NOT_ENFORCED`
/// make it `Failed`.
pub async fn report(source: &Source, scope: &Scope, args: &KubeapiArgs) -> Result<Report> {
    let fetched = source.fetch(KUBEAPI_KINDS, scope).await?;
    if fetched.unread.contains(&CAPI_CLUSTER) {
        let mut err = Error::could_not_run("the Clusters (cluster.x-k8s.io) could not be read");
        for note in &fetched.notes {
            err = err.hint(note.message.clone());
        }
        return Err(err);
    }
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
    let mut report = Report::new(TESTCASE, serde_json::Value::Null);
    report.notes = fetched.notes.iter().map(|n| n.message.clone()).collect();
    report.notes.extend(judged.warnings.iter().cloned());
    report.findings = judged
        .clusters
        .iter()
        .map(|c| finding(c, args.require_restricted))
        .collect();
    report.blocks = human_view(&judged.clusters);
    report.outcome = outcome(&judged, &fetched, args.require_restricted);
    report.verdicts.push(report::TestcaseResult {
        testcase: TESTCASE.into(),
        outcome: report.outcome,
    });
    let document = WithNotes {
        document: &judged,
        notes: &report.notes,
    };
    report.document = serde_json::to_value(&document).unwrap_or_default();
    Ok(report)
}

/// The Clusters whose verdict is UNKNOWN because their infrastructure kind could not be read.
pub fn unreadable_clusters<'a>(
    judged: &'a RestrictionReport,
    fetched: &Fetched,
) -> Vec<&'a ClusterRestriction> {
    judged
        .clusters
        .iter()
        .filter(|c| {
            c.verdict == Restriction::Unknown
                && c.infrastructure
                    .as_ref()
                    .is_some_and(|r| fetched.unread.iter().any(|k| k.kind == r.kind))
        })
        .collect()
}

fn outcome(judged: &RestrictionReport, fetched: &Fetched, strict: bool) -> Outcome {
    if !unreadable_clusters(judged, fetched).is_empty() {
        Outcome::Aborted
    } else if strict
        && judged
            .clusters
            .iter()
            .any(|c| matches!(c.verdict, Restriction::Open | Restriction::NotEnforced))
    {
        Outcome::Failed
    } else {
        Outcome::Ok
    }
}

fn verdict_word(v: Restriction) -> &'static str {
    match v {
        Restriction::Restricted => "RESTRICTED",
        Restriction::NotEnforced => "NOT_ENFORCED",
        Restriction::Open => "OPEN",
        Restriction::Unknown => "UNKNOWN",
    }
}

fn finding(c: &ClusterRestriction, strict: bool) -> Finding {
    let status = match c.verdict {
        Restriction::Restricted => Status::Pass,
        Restriction::Open | Restriction::NotEnforced if strict => Status::Fail,
        Restriction::Open | Restriction::NotEnforced => Status::Warn,
        Restriction::Unknown => Status::Unknown,
    };
    Finding {
        id: format!("kubeapi-restriction/{}", c.cluster),
        subject: c.cluster.clone(),
        status,
        message: format!("{}: {}", verdict_word(c.verdict), c.reason),
        hint: None,
    }
}

fn human_view(clusters: &[ClusterRestriction]) -> Vec<Block> {
    if clusters.is_empty() {
        return vec![Block::Text("No Clusters found.\n".into())];
    }
    let rows = clusters
        .iter()
        .map(|c| {
            let tone = match c.verdict {
                Restriction::Restricted => Tone::Good,
                Restriction::NotEnforced => Tone::Bad,
                Restriction::Open => Tone::Warn,
                Restriction::Unknown => Tone::Dim,
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
