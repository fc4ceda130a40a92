//! `kubectl scs stack status` and `kubectl scs stack lint`.

use serde::Serialize;
use serde_json::Value;

use crate::commands::Context;
use crate::commands::cli::{StackLintArgs, StackStatusArgs};
use crate::error::{Error, Result};
use crate::kube::{KindSpec, Note, Scope, Source};
use crate::report::{
    self, Block, Cell, Column, Finding, Outcome, Report, Status, Tone, Tree, TreeRow, WithNotes,
};
use crate::stack::{
    self, ClusterStatus, Diagnosis, ReleaseAssets, Severity, StackStatus, TreeNode,
};

/// Everything `stack status` reads: one list per kind, joined in memory.
pub const STACK_KINDS: &[KindSpec] = &[
    KindSpec::new("clusterstack.x-k8s.io", "v1alpha1", "ClusterStack"),
    KindSpec::new("clusterstack.x-k8s.io", "v1alpha1", "ClusterStackRelease"),
    KindSpec::new("clusterstack.x-k8s.io", "v1alpha1", "ClusterAddon"),
    KindSpec::new("cluster.x-k8s.io", "v1beta1", "Cluster"),
    KindSpec::new("cluster.x-k8s.io", "v1beta1", "ClusterClass"),
    KindSpec::new("cluster.x-k8s.io", "v1beta1", "MachineDeployment"),
    KindSpec::new(
        "controlplane.cluster.x-k8s.io",
        "v1beta1",
        "KubeadmControlPlane",
    ),
    KindSpec::new(
        "infrastructure.cluster.x-k8s.io",
        "v1beta1",
        "OpenStackCluster",
    ),
    KindSpec::new("runtime.cluster.x-k8s.io", "v1alpha1", "ExtensionConfig"),
];

/// Messages longer than this are cut in the table view, as `clusterctl describe` does.
const MESSAGE_WIDTH: usize = 100;

pub async fn status(ctx: &Context, args: &StackStatusArgs) -> Result<Outcome> {
    let releases = match &args.releases {
        Some(dir) => Some(ReleaseAssets::load_dir(dir).map_err(|e| {
            Error::could_not_run_from(e)
                .hint("--releases expects a directory of <release-tag>/clusteraddon.yaml, as CSO downloads them")
        })?),
        None => None,
    };
    let source = Source::open(&ctx.client, &args.dump.input()).await?;
    let scope = source.scope(&ctx.scope);
    if args.watch {
        let Source::Live(kube) = &source else {
            return Err(Error::usage(
                "--watch needs a live cluster; it cannot follow a file given with -f",
            ));
        };
        let mut first = true;
        kube.watch(STACK_KINDS, &scope, |objects, notes| {
            let report = build_report(ctx, args, releases.clone(), &scope, objects, notes)?;
            if ctx.style.color && !std::mem::take(&mut first) {
                // Redraw in place on a terminal; keep a scrollback log otherwise.
                ctx.clear_screen();
            }
            ctx.emit(&report).map(|_| ())
        })
        .await?;
        return Ok(Outcome::Ok);
    }
    let fetched = source.fetch(STACK_KINDS, &scope).await?;
    let report = build_report(
        ctx,
        args,
        releases,
        &scope,
        &fetched.objects,
        &fetched.notes,
    )?;
    ctx.emit(&report)
}

fn build_report(
    ctx: &Context,
    args: &StackStatusArgs,
    releases: Option<ReleaseAssets>,
    scope: &Scope,
    objects: &[Value],
    notes: &[Note],
) -> Result<Report> {
    let options = stack::Options {
        now: ctx.now(),
        cluster: args.cluster.clone(),
        releases,
    };
    let status = stack::analyze(objects, &options);
    if let Some(name) = &args.cluster
        && status.clusters.is_empty()
    {
        let place = match scope {
            Scope::All => "in any namespace".to_string(),
            Scope::Namespace(ns) => format!("in namespace {ns:?}"),
        };
        return Err(
            Error::could_not_run(format!("Cluster {name:?} not found {place}"))
                .hint("use -n NAMESPACE or -A to look elsewhere"),
        );
    }
    let notes: Vec<String> = notes.iter().map(|n| n.message.clone()).collect();
    let document = WithNotes {
        document: &status,
        notes: &notes,
    };
    let mut report = Report::new(
        "stack-status",
        serde_json::to_value(&document).unwrap_or_default(),
    );
    report.notes = notes;
    report.findings = findings(&status);
    report.blocks = human_view(&status, ctx.global.all_namespaces && args.cluster.is_none());
    let unhealthy = status.clusters.iter().any(|c| !c.healthy)
        || status
            .stacks
            .iter()
            .any(|s| s.diagnoses.iter().any(Diagnosis::is_problem));
    if args.exit_code && unhealthy {
        report.outcome = Outcome::Failed;
    }
    Ok(report)
}

fn findings(status: &StackStatus) -> Vec<Finding> {
    let cluster_findings = status
        .clusters
        .iter()
        .flat_map(|c| c.diagnoses.iter().map(move |d| finding(&c.cluster, d)));
    let stack_findings = status
        .stacks
        .iter()
        .flat_map(|s| s.diagnoses.iter().map(move |d| finding(&s.stack, d)));
    cluster_findings.chain(stack_findings).collect()
}

fn finding(subject: &str, d: &Diagnosis) -> Finding {
    Finding {
        id: d.code.as_str().to_string(),
        subject: subject.to_string(),
        status: match d.severity {
            Severity::Error => Status::Fail,
            Severity::Warning => Status::Warn,
            Severity::Info => Status::Info,
        },
        message: d.message.clone(),
        hint: Some(d.hint.clone()).filter(|h| !h.is_empty()),
    }
}

fn human_view(status: &StackStatus, summary: bool) -> Vec<Block> {
    let mut blocks = Vec::new();
    if status.clusters.is_empty() {
        blocks.push(Block::Text("No Clusters found.\n".into()));
    }
    if summary && !status.clusters.is_empty() {
        blocks.push(summary_table(&status.clusters));
    }
    for cluster in &status.clusters {
        if summary && cluster.healthy {
            continue;
        }
        blocks.push(Block::Tree(Tree {
            columns: tree_columns(),
            roots: vec![tree_row(&cluster.tree)],
        }));
        if cluster.diagnoses.is_empty() {
            blocks.push(Block::Text(format!(
                "{}: healthy, no problems found.\n",
                cluster.cluster
            )));
        } else {
            blocks.push(Block::Text(diagnoses_text(&cluster.diagnoses)));
        }
    }
    let stacks_with_news: Vec<_> = status
        .stacks
        .iter()
        .filter(|s| !s.diagnoses.is_empty())
        .collect();
    for entry in stacks_with_news {
        blocks.push(Block::Tree(Tree {
            columns: tree_columns(),
            roots: vec![tree_row(&entry.tree)],
        }));
        blocks.push(Block::Text(diagnoses_text(&entry.diagnoses)));
    }
    blocks
}

fn summary_table(clusters: &[ClusterStatus]) -> Block {
    let columns = vec![
        Column::new("NAMESPACE"),
        Column::new("CLUSTER"),
        Column::new("CLASS"),
        Column::wide("VERSION"),
        Column::new("PHASE"),
        Column::new("CONTROL PLANE"),
        Column::new("WORKERS"),
        Column::new("ADDONS"),
        Column::new("STATUS"),
    ];
    let replicas = |r: Option<stack::Replicas>| match r {
        Some(r) => Cell::toned(r.ratio(), if r.short() { Tone::Warn } else { Tone::Plain }),
        None => Cell::new("-"),
    };
    let rows = clusters
        .iter()
        .map(|c| {
            let status = match c.diagnoses.iter().find(|d| d.is_problem()) {
                Some(d) => Cell::toned(
                    d.code.as_str(),
                    if d.severity == Severity::Error {
                        Tone::Bad
                    } else {
                        Tone::Warn
                    },
                ),
                None => Cell::toned("Healthy", Tone::Good),
            };
            vec![
                Cell::new(c.namespace.as_str()),
                Cell::new(c.name.as_str()),
                Cell::new(c.class.as_deref().unwrap_or("-")),
                Cell::new(c.version.as_deref().unwrap_or("-")),
                Cell::new(c.phase.as_deref().unwrap_or("-")),
                replicas(c.control_plane),
                replicas(c.workers),
                Cell::new(c.addons.as_str()),
                status,
            ]
        })
        .collect();
    Block::Table(report::Table { columns, rows })
}

fn tree_columns() -> Vec<Column> {
    ["NAME", "READY", "SEVERITY", "REASON", "SINCE", "MESSAGE"]
        .iter()
        .map(|h| Column::new(h))
        .collect()
}

fn tree_row(node: &TreeNode) -> TreeRow {
    let ready_tone = match (node.ready.as_deref(), node.severity.as_deref()) {
        (Some("True"), _) => Tone::Good,
        (Some(_), Some("Error")) => Tone::Bad,
        (Some(_), Some("Warning")) => Tone::Warn,
        (Some("False"), None) => Tone::Bad,
        _ => Tone::Plain,
    };
    let text = |v: &Option<String>| Cell::new(v.clone().unwrap_or_default());
    TreeRow {
        cells: vec![
            Cell::new(node.name.as_str()),
            Cell::toned(node.ready.clone().unwrap_or_default(), ready_tone),
            text(&node.severity),
            text(&node.reason),
            text(&node.since),
            Cell::new(cut(node.message.as_deref().unwrap_or_default())),
        ],
        children: node.children.iter().map(tree_row).collect(),
    }
}

/// Cuts a message at [`MESSAGE_WIDTH`] characters plus ` ...`, and joins lines.
fn cut(message: &str) -> String {
    let one_line = message.replace('\n', " ");
    if one_line.chars().count() <= MESSAGE_WIDTH {
        return one_line;
    }
    let head: String = one_line.chars().take(MESSAGE_WIDTH).collect();
    format!("{head} ...")
}

fn diagnoses_text(diagnoses: &[Diagnosis]) -> String {
    let mut text = String::new();
    for d in diagnoses {
        text.push_str(&format!(
            "{} {}: {}\n",
            marker(d.severity),
            d.code,
            d.message
        ));
        if !d.hint.is_empty() {
            text.push_str(&format!("    hint: {}\n", d.hint));
        }
    }
    text
}

fn marker(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "[error]  ",
        Severity::Warning => "[warning]",
        Severity::Info => "[info]   ",
    }
}

/// The `-o json|yaml` document of `stack lint`.
#[derive(Serialize)]
struct LintDocument<'a> {
    releases: Vec<LintedRelease<'a>>,
}

#[derive(Serialize)]
struct LintedRelease<'a> {
    release: &'a str,
    diagnoses: &'a [Diagnosis],
}

pub fn lint(ctx: &Context, args: &StackLintArgs) -> Result<Outcome> {
    let assets = ReleaseAssets::load_dir(&args.dir).map_err(|e| {
        Error::could_not_run_from(e)
            .hint("stack lint expects a release directory holding clusteraddon.yaml, or a directory of them")
    })?;
    let results = stack::lint_assets(&assets);
    let problems = results
        .iter()
        .any(|(_, ds)| ds.iter().any(Diagnosis::is_problem));
    let document = LintDocument {
        releases: results
            .iter()
            .map(|(release, diagnoses)| LintedRelease { release, diagnoses })
            .collect(),
    };
    let mut report = Report::new(
        "stack-lint",
        serde_json::to_value(&document).unwrap_or_default(),
    );
    for (tag, ds) in &results {
        report.findings.extend(ds.iter().map(|d| finding(tag, d)));
        let body = if ds.is_empty() {
            "no problems found\n".to_string()
        } else {
            diagnoses_text(ds)
        };
        report.blocks.push(Block::Text(format!("{tag}:\n{body}")));
    }
    if problems {
        report.outcome = Outcome::Failed;
    }
    ctx.emit(&report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_cut_like_clusterctl() {
        let long = "x".repeat(150);
        let cut_text = cut(&long);
        assert_eq!(cut_text.len(), MESSAGE_WIDTH + 4);
        assert!(cut_text.ends_with(" ..."));
        assert_eq!(cut("a\nb"), "a b");
    }
}
