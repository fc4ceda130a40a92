//! The report every command produces, independent of how it is printed.

use serde::Serialize;
use serde_json::Value;

/// How a command ended, which decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Outcome {
    /// Everything ran; nothing failed (exit 0).
    Ok,
    /// A check ran and failed (exit 1).
    Failed,
    /// A check could not reach a verdict (exit 3).
    Aborted,
}

/// The status of one finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Fail,
    Warn,
    Info,
    Skip,
    Waived,
    Unknown,
}

/// One thing a check found: machine-readable id, what it is about, and what to do.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub id: String,
    pub subject: String,
    pub status: Status,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

/// A document with the notes of what could not be read or done, under `notes` when there are any.
#[derive(Serialize)]
pub struct WithNotes<'a, T: Serialize> {
    #[serde(flatten)]
    pub document: &'a T,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub notes: &'a [String],
}

/// A verdict line for the SCS test runner (`<testcase-id>: PASS|FAIL|ABORT`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TestcaseResult {
    pub testcase: String,
    pub outcome: Outcome,
}

/// A table cell's emphasis; renderers map it to colour only on a terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tone {
    #[default]
    Plain,
    Good,
    Bad,
    Warn,
    Dim,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cell {
    pub text: String,
    pub tone: Tone,
}

impl Cell {
    pub fn new(text: impl Into<String>) -> Self {
        Cell {
            text: text.into(),
            tone: Tone::Plain,
        }
    }

    pub fn toned(text: impl Into<String>, tone: Tone) -> Self {
        Cell {
            text: text.into(),
            tone,
        }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Cell::new(text)
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Cell::new(text)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub header: String,
    /// Shown only with `-o wide`.
    pub wide_only: bool,
}

impl Column {
    pub fn new(header: &str) -> Self {
        Column {
            header: header.to_string(),
            wide_only: false,
        }
    }

    pub fn wide(header: &str) -> Self {
        Column {
            header: header.to_string(),
            wide_only: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

/// A row of a tree table; the first cell is the node's name, drawn with tree prefixes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TreeRow {
    pub cells: Vec<Cell>,
    pub children: Vec<TreeRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Tree {
    pub columns: Vec<Column>,
    pub roots: Vec<TreeRow>,
}

/// A piece of the human view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A heading line.
    Title(String),
    /// Free text, printed as is.
    Text(String),
    Table(Table),
    Tree(Tree),
}

/// Everything a command has to say; renderers choose what to print.
#[derive(Debug, Clone)]
pub struct Report {
    /// The machine-readable document (`-o json|yaml`); its keys are a stable interface.
    pub document: Value,
    /// The human view (`-o table|wide`).
    pub blocks: Vec<Block>,
    /// Findings, for `-o junit` and `-o scs`.
    pub findings: Vec<Finding>,
    /// Verdicts of checks, for `-o scs`; empty for reports that are not checks.
    pub verdicts: Vec<TestcaseResult>,
    /// Things that could not be read or done, printed on stderr.
    pub notes: Vec<String>,
    /// Progress information for the SCS runner's `INFO:` lines.
    pub info: Vec<String>,
    /// Violations in the words of the check, for the SCS runner's `ERROR:` lines.
    pub errors: Vec<String>,
    pub outcome: Outcome,
    /// Name of the junit test suite.
    pub suite: String,
}

impl Report {
    pub fn new(suite: impl Into<String>, document: Value) -> Self {
        Report {
            document,
            blocks: Vec::new(),
            findings: Vec::new(),
            verdicts: Vec::new(),
            notes: Vec::new(),
            info: Vec::new(),
            errors: Vec::new(),
            outcome: Outcome::Ok,
            suite: suite.into(),
        }
    }
}
