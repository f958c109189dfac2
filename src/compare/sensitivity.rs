//! The sensitivity grid: one amount paid over several tenors, valued at
//! several rates ([`sensitivity`], [`SensitivityGrid`]).

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::output::rate_label;
use super::{TimeBasis, ValuationSettings, present_values};
use crate::affordability::{Assessment, Verdict};
use crate::limits::{MAX_PLAN_YEARS, MAX_SENSITIVITY_TENORS};
use crate::render::{Align, Column, Document, Fit, Table, Unit};
use crate::time::Tenor;
use crate::{Bound, Error, Money, Plan, Quantity, Result, Value};

/// Present values of one amount paid in equal annual installments over
/// several tenors, at several rates, from [`sensitivity`].
///
/// `Display` renders rates as rows and tenors as columns (amounts in the
/// unit that fits the amount, as for [`Comparison`](super::Comparison)), with a verdict row
/// when affordability was tested; `to_csv` (feature `csv`) renders it in
/// long format.
///
/// ```
/// use disburse::compare::{sensitivity, TimeBasis, ValuationSettings};
/// use disburse::{Currency, Money};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let v = ValuationSettings::new(jan1, vec![0.045], TimeBasis::WholeYears)?;
/// let g = sensitivity(Money::new(dec!(350e9), Currency::USD), jan1, &[0.0, 0.045], &[1, 10], &v, None)?;
/// assert_eq!(g.present_values[1][1].compact().to_string(), "$289.41B");
/// assert!(g.verdicts.is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SensitivityGrid {
    /// The amount paid.
    pub amount: Money,
    /// The date of the first installment.
    pub start: NaiveDate,
    /// The valuation date.
    pub valuation_date: NaiveDate,
    /// How time is measured when discounting.
    pub basis: TimeBasis,
    /// The discount rates (rows).
    pub rates: Vec<f64>,
    /// The tenors in years (columns); 1 is upfront.
    pub tenors_years: Vec<u32>,
    /// `present_values[i][j]`: the present value at `rates[i]` over
    /// `tenors_years[j]`.
    pub present_values: Vec<Vec<Money>>,
    /// The verdict of each tenor, when affordability was tested.
    pub verdicts: Option<Vec<Verdict>>,
}

/// Values `amount` paid in equal annual installments from `start` over
/// each of `tenors_years` (1 = upfront; the installments differ by at most
/// a minor unit, see [`allocate`](crate::allocate)) at each of `rates`, on
/// `valuation`'s date and basis (its own rates are not used), and tests
/// each tenor against `affordability` when given.
///
/// # Errors
/// [`Error::Empty`] for no rates or no tenors; [`Error::ZeroCount`] for a
/// tenor of zero years; [`Error::OutOfRange`] for more than
/// [`MAX_SENSITIVITY_TENORS`] tenors or one of more than
/// [`MAX_PLAN_YEARS`] years (checked first); [`Error::InvalidRate`] for
/// a bad rate; the plan's errors for the amount
/// ([`Error::NonPositiveAmount`], [`Error::NotWholeMinorUnits`]);
/// valuation and [`Assessment::assess`] errors.
///
/// ```
/// use disburse::compare::{sensitivity, TimeBasis, ValuationSettings};
/// use disburse::{Currency, Money};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let v = ValuationSettings::new(jan1, vec![0.045], TimeBasis::WholeYears)?;
/// let g = sensitivity(Money::new(dec!(350e9), Currency::USD), jan1, &[0.03, 0.08], &[1, 5, 10], &v, None)?;
/// assert_eq!(g.present_values[0][0].amount(), dec!(350e9)); // upfront: nominal
/// assert!(g.present_values[1][2] < g.present_values[1][1]); // longer is cheaper
/// println!("{g}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sensitivity(
    amount: Money,
    start: NaiveDate,
    rates: &[f64],
    tenors_years: &[u32],
    valuation: &ValuationSettings,
    affordability: Option<&Assessment>,
) -> Result<SensitivityGrid> {
    let settings = ValuationSettings::new(valuation.date(), rates.to_vec(), valuation.basis())?;
    if tenors_years.is_empty() {
        return Err(Error::Empty { what: Quantity::Tenors });
    }
    if tenors_years.contains(&0) {
        return Err(Error::ZeroCount {
            what: Quantity::TenorYears,
        });
    }
    // Checked before any plan is built: the work grows with the tenors'
    // years (each one scheduled, valued and assessed).
    if tenors_years.len() > MAX_SENSITIVITY_TENORS {
        return Err(Error::OutOfRange {
            what: Quantity::Tenors,
            value: Value::from(tenors_years.len()),
            bound: Bound::AtMost(Value::from(MAX_SENSITIVITY_TENORS)),
        });
    }
    if let Some(&n) = tenors_years.iter().find(|&&n| n > MAX_PLAN_YEARS) {
        return Err(Error::OutOfRange {
            what: Quantity::TenorYears,
            value: Value::from(n),
            bound: Bound::AtMost(Value::from(MAX_PLAN_YEARS)),
        });
    }
    let mut columns = Vec::with_capacity(tenors_years.len());
    let mut verdicts = affordability.map(|_| Vec::with_capacity(tenors_years.len()));
    for &n in tenors_years {
        let plan = if n == 1 {
            Plan::upfront(start)
        } else {
            Plan::installments(start, n, Tenor::years(1))
        };
        let schedule = plan.schedule(amount, &format!("{n}y"))?;
        columns.push(present_values(&schedule, settings.rates(), &settings)?);
        if let (Some(a), Some(v)) = (affordability, verdicts.as_mut()) {
            let report = a.assess(&schedule)?;
            v.push(report.summary.verdict);
        }
    }
    let present_values = (0..rates.len())
        .map(|i| columns.iter().filter_map(|c| c.get(i).copied()).collect())
        .collect();
    Ok(SensitivityGrid {
        amount,
        start,
        valuation_date: settings.date(),
        basis: settings.basis(),
        rates: rates.to_vec(),
        tenors_years: tenors_years.to_vec(),
        present_values,
        verdicts,
    })
}

impl SensitivityGrid {
    /// The grid in long format: a header
    /// `rate,tenor_years,present_value,verdict,basis`, then one row per rate
    /// and tenor (rates as decimal fractions, present values in full
    /// precision, the verdict empty without affordability, the valuation
    /// basis in words; feature `csv`).
    ///
    /// # Errors
    /// [`Error::Render`] if the CSV writer fails (not expected).
    ///
    /// ```
    /// use disburse::compare::{sensitivity, TimeBasis, ValuationSettings};
    /// use disburse::{Currency, Money};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let v = ValuationSettings::new(jan1, vec![0.045], TimeBasis::WholeYears)?;
    /// let g = sensitivity(Money::new(dec!(100.00), Currency::USD), jan1, &[0.05], &[1], &v, None)?;
    /// assert_eq!(
    ///     g.to_csv()?,
    ///     "rate,tenor_years,present_value,verdict,basis\n0.05,1,100.00,,\"whole years from the valuation date, annual compounding\"\n"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "csv")]
    pub fn to_csv(&self) -> Result<String> {
        let header = ["rate", "tenor_years", "present_value", "verdict", "basis"].map(String::from);
        let basis = self.basis.to_string();
        let basis = &basis;
        let rows = self.rates.iter().zip(&self.present_values).flat_map(|(rate, row)| {
            self.tenors_years
                .iter()
                .zip(row)
                .enumerate()
                .map(move |(j, (tenor, pv))| {
                    let verdict = self
                        .verdicts
                        .as_ref()
                        .and_then(|v| v.get(j))
                        .map_or(String::new(), |v| v.to_string());
                    [
                        rate.to_string(),
                        tenor.to_string(),
                        crate::render::csv::amount(*pv),
                        verdict,
                        basis.clone(),
                    ]
                })
        });
        crate::render::csv::to_string(std::iter::once(header).chain(rows))
    }
}

impl fmt::Display for SensitivityGrid {
    /// [`SensitivityGrid::document`] as text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.document().to_text())
    }
}

impl SensitivityGrid {
    /// The grid as a [`Document`]: the title, the unit, the valuation date
    /// and basis, and one row per rate, one column per tenor (with the
    /// verdicts' row when the grid was assessed).
    ///
    /// ```
    /// use disburse::compare::{sensitivity, TimeBasis, ValuationSettings};
    /// use disburse::{Currency, Money};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let v = ValuationSettings::new(jan1, vec![0.05], TimeBasis::WholeYears)?;
    /// let g = sensitivity(Money::new(dec!(100.00), Currency::USD), jan1, &[0.05], &[1, 2], &v, None)?;
    /// assert!(g.document().to_markdown().contains("| rate |     1y |    2y |"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn document(&self) -> Document {
        let mut d = Document::new();
        let unit = Unit::fitting(self.amount.amount().abs(), Fit::Column);
        d.line(format!(
            "Present value of {} in equal annual installments from {} (1y = upfront)",
            self.amount.compact(),
            self.start
        ));
        d.line(format!(
            "amounts in {}, valued at {}",
            unit.label(self.amount.currency()),
            self.valuation_date
        ));
        d.line(format!("basis: {}", self.basis));
        let mut rates = Column::new(Align::Left)
            .header(["", "rate"])
            .cells(self.rates.iter().map(|r| rate_label(*r)))
            .group(0);
        if self.verdicts.is_some() {
            rates = rates.push("verdict");
        }
        let mut columns = vec![rates];
        for (j, tenor) in self.tenors_years.iter().enumerate() {
            let mut cells: Vec<String> = self
                .present_values
                .iter()
                .map(|row| row.get(j).map_or(String::new(), |m| unit.format_money(*m)))
                .collect();
            if let Some(v) = &self.verdicts {
                cells.push(v.get(j).map_or(String::new(), |v| v.to_string()));
            }
            columns.push(
                Column::new(Align::Right)
                    .header([String::new(), format!("{tenor}y")])
                    .cells(cells)
                    .group(1 + j),
            );
        }
        d.table(Table::new(columns));
        d
    }
}
