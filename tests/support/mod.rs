//! Shared test support: running the binary, temporary kubeconfigs, the fake API server.
#![allow(dead_code)]

pub mod fake_apiserver;

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

/// A fake management cluster serving every fixture CRD and the objects of `mgmt/<file>.yaml`.
pub fn fake_mgmt(file: &str) -> fake_apiserver::FakeApiServer {
    fake_apiserver::FakeApiServer::builder()
        .crds_dir(fixture("crds"))
        .objects_file(fixture(&format!("mgmt/{file}.yaml")))
        .with_namespaces()
        .start()
}

/// The binary pointed at a fake server through a temporary kubeconfig (kept alive by `dir`).
pub fn scs_live(server: &fake_apiserver::FakeApiServer, dir: &Path) -> Command {
    let kubeconfig = server.write_kubeconfig(dir);
    let mut cmd = scs();
    cmd.env("KUBECONFIG", kubeconfig);
    cmd
}
