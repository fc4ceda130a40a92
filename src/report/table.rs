//! The human renderers: `table` and `wide`, kubectl-like (no borders, upper-case headers).

use std::io::{self, Write};

use comfy_table::{Attribute, CellAlignment, Color, ContentArrangement, presets};

use super::model::{Block, Cell, Column, Table, Tone, Tree, TreeRow};

/// How to draw: colours only on a terminal, wrapping only to a known width.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    pub wide: bool,
    pub color: bool,
    pub width: Option<u16>,
}

pub fn render_blocks(out: &mut dyn Write, blocks: &[Block], style: &Style) -> io::Result<()> {
    let mut first = true;
    for block in blocks {
        if !first {
            writeln!(out)?;
        }
        first = false;
        match block {
            Block::Title(text) => {
                if style.color {
                    writeln!(out, "\x1b[1m{text}\x1b[0m")?;
                } else {
                    writeln!(out, "{text}")?;
                }
            }
            Block::Text(text) => {
                write!(out, "{text}")?;
                if !text.ends_with('\n') {
                    writeln!(out)?;
                }
            }
            Block::Table(table) => write_table(out, &table.columns, &table.rows, style)?,
            Block::Tree(tree) => write_tree(out, tree, style)?,
        }
    }
    Ok(())
}

fn write_tree(out: &mut dyn Write, tree: &Tree, style: &Style) -> io::Result<()> {
    let mut rows = Vec::new();
    for root in &tree.roots {
        flatten(root, "", None, &mut rows);
    }
    write_table(out, &tree.columns, &rows, style)
}

/// clusterctl's tree drawing: `├─` for a child with siblings after it, `└─` for the last one,
/// and `│ ` / two spaces to continue the parent's line.
fn flatten(row: &TreeRow, indent: &str, is_last: Option<bool>, out: &mut Vec<Vec<Cell>>) {
    let (prefix, child_indent) = match is_last {
        None => (String::new(), String::new()),
        Some(false) => (format!("{indent}├─"), format!("{indent}│ ")),
        Some(true) => (format!("{indent}└─"), format!("{indent}  ")),
    };
    let mut cells = row.cells.clone();
    if let Some(first) = cells.first_mut() {
        first.text = format!("{prefix}{}", first.text);
    }
    out.push(cells);
    let count = row.children.len();
    for (i, child) in row.children.iter().enumerate() {
        flatten(child, &child_indent, Some(i + 1 == count), out);
    }
}

fn write_table(
    out: &mut dyn Write,
    columns: &[Column],
    rows: &[Vec<Cell>],
    style: &Style,
) -> io::Result<()> {
    let shown: Vec<usize> = columns
        .iter()
        .enumerate()
        .filter(|(_, c)| style.wide || !c.wide_only)
        .map(|(i, _)| i)
        .collect();
    let mut table = comfy_table::Table::new();
    table.load_style(presets::NOTHING);
    if style.color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    match style.width {
        Some(width) => {
            table.set_width(width);
            table.set_content_arrangement(ContentArrangement::Dynamic);
        }
        None => {
            table.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    table.set_header(shown.iter().map(|&i| {
        let cell = comfy_table::Cell::new(&columns[i].header);
        if style.color {
            cell.add_attribute(Attribute::Bold)
        } else {
            cell
        }
    }));
    for row in rows {
        table.add_row(shown.iter().map(|&i| {
            let cell = row.get(i).cloned().unwrap_or_default();
            styled(cell, style.color)
        }));
    }
    for column in table.column_iter_mut() {
        column.set_padding((0, 3));
        column.set_cell_alignment(CellAlignment::Left);
    }
    for line in table.lines() {
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

fn styled(cell: Cell, color: bool) -> comfy_table::Cell {
    let c = comfy_table::Cell::new(cell.text);
    if !color {
        return c;
    }
    match cell.tone {
        Tone::Plain => c,
        Tone::Good => c.fg(Color::Green),
        Tone::Bad => c.fg(Color::Red),
        Tone::Warn => c.fg(Color::Yellow),
        Tone::Dim => c.fg(Color::DarkGrey),
    }
}

/// A plain table block from headers and rows of strings.
pub fn simple_table(headers: &[&str], rows: Vec<Vec<Cell>>) -> Block {
    Block::Table(Table {
        columns: headers.iter().map(|h| Column::new(h)).collect(),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(blocks: &[Block], wide: bool) -> String {
        let mut out = Vec::new();
        render_blocks(
            &mut out,
            blocks,
            &Style {
                wide,
                color: false,
                width: None,
            },
        )
        .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn tree_prefixes_follow_clusterctl() {
        let leaf = |n: &str| TreeRow {
            cells: vec![Cell::new(n)],
            children: vec![],
        };
        let tree = Tree {
            columns: vec![Column::new("NAME")],
            roots: vec![TreeRow {
                cells: vec![Cell::new("Cluster/a")],
                children: vec![
                    TreeRow {
                        cells: vec![Cell::new("B")],
                        children: vec![leaf("C"), leaf("D")],
                    },
                    leaf("E"),
                ],
            }],
        };
        let text = render(&[Block::Tree(tree)], false);
        assert_eq!(text, "NAME\nCluster/a\n├─B\n│ ├─C\n│ └─D\n└─E\n");
    }

    #[test]
    fn wide_only_columns_hidden_by_default() {
        let table = Block::Table(Table {
            columns: vec![Column::new("NAME"), Column::wide("EXTRA")],
            rows: vec![vec![Cell::new("x"), Cell::new("y")]],
        });
        assert_eq!(render(std::slice::from_ref(&table), false), "NAME\nx\n");
        assert_eq!(render(&[table], true), "NAME   EXTRA\nx      y\n");
    }
}
