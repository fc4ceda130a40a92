//! Rules and policies that change no connection, decided with the engine's pod sets.
//!
//! A rule of policy P (direction D) is shadowed when, for every pod P selects, the other rules
//! of the policies selecting that pod for D admit every (peer, port) the rule admits: pods as
//! the engine's bitsets, ports split into segments at every boundary any rule uses, addresses
//! outside the cluster through ipBlock containment. A policy is redundant when all its rules
//! are shadowed and other policies isolate each of its pods for each of its directions.
//!
//! Rules are judged in policy order, and what is already flagged no longer counts as cover, so
//! removing every flagged rule and policy together still changes nothing: each one's
//! connections are admitted by what is left.

use std::collections::{HashMap, HashSet};

use super::Options;
use super::findings::{Code, Finding, Severity, Subject, policy_object, rule_object};
use crate::netpol::bitset::BitSet;
use crate::netpol::compile::CompiledRule;
use crate::netpol::{Direction, Engine, IpBlock, Peer, PortSpec, Protocol, Rule};

const DIRECTIONS: [Direction; 2] = [Direction::Ingress, Direction::Egress];
const MAX_PORT: u32 = 65535;

type RuleKey = (usize, Direction, usize);

/// Shadowed rules and redundant policies; `removed` marks policies already known to do nothing.
pub(crate) fn check(
    engine: &Engine<'_>,
    options: &Options,
    mut removed: Vec<bool>,
) -> Vec<Finding> {
    let cluster = engine.cluster();
    let n = cluster.pods.len();
    let mut by_pod: HashMap<Direction, Vec<Vec<usize>>> = HashMap::new();
    for direction in DIRECTIONS {
        let mut lists = vec![Vec::new(); n];
        for (p, (policy, compiled)) in cluster.policies.iter().zip(engine.compiled()).enumerate() {
            if policy.affects(direction) {
                for t in compiled.selected.iter() {
                    if let Some(list) = lists.get_mut(t) {
                        list.push(p);
                    }
                }
            }
        }
        by_pod.insert(direction, lists);
    }
    let judge = Judge {
        engine,
        by_pod: &by_pod,
        full: BitSet::full(n),
    };

    let mut shadowed: HashSet<RuleKey> = HashSet::new();
    let mut order: Vec<RuleKey> = Vec::new();
    for (p, policy) in cluster.policies.iter().enumerate() {
        if removed.get(p).copied().unwrap_or(true) {
            continue;
        }
        for direction in DIRECTIONS {
            if !policy.affects(direction) {
                continue;
            }
            for (r, rule) in policy.rules(direction).iter().enumerate() {
                if !options.whole_cluster && reaches_beyond_scope(rule, direction) {
                    continue;
                }
                let key = (p, direction, r);
                if judge.covered(key, &removed, &shadowed) {
                    shadowed.insert(key);
                    order.push(key);
                }
            }
        }
    }

    let mut findings = Vec::new();
    let mut redundant = Vec::new();
    for (p, policy) in cluster.policies.iter().enumerate() {
        if removed.get(p).copied().unwrap_or(true) {
            continue;
        }
        let rules_shadowed = DIRECTIONS.iter().all(|&d| {
            !policy.affects(d) || (0..policy.rules(d).len()).all(|r| shadowed.contains(&(p, d, r)))
        });
        // A policy selecting the whole namespace also isolates pods started later; only another
        // such policy replaces it.
        let whole_namespace = policy.pod_selector.is_empty();
        let isolated_elsewhere = DIRECTIONS.iter().all(|&d| {
            !policy.affects(d)
                || engine.compiled()[p].selected.iter().all(|t| {
                    by_pod[&d][t].iter().any(|&q| {
                        q != p
                            && !removed.get(q).copied().unwrap_or(true)
                            && (!whole_namespace || cluster.policies[q].pod_selector.is_empty())
                    })
                })
        });
        if rules_shadowed && isolated_elsewhere {
            removed[p] = true;
            redundant.push(p);
            findings.push(
                Finding::new(
                    Code::PolicyRedundant,
                    Severity::Info,
                    format!(
                        "{} changes no connection: the other policies selecting its pods isolate them too and admit everything it admits",
                        policy.key()
                    ),
                )
                .in_namespace(&policy.namespace)
                .object(policy_object(policy))
                .hint("delete it, or change it if it was meant to admit something the others do not")
                .subject(Subject::Policy(p)),
            );
        }
    }
    for (p, direction, r) in order {
        if redundant.contains(&p) {
            continue;
        }
        let policy = &cluster.policies[p];
        let object = rule_object(policy, direction, r);
        findings.push(
            Finding::new(
                Code::RuleShadowed,
                Severity::Info,
                format!(
                    "{object} admits nothing the other rules of the policies selecting the same pods do not admit already"
                ),
            )
            .in_namespace(&policy.namespace)
            .object(object)
            .hint("delete the rule, or narrow the broader rule if this one was meant to be the only way in")
            .subject(Subject::Rule {
                policy: p,
                direction,
                rule: r,
            }),
        );
    }
    findings
}

/// Whether a rule may admit pods that a namespace-scoped read does not show.
fn reaches_beyond_scope(rule: &Rule, direction: Direction) -> bool {
    let other_namespaces = rule
        .peers
        .iter()
        .any(|p| matches!(p, Peer::Namespaces(_) | Peer::PodsInNamespaces { .. }));
    let named = rule
        .ports
        .iter()
        .any(|p| matches!(p.port, PortSpec::Named(_)));
    let addresses =
        rule.peers.is_empty() || rule.peers.iter().any(|p| matches!(p, Peer::IpBlock(_)));
    other_namespaces || (direction == Direction::Egress && named && addresses)
}

/// Connections a rule admits on one port segment, at one selected pod.
struct Demand {
    protocol: Protocol,
    lo: u32,
    hi: u32,
    pods: BitSet,
    /// Whether addresses outside the cluster are admitted too.
    external: bool,
}

/// What a covering rule admits on a segment.
enum Admits {
    Nothing,
    /// Every port of the segment, so its peers (and addresses) wholly.
    Whole,
    /// Only these remote pods (egress named ports on a single port).
    Pods(BitSet),
}

struct Judge<'e, 'a> {
    engine: &'e Engine<'a>,
    by_pod: &'e HashMap<Direction, Vec<Vec<usize>>>,
    full: BitSet,
}

impl Judge<'_, '_> {
    fn rule(&self, (p, direction, r): RuleKey) -> Option<(&Rule, &CompiledRule)> {
        let rule = self
            .engine
            .cluster()
            .policies
            .get(p)?
            .rules(direction)
            .get(r)?;
        let compiled = self.engine.compiled().get(p)?.rules(direction).get(r)?;
        Some((rule, compiled))
    }

    fn covered(&self, key: RuleKey, removed: &[bool], shadowed: &HashSet<RuleKey>) -> bool {
        let (p, direction, _) = key;
        let Some(subjects) = self.engine.compiled().get(p).map(|c| &c.selected) else {
            return false;
        };
        // Egress coverage depends only on which rules cover; ingress also on the pod's named ports.
        let mut verdicts: HashMap<(Vec<RuleKey>, Option<usize>), bool> = HashMap::new();
        for t in subjects.iter() {
            let coverers: Vec<RuleKey> = self.by_pod[&direction][t]
                .iter()
                .filter(|&&q| !removed.get(q).copied().unwrap_or(true))
                .flat_map(|&q| {
                    let count = self.engine.cluster().policies[q].rules(direction).len();
                    (0..count).map(move |qr| (q, direction, qr))
                })
                .filter(|k| *k != key && !shadowed.contains(k))
                .collect();
            let named_here = direction == Direction::Ingress
                && self
                    .engine
                    .cluster()
                    .pods
                    .get(t)
                    .is_some_and(|pod| !pod.named_ports.is_empty());
            let cache = (coverers, named_here.then_some(t));
            let verdict = match verdicts.get(&cache) {
                Some(v) => *v,
                None => {
                    let v = self.covered_at(key, &cache.0, t);
                    verdicts.insert(cache, v);
                    v
                }
            };
            if !verdict {
                return false;
            }
        }
        true
    }

    fn covered_at(&self, key: RuleKey, coverers: &[RuleKey], t: usize) -> bool {
        let (_, direction, _) = key;
        let Some((rule, compiled)) = self.rule(key) else {
            return false;
        };
        let rules: Vec<(&Rule, &CompiledRule)> =
            coverers.iter().filter_map(|k| self.rule(*k)).collect();
        for demand in self.demands(rule, compiled, direction, t) {
            let cuts = self.cuts(&rules, demand.protocol, direction, t);
            let mut lo = demand.lo;
            while lo <= demand.hi {
                let hi = cuts
                    .iter()
                    .find(|&&c| c > lo && c <= demand.hi)
                    .map_or(demand.hi, |c| c - 1);
                if !self.segment_covered(rule, &demand, lo, hi, &rules, direction, t) {
                    return false;
                }
                lo = hi + 1;
            }
        }
        true
    }

    #[allow(clippy::too_many_arguments)]
    fn segment_covered(
        &self,
        rule: &Rule,
        demand: &Demand,
        lo: u32,
        hi: u32,
        rules: &[(&Rule, &CompiledRule)],
        direction: Direction,
        t: usize,
    ) -> bool {
        let mut cover = BitSet::empty(self.full_len());
        let mut whole: Vec<&Rule> = Vec::new();
        for (q, compiled) in rules {
            let peers = compiled.union.as_ref().unwrap_or(&self.full);
            match self.admits(q, demand.protocol, lo, hi, direction, t) {
                Admits::Nothing => {}
                Admits::Whole => {
                    cover.union_with(peers);
                    whole.push(q);
                }
                Admits::Pods(mut pods) => {
                    pods.intersect_with(peers);
                    cover.union_with(&pods);
                }
            }
        }
        demand.pods.is_subset_of(&cover) && (!demand.external || externals_covered(rule, &whole))
    }

    fn full_len(&self) -> usize {
        self.engine.cluster().pods.len()
    }

    fn demands(
        &self,
        rule: &Rule,
        compiled: &CompiledRule,
        direction: Direction,
        t: usize,
    ) -> Vec<Demand> {
        let peers = compiled.union.clone().unwrap_or_else(|| self.full.clone());
        let external =
            rule.peers.is_empty() || rule.peers.iter().any(|p| matches!(p, Peer::IpBlock(_)));
        let whole = |protocol, lo, hi| Demand {
            protocol,
            lo,
            hi,
            pods: peers.clone(),
            external,
        };
        if rule.ports.is_empty() {
            return Protocol::ALL
                .into_iter()
                .map(|protocol| whole(protocol, 1, MAX_PORT))
                .collect();
        }
        let mut out = Vec::new();
        for entry in &rule.ports {
            match &entry.port {
                PortSpec::Any => out.push(whole(entry.protocol, 1, MAX_PORT)),
                PortSpec::Range { start, end } => {
                    out.push(whole(entry.protocol, u32::from(*start), u32::from(*end)));
                }
                PortSpec::Named(name) => match direction {
                    Direction::Ingress => {
                        let pod = self.engine.cluster().pods.get(t);
                        if let Some(n) = pod.and_then(|p| p.resolve_port(name, entry.protocol)) {
                            out.push(whole(entry.protocol, u32::from(n), u32::from(n)));
                        }
                    }
                    Direction::Egress => {
                        for ((protocol, n), members) in self.exposing(name) {
                            if *protocol != entry.protocol {
                                continue;
                            }
                            let mut pods = peers.clone();
                            pods.intersect_with(members);
                            if !pods.is_empty() {
                                out.push(Demand {
                                    protocol: *protocol,
                                    lo: u32::from(*n),
                                    hi: u32::from(*n),
                                    pods,
                                    external: false,
                                });
                            }
                        }
                    }
                },
            }
        }
        out
    }

    fn exposing(&self, name: &str) -> impl Iterator<Item = (&(Protocol, u16), &BitSet)> {
        self.engine
            .named_port_index()
            .get(name)
            .into_iter()
            .flat_map(|by_number| by_number.iter())
    }

    /// Ports where some covering rule's admission starts or stops, for one protocol.
    fn cuts(
        &self,
        rules: &[(&Rule, &CompiledRule)],
        protocol: Protocol,
        direction: Direction,
        t: usize,
    ) -> Vec<u32> {
        let mut cuts = Vec::new();
        for (rule, _) in rules {
            for entry in rule.ports.iter().filter(|e| e.protocol == protocol) {
                match &entry.port {
                    PortSpec::Any => {}
                    PortSpec::Range { start, end } => {
                        cuts.push(u32::from(*start));
                        cuts.push(u32::from(*end) + 1);
                    }
                    PortSpec::Named(name) => match direction {
                        Direction::Ingress => {
                            let pod = self.engine.cluster().pods.get(t);
                            if let Some(n) = pod.and_then(|p| p.resolve_port(name, protocol)) {
                                cuts.push(u32::from(n));
                                cuts.push(u32::from(n) + 1);
                            }
                        }
                        Direction::Egress => {
                            for ((proto, n), _) in self.exposing(name) {
                                if *proto == protocol {
                                    cuts.push(u32::from(*n));
                                    cuts.push(u32::from(*n) + 1);
                                }
                            }
                        }
                    },
                }
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        cuts
    }

    fn admits(
        &self,
        rule: &Rule,
        protocol: Protocol,
        lo: u32,
        hi: u32,
        direction: Direction,
        t: usize,
    ) -> Admits {
        if rule.ports.is_empty() {
            return Admits::Whole;
        }
        let mut pods: Option<BitSet> = None;
        for entry in rule.ports.iter().filter(|e| e.protocol == protocol) {
            match &entry.port {
                PortSpec::Any => return Admits::Whole,
                PortSpec::Range { start, end } => {
                    if u32::from(*start) <= lo && hi <= u32::from(*end) {
                        return Admits::Whole;
                    }
                }
                PortSpec::Named(name) => {
                    if lo != hi {
                        continue;
                    }
                    match direction {
                        Direction::Ingress => {
                            let pod = self.engine.cluster().pods.get(t);
                            let resolved = pod.and_then(|p| p.resolve_port(name, protocol));
                            if resolved.is_some_and(|n| u32::from(n) == lo) {
                                return Admits::Whole;
                            }
                        }
                        Direction::Egress => {
                            let members = u16::try_from(lo).ok().and_then(|n| {
                                self.engine
                                    .named_port_index()
                                    .get(name)
                                    .and_then(|by_number| by_number.get(&(protocol, n)))
                            });
                            if let Some(members) = members {
                                pods.get_or_insert_with(|| BitSet::empty(self.full_len()))
                                    .union_with(members);
                            }
                        }
                    }
                }
            }
        }
        pods.map_or(Admits::Nothing, Admits::Pods)
    }
}

/// Whether rules admitting a whole segment admit every address outside the cluster that
/// `rule` admits: a rule without peers covers all; otherwise each ipBlock of `rule` must lie in
/// one ipBlock of a covering rule (a sufficient test, so a cover is never claimed wrongly).
fn externals_covered(rule: &Rule, whole: &[&Rule]) -> bool {
    if whole.iter().any(|q| q.peers.is_empty()) {
        return true;
    }
    if rule.peers.is_empty() {
        return false;
    }
    rule.peers.iter().all(|peer| match peer {
        Peer::IpBlock(block) => whole.iter().any(|q| {
            q.peers
                .iter()
                .any(|p| matches!(p, Peer::IpBlock(outer) if block_within(block, outer)))
        }),
        _ => true,
    })
}

/// Whether every address of `inner` (cidr minus except) is in `outer`.
fn block_within(inner: &IpBlock, outer: &IpBlock) -> bool {
    if !outer.cidr.contains(&inner.cidr) {
        return false;
    }
    outer.except.iter().all(|hole| {
        let overlaps = hole.contains(&inner.cidr) || inner.cidr.contains(hole);
        !overlaps
            || (inner.cidr.contains(hole) && inner.except.iter().any(|own| own.contains(hole)))
    })
}
