//! Interest rates, discount curves and rate solvers.

mod curve;
mod rate;

pub use curve::{DiscountCurve, DiscountFactorCurve, Extrapolation, FlatCurve, ZeroCurve};
pub use rate::{Compounding, InterestRate};
