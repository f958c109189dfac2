//! Fan charts of a risk report (features `charts` and `risk`).

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::{MAX_YEAR_LABELS, chart_error, year_tick};
use crate::render::{Fit, Unit};
use crate::risk::{Distribution, PlanRisk, YearRisk};
use crate::{Error, Quantity, Result};

/// What a fan chart draws.
///
/// ```
/// use disburse::chart::FanMetric;
/// assert_eq!(FanMetric::Debt.to_string(), "debt outstanding");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FanMetric {
    /// Debt outstanding at the end of each year (payer's currency).
    Debt,
    /// The stock at the end of each year (its currency), with its floor.
    Reserves,
    /// The binding constraint's share of capacity used, with the capacity
    /// (100%).
    ShareUsed,
}

impl std::fmt::Display for FanMetric {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(match self {
            FanMetric::Debt => "debt outstanding",
            FanMetric::Reserves => "reserves",
            FanMetric::ShareUsed => "share of capacity used",
        })
    }
}

const BAND_OUTER: RGBColor = RGBColor(158, 202, 225);
const BAND_INNER: RGBColor = RGBColor(66, 146, 198);
const MEDIAN: RGBColor = RGBColor(8, 48, 107);
const LIMIT: RGBColor = RGBColor(200, 0, 0);
const BARS: RGBColor = RGBColor(214, 96, 77);
const RUNNING: RGBColor = RGBColor(90, 90, 90);
const BASELINE: RGBColor = RGBColor(230, 85, 13);

fn distribution(y: &YearRisk, m: FanMetric) -> Option<Distribution> {
    match m {
        FanMetric::Debt => y.debt,
        FanMetric::Reserves => y.reserves,
        FanMetric::ShareUsed => y.share_used,
    }
}

/// The deterministic path's value of `m` in year `y` (a share as a
/// fraction), when finite.
fn baseline(y: &YearRisk, m: FanMetric) -> Option<f64> {
    let b = y.baseline.as_ref()?;
    let v = match m {
        FanMetric::Debt => b.debt.amount().to_f64()?,
        FanMetric::Reserves => b.reserves?.amount().to_f64()?,
        FanMetric::ShareUsed => b.share_used,
    };
    v.is_finite().then_some(v)
}

/// One panel pair per plan, stacked: above, by year, the 5–95% and
/// 25–75% bands of `metric` over the paths and its median (with the
/// stock's floor for reserves, the capacity for the share used) and the
/// deterministic path (the baseline, see
/// [`Baseline`](crate::risk::Baseline)) as an orange line with dots; below,
/// the probability of a breach by year as bars. When some paths end before
/// a plan's last year (its horizon runs until the debt left after the last
/// outlay falls due, which varies with the path), the bands are over the
/// paths still running, and a dashed grey line on a right-hand axis gives
/// their share. Axes are labelled with units; the caption gives the path
/// count and the seed. `width` pixels wide, 420 pixels a plan.
///
/// # Errors
/// [`Error::Empty`] without plans or years; [`Error::Chart`] if drawing
/// fails.
///
/// ```
/// use disburse::affordability::{Assessment, Capacity, Constraint, Funding, FundingSource, FxPath};
/// use disburse::chart::{FanMetric, fan_chart_svg};
/// use disburse::risk::{FxFactor, RiskModel};
/// use disburse::{Currency, FiscalYear, Money, Plan};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let capacity = Capacity::new(Currency::KRW, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(15e12))])?;
/// let funding = Funding::new(vec![FundingSource::borrowing(0.04)], 0.04)?;
/// let a = Assessment::new(capacity).fx(FxPath::flat(Currency::USD, Currency::KRW, dec!(1430))?).funding(funding);
/// let s = Plan::upfront(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()).schedule(Money::new(dec!(20e9), Currency::USD), "x")?;
/// let m = RiskModel::new().paths(200)?.fx(FxFactor::Lognormal { vol: 0.1, drift: 0.0 })?;
/// let r = m.simulate(&a, &[("upfront".into(), s)])?;
/// let svg = fan_chart_svg(&r.plans.iter().collect::<Vec<_>>(), FanMetric::Debt, r.paths, r.seed, 900)?;
/// assert!(svg.contains("200 paths") && svg.contains("KRW trillions") && svg.contains("P(breach)"));
/// assert!(svg.contains("deterministic path"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn fan_chart_svg(plans: &[&PlanRisk], metric: FanMetric, paths: u64, seed: u64, width: u32) -> Result<String> {
    if plans.is_empty() || plans.iter().all(|p| p.years.is_empty()) {
        return Err(Error::Empty {
            what: Quantity::Comparison,
        });
    }
    let panel = 420u32;
    let head = 68u32;
    let height = head + panel * plans.len() as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_error)?;
        let (title, body) = root.split_vertically(head);
        title
            .draw(&Text::new(
                format!("Fan chart of {metric} by year, and the probability of a breach"),
                (12, 6),
                ("sans-serif", 20).into_font(),
            ))
            .map_err(chart_error)?;
        for (i, line) in [
            format!("{paths} paths, seed {seed}. Bands: 5–95% and 25–75% of the paths running in the year; dark line: median."),
            "Orange line with dots: the deterministic path (the scenario's inputs, unshocked). Bars: P(breach) in the year, over all paths.".to_string(),
        ]
        .into_iter()
        .enumerate()
        {
            title
                .draw(&Text::new(
                    line,
                    (12, 30 + 18 * i as i32),
                    ("sans-serif", 14).into_font().color(&RGBColor(80, 80, 80)),
                ))
                .map_err(chart_error)?;
        }
        let areas = body.split_evenly((plans.len(), 1));
        for (p, area) in plans.iter().zip(areas.iter()) {
            draw_plan(p, metric, area)?;
        }
        root.present().map_err(chart_error)?;
    }
    Ok(svg)
}

fn draw_plan<DB: DrawingBackend>(
    p: &PlanRisk,
    metric: FanMetric,
    area: &DrawingArea<DB, plotters::coord::Shift>,
) -> Result<()> {
    let (_, h) = area.dim_in_pixel();
    let (top, bottom) = area.split_vertically(h * 66 / 100);
    let years: Vec<(i32, Option<Distribution>, &YearRisk)> = p
        .years
        .iter()
        .map(|y| (y.year.year(), distribution(y, metric), y))
        .collect();
    // The share of paths still running, by year, when some end early.
    let all = p.years.iter().map(|y| y.paths).max().unwrap_or(0);
    let running: Vec<(f64, f64)> = if p.years.iter().any(|y| y.paths < all) {
        years
            .iter()
            .map(|(y, _, r)| (f64::from(*y), r.paths as f64 / all as f64 * 100.0))
            .collect()
    } else {
        Vec::new()
    };
    let right = if running.is_empty() { 0 } else { 70 };
    let first = years.first().map_or(0, |y| y.0);
    let last = years.last().map_or(0, |y| y.0);
    let x_range = f64::from(first) - 0.5..f64::from(last) + 0.5;
    let n_years = usize::try_from(last - first).unwrap_or(0) + 1;
    let pts: Vec<(f64, Distribution)> = years
        .iter()
        .filter_map(|(y, d, _)| {
            d.filter(|d| d.p95.is_finite() && d.p5.is_finite())
                .map(|d| (f64::from(*y), d))
        })
        .collect();
    let (axis, scale): (String, f64) = match metric {
        FanMetric::ShareUsed => ("share of capacity used, %".to_string(), 100.0),
        _ => {
            let largest = pts.iter().map(|(_, d)| d.p95.abs()).fold(0.0, f64::max);
            let u = Unit::fitting(Decimal::from_f64_retain(largest).unwrap_or_default(), Fit::Single);
            let cur = match metric {
                FanMetric::Reserves => p.stock_currency.unwrap_or(p.currency),
                _ => p.currency,
            };
            let what = if metric == FanMetric::Debt { "debt" } else { "reserves" };
            (format!("{what}, {}", u.label(cur)), 1.0 / 10f64.powi(u.power() as i32))
        }
    };
    let limit: Vec<(f64, f64)> = match metric {
        FanMetric::ShareUsed => years.iter().map(|(y, _, _)| (f64::from(*y), 100.0)).collect(),
        FanMetric::Reserves => years
            .iter()
            .filter_map(|(y, _, r)| r.floor.map(|f| (f64::from(*y), f * scale)))
            .collect(),
        FanMetric::Debt => Vec::new(),
    };
    let base: Vec<(f64, f64)> = years
        .iter()
        .filter_map(|(y, _, r)| baseline(r, metric).map(|v| (f64::from(*y), v * scale)))
        .collect();
    let ymax = pts
        .iter()
        .map(|(_, d)| d.p95 * scale)
        .chain(limit.iter().map(|(_, v)| *v))
        .chain(base.iter().map(|(_, v)| *v))
        .fold(0.0, f64::max);
    let ymax = if ymax > 0.0 { ymax * 1.4 } else { 1.0 };
    let mut chart = ChartBuilder::on(&top)
        .caption(format!("{}: {} under risk", p.name, p.verdict), ("sans-serif", 17))
        .margin(10)
        .x_label_area_size(28)
        .y_label_area_size(80)
        .right_y_label_area_size(right)
        .build_cartesian_2d(x_range.clone(), 0.0..ymax)
        .map_err(chart_error)?
        .set_secondary_coord(x_range.clone(), 0.0..140.0);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels((n_years + 1).min(MAX_YEAR_LABELS))
        .x_label_formatter(&year_tick)
        .y_label_formatter(&|v: &f64| {
            if *v >= 10.0 || *v == 0.0 {
                format!("{v:.0}")
            } else {
                format!("{v:.1}")
            }
        })
        .y_desc(axis)
        .axis_desc_style(("sans-serif", 14))
        .label_style(("sans-serif", 12))
        .draw()
        .map_err(chart_error)?;
    let band = |lo: fn(&Distribution) -> f64, hi: fn(&Distribution) -> f64| -> Vec<(f64, f64)> {
        pts.iter()
            .map(|(x, d)| (*x, hi(d) * scale))
            .chain(pts.iter().rev().map(|(x, d)| (*x, lo(d) * scale)))
            .collect()
    };
    if !pts.is_empty() {
        chart
            .draw_series(std::iter::once(Polygon::new(
                band(|d| d.p5, |d| d.p95),
                BAND_OUTER.filled(),
            )))
            .map_err(chart_error)?
            .label("5–95% of paths")
            .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], BAND_OUTER.filled()));
        chart
            .draw_series(std::iter::once(Polygon::new(
                band(|d| d.p25, |d| d.p75),
                BAND_INNER.filled(),
            )))
            .map_err(chart_error)?
            .label("25–75%")
            .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], BAND_INNER.filled()));
        chart
            .draw_series(LineSeries::new(
                pts.iter().map(|(x, d)| (*x, d.p50 * scale)),
                MEDIAN.stroke_width(2),
            ))
            .map_err(chart_error)?
            .label("median")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 14, y)], MEDIAN.stroke_width(2)));
    }
    if !base.is_empty() {
        chart
            .draw_series(LineSeries::new(base, BASELINE.stroke_width(2)).point_size(3))
            .map_err(chart_error)?
            .label("deterministic path")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 14, y)], BASELINE.stroke_width(2)));
    }
    if !limit.is_empty() {
        let name = if metric == FanMetric::ShareUsed {
            "capacity (100%)"
        } else {
            "floor"
        };
        chart
            .draw_series(LineSeries::new(limit, LIMIT.stroke_width(2)))
            .map_err(chart_error)?
            .label(name)
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 14, y)], LIMIT.stroke_width(2)));
    }
    // Dashed, above the capacity line it may run along.
    if !running.is_empty() {
        chart
            .configure_secondary_axes()
            .y_labels(3)
            .y_label_formatter(&|v: &f64| format!("{v:.0}%"))
            .y_desc("paths running, %")
            .axis_desc_style(("sans-serif", 14))
            .label_style(("sans-serif", 12))
            .draw()
            .map_err(chart_error)?;
        chart
            .draw_secondary_series(DashedLineSeries::new(running, 6, 4, RUNNING.stroke_width(2)))
            .map_err(chart_error)?
            .label("paths running (right axis)")
            .legend(|(x, y)| DashedPathElement::new(vec![(x, y), (x + 14, y)], 4, 3, RUNNING.stroke_width(2)));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.3))
        .label_font(("sans-serif", 12))
        .draw()
        .map_err(chart_error)?;

    let pmax = years.iter().map(|(_, _, y)| y.breach_probability).fold(0.0, f64::max);
    let pmax = if pmax > 0.0 {
        (pmax * 100.0 * 1.15).min(100.0)
    } else {
        10.0
    };
    let mut bars = ChartBuilder::on(&bottom)
        .margin(10)
        .margin_top(0)
        .margin_right(10 + right)
        .x_label_area_size(30)
        .y_label_area_size(80)
        .build_cartesian_2d(x_range, 0.0..pmax)
        .map_err(chart_error)?;
    bars.configure_mesh()
        .disable_x_mesh()
        .x_labels((n_years + 1).min(MAX_YEAR_LABELS))
        .x_label_formatter(&year_tick)
        .y_labels(4)
        .y_label_formatter(&|v: &f64| {
            if pmax < 5.0 {
                format!("{v:.1}%")
            } else {
                format!("{v:.0}%")
            }
        })
        .x_desc("year")
        .y_desc("P(breach), %")
        .axis_desc_style(("sans-serif", 14))
        .label_style(("sans-serif", 12))
        .draw()
        .map_err(chart_error)?;
    bars.draw_series(years.iter().map(|(y, _, r)| {
        let x = f64::from(*y);
        Rectangle::new(
            [(x - 0.35, 0.0), (x + 0.35, r.breach_probability * 100.0)],
            BARS.filled(),
        )
    }))
    .map_err(chart_error)?;
    Ok(())
}
