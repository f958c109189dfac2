//! Interest rates, discount curves and rate solvers.

mod curve;
mod rate;
mod rate_value;

pub use curve::{DiscountCurve, DiscountFactorCurve, Extrapolation, FlatCurve, ZeroCurve};
pub use rate::{Compounding, InterestRate};
pub use rate_value::Rate;
