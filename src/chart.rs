//! SVG charts of yearly outlays (feature `charts`).
//!
//! A chart draws a [`ChartData`]: each plan's outlays by year and,
//! optionally, the payer's capacity by year, in one currency and one
//! [`Unit`]. It is built from a [`Comparison`] (`ChartData::try_from`,
//! which keeps the unit of the comparison's table) or from explicit series
//! ([`ChartData::new`]); the drawing functions only draw.
//!
//! Charts are drawn with `plotters`' SVG backend into a `String`: no files,
//! no fonts. Text (title, axis labels, ticks, legend) is emitted as SVG
//! `<text>` elements with `font-family="sans-serif"`, rendered by whatever
//! displays the SVG; `plotters` only estimates text extents for layout (its
//! built-in estimator, used when neither its `ttf` nor its `ab_glyph`
//! feature is on), so no font files or system libraries are needed.
//!
//! Amounts are shown in the chart data's unit (`USD billions`…). Years
//! are whole numbers on the x-axis.
//!
//! ```
//! use disburse::chart::{cumulative_svg, yearly_outlays_svg, ChartData};
//! use disburse::compare::{compare, TimeBasis, ValuationSettings};
//! use disburse::time::Frequency;
//! use disburse::{Commitment, Currency, Money, Plan};
//! use chrono::NaiveDate;
//! use rust_decimal_macros::dec;
//! let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
//! let pledge = Commitment::single("pledge", Money::new(dec!(350e9), Currency::USD), Plan::upfront(jan1))?;
//! let plans = vec![
//!     ("upfront".to_string(), pledge.schedule()?),
//!     ("ten years".to_string(), pledge.with_plan(Plan::installments(jan1, 10, Frequency::Annual)).schedule()?),
//! ];
//! let c = compare(&plans, &ValuationSettings::new(jan1, vec![0.045], TimeBasis::WholeYears)?, None)?;
//! let data = ChartData::try_from(&c)?;
//! let svg = yearly_outlays_svg(&data, 900, 500)?;
//! assert!(svg.starts_with("<svg") && svg.contains("ten years"));
//! let svg = cumulative_svg(&data, 900, 500)?;
//! assert!(svg.contains("Cumulative outlays"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#[cfg(feature = "risk")]
mod fan;
#[cfg(feature = "risk")]
pub use fan::{FanMetric, fan_chart_svg};
#[cfg(feature = "png")]
pub mod png;

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rust_decimal::Decimal;

use crate::affordability::YearAmount;
use crate::compare::Comparison;
use crate::render::{Fit, Unit};
use crate::{Currency, Error, Period, PeriodTotal, Quantity, Result};

/// What a chart draws: each plan's outlays by year and, optionally, the
/// payer's capacity by year, all in one currency, shown in one [`Unit`].
///
/// Built from explicit series with [`ChartData::new`], or from a
/// [`Comparison`] with `ChartData::try_from(&comparison)`, which takes the
/// plans' yearly outlays and the capacity `compare` converted to the
/// plans' currency, and keeps the unit of the comparison's table.
///
/// ```
/// use disburse::affordability::YearAmount;
/// use disburse::chart::{yearly_outlays_svg, ChartData};
/// use disburse::render::Unit;
/// use disburse::{Currency, Money, Period, PeriodTotal};
/// use rust_decimal_macros::dec;
/// let usd = |x| Money::new(x, Currency::USD);
/// let yearly = vec![
///     PeriodTotal { period: Period::Year(2026), total: usd(dec!(25e9)) },
///     PeriodTotal { period: Period::Year(2027), total: usd(dec!(15e9)) },
/// ];
/// let cap = vec![YearAmount { year: Period::Year(2026), amount: usd(dec!(20e9)) }];
/// let data = ChartData::new(Currency::USD, vec![("plan".into(), yearly)], Some(cap))?;
/// assert_eq!(data.unit(), Unit::Billions);
/// assert!(yearly_outlays_svg(&data, 800, 450)?.contains("capacity"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ChartData {
    currency: Currency,
    unit: Unit,
    plans: Vec<(String, Vec<PeriodTotal>)>,
    capacity: Option<Vec<YearAmount>>,
    capacity_name: Option<String>,
}

impl ChartData {
    /// Chart data of `plans` (name, outlays by year, in year order) and an
    /// optional `capacity` by year, every amount in `currency`; shown in
    /// the unit that fits the largest of them ([`Fit::Column`]).
    ///
    /// # Errors
    /// [`Error::CurrencyMismatch`] for an amount in another currency.
    ///
    /// ```
    /// use disburse::chart::ChartData;
    /// use disburse::{Currency, Error, Money, Period, PeriodTotal};
    /// let eur = vec![PeriodTotal { period: Period::Year(2026), total: Money::zero(Currency::EUR) }];
    /// let e = ChartData::new(Currency::USD, vec![("p".into(), eur)], None);
    /// assert!(matches!(e, Err(Error::CurrencyMismatch { .. })));
    /// ```
    pub fn new(
        currency: Currency,
        plans: Vec<(String, Vec<PeriodTotal>)>,
        capacity: Option<Vec<YearAmount>>,
    ) -> Result<ChartData> {
        let outlays = plans.iter().flat_map(|(_, yearly)| yearly.iter().map(|y| y.total));
        let amounts = outlays.chain(capacity.iter().flatten().map(|y| y.amount));
        let mut largest = Decimal::ZERO;
        for m in amounts {
            if m.currency() != currency {
                return Err(Error::CurrencyMismatch {
                    expected: currency,
                    found: m.currency(),
                });
            }
            largest = largest.max(m.amount().abs());
        }
        Ok(ChartData {
            currency,
            unit: Unit::fitting(largest, Fit::Column),
            plans,
            capacity,
            capacity_name: None,
        })
    }

    /// The same data with the capacity line labelled `name` (the
    /// constraint's name: `FX market absorption`).
    ///
    /// ```
    /// use disburse::affordability::YearAmount;
    /// use disburse::chart::{yearly_outlays_svg, ChartData};
    /// use disburse::{Currency, Money, Period, PeriodTotal};
    /// use rust_decimal_macros::dec;
    /// let usd = |x| Money::new(x, Currency::USD);
    /// let yearly = vec![PeriodTotal { period: Period::Year(2026), total: usd(dec!(15e9)) }];
    /// let cap = vec![YearAmount { year: Period::Year(2026), amount: usd(dec!(20e9)) }];
    /// let data = ChartData::new(Currency::USD, vec![("plan".into(), yearly)], Some(cap))?.with_capacity_name("budget cap");
    /// assert!(yearly_outlays_svg(&data, 800, 450)?.contains("capacity (budget cap): 20.0 a year"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_capacity_name(mut self, name: impl Into<String>) -> ChartData {
        self.capacity_name = Some(name.into());
        self
    }

    /// The same data shown in `unit`.
    ///
    /// ```
    /// use disburse::chart::ChartData;
    /// use disburse::render::Unit;
    /// use disburse::Currency;
    /// let data = ChartData::new(Currency::USD, vec![], None)?.with_unit(Unit::Millions);
    /// assert_eq!(data.unit(), Unit::Millions);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_unit(mut self, unit: Unit) -> ChartData {
        self.unit = unit;
        self
    }

    /// The unit amounts are shown in.
    ///
    /// ```
    /// use disburse::chart::ChartData;
    /// use disburse::render::Unit;
    /// use disburse::Currency;
    /// assert_eq!(ChartData::new(Currency::USD, vec![], None)?.unit(), Unit::Ones);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn unit(&self) -> Unit {
        self.unit
    }

    /// `USD billions`: the currency in the unit.
    fn label(&self) -> String {
        self.unit.label(self.currency)
    }
}

impl TryFrom<&Comparison> for ChartData {
    type Error = Error;

    /// The plans' yearly outlays (a plan with instruments: its expected
    /// outflows, [`PlanSummary::expected_outflows`](crate::compare::PlanSummary::expected_outflows),
    /// named so in the legend) and the comparison's capacity by year, in
    /// the unit of its table.
    ///
    /// # Errors
    /// [`Error::CurrencyMismatch`] for a comparison whose capacity (or a
    /// plan's outlays) is not in its currency: one built by hand, since
    /// [`compare`](crate::compare::compare) converts the capacity.
    fn try_from(c: &Comparison) -> Result<ChartData> {
        // A plan with instruments shows its expected outflows, as
        // affordability counts them, and says so in the legend.
        let plans = c
            .plans
            .iter()
            .map(|p| match &p.expected_outflows {
                Some(e) => (format!("{} (expected outflows)", p.name), e.clone()),
                None => (p.name.clone(), p.yearly.clone()),
            })
            .collect();
        let data = ChartData::new(c.currency, plans, c.capacity_by_year.clone())?.with_unit(c.unit());
        Ok(if c.capacity_limits.is_empty() {
            data
        } else {
            data.with_capacity_name(c.capacity_limits.join(" / "))
        })
    }
}

/// Distinct colours (Tableau 10), cycled for more plans.
const PALETTE: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
    RGBColor(214, 39, 40),
];

/// The colour of the capacity line.
const CAPACITY: RGBColor = RGBColor(200, 0, 0);

fn chart_error(e: impl std::fmt::Display) -> Error {
    Error::Chart { reason: e.to_string() }
}

fn color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// `calendar year` or `fiscal year`, by the plans' periods.
fn year_axis(c: &ChartData) -> &'static str {
    let fiscal = c
        .plans
        .iter()
        .flat_map(|(_, yearly)| yearly.iter())
        .any(|y| matches!(y.period, Period::FiscalYear(_)));
    if fiscal { "fiscal year" } else { "calendar year" }
}

/// A tick label for an integer year, empty elsewhere.
fn year_tick(x: &f64) -> String {
    if (x - x.round()).abs() < 1e-6 {
        format!("{:.0}", x)
    } else {
        String::new()
    }
}

/// A tick label for an amount: whole numbers from 10, else one decimal.
fn amount_tick(v: &f64) -> String {
    if v.abs() >= 10.0 || *v == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// The most year labels on an axis (more would overlap).
const MAX_YEAR_LABELS: usize = 16;

/// The capacity by year in the chart's unit, if there is one to draw.
fn capacity_points(c: &ChartData) -> Option<Vec<(i32, f64)>> {
    let cap = c.capacity.as_ref().filter(|cap| !cap.is_empty())?;
    Some(
        cap.iter()
            .map(|y| (y.year.year(), c.unit.scale_f64(y.amount.amount())))
            .collect(),
    )
}

/// The first and last year shown, or an error for data without outlays.
fn year_range(c: &ChartData) -> Result<(i32, i32)> {
    let years = c
        .plans
        .iter()
        .flat_map(|(_, yearly)| yearly.iter().map(|y| y.period.year()));
    let (mut lo, mut hi) = (i32::MAX, i32::MIN);
    for y in years {
        lo = lo.min(y);
        hi = hi.max(y);
    }
    if lo > hi {
        return Err(Error::Empty {
            what: Quantity::Comparison,
        });
    }
    Ok((lo, hi))
}

/// Yearly outlays of each plan as grouped bars, in the data's unit, with
/// the payer's capacity as a stepped line when the data has one (drawn
/// within the plans' years). Title, axis labels with units and a legend
/// are drawn; `width` × `height` pixels.
///
/// # Errors
/// [`Error::Chart`] if drawing fails (e.g. a size too small for the
/// axes); [`Error::Empty`] for data without outlays.
///
/// ```
/// use disburse::chart::{yearly_outlays_svg, ChartData};
/// use disburse::compare::{compare, TimeBasis, ValuationSettings};
/// use disburse::time::Frequency;
/// use disburse::{Commitment, Currency, Money, Plan};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let s = Commitment::single("p", Money::new(dec!(200e9), Currency::USD), Plan::installments(jan1, 8, Frequency::Annual))?.schedule()?;
/// let c = compare(&[("eight years".into(), s)], &ValuationSettings::new(jan1, vec![0.045], TimeBasis::WholeYears)?, None)?;
/// let svg = yearly_outlays_svg(&ChartData::try_from(&c)?, 800, 450)?;
/// assert!(svg.contains("Yearly outlays") && svg.contains("USD billions") && svg.contains("eight years"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn yearly_outlays_svg(c: &ChartData, width: u32, height: u32) -> Result<String> {
    let unit = c.unit;
    let label = c.label();
    // The plans' years set the range; capacity is drawn only within it
    // (a report can run on past the last outlay, e.g. for debt service).
    let (first, last) = year_range(c)?;
    let capacity = capacity_points(c)
        .map(|points| {
            points
                .into_iter()
                .filter(|(y, _)| (first..=last).contains(y))
                .collect::<Vec<_>>()
        })
        .filter(|points| !points.is_empty());
    let bars: Vec<f64> = c
        .plans
        .iter()
        .flat_map(|(_, yearly)| yearly.iter().map(|y| unit.scale_f64(y.total.amount())))
        .collect();
    let cap_top = capacity.iter().flatten().map(|(_, v)| *v).fold(0.0f64, f64::max);
    let cut = broken_axis(&bars, cap_top);
    let top = cut.unwrap_or_else(|| bars.iter().copied().fold(cap_top, f64::max));
    // Room above the bars for the legend in the upper right: one line a
    // plan and one for the capacity.
    let rows = c.plans.len() + usize::from(capacity.is_some());
    let headroom = 1.12 + 0.065 * rows as f64;
    let axis_top = if top > 0.0 { top * headroom } else { 1.0 };
    let caption = match cut {
        Some(_) => format!("Yearly outlays by plan ({label}; axis broken)"),
        None => format!("Yearly outlays by plan ({label})"),
    };
    let frame = Frame {
        caption,
        x_desc: year_axis(c).to_string(),
        y_desc: format!("outlay, {label}"),
        years: (first, last),
        top,
        headroom,
        x_mesh: false,
        legend: SeriesLabelPosition::UpperRight,
    };
    draw(frame, width, height, |chart| {
        let n = c.plans.len().max(1);
        let slot = 0.8 / n as f64;
        for (i, (name, yearly)) in c.plans.iter().enumerate() {
            let colour = color(i);
            let offset = -0.4 + slot * i as f64;
            let bar = |y: &PeriodTotal| {
                let x = f64::from(y.period.year()) + offset;
                (x, x + slot * 0.92, unit.scale_f64(y.total.amount()))
            };
            chart
                .draw_series(yearly.iter().map(|y| {
                    let (x0, x1, v) = bar(y);
                    Rectangle::new([(x0, 0.0), (x1, v.min(axis_top))], colour.filled())
                }))
                .map_err(chart_error)?
                .label(name.as_str())
                .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], colour.filled()));
            // A bar past the broken axis: a white gap across it, its value
            // written beside it.
            for y in yearly {
                let (x0, x1, v) = bar(y);
                if v > axis_top {
                    let pad = slot * 0.1;
                    chart
                        .draw_series(std::iter::once(Rectangle::new(
                            [(x0 - pad, axis_top * 0.84), (x1 + pad, axis_top * 0.87)],
                            WHITE.filled(),
                        )))
                        .map_err(chart_error)?;
                    chart
                        .draw_series(std::iter::once(Text::new(
                            format!("{v:.1} ↑"),
                            (x1 + slot * 0.05, axis_top * 0.97),
                            ("sans-serif", 15).into_font().color(&BLACK),
                        )))
                        .map_err(chart_error)?;
                }
            }
        }
        if let Some(cap) = &capacity {
            let steps = cap.iter().flat_map(|(year, v)| {
                let x = f64::from(*year);
                [(x - 0.5, *v), (x + 0.5, *v)]
            });
            let (lo, hi) = cap.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (_, v)| {
                (lo.min(*v), hi.max(*v))
            });
            let value = if (hi - lo).abs() < 0.05 {
                format!("{hi:.1} a year")
            } else {
                format!("{lo:.1} to {hi:.1} a year")
            };
            let text = match &c.capacity_name {
                Some(name) => format!("capacity ({name}): {value}"),
                None => format!("capacity: {value}"),
            };
            chart
                .draw_series(LineSeries::new(steps, CAPACITY.stroke_width(3)))
                .map_err(chart_error)?
                .label(text)
                .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 14, y)], CAPACITY.stroke_width(3)));
            // The value on the line itself, above its right end.
            if let Some((year, v)) = cap.last() {
                let style = ("sans-serif", 15)
                    .into_font()
                    .color(&CAPACITY)
                    .pos(Pos::new(HPos::Right, VPos::Bottom));
                chart
                    .draw_series(std::iter::once(Text::new(
                        format!("{v:.1}"),
                        (f64::from(*year) + 0.48, v + axis_top * 0.01),
                        style,
                    )))
                    .map_err(chart_error)?;
            }
        }
        Ok(())
    })
}

/// Where the yearly chart's axis is broken, if one bar would flatten the
/// rest: when the tallest bar is more than 2.5 times the next tallest (and
/// the capacity), the axis stops at 1.3 times that and the tall bar is cut
/// (a broken axis rather than a log scale, which would misstate the
/// bars' proportions, or a separate panel, which would need a second
/// scale to compare).
fn broken_axis(bars: &[f64], capacity: f64) -> Option<f64> {
    let mut sorted: Vec<f64> = bars.iter().copied().filter(|v| v.is_finite() && *v > 0.0).collect();
    sorted.sort_by(|a, b| b.total_cmp(a));
    let tallest = *sorted.first()?;
    let rest = sorted.get(1).copied().unwrap_or(0.0).max(capacity);
    (rest > 0.0 && tallest > 2.5 * rest).then_some(rest * 1.3)
}

/// Cumulative outlays of each plan at the end of each year, as lines with
/// markers, in the data's unit; `width` × `height` pixels, with title,
/// axis labels with units and a legend.
///
/// # Errors
/// [`Error::Chart`] if drawing fails; [`Error::Empty`] for data without
/// outlays.
///
/// ```
/// use disburse::chart::{cumulative_svg, ChartData};
/// use disburse::compare::{compare, TimeBasis, ValuationSettings};
/// use disburse::time::Frequency;
/// use disburse::{Commitment, Currency, Money, Plan};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let s = Commitment::single("p", Money::new(dec!(200e9), Currency::USD), Plan::installments(jan1, 8, Frequency::Annual))?.schedule()?;
/// let c = compare(&[("eight years".into(), s)], &ValuationSettings::new(jan1, vec![0.045], TimeBasis::WholeYears)?, None)?;
/// let svg = cumulative_svg(&ChartData::try_from(&c)?, 800, 450)?;
/// assert!(svg.contains("Cumulative outlays") && svg.contains("<polyline"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn cumulative_svg(c: &ChartData, width: u32, height: u32) -> Result<String> {
    let unit = c.unit;
    let label = c.label();
    let (first, last) = year_range(c)?;
    let mut series: Vec<Vec<(f64, f64)>> = Vec::with_capacity(c.plans.len());
    let mut top = 0.0f64;
    for (_, yearly) in &c.plans {
        let mut running = Decimal::ZERO;
        let mut points = Vec::with_capacity(yearly.len());
        for y in yearly {
            running = running.checked_add(y.total.amount()).unwrap_or(running);
            let v = unit.scale_f64(running);
            top = top.max(v);
            points.push((f64::from(y.period.year()), v));
        }
        // Flat to the last year shown, so every line ends at its total.
        if let Some(&(x, v)) = points.last() {
            if x < f64::from(last) {
                points.push((f64::from(last), v));
            }
        }
        series.push(points);
    }
    let frame = Frame {
        caption: format!("Cumulative outlays by plan ({label})"),
        x_desc: format!("end of {}", year_axis(c)),
        y_desc: format!("cumulative outlay, {label}"),
        years: (first, last),
        top,
        headroom: 1.12,
        x_mesh: true,
        legend: SeriesLabelPosition::LowerRight,
    };
    draw(frame, width, height, |chart| {
        for (i, ((name, _), points)) in c.plans.iter().zip(&series).enumerate() {
            let colour = color(i);
            chart
                .draw_series(LineSeries::new(points.iter().copied(), colour.stroke_width(3)))
                .map_err(chart_error)?
                .label(name.as_str())
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 14, y)], colour.stroke_width(3)));
            chart
                .draw_series(points.iter().map(|&pt| Circle::new(pt, 4, colour.filled())))
                .map_err(chart_error)?;
        }
        Ok(())
    })
}

/// The drawing area of a chart: years on x, amounts from zero on y.
type Chart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// What differs between the charts' frames.
struct Frame {
    caption: String,
    x_desc: String,
    y_desc: String,
    /// The first and last year shown.
    years: (i32, i32),
    /// The largest value drawn.
    top: f64,
    /// How far the axis reaches: `top` times this.
    headroom: f64,
    /// Whether vertical grid lines are drawn.
    x_mesh: bool,
    /// Where the legend goes.
    legend: SeriesLabelPosition,
}

/// Draws a `width` × `height` SVG: the frame (title, axes with their
/// labels and ticks), the series drawn by `series`, then the legend.
fn draw(
    frame: Frame,
    width: u32,
    height: u32,
    series: impl FnOnce(&mut Chart<'_, '_>) -> Result<()>,
) -> Result<String> {
    let (first, last) = frame.years;
    let top = if frame.top > 0.0 {
        frame.top * frame.headroom
    } else {
        1.0
    };
    let years = usize::try_from(last - first).unwrap_or(0) + 1;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_error)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(frame.caption, ("sans-serif", 22))
            .margin(12)
            .x_label_area_size(45)
            .y_label_area_size(70)
            .build_cartesian_2d(f64::from(first) - 0.5..f64::from(last) + 0.5, 0.0..top)
            .map_err(chart_error)?;
        let mut mesh = chart.configure_mesh();
        if !frame.x_mesh {
            mesh.disable_x_mesh();
        }
        mesh.x_labels((years + 1).min(MAX_YEAR_LABELS))
            .x_label_formatter(&year_tick)
            .y_label_formatter(&amount_tick)
            .x_desc(frame.x_desc)
            .y_desc(frame.y_desc)
            .axis_desc_style(("sans-serif", 17))
            .label_style(("sans-serif", 15))
            .draw()
            .map_err(chart_error)?;
        series(&mut chart)?;
        chart
            .configure_series_labels()
            .position(frame.legend)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .label_font(("sans-serif", 16))
            .draw()
            .map_err(chart_error)?;
        root.present().map_err(chart_error)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::affordability::{Assessment, Capacity, Constraint, Funding, FundingSource, FxPath};
    use crate::compare::{TimeBasis, ValuationSettings, compare};
    use crate::testing::*;
    use crate::time::Frequency;
    use crate::{Commitment, Currency, FiscalYear, Money, Plan, Schedule};

    use rust_decimal_macros::dec;

    #[test]
    fn the_axis_breaks_when_one_bar_would_flatten_the_rest() {
        // 550 > 2.5 × 186.9 = 467.25: cut at 1.3 × 186.9 = 242.97.
        let cut = broken_axis(&[550.0, 186.9, 140.0], 0.0).unwrap();
        assert!((cut - 242.97).abs() < 1e-9, "{cut}");
        // The capacity (20) counts as the next tallest when above it:
        // 200 > 2.5 × 25 = 62.5, cut at 1.3 × 25 = 32.5.
        assert_eq!(broken_axis(&[200.0, 25.0, 15.0], 20.0), Some(32.5));
        assert_eq!(broken_axis(&[200.0, 15.0], 25.0), Some(32.5));
        // 2.5 × 20 = 50 ≥ 45: no break; one bar alone: no break.
        assert_eq!(broken_axis(&[45.0, 20.0], 0.0), None);
        assert_eq!(broken_axis(&[550.0], 0.0), None);
        assert_eq!(broken_axis(&[], 10.0), None);
    }

    fn plans() -> Vec<(String, Schedule)> {
        let c = Commitment::single("pledge", Money::new(dec!(350e9), Currency::USD), Plan::upfront(jan1())).unwrap();
        vec![
            ("upfront".to_string(), c.schedule().unwrap()),
            (
                "ten <installments>".to_string(),
                c.with_plan(Plan::installments(jan1(), 10, Frequency::Annual))
                    .schedule()
                    .unwrap(),
            ),
        ]
    }

    fn valuation() -> ValuationSettings {
        ValuationSettings::new(jan1(), vec![0.045], TimeBasis::WholeYears).unwrap()
    }

    /// A capacity in KRW, so the chart's capacity is converted to USD.
    fn krw_affordability() -> Assessment {
        Assessment::new(
            Capacity::new(
                Currency::KRW,
                FiscalYear::CALENDAR,
                vec![Constraint::fixed_cap("fx market", dec!(20e9) * dec!(1430))],
            )
            .unwrap(),
        )
        .fx(FxPath::flat(Currency::USD, Currency::KRW, dec!(1430)).unwrap())
        .funding(Funding::new(vec![FundingSource::borrowing(0.04)], 0.045).unwrap())
    }

    fn data(c: &Comparison) -> ChartData {
        ChartData::try_from(c).unwrap()
    }

    /// The start of the capacity line's element.
    const CAPACITY_POLYLINE: &str = r##"<polyline fill="none" opacity="1" stroke="#C80000" stroke-width="3""##;

    /// Whether the SVG has a `<text>` element reading `text` (plotters puts
    /// the text on its own line).
    fn has_text(svg: &str, text: &str) -> bool {
        svg.contains(&format!(">\n{text}\n</text>"))
    }

    #[test]
    fn yearly_chart_has_title_legend_and_no_capacity_without_one() {
        let c = compare(&plans(), &valuation(), None).unwrap();
        let svg = yearly_outlays_svg(&data(&c), 900, 500).unwrap();
        assert!(svg.contains("<svg"));
        // 350 upfront against 35 a year: the axis breaks at 1.3 × 35 = 45.5
        // and the upfront bar's value is written beside it.
        assert!(svg.contains("Yearly outlays by plan (USD billions; axis broken)"));
        assert!(svg.contains("350.0 ↑"));
        assert!(has_text(&svg, "upfront"));
        assert!(svg.contains("ten &lt;installments&gt;"));
        assert!(has_text(&svg, "calendar year") && svg.contains("outlay, USD billions"));
        assert!(has_text(&svg, "2030") && !has_text(&svg, "2030.5"));
        assert!(!svg.contains("capacity"));
        assert!(!svg.contains(CAPACITY_POLYLINE));
    }

    #[test]
    fn yearly_chart_draws_converted_capacity() {
        let a = krw_affordability();
        let c = compare(&plans(), &valuation(), Some(&a)).unwrap();
        let cap = c.capacity_by_year.as_ref().unwrap();
        assert_eq!(cap[0].amount, Money::new(dec!(20e9), Currency::USD));
        let svg = yearly_outlays_svg(&data(&c), 900, 500).unwrap();
        // Labelled with the constraint and its value in the chart's unit:
        // KRW 28.6T at 1,430 KRW per USD = USD 20.0B.
        assert!(has_text(&svg, "capacity (fx market): 20.0 a year"), "{svg}");
        assert!(has_text(&svg, "20.0"));
        assert!(svg.contains(CAPACITY_POLYLINE));
        std::fs::write(std::env::temp_dir().join("disburse-yearly.svg"), &svg).unwrap();
    }

    #[test]
    fn capacity_in_another_currency_is_an_error() {
        let a = krw_affordability();
        let mut c = compare(&plans(), &valuation(), Some(&a)).unwrap();
        if let Some(cap) = c.capacity_by_year.as_mut() {
            for y in cap.iter_mut() {
                y.amount = Money::new(y.amount.amount(), Currency::KRW);
            }
        }
        assert!(matches!(ChartData::try_from(&c), Err(Error::CurrencyMismatch { .. })));
    }

    #[test]
    fn explicit_series_keep_their_unit_and_drop_empty_capacity() {
        let c = compare(&plans(), &valuation(), None).unwrap();
        let series = c.plans.iter().map(|p| (p.name.clone(), p.yearly.clone())).collect();
        let data = ChartData::new(Currency::USD, series, Some(vec![])).unwrap();
        assert_eq!(data.unit(), Unit::Billions);
        let svg = yearly_outlays_svg(&data, 900, 500).unwrap();
        assert_eq!(
            svg,
            yearly_outlays_svg(&ChartData::try_from(&c).unwrap(), 900, 500).unwrap()
        );
        let empty = ChartData::new(Currency::USD, vec![], None).unwrap();
        assert!(matches!(cumulative_svg(&empty, 900, 500), Err(Error::Empty { .. })));
    }

    #[test]
    fn cumulative_chart() {
        let c = compare(&plans(), &valuation(), None).unwrap();
        let svg = cumulative_svg(&data(&c), 900, 500).unwrap();
        assert!(svg.contains("<svg") && svg.contains("Cumulative outlays by plan (USD billions)"));
        assert!(has_text(&svg, "upfront") && svg.contains("<polyline"));
        std::fs::write(std::env::temp_dir().join("disburse-cumulative.svg"), &svg).unwrap();
    }

    #[test]
    fn tiny_canvas_is_a_chart_error() {
        let c = compare(&plans(), &valuation(), None).unwrap();
        match yearly_outlays_svg(&data(&c), 10, 10) {
            Err(Error::Chart { .. }) | Ok(_) => {}
            Err(e) => panic!("unexpected {e}"),
        }
    }
}
