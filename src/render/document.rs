//! A report as a list of blocks — lines of text, list items and
//! [`Table`]s — rendered as terminal text, Markdown or an HTML fragment.
//!
//! Every report type builds one [`Document`]; its `Display` is
//! [`Document::to_text`], `--format md` is [`Document::to_markdown`] and
//! the HTML report embeds [`Document::to_html`]. So the three show the same
//! [`Table`] values, cell for cell.

use std::fmt;

use super::table::{Table, escape_html};

/// One block of a [`Document`].
///
/// ```
/// use disburse::render::{Block, Document};
/// let mut d = Document::new();
/// d.line("verdicts:").item("upfront: breach").blank();
/// assert_eq!(
///     d.blocks(),
///     [Block::Line("verdicts:".into()), Block::Item("upfront: breach".into()), Block::Blank]
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A line of text. Consecutive lines form one paragraph (Markdown
    /// hard line breaks, HTML `<br>`).
    Line(String),
    /// The rest of the previous line's sentence: its own line in text (as
    /// wrapped for a terminal), joined to the previous line by a space in
    /// Markdown and HTML (which wrap it themselves).
    More(String),
    /// A list item: in text an indented line (wrapped at 100 columns,
    /// continuation lines indented further), in Markdown `- item`, in
    /// HTML `<li>`.
    Item(String),
    /// An empty line: ends a paragraph.
    Blank,
    /// A table.
    Table(Table),
}

/// A report as blocks (see the [module](self)).
///
/// ```
/// use disburse::render::{Align, Column, Document, Table};
/// let mut d = Document::new();
/// d.line("verdicts:");
/// d.item("upfront: breach (2026 over the cap)");
/// d.table(Table::new(vec![Column::new(Align::Right).header(["x"]).cells(["1"])]));
/// assert_eq!(d.to_text(), "verdicts:\n  upfront: breach (2026 over the cap)\nx\n1\n");
/// assert_eq!(d.to_markdown(), "verdicts:\n\n- upfront: breach (2026 over the cap)\n\n|   x |\n| --: |\n|   1 |\n");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    blocks: Vec<Block>,
}

impl Document {
    /// An empty document.
    ///
    /// ```
    /// assert_eq!(disburse::render::Document::new().to_text(), "");
    /// ```
    pub fn new() -> Document {
        Document::default()
    }

    /// Appends a line of text.
    ///
    /// ```
    /// let mut d = disburse::render::Document::new();
    /// d.line("a").line("b");
    /// assert_eq!(d.to_markdown(), "a  \nb\n");
    /// ```
    pub fn line(&mut self, text: impl Into<String>) -> &mut Document {
        self.blocks.push(Block::Line(text.into()));
        self
    }

    /// Appends the rest of the previous line's sentence (see
    /// [`Block::More`]): its own line in text, indented as given; joined
    /// to the line before, without its indentation, in Markdown and HTML.
    ///
    /// ```
    /// let mut d = disburse::render::Document::new();
    /// d.line("a long").more("    sentence");
    /// assert_eq!(d.to_text(), "a long\n    sentence\n");
    /// assert_eq!(d.to_markdown(), "a long sentence\n");
    /// assert_eq!(d.to_html(), "<p>a long sentence</p>\n");
    /// ```
    pub fn more(&mut self, text: impl Into<String>) -> &mut Document {
        self.blocks.push(Block::More(text.into()));
        self
    }

    /// Appends a list item.
    ///
    /// ```
    /// let mut d = disburse::render::Document::new();
    /// d.item("one");
    /// assert_eq!(d.to_html(), "<ul>\n<li>one</li>\n</ul>\n");
    /// ```
    pub fn item(&mut self, text: impl Into<String>) -> &mut Document {
        self.blocks.push(Block::Item(text.into()));
        self
    }

    /// Appends an empty line.
    ///
    /// ```
    /// let mut d = disburse::render::Document::new();
    /// d.line("a").blank().line("b");
    /// assert_eq!(d.to_text(), "a\n\nb\n");
    /// ```
    pub fn blank(&mut self) -> &mut Document {
        self.blocks.push(Block::Blank);
        self
    }

    /// Appends a table.
    ///
    /// ```
    /// use disburse::render::{Document, Table};
    /// let mut d = Document::new();
    /// d.table(Table::key_value([("a", "1")]));
    /// assert_eq!(d.to_text(), "a  1\n");
    /// ```
    pub fn table(&mut self, table: Table) -> &mut Document {
        self.blocks.push(Block::Table(table));
        self
    }

    /// The blocks, in order.
    ///
    /// ```
    /// let mut d = disburse::render::Document::new();
    /// d.line("a");
    /// assert_eq!(d.blocks().len(), 1);
    /// ```
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// The tables, in order (what tests parse back).
    ///
    /// ```
    /// use disburse::render::{Document, Table};
    /// let mut d = Document::new();
    /// d.line("x").table(Table::key_value([("a", "1")]));
    /// assert_eq!(d.tables().count(), 1);
    /// ```
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
    }

    /// The document as terminal text: lines, list items indented by two
    /// spaces (wrapped at 100 columns, continuation lines by six), tables
    /// aligned; every line ends in `\n`.
    ///
    /// ```
    /// let mut d = disburse::render::Document::new();
    /// d.line("title");
    /// assert_eq!(d.to_text(), "title\n");
    /// ```
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for block in &self.blocks {
            match block {
                Block::Line(text) | Block::More(text) => {
                    for l in wrap(text, 100, "    ") {
                        out.push_str(&l);
                        out.push('\n');
                    }
                }
                Block::Item(text) => {
                    for l in wrap(&format!("  {text}"), 100, "      ") {
                        out.push_str(&l);
                        out.push('\n');
                    }
                }
                Block::Blank => out.push('\n'),
                Block::Table(t) => out.push_str(&t.to_string()),
            }
        }
        out
    }

    /// The document as Markdown: consecutive lines as one paragraph with
    /// hard line breaks, list items as `- item`, tables as pipe tables,
    /// blocks separated by an empty line.
    ///
    /// ```
    /// use disburse::render::{Document, Table};
    /// let mut d = Document::new();
    /// d.line("a").blank().item("b");
    /// assert_eq!(d.to_markdown(), "a\n\n- b\n");
    /// ```
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let mut previous: Option<&Block> = None;
        for block in &self.blocks {
            if let Block::Blank = block {
                // An empty line ends the paragraph or list.
                previous = None;
                continue;
            }
            if let Block::More(text) = block {
                if out.ends_with('\n') {
                    out.pop();
                    out.push(' ');
                }
                out.push_str(text.trim_start());
                out.push('\n');
                continue;
            }
            let joined = matches!(
                (previous, block),
                (Some(Block::Line(_)), Block::Line(_)) | (Some(Block::Item(_)), Block::Item(_))
            );
            if let Some(Block::Line(_)) = previous
                && joined
            {
                // A hard line break ends the previous line.
                out.insert_str(out.len() - 1, "  ");
            } else if !out.is_empty() && !joined && !matches!(block, Block::Blank) {
                out.push('\n');
            }
            match block {
                Block::Line(text) => {
                    out.push_str(text);
                    out.push('\n');
                }
                Block::Item(text) => {
                    out.push_str("- ");
                    out.push_str(text);
                    out.push('\n');
                }
                Block::Blank | Block::More(_) => {}
                Block::Table(t) => out.push_str(&t.to_markdown()),
            }
            if !matches!(block, Block::Blank) {
                previous = Some(block);
            }
        }
        out
    }

    /// The document as an HTML fragment: consecutive lines as one `<p>`
    /// with `<br>`, list items as one `<ul>`, tables in a
    /// `<div class="table">` (so a wide table scrolls on a phone); text is
    /// escaped.
    ///
    /// ```
    /// let mut d = disburse::render::Document::new();
    /// d.line("a & b").line("c");
    /// assert_eq!(d.to_html(), "<p>a &amp; b<br>\nc</p>\n");
    /// ```
    pub fn to_html(&self) -> String {
        let mut out = String::new();
        let mut open: Option<&'static str> = None;
        let close = |out: &mut String, open: &mut Option<&'static str>| {
            if let Some(tag) = open.take() {
                out.push_str(tag);
            }
        };
        for block in &self.blocks {
            match block {
                Block::Line(text) => {
                    if open == Some("</p>\n") {
                        out.insert_str(out.len(), "<br>\n");
                    } else {
                        close(&mut out, &mut open);
                        out.push_str("<p>");
                        open = Some("</p>\n");
                    }
                    out.push_str(&escape_html(text));
                }
                Block::More(text) => {
                    if open.is_none() {
                        out.push_str("<p>");
                        open = Some("</p>\n");
                    } else {
                        out.push(' ');
                    }
                    out.push_str(&escape_html(text.trim_start()));
                }
                Block::Item(text) => {
                    if open != Some("</ul>\n") {
                        close(&mut out, &mut open);
                        out.push_str("<ul>\n");
                        open = Some("</ul>\n");
                    }
                    out.push_str(&format!("<li>{}</li>\n", escape_html(text)));
                }
                Block::Blank => close(&mut out, &mut open),
                Block::Table(t) => {
                    close(&mut out, &mut open);
                    out.push_str("<div class=\"table\">\n");
                    out.push_str(&t.to_html());
                    out.push_str("</div>\n");
                }
            }
        }
        close(&mut out, &mut open);
        out
    }
}

impl fmt::Display for Document {
    /// [`Document::to_text`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_text())
    }
}

use crate::text::wrap;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping() {
        assert_eq!(wrap("  a bb ccc", 6, "    "), ["  a bb", "    ccc"]);
        assert_eq!(wrap("short", 80, " "), ["short"]);
    }

    #[test]
    fn markdown_separates_blocks() {
        let mut d = Document::new();
        d.line("t").table(Table::key_value([("a", "1")])).line("after");
        assert_eq!(
            d.to_markdown(),
            "t\n\n|     |     |\n| --- | --- |\n| a   | 1   |\n\nafter\n"
        );
    }

    #[test]
    fn html_closes_paragraphs_before_tables() {
        let mut d = Document::new();
        d.line("t").table(Table::key_value([("a", "1")])).item("i");
        let html = d.to_html();
        assert!(
            html.starts_with("<p>t</p>\n<div class=\"table\">\n<table>\n<tbody>"),
            "{html}"
        );
        assert!(html.ends_with("</div>\n<ul>\n<li>i</li>\n</ul>\n"), "{html}");
    }
}
