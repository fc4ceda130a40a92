//! Which resource types are loaded, looked up by path, by kind or by a kubectl-style name.

use super::resources::{ResourceType, builtin_types, compare_versions};

/// The loaded resource types: the built-in table plus the CRDs.
#[derive(Clone, Debug)]
pub(crate) struct Registry {
    pub types: Vec<ResourceType>,
}

impl Registry {
    /// The built-in kinds only.
    pub fn with_builtins() -> Self {
        Registry {
            types: builtin_types(),
        }
    }

    /// Adds or replaces the type with the same group and plural.
    pub fn register(&mut self, rt: ResourceType) {
        match self
            .types
            .iter_mut()
            .find(|t| t.group == rt.group && t.plural == rt.plural)
        {
            Some(existing) => *existing = rt,
            None => self.types.push(rt),
        }
    }

    /// Removes a type (a CRD was deleted).
    pub fn unregister(&mut self, group: &str, plural: &str) {
        self.types
            .retain(|t| !(t.group == group && t.plural == plural));
    }

    /// The type served at `group/version/plural`.
    pub fn find_served(&self, group: &str, version: &str, plural: &str) -> Option<&ResourceType> {
        self.types
            .iter()
            .find(|t| t.group == group && t.plural == plural && t.serves(version))
    }

    /// The type of a group and kind, whatever version.
    pub fn find_kind(&self, group: &str, kind: &str) -> Option<&ResourceType> {
        self.types
            .iter()
            .find(|t| t.group == group && t.kind == kind)
    }

    /// The type of a group and plural.
    pub fn find_plural(&self, group: &str, plural: &str) -> Option<&ResourceType> {
        self.types
            .iter()
            .find(|t| t.group == group && t.plural == plural)
    }

    /// Resolves `Pod`, `pods`, `po`, `ClusterAddon.clusterstack.x-k8s.io`, `clusters.cluster.x-k8s.io`.
    pub fn resolve(&self, spec: &str) -> Option<&ResourceType> {
        let matches = |t: &ResourceType, name: &str| {
            t.kind == name
                || t.plural == name
                || t.singular == name
                || t.short_names.iter().any(|s| s == name)
        };
        if let Some(found) = self.types.iter().find(|t| matches(t, spec)) {
            return Some(found);
        }
        let (name, group) = spec.split_once('.')?;
        self.types
            .iter()
            .find(|t| t.group == group && matches(t, name))
    }

    /// Every non-core group with its served versions, most preferred first, in load order.
    pub fn groups(&self) -> Vec<(String, Vec<String>)> {
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for t in self.types.iter().filter(|t| !t.group.is_empty()) {
            let pos = match out.iter().position(|(g, _)| *g == t.group) {
                Some(p) => p,
                None => {
                    out.push((t.group.clone(), Vec::new()));
                    out.len() - 1
                }
            };
            if let Some((_, versions)) = out.get_mut(pos) {
                for v in &t.versions {
                    if !versions.contains(&v.name) {
                        versions.push(v.name.clone());
                    }
                }
            }
        }
        for (_, versions) in &mut out {
            versions.sort_by(|a, b| compare_versions(a, b));
        }
        out
    }

    /// Whether any type of the group is loaded.
    pub fn has_group(&self, group: &str) -> bool {
        self.types.iter().any(|t| t.group == group)
    }

    /// The types served at a group version, sorted by plural.
    pub fn in_group_version(&self, group: &str, version: &str) -> Vec<&ResourceType> {
        let mut v: Vec<&ResourceType> = self
            .types
            .iter()
            .filter(|t| t.group == group && t.serves(version))
            .collect();
        v.sort_by(|a, b| a.plural.cmp(&b.plural));
        v
    }
}
