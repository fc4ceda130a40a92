//! The reports of `--list-images` and `--cleanup`: what a run needs, what earlier runs left.

use serde::Serialize;

use crate::commands::check::suite::runner::ListedImage;
use crate::e2e::Check;
use crate::kube::lifecycle::leftovers::Leftover;
use crate::report::{Block, Cell, Column, Outcome, Report, Table, Tone};

/// The document of `--list-images`.
#[derive(Serialize)]
struct ImagesDocument<'a> {
    check: &'static str,
    images: &'a [ListedImage],
}

/// The document of `--cleanup`.
#[derive(Serialize)]
struct LeftoversDocument<'a> {
    check: &'static str,
    leftovers: &'a [Leftover],
}

/// `--list-images`.
pub fn images_report(check: Check, listed: &[ListedImage]) -> Report {
    let mirrored = listed.iter().any(|i| i.mirror.is_some());
    let mut columns = vec![Column::new("IMAGE")];
    if mirrored {
        columns.push(Column::new("MIRROR"));
    }
    columns.push(Column::new("USED BY"));
    let rows = listed
        .iter()
        .map(|i| {
            let mut row = vec![Cell::new(i.image.as_str())];
            if mirrored {
                row.push(Cell::new(
                    i.mirror
                        .clone()
                        .unwrap_or_else(|| "- (not mirrored)".into()),
                ));
            }
            row.push(Cell::new(i.used_by));
            row
        })
        .collect();
    let document = ImagesDocument {
        check: check.id(),
        images: listed,
    };
    let mut report = Report::new(
        check.id(),
        serde_json::to_value(&document).unwrap_or_default(),
    );
    report.blocks = vec![Block::Table(Table { columns, rows })];
    report
}

/// `--cleanup`.
pub fn leftovers_report(check: Check, found: &[Leftover]) -> Report {
    let document = LeftoversDocument {
        check: check.id(),
        leftovers: found,
    };
    let mut report = Report::new(
        check.id(),
        serde_json::to_value(&document).unwrap_or_default(),
    );
    if found.is_empty() {
        report.blocks = vec![Block::Text(format!(
            "No leftovers of earlier {} runs found.\n",
            check.id()
        ))];
        return report;
    }
    report.blocks = vec![Block::Table(Table {
        columns: vec![
            Column::new("KIND"),
            Column::new("NAME"),
            Column::new("RUN"),
            Column::new("RESULT"),
        ],
        rows: found
            .iter()
            .map(|l| {
                let result = match (&l.error, &l.alive_until) {
                    (Some(e), _) => Cell::toned(format!("not deleted: {e}"), Tone::Bad),
                    (None, Some(until)) if !l.deleted => Cell::toned(
                        format!(
                            "running (lease until {until}): left alone; --force {} deletes it",
                            l.run_id
                        ),
                        Tone::Warn,
                    ),
                    (None, _) if l.terminating => {
                        Cell::toned("deletion accepted, still terminating", Tone::Warn)
                    }
                    (None, _) => Cell::toned("deleted", Tone::Good),
                };
                vec![
                    Cell::new(l.kind),
                    Cell::new(l.name.as_str()),
                    Cell::new(l.run_id.as_str()),
                    result,
                ]
            })
            .collect(),
    })];
    if found.iter().any(|l| l.error.is_some()) {
        report.outcome = Outcome::Aborted;
    }
    report
}
