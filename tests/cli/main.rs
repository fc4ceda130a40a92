//! Integration tests: the real binary against a fake API server or dump files.
//!
//! One test binary with a module per command, so the fake server code compiles once.

#[path = "../support/mod.rs"]
mod support;

mod check_all;
mod check_e2e;
mod check_e2e_lifecycle;
mod check_e2e_live;
mod check_networking_native;
mod check_nodes;
mod check_versions;
mod cluster_cleanup;
mod completion;
mod data_refresh;
mod dump_input;
mod errors;
mod kubeapi;
mod kubeapi_workload;
mod lifecycle;
mod netcheck_live;
mod netpol_audit;
mod netpol_simulate;
mod netpol_simulate_live;
mod output_formats;
mod probe_script;
mod release;
mod stack_status;
mod stack_status_deleting;
mod stack_status_live;
mod stderr_output;
mod version;
