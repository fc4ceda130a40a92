//! Each command offers only the `-o` formats it can print: a usage error naming the allowed
//! ones otherwise, and completion lists exactly those.

use crate::support::scs;

const REPORTS: &str = "table, wide, json, yaml";
const CHECKS: &str = "table, wide, json, yaml, junit, scs";
const AUDITS: &str = "table, wide, json, yaml, junit";

/// Every command with `-o`, and the formats it prints.
const COMMANDS: &[(&[&str], &str)] = &[
    (&["stack", "status"], REPORTS),
    (&["stack", "lint", "."], REPORTS),
    (&["cluster", "cleanup"], REPORTS),
    (&["netpol", "simulate"], REPORTS),
    (&["netpol", "audit"], AUDITS),
    (&["version"], REPORTS),
    (&["completion", "install-kubectl-helper"], REPORTS),
    (&["check", "kubeapi"], CHECKS),
    (&["check", "all"], CHECKS),
    (&["check", "networking"], CHECKS),
    (&["check", "conformance"], CHECKS),
    (&["check", "versions"], CHECKS),
    (&["check", "nodes"], CHECKS),
];

#[test]
fn a_format_a_command_cannot_print_is_a_usage_error_naming_the_allowed_ones() {
    for (command, allowed) in COMMANDS {
        let offers = |format: &str| allowed.split(", ").any(|a| a == format);
        for format in ["junit", "scs"].into_iter().filter(|f| !offers(f)) {
            let out = scs().args(*command).args(["-o", format]).output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(
                out.status.code(),
                Some(2),
                "{command:?} -o {format}: {stderr}"
            );
            assert!(
                stderr.contains(&format!("invalid value '{format}' for '--output <FORMAT>'"))
                    && stderr.contains(&format!("[possible values: {allowed}]")),
                "{command:?} -o {format}: {stderr}"
            );
        }
    }
}

#[test]
fn help_and_completion_offer_exactly_the_commands_formats() {
    for (command, allowed) in COMMANDS {
        let words: Vec<&str> = command.iter().filter(|w| **w != ".").copied().collect();
        let out = scs()
            .arg("__complete")
            .args(&words)
            .args(["-o", ""])
            .output()
            .unwrap();
        let offered: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| !l.starts_with(':'))
            .map(|l| l.split('\t').next().unwrap_or_default().to_string())
            .collect();
        assert_eq!(offered.join(", "), *allowed, "{command:?}");

        let help = scs().args(&words).arg("--help").output().unwrap();
        let help = String::from_utf8_lossy(&help.stdout);
        for format in ["junit", "scs"] {
            let listed = help.contains(&format!("- {format}:"));
            assert_eq!(
                listed,
                allowed.split(", ").any(|a| a == format),
                "{command:?} --help, {format}: {help}"
            );
        }
    }
}

#[test]
fn output_is_an_option_of_the_command_not_of_the_plugin() {
    let out = scs().args(["-o", "json", "version"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = scs()
        .args(["completion", "bash", "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn global_flags_have_their_own_help_heading_after_the_commands_own() {
    let out = scs().args(["stack", "status", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    let own = help.find("\nOptions:\n").expect("own options");
    let global = help.find("\nGlobal options:\n").expect("global options");
    assert!(own < global, "{help}");
    let (own_part, global_part) = help.split_at(global);
    for flag in ["--watch", "--exit-code", "--from-file", "--output"] {
        assert!(
            own_part[own..].contains(flag),
            "{flag} not under Options: {help}"
        );
        assert!(
            !global_part.contains(flag),
            "{flag} under Global options: {help}"
        );
    }
    for flag in [
        "--kubeconfig",
        "--context",
        "--namespace",
        "--all-namespaces",
        "--request-timeout",
        "--no-color",
        "--verbose",
    ] {
        assert!(
            global_part.contains(flag),
            "{flag} not under Global options: {help}"
        );
        assert!(!own_part.contains(flag), "{flag} under Options: {help}");
    }
}
