//! Exact money: currencies, rounding strategies, amounts and allocation.
//!
//! Amounts are [`rust_decimal::Decimal`]s, never floating point. Arithmetic
//! is checked: every operation that can overflow or mix currencies returns a
//! [`Result`]. The one allocation routine of the crate, [`allocate`], splits
//! an amount over weights by the largest-remainder method on whole minor
//! units, so the parts always add up exactly to the total.
//!
//! - [`currency`]: [`Currency`], its built-ins and serde forms;
//! - [`rounding`]: [`Rounding`] strategies;
//! - [`amount`]: [`Money`] and its checked arithmetic;
//! - [`format`]: `Display` for [`Money`] and [`CompactMoney`];
//! - [`allocate`](mod@allocate): the largest-remainder split.
//!
//! [`Result`]: crate::Result

mod allocate;
mod amount;
mod currency;
mod format;
mod rounding;

pub use allocate::allocate;
pub(crate) use allocate::minor_to_money;
pub use amount::Money;
pub use currency::Currency;
pub use format::CompactMoney;
pub(crate) use format::grouped;
pub use rounding::Rounding;
