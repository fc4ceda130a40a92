//! `kubectl scs completion ...`, the committed scripts, and kubectl's plugin completion protocol
//! as the `kubectl_complete-scs` helper answers it.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command as Process;
use std::time::{Duration, Instant};

use kubectl_scs::commands::completion::{self, SHELLS, helper::HELPER_SCRIPT};
use predicates::prelude::*;

use crate::support::fake_apiserver::{FakeApiServer, Fault};
use crate::support::{fake_mgmt, fixture, kubeconfig_for, output_of_fresh, scs, scs_live};

const REGENERATE: &str = "cargo xtask completions";

fn completions_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("completions")
}

fn shell_arg(shell: clap_complete::aot::Shell) -> &'static str {
    match shell {
        clap_complete::aot::Shell::Bash => "bash",
        clap_complete::aot::Shell::Zsh => "zsh",
        clap_complete::aot::Shell::Fish => "fish",
        _ => "powershell",
    }
}

/// The committed scripts are what `kubectl scs completion <shell>` prints; with
/// `UPDATE_COMPLETIONS=1` this test rewrites them instead.
#[test]
fn committed_scripts_are_up_to_date() {
    let update = std::env::var_os("UPDATE_COMPLETIONS").is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    for shell in SHELLS {
        let output = scs()
            .args(["completion", shell_arg(shell)])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "completion {} failed",
            shell_arg(shell)
        );
        let generated = String::from_utf8(output.stdout).unwrap();
        assert!(generated.contains("kubectl-scs"), "{generated}");
        let path = completions_dir().join(completion::script_file_name(shell));
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed != generated {
            if update {
                std::fs::create_dir_all(completions_dir()).unwrap();
                std::fs::write(&path, &generated).unwrap();
            } else {
                stale.push(path.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "completion scripts are out of date with the CLI: {}\nregenerate them with: {REGENERATE}",
        stale.join(", ")
    );
}

fn bash_complete(script: &Path, words: &[&str]) -> Vec<String> {
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let cword = words.len() - 1;
    let current = words[cword];
    let previous = words[cword - 1];
    let program = format!(
        "source '{}'; COMP_WORDS=({}); COMP_CWORD={cword}; _kubectl__scs kubectl-scs '{current}' '{previous}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display(),
        quoted.join(" ")
    );
    let output = Process::new("bash")
        .args(["-c", &program])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// The bash script completes below the top level (clap_complete's labels for a hyphenated
/// command name are repaired).
#[test]
#[cfg(unix)]
fn bash_script_completes_subcommands_and_values() {
    if Process::new("bash").arg("--version").output().is_err() {
        eprintln!("skipped: bash is not installed");
        return;
    }
    let script = completions_dir().join("kubectl-scs.bash");
    assert_eq!(bash_complete(&script, &["kubectl-scs", "st"]), ["stack"]);
    assert_eq!(
        bash_complete(&script, &["kubectl-scs", "stack", "st"]),
        ["status"]
    );
    assert_eq!(
        bash_complete(&script, &["kubectl-scs", "stack", "status", "-o", "j"]),
        ["json"]
    );
    assert_eq!(
        bash_complete(&script, &["kubectl-scs", "check", "kubeapi", "-o", "j"]),
        ["json", "junit"]
    );
    assert!(
        bash_complete(&script, &["kubectl-scs", "stack", "status", "--exit"])
            .contains(&"--exit-code".to_string())
    );
}

#[test]
#[cfg(unix)]
fn fish_script_completes_subcommands() {
    if Process::new("fish").arg("--version").output().is_err() {
        eprintln!("skipped: fish is not installed");
        return;
    }
    let script = completions_dir().join("kubectl-scs.fish");
    let program = format!(
        "source '{}'; complete -C 'kubectl-scs check '",
        script.display()
    );
    let output = Process::new("fish")
        .args(["-c", &program])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.lines().any(|l| l.starts_with("kubeapi\t")), "{text}");
}

#[test]
#[cfg(unix)]
fn zsh_script_parses() {
    if Process::new("zsh").arg("--version").output().is_err() {
        eprintln!("skipped: zsh is not installed");
        return;
    }
    let script = completions_dir().join("_kubectl-scs");
    Process::new("zsh")
        .arg("-n")
        .arg(&script)
        .status()
        .map(|s| assert!(s.success(), "zsh -n {} failed", script.display()))
        .unwrap();
}

fn lines(output: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(output)
        .lines()
        .map(str::to_string)
        .collect()
}

fn values(output: &[u8]) -> Vec<String> {
    lines(output)
        .iter()
        .map(|l| l.split('\t').next().unwrap_or_default().to_string())
        .collect()
}

/// kubectl's protocol: candidates one per line, `value<TAB>help`, then the directive `:4`.
#[test]
fn complete_entry_speaks_kubectl_protocol() {
    let output = scs().args(["__complete", ""]).output().unwrap();
    assert!(output.status.success());
    assert!(output.stderr.is_empty());
    let lines = lines(&output.stdout);
    assert_eq!(lines.last().map(String::as_str), Some(":4"));
    assert!(
        lines.iter().any(|l| l.starts_with("stack\tCluster stacks")),
        "{lines:?}"
    );
    let output = scs()
        .args(["__complete", "stack", "status", "-o", "y"])
        .output()
        .unwrap();
    assert_eq!(values(&output.stdout), ["yaml", ":4"]);
}

/// A copy of the binary named `kubectl_complete-scs` (the Windows helper) answers from its
/// arguments alone.
#[test]
fn binary_named_as_helper_answers() {
    let dir = tempfile::tempdir().unwrap();
    let helper = dir.path().join(completion::HELPER_NAME);
    std::fs::copy(assert_cmd::cargo::cargo_bin("kubectl-scs"), &helper).unwrap();
    let output = output_of_fresh(Process::new(&helper).args(["check", ""]));
    assert!(output.status.success());
    let got = values(&output.stdout);
    assert!(got.contains(&"kubeapi".to_string()), "{got:?}");
    assert_eq!(got.last().map(String::as_str), Some(":4"));
}

fn path_with(dirs: &[&Path]) -> std::ffi::OsString {
    let mut all: Vec<PathBuf> = dirs.iter().map(|d| d.to_path_buf()).collect();
    all.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(all).unwrap()
}

fn plugin_dir() -> PathBuf {
    assert_cmd::cargo::cargo_bin("kubectl-scs")
        .parent()
        .unwrap()
        .to_path_buf()
}

#[test]
#[cfg(unix)]
fn install_kubectl_helper_writes_a_working_helper() {
    let dir = tempfile::tempdir().unwrap();
    scs()
        .args(["completion", "install-kubectl-helper"])
        .arg(dir.path())
        .env("PATH", path_with(&[dir.path()]))
        .assert()
        .success()
        .stdout(predicate::str::contains("kubectl_complete-scs"))
        .stdout(predicate::str::contains("not on PATH").not());
    let helper = dir.path().join(completion::HELPER_NAME);
    assert_eq!(std::fs::read_to_string(&helper).unwrap(), HELPER_SCRIPT);
    let output = output_of_fresh(
        Process::new(&helper)
            .args(["stack", ""])
            .env("PATH", path_with(&[&plugin_dir()])),
    );
    let got = values(&output.stdout);
    for command in ["status", "lint", ":4"] {
        assert!(
            got.contains(&command.to_string()),
            "{command} missing: {got:?}"
        );
    }
}

#[test]
fn install_kubectl_helper_defaults_to_krew_bin_and_says_when_off_path() {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir(root.path().join("bin")).unwrap();
    scs()
        .args(["completion", "install-kubectl-helper"])
        .env("KREW_ROOT", root.path())
        .env("PATH", "/usr/bin")
        .assert()
        .success()
        .stdout(predicate::str::contains("is not on PATH"));
    assert!(
        root.path()
            .join("bin")
            .join(completion::HELPER_NAME)
            .is_file()
    );

    let no_krew = tempfile::tempdir().unwrap();
    scs()
        .args(["completion", "install-kubectl-helper"])
        .env("KREW_ROOT", no_krew.path().join("krew"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a directory"))
        .stderr(predicate::str::contains("is krew installed?"));
}

/// The real kubectl finds the helper on PATH and passes the plugin's words to it.
#[test]
#[cfg(unix)]
fn kubectl_completes_the_plugin_through_the_helper() {
    let Ok(version) = Process::new("kubectl")
        .args(["version", "--client"])
        .output()
    else {
        eprintln!("skipped: kubectl is not installed");
        return;
    };
    if !version.status.success() {
        eprintln!("skipped: kubectl does not run");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        assert_cmd::cargo::cargo_bin("kubectl-scs"),
        dir.path().join("kubectl-scs"),
    )
    .unwrap();
    kubectl_scs::commands::completion::helper::install(
        dir.path(),
        &kubectl_scs::commands::completion::helper::HelperForm::Script,
    )
    .unwrap();
    // kubectl reports a helper it cannot start (see output_of_fresh) as no candidates, so try
    // again briefly before concluding.
    let mut text = String::new();
    for _ in 0..20 {
        let output = Process::new("kubectl")
            .args(["__complete", "scs", "stack", "st"])
            .env("PATH", path_with(&[dir.path()]))
            .env("HOME", dir.path())
            .output()
            .unwrap();
        text = String::from_utf8_lossy(&output.stdout).into_owned();
        if text.lines().any(|l| l.starts_with("status")) {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(text.lines().any(|l| l.starts_with("status")), "{text}");
}

#[test]
fn contexts_users_and_clusters_come_from_the_kubeconfig() {
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = kubeconfig_for(dir.path(), "http://127.0.0.1:9", "lab");
    let output = scs()
        .args(["__complete", "--kubeconfig"])
        .arg(&kubeconfig)
        .args(["stack", "status", "--context", ""])
        .output()
        .unwrap();
    assert_eq!(
        lines(&output.stdout),
        ["lab\tcluster lab, namespace default", ":4"]
    );
    // KUBECONFIG is honoured too, and --context=value spelling is completed with its prefix.
    let output = scs()
        .env("KUBECONFIG", &kubeconfig)
        .args(["__complete", "--context=l"])
        .output()
        .unwrap();
    assert_eq!(values(&output.stdout), ["--context=lab", ":4"]);
    let output = scs()
        .env("KUBECONFIG", &kubeconfig)
        .args(["__complete", "--user", ""])
        .output()
        .unwrap();
    assert_eq!(values(&output.stdout), ["lab", ":4"]);
    let output = scs()
        .env("KUBECONFIG", &kubeconfig)
        .args(["__complete", "stack", "status", "--cluster", ""])
        .output()
        .unwrap();
    assert_eq!(lines(&output.stdout), ["lab\thttp://127.0.0.1:9", ":4"]);
}

#[test]
fn cluster_names_and_namespaces_come_from_dump_files() {
    let dump = fixture("mgmt/upgrade-pending.yaml");
    let output = scs()
        .args(["__complete", "stack", "status", "-f"])
        .arg(&dump)
        .arg("")
        .output()
        .unwrap();
    assert_eq!(
        lines(&output.stdout),
        [
            "prod-1\tnamespace cluster-stacks-upgrade",
            "prod-2\tnamespace cluster-stacks-upgrade",
            ":4"
        ]
    );
    let output = scs()
        .args(["__complete", "check", "kubeapi", "-f"])
        .arg(fixture("mgmt/many-clusters.yaml"))
        .args(["-n", "tenant-"])
        .output()
        .unwrap();
    assert_eq!(
        values(&output.stdout),
        ["tenant-a", "tenant-b", "tenant-c", ":4"]
    );
    let output = scs()
        .args(["__complete", "-n", "tenant-b", "stack", "status", "-f"])
        .arg(fixture("mgmt/many-clusters.yaml"))
        .arg("cl-00")
        .output()
        .unwrap();
    let names = values(&output.stdout);
    assert!(names.len() > 2 && names.iter().all(|n| n.starts_with("cl-00") || n == ":4"));
    assert!(
        lines(&output.stdout)
            .iter()
            .all(|l| l == ":4" || l.ends_with("namespace tenant-b"))
    );
}

/// An unreachable cluster, or one that never answers, gives no candidates, no error output and
/// no long wait.
#[test]
fn cluster_lookups_fail_silent_and_fast() {
    let dir = tempfile::tempdir().unwrap();
    let refused = kubeconfig_for(dir.path(), "http://127.0.0.1:9", "lab");
    let output = scs()
        .args(["__complete", "--kubeconfig"])
        .arg(&refused)
        .args(["stack", "status", "-n", ""])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(lines(&output.stdout), [":4"]);
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    // Accepts connections but never answers.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let server = format!("http://{}", silent.local_addr().unwrap());
    let silent_dir = tempfile::tempdir().unwrap();
    let kubeconfig = kubeconfig_for(silent_dir.path(), &server, "slow");
    let started = Instant::now();
    let output = scs()
        .args(["__complete", "--kubeconfig"])
        .arg(&kubeconfig)
        .args(["stack", "status", "prod"])
        .output()
        .unwrap();
    let took = started.elapsed();
    assert_eq!(lines(&output.stdout), [":4"]);
    assert!(output.stderr.is_empty());
    assert!(
        took < kubectl_scs::commands::complete::values::LOOKUP_DEADLINE + Duration::from_secs(3),
        "completion waited {took:?}"
    );
    drop(silent);
}

#[test]
fn completion_needs_a_shell() {
    scs().args(["completion"]).assert().code(2);
    scs().args(["completion", "tcsh"]).assert().code(2);
}

fn complete_live(server: &FakeApiServer, words: &[&str]) -> (Vec<String>, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let output = scs_live(server, dir.path())
        .arg("__complete")
        .args(words)
        .output()
        .unwrap();
    assert!(output.status.success());
    (lines(&output.stdout), output.stderr)
}

#[test]
fn namespaces_and_cluster_names_come_from_the_cluster() {
    let server = fake_mgmt("upgrade-pending");
    let (namespaces, stderr) = complete_live(&server, &["stack", "status", "-n", ""]);
    assert!(stderr.is_empty());
    for ns in ["cluster-stacks-upgrade", "default", "kube-system"] {
        assert!(
            namespaces.contains(&ns.to_string()),
            "{ns} missing: {namespaces:?}"
        );
    }
    assert_eq!(namespaces.last().map(String::as_str), Some(":4"));
    // The context's namespace ("default") has no Clusters; -n and -A look elsewhere.
    assert_eq!(complete_live(&server, &["stack", "status", "p"]).0, [":4"]);
    let expected = [
        "prod-1\tnamespace cluster-stacks-upgrade",
        "prod-2\tnamespace cluster-stacks-upgrade",
        ":4",
    ];
    assert_eq!(
        complete_live(
            &server,
            &["-n", "cluster-stacks-upgrade", "stack", "status", ""]
        )
        .0,
        expected
    );
    assert_eq!(
        complete_live(&server, &["check", "kubeapi", "-A", "prod"]).0,
        expected
    );
}

#[test]
fn forbidden_or_hanging_lookups_complete_nothing_quietly() {
    let forbidden = FakeApiServer::builder()
        .fault(Fault::forbidden("list", "/api/v1/namespaces"))
        .start();
    let (lines, stderr) = complete_live(&forbidden, &["-n", ""]);
    assert_eq!(lines, [":4"]);
    assert!(stderr.is_empty());

    let hanging = FakeApiServer::builder().fault(Fault::hang("/api")).start();
    let started = Instant::now();
    let (lines, stderr) = complete_live(&hanging, &["-n", ""]);
    assert_eq!(lines, [":4"]);
    assert!(stderr.is_empty());
    assert!(
        started.elapsed()
            < kubectl_scs::commands::complete::values::LOOKUP_DEADLINE + Duration::from_secs(3),
        "took {:?}",
        started.elapsed()
    );
}
