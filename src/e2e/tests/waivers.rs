//! The waiver list: the built-in SCS list, `--no-waivers`, user files and their errors.

use super::{CILIUM_CIDR_TESTS, network_policy_run};
use crate::e2e::*;
use crate::report::Outcome;

#[test]
fn builtin_list_is_the_scs_list_and_compiles() {
    let builtin = Waivers::builtin();
    assert_eq!(builtin.len(), 9);
    assert_eq!(builtin.origin(), BUILTIN_ORIGIN);
    let parsed = Waivers::parse("x", BUILTIN_WAIVERS_YAML).map(|w| w.len());
    assert_eq!(parsed.ok(), Some(9));
    let regexes: Vec<&str> = builtin.entries().iter().map(|w| w.regex.as_str()).collect();
    assert_eq!(regexes.get(5), Some(&"Feature:SCTPConnectivity"));
    assert_eq!(
        regexes.get(6),
        Some(&"should.allow.egress.access.to.server.in.CIDR.block")
    );
    assert!(builtin.entries().iter().all(|w| !w.reason.is_empty()));
}

#[test]
fn cilium_cidr_failures_are_waived_by_the_builtin_list() {
    let results = network_policy_run(&CILIUM_CIDR_TESTS);
    let j = judge(Check::Networking, &results, &Waivers::builtin());
    assert_eq!(j.verdict, Outcome::Ok);
    assert_eq!(
        (
            j.counts.passed,
            j.counts.failed,
            j.counts.waived,
            j.counts.skipped
        ),
        (47, 0, 3, 7357)
    );
    assert_eq!(j.focus_tests_run, 50);
    let waived: Vec<(&str, Option<&str>)> = j
        .waived()
        .map(|t| (t.name.as_str(), t.reason.as_deref()))
        .collect();
    assert_eq!(waived.len(), 3);
    for (name, reason) in waived {
        assert!(CILIUM_CIDR_TESTS.contains(&name), "{name}");
        assert_eq!(reason, Some("https://github.com/cilium/cilium/issues/9209"));
    }
}

#[test]
fn without_waivers_the_cilium_failures_fail() {
    let results = network_policy_run(&CILIUM_CIDR_TESTS);
    let j = judge(Check::Networking, &results, &Waivers::none());
    assert_eq!(j.verdict, Outcome::Failed);
    assert_eq!((j.counts.failed, j.counts.waived), (3, 0));
    assert_eq!(j.waivers, "none");
    let failed: Vec<&str> = j.failures().map(|t| t.name.as_str()).collect();
    assert_eq!(failed.len(), 3);
    assert!(
        failed
            .iter()
            .all(|name| CILIUM_CIDR_TESTS.iter().any(|n| name.ends_with(n)))
    );
}

#[test]
fn waivers_match_anywhere_and_case_sensitively() {
    let waivers = Waivers::parse(
        "w.yaml",
        "okToFail:\n- regex: 'in CIDR block'\n  reason: r1\n- regex: '^\\[It\\] \\[sig-apps\\]'\n  reason: r2\n",
    );
    let Ok(waivers) = waivers else {
        panic!("valid file refused");
    };
    assert_eq!(
        waivers.matching(CILIUM_CIDR_TESTS[0]).map(|w| w.index),
        Some(0)
    );
    assert_eq!(
        waivers
            .matching("[It] [sig-apps] Deployment x")
            .map(|w| w.reason.as_str()),
        Some("r2")
    );
    assert!(waivers.matching("x [It] [sig-apps] y").is_none());
    assert!(waivers.matching("cidr.block").is_none());
}

#[test]
fn python_end_anchor_works_and_empty_files_mean_no_waivers() {
    let waivers = Waivers::parse(
        "w.yaml",
        "okToFail:\n- regex: 'block \\[Feature:NetworkPolicy\\]\\Z'\n  reason: r\n",
    );
    assert_eq!(
        waivers
            .ok()
            .and_then(|w| w.matching(CILIUM_CIDR_TESTS[0]).map(|m| m.index)),
        Some(0)
    );
    for text in ["", "# nothing\n", "okToFail: []\n", "{}\n"] {
        assert_eq!(
            Waivers::parse("w.yaml", text).ok().map(|w| w.len()),
            Some(0),
            "{text:?}"
        );
    }
}

fn error_text(text: &str) -> String {
    match Waivers::parse("waivers.yaml", text) {
        Ok(_) => "accepted".to_string(),
        Err(e) => e.to_string(),
    }
}

#[test]
fn invalid_files_name_the_file_and_the_entry() {
    let cases = [
        (
            "okToFail: [\n",
            "waiver file `waivers.yaml` is not valid YAML",
        ),
        (
            "okToFail: []\nextra: 1\n",
            "waiver file `waivers.yaml`: unknown top-level keys [\"extra\"]; only `okToFail` is allowed",
        ),
        (
            "- regex: x\n",
            "waiver file `waivers.yaml`: the top level must be a mapping with the key `okToFail`",
        ),
        (
            "okToFail: x\n",
            "waiver file `waivers.yaml`: `okToFail` must be a list of {regex, reason} entries",
        ),
        (
            "okToFail:\n",
            "waiver file `waivers.yaml`: `okToFail` must be a list of {regex, reason} entries",
        ),
        (
            "okToFail:\n- just a string\n",
            "waiver file `waivers.yaml`: okToFail[0] must be a mapping with `regex` and `reason`",
        ),
        (
            "okToFail:\n- regex: a\n  reason: b\n- regex: SCTP\n  reason: r\n  until: 2027-01-01\n",
            "waiver file `waivers.yaml`: okToFail[1] (regex `SCTP`) has unknown keys [\"until\"]; only `regex` and `reason` are allowed",
        ),
        (
            "okToFail:\n- regex: a\n  reason: b\n- reason: no regex here\n",
            "waiver file `waivers.yaml`: okToFail[1].regex must be a non-empty string",
        ),
        (
            "okToFail:\n- regex: '  '\n  reason: b\n",
            "waiver file `waivers.yaml`: okToFail[0].regex must be a non-empty string",
        ),
        (
            "okToFail:\n- regex: 42\n  reason: b\n",
            "waiver file `waivers.yaml`: okToFail[0].regex must be a non-empty string",
        ),
        (
            "okToFail:\n- regex: CIDR\n",
            "waiver file `waivers.yaml`: okToFail[0] (regex `CIDR`): `reason` must be a non-empty string",
        ),
        (
            "okToFail:\n- regex: a\n  reason: b\n- regex: a\n  reason: b\n- regex: 'CIDR(block'\n  reason: r\n",
            "waiver file `waivers.yaml`: okToFail[2] has an invalid regex `CIDR(block`: unclosed group",
        ),
        (
            "okToFail:\n- regex: 'CIDR(?!x)'\n  reason: r\n",
            "waiver file `waivers.yaml`: okToFail[0] has an invalid regex `CIDR(?!x)`: look-around, including look-ahead and look-behind, is not supported (Python's `re` has this, Rust's regex engine does not)",
        ),
    ];
    for (text, want) in cases {
        let got = error_text(text);
        assert!(got.starts_with(want), "{text:?}\n got: {got}\nwant: {want}");
    }
}

#[test]
fn load_names_the_path() {
    let missing = std::path::Path::new("/nonexistent/waivers.yaml");
    let err = Waivers::load(missing).err().map(|e| e.to_string());
    assert!(
        err.as_deref()
            .is_some_and(|e| e.starts_with("cannot read waiver file `/nonexistent/waivers.yaml`: ")),
        "{err:?}"
    );
    let dir = tempfile::tempdir().ok();
    let Some(dir) = dir else {
        panic!("no temp dir")
    };
    let path = dir.path().join("ok.yaml");
    assert!(std::fs::write(&path, "okToFail:\n- regex: '(unclosed'\n  reason: r\n").is_ok());
    let err = Waivers::load(&path).err().map(|e| e.to_string());
    let want = format!(
        "waiver file `{}`: okToFail[0] has an invalid regex `(unclosed`: unclosed group",
        path.display()
    );
    assert_eq!(err, Some(want));
}
