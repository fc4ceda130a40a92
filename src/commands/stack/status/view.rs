//! The table view of `stack status`: the summary per Cluster and the tree of its objects.

use crate::commands::stack::diagnoses_text;
use crate::report::{self, Block, Cell, Column, Tone, Tree, TreeRow};
use crate::stack::{self, ClusterStatus, Severity, StackStatus, TreeNode};

/// Messages longer than this are cut in the table view, as `clusterctl describe` does.
const MESSAGE_WIDTH: usize = 100;

pub(super) fn human_view(status: &StackStatus, summary: bool) -> Vec<Block> {
    let mut blocks = Vec::new();
    if status.clusters.is_empty() {
        blocks.push(Block::Text("No Clusters found.\n".into()));
    }
    if summary && !status.clusters.is_empty() {
        blocks.push(summary_table(&status.clusters));
    }
    for cluster in &status.clusters {
        if summary && cluster.healthy {
            continue;
        }
        blocks.push(Block::Tree(Tree {
            columns: tree_columns(),
            roots: vec![tree_row(&cluster.tree)],
        }));
        if cluster.diagnoses.is_empty() {
            blocks.push(Block::Text(format!(
                "{}: healthy, no problems found.\n",
                cluster.cluster
            )));
        } else {
            blocks.push(Block::Text(diagnoses_text(&cluster.diagnoses)));
        }
    }
    let stacks_with_news: Vec<_> = status
        .stacks
        .iter()
        .filter(|s| !s.diagnoses.is_empty())
        .collect();
    for entry in stacks_with_news {
        blocks.push(Block::Tree(Tree {
            columns: tree_columns(),
            roots: vec![tree_row(&entry.tree)],
        }));
        blocks.push(Block::Text(diagnoses_text(&entry.diagnoses)));
    }
    blocks
}

fn summary_table(clusters: &[ClusterStatus]) -> Block {
    let columns = vec![
        Column::new("NAMESPACE"),
        Column::new("CLUSTER"),
        Column::new("CLASS"),
        Column::wide("VERSION"),
        Column::new("PHASE"),
        Column::new("CONTROL PLANE"),
        Column::new("WORKERS"),
        Column::new("ADDONS"),
        Column::new("STATUS"),
    ];
    let replicas = |r: Option<stack::Replicas>| match r {
        Some(r) => Cell::toned(r.ratio(), if r.short() { Tone::Warn } else { Tone::Plain }),
        None => Cell::new("-"),
    };
    let rows = clusters
        .iter()
        .map(|c| {
            let status = match c.diagnoses.iter().find(|d| d.is_problem()) {
                Some(d) => Cell::toned(
                    d.code.as_str(),
                    if d.severity == Severity::Error {
                        Tone::Bad
                    } else {
                        Tone::Warn
                    },
                ),
                None => Cell::toned("Healthy", Tone::Good),
            };
            vec![
                Cell::new(c.namespace.as_str()),
                Cell::new(c.name.as_str()),
                Cell::new(c.class.as_deref().unwrap_or("-")),
                Cell::new(c.version.as_deref().unwrap_or("-")),
                Cell::new(c.phase.as_deref().unwrap_or("-")),
                replicas(c.control_plane),
                replicas(c.workers),
                Cell::new(c.addons.as_str()),
                status,
            ]
        })
        .collect();
    Block::Table(report::Table { columns, rows })
}

fn tree_columns() -> Vec<Column> {
    ["NAME", "READY", "SEVERITY", "REASON", "SINCE", "MESSAGE"]
        .iter()
        .map(|h| Column::new(h))
        .collect()
}

fn tree_row(node: &TreeNode) -> TreeRow {
    let ready_tone = match (node.ready.as_deref(), node.severity.as_deref()) {
        (Some("True"), _) => Tone::Good,
        (Some(_), Some("Error")) => Tone::Bad,
        (Some(_), Some("Warning")) => Tone::Warn,
        (Some("False"), None) => Tone::Bad,
        _ => Tone::Plain,
    };
    let text = |v: &Option<String>| Cell::new(v.clone().unwrap_or_default());
    TreeRow {
        cells: vec![
            Cell::new(node.name.as_str()),
            Cell::toned(node.ready.clone().unwrap_or_default(), ready_tone),
            text(&node.severity),
            text(&node.reason),
            text(&node.since),
            Cell::new(cut(node.message.as_deref().unwrap_or_default())),
        ],
        children: node.children.iter().map(tree_row).collect(),
    }
}

/// Cuts a message at [`MESSAGE_WIDTH`] characters plus ` ...`, and joins lines.
fn cut(message: &str) -> String {
    let one_line = message.replace('\n', " ");
    if one_line.chars().count() <= MESSAGE_WIDTH {
        return one_line;
    }
    let head: String = one_line.chars().take(MESSAGE_WIDTH).collect();
    format!("{head} ...")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_cut_like_clusterctl() {
        let long = "x".repeat(150);
        let cut_text = cut(&long);
        assert_eq!(cut_text.len(), MESSAGE_WIDTH + 4);
        assert!(cut_text.ends_with(" ..."));
        assert_eq!(cut("a\nb"), "a b");
    }
}
