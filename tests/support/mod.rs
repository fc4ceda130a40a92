//! Shared test support: running the binary, temporary kubeconfigs, the fake API server.
#![allow(dead_code)]

pub mod fake_apiserver;
pub mod fake_cni;
pub mod fake_upstream;
pub mod stub_agnhost;
pub mod tls_front;

use std::path::{Path, PathBuf};

use std::process::Output;

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

/// Asserts the exit code of a finished run, showing its stderr when it differs.
pub fn assert_exit(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Asserts that a run printed nothing on stderr.
pub fn assert_no_notes(out: &Output) {
    assert!(
        out.stderr.is_empty(),
        "unexpected stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs a program this test has just written (or a script that starts one). Linux refuses to
/// start a file that a child forked by another test thread still holds open for writing
/// (ETXTBSY, "Text file busy"); the child lets go within milliseconds, so a few short retries
/// make such tests reliable.
pub fn output_of_fresh(cmd: &mut std::process::Command) -> std::process::Output {
    let mut attempts = 0;
    loop {
        attempts += 1;
        let busy = match cmd.output() {
            Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy => true,
            Err(e) => panic!("cannot run {cmd:?}: {e}"),
            Ok(out) if String::from_utf8_lossy(&out.stderr).contains("Text file busy") => {
                if attempts >= 50 {
                    return out;
                }
                true
            }
            Ok(out) => return out,
        };
        assert!(!busy || attempts < 50, "{cmd:?} stayed busy");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}
