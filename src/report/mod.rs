//! One report model, many renderers: checks build a [`Report`]; these functions print it.

mod junit;
mod model;
mod scs;
mod table;

use std::io::{self, Write};

pub use model::{
    Block, Cell, Column, Finding, Outcome, Report, Status, Table, Tone, Tree, TreeRow, Verdict,
};
pub use table::{Style, render_blocks, simple_table};

use crate::cli::OutputFormat;
use crate::error::{Error, Result};

/// Refuses formats a report cannot be printed in, before any work is done.
pub fn ensure_supported(format: OutputFormat, is_check: bool) -> Result<()> {
    if !is_check && matches!(format, OutputFormat::Junit | OutputFormat::Scs) {
        return Err(Error::usage(format!(
            "-o {} is for checks; use table, wide, json or yaml here",
            format.name()
        )));
    }
    Ok(())
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
        OutputFormat::Json => {
            // Keep the io error kind, so that a closed pipe (`| head`) stays a BrokenPipe.
            serde_json::to_writer_pretty(&mut *out, &report.document).map_err(|e| {
                e.io_error_kind()
                    .map_or_else(|| io::Error::other(e), io::Error::from)
            })?;
            writeln!(out)?;
        }
        OutputFormat::Yaml => {
            let text = serde_saphyr::to_string(&report.document).map_err(io::Error::other)?;
            out.write_all(text.as_bytes())?;
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
