//! The narrow view of a [`Comparison`]: one table of at most 100 columns
//! for a terminal or a brief — each plan's nominal, its PV and share of the
//! headline at the central rate, its peak year and its verdict — with the
//! verdicts' reasons wrapped at 100. `Display` of the comparison itself is
//! the wide view, with every column.

use std::fmt;

use super::Comparison;
use crate::render::{Align, Column, Digits, Percent, Table};

/// The narrow view of a [`Comparison`], from [`Comparison::narrow`].
#[derive(Debug, Clone, Copy)]
pub struct NarrowComparison<'a>(&'a Comparison);

impl Comparison {
    /// The index of the central rate: the middle of the rates (the lower
    /// middle for an even count).
    ///
    /// ```
    /// use disburse::compare::{compare, TimeBasis, ValuationSettings};
    /// use disburse::{Commitment, Currency, Money, Plan};
    /// use rust_decimal_macros::dec;
    /// let jan1 = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let s = Commitment::single("p", Money::new(dec!(100), Currency::USD), Plan::upfront(jan1))?.schedule()?;
    /// let v = ValuationSettings::new(jan1, vec![0.03, 0.045, 0.08], TimeBasis::WholeYears)?;
    /// assert_eq!(compare(&[("now".into(), s)], &v, None)?.central_rate(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn central_rate(&self) -> usize {
        self.rates.len().saturating_sub(1) / 2
    }

    /// The narrow view: `Display` renders one table of at most 100 columns
    /// for plan names of up to 40 characters (nominal, PV and share of the
    /// headline at the [central rate](Comparison::central_rate), peak
    /// year, verdict), the verdicts' reasons wrapped at 100, and a line
    /// naming what the wide view (the comparison's own `Display`) adds.
    ///
    /// ```
    /// use disburse::compare::{compare, TimeBasis, ValuationSettings};
    /// use disburse::{Commitment, Currency, Money, Plan};
    /// use rust_decimal_macros::dec;
    /// let jan1 = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let s = Commitment::single("p", Money::new(dec!(100e9), Currency::USD), Plan::upfront(jan1))?.schedule()?;
    /// let v = ValuationSettings::new(jan1, vec![0.03, 0.045, 0.08], TimeBasis::WholeYears)?;
    /// let text = compare(&[("now".into(), s)], &v, None)?.narrow().to_string();
    /// // Paid upfront at the valuation date: PV = nominal, 100% of it.
    /// let row = text.lines().find(|l| l.starts_with("now")).unwrap();
    /// assert_eq!(row, "now    100.00  100.00    100.0%  2026 (100.00)");
    /// assert!(text.contains("@ 4.5%"), "{text}");
    /// assert!(text.lines().all(|l| l.chars().count() <= 100));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn narrow(&self) -> NarrowComparison<'_> {
        NarrowComparison(self)
    }
}

impl fmt::Display for NarrowComparison<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.0;
        let unit = c.unit();
        let n = c.plans.len();
        let i = c.central_rate();
        let rate = c.rates.get(i).copied().unwrap_or(0.0);
        let rate_label = super::output::rate_label(rate);
        writeln!(
            f,
            "Comparison of {n} plan{}, amounts in {}; headline {}",
            if n == 1 { "" } else { "s" },
            unit.label(c.currency),
            unit.format_money(c.headline)
        )?;
        let others: Vec<String> = c.rates.iter().map(|r| super::output::rate_label(*r)).collect();
        writeln!(
            f,
            "PV at {rate_label}, the central rate of {}, valued at {}",
            others.join(", "),
            c.valuation_date
        )?;
        writeln!(f, "basis: {}", c.basis)?;
        let plans = &c.plans;
        let right = |head: [String; 2], cells: Vec<String>| Column::new(Align::Right).header(head).cells(cells);
        let mut columns = vec![
            Column::new(Align::Left)
                .header(["", "plan"])
                .cells(plans.iter().map(|p| p.name.clone())),
            right(
                [String::new(), "nominal".into()],
                plans.iter().map(|p| unit.format_money(p.nominal)).collect(),
            ),
            right(
                ["PV".into(), format!("@ {rate_label}")],
                plans
                    .iter()
                    .map(|p| p.present_values.get(i).map_or(String::new(), |m| unit.format_money(*m)))
                    .collect(),
            ),
            right(
                ["% of".into(), "headline".into()],
                plans
                    .iter()
                    .map(|p| {
                        p.pv_shares
                            .get(i)
                            .map_or(String::new(), |s| Percent::new(*s, Digits::Fixed(1)).to_string())
                    })
                    .collect(),
            ),
            right(
                ["peak year".into(), "(amount)".into()],
                plans
                    .iter()
                    .map(|p| format!("{} ({})", p.peak.period, unit.format_money(p.peak.total)))
                    .collect(),
            ),
        ];
        // With loans or guarantees, what the plan really costs: the PV of
        // every expected flow at the same rate.
        let instruments = plans.iter().any(|p| p.economic.as_ref().is_some_and(|e| e.instruments));
        if instruments {
            columns.push(right(
                ["economic cost".into(), format!("@ {rate_label}")],
                plans
                    .iter()
                    .map(|p| {
                        p.economic
                            .as_ref()
                            .and_then(|e| e.at_rates.get(i))
                            .map_or(String::new(), |m| unit.format_money(*m))
                    })
                    .collect(),
            ));
        }
        let assessed = plans.iter().any(|p| p.affordability.is_some());
        if assessed {
            columns.push(right(
                [String::new(), "verdict".into()],
                plans
                    .iter()
                    .map(|p| p.affordability.as_ref().map_or("-".into(), |a| a.verdict.to_string()))
                    .collect(),
            ));
        }
        write!(f, "{}", Table::new(columns))?;
        if assessed {
            writeln!(f)?;
            writeln!(f, "verdicts:")?;
            for p in plans {
                if let Some(a) = &p.affordability {
                    let line = format!("  {}: {} ({})", p.name, a.verdict, a.reason);
                    for l in super::output::wrap(&line, 100, "      ") {
                        writeln!(f, "{l}")?;
                    }
                }
            }
        }
        let mut more =
            String::from("--wide: every rate, the discount against paying upfront, break-even rates and savings");
        if c.parties.is_some() {
            more.push_str(", the two-party view");
        }
        if instruments {
            more.push_str(", the economic cost in full");
        }
        writeln!(f)?;
        for l in super::output::wrap(&more, 100, "  ") {
            writeln!(f, "{l}")?;
        }
        Ok(())
    }
}
