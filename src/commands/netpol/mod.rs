//! `kubectl scs netpol …`: what the NetworkPolicies allow (`simulate`) and whether workloads
//! are isolated (`audit`).

pub mod audit;
mod input;
pub mod simulate;

/// Names listed in a note before it says "and N more".
const LISTED: usize = 5;

/// The first few names, then how many more.
fn names(items: &[String]) -> String {
    let mut text = items
        .iter()
        .take(LISTED)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > LISTED {
        text.push_str(&format!(" and {} more", items.len() - LISTED));
    }
    text
}
