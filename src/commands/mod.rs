//! One module per command; each turns flags into a [`Report`] through the pure analyses.

mod context;

pub use context::Context;

use crate::cli::{Cli, Command};
use crate::error::Result;
use crate::report::Outcome;

/// Runs the parsed command line.
pub async fn run(cli: Cli) -> Result<Outcome> {
    let ctx = Context::from_env(cli.global)?;
    match cli.command {
        Command::Stack(_) => Ok(ctx.outcome_ok()),
    }
}
