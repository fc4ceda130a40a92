//! ClusterStacks and their releases: the table the Cluster analysis looks releases up in, and
//! the per-stack entries of the result.

use std::collections::HashMap;

use jiff::Timestamp;
use serde_json::Value;

use super::age::human_age;
use super::conditions::Conditions;
use super::index::Index;
use super::model::{
    Diagnosis, DiagnosisCode, ReleaseStatus, Severity, StackEntry, TreeNode, sort_diagnoses,
};
use super::names::{ReleaseName, release_tag, stable_number, stack_key};
use super::tree::condition_row;
use super::views::one_line;
use crate::k8s::json::{bool_at, name, namespace, nonempty_str_at, owner_name, time_at};

/// `namespace/key` of a stack, where key is `<provider>-<name>-<major>-<minor>`.
pub(crate) fn table_key(ns: &str, key: &str) -> String {
    format!("{ns}/{key}")
}

/// One ClusterStack (possibly only known from its releases) with its releases.
#[derive(Debug)]
pub(crate) struct StackInfo<'a> {
    pub ns: &'a str,
    pub key: String,
    pub object: Option<&'a Value>,
    /// Releases ordered by name.
    pub releases: Vec<&'a Value>,
    /// Computed once when the table is built, so per-Cluster lookups stay O(1).
    usable: Vec<String>,
    latest: Option<Latest>,
}

/// The newest ready stable release of a stack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Latest {
    pub number: u64,
    pub tag: String,
    pub kubernetes_version: Option<String>,
}

impl<'a> StackInfo<'a> {
    /// `namespace/name` of the ClusterStack, or of the stack key when the object is absent.
    pub fn display(&self) -> String {
        let name = self.object.and_then(name).unwrap_or(&self.key);
        format!("{}/{}", self.ns, name)
    }

    /// The ClusterStack's own name, or the stack key.
    pub fn short_name(&self) -> &str {
        self.object.and_then(name).unwrap_or(&self.key)
    }

    fn new(ns: &'a str, key: String, object: Option<&'a Value>) -> Self {
        StackInfo {
            ns,
            key,
            object,
            releases: Vec::new(),
            usable: Vec::new(),
            latest: None,
        }
    }

    /// Version parts of ready releases, ordered by version number.
    pub fn usable_versions(&self) -> &[String] {
        &self.usable
    }

    /// The ready release with the highest stable version number.
    pub fn latest_stable(&self) -> Option<&Latest> {
        self.latest.as_ref()
    }

    fn finish(&mut self) {
        self.usable = self.compute_usable();
        self.latest = self.compute_latest();
    }

    /// Falls back to `status.usableVersions` when no release object was read.
    fn compute_usable(&self) -> Vec<String> {
        let mut versions: Vec<String> = self
            .releases
            .iter()
            .filter(|r| release_ready(r))
            .filter_map(|r| name(r).and_then(ReleaseName::parse))
            .map(|n| n.version)
            .collect();
        if self.releases.is_empty()
            && let Some(list) = self
                .object
                .and_then(|o| nonempty_str_at(o, &["status", "usableVersions"]))
        {
            versions = list
                .split(',')
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
                .collect();
        }
        versions.sort_by(|a, b| (stable_number(a), a).cmp(&(stable_number(b), b)));
        versions.dedup();
        versions
    }

    fn compute_latest(&self) -> Option<Latest> {
        if !self.releases.is_empty() {
            return self
                .releases
                .iter()
                .filter(|r| release_ready(r))
                .filter_map(|r| {
                    let tag = name(r)?;
                    Some(Latest {
                        number: ReleaseName::parse(tag)?.stable_number()?,
                        tag: tag.to_owned(),
                        kubernetes_version: nonempty_str_at(r, &["status", "kubernetesVersion"])
                            .map(str::to_owned),
                    })
                })
                .max_by_key(|l| l.number);
        }
        self.usable
            .iter()
            .filter_map(|v| {
                Some(Latest {
                    number: stable_number(v)?,
                    tag: format!("{}-{v}", self.key),
                    kubernetes_version: None,
                })
            })
            .max_by_key(|l| l.number)
    }
}

/// Whether a ClusterStackRelease is ready: `status.ready`, else its Ready condition.
pub(crate) fn release_ready(release: &Value) -> bool {
    bool_at(release, &["status", "ready"]).unwrap_or_else(|| {
        Conditions::read(release, &["status", "conditions"])
            .get("Ready")
            .is_some_and(|c| c.is_true())
    })
}

/// All stacks, keyed by `table_key`.
#[derive(Debug, Default)]
pub(crate) struct StackTable<'a> {
    pub by_key: HashMap<String, StackInfo<'a>>,
}

impl<'a> StackTable<'a> {
    pub fn build(ix: &Index<'a>) -> Self {
        let mut table = StackTable::default();
        for stack in &ix.stacks {
            let ns = namespace(stack);
            let key = stack_key(
                nonempty_str_at(stack, &["spec", "provider"]).unwrap_or(""),
                nonempty_str_at(stack, &["spec", "name"]).unwrap_or(""),
                nonempty_str_at(stack, &["spec", "kubernetesVersion"]).unwrap_or(""),
            )
            .or_else(|| name(stack).map(str::to_owned))
            .unwrap_or_default();
            table
                .by_key
                .entry(table_key(ns, &key))
                .or_insert_with(|| StackInfo::new(ns, key, Some(stack)));
        }
        for release in &ix.releases {
            let ns = namespace(release);
            let owner_key = owner_name(release, "ClusterStack")
                .and_then(|owner| ix.stack_by_name.get(ns, owner))
                .and_then(|stack| {
                    stack_key(
                        nonempty_str_at(stack, &["spec", "provider"]).unwrap_or(""),
                        nonempty_str_at(stack, &["spec", "name"]).unwrap_or(""),
                        nonempty_str_at(stack, &["spec", "kubernetesVersion"]).unwrap_or(""),
                    )
                });
            let key = owner_key
                .or_else(|| name(release).and_then(ReleaseName::parse).map(|n| n.stack))
                .or_else(|| name(release).map(str::to_owned))
                .unwrap_or_default();
            table
                .by_key
                .entry(table_key(ns, &key))
                .or_insert_with(|| StackInfo::new(ns, key, None))
                .releases
                .push(release);
        }
        for info in table.by_key.values_mut() {
            info.finish();
        }
        table
    }

    /// The stack a class name belongs to.
    pub fn for_class(&self, ns: &str, class: &str) -> Option<&StackInfo<'a>> {
        let parsed = ReleaseName::parse(class)?;
        self.by_key.get(&table_key(ns, &parsed.stack))
    }

    /// Entries ordered by namespace and display name.
    pub fn ordered(&self) -> Vec<&StackInfo<'a>> {
        let mut list: Vec<&StackInfo<'a>> = self.by_key.values().collect();
        list.sort_by_cached_key(|s| (s.ns, s.short_name().to_owned()));
        list
    }
}

/// The reason and since-time of a release that is not ready.
pub(crate) struct NotReady<'a> {
    pub reason: Option<&'a str>,
    pub message: String,
    pub since: Option<Timestamp>,
}

/// Why a release is not ready, from its conditions (Ready is the summary, so it is read last).
pub(crate) fn not_ready_reason(release: &Value) -> NotReady<'_> {
    let conditions = Conditions::read(release, &["status", "conditions"]);
    let failing = conditions
        .iter()
        .filter(|c| c.type_ != "Ready" && c.is_false())
        .chain(conditions.get("Ready").filter(|c| !c.is_true()))
        .next()
        .copied();
    match failing {
        Some(c) => NotReady {
            reason: c.reason,
            message: one_line(&c.explain()),
            since: c.since,
        },
        None => NotReady {
            reason: None,
            message: "status.ready is not true and no condition says why".to_owned(),
            since: time_at(release, &["metadata", "creationTimestamp"]),
        },
    }
}

/// What to do about a release that is not ready, by condition reason.
pub(crate) fn release_hint(reason: Option<&str>, usable: &[String]) -> String {
    let fallback = if usable.is_empty() {
        String::new()
    } else {
        format!(
            " Meanwhile Clusters can use a usable version ({}).",
            usable.join(", ")
        )
    };
    let what = match reason {
        Some("ReleaseAssetsNotDownloadedYet") => {
            "CSO has not downloaded the release assets: check that the release exists at CSO's \
             asset source (OCI registry or GitHub) and the CSO logs \
             (kubectl -n cso-system logs deploy/cso-controller-manager)."
        }
        Some("IssueWithReleaseAssets") => {
            "The downloaded release assets are invalid: rebuild and republish the release \
             (csctl create) or pin a working version in the ClusterStack's spec.versions."
        }
        Some("FailedCreateAssetsClient") => {
            "CSO cannot create its assets client: check the credentials and the asset source \
             settings of the CSO deployment."
        }
        Some("ProcessOngoing") => {
            "Provider-specific work (node images) is still running: check the provider's \
             ClusterStackRelease objects and their conditions."
        }
        Some("FailedToApplyObjects") => {
            "CSO could not apply the ClusterClass and templates of the release: check the CSO \
             logs for the apply error."
        }
        _ => "Check the ClusterStackRelease's conditions and the CSO logs.",
    };
    format!("{what}{fallback}")
}

/// Builds the result entry for one stack.
pub(crate) fn stack_entry(
    info: &StackInfo<'_>,
    used_by: &HashMap<String, Vec<&str>>,
    now: Timestamp,
) -> StackEntry {
    let stack_conditions = info
        .object
        .map(|o| Conditions::read(o, &["status", "conditions"]))
        .unwrap_or_default();
    let stack_ready = stack_conditions.get("Ready").map(|c| c.is_true());
    let usable = info.usable_versions().to_vec();
    let mut diagnoses = Vec::new();
    let mut releases = Vec::new();
    let mut release_rows = Vec::new();
    let stack_name = info.short_name();

    for release in &info.releases {
        let tag = name(release).unwrap_or("");
        let ready = release_ready(release);
        let k8s = nonempty_str_at(release, &["status", "kubernetesVersion"]).map(str::to_owned);
        let users: Vec<String> = used_by
            .get(&table_key(info.ns, &release_tag(tag)))
            .map(|v| v.iter().map(|s| (*s).to_owned()).collect())
            .unwrap_or_default();
        let conditions = Conditions::read(release, &["status", "conditions"]);
        let mut row = condition_row(
            format!("ClusterStackRelease/{tag}"),
            conditions.get("Ready"),
            now,
        );
        if ready && row.ready.is_none() {
            row.ready = Some("True".to_owned());
        }
        let mut summary = k8s.clone().unwrap_or_default();
        if !users.is_empty() {
            if !summary.is_empty() {
                summary.push_str(", ");
            }
            summary.push_str(&format!("used by {}", users.join(", ")));
        }
        if row.message.is_none() && !summary.is_empty() {
            row.message = Some(summary);
        }
        release_rows.push(row);

        if !ready {
            let why = not_ready_reason(release);
            let since = why
                .since
                .map(|t| format!(" for {}", human_age(now, t)))
                .unwrap_or_default();
            let (severity, users_text) = if users.is_empty() {
                let still = if stack_ready == Some(true) {
                    format!("; ClusterStack {stack_name} still reports Ready=True")
                } else {
                    String::new()
                };
                (Severity::Warning, format!("used by no Cluster{still}"))
            } else {
                (
                    Severity::Error,
                    format!("used by Cluster(s) {}", users.join(", ")),
                )
            };
            let usable_text = if usable.is_empty() {
                "no usable version".to_owned()
            } else {
                format!("usable: {}", usable.join(", "))
            };
            diagnoses.push(
                Diagnosis::new(
                    DiagnosisCode::ReleaseNotReady,
                    severity,
                    format!(
                        "ClusterStackRelease {tag} not ready{since}: {}; {users_text} ({usable_text})",
                        why.message
                    ),
                    release_hint(why.reason, &usable),
                )
                .about(format!("ClusterStackRelease/{}/{tag}", info.ns)),
            );
        }
        releases.push(ReleaseStatus {
            name: tag.to_owned(),
            ready,
            kubernetes_version: k8s,
            used_by: users,
        });
    }

    // A ClusterStack condition that is False on its own (not only the summary) is a stack
    // problem, e.g. listing remote releases failed.
    for c in stack_conditions
        .iter()
        .filter(|c| c.type_ != "Ready" && c.is_false())
    {
        diagnoses.push(
            Diagnosis::new(
                DiagnosisCode::StackNotReady,
                Severity::Warning,
                format!(
                    "ClusterStack {stack_name}: {} is False: {}",
                    c.type_,
                    one_line(&c.explain())
                ),
                "Check the ClusterStack's spec (provider, name, kubernetesVersion, versions), \
                 CSO's asset source and the CSO logs.",
            )
            .about(format!("ClusterStack/{}/{stack_name}", info.ns)),
        );
    }
    sort_diagnoses(&mut diagnoses);

    let mut tree = match info.object {
        Some(_) => condition_row(
            format!("ClusterStack/{stack_name}"),
            stack_conditions.get("Ready"),
            now,
        ),
        None => TreeNode::named(format!("ClusterStack/{stack_name}"))
            .with_message("ClusterStack object not found"),
    };
    if tree.message.is_none() {
        tree.message = Some(if usable.is_empty() {
            "no usable version".to_owned()
        } else {
            format!("usable: {}", usable.join(", "))
        });
    }
    tree.children = release_rows;

    StackEntry {
        stack: info.display(),
        found: info.object.is_some(),
        ready: stack_ready,
        usable_versions: usable,
        releases,
        diagnoses,
        tree,
    }
}
