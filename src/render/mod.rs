//! Rendering for people and files: the one text-table engine, the one CSV
//! writer, and the number formats every report shares.
//!
//! - [`table`]: [`Table`] of [`Column`]s, aligned for a terminal. The
//!   `Display` of [`Comparison`](crate::compare::Comparison),
//!   [`SensitivityGrid`](crate::compare::SensitivityGrid) and
//!   [`AffordabilityReport`](crate::affordability::AffordabilityReport)
//!   and the command-line tool's tables are built on it.
//! - `csv` (feature `csv`): CSV text through the `csv` crate.
//! - [`document`]: [`Document`], a report as lines, list items and
//!   tables, rendered as text (`Display`), Markdown (`--format md`) or an
//!   HTML fragment (the HTML report) from the same [`Table`] values.
//! - [`number`]: [`Percent`] for every percentage, [`Unit`] for every
//!   amount shown scaled (`USD billions`, `$350.00B`).
//!
//! These are leaf building blocks: they know money and currencies, not
//! comparisons or reports, so every layer can render with them.
//!
//! ```
//! use disburse::render::{Align, Column, Digits, Fit, Percent, Table, Unit};
//! use disburse::Currency;
//! use rust_decimal_macros::dec;
//! let unit = Unit::fitting(dec!(350e9), Fit::Column);
//! let table = Table::new(vec![
//!     Column::new(Align::Left).header(["rate"]).cells([0.03, 0.045].map(|r| Percent::new(r, Digits::UpTo(4)).to_string())),
//!     Column::new(Align::Right).header([unit.label(Currency::USD)]).cells([dec!(307.5e9), dec!(289.4e9)].map(|x| unit.format(x))),
//! ]);
//! assert_eq!(table.to_string(), "rate  USD billions\n3%          307.50\n4.5%        289.40\n");
//! ```

#[cfg(feature = "csv")]
pub mod csv;
pub mod document;
pub mod number;
pub mod table;

pub use document::{Block, Document};
pub use number::{Digits, Fit, Percent, Unit};
pub use table::{Align, Column, Table};
