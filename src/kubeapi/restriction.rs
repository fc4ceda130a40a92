//! Management view of `check kubeapi`: for each CAPI Cluster, is access to its API server
//! restricted to the requested CIDRs?
//!
//! The Cluster side (topology variables, references) is provider-neutral. Everything about how a
//! restriction is carried out lives in an [`InfraAdapter`] chosen by the kind of the Cluster's
//! `spec.infrastructureRef`; kinds without an adapter get `UNKNOWN`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::k8s::json;
use crate::kubeapi::cidr;
use crate::kubeapi::cluster::{ClusterView, ObjectRef, is_capi_cluster};
use crate::kubeapi::providers::openstack::OpenStackAdapter;
use crate::kubeapi::variables;

/// The judgement for one Cluster. Serialised as `RESTRICTED`, `NOT_ENFORCED`, `OPEN`, `UNKNOWN`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Restriction {
    /// The requested CIDRs are in effect and nothing admits the whole address space.
    Restricted,
    /// A restriction was requested but is not in effect.
    NotEnforced,
    /// Nothing restricts access: nothing requested, the world is allowed, or the API sits on an
    /// unfiltered floating IP.
    Open,
    /// The infrastructure is not supported, or the objects needed were not readable.
    Unknown,
}

impl Restriction {
    /// The serialised name.
    pub fn as_str(self) -> &'static str {
        match self {
            Restriction::Restricted => "RESTRICTED",
            Restriction::NotEnforced => "NOT_ENFORCED",
            Restriction::Open => "OPEN",
            Restriction::Unknown => "UNKNOWN",
        }
    }
}

impl std::fmt::Display for Restriction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why the provider added an allowed CIDR that nobody requested.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AddedOrigin {
    /// A subnet of the cluster network.
    NodeSubnet,
    /// An (external) IP of the cluster router, i.e. the nodes' egress address.
    Router,
    /// The bastion host's floating or fixed IP.
    Bastion,
    /// In the provider's list for a reason the objects do not show.
    Unexplained,
}

/// An allowed CIDR that the infrastructure provider added on its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProviderAdded {
    /// The CIDR, canonical.
    pub cidr: String,
    /// Where it comes from.
    pub origin: AddedOrigin,
}

/// The verdict for one Cluster. The keys `cluster`, `verdict`, `reason`, `requested` and
/// `effective` are the stable `-o json` interface; the other keys are informative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterRestriction {
    /// `namespace/name` of the Cluster.
    pub cluster: String,
    /// The verdict.
    pub verdict: Restriction,
    /// One or two sentences: what was found and what it means.
    pub reason: String,
    /// The requested CIDRs, canonical (bare addresses as `/32` or `/128`), sorted.
    pub requested: Vec<String>,
    /// The CIDRs the provider enforces, canonical; empty when no ACL is in effect.
    pub effective: Vec<String>,
    /// Where `requested` comes from (`variable <name>` or an infrastructure field).
    #[serde(default)]
    pub requested_from: Vec<String>,
    /// Entries of `effective` that the provider added itself (node subnets, router, bastion).
    #[serde(default)]
    pub provider_added: Vec<ProviderAdded>,
    /// Things worth knowing that do not change the verdict.
    #[serde(default)]
    pub warnings: Vec<String>,
    /// Every field consulted, as `<Kind> <namespace/name>: <path>`.
    #[serde(default)]
    pub fields_read: Vec<String>,
    /// The Cluster's `spec.infrastructureRef`.
    #[serde(default)]
    pub infrastructure: Option<ObjectRef>,
    /// The API endpoint (`host:port`), if known.
    #[serde(default)]
    pub endpoint: Option<String>,
}

impl ClusterRestriction {
    /// A verdict for `cluster` carrying its infrastructure reference and endpoint; the lists start
    /// empty.
    pub fn new(
        cluster: &ClusterView,
        verdict: Restriction,
        reason: impl Into<String>,
    ) -> ClusterRestriction {
        ClusterRestriction {
            cluster: cluster.key(),
            verdict,
            reason: reason.into(),
            requested: Vec::new(),
            effective: Vec::new(),
            requested_from: Vec::new(),
            provider_added: Vec::new(),
            warnings: Vec::new(),
            fields_read: vec![
                cluster.field("spec.infrastructureRef"),
                cluster.field("spec.controlPlaneEndpoint"),
            ],
            infrastructure: cluster.infrastructure_ref.clone(),
            endpoint: cluster.control_plane_endpoint.clone(),
        }
    }

    /// Adds what the Cluster's variables request (for verdicts that cannot look further).
    fn with_requested_variables(mut self, requested: &variables::Requested) -> ClusterRestriction {
        self.requested = cidr::canonicalize(&requested.entries()).valid_strings();
        self.requested_from = requested.source_names();
        self.warnings.extend(requested.warnings.iter().cloned());
        self.fields_read
            .extend(requested.fields_read.iter().cloned());
        self
    }
}

/// The management-view report: `{"clusters": [...], "warnings": [...]}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestrictionReport {
    /// One verdict per Cluster, sorted by `namespace/name`.
    pub clusters: Vec<ClusterRestriction>,
    /// Problems with the input that concern no single Cluster (unreadable objects, duplicates).
    #[serde(default)]
    pub warnings: Vec<String>,
}

impl RestrictionReport {
    /// The verdict for `namespace/name`, if that Cluster was judged.
    pub fn cluster(&self, key: &str) -> Option<&ClusterRestriction> {
        self.clusters.iter().find(|c| c.cluster == key)
    }
}

/// Judges Clusters on one kind of infrastructure.
pub trait InfraAdapter {
    /// The infrastructure kind this adapter handles (`OpenStackCluster`).
    fn kind(&self) -> &str;

    /// Judges `cluster`, whose `spec.infrastructureRef` points at `infra`.
    fn judge(&self, cluster: &ClusterView, infra: &Value) -> ClusterRestriction;
}

/// The adapters `judge_clusters` uses: OpenStack (CAPO) only, so far.
pub fn default_adapters() -> Vec<Box<dyn InfraAdapter>> {
    vec![Box::new(OpenStackAdapter)]
}

/// Judges every CAPI Cluster among `objects` with the default adapters.
///
/// `objects` holds Clusters and infrastructure clusters in any order, as from a dump or from live
/// lists; `kind: List` wrappers are unpacked. Other objects are ignored.
pub fn judge_clusters(objects: &[Value]) -> RestrictionReport {
    judge_clusters_with(objects, &default_adapters())
}

/// Like [`judge_clusters`], with a chosen set of adapters.
pub fn judge_clusters_with(
    objects: &[Value],
    adapters: &[Box<dyn InfraAdapter>],
) -> RestrictionReport {
    let flat = flatten(objects);
    let mut report = RestrictionReport::default();
    let mut seen: Vec<String> = Vec::new();
    for (index, object) in flat.iter().enumerate() {
        if !is_capi_cluster(object) {
            continue;
        }
        let view = match ClusterView::from_value(object, index) {
            Ok(view) => view,
            Err(err) => {
                report.warnings.push(err.to_string());
                continue;
            }
        };
        let key = view.key();
        if seen.contains(&key) {
            report.warnings.push(format!(
                "Cluster {key} appears more than once in the input; the first copy was judged"
            ));
            continue;
        }
        seen.push(key);
        report.clusters.push(judge_one(&view, &flat, adapters));
    }
    report.clusters.sort_by(|a, b| a.cluster.cmp(&b.cluster));
    report
}

fn judge_one(
    view: &ClusterView,
    objects: &[&Value],
    adapters: &[Box<dyn InfraAdapter>],
) -> ClusterRestriction {
    let requested = variables::requested_cidrs(view);
    let Some(reference) = &view.infrastructure_ref else {
        return ClusterRestriction::new(
            view,
            Restriction::Unknown,
            "the Cluster has no spec.infrastructureRef yet (topology not reconciled), so there is no infrastructure to inspect",
        )
        .with_requested_variables(&requested);
    };
    let Some(adapter) = adapters.iter().find(|a| a.kind() == reference.kind) else {
        let supported: Vec<&str> = adapters.iter().map(|a| a.kind()).collect();
        return ClusterRestriction::new(
            view,
            Restriction::Unknown,
            format!(
                "infrastructure kind {} is not supported: API-server allowed CIDRs are provider-specific and only {} can be judged",
                reference.kind,
                if supported.is_empty() { "no kind".to_string() } else { supported.join(", ") }
            ),
        )
        .with_requested_variables(&requested);
    };
    match objects.iter().find(|o| reference.matches(o)) {
        Some(infra) => adapter.judge(view, infra),
        None => ClusterRestriction::new(
            view,
            Restriction::Unknown,
            format!(
                "{} {} (spec.infrastructureRef) is not among the objects read: it does not exist or could not be read",
                reference.kind,
                reference.key()
            ),
        )
        .with_requested_variables(&requested),
    }
}

/// Unpacks `kind: *List` wrappers (one level deep, as kubectl prints them).
fn flatten(objects: &[Value]) -> Vec<&Value> {
    let mut flat = Vec::with_capacity(objects.len());
    for object in objects {
        let is_list = json::str_at(object, &["kind"]).is_some_and(|k| k.ends_with("List"));
        match object.get("items").and_then(Value::as_array) {
            Some(items) if is_list => flat.extend(items.iter()),
            _ => flat.push(object),
        }
    }
    flat
}
