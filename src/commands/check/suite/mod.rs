//! What `check networking` and `check conformance` share: run the upstream e2e suite in the
//! cluster (or read earlier results), judge it with the SCS waivers, print the verdict.

pub mod args;
pub mod orchestrate;
pub mod runner;
pub mod view;

use std::time::Duration;

use crate::commands::Context;
use crate::commands::check::suite::args::E2eArgs;
use crate::commands::check::suite::runner::view::StderrView;
use crate::e2e::diagnose::{diagnose, evidence_from_results};
use crate::e2e::plan::Suite;
use crate::e2e::{Check, Results, Waivers, judge, load_results};
use crate::error::{Error, ErrorKind, Result};
use crate::k8s::images;
use crate::kube::Kube;
use crate::kube::lifecycle::leftovers::{Force, clean_leftovers};
use crate::kube::lifecycle::{Settings, validate_run_id};
use crate::report::OutputFormat;
use crate::report::{self, Outcome, Report};
use runner::Options;

pub(super) async fn check(
    ctx: &Context,
    check: Check,
    args: &E2eArgs,
    base: Option<Suite>,
) -> Result<Outcome> {
    let result = dispatch(ctx, check, args, base).await;
    scs_abort(ctx, check, args, result)
}

/// The SCS runner reads its verdict from stdout and counts `ERROR:`/`CRITICAL:` lines on
/// stderr: a run that could not be judged is ABORT, its error said in `ERROR:` lines (and
/// its hints in `INFO:` lines) like a judged abort, instead of `error:`/`hint:`.
pub(super) fn scs_abort(
    ctx: &Context,
    check: Check,
    args: &E2eArgs,
    result: Result<Outcome>,
) -> Result<Outcome> {
    match result {
        Err(e)
            if e.kind == ErrorKind::CouldNotRun
                && ctx.global.output == OutputFormat::Scs
                && !args.cleanup
                && !args.list_images =>
        {
            for line in scs_error_lines(&e) {
                crate::stderr_line!("{line}");
            }
            use std::io::Write;
            let _ = writeln!(std::io::stdout(), "{}: ABORT", check.id());
            Ok(Outcome::Aborted)
        }
        other => other,
    }
}

/// An error as SCS log lines: every line of the message as `ERROR:`, hints as `INFO:`.
fn scs_error_lines(e: &Error) -> Vec<String> {
    e.to_string()
        .lines()
        .map(|l| format!("ERROR: {l}"))
        .chain(e.hints.iter().map(|h| format!("INFO: hint: {h}")))
        .collect()
}

pub(super) async fn dispatch(
    ctx: &Context,
    check: Check,
    args: &E2eArgs,
    base: Option<Suite>,
) -> Result<Outcome> {
    let format = ctx.global.output;
    validate(args)?;
    if args.cleanup {
        report::ensure_supported(format, false)?;
        let kube = Kube::connect(&ctx.client).await?;
        let force = Force::from_flag(args.force.as_deref());
        let found = clean_leftovers(&kube, Some(check.id()), &force, args.cleanup_timeout).await?;
        return ctx.emit(&view::leftovers_report(check, &found));
    }
    if args.list_images {
        report::ensure_supported(format, false)?;
        let kube = Kube::connect(&ctx.client).await?;
        let mut sink = sink(ctx, args);
        let listed = runner::list_images(&kube, &options(check, args, base), &mut sink).await?;
        return ctx.emit(&view::images_report(check, &listed));
    }
    report::ensure_supported(format, true)?;
    ctx.emit(&judged_report(ctx, check, args, base).await?)
}

/// Judges `--results`, or runs the suite in the cluster and judges it.
pub(super) async fn judged_report(
    ctx: &Context,
    check: Check,
    args: &E2eArgs,
    base: Option<Suite>,
) -> Result<Report> {
    let waivers = waivers(args)?;
    if let Some(path) = &args.results {
        let results = load_results(path).map_err(Error::could_not_run_from)?;
        let judgement = judge(check, &results, &waivers);
        let mut report = view::judgement_report(&judgement, None);
        diagnosed(&mut report, check, &results);
        return Ok(report);
    }
    let kube = Kube::connect(&ctx.client).await?;
    let mut sink = sink(ctx, args);
    let finished = runner::run_suite(&kube, &options(check, args, base), &mut sink).await?;
    let judgement = judge(check, &finished.results, &waivers);
    let mut report = view::judgement_report(&judgement, Some(&finished));
    diagnosed(&mut report, check, &finished.results);
    Ok(report)
}

/// The networking check's report says why it failed; the conformance check's has no
/// diagnoses.
fn diagnosed(report: &mut Report, check: Check, results: &Results) {
    if check == Check::Networking {
        view::add_diagnoses(report, &diagnose(&evidence_from_results(results)));
    }
}

pub(super) fn validate(args: &E2eArgs) -> Result<()> {
    if let Some(mirror) = &args.image_repository {
        images::validate_mirror(mirror)
            .map_err(|why| Error::usage(format!("--image-repository {mirror:?} {why}")))?;
    }
    if let Some(id) = &args.run_id {
        validate_run_id(id).map_err(Error::usage)?;
    }
    if args.poll_interval.is_zero() {
        return Err(Error::usage("the poll interval must be longer than 0"));
    }
    Ok(())
}

/// The built-in SCS list, a file, or none; a bad file stops everything before it starts.
pub(super) fn waivers(args: &E2eArgs) -> Result<Waivers> {
    if args.no_waivers {
        return Ok(Waivers::none());
    }
    match &args.waivers {
        Some(path) => Waivers::load(path).map_err(|e| {
            Error::could_not_run(e.to_string())
                .hint("the file format is SCS's: okToFail: [{regex: ..., reason: ...}]")
        }),
        None => Ok(Waivers::builtin()),
    }
}

/// The run's options: `base` (default: SCS's settings for `check`) with the flags on top.
fn options(check: Check, args: &E2eArgs, base: Option<Suite>) -> Options {
    let defaults = base.unwrap_or_else(|| Suite::scs_defaults(check));
    let default_timeout = match check {
        Check::Networking => Duration::from_secs(60 * 60),
        Check::Conformance => Duration::from_secs(3 * 60 * 60),
    };
    Options {
        check,
        suite: Suite {
            focus: args.focus.clone().unwrap_or(defaults.focus),
            skip: args.skip.clone().unwrap_or(defaults.skip),
            parallel: args.parallel.unwrap_or(defaults.parallel),
            flake_attempts: args.flake_attempts.unwrap_or(defaults.flake_attempts),
        },
        image_repository: args
            .image_repository
            .as_ref()
            .map(|m| m.trim_end_matches('/').to_string()),
        conformance_image: args.conformance_image.clone(),
        sidecar_image: args.sidecar_image.clone(),
        timeout: args.timeout.unwrap_or(default_timeout),
        startup_timeout: args.startup_timeout,
        artifacts: args.artifacts.clone(),
        keep: args.keep,
        lifecycle: Settings {
            poll: args.poll_interval,
            cleanup_timeout: args.cleanup_timeout,
            run_id: args.run_id.clone(),
        },
    }
}

fn sink(ctx: &Context, args: &E2eArgs) -> StderrView {
    StderrView::new(
        ctx.stderr_is_terminal(),
        ctx.global.output == OutputFormat::Scs,
        args.progress_interval,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_become_scs_error_lines() {
        let e = Error::could_not_run("pod p failed:\n  last log line").hint("look at it");
        assert_eq!(
            scs_error_lines(&e),
            [
                "ERROR: pod p failed:",
                "ERROR:   last log line",
                "INFO: hint: look at it"
            ]
        );
    }
}
