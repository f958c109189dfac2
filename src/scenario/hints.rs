//! What a missing field means, with an example value: appended to serde's
//! `missing field `x`` so that an error tells how to mend the document.

use super::error::Segment;

/// The meaning and an example of the field `field` of the table at
/// `path` (the table that lacks it), when known.
fn hint(path: &[Segment], field: &str) -> Option<&'static str> {
    // The key that leads to the table (`plan`, `capacity`…), skipping
    // list indices: `plans[0]` is under `plans`.
    let parent = path.iter().rev().find_map(|s| match s {
        Segment::Key(k) => Some(k.as_str()),
        Segment::Index(_) => None,
    });
    let top = path.is_empty();
    Some(match (parent, field) {
        (_, "name") if top => "the commitment's name, e.g. `name = \"Japan–US 2025\"`",
        (Some("plans"), "name") => "the plan's name, unique in the scenario, e.g. `name = \"ten installments\"`",
        (Some("tranches"), "name") => "the tranche's name, e.g. `name = \"cash\"`",
        (Some("constraints"), "name") => "the constraint's name, shown in reports, e.g. `name = \"budget\"`",
        (_, "currency") if top => "the ISO code of the headline, e.g. `currency = \"USD\"`",
        (Some("capacity"), "currency") => "the payer's currency, e.g. `currency = \"KRW\"`",
        (_, "headline") => "the amount committed, e.g. `headline = \"550B\"` (or \"550e9\")",
        (_, "plans") => {
            "the ways of paying the headline, at least one, e.g. `[[plans]]` with `name = \"upfront\"` and \
             `plan = { kind = \"upfront\", date = \"2026-01-01\" }`"
        }
        (Some("plan"), "kind") => {
            "the kind of plan: upfront, installments, annual_cap, ramp, weights, explicit or capital_calls, \
             e.g. `kind = \"installments\"`"
        }
        (Some("constraints"), "kind") => {
            "the kind of limit: fixed_cap, share_of_flow or stock, e.g. `kind = \"fixed_cap\"`"
        }
        (Some("sources"), "kind") => {
            "the kind of source: stock_income, budget, borrowing, swap_line or stock_principal, \
             e.g. `kind = \"borrowing\"`"
        }
        (Some("rates"), "kind") => "how the FX rate moves: flat, series or drift, e.g. `kind = \"flat\"`",
        (Some("trigger"), "kind") => {
            "what triggers the deferral: fx_above, fx_rise_above or outlay_above, e.g. `kind = \"fx_above\"`"
        }
        (Some("instrument"), "kind") => "what kind of money: equity, loan or guarantee, e.g. `kind = \"loan\"`",
        (Some("adequacy_floor"), "kind") => {
            "the kind of floor: share_of_start or months_of_imports, e.g. `kind = \"share_of_start\"`"
        }
        (Some("valuation"), "date") => "the date present values are taken at, e.g. `date = \"2026-01-01\"`",
        (_, "date") => "the payment date, e.g. `date = \"2026-01-01\"`",
        (_, "start") => "the first payment date, e.g. `start = \"2026-01-01\"`",
        (_, "count") => "the number of payments, e.g. `count = 10`",
        (Some("instrument"), "tenor") => "years to final maturity, e.g. `tenor = \"10Y\"`",
        (_, "tenor") => "the time between payments, e.g. `tenor = \"1Y\"` (or \"6M\", \"3M\")",
        (_, "cap") => "the most paid in a year, e.g. `cap = \"20B\"`",
        (Some("tranches"), "amount") => "the tranche's amount; tranches sum to the headline, e.g. `amount = \"200B\"`",
        (_, "amount") => "the amount, e.g. `amount = \"20B\"`",
        (_, "flows") => "the dated amounts, e.g. `flows = [{ date = \"2026-01-01\", amount = \"100B\" }]`",
        (_, "weights") => "the share paid each period, summing to 1, e.g. `weights = [\"40%\", \"60%\"]`",
        (_, "calls") => "the capital calls, e.g. `calls = [{ notice = \"2026-02-18\", amount = \"30B\" }]`",
        (_, "notice") => "the date the call is noticed, e.g. `notice = \"2026-02-18\"`",
        (_, "notice_days") => "days from notice to payment, e.g. `notice_days = 45`",
        (_, "plan") => "how it is paid, e.g. `plan = { kind = \"upfront\", date = \"2026-01-01\" }`",
        (_, "capacity") => {
            "what the payer can spend each year, e.g. `[affordability.capacity]` with `currency = \"KRW\"` and \
             `constraints = [{ kind = \"fixed_cap\", name = \"budget\", amount = \"20B\" }]`"
        }
        (_, "constraints") => {
            "the limits on what the payer spends, e.g. `constraints = [{ kind = \"fixed_cap\", name = \"budget\", \
             amount = \"20B\" }]`"
        }
        (_, "start_year") => "the year the level is measured at the start of, e.g. `start_year = 2026`",
        (_, "level") => "the level, e.g. `level = \"428.82B\"`",
        (_, "yield_rate") => "the stock's yield a year, e.g. `yield_rate = \"3.5%\"`",
        (_, "base_year") => "the year of the base amount, e.g. `base_year = 2025`",
        (_, "base_amount") => "the flow in the base year, e.g. `base_amount = \"100B\"`",
        (_, "growth") => "growth a year, e.g. `growth = \"2%\"`",
        (_, "share") => "the share that may be spent, e.g. `share = \"25%\"`",
        (_, "months") => "months of imports, e.g. `months = 3`",
        (_, "imports") => "imports of the base year, e.g. `imports = \"630B\"`",
        (_, "pair") => "the currency pair in market notation, e.g. `pair = \"USD/KRW\"` (1 USD = rate KRW)",
        (Some("fx"), "rates") => "the FX rates by year, e.g. `rates = { kind = \"flat\", rate = \"1430\" }`",
        (_, "rate") => "the rate, e.g. `rate = \"4%\"` (or 0.04)",
        (_, "rates") => "the rates, e.g. `rates = [\"1400\", \"1430\"]`",
        (_, "first_year") => "the year of the first rate, e.g. `first_year = 2026`",
        (_, "annual_change") => "the change a year, e.g. `annual_change = \"2%\"`",
        (_, "sources") => {
            "how outlays beyond capacity are paid, in order, e.g. `sources = [{ kind = \"borrowing\", coupon = \"4%\" }]`"
        }
        (_, "discount_rate") => "the rate the funding cost is discounted at, e.g. `discount_rate = \"4.5%\"`",
        (_, "coupon") => "the annual coupon of new debt, e.g. `coupon = \"4%\"`",
        (_, "limit") => "the most outstanding at once, e.g. `limit = \"50B\"`",
        (_, "amount_per_year") => "the most available each year, e.g. `amount_per_year = \"30T\"`",
        (_, "trigger") => "when the deferral applies, e.g. `trigger = { kind = \"fx_above\", level = \"1450\" }`",
        (_, "pay_share") => "the share of what is due paid in a triggered year, e.g. `pay_share = \"50%\"`",
        (_, "max_delay") => "the most years an amount may be carried, e.g. `max_delay = 3`",
        (_, "change") => "the rise in a year, e.g. `change = \"5%\"`",
        (_, "project") => "the flows the project pays, e.g. `project = { yield = { rate = \"12%\", years = 40 } }`",
        (Some("waterfall"), "waterfall") | (_, "before_recovery") | (_, "after_recovery") => {
            "the split of each flow before and after the investor has recovered its outlay, e.g. \
             `before_recovery = { investor = \"50%\", host = \"50%\" }`"
        }
        (_, "investor") => "the investor's share, e.g. `investor = \"50%\"`",
        (_, "host") => "the host's share, e.g. `host = \"50%\"`",
        (_, "deemed_rate") => "the rate the investor's unrecovered balance grows at, e.g. `deemed_rate = \"4%\"`",
        (_, "years") => "the number of yearly payments, e.g. `years = 40`",
        (_, "speed") => "mean reversion a year, in [0, 1], e.g. `speed = 0.3`",
        (_, "vol") => "the annual volatility, e.g. `vol = \"10%\"`",
        (_, "history") => "consecutive annual FX rates, oldest first, e.g. `history = [\"1100\", \"1180\", \"1290\"]`",
        _ => return None,
    })
}

/// `message` with the meaning and an example of the missing field it
/// names, if any.
pub(super) fn explain(path: &[Segment], message: String) -> String {
    let Some(rest) = message.strip_prefix("missing field `") else {
        return message;
    };
    let Some(field) = rest.strip_suffix('`') else {
        return message;
    };
    match hint(path, field) {
        Some(h) => format!("{message}: {h}"),
        None => message,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::super::Scenario;

    #[test]
    fn missing_fields_say_what_they_mean() {
        let err = Scenario::from_toml("name = \"x\"\ncurrency = \"USD\"\n[[plans]]\nname = \"u\"\nplan = { kind = \"upfront\", date = \"2026-01-01\" }\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "missing field `headline`: the amount committed, e.g. `headline = \"550B\"` (or \"550e9\") (line 1, column 1)"
        );
        let err = Scenario::from_toml("name = \"x\"\ncurrency = \"USD\"\nheadline = \"1B\"\n[[plans]]\nname = \"u\"\nplan = { kind = \"upfront\" }\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "plans[0].plan: missing field `date`: the payment date, e.g. `date = \"2026-01-01\"` (line 6, column 8)"
        );
    }
}
