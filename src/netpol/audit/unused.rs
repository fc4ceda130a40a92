//! Policies and parts of policies that select or match nothing: a podSelector no pod carries,
//! a namespaceSelector no namespace carries, a named port no pod exposes, rules of a direction
//! the policyTypes leave out.

use std::collections::{BTreeSet, HashMap};

use super::Options;
use super::findings::{Code, Finding, Severity, Subject, policy_object, rule_object};
use crate::netpol::bitset::BitSet;
use crate::netpol::index::LabelIndex;
use crate::netpol::{
    Direction, Engine, Labels, NAMESPACE_NAME_LABEL, Peer, Policy, PortSpec, Protocol, Selector,
};

/// The findings, and which policies select no pod (so do nothing at all).
pub(crate) struct Unused {
    pub(crate) findings: Vec<Finding>,
    pub(crate) removed: Vec<bool>,
}

pub(crate) fn check(engine: &Engine<'_>, options: &Options) -> Unused {
    let cluster = engine.cluster();
    let namespaces = NamespaceIndex::new(engine);
    let mut findings = Vec::new();
    let mut removed = vec![false; cluster.policies.len()];
    for (p, (policy, compiled)) in cluster.policies.iter().zip(engine.compiled()).enumerate() {
        if compiled.selected.is_empty() {
            removed[p] = true;
            findings.push(selects_nothing(engine, p, policy));
        }
        for direction in [Direction::Ingress, Direction::Egress] {
            let rules = policy.rules(direction);
            if !policy.affects(direction) && !rules.is_empty() {
                findings.push(
                    Finding::new(
                        Code::RulesIgnored,
                        Severity::Warning,
                        format!(
                            "{} has {} rules but its policyTypes leave out {}: they are ignored",
                            policy.key(),
                            direction.as_str(),
                            capitalized(direction)
                        ),
                    )
                    .in_namespace(&policy.namespace)
                    .object(policy_object(policy))
                    .hint(format!(
                        "add {} to spec.policyTypes, or delete spec.{}",
                        capitalized(direction),
                        direction.as_str()
                    ))
                    .subject(Subject::Policy(p)),
                );
                continue;
            }
            for (r, rule) in rules.iter().enumerate() {
                let subject = Subject::Rule {
                    policy: p,
                    direction,
                    rule: r,
                };
                if options.namespaces_listed {
                    for peer in &rule.peers {
                        let (Peer::Namespaces(selector)
                        | Peer::PodsInNamespaces {
                            namespaces: selector,
                            ..
                        }) = peer
                        else {
                            continue;
                        };
                        if namespaces.index.select(selector).is_empty() {
                            findings.push(
                                Finding::new(
                                    Code::NamespaceSelectorMatchesNothing,
                                    Severity::Warning,
                                    format!(
                                        "{}: namespaceSelector {selector} matches no namespace, so this peer admits nothing",
                                        rule_object(policy, direction, r)
                                    ),
                                )
                                .in_namespace(&policy.namespace)
                                .object(rule_object(policy, direction, r))
                                .hint(namespaces.hint(selector))
                                .subject(subject),
                            );
                        }
                    }
                }
                let candidates = match direction {
                    Direction::Ingress => Some(compiled.selected.clone()),
                    Direction::Egress => {
                        let local = rule.peers.iter().all(|p| matches!(p, Peer::Pods(_)));
                        (options.whole_cluster || local).then(|| {
                            compiled.egress[r]
                                .union
                                .clone()
                                .unwrap_or_else(|| BitSet::full(cluster.pods.len()))
                        })
                    }
                };
                let Some(candidates) = candidates.filter(|c| !c.is_empty()) else {
                    continue;
                };
                for entry in &rule.ports {
                    let PortSpec::Named(name) = &entry.port else {
                        continue;
                    };
                    if !exposes(engine, name, entry.protocol).is_disjoint(&candidates) {
                        continue;
                    }
                    let whose = match direction {
                        Direction::Ingress => "no pod it selects",
                        Direction::Egress => "no pod this rule sends to",
                    };
                    findings.push(
                        Finding::new(
                            Code::NamedPortUnresolved,
                            Severity::Warning,
                            format!(
                                "{}: {whose} has a {} container port named {name:?}, so this port entry admits nothing",
                                rule_object(policy, direction, r),
                                entry.protocol
                            ),
                        )
                        .in_namespace(&policy.namespace)
                        .object(rule_object(policy, direction, r))
                        .hint("name the port as in the pods' spec.containers[].ports[].name (and protocol), or give its number")
                        .subject(subject),
                    );
                }
            }
        }
    }
    Unused { findings, removed }
}

fn capitalized(direction: Direction) -> &'static str {
    match direction {
        Direction::Ingress => "Ingress",
        Direction::Egress => "Egress",
    }
}

fn selects_nothing(engine: &Engine<'_>, p: usize, policy: &Policy) -> Finding {
    let in_namespace = engine
        .cluster()
        .pods
        .iter()
        .filter(|pod| pod.namespace == policy.namespace)
        .count();
    let message = if in_namespace == 0 {
        format!(
            "{}: namespace {} has no pods, so the policy applies to nothing",
            policy.key(),
            policy.namespace
        )
    } else {
        format!(
            "{}: podSelector {} matches none of the {in_namespace} pods in namespace {}, so the policy applies to nothing",
            policy.key(),
            policy.pod_selector,
            policy.namespace
        )
    };
    Finding::new(Code::PodSelectorMatchesNothing, Severity::Warning, message)
        .in_namespace(&policy.namespace)
        .object(policy_object(policy))
        .hint("compare the podSelector with the labels of the pods it is meant for (kubectl get pods --show-labels); delete the policy if it is left over")
        .subject(Subject::Policy(p))
}

/// Pods exposing a container port `name` of `protocol`, whatever its number.
fn exposes(engine: &Engine<'_>, name: &str, protocol: Protocol) -> BitSet {
    let mut pods = BitSet::empty(engine.cluster().pods.len());
    if let Some(by_number) = engine.named_port_index().get(name) {
        for ((proto, _), members) in by_number {
            if *proto == protocol {
                pods.union_with(members);
            }
        }
    }
    pods
}

/// Namespaces as the engine sees them: those read, plus those only pods name (with the
/// automatic name label).
struct NamespaceIndex {
    index: LabelIndex,
    keys: BTreeSet<String>,
    names: BTreeSet<String>,
}

impl NamespaceIndex {
    fn new(engine: &Engine<'_>) -> Self {
        let cluster = engine.cluster();
        let mut labels: HashMap<&str, Labels> = HashMap::new();
        for ns in &cluster.namespaces {
            labels.entry(&ns.name).or_insert_with(|| ns.labels.clone());
        }
        for pod in &cluster.pods {
            labels.entry(&pod.namespace).or_insert_with(|| {
                Labels::from([(NAMESPACE_NAME_LABEL.to_owned(), pod.namespace.clone())])
            });
        }
        let keys = labels.values().flat_map(|l| l.keys().cloned()).collect();
        let names = labels.keys().map(|n| (*n).to_owned()).collect();
        let sets: Vec<Labels> = labels.into_values().collect();
        Self {
            index: LabelIndex::build(sets.iter()),
            keys,
            names,
        }
    }

    /// Points at label keys no namespace carries, and at the automatic name label when a value
    /// is a namespace's name.
    fn hint(&self, selector: &Selector) -> String {
        if let Some((key, value)) = selector
            .match_labels
            .iter()
            .find(|(key, value)| *key != NAMESPACE_NAME_LABEL && self.names.contains(*value))
        {
            return format!(
                "no namespace carries the label {key}={value}; to select namespace {value} by name use {NAMESPACE_NAME_LABEL}: {value}, which every namespace has"
            );
        }
        let missing: Vec<&str> = selector
            .match_labels
            .keys()
            .chain(selector.match_expressions.iter().map(|r| &r.key))
            .filter(|key| !self.keys.contains(*key))
            .map(String::as_str)
            .collect();
        if missing.is_empty() {
            "no namespace has labels matching all of it; compare with kubectl get namespaces --show-labels".into()
        } else {
            format!(
                "no namespace carries the label key {}; label the namespaces meant (kubectl label namespace NAME KEY=VALUE) or select by {NAMESPACE_NAME_LABEL}",
                missing.join(", ")
            )
        }
    }
}
