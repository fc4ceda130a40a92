//! Kubernetes vocabulary shared by the analyses and the cluster layer (no I/O).

pub mod json;
