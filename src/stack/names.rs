//! CSO naming: release tags and class names.
//!
//! A release tag is `<provider>-<name>-<major>-<minor>-<version>`; provider and name contain no
//! dash. The ClusterClass (and `topology.class`) uses the dot form of the version
//! (`v1-alpha.1`), the ClusterStackRelease the dash form (`v1-alpha-1`). Stable versions (`v1`)
//! are the same in both forms.

/// The parts of a release tag or class name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ReleaseName {
    /// `<provider>-<name>-<major>-<minor>`, shared by all releases of one ClusterStack.
    pub stack: String,
    /// The version part as written (`v2`, `v0-sha.abc`, `v0-sha-abc`).
    pub version: String,
}

impl ReleaseName {
    /// Splits a class name or release tag; `None` when it has fewer than five dash parts.
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.splitn(5, '-');
        let provider = parts.next().filter(|p| !p.is_empty())?;
        let name = parts.next().filter(|p| !p.is_empty())?;
        let major = parts.next().filter(|p| is_number(p))?;
        let minor = parts.next().filter(|p| is_number(p))?;
        let version = parts.next().filter(|v| v.starts_with('v'))?;
        Some(ReleaseName {
            stack: format!("{provider}-{name}-{major}-{minor}"),
            version: version.to_owned(),
        })
    }

    /// The version number of a stable version (`v3` → 3); `None` for channel or hash versions.
    pub fn stable_number(&self) -> Option<u64> {
        stable_number(&self.version)
    }
}

/// `v3` → 3; other forms → `None`.
pub(crate) fn stable_number(version: &str) -> Option<u64> {
    version
        .strip_prefix('v')
        .filter(|n| is_number(n))?
        .parse()
        .ok()
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// The release tag (= ClusterStackRelease name) of a class name: CSO replaces the single dot.
pub(crate) fn release_tag(class: &str) -> String {
    if class.matches('.').count() == 1 {
        class.replace('.', "-")
    } else {
        class.to_owned()
    }
}

/// The stack key of a ClusterStack's spec: `<provider>-<name>-<major>-<minor>`.
pub(crate) fn stack_key(provider: &str, name: &str, kubernetes_version: &str) -> Option<String> {
    let (major, minor) = kubernetes_version.trim_start_matches('v').split_once('.')?;
    let minor = minor.split('.').next().unwrap_or(minor);
    (is_number(major) && is_number(minor) && !provider.is_empty() && !name.is_empty())
        .then(|| format!("{provider}-{name}-{major}-{minor}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tags_and_classes() {
        let r = ReleaseName::parse("openstack-scs2-1-33-v2").expect("valid tag");
        assert_eq!(r.stack, "openstack-scs2-1-33");
        assert_eq!(r.stable_number(), Some(2));
        let r = ReleaseName::parse("docker-ferrol-1-27-v0-sha.hipstsw").expect("valid class");
        assert_eq!(r.version, "v0-sha.hipstsw");
        assert_eq!(r.stable_number(), None);
        assert_eq!(ReleaseName::parse("openstack-scs2-1-33"), None);
        assert_eq!(ReleaseName::parse("a-b-x-33-v1"), None);
        assert_eq!(
            release_tag("docker-ferrol-1-27-v0-sha.hipstsw"),
            "docker-ferrol-1-27-v0-sha-hipstsw"
        );
        assert_eq!(
            release_tag("openstack-scs2-1-33-v2"),
            "openstack-scs2-1-33-v2"
        );
        assert_eq!(
            stack_key("openstack", "scs2", "1.33").as_deref(),
            Some("openstack-scs2-1-33")
        );
        assert_eq!(stack_key("openstack", "scs2", "133"), None);
    }
}
