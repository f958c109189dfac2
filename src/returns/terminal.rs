//! [`Accrual`] (from when capital earns the project's yield) and
//! [`TerminalValue`] (what the project is worth at its end, shared like
//! any other project flow).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{Bound, Error, Money, Quantity, Result, Rounding, Schedule};

/// From when capital paid in earns the yield of
/// [`ProjectFlows::Yield`](super::ProjectFlows::Yield).
///
/// The yield is paid on each anniversary of the first outlay, for the
/// year (the *yield period*) that ends on it. Capital paid on or before
/// the period's start earns the whole period; capital paid on or after its
/// end earns nothing in it (so a tranche paid on an anniversary earns
/// nothing that day). The two rules differ only for capital paid strictly
/// inside a period:
///
/// - [`Accrual::ProRata`] (the default): it earns the fraction of the
///   period it was invested, in actual days: `days(paid, period end) /
///   days(period start, period end)` (Act/Act within the period, so a
///   whole period earns exactly the annual yield, leap year or not).
/// - [`Accrual::NextPeriod`]: it earns nothing until the next period
///   starts.
///
/// Serialized as `"pro_rata"` or `"next_period"`.
///
/// ```
/// use disburse::returns::Accrual;
/// assert_eq!(Accrual::default(), Accrual::ProRata);
/// assert_eq!(serde_json::to_string(&Accrual::NextPeriod)?, r#""next_period""#);
/// assert_eq!(Accrual::ProRata.to_string(), "pro rata (actual days in the yield period)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Accrual {
    /// Capital earns from the day it is paid, pro rata by actual days in
    /// the yield period.
    #[default]
    ProRata,
    /// Capital earns from the start of the first yield period after it is
    /// paid.
    NextPeriod,
}

impl std::fmt::Display for Accrual {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Accrual::ProRata => "pro rata (actual days in the yield period)",
            Accrual::NextPeriod => "from the next yield period",
        })
    }
}

/// How a [`TerminalValue`] is measured.
///
/// ```
/// use disburse::returns::{TerminalAmount, TerminalValue};
/// use rust_decimal_macros::dec;
/// let t = TerminalValue::share_of_capital(dec!(1))?;
/// assert_eq!(t.value(), TerminalAmount::ShareOfCapital(dec!(1)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TerminalAmount {
    /// A fixed amount in the outlays' currency, whole minor units, not
    /// negative.
    Amount(Decimal),
    /// A share of the capital invested (the outlays dated on or before the
    /// terminal date), not negative: `1` returns the capital in full.
    ShareOfCapital(Decimal),
}

/// What the project is worth at its end: one more project flow, on a
/// stated date or on the last yield anniversary, **shared through the
/// waterfall like any other project flow** (before recovery by the
/// before-recovery split, cut at the recovery point, after it by the
/// after-recovery split). It is how the investor's capital can come back
/// at the end instead of vanishing.
///
/// The amount is fixed, or a share of the capital invested by the terminal
/// date, rounded half to even to minor units. Labelled `"terminal value"`
/// in the project flows; on the last anniversary it comes after that
/// year's yield.
///
/// Serialized as `{"share_of_capital": "1"}` or `{"amount": "100e9",
/// "date": "2066-01-01"}` (exactly one of `amount` and `share_of_capital`;
/// `date` optional), validated on deserialization.
///
/// ```
/// use disburse::returns::TerminalValue;
/// use rust_decimal_macros::dec;
///
/// let d = chrono::NaiveDate::from_ymd_opt(2066, 1, 1).unwrap();
/// let t = TerminalValue::amount(dec!(100e9))?.on(d);
/// assert_eq!(t.date(), Some(d));
/// assert_eq!(serde_json::to_string(&t)?, r#"{"amount":"100000000000","date":"2066-01-01"}"#);
/// assert!(serde_json::from_str::<TerminalValue>(r#"{"amount": "1", "share_of_capital": "1"}"#).is_err());
/// assert!(TerminalValue::share_of_capital(dec!(-0.5)).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(try_from = "TerminalValueData", into = "TerminalValueData")]
pub struct TerminalValue {
    value: TerminalAmount,
    date: Option<NaiveDate>,
}

#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct TerminalValueData {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::input_serde::opt_amount")]
    #[cfg_attr(
        feature = "scenario",
        schemars(schema_with = "crate::input_serde::schema::opt_amount")
    )]
    amount: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::input_serde::opt_fraction")]
    #[cfg_attr(
        feature = "scenario",
        schemars(schema_with = "crate::input_serde::schema::opt_fraction")
    )]
    share_of_capital: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date: Option<NaiveDate>,
}

impl TryFrom<TerminalValueData> for TerminalValue {
    type Error = Error;
    fn try_from(d: TerminalValueData) -> Result<Self> {
        let t = match (d.amount, d.share_of_capital) {
            (Some(a), None) => TerminalValue::amount(a)?,
            (None, Some(s)) => TerminalValue::share_of_capital(s)?,
            (Some(_), Some(_)) => {
                return Err(Error::Invalid {
                    what: Quantity::TerminalValue,
                    reason: "give either `amount` or `share_of_capital`, not both",
                });
            }
            (None, None) => {
                return Err(Error::Invalid {
                    what: Quantity::TerminalValue,
                    reason: "give `amount` or `share_of_capital`",
                });
            }
        };
        Ok(match d.date {
            Some(date) => t.on(date),
            None => t,
        })
    }
}

impl From<TerminalValue> for TerminalValueData {
    fn from(t: TerminalValue) -> Self {
        let (amount, share_of_capital) = match t.value {
            TerminalAmount::Amount(a) => (Some(a), None),
            TerminalAmount::ShareOfCapital(s) => (None, Some(s)),
        };
        TerminalValueData {
            amount,
            share_of_capital,
            date: t.date,
        }
    }
}

impl TerminalValue {
    /// A fixed terminal value, on the last yield anniversary unless
    /// [`on`](Self::on) states a date. Whole minor units are checked when
    /// the flows are built (the currency is the outlays').
    ///
    /// # Errors
    /// [`Error::OutOfRange`] for a negative amount.
    ///
    /// ```
    /// use disburse::returns::TerminalValue;
    /// use rust_decimal_macros::dec;
    /// assert!(TerminalValue::amount(dec!(50)).is_ok());
    /// assert!(TerminalValue::amount(dec!(-1)).is_err());
    /// ```
    pub fn amount(amount: Decimal) -> Result<TerminalValue> {
        if amount.is_sign_negative() && !amount.is_zero() {
            return Err(Error::out_of_range(Quantity::TerminalValue, amount, Bound::NonNegative));
        }
        Ok(TerminalValue {
            value: TerminalAmount::Amount(amount),
            date: None,
        })
    }

    /// A terminal value of `share` times the capital invested by the
    /// terminal date (`1` for all of it), on the last yield anniversary
    /// unless [`on`](Self::on) states a date.
    ///
    /// # Errors
    /// [`Error::OutOfRange`] for a negative share.
    ///
    /// ```
    /// use disburse::returns::TerminalValue;
    /// use rust_decimal_macros::dec;
    /// assert!(TerminalValue::share_of_capital(dec!(0.8)).is_ok());
    /// assert!(TerminalValue::share_of_capital(dec!(-0.1)).is_err());
    /// ```
    pub fn share_of_capital(share: Decimal) -> Result<TerminalValue> {
        if share.is_sign_negative() && !share.is_zero() {
            return Err(Error::out_of_range(
                Quantity::TerminalValueShare,
                share,
                Bound::NonNegative,
            ));
        }
        Ok(TerminalValue {
            value: TerminalAmount::ShareOfCapital(share),
            date: None,
        })
    }

    /// The same value on `date` (not before the first outlay, checked when
    /// the flows are built).
    ///
    /// ```
    /// use disburse::returns::TerminalValue;
    /// use rust_decimal_macros::dec;
    /// let d = chrono::NaiveDate::from_ymd_opt(2050, 6, 30).unwrap();
    /// assert_eq!(TerminalValue::amount(dec!(1))?.on(d).date(), Some(d));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn on(self, date: NaiveDate) -> TerminalValue {
        TerminalValue {
            date: Some(date),
            ..self
        }
    }

    /// How the value is measured.
    ///
    /// ```
    /// use disburse::returns::{TerminalAmount, TerminalValue};
    /// use rust_decimal_macros::dec;
    /// assert_eq!(TerminalValue::amount(dec!(5))?.value(), TerminalAmount::Amount(dec!(5)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn value(&self) -> TerminalAmount {
        self.value
    }

    /// The stated date; `None` for the last yield anniversary.
    ///
    /// ```
    /// use disburse::returns::TerminalValue;
    /// use rust_decimal_macros::dec;
    /// assert_eq!(TerminalValue::amount(dec!(5))?.date(), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn date(&self) -> Option<NaiveDate> {
        self.date
    }

    /// The terminal flow's date and amount for these outlays: on the
    /// stated date or `last_anniversary`, not before `first_outlay`.
    pub(super) fn resolve(
        &self,
        outlays: &Schedule,
        first_outlay: NaiveDate,
        last_anniversary: NaiveDate,
    ) -> Result<(NaiveDate, Money)> {
        let date = self.date.unwrap_or(last_anniversary);
        if date < first_outlay {
            return Err(Error::out_of_range(
                Quantity::TerminalValueDate,
                date,
                Bound::NotBefore(first_outlay.into()),
            ));
        }
        let currency = outlays.currency();
        let amount = match self.value {
            TerminalAmount::Amount(a) => {
                let m = Money::new(a, currency);
                if !m.is_whole_minor() {
                    return Err(Error::NotWholeMinorUnits {
                        what: Quantity::TerminalValue,
                        amount: a,
                        currency,
                    });
                }
                m
            }
            TerminalAmount::ShareOfCapital(s) => {
                let mut capital = Money::zero(currency);
                for f in outlays.iter().take_while(|f| f.date <= date) {
                    capital = capital.checked_add(f.amount)?;
                }
                capital.checked_mul(s)?.round_to_minor(Rounding::HalfEven)
            }
        };
        Ok((date, amount))
    }
}
