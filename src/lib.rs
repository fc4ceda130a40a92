//! kubectl-scs: Sovereign Cloud Stack tools for Kubernetes.
//!
//! The binary's `main` only parses the command line, calls [`run`] and maps the result to an exit
//! code. Commands live in [`commands`]; the analyses they call are pure modules that never touch
//! the network ([`report`] renders what they find).

pub mod cleanup;
/// `eprintln!` that ignores a closed or failing stderr instead of panicking.
#[macro_export]
macro_rules! stderr_line {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

pub mod certification;
pub mod cni;
pub mod commands;
pub mod distribution;
pub mod duration;
pub mod e2e;
pub mod error;
pub mod k8s;
pub mod kube;
pub mod kubeapi;
pub mod netcheck;
pub mod netpol;
pub mod report;
pub mod stack;
pub mod versions;

pub use commands::{cli, run};
