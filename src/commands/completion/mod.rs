//! `kubectl scs completion ...`: static scripts and the kubectl completion helper.

pub mod args;
pub mod helper;
pub mod script;
pub use script::*;

use std::io::Write;

use clap_complete::aot::Shell;
use serde::Serialize;

use crate::commands::Context;
use crate::commands::cli::CompletionCommand;
use crate::commands::completion;
use crate::commands::completion::args::InstallHelperArgs;
use crate::error::{Error, Result, ResultExt};
use crate::report::{Block, Outcome, Report};

pub fn run(ctx: &Context, command: &CompletionCommand) -> Result<Outcome> {
    let shell = match command {
        CompletionCommand::Bash => Shell::Bash,
        CompletionCommand::Zsh => Shell::Zsh,
        CompletionCommand::Fish => Shell::Fish,
        CompletionCommand::Powershell => Shell::PowerShell,
        CompletionCommand::InstallKubectlHelper(args) => return install_helper(ctx, args),
    };
    let mut out = std::io::stdout().lock();
    match out
        .write_all(completion::script(shell).as_bytes())
        .and_then(|()| out.flush())
    {
        Ok(()) => Ok(Outcome::Ok),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(Outcome::Ok),
        Err(e) => Err(Error::could_not_run("cannot write the script").with_source(e)),
    }
}

/// The `-o json|yaml` document of `install-kubectl-helper`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct HelperDocument {
    helper: String,
    on_path: bool,
}

fn install_helper(ctx: &Context, args: &InstallHelperArgs) -> Result<Outcome> {
    let dir = match &args.dir {
        Some(dir) => dir.clone(),
        None => helper::default_dir(
            std::env::var_os("KREW_ROOT").as_deref(),
            std::env::var_os("HOME").as_deref(),
        )
        .ok_or_else(|| {
            Error::usage("cannot find krew's bin directory: neither KREW_ROOT nor HOME is set")
                .hint("name a directory on your PATH: kubectl scs completion install-kubectl-helper DIR")
        })?,
    };
    let exe = std::env::current_exe().could_not_run(|| "cannot find the plugin binary")?;
    let installed = helper::install(&dir, &helper::HelperForm::native(&exe)).map_err(|e| {
        if args.dir.is_none() {
            e.hint("is krew installed? Without krew, name a directory on your PATH instead")
        } else {
            e
        }
    })?;
    let on_path = helper::is_on_path(&dir, std::env::var_os("PATH").as_deref());
    let mut text = format!(
        "wrote {}: `kubectl scs <TAB>` now completes (kubectl >= 1.26 with kubectl's shell completion set up)\n",
        installed.display()
    );
    if !on_path {
        text.push_str(&format!(
            "{} is not on PATH, so kubectl will not find {HELPER_NAME}; add it to PATH\n",
            dir.display()
        ));
    }
    let document = HelperDocument {
        helper: installed.display().to_string(),
        on_path,
    };
    let mut report = Report::new(
        "completion",
        serde_json::to_value(&document).unwrap_or_default(),
    );
    report.blocks.push(Block::Text(text));
    ctx.emit(&report)
}
