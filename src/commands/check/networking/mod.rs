//! `kubectl scs check networking` (scs-0219): the upstream NetworkPolicy e2e tests in the
//! cluster (`--mode e2e`, shared with `check conformance` in [`super::suite`]) or the native
//! mode's probes (`--mode native`), judged with the SCS waivers.

pub mod args;
pub mod native;

use crate::commands::Context;
use crate::commands::check::networking::args::{CheckNetworkingArgs, NetworkingMode};
use crate::commands::check::suite::{
    check, dispatch, judged_report, scs_abort, validate, view, waivers,
};
use crate::e2e::Check;
use crate::error::{Error, Result};
use crate::report::{self, Outcome, Report};

/// `check networking`.
pub async fn run(ctx: &Context, args: &CheckNetworkingArgs) -> Result<Outcome> {
    match args.mode {
        NetworkingMode::E2e => {
            refuse_native_knobs(args)?;
            check(ctx, Check::Networking, &args.e2e, None).await
        }
        NetworkingMode::Native => {
            let result = native_dispatch(ctx, args).await;
            scs_abort(ctx, Check::Networking, &args.e2e, result)
        }
    }
}

/// `--mode native`: `--results` and `--cleanup` work as in the e2e mode (results are judged
/// alike, and both modes label their objects alike); the rest runs the native tests.
async fn native_dispatch(ctx: &Context, args: &CheckNetworkingArgs) -> Result<Outcome> {
    let e2e = &args.e2e;
    if e2e.results.is_some() || e2e.cleanup {
        return dispatch(ctx, Check::Networking, e2e, None).await;
    }
    validate(e2e)?;
    if e2e.list_images {
        report::ensure_supported(ctx.global.output, false)?;
        return ctx.emit(&view::images_report(
            Check::Networking,
            &native::images(e2e),
        ));
    }
    let waivers = waivers(e2e)?;
    native::run(ctx, args, waivers).await
}

/// The networking check's report in the mode given, for `check all`.
pub async fn networking_report(ctx: &Context, args: &CheckNetworkingArgs) -> Result<Report> {
    let e2e = &args.e2e;
    validate(e2e)?;
    if e2e.cleanup || e2e.list_images {
        return Err(Error::usage(
            "--cleanup and --list-images belong to `check networking`, not `check all`",
        ));
    }
    refuse_native_knobs(args)?;
    match args.mode {
        NetworkingMode::Native if e2e.results.is_none() => {
            native::report(ctx, args, waivers(e2e)?).await
        }
        _ => judged_report(ctx, Check::Networking, e2e, None).await,
    }
}

/// The native mode's knobs mean nothing to the e2e suite: say so instead of ignoring them.
fn refuse_native_knobs(args: &CheckNetworkingArgs) -> Result<()> {
    match (args.mode, args.native.first_given()) {
        (NetworkingMode::E2e, Some(flag)) => Err(Error::usage(format!(
            "{flag} applies to --mode native only"
        ))
        .hint("add --mode native, or leave it out for the e2e suite")),
        _ => Ok(()),
    }
}
