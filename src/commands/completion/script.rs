//! Shell completion.
//!
//! Three ways in, one clap definition ([`crate::commands::cli`]):
//! - `kubectl scs completion bash|zsh|fish|powershell` prints a static script for the
//!   `kubectl-scs` command ([`script`]);
//! - kubectl (>= 1.26) completes `kubectl scs ...` by running `kubectl_complete-scs` from PATH
//!   ([`kubectl`] answers that protocol, [`helper`] puts the helper on PATH);
//! - values that only the kubeconfig or the cluster know (contexts, namespaces, Cluster names)
//!   come from the completers in [`values`], which clap_complete's engine calls.

use clap::CommandFactory;
use clap_complete::aot::Shell;

use crate::commands::cli::Cli;

/// The plugin's executable name; static scripts complete this command.
pub const BIN_NAME: &str = "kubectl-scs";

/// The executable kubectl looks up on PATH to complete `kubectl scs ...`.
pub const HELPER_NAME: &str = "kubectl_complete-scs";

/// The shells `kubectl scs completion` writes scripts for.
pub const SHELLS: [Shell; 4] = [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::PowerShell];

/// The static completion script for `shell`, generated from the clap definition.
///
/// Generated into memory: clap_complete panics when its writer fails, and stdout may be a
/// closed pipe.
pub fn script(shell: Shell) -> String {
    let mut buf = Vec::new();
    clap_complete::aot::generate(shell, &mut Cli::command(), BIN_NAME, &mut buf);
    let script = String::from_utf8_lossy(&buf).into_owned();
    match shell {
        // clap_complete's bash script escapes the `-` of a hyphenated command name one way where
        // it tracks the subcommand and another way in the labels it matches against, so nothing
        // below the top level would complete (clap-rs/clap#6421). Spell the labels as tracked.
        Shell::Bash => script.replace("kubectl__subcmd__scs", "kubectl__scs"),
        _ => script,
    }
}

/// The conventional file name of `shell`'s script (`kubectl-scs.bash`, `_kubectl-scs`, ...).
pub fn script_file_name(shell: Shell) -> String {
    use clap_complete::aot::Generator;
    shell.file_name(BIN_NAME)
}
