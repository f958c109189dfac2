//! Turning parser positions and field paths into lines and columns.

use std::fmt;

use super::Format;
use super::error::Segment;

/// A line and column in a document, both counted from 1 (the column in
/// characters).
///
/// ```
/// use disburse::scenario::Position;
/// let p = Position { line: 3, column: 7 };
/// assert_eq!(p.to_string(), "line 3, column 7");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

impl Position {
    /// The position of byte `offset` of `text` (clamped to the text, and
    /// back to a character boundary).
    ///
    /// ```
    /// use disburse::scenario::Position;
    /// assert_eq!(Position::from_offset("ab\ncd", 4), Position { line: 2, column: 2 });
    /// ```
    pub fn from_offset(text: &str, offset: usize) -> Position {
        let mut end = offset.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let before = &text[..end];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Position { line, column }
    }
}

// ---------------------------------------------------------------------------
// Locating a path in the source text
// ---------------------------------------------------------------------------

/// The byte offset of the value at `path` in `text`, a document in
/// `format` (or of the deepest part of the path that exists).
pub(super) fn path_offset(text: &str, format: Format, path: &[Segment]) -> Option<usize> {
    match format {
        Format::Toml => toml_offset(text, path),
        Format::Json => json_offset(text, path),
    }
}

/// The byte offset of the value at `path` in a TOML document (or of the
/// deepest part of the path that exists).
fn toml_offset(text: &str, path: &[Segment]) -> Option<usize> {
    use toml::de::{DeArray, DeTable};
    let root = DeTable::parse(text).ok()?;
    let mut table: Option<&DeTable<'_>> = Some(root.get_ref());
    let mut array: Option<&DeArray<'_>> = None;
    let mut found: Option<usize> = None;
    for seg in path {
        let next = match (seg, table, array) {
            (Segment::Key(k), Some(t), _) => t
                .iter()
                .find(|(key, _)| key.get_ref().as_ref() == k.as_str())
                .map(|(_, v)| v),
            (Segment::Index(i), _, Some(a)) => a.get(*i),
            _ => None,
        };
        let Some(v) = next else { break };
        found = Some(v.span().start);
        table = v.get_ref().as_table();
        array = v.get_ref().as_array();
    }
    found
}

/// The byte offset of the value at `path` in a JSON document (or of the
/// deepest part of the path that exists).
fn json_offset(text: &str, path: &[Segment]) -> Option<usize> {
    let mut scanner = JsonScanner {
        bytes: text.as_bytes(),
        pos: 0,
    };
    scanner.skip_ws();
    let mut found = None;
    for seg in path {
        let ok = match seg {
            Segment::Key(k) => scanner.enter_key(k),
            Segment::Index(i) => scanner.enter_index(*i),
        };
        if !ok {
            break;
        }
        found = Some(scanner.pos);
    }
    found
}

/// Where the object or array at `path` starts, when serde_json reported
/// an error about it at (`line`, byte `column`) on or after its closing
/// bracket: errors found once the whole value is read (a `try_from`
/// check, a missing field, an internally tagged enum) belong at its start.
/// `None` for any other error, path or value.
pub(super) fn json_container_start(text: &str, path: &[Segment], line: usize, column: usize) -> Option<Position> {
    let start = json_offset(text, path)?;
    if !matches!(text.as_bytes().get(start), Some(b'{' | b'[')) {
        return None;
    }
    let mut scanner = JsonScanner {
        bytes: text.as_bytes(),
        pos: start,
    };
    if !scanner.skip_value() {
        return None;
    }
    let close = scanner.pos.checked_sub(1)?;
    // serde_json counts lines from 1 and columns in bytes from 1.
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let reported = line_start.checked_add(column.saturating_sub(1))?;
    (reported >= close).then(|| Position::from_offset(text, start))
}

/// A minimal JSON walker over text that serde_json has already accepted;
/// every step returns `false` rather than failing on anything unexpected.
struct JsonScanner<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl JsonScanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        self.skip_ws();
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Reads a string at the cursor, returning its raw (escaped) contents.
    fn string(&mut self) -> Option<String> {
        self.skip_ws();
        if self.peek() != Some(b'"') {
            return None;
        }
        self.pos += 1;
        let start = self.pos;
        loop {
            match self.peek()? {
                b'\\' => self.pos += 2,
                b'"' => break,
                _ => self.pos += 1,
            }
        }
        let raw = self.bytes.get(start..self.pos)?;
        self.pos += 1;
        let raw = std::str::from_utf8(raw).ok()?;
        // Keys are compared after decoding escapes.
        serde_json::from_str::<String>(&format!("\"{raw}\"")).ok()
    }

    /// Skips one value, iteratively (no recursion).
    fn skip_value(&mut self) -> bool {
        self.skip_ws();
        let mut depth = 0usize;
        loop {
            let Some(b) = self.peek() else { return false };
            match b {
                b'"' => {
                    if self.string().is_none() {
                        return false;
                    }
                }
                b'{' | b'[' => {
                    depth += 1;
                    self.pos += 1;
                }
                b'}' | b']' => {
                    if depth == 0 {
                        return false;
                    }
                    depth -= 1;
                    self.pos += 1;
                }
                b',' | b':' => {
                    if depth == 0 {
                        return false;
                    }
                    self.pos += 1;
                }
                _ => {
                    self.pos += 1;
                    if depth == 0 {
                        while !matches!(
                            self.peek(),
                            None | Some(b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t')
                        ) {
                            self.pos += 1;
                        }
                    }
                }
            }
            if depth == 0 {
                return true;
            }
            self.skip_ws();
        }
    }

    fn enter_key(&mut self, key: &str) -> bool {
        if !self.eat(b'{') {
            return false;
        }
        loop {
            let Some(k) = self.string() else { return false };
            if !self.eat(b':') {
                return false;
            }
            self.skip_ws();
            if k == key {
                return true;
            }
            if !self.skip_value() || !self.eat(b',') {
                return false;
            }
        }
    }

    fn enter_index(&mut self, index: usize) -> bool {
        if !self.eat(b'[') {
            return false;
        }
        for _ in 0..index {
            if !self.skip_value() || !self.eat(b',') {
                return false;
            }
        }
        self.skip_ws();
        !matches!(self.peek(), None | Some(b']'))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::scenario::error::key;

    #[test]
    fn scenario_position_from_offset_is_total() {
        let text = "é\nab";
        for o in 0..10 {
            let p = Position::from_offset(text, o);
            assert!(p.line >= 1 && p.column >= 1);
        }
        assert_eq!(Position::from_offset(text, 1), Position { line: 1, column: 1 });
        assert_eq!(Position::from_offset(text, 3), Position { line: 2, column: 1 });
    }

    #[test]
    fn scenario_json_locator_finds_nested_values() {
        let text = r#"{"a": [1, {"b": "x"}, {"c": [true, {"d": null}]}], "e\"f": 2}"#;
        let path = [key("a"), Segment::Index(2), key("c"), Segment::Index(1), key("d")];
        let o = json_offset(text, &path).unwrap();
        assert_eq!(&text[o..o + 4], "null");
        let o = json_offset(text, &[key("e\"f")]).unwrap();
        assert_eq!(&text[o..o + 1], "2");
        assert_eq!(json_offset("[", &[Segment::Index(3)]), None);
    }

    #[test]
    fn scenario_json_container_errors_move_to_the_start_only_from_the_end() {
        let text = "{\"a\": {\"b\": 1},\n \"c\": 2}";
        let a = [key("a")];
        // Reported on the closing brace or after it: moved to the brace
        // that opens the object.
        let start = Some(Position { line: 1, column: 7 });
        assert_eq!(json_container_start(text, &a, 1, 14), start);
        assert_eq!(json_container_start(text, &a, 1, 15), start);
        // Reported inside the object: kept.
        assert_eq!(json_container_start(text, &a, 1, 12), None);
        // Not an object or array, or not there: kept.
        assert_eq!(json_container_start(text, &[key("c")], 2, 8), None);
        assert_eq!(json_container_start(text, &[key("z")], 2, 8), None);
        assert_eq!(json_container_start(text, &a, 9, 1), None);
    }
}
