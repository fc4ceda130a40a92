//! One folder per command, as the command line shows it (`check networking` is
//! `check/networking/`): its flags (`args.rs`), a thin run that turns them into a
//! [`Report`](crate::report::Report) through the pure analyses, and its view.

pub mod check;
pub mod cli;
pub mod cluster;
pub mod complete;
pub mod completion;
mod context;
pub mod global;
pub mod netpol;
pub mod stack;
pub mod version;

pub use context::Context;

use crate::commands::cli::{
    CheckCommand, Cli, ClusterCommand, Command, NetpolCommand, StackCommand,
};
use crate::error::Result;
use crate::report::Outcome;

/// Runs the parsed command line.
pub async fn run(cli: Cli) -> Result<Outcome> {
    let ctx = Context::from_env(cli.global)?;
    match cli.command {
        Command::Stack(StackCommand::Status(args)) => stack::status::run(&ctx, &args).await,
        Command::Stack(StackCommand::Lint(args)) => stack::lint::run(&ctx, &args),
        Command::Check(CheckCommand::Kubeapi(args)) => check::kubeapi::run(&ctx, &args).await,
        Command::Check(CheckCommand::All(args)) => check::all::run(&ctx, &args).await,
        Command::Check(CheckCommand::Versions(args)) => check::versions::run(&ctx, &args).await,
        Command::Check(CheckCommand::Networking(args)) => check::networking::run(&ctx, &args).await,
        Command::Check(CheckCommand::Conformance(args)) => {
            check::conformance::run(&ctx, &args).await
        }
        Command::Check(CheckCommand::Nodes(args)) => check::nodes::run(&ctx, &args).await,
        Command::Netpol(NetpolCommand::Simulate(args)) => netpol::simulate::run(&ctx, &args).await,
        Command::Netpol(NetpolCommand::Audit(args)) => netpol::audit::run(&ctx, &args).await,
        Command::Cluster(ClusterCommand::Cleanup(args)) => cluster::cleanup::run(&ctx, &args).await,
        Command::Completion(command) => completion::run(&ctx, &command),
        Command::Version => version::run(&ctx).await,
    }
}
