//! What reaches stderr: only kubectl-scs's own lines without `-v`, the libraries' logs from `-v`
//! on, and never an escape code when stderr is not a terminal (here: a pipe), with `--no-color`
//! or with `NO_COLOR` set.

use std::process::Output;

use crate::support::fake_apiserver::Fault;
use crate::support::fake_cni::{CniMode, fake_cluster_with};
use crate::support::{fake_mgmt, kubeconfig_for, scs, scs_live};

const ESC: &str = "\x1b[";

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// No library log line and no escape code.
fn assert_only_our_lines(out: &Output) {
    let err = stderr(out);
    assert!(!err.contains("failed with"), "library log at -v 0: {err}");
    assert!(!err.contains(" ERROR "), "library log at -v 0: {err}");
    assert!(!err.contains(ESC), "escape code into a pipe: {err:?}");
}

/// The binary against a closed port, with `NO_COLOR` unset so that only the terminal test and
/// `--no-color` keep colour out.
fn unreachable(extra: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    // Port 9 (discard) on loopback is closed on test machines: connection refused at once.
    let kubeconfig = kubeconfig_for(dir.path(), "http://127.0.0.1:9", "lab");
    scs()
        .env_remove("NO_COLOR")
        .arg("--kubeconfig")
        .arg(&kubeconfig)
        .args(["stack", "status", "--request-timeout", "5s"])
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn an_unreachable_server_prints_only_our_error_without_escape_codes() {
    let out = unreachable(&[]);
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(
        err.starts_with("error: cannot reach the Kubernetes API at http://127.0.0.1:9"),
        "{err}"
    );
    assert_only_our_lines(&out);
}

#[test]
fn verbose_shows_the_library_logs_still_without_escape_codes_in_a_pipe() {
    let out = unreachable(&["-v"]);
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(err.contains("failed with error"), "{err}");
    assert!(err.contains("error: cannot reach"), "{err}");
    assert!(!err.contains(ESC), "{err:?}");
}

#[test]
fn a_server_error_is_ours_alone_at_default_verbosity() {
    let server = fake_mgmt("healthy");
    let dir = tempfile::tempdir().unwrap();
    server.add_fault(Fault::internal_error("/apis/cluster.x-k8s.io"));
    for extra in [&[][..], &["--no-color"][..]] {
        let out = scs_live(&server, dir.path())
            .env_remove("NO_COLOR")
            .args(["stack", "status"])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
        assert!(stderr(&out).starts_with("error: "), "{}", stderr(&out));
        assert_only_our_lines(&out);
    }
}

#[test]
fn failing_execs_leave_no_library_lines_in_a_native_run() {
    let cluster = fake_cluster_with(CniMode::default(), |b| {
        b.fault(Fault::internal_error("/api/v1/namespaces/netpol-x-t1/pods/a/exec").times(3))
    });
    let dir = tempfile::tempdir().unwrap();
    let out = scs_live(&cluster.server, dir.path())
        .env_remove("NO_COLOR")
        .args(["check", "networking", "--mode", "native", "--run-id", "t1"])
        .args(["--focus", "default-deny-ingress", "--skip", "UDP|SCTP"])
        .args(["--probe-interval", "10ms", "--probe-timeout", "2s"])
        .args(["--baseline-timeout", "2s", "--poll-interval", "20ms"])
        .output()
        .unwrap();
    let exec_500s = cluster
        .server
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/pods/a/exec") && r.path.contains("netpol-x-t1"))
        .count();
    assert!(exec_500s >= 3, "the faults were not hit");
    assert_only_our_lines(&out);
}

/// The binary in a pseudo-terminal (stdout and stderr both), `NO_COLOR` as given; what it
/// printed until it ended.
fn on_a_terminal(args: &[&str], no_color_env: Option<&str>) -> String {
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = kubeconfig_for(dir.path(), "http://127.0.0.1:9", "lab");
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("kubectl-scs"));
    cmd.env("KUBECONFIG", kubeconfig)
        .env("HOME", dir.path())
        .env("TERM", "xterm")
        .env_remove("NO_COLOR")
        .args(args);
    if let Some(value) = no_color_env {
        cmd.env("NO_COLOR", value);
    }
    let mut p = rexpect::session::spawn_command(cmd, Some(30_000)).unwrap();
    p.exp_eof().unwrap()
}

#[test]
fn on_a_terminal_errors_are_coloured_unless_no_color_says_otherwise() {
    let failing = ["stack", "status", "--request-timeout", "5s"];
    let coloured = on_a_terminal(&failing, None);
    assert!(
        coloured.contains("\x1b[31;1merror:\x1b[0m cannot reach"),
        "{coloured:?}"
    );

    let flag = on_a_terminal(&[&failing[..], &["--no-color"]].concat(), None);
    assert!(flag.contains("error: cannot reach"), "{flag:?}");
    assert!(!flag.contains(ESC), "{flag:?}");

    let env = on_a_terminal(&failing, Some("1"));
    assert!(env.contains("error: cannot reach"), "{env:?}");
    assert!(!env.contains(ESC), "{env:?}");
    // An empty NO_COLOR does not count (no-color.org).
    let empty = on_a_terminal(&failing, Some(""));
    assert!(empty.contains(ESC), "{empty:?}");
}

#[test]
fn on_a_terminal_library_logs_and_usage_errors_follow_the_same_rule() {
    let verbose = ["stack", "status", "--request-timeout", "5s", "-v"];
    let coloured = on_a_terminal(&verbose, None);
    assert!(coloured.contains("failed with error"), "{coloured:?}");
    assert!(coloured.contains(ESC), "{coloured:?}");
    let plain = on_a_terminal(&[&verbose[..], &["--no-color"]].concat(), None);
    assert!(plain.contains("failed with error"), "{plain:?}");
    assert!(!plain.contains(ESC), "{plain:?}");

    let usage = on_a_terminal(&["stack", "status", "--bogus"], None);
    assert!(usage.contains(ESC), "{usage:?}");
    let usage = on_a_terminal(&["stack", "status", "--bogus", "--no-color"], None);
    assert!(usage.contains("unexpected argument '--bogus'"), "{usage:?}");
    assert!(!usage.contains(ESC), "{usage:?}");
}

#[test]
fn on_a_terminal_tables_follow_the_same_rule() {
    let dump = crate::support::fixture("mgmt/addon-failing.yaml");
    let dump = dump.to_str().unwrap();
    let args = ["stack", "status", "-A", "-f", dump, "--exit-code"];
    let coloured = on_a_terminal(&args, None);
    assert!(coloured.contains(ESC), "{coloured:?}");
    let plain = on_a_terminal(&[&args[..], &["--no-color"]].concat(), None);
    assert!(!plain.contains(ESC), "{plain:?}");
    assert!(!on_a_terminal(&args, Some("1")).contains(ESC));
}
