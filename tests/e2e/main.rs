//! Opt-in tests against a real cluster.
//!
//! Set `KUBECTL_SCS_E2E_KUBECONFIG` to a kubeconfig whose current context may create CRDs and
//! namespaces. Without it every test is reported as ignored with the reason, so a plain
//! `cargo test` shows them as skipped rather than silently passing.
//!
//! The stack-status test installs the cluster-stack-operator, Cluster API and CAPO CRDs from
//! `tests/fixtures/crds/` when they are missing (and removes only those it installed), loads a
//! fixture into a throwaway namespace with its hand-written statuses, runs the real binary and
//! deletes the namespace again.
//!
//! The `check versions` test judges the cluster's real version with the built-in data.
//!
//! The `check networking` test runs the upstream NetworkPolicy e2e suite in the cluster and
//! takes 10-30 minutes; it is marked ignored even with a cluster and runs with
//! `cargo test --test e2e -- --include-ignored --nocapture`.

mod networking_run;
mod real_cluster;

use libtest_mimic::{Arguments, Trial};

pub const ENV: &str = "KUBECTL_SCS_E2E_KUBECONFIG";

fn main() {
    let args = Arguments::from_args();
    let kubeconfig = std::env::var_os(ENV).filter(|v| !v.is_empty());
    let quick = real_cluster::trials().into_iter().map(|t| (t, false));
    let long = networking_run::long_trials().into_iter().map(|t| (t, true));
    let trials = quick
        .chain(long)
        .map(|((name, test), long)| {
            let kubeconfig = kubeconfig.clone();
            let skipped = kubeconfig.is_none() || long;
            Trial::test(name, move || match kubeconfig {
                Some(path) => test(std::path::Path::new(&path)).map_err(Into::into),
                None => Err(format!("{ENV} is not set").into()),
            })
            .with_ignored_flag(skipped)
        })
        .collect::<Vec<_>>();
    if kubeconfig.is_none() {
        eprintln!("skipped: {ENV} is not set; the real-cluster tests are reported as ignored");
    }
    libtest_mimic::run(&args, trials).exit();
}
