//! The one text-table engine: aligned columns of text for people.
//!
//! A [`Table`] is a list of [`Column`]s, each with its header lines, its
//! cells, an [`Align`]ment and a group. Every column is as wide as its
//! widest header line or cell (in characters); columns of one group are
//! separated by one space, groups by two. Header rows whose cells are all
//! empty are left out, and every line is trimmed at the end.

use std::fmt;

/// Where a cell sits in its column.
///
/// ```
/// use disburse::render::{Align, Column, Table};
/// let t = Table::new(vec![
///     Column::new(Align::Left).cells(["a", "bbb"]),
///     Column::new(Align::Right).cells(["1", "10"]),
/// ]);
/// assert_eq!(t.to_string(), "a     1\nbbb  10\n");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// Text: padded on the right.
    #[default]
    Left,
    /// Numbers: padded on the left.
    Right,
}

/// One column of a [`Table`].
///
/// ```
/// use disburse::render::{Align, Column, Table};
/// let pv = Column::new(Align::Right).header(["PV", "@ 3%"]).cells(["350.00"]).group(1);
/// let t = Table::new(vec![Column::new(Align::Left).header(["", "plan"]).cells(["upfront"]), pv]);
/// assert_eq!(t.to_string(), "             PV\nplan       @ 3%\nupfront  350.00\n");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Column {
    header: Vec<String>,
    cells: Vec<String>,
    align: Align,
    group: Option<usize>,
}

impl Column {
    /// An empty column with `align`, in a group of its own.
    ///
    /// ```
    /// use disburse::render::{Align, Column};
    /// let c = Column::new(Align::Right);
    /// # let _ = c;
    /// ```
    pub fn new(align: Align) -> Column {
        Column {
            align,
            ..Column::default()
        }
    }

    /// The header lines, top first (a table has as many header rows as
    /// its column with the most lines; shorter headers are padded with
    /// empty lines at the bottom).
    ///
    /// ```
    /// use disburse::render::{Align, Column, Table};
    /// let t = Table::new(vec![Column::new(Align::Left).header(["year"]).cells(["2026"])]);
    /// assert_eq!(t.to_string(), "year\n2026\n");
    /// ```
    pub fn header<S: Into<String>>(mut self, lines: impl IntoIterator<Item = S>) -> Column {
        self.header = lines.into_iter().map(Into::into).collect();
        self
    }

    /// The cells, top to bottom.
    ///
    /// ```
    /// use disburse::render::{Align, Column, Table};
    /// let t = Table::new(vec![Column::new(Align::Right).cells(["1", "22"])]);
    /// assert_eq!(t.to_string(), " 1\n22\n");
    /// ```
    pub fn cells<S: Into<String>>(mut self, cells: impl IntoIterator<Item = S>) -> Column {
        self.cells = cells.into_iter().map(Into::into).collect();
        self
    }

    /// Appends one cell.
    ///
    /// ```
    /// use disburse::render::{Align, Column, Table};
    /// let t = Table::new(vec![Column::new(Align::Left).cells(["a"]).push("b")]);
    /// assert_eq!(t.to_string(), "a\nb\n");
    /// ```
    pub fn push(mut self, cell: impl Into<String>) -> Column {
        self.cells.push(cell.into());
        self
    }

    /// Puts the column in `group`: neighbouring columns of one group are
    /// separated by one space instead of two.
    ///
    /// ```
    /// use disburse::render::{Align, Column, Table};
    /// let t = Table::new(vec![
    ///     Column::new(Align::Right).cells(["1"]).group(1),
    ///     Column::new(Align::Right).cells(["2"]).group(1),
    ///     Column::new(Align::Right).cells(["3"]),
    /// ]);
    /// assert_eq!(t.to_string(), "1 2  3\n");
    /// ```
    pub fn group(mut self, group: usize) -> Column {
        self.group = Some(group);
        self
    }

    /// The column's width in characters.
    fn width(&self) -> usize {
        self.header
            .iter()
            .chain(&self.cells)
            .map(|s| s.chars().count())
            .max()
            .unwrap_or(0)
    }

    /// Whether this column and `previous` share a group.
    fn joins(&self, previous: &Column) -> bool {
        self.group.is_some() && self.group == previous.group
    }
}

/// An aligned text table (see the [module](self) for the layout rules).
///
/// `Display` writes one line per header row and per row, each ending in
/// `\n`.
///
/// ```
/// use disburse::render::{Align, Column, Table};
/// let t = Table::new(vec![
///     Column::new(Align::Left).header(["year"]).cells(["2026", "2027"]),
///     Column::new(Align::Right).header(["outlay"]).cells(["$35.00B", "$0.00"]),
///     Column::new(Align::Left).header(["breach"]).cells(["over cap", ""]),
/// ]);
/// assert_eq!(t.to_string(), "year   outlay  breach\n2026  $35.00B  over cap\n2027    $0.00\n");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    columns: Vec<Column>,
}

impl Table {
    /// A table of `columns`, left to right.
    ///
    /// ```
    /// use disburse::render::Table;
    /// assert_eq!(Table::new(vec![]).to_string(), "");
    /// ```
    pub fn new(columns: Vec<Column>) -> Table {
        Table { columns }
    }

    /// Rows of `label  value`: labels left-aligned to one width, values
    /// after two spaces.
    ///
    /// ```
    /// use disburse::render::Table;
    /// let t = Table::key_value([("a", "1".to_string()), ("long", "2".to_string())]);
    /// assert_eq!(t.to_string(), "a     1\nlong  2\n");
    /// ```
    pub fn key_value<K: Into<String>, V: Into<String>>(rows: impl IntoIterator<Item = (K, V)>) -> Table {
        let (keys, values): (Vec<String>, Vec<String>) = rows.into_iter().map(|(k, v)| (k.into(), v.into())).unzip();
        Table::new(vec![
            Column::new(Align::Left).cells(keys),
            Column::new(Align::Left).cells(values),
        ])
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let widths: Vec<usize> = self.columns.iter().map(Column::width).collect();
        let header_rows = self.columns.iter().map(|c| c.header.len()).max().unwrap_or(0);
        let rows = self.columns.iter().map(|c| c.cells.len()).max().unwrap_or(0);
        let mut lines: Vec<Vec<&str>> = Vec::with_capacity(header_rows + rows);
        for h in 0..header_rows {
            let line: Vec<&str> = self.columns.iter().map(|c| nth(&c.header, h)).collect();
            if line.iter().any(|s| !s.is_empty()) {
                lines.push(line);
            }
        }
        for r in 0..rows {
            lines.push(self.columns.iter().map(|c| nth(&c.cells, r)).collect());
        }
        let mut out = String::new();
        for line in lines {
            out.clear();
            for (i, ((text, w), column)) in line.iter().zip(&widths).zip(&self.columns).enumerate() {
                if let Some(previous) = i.checked_sub(1).and_then(|p| self.columns.get(p)) {
                    out.push_str(if column.joins(previous) { " " } else { "  " });
                }
                let pad = w.saturating_sub(text.chars().count());
                match column.align {
                    Align::Left => {
                        out.push_str(text);
                        out.extend(std::iter::repeat_n(' ', pad));
                    }
                    Align::Right => {
                        out.extend(std::iter::repeat_n(' ', pad));
                        out.push_str(text);
                    }
                }
            }
            writeln!(f, "{}", out.trim_end())?;
        }
        Ok(())
    }
}

/// Header line or cell `i` of `lines`, empty past the end.
fn nth(lines: &[String], i: usize) -> &str {
    lines.get(i).map_or("", String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_header_rows_are_left_out() {
        let t = Table::new(vec![
            Column::new(Align::Left).header(["", "plan"]).cells(["a"]),
            Column::new(Align::Right).header(["", "x"]).cells(["1"]),
        ]);
        assert_eq!(t.to_string(), "plan  x\na     1\n");
    }

    #[test]
    fn width_counts_characters_not_bytes() {
        let t = Table::new(vec![
            Column::new(Align::Right).cells(["₩1.00T", "$1"]),
            Column::new(Align::Left).cells(["—", "x"]),
        ]);
        assert_eq!(t.to_string(), "₩1.00T  —\n    $1  x\n");
    }

    #[test]
    fn short_columns_are_padded_with_empty_cells() {
        let t = Table::new(vec![
            Column::new(Align::Left).cells(["a", "b"]),
            Column::new(Align::Right).cells(["1"]),
        ]);
        assert_eq!(t.to_string(), "a  1\nb\n");
    }
}
