//! Building rows of the human tree from conditions.

use jiff::Timestamp;

use super::age::human_age;
use super::conditions::{Condition, Conditions, negative_polarity};
use super::model::TreeNode;
use super::views::one_line;

/// A row showing one condition the way clusterctl does: status, and for conditions in a bad
/// state (False, or True for `Deleting`-like types) the severity, reason and message.
pub(crate) fn condition_row(
    name: impl Into<String>,
    condition: Option<&Condition<'_>>,
    now: Timestamp,
) -> TreeNode {
    let mut row = TreeNode::named(name);
    if let Some(c) = condition {
        row.ready = Some(c.status.to_owned());
        row.since = c.since.map(|t| human_age(now, t));
        let bad = if negative_polarity(c.type_) {
            c.is_true()
        } else {
            !c.is_true()
        };
        if bad {
            row.severity = c.severity.map(str::to_owned);
            row.reason = c.reason.map(str::to_owned);
            row.message = c.message.map(one_line).filter(|m| !m.is_empty());
        }
    }
    row
}

/// Child rows for conditions that are in a bad state (the summary type is skipped), like
/// `clusterctl describe --show-conditions` but limited to the ones that matter.
pub(crate) fn bad_condition_rows(
    conditions: &Conditions<'_>,
    skip: &[&str],
    now: Timestamp,
) -> Vec<TreeNode> {
    conditions
        .iter()
        .filter(|c| !skip.contains(&c.type_))
        .filter(|c| {
            if negative_polarity(c.type_) {
                c.type_ == "Deleting" && c.is_true()
            } else {
                !c.is_true()
            }
        })
        .map(|c| condition_row(format!("Condition {}", c.type_), Some(c), now))
        .collect()
}
