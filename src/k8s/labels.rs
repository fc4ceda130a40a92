//! Label selectors (`metav1.LabelSelector`) with the Kubernetes matching rules.

use std::collections::BTreeMap;
use std::fmt;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use serde::{Deserialize, Serialize};

/// A label selector the API server would reject.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SelectorError {
    /// A requirement uses an operator other than In, NotIn, Exists, DoesNotExist.
    #[error(
        "{object}: {field}: unknown label selector operator {operator:?}; use In, NotIn, Exists or DoesNotExist"
    )]
    InvalidOperator {
        /// The object holding the selector.
        object: String,
        /// Field path of the requirement's operator.
        field: String,
        /// The operator as given.
        operator: String,
    },

    /// A requirement has values that do not fit its operator.
    #[error("{object}: {field}: {problem}")]
    InvalidValues {
        /// The object holding the selector.
        object: String,
        /// Field path of the requirement's values.
        field: String,
        /// What is wrong, phrased as the fix.
        problem: String,
    },
}

/// Labels of a pod or namespace.
pub type Labels = BTreeMap<String, String>;

/// A validated label selector: `matchLabels` and `matchExpressions`, all ANDed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Selector {
    /// Exact `key=value` requirements.
    pub match_labels: Labels,
    /// Set-based requirements.
    pub match_expressions: Vec<Requirement>,
}

/// One `matchExpressions` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requirement {
    /// The label key.
    pub key: String,
    /// How the key relates to the values.
    pub operator: Operator,
}

/// The operator of a [`Requirement`], carrying its values where the operator takes any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Operator {
    /// The label is present and its value is one of these (never empty).
    In(Vec<String>),
    /// The label is absent, or present with a value other than these (never empty).
    NotIn(Vec<String>),
    /// The label is present with any value.
    Exists,
    /// The label is absent.
    DoesNotExist,
}

impl Selector {
    /// The empty selector, which matches everything.
    pub fn everything() -> Self {
        Self::default()
    }

    /// A selector of `key=value` pairs only.
    pub fn labels<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Self {
            match_labels: pairs
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
            match_expressions: Vec::new(),
        }
    }

    /// True when the selector has no requirement at all.
    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.match_expressions.is_empty()
    }

    /// Whether `labels` satisfy every requirement.
    pub fn matches(&self, labels: &Labels) -> bool {
        self.match_labels
            .iter()
            .all(|(key, value)| labels.get(key) == Some(value))
            && self.match_expressions.iter().all(|req| req.matches(labels))
    }

    /// Converts and validates a Kubernetes label selector.
    ///
    /// `object` and `field` name where the selector sits, for error messages.
    pub fn from_k8s(
        selector: &LabelSelector,
        object: &str,
        field: &str,
    ) -> Result<Self, SelectorError> {
        let match_labels = selector.match_labels.clone().unwrap_or_default();
        let mut match_expressions = Vec::new();
        for (i, expr) in selector.match_expressions.iter().flatten().enumerate() {
            let values = expr.values.clone().unwrap_or_default();
            let at = format!("{field}.matchExpressions[{i}]");
            let needs_values = |op: &str| SelectorError::InvalidValues {
                object: object.to_owned(),
                field: format!("{at}.values"),
                problem: format!("operator {op} needs at least one value"),
            };
            let takes_none = |op: &str| SelectorError::InvalidValues {
                object: object.to_owned(),
                field: format!("{at}.values"),
                problem: format!("operator {op} takes no values; remove them"),
            };
            let operator = match expr.operator.as_str() {
                "In" if values.is_empty() => return Err(needs_values("In")),
                "In" => Operator::In(values),
                "NotIn" if values.is_empty() => return Err(needs_values("NotIn")),
                "NotIn" => Operator::NotIn(values),
                "Exists" if !values.is_empty() => return Err(takes_none("Exists")),
                "Exists" => Operator::Exists,
                "DoesNotExist" if !values.is_empty() => return Err(takes_none("DoesNotExist")),
                "DoesNotExist" => Operator::DoesNotExist,
                other => {
                    return Err(SelectorError::InvalidOperator {
                        object: object.to_owned(),
                        field: format!("{at}.operator"),
                        operator: other.to_owned(),
                    });
                }
            };
            match_expressions.push(Requirement {
                key: expr.key.clone(),
                operator,
            });
        }
        Ok(Self {
            match_labels,
            match_expressions,
        })
    }
}

impl Requirement {
    /// Whether `labels` satisfy this requirement.
    pub fn matches(&self, labels: &Labels) -> bool {
        let value = labels.get(&self.key);
        match &self.operator {
            Operator::In(values) => value.is_some_and(|v| values.contains(v)),
            Operator::NotIn(values) => value.is_none_or(|v| !values.contains(v)),
            Operator::Exists => value.is_some(),
            Operator::DoesNotExist => value.is_none(),
        }
    }
}

/// Renders like `kubectl` prints selectors: `ns=y,pod in (b,c),!gone,present`; `{}` when empty.
impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return f.write_str("{}");
        }
        let mut parts: Vec<String> = self
            .match_labels
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        for req in &self.match_expressions {
            parts.push(match &req.operator {
                Operator::In(values) => format!("{} in ({})", req.key, values.join(",")),
                Operator::NotIn(values) => format!("{} notin ({})", req.key, values.join(",")),
                Operator::Exists => req.key.clone(),
                Operator::DoesNotExist => format!("!{}", req.key),
            });
        }
        f.write_str(&parts.join(","))
    }
}

/// Labels from `(key, value)` pairs, for tests.
#[cfg(test)]
pub(crate) fn labels(pairs: &[(&str, &str)]) -> Labels {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelectorRequirement;

    fn expr(key: &str, op: &str, values: &[&str]) -> LabelSelectorRequirement {
        LabelSelectorRequirement {
            key: key.to_owned(),
            operator: op.to_owned(),
            values: if values.is_empty() {
                None
            } else {
                Some(values.iter().map(|v| (*v).to_owned()).collect())
            },
        }
    }

    fn selector(exprs: Vec<LabelSelectorRequirement>) -> Selector {
        let raw = LabelSelector {
            match_expressions: Some(exprs),
            match_labels: None,
        };
        match Selector::from_k8s(&raw, "NetworkPolicy x/p", "spec.podSelector") {
            Ok(sel) => sel,
            Err(err) => panic!("valid selector rejected: {err}"),
        }
    }

    // LabelSelector: "An empty label selector matches all objects."
    #[test]
    fn empty_selector_matches_everything() {
        let sel = Selector::everything();
        assert!(sel.matches(&Labels::new()));
        assert!(sel.matches(&labels(&[("pod", "a")])));
    }

    // matchLabels: "A single {key,value} in the matchLabels map is equivalent to an element of
    // matchExpressions, whose key field is "key", the operator is "In", and the values array
    // contains only "value". The requirements are ANDed."
    #[test]
    fn match_labels_are_anded_exact_pairs() {
        let sel = Selector::labels([("pod", "b"), ("pod2", "updated")]);
        assert!(sel.matches(&labels(&[("pod", "b"), ("pod2", "updated")])));
        assert!(!sel.matches(&labels(&[("pod", "b")])));
        assert!(!sel.matches(&labels(&[("pod", "c"), ("pod2", "updated")])));
    }

    // LabelSelector: "The result of matchLabels and matchExpressions are ANDed."
    #[test]
    fn match_labels_and_expressions_are_anded() {
        let raw = LabelSelector {
            match_labels: Some(labels(&[("app", "web")])),
            match_expressions: Some(vec![expr("tier", "In", &["front"])]),
        };
        let sel = Selector::from_k8s(&raw, "NetworkPolicy x/p", "spec.podSelector");
        let sel = sel.unwrap_or_default();
        assert!(sel.matches(&labels(&[("app", "web"), ("tier", "front")])));
        assert!(!sel.matches(&labels(&[("app", "web"), ("tier", "back")])));
        assert!(!sel.matches(&labels(&[("tier", "front")])));
    }

    // LabelSelectorRequirement.operator: "Valid operators are In, NotIn, Exists and DoesNotExist."
    #[test]
    fn operators_in_notin_exists_doesnotexist() {
        let in_ = selector(vec![expr("pod", "In", &["b", "c"])]);
        assert!(in_.matches(&labels(&[("pod", "b")])));
        assert!(!in_.matches(&labels(&[("pod", "a")])));
        assert!(!in_.matches(&Labels::new()));

        // NotIn also matches objects without the key, as in Kubernetes.
        let not_in = selector(vec![expr("ns", "NotIn", &["x"])]);
        assert!(not_in.matches(&labels(&[("ns", "y")])));
        assert!(!not_in.matches(&labels(&[("ns", "x")])));
        assert!(not_in.matches(&Labels::new()));

        let exists = selector(vec![expr("team", "Exists", &[])]);
        assert!(exists.matches(&labels(&[("team", "")])));
        assert!(!exists.matches(&Labels::new()));

        let absent = selector(vec![expr("team", "DoesNotExist", &[])]);
        assert!(absent.matches(&Labels::new()));
        assert!(!absent.matches(&labels(&[("team", "a")])));
    }

    #[test]
    fn unknown_operator_is_a_typed_error_naming_the_field() {
        let raw = LabelSelector {
            match_labels: None,
            match_expressions: Some(vec![expr("pod", "Equals", &["a"])]),
        };
        let err = Selector::from_k8s(&raw, "NetworkPolicy x/p", "spec.podSelector");
        assert_eq!(
            err,
            Err(SelectorError::InvalidOperator {
                object: "NetworkPolicy x/p".into(),
                field: "spec.podSelector.matchExpressions[0].operator".into(),
                operator: "Equals".into(),
            })
        );
    }

    // values: "If the operator is In or NotIn, the values array must be non-empty. If the operator
    // is Exists or DoesNotExist, the values array must be empty."
    #[test]
    fn values_must_fit_the_operator() {
        for (op, values) in [
            ("In", &[][..]),
            ("NotIn", &[][..]),
            ("Exists", &["a"][..]),
            ("DoesNotExist", &["a"][..]),
        ] {
            let raw = LabelSelector {
                match_labels: None,
                match_expressions: Some(vec![expr("pod", op, values)]),
            };
            let err = Selector::from_k8s(&raw, "NetworkPolicy x/p", "spec.podSelector");
            assert!(
                matches!(&err, Err(SelectorError::InvalidValues { field, .. })
                    if field == "spec.podSelector.matchExpressions[0].values"),
                "{op}: {err:?}"
            );
        }
    }

    #[test]
    fn renders_like_kubectl() {
        let mut sel = selector(vec![
            expr("pod", "In", &["b", "c"]),
            expr("ns", "NotIn", &["x"]),
            expr("gone", "DoesNotExist", &[]),
            expr("present", "Exists", &[]),
        ]);
        sel.match_labels.insert("app".into(), "web".into());
        assert_eq!(
            sel.to_string(),
            "app=web,pod in (b,c),ns notin (x),!gone,present"
        );
        assert_eq!(Selector::everything().to_string(), "{}");
    }
}
