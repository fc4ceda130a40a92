//! One pass over the input objects into maps keyed by namespace and name.
//!
//! Every later lookup is a hash lookup, so the whole analysis stays linear in the number of
//! objects.

use std::collections::HashMap;

use serde_json::Value;

use crate::k8s::json::{label, name, namespace, nonempty_str_at, owner_name};

/// The kinds the analysis reads, recognised by kind and API group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    ClusterStack,
    ClusterStackRelease,
    ClusterAddon,
    Cluster,
    ClusterClass,
    KubeadmControlPlane,
    MachineDeployment,
    OpenStackCluster,
    ExtensionConfig,
}

impl Kind {
    fn of(obj: &Value) -> Option<Kind> {
        let kind = nonempty_str_at(obj, &["kind"])?;
        let (kind, group) = match kind {
            "ClusterStack" => (Kind::ClusterStack, "clusterstack.x-k8s.io"),
            "ClusterStackRelease" => (Kind::ClusterStackRelease, "clusterstack.x-k8s.io"),
            "ClusterAddon" => (Kind::ClusterAddon, "clusterstack.x-k8s.io"),
            "Cluster" => (Kind::Cluster, "cluster.x-k8s.io"),
            "ClusterClass" => (Kind::ClusterClass, "cluster.x-k8s.io"),
            "MachineDeployment" => (Kind::MachineDeployment, "cluster.x-k8s.io"),
            "KubeadmControlPlane" => (Kind::KubeadmControlPlane, "controlplane.cluster.x-k8s.io"),
            "OpenStackCluster" => (Kind::OpenStackCluster, "infrastructure.cluster.x-k8s.io"),
            "ExtensionConfig" => (Kind::ExtensionConfig, "runtime.cluster.x-k8s.io"),
            _ => return None,
        };
        // Other projects reuse kind names such as `Cluster`; an absent apiVersion is accepted.
        match nonempty_str_at(obj, &["apiVersion"]) {
            Some(api) if api.split('/').next() != Some(group) => None,
            _ => Some(kind),
        }
    }
}

/// namespace → name → value, looked up with borrowed strings of any lifetime.
#[derive(Debug)]
pub(crate) struct NsMap<'a, V>(HashMap<&'a str, HashMap<&'a str, V>>);

impl<V> Default for NsMap<'_, V> {
    fn default() -> Self {
        NsMap(HashMap::new())
    }
}

impl<'a, V> NsMap<'a, V> {
    pub fn get(&self, ns: &str, name: &str) -> Option<&V> {
        self.0.get(ns)?.get(name)
    }

    /// Inserts unless the key exists: the first object read wins, which keeps results stable.
    pub fn insert_first(&mut self, ns: &'a str, name: &'a str, value: V) {
        self.0.entry(ns).or_default().entry(name).or_insert(value);
    }

    pub fn entry_or_default(&mut self, ns: &'a str, name: &'a str) -> &mut V
    where
        V: Default,
    {
        self.0.entry(ns).or_default().entry(name).or_default()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The input objects, grouped for lookups.
#[derive(Debug, Default)]
pub(crate) struct Index<'a> {
    /// Clusters ordered by namespace and name.
    pub clusters: Vec<&'a Value>,
    /// ClusterStacks ordered by namespace and name.
    pub stacks: Vec<&'a Value>,
    /// ClusterStackReleases ordered by namespace and name.
    pub releases: Vec<&'a Value>,
    pub stack_by_name: NsMap<'a, &'a Value>,
    pub release_by_name: NsMap<'a, &'a Value>,
    pub class_by_name: NsMap<'a, &'a Value>,
    pub addon_by_cluster: NsMap<'a, &'a Value>,
    pub kcp_by_name: NsMap<'a, &'a Value>,
    pub kcp_by_cluster: NsMap<'a, &'a Value>,
    pub infra_by_name: NsMap<'a, &'a Value>,
    pub infra_by_cluster: NsMap<'a, &'a Value>,
    pub mds_by_cluster: NsMap<'a, Vec<&'a Value>>,
    /// Cluster-scoped ExtensionConfigs ordered by name.
    pub extension_configs: Vec<&'a Value>,
    /// Whether any object of the kind was read; absence claims are made only for read kinds.
    pub seen_addons: bool,
    pub seen_classes: bool,
    pub seen_releases: bool,
}

impl<'a> Index<'a> {
    pub fn build(objects: &'a [Value]) -> Self {
        let mut ix = Index::default();
        for obj in objects {
            let Some(kind) = Kind::of(obj) else { continue };
            let Some(obj_name) = name(obj) else { continue };
            let ns = namespace(obj);
            // Topology-owned objects name their Cluster in a label; the owner reference is the
            // fallback for objects created by hand.
            let cluster_label =
                label(obj, "cluster.x-k8s.io/cluster-name").or_else(|| owner_name(obj, "Cluster"));
            match kind {
                Kind::ClusterStack => {
                    ix.stacks.push(obj);
                    ix.stack_by_name.insert_first(ns, obj_name, obj);
                }
                Kind::ClusterStackRelease => {
                    ix.seen_releases = true;
                    ix.releases.push(obj);
                    ix.release_by_name.insert_first(ns, obj_name, obj);
                }
                Kind::ClusterAddon => {
                    ix.seen_addons = true;
                    let cluster = nonempty_str_at(obj, &["spec", "clusterRef", "name"])
                        .or_else(|| owner_name(obj, "Cluster"))
                        .or_else(|| obj_name.strip_prefix("cluster-addon-"));
                    if let Some(cluster) = cluster {
                        let cluster_ns = nonempty_str_at(obj, &["spec", "clusterRef", "namespace"])
                            .unwrap_or(ns);
                        ix.addon_by_cluster.insert_first(cluster_ns, cluster, obj);
                    }
                }
                Kind::Cluster => ix.clusters.push(obj),
                Kind::ClusterClass => {
                    ix.seen_classes = true;
                    ix.class_by_name.insert_first(ns, obj_name, obj);
                }
                Kind::KubeadmControlPlane => {
                    ix.kcp_by_name.insert_first(ns, obj_name, obj);
                    if let Some(c) = cluster_label {
                        ix.kcp_by_cluster.insert_first(ns, c, obj);
                    }
                }
                Kind::OpenStackCluster => {
                    ix.infra_by_name.insert_first(ns, obj_name, obj);
                    if let Some(c) = cluster_label {
                        ix.infra_by_cluster.insert_first(ns, c, obj);
                    }
                }
                Kind::MachineDeployment => {
                    let cluster = nonempty_str_at(obj, &["spec", "clusterName"]).or(cluster_label);
                    if let Some(c) = cluster {
                        ix.mds_by_cluster.entry_or_default(ns, c).push(obj);
                    }
                }
                Kind::ExtensionConfig => ix.extension_configs.push(obj),
            }
        }
        let by_ns_name =
            |a: &&Value, b: &&Value| (namespace(a), name(a)).cmp(&(namespace(b), name(b)));
        let same =
            |a: &mut &Value, b: &mut &Value| (namespace(a), name(a)) == (namespace(b), name(b));
        // Stable sorts keep the first copy of a duplicated object, as the maps do.
        for list in [
            &mut ix.clusters,
            &mut ix.stacks,
            &mut ix.releases,
            &mut ix.extension_configs,
        ] {
            list.sort_by(by_ns_name);
            list.dedup_by(same);
        }
        for names in ix.mds_by_cluster.0.values_mut() {
            for mds in names.values_mut() {
                mds.sort_by(by_ns_name);
            }
        }
        ix
    }
}
