//! Completing values on the command line: kubectl's `__complete` protocol and the values
//! read from the kubeconfig, the cluster or dump files.

pub mod kubectl;
pub mod values;
