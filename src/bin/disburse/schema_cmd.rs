//! `disburse schema`: the JSON Schema of scenario documents.

use crate::{Failure, SchemaArgs};

/// The schema as pretty JSON with a final newline, or the line naming the
/// file written.
///
/// # Errors
/// A file that exists (never overwritten) or cannot be written.
pub(crate) fn schema(args: &SchemaArgs) -> Result<String, Failure> {
    let mut text = serde_json::to_string_pretty(&disburse::scenario::json_schema())
        .map_err(|e| Failure::new(format!("cannot write JSON: {e}")))?;
    text.push('\n');
    match &args.output {
        None => Ok(text),
        Some(path) => {
            crate::write_new(path, &text)?;
            Ok(format!(
                "wrote {path}; point your editor at it: `#:schema ./{path}` on the first line of a TOML scenario \
                 (Taplo, Even Better TOML), or VS Code's `json.schemas` setting for JSON ones\n"
            ))
        }
    }
}
