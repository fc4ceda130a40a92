//! Kubernetes conditions in both shapes: CAPI v1beta1 (with `severity`) and `metav1.Condition`.

use jiff::Timestamp;
use serde_json::Value;

use crate::k8s::json::{arr_at, nonempty_str_at, time_at};

/// One condition, borrowed from the object it was read from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Condition<'a> {
    pub type_: &'a str,
    pub status: &'a str,
    pub reason: Option<&'a str>,
    pub message: Option<&'a str>,
    pub severity: Option<&'a str>,
    pub since: Option<Timestamp>,
}

impl Condition<'_> {
    pub fn is_true(&self) -> bool {
        self.status == "True"
    }

    pub fn is_false(&self) -> bool {
        self.status == "False"
    }

    /// `reason: message`, or whichever of the two exists.
    pub fn explain(&self) -> String {
        match (self.reason, self.message) {
            (Some(r), Some(m)) => format!("{r}: {m}"),
            (Some(r), None) => r.to_owned(),
            (None, Some(m)) => m.to_owned(),
            (None, None) => format!("{} is {}", self.type_, self.status),
        }
    }
}

/// A list of conditions of one shape.
#[derive(Debug, Clone, Default)]
pub(crate) struct Conditions<'a>(Vec<Condition<'a>>);

impl<'a> Conditions<'a> {
    /// Reads the list at `path`; entries without `type` or `status` are skipped.
    pub fn read(value: &'a Value, path: &[&str]) -> Self {
        Conditions(
            arr_at(value, path)
                .iter()
                .filter_map(|c| {
                    Some(Condition {
                        type_: nonempty_str_at(c, &["type"])?,
                        status: nonempty_str_at(c, &["status"])?,
                        reason: nonempty_str_at(c, &["reason"]),
                        message: nonempty_str_at(c, &["message"]),
                        severity: nonempty_str_at(c, &["severity"]),
                        since: time_at(c, &["lastTransitionTime"]),
                    })
                })
                .collect(),
        )
    }

    pub fn get(&self, type_: &str) -> Option<&Condition<'a>> {
        self.0.iter().find(|c| c.type_ == type_)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Condition<'a>> {
        self.0.iter()
    }
}

/// v1beta2 condition types whose normal state is False (clusterctl does not flag them).
pub(crate) fn negative_polarity(type_: &str) -> bool {
    matches!(
        type_,
        "Paused"
            | "Deleting"
            | "RollingOut"
            | "ScalingUp"
            | "ScalingDown"
            | "Remediating"
            | "ClusterUpgrading"
    )
}
