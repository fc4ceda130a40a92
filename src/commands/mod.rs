//! One module per command; each turns flags into a [`Report`] through the pure analyses.

pub mod check;
pub mod cli;
pub mod cluster;
pub mod complete;
pub mod completion;
mod context;
pub mod netpol;
pub mod stack;
pub mod version;

pub use context::Context;

use crate::commands::cli::{CheckCommand, Cli, ClusterCommand, Command, StackCommand};
use crate::error::Result;
use crate::report::Outcome;

/// Runs the parsed command line.
pub async fn run(cli: Cli) -> Result<Outcome> {
    let ctx = Context::from_env(cli.global)?;
    match cli.command {
        Command::Stack(StackCommand::Status(args)) => stack::status(&ctx, &args).await,
        Command::Stack(StackCommand::Lint(args)) => stack::lint(&ctx, &args),
        Command::Check(CheckCommand::Kubeapi(args)) => check::kubeapi::run(&ctx, &args).await,
        Command::Check(CheckCommand::All(args)) => check::all::run(&ctx, &args).await,
        Command::Check(CheckCommand::Versions(args)) => check::versions::run(&ctx, &args).await,
        Command::Check(CheckCommand::Networking(args)) => {
            check::suite::networking(&ctx, &args).await
        }
        Command::Check(CheckCommand::Conformance(args)) => {
            check::suite::conformance(&ctx, &args).await
        }
        Command::Check(CheckCommand::Nodes(args)) => check::nodes::run(&ctx, &args).await,
        Command::Netpol(crate::commands::cli::NetpolCommand::Simulate(args)) => {
            netpol::simulate(&ctx, &args).await
        }
        Command::Netpol(crate::commands::cli::NetpolCommand::Audit(args)) => {
            netpol::audit(&ctx, &args).await
        }
        Command::Cluster(ClusterCommand::Cleanup(args)) => {
            cluster::cleanup::cleanup(&ctx, &args).await
        }
        Command::Completion(command) => completion::run(&ctx, &command),
        Command::Version => version::run(&ctx).await,
    }
}
