//! `kubectl scs check all`: the SCS KaaS certification run — the testcases of SCS's
//! `scs-compatible-kaas.yaml` by section, as `scs-compliance-check.py` runs them — plus the
//! checks of our own (kubeapi), reported apart.
//!
//! Each check contributes a [`Section`] (a report under a name, with its own verdict line);
//! [`merge`] makes one report of them. A check that cannot run becomes an aborted section, so the
//! others still report.

pub mod args;
mod merge;

pub use merge::{Section, merge};

use crate::certification::{
    self, CONFORMANCE, NETWORKING, NODE_DISTRIBUTION, Testcase, VERSION_POLICY,
};
use crate::commands::Context;
use crate::commands::check::all::args::CheckAllArgs;
use crate::commands::check::conformance::args::CheckConformanceArgs;
use crate::commands::check::kubeapi::args::KubeapiArgs;
use crate::commands::check::networking::args::NetworkingMode;
use crate::commands::check::nodes::args::CheckNodesArgs;
use crate::commands::check::{conformance, kubeapi, networking, nodes, versions};
use crate::error::{Error, Result};
use crate::kube::{Kube, config};
use crate::report::OutputFormat;
use crate::report::{self, Outcome};

/// Runs the testcases of the sections chosen, then our own checks, and prints one report.
pub async fn run(ctx: &Context, args: &CheckAllArgs) -> Result<Outcome> {
    report::ensure_supported(ctx.global.output, true)?;
    let selected = selected(args);
    check_flags(args, &selected)?;
    let result = run_selected(ctx, args, &selected).await;
    for testcase in &selected {
        ctx.abort_line(testcase.id, &result);
    }
    result
}

async fn run_selected(
    ctx: &Context,
    args: &CheckAllArgs,
    selected: &[Testcase],
) -> Result<Outcome> {
    // A kubeconfig that cannot be read stops everything before any section starts.
    let own = if args.scs_only {
        None
    } else {
        let (config, target) = config::client_config(&ctx.client).await?;
        Some((Kube::from_config(config.clone(), target)?, config))
    };
    let mut sections = Vec::new();
    for testcase in selected {
        sections.push(scs_section(ctx, args, *testcase).await);
    }
    if let Some((kube, config)) = own {
        let kubeapi_args = KubeapiArgs {
            require_restricted: args.require_restricted,
            ..KubeapiArgs::default()
        };
        sections.extend(kubeapi::sections(ctx, &kube, &config, &kubeapi_args).await);
    }
    // `-o junit` has one testcase per section rather than one per test.
    let junit =
        (ctx.global.output == OutputFormat::Junit).then(|| merge::testcase_findings(&sections));
    let mut chosen = args.sections.clone();
    chosen.sort();
    chosen.dedup();
    let mut report = merge(&chosen, sections);
    if let Some(findings) = junit {
        report.findings = findings;
    }
    ctx.emit(&report)
}

/// The testcases of `--sections`, matching `--tests`, less `--skip-networking`.
fn selected(args: &CheckAllArgs) -> Vec<Testcase> {
    let skip: &[&str] = if args.skip_networking {
        &[NETWORKING.id]
    } else {
        &[]
    };
    certification::select(&args.sections, args.tests.as_ref(), skip)
}

/// Flags of a testcase the run does not include would be ignored silently: refuse them.
fn check_flags(args: &CheckAllArgs, selected: &[Testcase]) -> Result<()> {
    let e2e = &args.networking.e2e;
    if e2e.cleanup || e2e.list_images {
        return Err(Error::usage(
            "--cleanup and --list-images belong to `check networking` and `check conformance`, not `check all`",
        ));
    }
    let given = |flags: &[(&'static str, bool)]| -> Vec<&'static str> {
        flags
            .iter()
            .filter(|(_, on)| *on)
            .map(|(f, _)| *f)
            .collect()
    };
    let networking = given(&[
        (
            "--mode native",
            args.networking.mode == NetworkingMode::Native,
        ),
        ("--results", e2e.results.is_some()),
        ("--focus", e2e.focus.is_some()),
        ("--skip", e2e.skip.is_some()),
        ("--parallel", e2e.parallel.is_some()),
        ("--flake-attempts", e2e.flake_attempts.is_some()),
        ("--timeout", e2e.timeout.is_some()),
    ]);
    let conformance = given(&[
        ("--certified", args.certified),
        ("--conformance-results", args.conformance_results.is_some()),
    ]);
    let version_policy = given(&[
        (
            "--kubernetes-version",
            args.versions.kubernetes_version.is_some(),
        ),
        ("--data", args.versions.data.is_some()),
        ("--refresh", args.versions.refresh),
    ]);
    for (testcase, flags) in [
        (VERSION_POLICY, version_policy),
        (CONFORMANCE, conformance),
        (NETWORKING, networking),
    ] {
        if !flags.is_empty() && !selected.contains(&testcase) {
            return Err(Error::usage(format!(
                "{} {} for {}, which this run leaves out",
                flags.join(", "),
                if flags.len() == 1 { "is" } else { "are" },
                testcase.id
            ))
            .hint(format!(
                "it is in section {}: add --sections {} (e.g. --sections light,{})",
                testcase.section.as_str(),
                testcase.section.as_str(),
                testcase.section.as_str()
            )));
        }
    }
    Ok(())
}

/// One SCS testcase, run by the command that runs it alone.
async fn scs_section(ctx: &Context, args: &CheckAllArgs, testcase: Testcase) -> Section {
    let name = testcase.command.trim_start_matches("check ");
    let result = match testcase.id {
        id if id == VERSION_POLICY.id => versions::versions_report(ctx, &args.versions).await,
        id if id == CONFORMANCE.id => {
            conformance::conformance_report(ctx, &conformance_args(args)).await
        }
        id if id == NETWORKING.id => networking::networking_report(ctx, &args.networking).await,
        id if id == NODE_DISTRIBUTION.id => {
            nodes::nodes_report(&ctx.global, &CheckNodesArgs::default()).await
        }
        other => Err(Error::could_not_run(format!("no command runs {other}"))),
    };
    Section::scs(testcase, name, result)
}

/// The conformance testcase's flags: `--certified` and `--conformance-results`, plus the e2e
/// flags both e2e testcases share; the networking-only ones keep the conformance defaults.
fn conformance_args(args: &CheckAllArgs) -> CheckConformanceArgs {
    let mut e2e = (*args.networking.e2e).clone();
    e2e.results = args.conformance_results.clone();
    e2e.focus = None;
    e2e.skip = None;
    e2e.parallel = None;
    e2e.flake_attempts = None;
    e2e.timeout = None;
    // Both runs write junit_01.xml and e2e.log.
    e2e.artifacts = e2e.artifacts.map(|dir| dir.join(CONFORMANCE.id));
    CheckConformanceArgs {
        certified: args.certified,
        e2e: Box::new(e2e),
    }
}

#[cfg(test)]
mod tests;
