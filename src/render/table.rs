//! The one text-table engine: aligned columns of text for people.
//!
//! A [`Table`] is a list of [`Column`]s, each with its header lines, its
//! cells, an [`Align`]ment and a group. Every column is as wide as its
//! widest header line or cell (in characters); columns of one group are
//! separated by one space, groups by two. A header label followed, in its
//! group, by columns whose header is empty on that line spans them, aligned
//! as its column (the columns widened evenly if the label needs more room):
//! a group's label heads the group without widening its first column.
//! Header rows whose cells are all empty are left out, and every line is
//! trimmed at the end.
//!
//! ```
//! use disburse::render::{Align, Column, Table};
//! let t = Table::new(vec![
//!     Column::new(Align::Left).header(["", "year"]).cells(["2026"]),
//!     Column::new(Align::Right).header(["debt, USD billions", "p5"]).cells(["1.0"]).group(1),
//!     Column::new(Align::Right).header(["", "p50"]).cells(["2.0"]).group(1),
//!     Column::new(Align::Right).header(["", "p95"]).cells(["3.0"]).group(1),
//! ]);
//! assert_eq!(
//!     t.to_string(),
//!     "      debt, USD billions\nyear     p5   p50    p95\n2026    1.0   2.0    3.0\n"
//! );
//! ```

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

impl Table {
    /// The last column a header line's label spans from column `i`: the
    /// label's own column, then each following column of its group whose
    /// header is empty on that line (`i` itself when none, or when the
    /// label is empty).
    fn span_end(&self, h: usize, i: usize) -> usize {
        let Some(first) = self.columns.get(i) else {
            return i;
        };
        if nth(&first.header, h).is_empty() {
            return i;
        }
        let mut j = i;
        while let (Some(next), Some(previous)) = (self.columns.get(j + 1), self.columns.get(j)) {
            if !next.joins(previous) || !nth(&next.header, h).is_empty() {
                break;
            }
            j += 1;
        }
        j
    }

    /// The columns' widths: each its widest cell or own header line, then
    /// the columns of a span widened evenly until the span's label fits
    /// (a group's label spans its group's columns).
    fn widths(&self, header_rows: usize) -> Vec<usize> {
        let len = |s: &str| s.chars().count();
        let mut widths: Vec<usize> = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let own = (0..header_rows)
                    .filter(|&h| self.span_end(h, i) == i)
                    .map(|h| len(nth(&c.header, h)));
                c.cells.iter().map(|s| len(s)).chain(own).max().unwrap_or(0)
            })
            .collect();
        for h in 0..header_rows {
            for (i, c) in self.columns.iter().enumerate() {
                let j = self.span_end(h, i);
                if j == i {
                    continue;
                }
                let have: usize = widths.get(i..=j).map_or(0, |w| w.iter().sum::<usize>()) + (j - i);
                let need = len(nth(&c.header, h));
                // The missing room shared out, the later columns taking
                // one more where it does not divide.
                let (n, missing) = (j - i + 1, need.saturating_sub(have));
                for (k, w) in widths.iter_mut().skip(i).take(n).enumerate() {
                    *w += missing / n + usize::from(k >= n - missing % n);
                }
            }
        }
        widths
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header_rows = self.columns.iter().map(|c| c.header.len()).max().unwrap_or(0);
        let widths = self.widths(header_rows);
        let rows = self.columns.iter().map(|c| c.cells.len()).max().unwrap_or(0);
        // Each line as (text, first column, last column) pieces: a header
        // label spans its group's columns left empty on its line.
        let mut lines: Vec<Vec<(&str, usize, usize)>> = Vec::with_capacity(header_rows + rows);
        for h in 0..header_rows {
            if self.columns.iter().all(|c| nth(&c.header, h).is_empty()) {
                continue;
            }
            let mut line = Vec::with_capacity(self.columns.len());
            let mut i = 0;
            while let Some(c) = self.columns.get(i) {
                let j = self.span_end(h, i);
                line.push((nth(&c.header, h), i, j));
                i = j + 1;
            }
            lines.push(line);
        }
        for r in 0..rows {
            lines.push(
                self.columns
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (nth(&c.cells, r), i, i))
                    .collect(),
            );
        }
        let mut out = String::new();
        for line in lines {
            out.clear();
            for &(text, i, j) in &line {
                let (Some(column), Some(spanned)) = (self.columns.get(i), widths.get(i..=j)) else {
                    continue;
                };
                if let Some(previous) = i.checked_sub(1).and_then(|p| self.columns.get(p)) {
                    out.push_str(if column.joins(previous) { " " } else { "  " });
                }
                let w = spanned.iter().sum::<usize>() + (j - i);
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

impl Table {
    /// The table as a Markdown pipe table: one header row (each column's
    /// header lines joined by a space), the alignment row (`---:` for
    /// numbers), then the rows; cells padded so the text lines up too,
    /// `|` escaped. Lines end in `\n`.
    ///
    /// ```
    /// use disburse::render::{Align, Column, Table};
    /// let t = Table::new(vec![
    ///     Column::new(Align::Left).header(["", "plan"]).cells(["upfront", "10y"]),
    ///     Column::new(Align::Right).header(["PV", "@ 3%"]).cells(["350.00", "307.14"]),
    /// ]);
    /// assert_eq!(
    ///     t.to_markdown(),
    ///     "| plan    | PV @ 3% |\n| ------- | ------: |\n| upfront |  350.00 |\n| 10y     |  307.14 |\n"
    /// );
    /// ```
    pub fn to_markdown(&self) -> String {
        let escape = |s: &str| s.replace('|', "\\|");
        // A group's label (an upper header line) heads each of its
        // columns, as the text and HTML show it spanning them.
        let header_rows = self.columns.iter().map(|c| c.header.len()).max().unwrap_or(0);
        let mut labels: Vec<Vec<String>> = self
            .columns
            .iter()
            .map(|c| (0..header_rows).map(|h| nth(&c.header, h).trim().to_string()).collect())
            .collect();
        for i in 1..labels.len() {
            for h in 0..header_rows.saturating_sub(1) {
                let (Some(column), Some(previous)) = (self.columns.get(i), self.columns.get(i - 1)) else {
                    continue;
                };
                let inherited = labels.get(i - 1).and_then(|l| l.get(h)).cloned().unwrap_or_default();
                if let Some(cell) = labels.get_mut(i).and_then(|l| l.get_mut(h))
                    && cell.is_empty()
                    && column.joins(previous)
                {
                    *cell = inherited;
                }
            }
        }
        let heads: Vec<String> = labels
            .iter()
            .map(|l| {
                let parts: Vec<&str> = l.iter().map(String::as_str).filter(|h| !h.is_empty()).collect();
                escape(&parts.join(" "))
            })
            .collect();
        let rows = self.columns.iter().map(|c| c.cells.len()).max().unwrap_or(0);
        let cells: Vec<Vec<String>> = (0..rows)
            .map(|r| self.columns.iter().map(|c| escape(nth(&c.cells, r))).collect())
            .collect();
        let widths: Vec<usize> = (0..self.columns.len())
            .map(|i| {
                let head = heads.get(i).map_or(0, |h| h.chars().count());
                let body = cells
                    .iter()
                    .filter_map(|r| r.get(i))
                    .map(|c| c.chars().count())
                    .max()
                    .unwrap_or(0);
                head.max(body).max(3)
            })
            .collect();
        let line = |texts: &[String]| {
            let mut out = String::from("|");
            for ((text, w), column) in texts.iter().zip(&widths).zip(&self.columns) {
                let pad = w.saturating_sub(text.chars().count());
                out.push(' ');
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
                out.push_str(" |");
            }
            out.push('\n');
            out
        };
        let mut out = line(&heads);
        out.push('|');
        for (w, column) in widths.iter().zip(&self.columns) {
            out.push(' ');
            match column.align {
                Align::Left => out.extend(std::iter::repeat_n('-', *w)),
                Align::Right => {
                    out.extend(std::iter::repeat_n('-', w.saturating_sub(1)));
                    out.push(':');
                }
            }
            out.push_str(" |");
        }
        out.push('\n');
        for row in &cells {
            out.push_str(&line(row));
        }
        out
    }

    /// The table as an HTML `<table>`: a `<thead>` row per non-empty
    /// header row (a group's label spans the group's columns when the
    /// columns after it leave that line empty), a `<tbody>` row per row;
    /// number cells have `class="num"`, cells of a text column with a cell
    /// longer than 40 characters `class="wrap"`; text is escaped.
    ///
    /// ```
    /// use disburse::render::{Align, Column, Table};
    /// let t = Table::new(vec![
    ///     Column::new(Align::Left).header(["", "plan"]).cells(["a<b"]),
    ///     Column::new(Align::Right).header(["PV", "@ 3%"]).cells(["1.00"]).group(1),
    ///     Column::new(Align::Right).header(["", "@ 8%"]).cells(["0.90"]).group(1),
    /// ]);
    /// assert_eq!(
    ///     t.to_html(),
    ///     "<table>\n<thead>\n<tr><th></th><th class=\"num\" colspan=\"2\">PV</th></tr>\n\
    ///      <tr><th>plan</th><th class=\"num\">@ 3%</th><th class=\"num\">@ 8%</th></tr>\n</thead>\n\
    ///      <tbody>\n<tr><td>a&lt;b</td><td class=\"num\">1.00</td><td class=\"num\">0.90</td></tr>\n</tbody>\n</table>\n"
    /// );
    /// ```
    pub fn to_html(&self) -> String {
        // Numbers right-aligned; long text (a reason, an assumption) may
        // wrap, everything else stays on one line.
        let class = |c: &Column| {
            if c.align == Align::Right {
                " class=\"num\""
            } else if c.cells.iter().any(|s| s.chars().count() > 40) {
                " class=\"wrap\""
            } else {
                ""
            }
        };
        let header_rows = self.columns.iter().map(|c| c.header.len()).max().unwrap_or(0);
        let mut out = String::from("<table>\n");
        let mut head = String::new();
        for h in 0..header_rows {
            if self.columns.iter().all(|c| nth(&c.header, h).trim().is_empty()) {
                continue;
            }
            let last = h + 1 == header_rows;
            head.push_str("<tr>");
            let mut i = 0;
            while let Some(column) = self.columns.get(i) {
                let text = nth(&column.header, h).trim();
                let mut span = 1;
                if !last && !text.is_empty() {
                    while let Some(next) = self.columns.get(i + span) {
                        if next.joins(column) && nth(&next.header, h).trim().is_empty() {
                            span += 1;
                        } else {
                            break;
                        }
                    }
                }
                let colspan = if span > 1 {
                    format!(" colspan=\"{span}\"")
                } else {
                    String::new()
                };
                head.push_str(&format!("<th{}{colspan}>{}</th>", class(column), escape_html(text)));
                i += span;
            }
            head.push_str("</tr>\n");
        }
        if !head.is_empty() {
            out.push_str("<thead>\n");
            out.push_str(&head);
            out.push_str("</thead>\n");
        }
        out.push_str("<tbody>\n");
        let rows = self.columns.iter().map(|c| c.cells.len()).max().unwrap_or(0);
        for r in 0..rows {
            out.push_str("<tr>");
            for column in &self.columns {
                out.push_str(&format!(
                    "<td{}>{}</td>",
                    class(column),
                    escape_html(nth(&column.cells, r))
                ));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
        out
    }
}

/// `text` with `&`, `<`, `>` and `"` escaped for HTML text and attributes.
///
/// ```
/// use disburse::render::table::escape_html;
/// assert_eq!(escape_html(r#"a < b & "c""#), "a &lt; b &amp; &quot;c&quot;");
/// ```
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(ch),
        }
    }
    out
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
    fn a_group_label_spans_its_group() {
        // "share used" (10) over two 4-wide columns and one space: the
        // last column takes the one missing character.
        let t = Table::new(vec![
            Column::new(Align::Left).header(["", "year"]).cells(["2026"]),
            Column::new(Align::Right)
                .header(["share used", "p50"])
                .cells(["5.4%"])
                .group(1),
            Column::new(Align::Right).header(["", "p95"]).cells(["7.7%"]).group(1),
            Column::new(Align::Right)
                .header(["adequacy", "p5"])
                .cells(["2.60"])
                .group(2),
        ]);
        assert_eq!(
            t.to_string(),
            "      share used  adequacy\nyear   p50   p95        p5\n2026  5.4%  7.7%      2.60\n"
        );
    }

    #[test]
    fn a_label_spans_only_empty_headers_of_its_group() {
        // "P(breach)" stops at the next non-empty header; "KRW trillions"
        // spans the empty header after it on its line, left-aligned as its
        // column, the 10 missing characters shared by its two columns.
        let t = Table::new(vec![
            Column::new(Align::Right)
                .header(["P(breach)", "any"])
                .cells(["1%"])
                .group(1),
            Column::new(Align::Right)
                .header(["w/o", "clause"])
                .cells(["2%"])
                .group(1),
            Column::new(Align::Right).header(["", "x"]).cells(["3"]).group(2),
            Column::new(Align::Left)
                .header(["KRW trillions", "a"])
                .cells(["b"])
                .group(3),
            Column::new(Align::Left).header(["", "c"]).cells(["d"]).group(3),
            Column::new(Align::Left).header(["", "e"]).cells(["f"]),
        ]);
        assert_eq!(
            t.to_string(),
            "P(breach)    w/o     KRW trillions\n      any clause  x  a      c       e\n       1%     2%  3  b      d       f\n"
        );
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
