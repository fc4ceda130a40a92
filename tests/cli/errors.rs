//! Errors a person can act on, and the exit codes that go with them.

use predicates::prelude::*;

use crate::support::{kubeconfig_for, scs};

#[test]
fn unreachable_server_names_url_and_context() {
    let dir = tempfile::tempdir().unwrap();
    // Port 9 (discard) on loopback is closed on test machines: connection refused at once.
    let kubeconfig = kubeconfig_for(dir.path(), "http://127.0.0.1:9", "lab");
    scs()
        .args(["--kubeconfig"])
        .arg(&kubeconfig)
        .args(["stack", "status", "--request-timeout", "5s"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "cannot reach the Kubernetes API at http://127.0.0.1:9",
        ))
        .stderr(predicate::str::contains("context \"lab\""))
        .stderr(predicate::str::contains("hint:"))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn unknown_context_is_a_usage_error_listing_known_contexts() {
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = kubeconfig_for(dir.path(), "http://127.0.0.1:9", "lab");
    scs()
        .args(["--kubeconfig"])
        .arg(&kubeconfig)
        .args(["--context", "nope", "stack", "status"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "context \"nope\" not found in kubeconfig",
        ))
        .stderr(predicate::str::contains("known contexts: lab"));
}

#[test]
fn unreadable_kubeconfig_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.yaml");
    std::fs::write(&path, "clusters: [ {").unwrap();
    scs()
        .args(["--kubeconfig"])
        .arg(&path)
        .args(["stack", "status"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("cannot read kubeconfig"))
        .stderr(predicate::str::contains("broken.yaml"));
    scs()
        .args(["--kubeconfig"])
        .arg(dir.path().join("missing.yaml"))
        .args(["stack", "status"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("missing.yaml"));
}

#[test]
fn kubeconfig_env_lists_are_merged() {
    let dir = tempfile::tempdir().unwrap();
    let first = kubeconfig_for(dir.path(), "http://127.0.0.1:9", "first");
    let second_dir = dir.path().join("second");
    std::fs::create_dir(&second_dir).unwrap();
    let second = kubeconfig_for(&second_dir, "http://127.0.0.1:9", "second");
    let joined = std::env::join_paths([&first, &second]).unwrap();
    // The context named only in the second file is found: the files were merged.
    scs()
        .env("KUBECONFIG", &joined)
        .args([
            "--context",
            "second",
            "stack",
            "status",
            "--request-timeout",
            "5s",
        ])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("context \"second\""));
}

#[test]
fn usage_errors_exit_2() {
    scs()
        .args(["stack", "status", "--no-such-flag"])
        .assert()
        .code(2);
    scs()
        .args(["stack", "status", "-o", "junit", "-f", "-"])
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "invalid value 'junit' for '--output <FORMAT>'",
        ))
        .stderr(predicate::str::contains(
            "[possible values: table, wide, json, yaml]",
        ));
}

#[test]
fn help_documents_exit_codes() {
    scs()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Exit codes:"))
        .stdout(predicate::str::contains("3  could not run"));
}

#[test]
fn user_and_cluster_flags_pick_kubeconfig_entries() {
    let server = crate::support::fake_mgmt("healthy");
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = server
        .kubeconfig()
        .cluster("other", "http://127.0.0.1:9")
        .user_token("nobody", "wrong-token")
        .write(dir.path());
    let run = |args: &[&str]| {
        scs()
            .env("KUBECONFIG", &kubeconfig)
            .env("KUBECTL_SCS_NOW", "2026-11-21T15:28:26Z")
            .args(["stack", "status", "-A", "--request-timeout", "5s"])
            .args(args)
            .assert()
    };
    run(&[]).code(0);
    // --user switches credentials: the fake rejects the wrong token.
    run(&["--user", "nobody"])
        .code(3)
        .stderr(predicate::str::contains("401 Unauthorized"));
    // --cluster switches the server.
    run(&["--cluster", "other"])
        .code(3)
        .stderr(predicate::str::contains("http://127.0.0.1:9"));
    run(&["--user", "ghost"])
        .code(2)
        .stderr(predicate::str::contains(
            "user \"ghost\" not found in kubeconfig",
        ));
}

#[test]
fn kubeconfig_cluster_flag_is_not_the_cluster_argument() {
    // `--cluster` selects a kubeconfig cluster; it must neither be refused after the subcommand
    // nor taken for the Cluster to show.
    let dump = crate::support::fixture("mgmt/upgrade-pending.yaml");
    for args in [
        ["stack", "status", "--cluster", "k"],
        ["--cluster", "k", "stack", "status"],
    ] {
        scs()
            .args(args)
            .arg("-f")
            .arg(&dump)
            .assert()
            .success()
            .stdout(predicate::str::contains("Cluster/prod-1"));
    }
}

#[test]
fn a_library_error_is_printed_after_what_was_being_done() {
    let dir = tempfile::tempdir().unwrap();
    let cause = std::fs::File::open(dir.path().join("missing.yaml")).unwrap_err();
    scs()
        .current_dir(dir.path())
        .args(["check", "nodes", "-f", "missing.yaml"])
        .assert()
        .code(3)
        .stderr(format!("error: cannot read missing.yaml: {cause}\n"));
}
