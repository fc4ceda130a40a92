//! The nodes' kubelets beside the control plane: skew and EOL as information.

use super::{day, v};
use crate::versions::eol::EolTable;
use crate::versions::formats::EolEntry;
use crate::versions::judge::Level;
use crate::versions::nodes::{NodeVersion, examine};

fn node(name: &str, kubelet: &str) -> NodeVersion {
    NodeVersion {
        name: name.into(),
        kubelet: kubelet.into(),
        control_plane: name.starts_with("cp"),
    }
}

fn table() -> EolTable {
    let entries: Vec<EolEntry> = [
        ("1.31", "2025-10-28"),
        ("1.32", "2026-02-28"),
        ("1.33", "2026-06-28"),
        ("1.34", "2026-10-27"),
    ]
    .iter()
    .map(|(b, d)| EolEntry {
        branch: (*b).into(),
        end_of_life: (*d).into(),
    })
    .collect();
    EolTable::parse(&entries).unwrap()
}

#[test]
fn skew_and_eol_of_kubelets_are_reported() {
    let nodes = [
        node("cp-0", "v1.34.2"),
        node("w-0", "v1.33.5-eks-1a2b3c"),
        node("w-1", "v1.30.4+k3s1"),
        node("w-2", "v1.35.0"),
        node("w-3", "weird"),
    ];
    let (facts, log) = examine(&nodes, v(1, 34, 2), &table(), day("2026-08-25"));
    let behind: Vec<Option<i64>> = facts.iter().map(|f| f.minors_behind).collect();
    assert_eq!(behind, [Some(0), Some(1), Some(4), Some(-1), None]);
    let eol: Vec<bool> = facts.iter().map(|f| f.eol).collect();
    // 1.33 ended 2026-06-28; 1.30 and 1.35 are not in this table.
    assert_eq!(eol, [false, true, true, true, false]);
    assert!(log.iter().all(|l| l.level == Level::Warning));
    let text: Vec<&str> = log.iter().map(|l| l.message.as_str()).collect();
    assert!(text.contains(&"Node w-1: kubelet 1.30.4 is 4 minor versions behind the control plane (1.34.2); at most 3 are supported."), "{text:?}");
    assert!(text.contains(&"Node w-2: kubelet 1.35.0 is newer than the control plane (1.34.2), which Kubernetes does not support."), "{text:?}");
    assert!(
        text.contains(&"Node w-0: kubelet 1.33.5 is of branch 1.33, which is EOL."),
        "{text:?}"
    );
    assert!(
        text.contains(&"Node w-3: kubelet version \"weird\" is not readable."),
        "{text:?}"
    );
    assert!(!text.iter().any(|t| t.starts_with("Node cp-0")), "{text:?}");
}
