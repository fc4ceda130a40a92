//! `kubectl scs check conformance` (scs-0201): the upstream [Conformance] e2e tests, run as SCS
//! runs them (or `--certified`), judged with the SCS waivers.

pub mod args;

use crate::commands::Context;
use crate::commands::check::conformance::args::CheckConformanceArgs;
use crate::commands::check::suite::{check, judged_report, validate};
use crate::e2e::Check;
use crate::e2e::plan::Suite;
use crate::error::Result;
use crate::report::{Outcome, Report};

/// `check conformance`.
pub async fn run(ctx: &Context, args: &CheckConformanceArgs) -> Result<Outcome> {
    check(ctx, Check::Conformance, &args.e2e, base_suite(args)).await
}

/// The conformance check's report, for `check all`.
pub async fn conformance_report(ctx: &Context, args: &CheckConformanceArgs) -> Result<Report> {
    validate(&args.e2e)?;
    judged_report(ctx, Check::Conformance, &args.e2e, base_suite(args)).await
}

/// The settings `--certified` asks for; `None` keeps SCS's.
fn base_suite(args: &CheckConformanceArgs) -> Option<Suite> {
    args.certified.then(Suite::certified)
}
