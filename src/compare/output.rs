//! How a [`Comparison`] renders: an aligned text table (`Display`), CSV
//! (feature `csv`) and JSON (feature `scenario`), all through
//! [`render`](crate::render).

use std::fmt;

use rust_decimal::Decimal;

use super::{Comparison, PlanSummary, TimeBasis};
#[cfg(any(feature = "csv", feature = "scenario"))]
use crate::Result;
use crate::render::{Align, Column, Digits, Fit, Percent, Table, Unit};
use crate::valuation::Roots;

impl Comparison {
    /// The unit of the table's amounts: the one that fits the largest
    /// nominal, present value, saving or peak ([`Fit::Column`]). Charts of
    /// the comparison use it too.
    ///
    /// ```
    /// use disburse::compare::{compare, TimeBasis, ValuationSettings};
    /// use disburse::render::Unit;
    /// use disburse::{Commitment, Currency, Money, Plan};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let s = Commitment::single("p", Money::new(dec!(350e9), Currency::USD), Plan::upfront(jan1))?.schedule()?;
    /// let c = compare(&[("now".into(), s)], &ValuationSettings::new(jan1, vec![0.05], TimeBasis::WholeYears)?, None)?;
    /// assert_eq!(c.unit(), Unit::Billions);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn unit(&self) -> Unit {
        let mut largest = Decimal::ZERO;
        for p in &self.plans {
            let amounts = std::iter::once(p.nominal)
                .chain(p.present_values.iter().copied())
                .chain(p.savings.iter().copied())
                .chain(std::iter::once(p.peak.total));
            for m in amounts {
                largest = largest.max(m.amount().abs());
            }
        }
        Unit::fitting(largest, Fit::Column)
    }

    /// One row per plan, with a header row, decimals in full precision.
    ///
    /// Columns: `plan`, `currency`, `nominal`, `pv_<rate>` and
    /// `saving_<rate>` for each rate (the rate as a decimal fraction:
    /// `pv_0.045`), `break_even` (empty for the reference, `none` without a
    /// root, roots as decimal fractions separated by `;`), `peak_year`,
    /// `peak_amount`, `years_in_breach` (separated by `;`), `verdict` and
    /// `reason` (the last three empty without affordability). Fields with
    /// commas, quotes or line breaks are quoted, quotes doubled; lines end
    /// with `\n` (the [`render::csv`](crate::render::csv) writer; feature
    /// `csv`).
    ///
    /// # Errors
    /// [`Error::Render`](crate::Error::Render) if the CSV writer fails
    /// (not expected).
    ///
    /// ```
    /// use disburse::compare::{compare, TimeBasis, ValuationSettings};
    /// use disburse::{Commitment, Currency, Money, Plan};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let s = Commitment::single("p", Money::new(dec!(100.00), Currency::USD), Plan::upfront(jan1))?.schedule()?;
    /// let c = compare(&[("now, all".into(), s)], &ValuationSettings::new(jan1, vec![0.05], TimeBasis::WholeYears)?, None)?;
    /// let csv = c.to_csv_summary()?;
    /// let mut lines = csv.lines();
    /// assert_eq!(lines.next(), Some("plan,currency,nominal,pv_0.05,saving_0.05,break_even,peak_year,peak_amount,years_in_breach,verdict,reason"));
    /// assert_eq!(lines.next(), Some("\"now, all\",USD,100.00,100.00,0.00,,2026,100.00,,,"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "csv")]
    pub fn to_csv_summary(&self) -> Result<String> {
        let mut header = vec!["plan".to_string(), "currency".into(), "nominal".into()];
        header.extend(self.rates.iter().map(|r| format!("pv_{r}")));
        header.extend(self.rates.iter().map(|r| format!("saving_{r}")));
        header.extend(
            [
                "break_even",
                "peak_year",
                "peak_amount",
                "years_in_breach",
                "verdict",
                "reason",
            ]
            .map(String::from),
        );
        let rows = self.plans.iter().map(summary_record);
        crate::render::csv::to_string(std::iter::once(header).chain(rows))
    }

    /// Yearly outlays in long format: a header `plan,year,outlay`, then one
    /// row per plan and year (`2026` or `FY2026`), the outlay in the plans'
    /// currency in full precision (feature `csv`).
    ///
    /// # Errors
    /// [`Error::Render`](crate::Error::Render) if the CSV writer fails
    /// (not expected).
    ///
    /// ```
    /// use disburse::compare::{compare, TimeBasis, ValuationSettings};
    /// use disburse::time::Frequency;
    /// use disburse::{Commitment, Currency, Money, Plan};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let s = Commitment::single("p", Money::new(dec!(100), Currency::USD), Plan::installments(jan1, 2, Frequency::Annual))?.schedule()?;
    /// let c = compare(&[("two".into(), s)], &ValuationSettings::new(jan1, vec![0.05], TimeBasis::WholeYears)?, None)?;
    /// assert_eq!(c.to_csv_yearly()?, "plan,year,outlay\ntwo,2026,50.00\ntwo,2027,50.00\n");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "csv")]
    pub fn to_csv_yearly(&self) -> Result<String> {
        let header = ["plan", "year", "outlay"].map(String::from);
        let rows = self.plans.iter().flat_map(|p| {
            p.yearly
                .iter()
                .map(move |y| [p.name.clone(), y.period.to_string(), y.total.amount().to_string()])
        });
        crate::render::csv::to_string(std::iter::once(header).chain(rows))
    }

    /// The comparison as pretty-printed JSON (feature `scenario`).
    ///
    /// The schema is stable; amounts are `Money` objects with the decimal
    /// as a string, rates and roots are numbers, dates `YYYY-MM-DD`,
    /// periods `{"year": 2026}` or `{"fiscal_year": 2026}`:
    ///
    /// ```text
    /// {
    ///   "rates": [0.03, 0.045, 0.08],            // decimal fractions
    ///   "reference": "upfront",                   // the first plan's name
    ///   "valuation_date": "2026-01-01",
    ///   "basis": "whole_years"                    // or {"dated": {"day_count": …, "compounding": …}}
    ///   "currency": "USD",
    ///   "plans": [{
    ///     "name": "upfront",
    ///     "nominal": {"amount": "350000000000.00", "currency": "USD"},
    ///     "present_values": [Money, …],           // one per rate, in order
    ///     "savings": [Money, …],                  // reference PV − this PV, per rate
    ///     "break_even": null                      // for the reference, else
    ///                 | {"status": "none" | "unique" | "multiple", "roots": [0.0, …]},
    ///     "peak": {"period": {"year": 2026}, "total": Money},
    ///     "yearly": [{"period": {"year": 2026}, "total": Money}, …],
    ///     "affordability": null                   // without affordability, else
    ///                    | {"years_in_breach": [{"year": 2026}, …],
    ///                       "verdict": "affordable" | "strained" | "unaffordable",
    ///                       "reason": "…"}
    ///   }, …],
    ///   "capacity_by_year": null | [{"year": {"year": 2026}, "amount": Money}, …]
    /// }
    /// ```
    ///
    /// The document reads back into a [`Comparison`] with `serde_json`.
    ///
    /// # Errors
    /// [`Error::Render`](crate::Error::Render) if serialization fails (not expected: every
    /// number in a comparison is finite).
    ///
    /// ```
    /// use disburse::compare::{compare, TimeBasis, ValuationSettings};
    /// use disburse::{Commitment, Currency, Money, Plan};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let s = Commitment::single("p", Money::new(dec!(100.00), Currency::USD), Plan::upfront(jan1))?.schedule()?;
    /// let c = compare(&[("now".into(), s)], &ValuationSettings::new(jan1, vec![0.05], TimeBasis::WholeYears)?, None)?;
    /// let json: serde_json::Value = serde_json::from_str(&c.to_json()?)?;
    /// assert_eq!(json["plans"][0]["nominal"]["amount"], "100.00");
    /// assert_eq!(json["rates"][0], 0.05);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "scenario")]
    pub fn to_json(&self) -> Result<String> {
        serde_json::to_string_pretty(self).map_err(|e| crate::Error::Render {
            format: "json",
            reason: e.to_string(),
        })
    }
}

/// One plan's record of [`Comparison::to_csv_summary`].
#[cfg(feature = "csv")]
fn summary_record(p: &PlanSummary) -> Vec<String> {
    let mut row = vec![
        p.name.clone(),
        p.nominal.currency().code().to_string(),
        p.nominal.amount().to_string(),
    ];
    row.extend(p.present_values.iter().map(|m| m.amount().to_string()));
    row.extend(p.savings.iter().map(|m| m.amount().to_string()));
    row.push(match &p.break_even {
        None => String::new(),
        Some(Roots::None) => "none".to_string(),
        Some(r) => join(r.roots(), ";"),
    });
    row.push(p.peak.period.to_string());
    row.push(p.peak.total.amount().to_string());
    match &p.affordability {
        Some(a) => {
            row.push(join(&a.years_in_breach, ";"));
            row.push(a.verdict.to_string());
            row.push(a.reason.clone());
        }
        None => row.extend([String::new(), String::new(), String::new()]),
    }
    row
}

/// The items' `Display`, separated by `sep`.
#[cfg(feature = "csv")]
fn join<T: fmt::Display>(items: &[T], sep: &str) -> String {
    items.iter().map(T::to_string).collect::<Vec<_>>().join(sep)
}

impl fmt::Display for Comparison {
    /// A title, an aligned table (amounts in the unit that fits the
    /// largest: `USD billions`), and the verdicts' reasons.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = self.unit();
        let n = self.plans.len();
        writeln!(
            f,
            "Comparison of {n} plan{}, amounts in {}",
            if n == 1 { "" } else { "s" },
            unit.label(self.currency)
        )?;
        writeln!(
            f,
            "valued at {} ({}); savings and break-even against `{}`",
            self.valuation_date,
            basis_label(self.basis),
            self.reference
        )?;
        write!(f, "{}", self.table(unit))?;
        for p in &self.plans {
            if let Some(Roots::Multiple(roots)) = &p.break_even {
                let list: Vec<String> = roots
                    .iter()
                    .map(|r| Percent::new(*r, Digits::Fixed(2)).to_string())
                    .collect();
                writeln!(f, "break-even rates of {}: {}", p.name, list.join(", "))?;
            }
        }
        if self.assessed() {
            writeln!(f, "verdicts:")?;
            for p in &self.plans {
                if let Some(a) = &p.affordability {
                    let line = format!("  {}: {} ({})", p.name, a.verdict, a.reason);
                    for l in wrap(&line, 120, "      ") {
                        writeln!(f, "{l}")?;
                    }
                }
            }
        }
        Ok(())
    }
}

impl Comparison {
    /// Whether any plan was tested for affordability.
    fn assessed(&self) -> bool {
        self.plans.iter().any(|p| p.affordability.is_some())
    }

    /// The table of `Display`: one row per plan; amounts in `unit`.
    fn table(&self, unit: Unit) -> Table {
        let plans = &self.plans;
        let amounts = |cells: Vec<String>| Column::new(Align::Right).cells(cells);
        let per_rate = |head: &'static str, group: usize, of: fn(&PlanSummary) -> &[crate::Money]| {
            let columns: Vec<Column> = self
                .rates
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let cells = plans
                        .iter()
                        .map(|p| of(p).get(i).map_or(String::new(), |m| unit.format(m.amount())))
                        .collect();
                    amounts(cells)
                        .header([head.to_string(), format!("@ {}", rate_label(*r))])
                        .group(group)
                })
                .collect();
            columns
        };
        let mut columns = vec![
            Column::new(Align::Left)
                .header(["", "plan"])
                .cells(plans.iter().map(|p| p.name.clone()))
                .group(0),
            amounts(plans.iter().map(|p| unit.format(p.nominal.amount())).collect())
                .header(["", "nominal"])
                .group(1),
        ];
        columns.extend(per_rate("PV", 2, |p| &p.present_values));
        columns.extend(per_rate("saving", 3, |p| &p.savings));
        columns.push(
            amounts(
                plans
                    .iter()
                    .enumerate()
                    .map(|(i, p)| break_even_label(p.break_even.as_ref(), i == 0))
                    .collect(),
            )
            .header(["break-", "even"])
            .group(4),
        );
        columns.push(
            amounts(
                plans
                    .iter()
                    .map(|p| format!("{} ({})", p.peak.period, unit.format(p.peak.total.amount())))
                    .collect(),
            )
            .header(["peak year", "(amount)"])
            .group(5),
        );
        if self.assessed() {
            let verdicts = |cell: fn(&super::PlanVerdict) -> String| {
                plans
                    .iter()
                    .map(|p| p.affordability.as_ref().map_or("-".to_string(), cell))
                    .collect()
            };
            columns.push(
                amounts(verdicts(|a| a.years_in_breach.len().to_string()))
                    .header(["years in", "breach"])
                    .group(6),
            );
            columns.push(
                amounts(verdicts(|a| a.verdict.to_string()))
                    .header(["", "verdict"])
                    .group(7),
            );
        }
        Table::new(columns)
    }
}

/// A rate as a short percentage label: `4.5%`, `3%`, `-0.25%`.
pub(super) fn rate_label(rate: f64) -> String {
    Percent::new(rate, Digits::UpTo(4)).to_string()
}

fn break_even_label(roots: Option<&Roots>, is_reference: bool) -> String {
    match roots {
        None if is_reference => "ref".to_string(),
        None => "same".to_string(),
        Some(Roots::None) => "none".to_string(),
        Some(Roots::Unique(r)) => Percent::new(*r, Digits::Fixed(2)).to_string(),
        Some(Roots::Multiple(v)) => format!("{} roots", v.len()),
        Some(Roots::Incomplete { found, .. }) => format!("{}+ roots?", found.len()),
    }
}

/// `whole years, annual compounding`, or the day count and compounding.
pub(super) fn basis_label(basis: TimeBasis) -> String {
    match basis {
        TimeBasis::WholeYears => "whole years, annual compounding".to_string(),
        TimeBasis::Dated { day_count, compounding } => format!("{day_count}, {compounding}"),
    }
}

/// Splits `text` at spaces into lines of at most `width` characters (a
/// longer word stays whole), continuation lines starting with `indent`.
fn wrap(text: &str, width: usize, indent: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let lead = text.len() - text.trim_start().len();
    current.push_str(&text[..lead]);
    let mut fresh = true;
    for word in text.split_whitespace() {
        let needed = current.chars().count() + usize::from(!fresh) + word.chars().count();
        if !fresh && needed > width {
            lines.push(std::mem::replace(&mut current, indent.to_string()));
            fresh = true;
        }
        if !fresh {
            current.push(' ');
        }
        current.push_str(word);
        fresh = false;
    }
    lines.push(current);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping() {
        assert_eq!(wrap("  a bb ccc", 6, "    "), ["  a bb", "    ccc"]);
        assert_eq!(wrap("short", 80, " "), ["short"]);
    }

    #[test]
    fn rate_labels() {
        assert_eq!(rate_label(0.045), "4.5%");
        assert_eq!(rate_label(0.03), "3%");
        assert_eq!(rate_label(-0.0025), "-0.25%");
    }
}
