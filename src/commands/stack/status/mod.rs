//! `kubectl scs stack status`: Clusters with their cluster stack, release, addons and hooks, and
//! why something is stuck.

pub mod args;
mod view;

use serde_json::Value;

use crate::commands::Context;
use crate::commands::stack::finding;
use crate::commands::stack::status::args::StackStatusArgs;
use crate::error::{Error, Result};
use crate::kube::{KindSpec, Note, Scope, Source};
use crate::report::{Finding, Outcome, Report, WithNotes};
use crate::stack::{self, Diagnosis, ReleaseAssets, StackStatus};
use view::human_view;

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

pub async fn run(ctx: &Context, args: &StackStatusArgs) -> Result<Outcome> {
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
