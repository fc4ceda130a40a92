//! Which admission plugins a kube-apiserver command line turns on, following kube-apiserver's own
//! rules: the default-on set, plus `--enable-admission-plugins`, minus
//! `--disable-admission-plugins`; the deprecated `--admission-control` names the whole set.

use serde::{Deserialize, Serialize};

use crate::kubeapi::hardening::flags::{Flags, parse_go_bool};

/// Plugins kube-apiserver enables without being asked (1.25 and later).
const DEFAULT_ON: [&str; 20] = [
    "NamespaceLifecycle",
    "LimitRanger",
    "ServiceAccount",
    "TaintNodesByCondition",
    "PodSecurity",
    "Priority",
    "DefaultTolerationSeconds",
    "DefaultStorageClass",
    "StorageObjectInUseProtection",
    "PersistentVolumeClaimResize",
    "RuntimeClass",
    "CertificateApproval",
    "CertificateSigning",
    "ClusterTrustBundleAttest",
    "CertificateSubjectRestriction",
    "DefaultIngressClass",
    "MutatingAdmissionWebhook",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionWebhook",
    "ResourceQuota",
];

/// PodSecurity is on by default from this minor version on.
const POD_SECURITY_DEFAULT_SINCE: u32 = 23;
/// The PodSecurity feature gate no longer exists from this minor version on.
const POD_SECURITY_GATE_REMOVED: u32 = 28;

/// Whether a plugin is on, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "state", content = "because")]
pub enum PluginState {
    /// The plugin runs.
    Enabled(String),
    /// The plugin does not run.
    Disabled(String),
}

impl PluginState {
    /// True for [`PluginState::Enabled`].
    pub fn is_enabled(&self) -> bool {
        matches!(self, PluginState::Enabled(_))
    }

    /// The explanation.
    pub fn because(&self) -> &str {
        match self {
            PluginState::Enabled(why) | PluginState::Disabled(why) => why,
        }
    }
}

/// Decides whether `plugin` is enabled by the given kube-apiserver flags. `minor` is the
/// Kubernetes minor version if known; unknown versions are taken to be current.
pub fn plugin_state(flags: &Flags, plugin: &str, minor: Option<u32>) -> PluginState {
    if let Some(legacy) = flags.list("admission-control") {
        return if legacy.iter().any(|p| p == plugin) {
            PluginState::Enabled("listed in the deprecated --admission-control".to_string())
        } else {
            PluginState::Disabled(
                "--admission-control (deprecated) is set and replaces the default set, and does not list it".to_string(),
            )
        };
    }
    let enabled = flags.list("enable-admission-plugins").unwrap_or_default();
    let disabled = flags.list("disable-admission-plugins").unwrap_or_default();
    let in_enabled = enabled.iter().any(|p| p == plugin);
    let in_disabled = disabled.iter().any(|p| p == plugin);
    if in_enabled && in_disabled {
        return PluginState::Disabled(
            "listed in both --enable-admission-plugins and --disable-admission-plugins, which kube-apiserver rejects"
                .to_string(),
        );
    }
    if in_disabled {
        return PluginState::Disabled("listed in --disable-admission-plugins".to_string());
    }
    if plugin == "PodSecurity" && pod_security_gate_off(flags, minor) {
        return PluginState::Disabled(
            "the PodSecurity feature gate is off (--feature-gates=PodSecurity=false)".to_string(),
        );
    }
    if in_enabled {
        return PluginState::Enabled("listed in --enable-admission-plugins".to_string());
    }
    if default_on(plugin, minor) {
        return PluginState::Enabled(match (plugin, minor) {
            ("PodSecurity", _) => {
                "on by default since Kubernetes 1.23 and not disabled".to_string()
            }
            _ => "on by default and not disabled".to_string(),
        });
    }
    PluginState::Disabled("off by default and not listed in --enable-admission-plugins".to_string())
}

fn default_on(plugin: &str, minor: Option<u32>) -> bool {
    if plugin == "PodSecurity" && minor.is_some_and(|m| m < POD_SECURITY_DEFAULT_SINCE) {
        return false;
    }
    DEFAULT_ON.contains(&plugin)
}

fn pod_security_gate_off(flags: &Flags, minor: Option<u32>) -> bool {
    if minor.is_some_and(|m| m >= POD_SECURITY_GATE_REMOVED) {
        return false;
    }
    flags
        .map("feature-gates")
        .get("PodSecurity")
        .and_then(|v| parse_go_bool(v))
        == Some(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(list: &[&str]) -> Flags {
        Flags::parse(&list.iter().map(|s| (*s).to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn node_restriction_needs_enabling_pod_security_does_not() {
        let f = flags(&["--enable-admission-plugins=NodeRestriction"]);
        assert!(plugin_state(&f, "NodeRestriction", Some(33)).is_enabled());
        assert!(plugin_state(&f, "PodSecurity", Some(33)).is_enabled());
        let bare = flags(&[]);
        assert!(!plugin_state(&bare, "NodeRestriction", None).is_enabled());
        assert!(plugin_state(&bare, "PodSecurity", None).is_enabled());
    }

    #[test]
    fn disabling_and_old_versions() {
        let f = flags(&["--disable-admission-plugins=PodSecurity"]);
        assert!(!plugin_state(&f, "PodSecurity", Some(33)).is_enabled());
        assert!(!plugin_state(&flags(&[]), "PodSecurity", Some(22)).is_enabled());
        let gate = flags(&["--feature-gates=PodSecurity=false"]);
        assert!(!plugin_state(&gate, "PodSecurity", Some(25)).is_enabled());
        assert!(plugin_state(&gate, "PodSecurity", Some(30)).is_enabled());
    }

    #[test]
    fn conflicts_and_legacy_flag() {
        let both = flags(&[
            "--enable-admission-plugins=NodeRestriction",
            "--disable-admission-plugins=NodeRestriction",
        ]);
        let state = plugin_state(&both, "NodeRestriction", None);
        assert!(!state.is_enabled());
        assert!(state.because().contains("rejects"));
        let legacy = flags(&["--admission-control=NamespaceLifecycle,NodeRestriction"]);
        assert!(plugin_state(&legacy, "NodeRestriction", None).is_enabled());
        assert!(!plugin_state(&legacy, "PodSecurity", None).is_enabled());
    }
}
