//! How a [`Comparison`] renders: an aligned text table (`Display`), CSV
//! (feature `csv`) and JSON (feature `scenario`), all through
//! [`render`](crate::render).

use std::fmt;

use rust_decimal::Decimal;

use super::{Comparison, PlanSummary};
#[cfg(any(feature = "csv", feature = "scenario"))]
use crate::Result;
#[cfg(feature = "csv")]
use crate::render::csv::amount;
use crate::render::{Align, Column, Digits, Document, Fit, Percent, Table, Unit};
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
            let parties = p.two_party.iter().flat_map(|t| [t.cost_to_payer, t.value_to_recipient]);
            let economic = p.economic.iter().flat_map(|e| {
                e.at_rates
                    .iter()
                    .copied()
                    .chain(e.to_payer)
                    .chain(e.to_recipient)
                    .chain(std::iter::once(e.net))
            });
            let amounts = std::iter::once(p.nominal)
                .chain(p.present_values.iter().copied())
                .chain(p.discounts.iter().copied())
                .chain(p.savings.iter().copied())
                .chain(parties)
                .chain(economic)
                .chain(std::iter::once(p.peak.total));
            for m in amounts {
                largest = largest.max(m.amount().abs());
            }
        }
        Unit::fitting(largest, Fit::Column)
    }

    /// One row per plan, with a header row: amounts at their currency's
    /// minor units ([`render::csv::amount`](crate::render::csv::amount):
    /// one scale per column), shares and rates as decimal fractions in full
    /// precision.
    ///
    /// Columns: `plan`, `currency`, `basis` (the valuation basis in words,
    /// as in the table's header), `nominal`; for each rate (written as a
    /// decimal fraction: `pv_0.045`) `pv_<rate>`, `pv_share_<rate>` (PV ÷
    /// headline), `discount_<rate>` (headline − PV),
    /// `discount_share_<rate>` and `saving_<rate>` (against the
    /// reference); `break_even` **only when some plan's nominal differs
    /// from the headline** (empty for the reference and plans of the same
    /// total, `none` without a root, roots as decimal fractions separated
    /// by `;`); with the two-party view `payer_rate`, `recipient_rate`,
    /// `cost_to_payer`, `value_to_recipient`, `zone_low`, `zone_high`
    /// (both empty when there is no zone); when the plans were compared
    /// with their instruments
    /// ([`compare_with_instruments`](super::compare_with_instruments)),
    /// `economic_net` (the undiscounted net expected outlay),
    /// `economic_cost_<rate>` and `economic_share_<rate>` for each rate,
    /// and with the two-party view `economic_cost_to_payer`,
    /// `economic_share_to_payer`, `economic_value_to_recipient`,
    /// `economic_share_to_recipient`; then `peak_year`,
    /// `peak_amount`, `years_in_breach` (the count), `breach_years` (the
    /// years, separated by `;`), `verdict` and `reason` (the last four
    /// empty without affordability). Fields with
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
    /// assert_eq!(lines.next(), Some("plan,currency,basis,nominal,pv_0.05,pv_share_0.05,discount_0.05,discount_share_0.05,saving_0.05,peak_year,peak_amount,years_in_breach,breach_years,verdict,reason"));
    /// assert_eq!(lines.next(), Some("\"now, all\",USD,\"whole years from the valuation date, annual compounding\",100.00,100.00,1,0.00,0,0.00,2026,100.00,,,,"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "csv")]
    pub fn to_csv_summary(&self) -> Result<String> {
        let mut header = vec!["plan".to_string(), "currency".into(), "basis".into(), "nominal".into()];
        for prefix in ["pv", "pv_share", "discount", "discount_share", "saving"] {
            header.extend(self.rates.iter().map(|r| format!("{prefix}_{r}")));
        }
        let break_even = self.totals_differ();
        if break_even {
            header.push("break_even".into());
        }
        if self.parties.is_some() {
            header.extend(
                [
                    "payer_rate",
                    "recipient_rate",
                    "cost_to_payer",
                    "value_to_recipient",
                    "zone_low",
                    "zone_high",
                ]
                .map(String::from),
            );
        }
        if self.has_economic() {
            header.push("economic_net".into());
            for prefix in ["economic_cost", "economic_share"] {
                header.extend(self.rates.iter().map(|r| format!("{prefix}_{r}")));
            }
            if self.parties.is_some() {
                header.extend(
                    [
                        "economic_cost_to_payer",
                        "economic_share_to_payer",
                        "economic_value_to_recipient",
                        "economic_share_to_recipient",
                    ]
                    .map(String::from),
                );
            }
        }
        header.extend(
            [
                "peak_year",
                "peak_amount",
                "years_in_breach",
                "breach_years",
                "verdict",
                "reason",
            ]
            .map(String::from),
        );
        let rows = self.plans.iter().map(|p| self.summary_record(p, break_even));
        crate::render::csv::to_string(std::iter::once(header).chain(rows))
    }

    /// Yearly outlays in long format: a header `plan,year,outlay`, then one
    /// row per plan and year (`2026` or `FY2026`), the outlay in the plans'
    /// currency at its minor units (feature `csv`).
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
                .map(move |y| [p.name.clone(), y.period.to_string(), amount(y.total)])
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
    ///   "headline": Money,                        // the reference plan's nominal
    ///   "parties": null | {"payer_rate": 0.04, "recipient_rate": 0.045},
    ///   "plans": [{
    ///     "name": "upfront",
    ///     "nominal": {"amount": "350000000000.00", "currency": "USD"},
    ///     "present_values": [Money, …],           // one per rate, in order
    ///     "pv_shares": [0.827, …],                // PV ÷ headline, per rate
    ///     "discounts": [Money, …],                // headline − PV, per rate
    ///     "discount_shares": [0.173, …],          // discount ÷ headline, per rate
    ///     "savings": [Money, …],                  // reference PV − this PV, per rate
    ///     "break_even": null                      // for the reference and equal totals, else
    ///                 | {"status": "none" | "unique" | "multiple", "roots": [0.0, …]},
    ///     "two_party": null                       // without parties, else
    ///                | {"cost_to_payer": Money, "value_to_recipient": Money,
    ///                   "zone": null | {"low": Money, "high": Money}},
    ///     "economic": null                        // without instruments (`compare`), else
    ///               | {"instruments": true,       // some tranche is a loan or a guarantee
    ///                  "net": Money,              // undiscounted net expected outlay
    ///                  "at_rates": [Money, …],    // PV of all expected flows, per rate
    ///                  "shares": [0.12, …],       // ÷ headline, per rate
    ///                  "to_payer": null | Money, "to_payer_share": null | 0.1,
    ///                  "to_recipient": null | Money, "to_recipient_share": null | 0.1},
    ///     "peak": {"period": {"year": 2026}, "total": Money},
    ///     "yearly": [{"period": {"year": 2026}, "total": Money}, …],
    ///     "expected_outflows": [{"period": …, "total": Money}, …], // only for plans with instruments
    ///     "affordability": null                   // without affordability, else
    ///                    | {"years_in_breach": [{"year": 2026}, …],
    ///                       "verdict": "affordable" | "strained" | "unaffordable",
    ///                       "reason": "…"}
    ///   }, …],
    ///   "capacity_by_year": null | [{"year": {"year": 2026}, "amount": Money}, …]
    ///   "capacity_limits": ["fx market, on conversions"], // the limits of capacity_by_year, for the chart
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

impl Comparison {
    /// Whether some plan's nominal total differs from the headline: only
    /// then is a break-even rate meaningful.
    pub(super) fn totals_differ(&self) -> bool {
        self.plans.iter().any(|p| p.nominal != self.headline)
    }

    /// Whether the plans carry an economic cost (compared with their
    /// instruments).
    #[cfg(feature = "csv")]
    fn has_economic(&self) -> bool {
        self.plans.iter().any(|p| p.economic.is_some())
    }

    /// Whether some plan has a loan or a guarantee: only then does the
    /// table show the economic cost (otherwise it equals the PV).
    fn shows_economic(&self) -> bool {
        self.plans
            .iter()
            .any(|p| p.economic.as_ref().is_some_and(|e| e.instruments))
    }

    /// One plan's record of [`Comparison::to_csv_summary`].
    #[cfg(feature = "csv")]
    fn summary_record(&self, p: &PlanSummary, break_even: bool) -> Vec<String> {
        let mut row = vec![
            p.name.clone(),
            p.nominal.currency().code().to_string(),
            self.basis.to_string(),
            amount(p.nominal),
        ];
        let amounts = |v: &[crate::Money]| v.iter().map(|m| amount(*m)).collect::<Vec<_>>();
        let shares = |v: &[f64]| v.iter().map(f64::to_string).collect::<Vec<_>>();
        row.extend(amounts(&p.present_values));
        row.extend(shares(&p.pv_shares));
        row.extend(amounts(&p.discounts));
        row.extend(shares(&p.discount_shares));
        row.extend(amounts(&p.savings));
        if break_even {
            row.push(match &p.break_even {
                None => String::new(),
                Some(Roots::None) => "none".to_string(),
                Some(r) => join(r.roots(), ";"),
            });
        }
        if let Some(parties) = self.parties {
            row.push(parties.payer_rate.to_string());
            row.push(parties.recipient_rate.to_string());
            match &p.two_party {
                Some(t) => {
                    row.push(amount(t.cost_to_payer));
                    row.push(amount(t.value_to_recipient));
                    let (low, high) = t
                        .zone
                        .map_or((String::new(), String::new()), |z| (amount(z.low), amount(z.high)));
                    row.push(low);
                    row.push(high);
                }
                None => row.extend(std::iter::repeat_n(String::new(), 4)),
            }
        }
        if self.has_economic() {
            let width = 1 + 2 * self.rates.len() + if self.parties.is_some() { 4 } else { 0 };
            match &p.economic {
                Some(e) => {
                    row.push(amount(e.net));
                    row.extend(amounts(&e.at_rates));
                    row.extend(shares(&e.shares));
                    if self.parties.is_some() {
                        let m = |x: Option<crate::Money>| x.map_or(String::new(), amount);
                        let f = |x: Option<f64>| x.map_or(String::new(), |s| s.to_string());
                        row.extend([
                            m(e.to_payer),
                            f(e.to_payer_share),
                            m(e.to_recipient),
                            f(e.to_recipient_share),
                        ]);
                    }
                }
                None => row.extend(std::iter::repeat_n(String::new(), width)),
            }
        }
        row.push(p.peak.period.to_string());
        row.push(amount(p.peak.total));
        match &p.affordability {
            Some(a) => {
                row.push(a.years_in_breach.len().to_string());
                row.push(join(&a.years_in_breach, ";"));
                row.push(a.verdict.to_string());
                row.push(a.reason.clone());
            }
            None => row.extend(std::iter::repeat_n(String::new(), 4)),
        }
        row
    }
}

/// The items' `Display`, separated by `sep`.
#[cfg(feature = "csv")]
fn join<T: fmt::Display>(items: &[T], sep: &str) -> String {
    items.iter().map(T::to_string).collect::<Vec<_>>().join(sep)
}

impl fmt::Display for Comparison {
    /// [`Comparison::document`] as text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.document().to_text())
    }
}

impl Comparison {
    /// The comparison as a [`Document`]: a title stating the unit, the
    /// headline, the valuation date and basis; the present values with
    /// their share of the headline and the discount against paying it
    /// upfront; each plan's nominal, peak and verdict (with the break-even
    /// rate only when the totals differ); the savings against the
    /// reference when they differ from the discounts; the two-party view
    /// when asked for; the economic cost when the plans have instruments;
    /// and the verdicts' reasons. `Display` is its text, `--format md` its
    /// Markdown, the HTML report its HTML.
    ///
    /// ```
    /// use disburse::compare::{compare, TimeBasis, ValuationSettings};
    /// use disburse::{Commitment, Currency, Money, Plan};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let s = Commitment::single("p", Money::new(dec!(350e9), Currency::USD), Plan::upfront(jan1))?.schedule()?;
    /// let c = compare(&[("now".into(), s)], &ValuationSettings::new(jan1, vec![0.05], TimeBasis::WholeYears)?, None)?;
    /// assert_eq!(c.document().to_text(), c.to_string());
    /// assert!(c.document().to_markdown().contains("| plan | PV @ 5% |"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn document(&self) -> Document {
        let mut d = Document::new();
        let unit = self.unit();
        let n = self.plans.len();
        d.line(format!(
            "Comparison of {n} plan{}, amounts in {}; headline {}",
            if n == 1 { "" } else { "s" },
            unit.label(self.currency),
            unit.format_money(self.headline)
        ));
        d.line(format!("valued at {}; basis: {}", self.valuation_date, self.basis));
        d.line("PV, its share of the headline, and the discount against paying the headline upfront (headline − PV)");
        d.table(self.value_table(unit));
        d.blank();
        d.table(self.plan_table(unit));
        if self.totals_differ() {
            d.line(format!(
                "break-even: the rate at which a plan costs what `{}` does",
                self.reference
            ));
        }
        for p in &self.plans {
            if let Some(Roots::Multiple(roots)) = &p.break_even {
                let list: Vec<String> = roots
                    .iter()
                    .map(|r| Percent::new(*r, Digits::Fixed(2)).to_string())
                    .collect();
                d.line(format!("break-even rates of {}: {}", p.name, list.join(", ")));
            }
        }
        if self.plans.iter().any(|p| p.savings != p.discounts) {
            d.blank();
            d.line(format!("saving against `{}` (its PV − the plan's PV)", self.reference));
            let mut columns = vec![self.name_column()];
            columns.extend(self.rate_columns(unit, "saving", |p| &p.savings, 1));
            d.table(Table::new(columns));
        }
        if let Some(parties) = self.parties {
            d.blank();
            d.line(format!(
                "Two-party view: the payer discounts at {}, the recipient at {}; upfront amounts both prefer",
                rate_label(parties.payer_rate),
                rate_label(parties.recipient_rate)
            ));
            d.more("to the plan lie from its value to the recipient up to its cost to the payer");
            d.table(self.two_party_table(unit));
        }
        if self.shows_economic() {
            d.blank();
            self.economic_section(&mut d, unit);
        }
        if self.assessed() {
            d.blank();
            d.line("verdicts:");
            for p in &self.plans {
                if let Some(a) = &p.affordability {
                    d.item(format!("{}: {} ({})", p.name, a.verdict, a.reason));
                }
            }
        }
        d
    }
}

impl Comparison {
    /// Whether any plan was tested for affordability.
    fn assessed(&self) -> bool {
        self.plans.iter().any(|p| p.affordability.is_some())
    }

    /// The plans' names, the first column of every table.
    fn name_column(&self) -> Column {
        Column::new(Align::Left)
            .header(["", "plan"])
            .cells(self.plans.iter().map(|p| p.name.clone()))
            .group(0)
    }

    /// One right-aligned column per rate of `of`'s values.
    fn rate_columns<T: Cell>(
        &self,
        unit: Unit,
        head: &str,
        of: impl Fn(&PlanSummary) -> &[T],
        group: usize,
    ) -> Vec<Column> {
        self.rates
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let cells = self
                    .plans
                    .iter()
                    .map(|p| of(p).get(i).map_or(String::new(), |v| v.cell(unit)));
                // The group's label heads its first column only.
                let label = if i == 0 { head.to_string() } else { String::new() };
                Column::new(Align::Right)
                    .header([label, format!("@ {}", rate_label(*r))])
                    .cells(cells)
                    .group(group)
            })
            .collect()
    }

    /// Present values, their shares of the headline and the discounts.
    fn value_table(&self, unit: Unit) -> Table {
        let mut columns = vec![self.name_column()];
        columns.extend(self.rate_columns(unit, "PV", |p| &p.present_values, 1));
        columns.extend(self.rate_columns(unit, "share", |p| &p.pv_shares, 2));
        columns.extend(self.rate_columns(unit, "discount", |p| &p.discounts, 3));
        Table::new(columns)
    }

    /// Nominal, break-even (when the totals differ), peak and verdict.
    fn plan_table(&self, unit: Unit) -> Table {
        let plans = &self.plans;
        let amounts = |cells: Vec<String>| Column::new(Align::Right).cells(cells);
        let mut columns = vec![
            self.name_column(),
            amounts(plans.iter().map(|p| unit.format_money(p.nominal)).collect())
                .header(["", "nominal"])
                .group(1),
        ];
        if self.totals_differ() {
            columns.push(
                amounts(
                    plans
                        .iter()
                        .enumerate()
                        .map(|(i, p)| break_even_label(p, i == 0, self.headline))
                        .collect(),
                )
                .header(["break-", "even"])
                .group(2),
            );
        }
        columns.push(
            amounts(
                plans
                    .iter()
                    .map(|p| format!("{} ({})", p.peak.period, unit.format_money(p.peak.total)))
                    .collect(),
            )
            .header(["peak year", "(amount)"])
            .group(3),
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
                    .group(4),
            );
            columns.push(
                amounts(verdicts(|a| a.verdict.to_string()))
                    .header(["", "verdict"])
                    .group(5),
            );
        }
        Table::new(columns)
    }

    /// The economic cost: its explanation and table, at the payer's and
    /// recipient's rates when given, else at each comparison rate.
    fn economic_section(&self, d: &mut Document, unit: Unit) {
        d.line("Economic cost: PV of all expected flows (outlays, drawdowns and expected calls, less");
        d.more("repayments, interest, fees and recoveries), beside the nominal and the PV of the outlays");
        let plans = &self.plans;
        let money = |m: Option<crate::Money>| m.map_or(String::new(), |m| unit.format_money(m));
        let share = |s: Option<f64>| s.map_or(String::new(), |s| s.cell(unit));
        let right = || Column::new(Align::Right);
        let mut columns = vec![
            self.name_column(),
            right()
                .header(["", "nominal"])
                .cells(plans.iter().map(|p| unit.format_money(p.nominal)))
                .group(1),
            right()
                .header(["net", "expected"])
                .cells(plans.iter().map(|p| money(p.economic.as_ref().map(|e| e.net))))
                .group(1),
        ];
        match self.parties {
            Some(parties) => {
                d.line(format!(
                    "at the payer's rate {} (its cost of funds) and the recipient's rate {}",
                    rate_label(parties.payer_rate),
                    rate_label(parties.recipient_rate)
                ));
                let payer = format!("@ {}", rate_label(parties.payer_rate));
                let recipient = format!("@ {}", rate_label(parties.recipient_rate));
                let e = |p: &PlanSummary| p.economic.clone();
                columns.extend([
                    right()
                        .header(["PV of outlays", payer.as_str()])
                        .cells(
                            plans
                                .iter()
                                .map(|p| money(p.two_party.as_ref().map(|t| t.cost_to_payer))),
                        )
                        .group(2),
                    right()
                        .header(["economic cost", payer.as_str()])
                        .cells(plans.iter().map(|p| money(e(p).and_then(|e| e.to_payer))))
                        .group(3),
                    right()
                        .header(["", "share"])
                        .cells(plans.iter().map(|p| share(e(p).and_then(|e| e.to_payer_share))))
                        .group(3),
                    right()
                        .header(["to recipient", recipient.as_str()])
                        .cells(plans.iter().map(|p| money(e(p).and_then(|e| e.to_recipient))))
                        .group(4),
                    right()
                        .header(["", "share"])
                        .cells(plans.iter().map(|p| share(e(p).and_then(|e| e.to_recipient_share))))
                        .group(4),
                ]);
            }
            None => {
                d.line("at each discount rate (no payer rate given; set `payer_rate` under [valuation])");
                let empty: &[crate::Money] = &[];
                let no_shares: &[f64] = &[];
                columns.extend(self.rate_columns(
                    unit,
                    "economic cost",
                    |p| p.economic.as_ref().map_or(empty, |e| &e.at_rates),
                    2,
                ));
                columns.extend(self.rate_columns(
                    unit,
                    "share",
                    |p| p.economic.as_ref().map_or(no_shares, |e| &e.shares),
                    3,
                ));
            }
        }
        d.table(Table::new(columns));
    }

    /// Cost to the payer, value to the recipient, and the zone.
    fn two_party_table(&self, unit: Unit) -> Table {
        let plans = &self.plans;
        let fmt = |m: crate::Money| unit.format_money(m);
        let cost: Vec<String> = plans
            .iter()
            .map(|p| p.two_party.as_ref().map_or(String::new(), |t| fmt(t.cost_to_payer)))
            .collect();
        let value: Vec<String> = plans
            .iter()
            .map(|p| {
                p.two_party
                    .as_ref()
                    .map_or(String::new(), |t| fmt(t.value_to_recipient))
            })
            .collect();
        let zone: Vec<String> = plans
            .iter()
            .map(|p| match &p.two_party {
                None => String::new(),
                Some(t) => match t.zone {
                    Some(z) => format!("{} to {}", fmt(z.low), fmt(z.high)),
                    None => "none (value to recipient > cost to payer)".to_string(),
                },
            })
            .collect();
        Table::new(vec![
            self.name_column(),
            Column::new(Align::Right)
                .header(["cost to", "payer"])
                .cells(cost)
                .group(1),
            Column::new(Align::Right)
                .header(["value to", "recipient"])
                .cells(value)
                .group(2),
            Column::new(Align::Left)
                .header(["upfront amounts", "both prefer"])
                .cells(zone)
                .group(3),
        ])
    }
}

/// A value that renders as a table cell in a comparison's unit.
trait Cell {
    fn cell(&self, unit: Unit) -> String;
}

impl Cell for crate::Money {
    fn cell(&self, unit: Unit) -> String {
        unit.format_money(*self)
    }
}

impl Cell for f64 {
    /// A share as a percentage with one decimal.
    fn cell(&self, _unit: Unit) -> String {
        Percent::new(*self, Digits::Fixed(1)).to_string()
    }
}

/// A rate as a short percentage label: `4.5%`, `3%`, `-0.25%`.
pub(super) fn rate_label(rate: f64) -> String {
    Percent::new(rate, Digits::UpTo(4)).to_string()
}

fn break_even_label(p: &PlanSummary, is_reference: bool, headline: crate::Money) -> String {
    match &p.break_even {
        None if is_reference => "ref".to_string(),
        None if p.nominal == headline => "-".to_string(),
        None => "same".to_string(),
        Some(Roots::None) => "none".to_string(),
        Some(Roots::Unique(r)) => Percent::new(*r, Digits::Fixed(2)).to_string(),
        Some(Roots::Multiple(v)) => format!("{} roots", v.len()),
        Some(Roots::Incomplete { found, .. }) => format!("{}+ roots?", found.len()),
    }
}

pub(super) use crate::text::wrap;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_labels() {
        assert_eq!(rate_label(0.045), "4.5%");
        assert_eq!(rate_label(0.03), "3%");
        assert_eq!(rate_label(-0.0025), "-0.25%");
    }
}
