//! A temporary file for the CLI tests (`cli.rs`, `cli_limits.rs`).
#![allow(dead_code, clippy::unwrap_used)]

use std::path::PathBuf;

/// A file holding some text in a directory of this test process, removed
/// when dropped.
pub(crate) struct TempFile(PathBuf);

impl TempFile {
    /// `name` holding `text`.
    pub(crate) fn new(name: &str, text: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("disburse-tests-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        TempFile(path)
    }

    /// The file's path.
    pub(crate) fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}
