//! One module per command; each turns flags into a [`Report`] through the pure analyses.

mod all;
mod check_e2e;
mod cleanup;
mod cleanup_delete;
mod completion;
mod context;
mod kubeapi;
mod netpol;
mod nodes;
mod prompt;
mod stack;
pub mod version;
mod versions;

pub use context::Context;

use crate::cli::{CheckCommand, Cli, ClusterCommand, Command, StackCommand};
use crate::error::Result;
use crate::report::Outcome;

/// Runs the parsed command line.
pub async fn run(cli: Cli) -> Result<Outcome> {
    let ctx = Context::from_env(cli.global)?;
    match cli.command {
        Command::Stack(StackCommand::Status(args)) => stack::status(&ctx, &args).await,
        Command::Stack(StackCommand::Lint(args)) => stack::lint(&ctx, &args),
        Command::Check(CheckCommand::Kubeapi(args)) => kubeapi::run(&ctx, &args).await,
        Command::Check(CheckCommand::All(args)) => all::run(&ctx, &args).await,
        Command::Check(CheckCommand::Versions(args)) => versions::run(&ctx, &args).await,
        Command::Check(CheckCommand::Networking(args)) => check_e2e::networking(&ctx, &args).await,
        Command::Check(CheckCommand::Conformance(args)) => {
            check_e2e::conformance(&ctx, &args).await
        }
        Command::Check(CheckCommand::Nodes(args)) => nodes::run(&ctx, &args).await,
        Command::Netpol(crate::cli::NetpolCommand::Simulate(args)) => {
            netpol::simulate(&ctx, &args).await
        }
        Command::Netpol(crate::cli::NetpolCommand::Audit(args)) => netpol::audit(&ctx, &args).await,
        Command::Cluster(ClusterCommand::Cleanup(args)) => cleanup::cleanup(&ctx, &args).await,
        Command::Completion(command) => completion::run(&ctx, &command),
        Command::Version => version::run(&ctx).await,
    }
}
