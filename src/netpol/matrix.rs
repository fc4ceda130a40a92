//! Reachability matrices ("truth tables") in the layout of the upstream e2e framework.
//!
//! Rows are sources (`from`), columns destinations (`to`); `.` means allowed/connected, `X`
//! blocked, `?` a cell without a value. Cells are tab-separated with a `-` corner, exactly as
//! `TruthTable.PrettyPrint` in kubernetes `test/e2e/network/netpol/truthtable.go` prints them.

use std::collections::HashMap;

use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Deserialize, Serialize, Serializer};

use crate::netpol::error::NetpolError;
use crate::netpol::model::Protocol;

/// Reachability of every ordered pod pair (self-pairs included) for one port and protocol.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "MatrixRepr")]
pub struct Matrix {
    /// Destination port of the probe.
    pub port: u16,
    /// Protocol of the probe.
    pub protocol: Protocol,
    /// `namespace/name` of each pod; row and column order.
    pub pods: Vec<String>,
    /// Row-major cells: `allowed[from * pods.len() + to]`.
    pub allowed: Vec<bool>,
}

impl Matrix {
    /// Builds a matrix from row-major cells (`cells.len()` should be `pods.len()²`; missing
    /// cells render as `?`).
    pub fn from_parts(
        port: u16,
        protocol: Protocol,
        pods: Vec<String>,
        allowed: Vec<bool>,
    ) -> Self {
        Self {
            port,
            protocol,
            pods,
            allowed,
        }
    }

    /// A matrix with every cell set to `value` (upstream `NewReachability(pods, value)`).
    pub fn filled(port: u16, protocol: Protocol, pods: Vec<String>, value: bool) -> Self {
        let cells = pods.len() * pods.len();
        Self::from_parts(port, protocol, pods, vec![value; cells])
    }

    /// The cell `from` → `to` by index.
    pub fn get(&self, from: usize, to: usize) -> Option<bool> {
        let n = self.pods.len();
        if from >= n || to >= n {
            return None;
        }
        self.allowed.get(from * n + to).copied()
    }

    /// The cell `from` → `to` by `namespace/name`.
    pub fn lookup(&self, from: &str, to: &str) -> Option<bool> {
        let from = self.pods.iter().position(|p| p == from)?;
        let to = self.pods.iter().position(|p| p == to)?;
        self.get(from, to)
    }

    /// Sets the cell `from` → `to`; returns false when an index is out of range.
    pub fn set(&mut self, from: usize, to: usize, value: bool) -> bool {
        let n = self.pods.len();
        if from >= n || to >= n {
            return false;
        }
        match self.allowed.get_mut(from * n + to) {
            Some(cell) => {
                *cell = value;
                true
            }
            None => false,
        }
    }

    /// The upstream truth-table text (no trailing newline).
    pub fn render(&self) -> String {
        render_table(&self.pods, |f, t| self.get(f, t))
    }
}

pub(crate) fn render_table(pods: &[String], cell: impl Fn(usize, usize) -> Option<bool>) -> String {
    let mut lines = Vec::with_capacity(pods.len() + 1);
    let mut header = vec!["-"];
    header.extend(pods.iter().map(String::as_str));
    lines.push(header.join("\t"));
    for (f, from) in pods.iter().enumerate() {
        let mut line = vec![from.as_str()];
        for t in 0..pods.len() {
            line.push(match cell(f, t) {
                None => "?",
                Some(true) => ".",
                Some(false) => "X",
            });
        }
        lines.push(line.join("\t"));
    }
    lines.join("\n")
}

/// `{"port": 80, "protocol": "TCP", "cells": [{"from": "x/a", "to": "x/b", "allowed": true}, ...]}`
/// with every ordered pair, self-pairs included, row by row.
impl Serialize for Matrix {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut state = serializer.serialize_struct("Matrix", 3)?;
        state.serialize_field("port", &self.port)?;
        state.serialize_field("protocol", &self.protocol)?;
        state.serialize_field("cells", &Cells(self))?;
        state.end()
    }
}

/// The `cells` list of the JSON form, for documents that carry a matrix under another header.
pub(crate) struct Cells<'m>(pub(crate) &'m Matrix);

impl Serialize for Cells<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let matrix = self.0;
        let n = matrix.pods.len();
        let mut seq = serializer.serialize_seq(Some(n * n))?;
        for (f, from) in matrix.pods.iter().enumerate() {
            for (t, to) in matrix.pods.iter().enumerate() {
                if let Some(allowed) = matrix.get(f, t) {
                    seq.serialize_element(&CellRef { from, to, allowed })?;
                }
            }
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct CellRef<'c> {
    from: &'c str,
    to: &'c str,
    allowed: bool,
}

#[derive(Deserialize)]
struct MatrixRepr {
    port: u16,
    protocol: Protocol,
    cells: Vec<CellRepr>,
}

#[derive(Deserialize)]
struct CellRepr {
    from: String,
    to: String,
    allowed: bool,
}

impl TryFrom<MatrixRepr> for Matrix {
    type Error = NetpolError;

    /// Pods are ordered by first appearance; every ordered pair must appear exactly once.
    fn try_from(repr: MatrixRepr) -> Result<Self, Self::Error> {
        let mut pods: Vec<String> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for cell in &repr.cells {
            for pod in [&cell.from, &cell.to] {
                if !index.contains_key(pod) {
                    index.insert(pod.clone(), pods.len());
                    pods.push(pod.clone());
                }
            }
        }
        let n = pods.len();
        let mut cells: Vec<Option<bool>> = vec![None; n * n];
        for cell in &repr.cells {
            let (Some(&f), Some(&t)) = (index.get(&cell.from), index.get(&cell.to)) else {
                continue;
            };
            match cells.get_mut(f * n + t) {
                Some(slot @ None) => *slot = Some(cell.allowed),
                _ => {
                    return Err(NetpolError::InvalidMatrix {
                        reason: format!("pair {} -> {} appears more than once", cell.from, cell.to),
                    });
                }
            }
        }
        let mut allowed = Vec::with_capacity(n * n);
        for (i, cell) in cells.into_iter().enumerate() {
            match cell {
                Some(value) => allowed.push(value),
                None => {
                    let from = pods.get(i / n.max(1)).map_or("?", String::as_str);
                    let to = pods.get(i % n.max(1)).map_or("?", String::as_str);
                    return Err(NetpolError::InvalidMatrix {
                        reason: format!("pair {from} -> {to} is missing; list every ordered pair"),
                    });
                }
            }
        }
        Ok(Matrix::from_parts(repr.port, repr.protocol, pods, allowed))
    }
}

/// Pod names for matrix tests: three pods in two namespaces, so tables show both
/// same-namespace and cross-namespace pairs.
#[cfg(test)]
pub(crate) fn test_pods() -> Vec<String> {
    ["x/a", "x/b", "y/a"]
        .iter()
        .map(|p| (*p).to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_upstream_truth_table() {
        let mut m = Matrix::filled(80, Protocol::Tcp, test_pods(), true);
        m.set(2, 0, false);
        m.set(1, 0, false);
        assert_eq!(
            m.render(),
            "-\tx/a\tx/b\ty/a\nx/a\t.\t.\t.\nx/b\tX\t.\t.\ny/a\tX\t.\t."
        );
    }

    #[test]
    fn missing_cells_render_as_question_marks() {
        let m = Matrix::from_parts(80, Protocol::Tcp, test_pods(), vec![true; 4]);
        assert!(m.render().ends_with("y/a\t?\t?\t?"));
    }

    #[test]
    fn serializes_every_ordered_pair_and_round_trips() {
        let mut m = Matrix::filled(80, Protocol::Udp, test_pods(), true);
        m.set(0, 2, false);
        let json = serde_json::to_value(&m).unwrap_or_default();
        assert_eq!(json["port"], 80);
        assert_eq!(json["protocol"], "UDP");
        let cells = json["cells"].as_array().cloned().unwrap_or_default();
        assert_eq!(cells.len(), 9);
        assert_eq!(
            cells.first().cloned().unwrap_or_default(),
            serde_json::json!({"from": "x/a", "to": "x/a", "allowed": true})
        );
        assert_eq!(
            cells.get(2).cloned().unwrap_or_default(),
            serde_json::json!({"from": "x/a", "to": "y/a", "allowed": false})
        );
        let back: Result<Matrix, _> = serde_json::from_value(json);
        assert_eq!(back.ok(), Some(m));
    }

    #[test]
    fn deserializing_an_incomplete_matrix_fails() {
        let json = serde_json::json!({
            "port": 80, "protocol": "TCP",
            "cells": [
                {"from": "x/a", "to": "x/a", "allowed": true},
                {"from": "x/a", "to": "x/b", "allowed": true},
                {"from": "x/b", "to": "x/b", "allowed": true}
            ]
        });
        let err = serde_json::from_value::<Matrix>(json)
            .err()
            .map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("x/b -> x/a is missing")));
    }
}
