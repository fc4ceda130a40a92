//! Findings: a stable code, a severity, the objects concerned, what it means and what to do.

use std::fmt;

use serde::Serialize;

use crate::netpol::Direction;

/// How much a finding matters; `--fail-on` compares against it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing is wrong as such.
    Info,
    /// Probably not what was meant, or traffic is less isolated than it could be.
    Warning,
    /// Traffic will break, or isolation is not in effect at all.
    Error,
}

impl Severity {
    /// `info`, `warning` or `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The stable finding codes (documented in the README's findings table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// A workload accepts ingress from anywhere.
    IngressNotIsolated,
    /// A workload may send anywhere.
    EgressNotIsolated,
    /// A namespace has no default-deny policy.
    NoDefaultDeny,
    /// A policy's podSelector selects no pod.
    PodSelectorMatchesNothing,
    /// A peer's namespaceSelector selects no namespace.
    NamespaceSelectorMatchesNothing,
    /// A named port that no pod it could resolve on exposes.
    NamedPortUnresolved,
    /// Rules of a direction the policy's policyTypes leave out.
    RulesIgnored,
    /// A rule whose every admitted connection other rules admit too.
    RuleShadowed,
    /// A policy that changes no connection: other policies isolate its pods and admit all it admits.
    PolicyRedundant,
    /// Egress isolated without an allowance for cluster DNS.
    EgressWithoutDns,
    /// An ipBlock containing pod or Service addresses.
    IpBlockContainsClusterAddresses,
    /// SCTP rules on a CNI that does not support SCTP.
    SctpUnsupported,
    /// Policies in a namespace being deleted.
    NamespaceTerminating,
    /// The CNI does not enforce NetworkPolicy at all.
    CniDoesNotEnforce,
}

impl Code {
    /// Every code, in the order of the README table.
    pub const ALL: [Code; 14] = [
        Code::IngressNotIsolated,
        Code::EgressNotIsolated,
        Code::NoDefaultDeny,
        Code::PodSelectorMatchesNothing,
        Code::NamespaceSelectorMatchesNothing,
        Code::NamedPortUnresolved,
        Code::RulesIgnored,
        Code::RuleShadowed,
        Code::PolicyRedundant,
        Code::EgressWithoutDns,
        Code::IpBlockContainsClusterAddresses,
        Code::SctpUnsupported,
        Code::NamespaceTerminating,
        Code::CniDoesNotEnforce,
    ];

    /// The code as printed: `ingress-not-isolated`, …
    pub fn as_str(self) -> &'static str {
        match self {
            Code::IngressNotIsolated => "ingress-not-isolated",
            Code::EgressNotIsolated => "egress-not-isolated",
            Code::NoDefaultDeny => "no-default-deny",
            Code::PodSelectorMatchesNothing => "pod-selector-matches-nothing",
            Code::NamespaceSelectorMatchesNothing => "namespace-selector-matches-nothing",
            Code::NamedPortUnresolved => "named-port-unresolved",
            Code::RulesIgnored => "rules-ignored",
            Code::RuleShadowed => "rule-shadowed",
            Code::PolicyRedundant => "policy-redundant",
            Code::EgressWithoutDns => "egress-without-dns",
            Code::IpBlockContainsClusterAddresses => "ipblock-contains-cluster-addresses",
            Code::SctpUnsupported => "sctp-unsupported",
            Code::NamespaceTerminating => "namespace-terminating",
            Code::CniDoesNotEnforce => "cni-does-not-enforce",
        }
    }

    /// Whether the code says "this does nothing": removing what it names changes no connection.
    pub fn does_nothing(self) -> bool {
        matches!(
            self,
            Code::PodSelectorMatchesNothing | Code::PolicyRedundant | Code::RuleShadowed
        )
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a finding is about inside the cluster model (not serialized: `objects` names it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Subject {
    /// A namespace, workload or the cluster.
    #[default]
    Other,
    /// A policy, by index into `Cluster::policies`.
    Policy(usize),
    /// One rule of a policy.
    Rule {
        /// Index into `Cluster::policies`.
        policy: usize,
        /// Ingress or egress list.
        direction: Direction,
        /// Index into that list.
        rule: usize,
    },
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// Stable code.
    pub code: Code,
    /// How much it matters.
    pub severity: Severity,
    /// The namespace concerned; none for cluster-wide findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Whether the namespace is a system namespace (its posture is scored apart).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub system: bool,
    /// The objects concerned, as `Kind namespace/name` (a rule as `… spec.ingress[0]`).
    pub objects: Vec<String>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to do; a policy ready to apply where one fits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The policy or rule concerned, for tests and callers that act on the model.
    #[serde(skip)]
    pub subject: Subject,
}

impl Finding {
    pub(crate) fn new(code: Code, severity: Severity, message: impl Into<String>) -> Self {
        Self {
            code,
            severity,
            namespace: None,
            system: false,
            objects: Vec::new(),
            message: message.into(),
            hint: None,
            subject: Subject::Other,
        }
    }

    pub(crate) fn in_namespace(mut self, namespace: &str) -> Self {
        self.system = super::is_system_namespace(namespace);
        self.namespace = Some(namespace.to_owned());
        self
    }

    pub(crate) fn object(mut self, object: impl Into<String>) -> Self {
        self.objects.push(object.into());
        self
    }

    pub(crate) fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub(crate) fn subject(mut self, subject: Subject) -> Self {
        self.subject = subject;
        self
    }
}

/// `NetworkPolicy ns/name`.
pub(crate) fn policy_object(policy: &crate::netpol::Policy) -> String {
    format!("NetworkPolicy {}", policy.key())
}

/// `NetworkPolicy ns/name spec.ingress[2]`.
pub(crate) fn rule_object(
    policy: &crate::netpol::Policy,
    direction: Direction,
    rule: usize,
) -> String {
    format!(
        "NetworkPolicy {} spec.{}[{rule}]",
        policy.key(),
        direction.as_str()
    )
}
