//! The resource types the fake server serves: a built-in table of core kinds plus loaded CRDs.

use std::cmp::Ordering;

use serde_json::Value;

/// The verbs of an ordinary built-in resource, in the alphabetical order of built-in discovery.
const BUILTIN_VERBS: &[&str] = &[
    "create",
    "delete",
    "deletecollection",
    "get",
    "list",
    "patch",
    "update",
    "watch",
];
/// The verbs of a custom resource, in the order the apiextensions server lists them.
const CRD_VERBS: &[&str] = &[
    "delete",
    "deletecollection",
    "get",
    "list",
    "patch",
    "create",
    "update",
    "watch",
];

/// A subresource as discovery shows it.
#[derive(Clone, Debug)]
pub(crate) struct Subresource {
    pub name: String,
    /// Group and version of the response kind when they differ from the parent (`scale`).
    pub other_gv: Option<(String, String)>,
    pub kind: String,
    pub verbs: Vec<String>,
}

/// One served version of a resource.
#[derive(Clone, Debug)]
pub(crate) struct VersionInfo {
    pub name: String,
    pub deprecated: bool,
    pub deprecation_warning: Option<String>,
}

/// Everything the server knows about one resource (group + plural).
#[derive(Clone, Debug)]
pub(crate) struct ResourceType {
    pub group: String,
    /// Served versions, most preferred first.
    pub versions: Vec<VersionInfo>,
    pub plural: String,
    pub singular: String,
    pub kind: String,
    pub list_kind: String,
    pub namespaced: bool,
    pub short_names: Vec<String>,
    pub categories: Vec<String>,
    pub verbs: Vec<String>,
    pub subresources: Vec<Subresource>,
    /// Defined by a CRD (or shaped like one): discovery names its group and version in `responseKind`.
    pub crd_like: bool,
}

impl ResourceType {
    /// Whether `version` is served.
    pub fn serves(&self, version: &str) -> bool {
        self.versions.iter().any(|v| v.name == version)
    }

    /// Whether the subresource exists.
    pub fn has_subresource(&self, name: &str) -> bool {
        self.subresources.iter().any(|s| s.name == name)
    }

    /// Whether the verb is allowed on the main resource.
    pub fn allows(&self, verb: &str) -> bool {
        self.verbs.iter().any(|v| v == verb)
    }

    /// `group/version`, or `version` for the core group.
    pub fn api_version(&self, version: &str) -> String {
        if self.group.is_empty() {
            version.to_string()
        } else {
            format!("{}/{}", self.group, version)
        }
    }

    /// The preferred served version.
    pub fn preferred_version(&self) -> &str {
        self.versions
            .first()
            .map(|v| v.name.as_str())
            .unwrap_or("v1")
    }

    /// The `Warning` header value for a deprecated version, as the apiextensions server sends it.
    pub fn deprecation_warning(&self, version: &str) -> Option<String> {
        let info = self.versions.iter().find(|v| v.name == version)?;
        if !info.deprecated {
            return None;
        }
        if let Some(custom) = &info.deprecation_warning {
            return Some(format!("299 - \"{custom}\""));
        }
        let mut text = format!("{}/{} {} is deprecated", self.group, version, self.kind);
        if let Some(better) = self.versions.iter().find(|v| !v.deprecated) {
            text.push_str(&format!(
                "; use {}/{} {}",
                self.group, better.name, self.kind
            ));
        }
        Some(format!("299 - \"{text}\""))
    }

    /// Whether metadata.generation is kept for objects of this type.
    pub fn tracks_generation(&self, obj: &Value) -> bool {
        self.crd_like || obj.get("spec").is_some()
    }
}

struct Builtin {
    group: &'static str,
    version: &'static str,
    plural: &'static str,
    kind: &'static str,
    namespaced: bool,
    short: &'static [&'static str],
    categories: &'static [&'static str],
    verbs: &'static [&'static str],
    /// (name, kind, verbs as one comma-separated string)
    subs: &'static [(&'static str, &'static str, &'static str)],
    crd_like: bool,
}

const GPU: &str = "get,patch,update";
const STATUS: (&str, &str, &str) = ("status", "", GPU);

macro_rules! builtin {
    ($g:expr, $v:expr, $p:expr, $k:expr, $ns:expr, $short:expr, $cats:expr, $subs:expr) => {
        Builtin {
            group: $g,
            version: $v,
            plural: $p,
            kind: $k,
            namespaced: $ns,
            short: $short,
            categories: $cats,
            verbs: BUILTIN_VERBS,
            subs: $subs,
            crd_like: false,
        }
    };
}

const NO: &[&str] = &[];
const ALL: &[&str] = &["all"];

static BUILTINS: &[Builtin] = &[
    Builtin {
        verbs: &[
            "create", "delete", "get", "list", "patch", "update", "watch",
        ],
        ..builtin!(
            "",
            "v1",
            "namespaces",
            "Namespace",
            false,
            &["ns"],
            NO,
            &[("finalize", "", "update"), STATUS]
        )
    },
    builtin!("", "v1", "nodes", "Node", false, &["no"], NO, &[STATUS]),
    builtin!(
        "",
        "v1",
        "pods",
        "Pod",
        true,
        &["po"],
        ALL,
        &[
            ("exec", "PodExecOptions", "create,get"),
            ("log", "", "get"),
            STATUS,
        ]
    ),
    builtin!(
        "",
        "v1",
        "services",
        "Service",
        true,
        &["svc"],
        ALL,
        &[STATUS]
    ),
    builtin!("", "v1", "endpoints", "Endpoints", true, &["ep"], NO, &[]),
    builtin!("", "v1", "configmaps", "ConfigMap", true, &["cm"], NO, &[]),
    builtin!("", "v1", "secrets", "Secret", true, NO, NO, &[]),
    builtin!(
        "",
        "v1",
        "serviceaccounts",
        "ServiceAccount",
        true,
        &["sa"],
        NO,
        &[("token", "TokenRequest", "create")]
    ),
    builtin!("", "v1", "events", "Event", true, &["ev"], NO, &[]),
    builtin!(
        "",
        "v1",
        "persistentvolumeclaims",
        "PersistentVolumeClaim",
        true,
        &["pvc"],
        NO,
        &[STATUS]
    ),
    builtin!(
        "",
        "v1",
        "persistentvolumes",
        "PersistentVolume",
        false,
        &["pv"],
        NO,
        &[STATUS]
    ),
    builtin!(
        "apps",
        "v1",
        "daemonsets",
        "DaemonSet",
        true,
        &["ds"],
        ALL,
        &[STATUS]
    ),
    builtin!(
        "apps",
        "v1",
        "deployments",
        "Deployment",
        true,
        &["deploy"],
        ALL,
        &[("scale", "Scale", GPU), STATUS]
    ),
    builtin!(
        "apps",
        "v1",
        "replicasets",
        "ReplicaSet",
        true,
        &["rs"],
        ALL,
        &[("scale", "Scale", GPU), STATUS]
    ),
    builtin!(
        "apps",
        "v1",
        "statefulsets",
        "StatefulSet",
        true,
        &["sts"],
        ALL,
        &[("scale", "Scale", GPU), STATUS]
    ),
    builtin!("batch", "v1", "jobs", "Job", true, NO, ALL, &[STATUS]),
    builtin!(
        "networking.k8s.io",
        "v1",
        "ingresses",
        "Ingress",
        true,
        &["ing"],
        NO,
        &[STATUS]
    ),
    builtin!(
        "networking.k8s.io",
        "v1",
        "networkpolicies",
        "NetworkPolicy",
        true,
        &["netpol"],
        NO,
        &[]
    ),
    builtin!(
        "rbac.authorization.k8s.io",
        "v1",
        "clusterrolebindings",
        "ClusterRoleBinding",
        false,
        NO,
        NO,
        &[]
    ),
    builtin!(
        "rbac.authorization.k8s.io",
        "v1",
        "clusterroles",
        "ClusterRole",
        false,
        NO,
        NO,
        &[]
    ),
    builtin!(
        "rbac.authorization.k8s.io",
        "v1",
        "rolebindings",
        "RoleBinding",
        true,
        NO,
        NO,
        &[]
    ),
    builtin!(
        "rbac.authorization.k8s.io",
        "v1",
        "roles",
        "Role",
        true,
        NO,
        NO,
        &[]
    ),
    builtin!(
        "storage.k8s.io",
        "v1",
        "csidrivers",
        "CSIDriver",
        false,
        NO,
        NO,
        &[]
    ),
    builtin!(
        "storage.k8s.io",
        "v1",
        "storageclasses",
        "StorageClass",
        false,
        &["sc"],
        NO,
        &[]
    ),
    Builtin {
        verbs: &["create"],
        ..builtin!(
            "authorization.k8s.io",
            "v1",
            "selfsubjectaccessreviews",
            "SelfSubjectAccessReview",
            false,
            NO,
            NO,
            &[]
        )
    },
    Builtin {
        verbs: CRD_VERBS,
        crd_like: true,
        ..builtin!(
            "snapshot.storage.k8s.io",
            "v1",
            "volumesnapshots",
            "VolumeSnapshot",
            true,
            &["vs"],
            NO,
            &[STATUS]
        )
    },
    Builtin {
        verbs: CRD_VERBS,
        crd_like: true,
        ..builtin!(
            "snapshot.storage.k8s.io",
            "v1",
            "volumesnapshotcontents",
            "VolumeSnapshotContent",
            false,
            &["vsc", "vscs"],
            NO,
            &[STATUS]
        )
    },
    Builtin {
        verbs: CRD_VERBS,
        crd_like: true,
        ..builtin!(
            "gateway.networking.k8s.io",
            "v1",
            "gateways",
            "Gateway",
            true,
            &["gtw"],
            &["gateway-api"],
            &[STATUS]
        )
    },
    builtin!(
        "apiextensions.k8s.io",
        "v1",
        "customresourcedefinitions",
        "CustomResourceDefinition",
        false,
        &["crd", "crds"],
        &["api-extensions"],
        &[STATUS]
    ),
];

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_string()).collect()
}

/// The built-in resource types, in discovery order.
pub(crate) fn builtin_types() -> Vec<ResourceType> {
    BUILTINS
        .iter()
        .map(|b| ResourceType {
            group: b.group.to_string(),
            versions: vec![VersionInfo {
                name: b.version.to_string(),
                deprecated: false,
                deprecation_warning: None,
            }],
            plural: b.plural.to_string(),
            singular: b.kind.to_ascii_lowercase(),
            kind: b.kind.to_string(),
            list_kind: format!("{}List", b.kind),
            namespaced: b.namespaced,
            short_names: strings(b.short),
            categories: strings(b.categories),
            verbs: strings(b.verbs),
            subresources: b
                .subs
                .iter()
                .map(|(name, kind, verbs)| Subresource {
                    name: (*name).to_string(),
                    other_gv: (*kind == "Scale")
                        .then(|| ("autoscaling".to_string(), "v1".to_string())),
                    kind: if kind.is_empty() {
                        b.kind.to_string()
                    } else {
                        (*kind).to_string()
                    },
                    verbs: verbs.split(',').map(str::to_string).collect(),
                })
                .collect(),
            crd_like: b.crd_like,
        })
        .collect()
}

fn str_at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    let mut cur = v;
    for p in path {
        cur = cur.get(*p)?;
    }
    cur.as_str()
}

fn str_list(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Reads a `CustomResourceDefinition` into a resource type. The error names the missing field.
pub(crate) fn from_crd(crd: &Value) -> Result<ResourceType, String> {
    let group = str_at(crd, &["spec", "group"]).ok_or("spec.group is missing")?;
    let plural = str_at(crd, &["spec", "names", "plural"]).ok_or("spec.names.plural is missing")?;
    let kind = str_at(crd, &["spec", "names", "kind"]).ok_or("spec.names.kind is missing")?;
    let singular = str_at(crd, &["spec", "names", "singular"])
        .map(str::to_string)
        .unwrap_or_else(|| kind.to_ascii_lowercase());
    let list_kind = str_at(crd, &["spec", "names", "listKind"])
        .map(str::to_string)
        .unwrap_or_else(|| format!("{kind}List"));
    let namespaced = str_at(crd, &["spec", "scope"]) != Some("Cluster");
    let names = crd.get("spec").and_then(|s| s.get("names"));
    let mut versions = Vec::new();
    let mut has_status = false;
    let mut has_scale = false;
    for v in crd
        .get("spec")
        .and_then(|s| s.get("versions"))
        .and_then(Value::as_array)
        .ok_or("spec.versions is missing")?
    {
        let Some(name) = v.get("name").and_then(Value::as_str) else {
            return Err("spec.versions[].name is missing".into());
        };
        if v.get("served").and_then(Value::as_bool) != Some(true) {
            continue;
        }
        let subs = v.get("subresources");
        has_status |= subs.and_then(|s| s.get("status")).is_some();
        has_scale |= subs.and_then(|s| s.get("scale")).is_some();
        versions.push(VersionInfo {
            name: name.to_string(),
            deprecated: v.get("deprecated").and_then(Value::as_bool) == Some(true),
            deprecation_warning: v
                .get("deprecationWarning")
                .and_then(Value::as_str)
                .map(str::to_string),
        });
    }
    if versions.is_empty() {
        return Err("no version is served".into());
    }
    versions.sort_by(|a, b| compare_versions(&a.name, &b.name));
    let mut subresources = Vec::new();
    if has_status {
        subresources.push(Subresource {
            name: "status".into(),
            other_gv: None,
            kind: kind.to_string(),
            verbs: strings(&["get", "patch", "update"]),
        });
    }
    if has_scale {
        subresources.push(Subresource {
            name: "scale".into(),
            other_gv: Some(("autoscaling".into(), "v1".into())),
            kind: "Scale".into(),
            verbs: strings(&["get", "patch", "update"]),
        });
    }
    Ok(ResourceType {
        group: group.to_string(),
        versions,
        plural: plural.to_string(),
        singular,
        kind: kind.to_string(),
        list_kind,
        namespaced,
        short_names: str_list(names.and_then(|n| n.get("shortNames"))),
        categories: str_list(names.and_then(|n| n.get("categories"))),
        verbs: strings(CRD_VERBS),
        subresources,
        crd_like: true,
    })
}

/// Kubernetes version priority: GA before beta before alpha, higher numbers first, then other names.
pub(crate) fn compare_versions(a: &str, b: &str) -> Ordering {
    version_key(a).cmp(&version_key(b)).then_with(|| a.cmp(b))
}

fn version_key(v: &str) -> (u8, std::cmp::Reverse<u64>, std::cmp::Reverse<u64>) {
    use std::cmp::Reverse;
    let Some(rest) = v.strip_prefix('v') else {
        return (3, Reverse(0), Reverse(0));
    };
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let Ok(major) = digits.parse::<u64>() else {
        return (3, Reverse(0), Reverse(0));
    };
    let tail = &rest[digits.len()..];
    if tail.is_empty() {
        return (0, Reverse(major), Reverse(0));
    }
    for (stage, rank) in [("beta", 1u8), ("alpha", 2u8)] {
        if let Some(n) = tail.strip_prefix(stage)
            && let Ok(minor) = n.parse::<u64>()
        {
            return (rank, Reverse(major), Reverse(minor));
        }
    }
    (3, Reverse(0), Reverse(0))
}
