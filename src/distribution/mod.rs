//! scs-0214-v2 node distribution (testcase `node-distribution-check`), judged from what the
//! nodes' labels show. Pure: [`Placement::of`] reads a typed [`Node`], [`judge`] applies the rules.
//!
//! SCS retired its automated script for this standard and checks it manually (the testcase is in
//! the `preview` target only). The rules are the retired script's: labels missing or fewer than
//! two nodes FAIL; a control plane that is not spread over zones is only a warning; the workers'
//! spread is information.

use std::collections::BTreeSet;

use k8s_openapi::api::core::v1::Node;
use serde::Serialize;

use crate::report::Outcome;

#[cfg(test)]
mod tests;

/// The SCS testcase id.
pub const TESTCASE: &str = "node-distribution-check";
/// The SCS module the testcase belongs to.
pub const STANDARD: &str = "scs-0214-v2";
/// The zone label every node must carry.
pub const ZONE_LABEL: &str = "topology.kubernetes.io/zone";
/// The region label every node must carry.
pub const REGION_LABEL: &str = "topology.kubernetes.io/region";
/// The label that marks a control-plane node.
pub const CONTROL_PLANE_LABEL: &str = "node-role.kubernetes.io/control-plane";
/// What SCS does with the testcase, for every output.
pub const PREVIEW_NOTE: &str = "SCS lists node-distribution-check as preview: it is checked manually (the host a node runs on is not visible), not part of the certification";

/// Whether a node runs the control plane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    ControlPlane,
    Worker,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::ControlPlane => "control-plane",
            Role::Worker => "worker",
        }
    }
}

/// Where a node says it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Placement {
    pub name: String,
    pub role: Role,
    pub region: Option<String>,
    pub zone: Option<String>,
}

impl Placement {
    /// A node's name, role and topology labels; an empty label value counts as missing.
    pub fn of(node: &Node) -> Placement {
        let labels = node.metadata.labels.as_ref();
        let label = |key: &str| {
            labels
                .and_then(|l| l.get(key))
                .filter(|v| !v.trim().is_empty())
                .cloned()
        };
        let control_plane = labels.is_some_and(|l| l.contains_key(CONTROL_PLANE_LABEL));
        Placement {
            name: node.metadata.name.clone().unwrap_or_default(),
            role: if control_plane {
                Role::ControlPlane
            } else {
                Role::Worker
            },
            region: label(REGION_LABEL),
            zone: label(ZONE_LABEL),
        }
    }

    fn missing_labels(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if self.region.is_none() {
            missing.push(REGION_LABEL);
        }
        if self.zone.is_none() {
            missing.push(ZONE_LABEL);
        }
        missing
    }
}

/// The status of one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleStatus {
    Pass,
    Fail,
    Warn,
    Info,
}

/// One rule's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// Stable id: `labels`, `node-count`, `control-plane-spread`, `worker-spread`.
    pub id: &'static str,
    pub status: RuleStatus,
    pub message: String,
}

/// How one group of nodes is spread.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Spread {
    pub nodes: usize,
    /// The distinct zones, as `region/zone` when the region is known.
    pub zones: BTreeSet<String>,
    pub regions: BTreeSet<String>,
}

impl Spread {
    fn of<'a>(nodes: impl Iterator<Item = &'a Placement>) -> Spread {
        let mut spread = Spread::default();
        for node in nodes {
            spread.nodes += 1;
            if let Some(zone) = &node.zone {
                spread.zones.insert(match &node.region {
                    Some(region) => format!("{region}/{zone}"),
                    None => zone.clone(),
                });
            }
            if let Some(region) = &node.region {
                spread.regions.insert(region.clone());
            }
        }
        spread
    }

    fn zones_text(&self) -> String {
        self.zones.iter().cloned().collect::<Vec<_>>().join(", ")
    }
}

/// The judgement of a cluster's nodes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Judgement {
    /// PASS or FAIL: the retired script never aborted once it had the nodes.
    #[serde(serialize_with = "crate::report::outcome_as_verdict")]
    pub verdict: Outcome,
    pub rules: Vec<Rule>,
    pub control_plane: Spread,
    pub workers: Spread,
    /// Every node, control plane first, then by name.
    pub nodes: Vec<Placement>,
}

/// Applies the rules to the nodes.
pub fn judge(nodes: &[Placement]) -> Judgement {
    let mut nodes = nodes.to_vec();
    nodes.sort_by(|a, b| (a.role, &a.name).cmp(&(b.role, &b.name)));
    let control_plane = Spread::of(nodes.iter().filter(|n| n.role == Role::ControlPlane));
    let workers = Spread::of(nodes.iter().filter(|n| n.role == Role::Worker));
    let rules = vec![
        labels_rule(&nodes),
        count_rule(nodes.len()),
        control_plane_rule(&control_plane),
        worker_rule(&workers),
    ];
    let verdict = if rules.iter().any(|r| r.status == RuleStatus::Fail) {
        Outcome::Failed
    } else {
        Outcome::Ok
    };
    Judgement {
        verdict,
        rules,
        control_plane,
        workers,
        nodes,
    }
}

fn labels_rule(nodes: &[Placement]) -> Rule {
    let unlabelled: Vec<String> = nodes
        .iter()
        .filter_map(|n| {
            let missing = n.missing_labels();
            (!missing.is_empty()).then(|| format!("{} (no {})", n.name, missing.join(", no ")))
        })
        .collect();
    if unlabelled.is_empty() {
        Rule {
            id: "labels",
            status: RuleStatus::Pass,
            message: format!("every node carries {REGION_LABEL} and {ZONE_LABEL}"),
        }
    } else {
        Rule {
            id: "labels",
            status: RuleStatus::Fail,
            message: format!(
                "{} of {} node(s) lack topology labels: {}",
                unlabelled.len(),
                nodes.len(),
                unlabelled.join("; ")
            ),
        }
    }
}

fn count_rule(count: usize) -> Rule {
    if count >= 2 {
        Rule {
            id: "node-count",
            status: RuleStatus::Pass,
            message: format!("{count} nodes"),
        }
    } else {
        Rule {
            id: "node-count",
            status: RuleStatus::Fail,
            message: format!("{count} node(s): a distributed cluster needs at least 2"),
        }
    }
}

fn control_plane_rule(cp: &Spread) -> Rule {
    let (status, message) = match (cp.nodes, cp.zones.len()) {
        (0, _) => (
            RuleStatus::Warn,
            format!(
                "no node carries {CONTROL_PLANE_LABEL} (a managed control plane?): its distribution cannot be seen here; SCS asks the provider to confirm it"
            ),
        ),
        (1, _) => (
            RuleStatus::Warn,
            "1 control-plane node: the control plane is on one machine".to_string(),
        ),
        (n, 0) => (
            RuleStatus::Warn,
            format!("{n} control-plane nodes, none with a zone label: their spread is unknown"),
        ),
        (n, 1) => (
            RuleStatus::Warn,
            format!(
                "{n} control-plane nodes, all in zone {}: not spread over failure zones",
                cp.zones_text()
            ),
        ),
        (n, z) => (
            RuleStatus::Pass,
            format!("{n} control-plane nodes in {z} zones: {}", cp.zones_text()),
        ),
    };
    Rule {
        id: "control-plane-spread",
        status,
        message,
    }
}

fn worker_rule(workers: &Spread) -> Rule {
    let message = match (workers.nodes, workers.zones.len()) {
        (0, _) => "no worker nodes".to_string(),
        (n, 0) => format!("{n} worker node(s), none with a zone label"),
        (n, z) => format!(
            "{n} worker node(s) in {z} zone(s): {}{}",
            workers.zones_text(),
            if z > 1 {
                ""
            } else {
                " (multi-zone workers are recommended)"
            }
        ),
    };
    Rule {
        id: "worker-spread",
        status: RuleStatus::Info,
        message,
    }
}
