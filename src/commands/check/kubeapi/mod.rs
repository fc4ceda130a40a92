//! `kubectl scs check kubeapi`: the management view (default) and the workload view
//! (`--workload`).

pub mod args;
pub mod facts;

pub mod management;
pub mod workload;

use crate::commands::Context;
use crate::commands::check::all::Section;
use crate::commands::check::kubeapi::args::KubeapiArgs;
use crate::error::Result;
use crate::kube::{Kube, Scope, Source, config};
use crate::report::Outcome;

/// Runs the view the flags ask for and prints its report.
pub async fn run(ctx: &Context, args: &KubeapiArgs) -> Result<Outcome> {
    let report = if args.workload {
        let (config, target) = config::client_config(&ctx.client).await?;
        let kube = Kube::from_config(config.clone(), target)?;
        workload::report(&kube, &config, ctx.now()).await?
    } else {
        let source = Source::open(&ctx.client, &args.dump.input()).await?;
        let scope = source.scope(&ctx.scope);
        management::report(&source, &scope, args).await?
    };
    ctx.emit(&report)
}

/// The kubeapi sections of `check all`: the workload view always (every cluster has an API to
/// harden, a management cluster too), and the management view as well when the cluster serves
/// cluster.x-k8s.io Clusters. The management view reads all namespaces unless `-n` is given.
pub async fn sections(
    ctx: &Context,
    kube: &Kube,
    config: &kube::Config,
    args: &KubeapiArgs,
) -> Vec<Section> {
    let mut sections = vec![Section::from_result(
        "kubeapi workload view",
        workload::TESTCASE,
        workload::report(kube, config, ctx.now()).await,
    )];
    let manages_clusters = kube
        .discover(&[management::CAPI_CLUSTER])
        .await
        .is_ok_and(|d| !d.served.is_empty());
    if manages_clusters {
        let scope = match &ctx.global.namespace {
            Some(ns) => Scope::Namespace(ns.clone()),
            None => Scope::All,
        };
        let source = Source::Live(kube.clone());
        sections.push(Section::from_result(
            "kubeapi management view",
            management::TESTCASE,
            management::report(&source, &scope, args).await,
        ));
    }
    sections
}
