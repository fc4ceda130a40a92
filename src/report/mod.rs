//! One report model, many renderers: checks build a [`Report`]; these functions print it.

pub mod term;

mod format;
mod junit;
mod model;
mod scs;
mod table;

use std::io::{self, Write};

pub use format::OutputFormat;
pub use model::{
    Block, Cell, Column, Finding, Outcome, Report, Status, Table, TestcaseResult, Tone, Tree,
    TreeRow, WithNotes,
};
pub use scs::{outcome_as_verdict, verdict_word};
pub use table::{Style, render_blocks, simple_table};

use crate::error::{Error, Result};

/// Refuses a check's formats for what a check prints besides its verdict (`--list-images`,
/// `--cleanup`), before any work is done. Which formats a command offers at all is declared
/// with its `-o` on the command line.
pub fn ensure_supported(format: OutputFormat, is_check: bool) -> Result<()> {
    if !is_check && matches!(format, OutputFormat::Junit | OutputFormat::Scs) {
        return Err(Error::usage(format!(
            "-o {} is for a check's verdict; use table, wide, json or yaml here",
            format.name()
        )));
    }
    Ok(())
}

/// Writes a machine-readable document as `-o yaml` prints it, or as `-o json` for any other format.
///
/// Commands whose documents are too large to build as a `serde_json::Value` first (a matrix of
/// millions of cells) serialize them through this directly.
pub fn write_document<T: serde::Serialize>(
    document: &T,
    format: OutputFormat,
    out: &mut dyn Write,
) -> io::Result<()> {
    if format == OutputFormat::Yaml {
        let text = serde_saphyr::to_string(document).map_err(io::Error::other)?;
        out.write_all(text.as_bytes())
    } else {
        // From keeps the kind of an underlying write error, so a closed pipe stays BrokenPipe.
        serde_json::to_writer_pretty(&mut *out, document).map_err(io::Error::from)?;
        writeln!(out)
    }
}

/// Prints the report: the result on `out` (stdout), notes and runner lines on `err` (stderr).
pub fn render(
    report: &Report,
    format: OutputFormat,
    style: &Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Table | OutputFormat::Wide => {
            let style = Style {
                wide: format == OutputFormat::Wide || style.wide,
                ..*style
            };
            render_blocks(out, &report.blocks, &style)?;
        }
        OutputFormat::Json | OutputFormat::Yaml => {
            write_document(&report.document, format, out)?;
        }
        OutputFormat::Junit => {
            out.write_all(junit::render(report).as_bytes())?;
        }
        OutputFormat::Scs => {
            return scs::render(report, out, err);
        }
    }
    for note in &report.notes {
        writeln!(err, "note: {note}")?;
    }
    Ok(())
}
