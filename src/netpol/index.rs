//! Inverted label index: which objects carry a key, and which carry a `key=value` pair.
//!
//! Selecting with a selector then costs a handful of set operations instead of a label
//! comparison per object, which keeps matrices over thousands of pods cheap.

use std::collections::HashMap;

use crate::k8s::labels::{Labels, Operator, Selector};
use crate::netpol::bitset::BitSet;

#[derive(Debug, Default)]
struct KeyEntry {
    /// Objects carrying the key with any value.
    any: Option<BitSet>,
    /// Objects per value of the key.
    values: HashMap<String, BitSet>,
}

/// Label index over objects `0..len`.
#[derive(Debug)]
pub(crate) struct LabelIndex {
    len: usize,
    keys: HashMap<String, KeyEntry>,
}

impl LabelIndex {
    /// Indexes the label sets in order; object `i` is the `i`-th item.
    pub(crate) fn build<'a>(labels: impl ExactSizeIterator<Item = &'a Labels>) -> Self {
        let len = labels.len();
        let mut keys: HashMap<String, KeyEntry> = HashMap::new();
        for (i, set) in labels.enumerate() {
            for (key, value) in set {
                let entry = keys.entry(key.clone()).or_default();
                entry
                    .any
                    .get_or_insert_with(|| BitSet::empty(len))
                    .insert(i);
                entry
                    .values
                    .entry(value.clone())
                    .or_insert_with(|| BitSet::empty(len))
                    .insert(i);
            }
        }
        Self { len, keys }
    }

    fn with_key(&self, key: &str) -> BitSet {
        self.keys
            .get(key)
            .and_then(|entry| entry.any.clone())
            .unwrap_or_else(|| BitSet::empty(self.len))
    }

    fn with_any_value(&self, key: &str, values: &[String]) -> BitSet {
        let mut set = BitSet::empty(self.len);
        if let Some(entry) = self.keys.get(key) {
            for value in values {
                if let Some(members) = entry.values.get(value) {
                    set.union_with(members);
                }
            }
        }
        set
    }

    /// Objects the selector matches.
    pub(crate) fn select(&self, selector: &Selector) -> BitSet {
        let mut set = BitSet::full(self.len);
        for (key, value) in &selector.match_labels {
            let members = self.keys.get(key).and_then(|entry| entry.values.get(value));
            match members {
                Some(members) => set.intersect_with(members),
                None => return BitSet::empty(self.len),
            }
        }
        for req in &selector.match_expressions {
            match &req.operator {
                Operator::In(values) => set.intersect_with(&self.with_any_value(&req.key, values)),
                Operator::NotIn(values) => set.subtract(&self.with_any_value(&req.key, values)),
                Operator::Exists => set.intersect_with(&self.with_key(&req.key)),
                Operator::DoesNotExist => set.subtract(&self.with_key(&req.key)),
            }
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::LabelIndex;
    use crate::k8s::labels::{Labels, Operator, Requirement, Selector, labels};

    #[test]
    fn index_selection_agrees_with_direct_matching() {
        let objects = [
            labels(&[("pod", "a")]),
            labels(&[("pod", "b"), ("team", "x")]),
            labels(&[("pod", "c"), ("team", "y")]),
            Labels::new(),
        ];
        let index = LabelIndex::build(objects.iter());
        let selectors = [
            Selector::everything(),
            Selector::labels([("pod", "b")]),
            Selector::labels([("pod", "zzz")]),
            Selector {
                match_labels: Labels::new(),
                match_expressions: vec![Requirement {
                    key: "team".into(),
                    operator: Operator::NotIn(vec!["x".into()]),
                }],
            },
            Selector {
                match_labels: Labels::new(),
                match_expressions: vec![
                    Requirement {
                        key: "team".into(),
                        operator: Operator::Exists,
                    },
                    Requirement {
                        key: "pod".into(),
                        operator: Operator::In(vec!["c".into(), "a".into()]),
                    },
                ],
            },
            Selector {
                match_labels: Labels::new(),
                match_expressions: vec![Requirement {
                    key: "team".into(),
                    operator: Operator::DoesNotExist,
                }],
            },
        ];
        for sel in &selectors {
            let picked = index.select(sel);
            for (i, obj) in objects.iter().enumerate() {
                assert_eq!(picked.contains(i), sel.matches(obj), "{sel} on {obj:?}");
            }
        }
    }
}
