//! The two sonobuoy-based SCS checks and what "their own focus" means.

use serde::Serialize;

/// An SCS check judged from upstream e2e results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Check {
    /// scs-0219-v1, testcase `kaas-networking-check`: the e2e tests focused `NetworkPolicy`.
    #[serde(rename = "kaas-networking-check")]
    Networking,
    /// scs-0201, testcase `cncf-k8s-conformance`: the `[Conformance]` e2e tests.
    #[serde(rename = "cncf-k8s-conformance")]
    Conformance,
}

impl Check {
    /// Both checks.
    pub const ALL: [Check; 2] = [Check::Networking, Check::Conformance];

    /// The SCS testcase id, as printed in runner lines (`<id>: PASS`).
    pub fn id(self) -> &'static str {
        match self {
            Check::Networking => "kaas-networking-check",
            Check::Conformance => "cncf-k8s-conformance",
        }
    }

    /// The ginkgo focus regex a run for this check uses by default
    /// (`--e2e-focus` for sonobuoy, `E2E_FOCUS` for the conformance image).
    pub fn default_focus(self) -> &'static str {
        match self {
            Check::Networking => "NetworkPolicy",
            Check::Conformance => r"\[Conformance\]",
        }
    }

    /// True when `name` is a test of this check's own focus: for networking a name
    /// containing `NetworkPolicy`, for conformance a name containing `[Conformance]`.
    pub fn is_own_focus(self, name: &str) -> bool {
        match self {
            Check::Networking => name.contains("NetworkPolicy"),
            Check::Conformance => name.contains("[Conformance]"),
        }
    }

    /// How the focus tests are called in messages.
    pub fn focus_label(self) -> &'static str {
        match self {
            Check::Networking => "NetworkPolicy",
            Check::Conformance => "[Conformance]",
        }
    }
}

impl std::fmt::Display for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}
