//! Shared test support: running the binary, temporary kubeconfigs, the fake API server.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The binary under test, with a fixed clock and no colour, isolated from the user's kubeconfig.
pub fn scs() -> Command {
    let mut cmd = Command::cargo_bin("kubectl-scs").expect("binary built");
    cmd.env_remove("KUBECONFIG")
        .env("HOME", std::env::temp_dir().join("kubectl-scs-test-home"))
        .env("NO_COLOR", "1")
        .env_remove("KUBECTL_SCS_NOW");
    cmd
}

/// Path of a file below `tests/fixtures/`.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// Writes a kubeconfig with one context `context` pointing at `server`.
pub fn kubeconfig_for(dir: &Path, server: &str, context: &str) -> PathBuf {
    let path = dir.join("kubeconfig");
    let text = format!(
        "apiVersion: v1\nkind: Config\ncurrent-context: {context}\nclusters:\n- name: {context}\n  cluster:\n    server: {server}\ncontexts:\n- name: {context}\n  context:\n    cluster: {context}\n    user: {context}\n    namespace: default\nusers:\n- name: {context}\n  user:\n    token: test-token\n"
    );
    std::fs::write(&path, text).expect("write kubeconfig");
    path
}
