//! The SCS KaaS certification as SCS's spec `Tests/scs-compatible-kaas.yaml` (v1) defines it:
//! its testcases, the section each runs in, and choosing the ones a run includes — the way
//! `scs-compliance-check.py --sections … --tests …` chooses them. Pure data and selection.

use regex::Regex;
use serde::Serialize;

/// A part of the spec's testcases, run on its own schedule. `light` and `heavy` are the spec's
/// sections; `preview` holds the testcase SCS keeps in its `preview` target (checked manually).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SpecSection {
    Light,
    Heavy,
    Preview,
}

impl SpecSection {
    pub const ALL: [SpecSection; 3] =
        [SpecSection::Light, SpecSection::Heavy, SpecSection::Preview];

    /// One line for `--help` and the completions.
    pub fn help(self) -> &'static str {
        match self {
            SpecSection::Light => "version-policy-check (seconds)",
            SpecSection::Heavy => "cncf-k8s-conformance and kaas-networking-check (hours)",
            SpecSection::Preview => {
                "node-distribution-check (SCS: preview target, checked manually)"
            }
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SpecSection::Light => "light",
            SpecSection::Heavy => "heavy",
            SpecSection::Preview => "preview",
        }
    }
}

/// One SCS testcase and the command of ours that runs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Testcase {
    /// The SCS testcase id, as in the runner lines.
    pub id: &'static str,
    /// The spec module (standard) it belongs to.
    pub module: &'static str,
    pub section: SpecSection,
    /// The `kubectl scs` command that runs it alone.
    pub command: &'static str,
}

/// Version policy: the spec's `light` section.
pub const VERSION_POLICY: Testcase = Testcase {
    id: "version-policy-check",
    module: "scs-0210-v2",
    section: SpecSection::Light,
    command: "check versions",
};

/// CNCF conformance, `heavy`.
pub const CONFORMANCE: Testcase = Testcase {
    id: "cncf-k8s-conformance",
    module: "scs-0201-v1",
    section: SpecSection::Heavy,
    command: "check conformance",
};

/// NetworkPolicy support, `heavy`.
pub const NETWORKING: Testcase = Testcase {
    id: "kaas-networking-check",
    module: "scs-0219-v1",
    section: SpecSection::Heavy,
    command: "check networking",
};

/// Node distribution: in SCS's `preview` target only.
pub const NODE_DISTRIBUTION: Testcase = Testcase {
    id: "node-distribution-check",
    module: "scs-0214-v2",
    section: SpecSection::Preview,
    command: "check nodes",
};

/// Every testcase, in the order of the spec (and of a run).
pub const TESTCASES: [Testcase; 4] = [VERSION_POLICY, CONFORMANCE, NETWORKING, NODE_DISTRIBUTION];

/// The sections a run includes when none are named.
pub const DEFAULT_SECTIONS: [SpecSection; 1] = [SpecSection::Light];

/// Which testcases a run includes: those of `sections` whose id the `tests` regex matches at its
/// start (Python's `re.match`, as SCS's `--tests`), less the ids in `skip`.
pub fn select(sections: &[SpecSection], tests: Option<&Regex>, skip: &[&str]) -> Vec<Testcase> {
    TESTCASES
        .into_iter()
        .filter(|t| sections.contains(&t.section))
        .filter(|t| tests.is_none_or(|re| re.find(t.id).is_some_and(|m| m.start() == 0)))
        .filter(|t| !skip.contains(&t.id))
        .collect()
}

/// `--tests`: an SCS-style regex, matched at the start of the testcase id.
pub fn parse_tests(text: &str) -> Result<Regex, String> {
    Regex::new(&format!("^(?:{text})")).map_err(|e| format!("invalid regex: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(selected: &[Testcase]) -> Vec<&'static str> {
        selected.iter().map(|t| t.id).collect()
    }

    #[test]
    fn sections_choose_the_spec_testcases_in_spec_order() {
        assert_eq!(
            ids(&select(&DEFAULT_SECTIONS, None, &[])),
            ["version-policy-check"]
        );
        assert_eq!(
            ids(&select(&[SpecSection::Heavy], None, &[])),
            ["cncf-k8s-conformance", "kaas-networking-check"]
        );
        assert_eq!(
            ids(&select(
                &[SpecSection::Heavy, SpecSection::Light],
                None,
                &[]
            )),
            [
                "version-policy-check",
                "cncf-k8s-conformance",
                "kaas-networking-check"
            ]
        );
        assert_eq!(
            ids(&select(&[SpecSection::Preview], None, &[])),
            ["node-distribution-check"]
        );
    }

    #[test]
    fn tests_match_at_the_start_of_the_id_and_skips_drop_testcases() {
        let heavy = [SpecSection::Light, SpecSection::Heavy];
        let re = parse_tests("kaas").unwrap();
        assert_eq!(
            ids(&select(&heavy, Some(&re), &[])),
            ["kaas-networking-check"]
        );
        // re.match semantics: not a search anywhere in the id.
        let re = parse_tests("networking").unwrap();
        assert!(select(&heavy, Some(&re), &[]).is_empty());
        let re = parse_tests("version|cncf").unwrap();
        assert_eq!(
            ids(&select(&heavy, Some(&re), &[])),
            ["version-policy-check", "cncf-k8s-conformance"]
        );
        assert_eq!(
            ids(&select(&heavy, None, &[NETWORKING.id])),
            ["version-policy-check", "cncf-k8s-conformance"]
        );
        assert!(parse_tests("(").is_err());
    }
}
