//! `disburse` — the command-line tool of the `disburse` crate.
//!
//! Built with the `cli` feature:
//!
//! ```text
//! cargo install disburse --features cli
//! ```
//!
//! # Calculators
//!
//! ```text
//! disburse xnpv --rate 0.09 flows.csv          # Excel XNPV (Act/365F from the earliest date)
//! disburse xirr flows.csv                      # every XIRR root, typed: unique, multiple or none
//! disburse npv --rate 0.1 --first-period 1 amounts.csv   # Excel NPV (first flow at t=1)
//! disburse irr amounts.csv                     # every IRR root
//! disburse yearfrac --day-count act/360 2026-01-01 2027-01-01
//! disburse dates --from 2026-01-31 --to 2026-06-30 --tenor 1M \
//!     --calendar weekends --convention modified-following --end-of-month
//! ```
//!
//! **Cash-flow files** are CSV, one flow a line: `date,amount` (date
//! `YYYY-MM-DD`) for `xnpv` and `xirr`; `amount` or `date,amount` for `npv`
//! and `irr`, which ignore the dates and take the flows in file order, one
//! period apart. All lines of a file have the same shape. An optional first
//! line `date,amount` (or `amount`) is a header and is skipped; blank lines
//! and `#` comments are ignored. `-` reads standard input. Errors name the
//! line: `disburse: flows.csv: line 4: invalid amount "12x"`.
//!
//! **Rates** are fractions (`0.09`) or percentages (`9%`); a negative rate
//! may be written `--rate=-0.5` or `--rate -0.5`.
//!
//! **`dates`** generates QuantLib `Schedule` dates: `--calendar weekends`
//! (Saturday and Sunday) or `none` (the default: every day is a business
//! day), plus `--holidays FILE` (one `YYYY-MM-DD` a line, `#` comments);
//! `--convention` and `--termination-convention` are `unadjusted` (the
//! default), `following`, `modified-following`, `preceding`,
//! `modified-preceding` (or `f`, `mf`, `p`, `mp`, `u`); `--rule forward`
//! (the default), `backward` or `zero`; `--end-of-month`, `--first-date D`,
//! `--next-to-last D`. In table format a date that ends an irregular (stub)
//! period is marked.
//!
//! **Day counts** (`yearfrac --day-count`): `act/365f`, `act/360`, `30/360`
//! (bond basis), `30/360 us`, `30e/360`, `act/act` (ISDA), or Excel's
//! YEARFRAC basis `0`–`4`.
//!
//! # Scenarios
//!
//! ```text
//! disburse compare [SCENARIO] [--format table|json|csv] [--chart FILE.svg]
//! disburse schedule [SCENARIO] [--plan NAME] [--format table|json|csv]
//! disburse afford [SCENARIO] [--plan NAME] [--format table|json|csv]
//! disburse check [SCENARIO] [--format table|json]
//! disburse schema [-o FILE]
//! disburse sensitivity [SCENARIO] [--tenors 1,5,10] [--format table|json|csv]
//! disburse risk [SCENARIO] [--paths N] [--seed S] [--plan NAME] [--format table|json|csv]
//!     [--chart FILE.svg] [--fan debt|reserves|share]
//! ```
//!
//! A scenario file is TOML (`.toml`) or JSON (`.json`), chosen by its
//! extension (see the `disburse::scenario` module for the schema, and
//! `examples/scenarios/`). Every command loads *and validates* the file;
//! errors name the field path and the line and column:
//! `disburse: deal.toml: plans[0].plan.cap: must be positive, got USD -5.00 (line 6, column 53)`.
//!
//! - Every command that takes a `[SCENARIO]` runs the built-in Korea–US
//!   2025 scenario without one (one rule for all).
//! - `compare` prints the narrow table (nominal, PV and share at the
//!   central rate, peak, verdict; at most 100 columns); `--wide` every
//!   column. The first plan is the reference for savings and break-even rates.
//!   Without a `[valuation]` section, plans are valued at 3%, 4.5% and 8%
//!   (whole years) from January 1 of the year of the earliest flow. `--format
//!   csv` is one line a plan (`Comparison::to_csv_summary`). `--chart
//!   out.svg` also writes the yearly-outlays chart to `out.svg` and the
//!   cumulative-outlays chart to `out-cumulative.svg` (900×500 SVG).
//! - `schedule` prints each plan's dated flows (`--plan NAME` for one);
//!   CSV columns `plan,date,amount,currency,tranche`; JSON
//!   `{"plans": [{"name", "total", "flows": [{"date", "amount", "currency", "tranche"}]}]}`.
//! - `afford` needs an `[affordability]` section and prints each plan's
//!   yearly affordability table; JSON `{"plans": [{"name", "report"}]}`.
//! - `check` prints `ok: N plans` (JSON `{"status": "ok", "name", "plans"}`),
//!   or fails with the first error.
//! - `sensitivity` values the headline paid upfront (tenor 1) or in equal
//!   annual installments over each tenor, at the scenario's rates from its
//!   valuation date, with the verdict per tenor when the scenario has an
//!   `[affordability]` section.
//! - `risk` (without a file: the built-in scenario) runs the scenario's
//!   `[risk]` section (see `disburse::risk`; without one, no factor: every
//!   path is the deterministic assessment) on each plan: the probability of
//!   a breach over the horizon and by year with its standard error, the
//!   percentiles of share used, debt and reserves, the funding cost and
//!   the verdict under risk. `--paths` and `--seed` override the section's.
//!   JSON `{"paths", "seed", "assumptions", "plans": [{"name",
//!   "breach_probability", "standard_error", "breach_probability_by_year":
//!   {"2026": p, …}, "verdict", …}]}`, byte-identical for a seed at any
//!   thread count (`RAYON_NUM_THREADS`); CSV one line a plan and year.
//!   `--chart FILE.svg` writes the fan chart (`--fan` debt, reserves or
//!   share of capacity used) with the breach probability by year. A
//!   progress bar appears on stderr after a second when stderr is a
//!   terminal (never in pipes or when `CI` is set).
//!
//! # Output
//!
//! Every command takes `--format table` (the default: text for people) or
//! `--format json` (one JSON object on one line); `compare` and
//! `schedule` also take `--format csv`. Numbers in JSON are
//! strings of full precision: decimals as exact `Decimal` text, rates as
//! the shortest text that reads back as the computed `f64`:
//!
//! ```text
//! {"value":"2086.6476020315362"}                       xnpv, npv
//! {"status":"unique","roots":["0.37336253351883145"]}  xirr, irr ("unique", "multiple" or "none")
//! {"value":"1.0138888888888888888888888889","fraction":"365/360","day_count":"Act/360"}   yearfrac
//! {"dates":["2026-01-30","2026-02-27"]}               dates
//! ```
//!
//! # Exit status
//!
//! `0` on success; `1` when an input is wrong (a missing or malformed file,
//! a bad date, rate, name or scenario, an invalid schedule), with one line
//! on standard error: `disburse: <what is wrong>`; `2` for a malformed
//! command line (unknown option, missing argument), with clap's usage
//! message.

use std::fmt;
use std::io::Write;
use std::process::ExitCode;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

// The crate root is src/bin/disburse.rs, so submodules are named by path.
#[path = "disburse/calc.rs"]
mod calc;
#[path = "disburse/input.rs"]
mod input;
#[path = "disburse/report_cmd.rs"]
mod report_cmd;
#[path = "disburse/returns_cmd.rs"]
mod returns_cmd;
#[path = "disburse/risk_cmd.rs"]
mod risk_cmd;
#[path = "disburse/scenario_cmd.rs"]
mod scenario_cmd;
#[path = "disburse/schema_cmd.rs"]
mod schema_cmd;
#[path = "disburse/solve_cmd.rs"]
mod solve_cmd;

/// A failure shown to the user as one line, `disburse: <message>`, on
/// standard error; with a `report`, that text goes to standard output
/// first (`check --format json`'s error object, for editors and CI).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Failure(String, Option<String>);

impl Failure {
    fn new(message: impl Into<String>) -> Self {
        Failure(message.into(), None)
    }

    /// The failure with `report` for standard output.
    fn with_report(mut self, report: String) -> Self {
        self.1 = Some(report);
        self
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // One line, whatever the message holds, its over-long values cut.
        let mut first = true;
        let message = disburse::text::clip_values(&self.0);
        for part in message.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if !first {
                f.write_str("; ")?;
            }
            f.write_str(part)?;
            first = false;
        }
        Ok(())
    }
}

impl From<disburse::Error> for Failure {
    fn from(e: disburse::Error) -> Self {
        Failure::new(e.to_string())
    }
}

/// Exact, dated cash flows for headline investment commitments.
#[derive(Debug, Parser)]
#[command(name = "disburse", version, about, long_about = None, max_term_width = 100)]
#[command(
    after_help = "Scenarios: `disburse init --template full -o my.toml` writes a commented one to start from, \
                        `disburse check my.toml` validates it, `disburse schema` prints the JSON Schema of the format \
                        (README: \"Scenario files\"); worked examples in examples/scenarios/. Every command that takes \
                        a [SCENARIO] runs the built-in Korea–US 2025 scenario without one.\n\n\
                        Exit status: 0 on success, 1 for a bad input (one line on stderr), 2 for a bad command line."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Net present value of dated flows, as Excel's XNPV.
    #[command(
        after_help = "Examples:\n  disburse xnpv --rate 9% examples/data/excel.csv\n  disburse xnpv --rate 0.09 --format json flows.csv"
    )]
    Xnpv(XnpvArgs),
    /// Every internal rate of return of dated flows, as Excel's XIRR.
    #[command(
        after_help = "Examples:\n  disburse xirr examples/data/excel.csv\n  disburse xirr flows.csv --lower -50% --upper 200%"
    )]
    Xirr(FlowFileArgs),
    /// Net present value of periodic flows.
    #[command(after_help = "Examples:\n  disburse npv --rate 0.1 --first-period 1 amounts.csv   # Excel's NPV")]
    Npv(NpvArgs),
    /// Every internal rate of return of periodic flows.
    #[command(after_help = "Examples:\n  disburse irr amounts.csv --format json")]
    Irr(FlowFileArgs),
    /// The exact year fraction between two dates under a day count.
    #[command(
        after_help = "Examples:\n  disburse yearfrac --day-count act/360 2026-01-01 2027-01-01\n  disburse yearfrac --day-count Actual365Fixed 2026-01-01 2026-07-01\n  disburse yearfrac --day-count 0 2026-02-28 2026-08-31   # Excel basis 0"
    )]
    Yearfrac(YearfracArgs),
    /// Schedule dates, as QuantLib's Schedule.
    #[command(
        after_help = "Examples:\n  disburse dates --from 2026-01-31 --to 2026-06-30 --tenor 1M --calendar weekends --convention ModifiedFollowing --end-of-month"
    )]
    Dates(DatesArgs),
    /// Compare a scenario's plans: present values, savings, peaks, affordability.
    #[command(
        after_help = "Examples:\n  disburse compare\n  disburse compare examples/scenarios/japan_us_2025.toml --chart japan.svg\n  disburse compare examples/scenarios/japan_us_2025.toml --wide\n\nScenario files: `disburse init` writes one to start from, `disburse schema` prints their JSON Schema; examples in examples/scenarios/."
    )]
    Compare(CompareArgs),
    /// The dated flows of a scenario's plans.
    #[command(
        after_help = "Examples:\n  disburse schedule examples/scenarios/japan_us_2025.toml --plan 'capital calls until 2029'\n  disburse schedule examples/scenarios/upfront_vs_10y.toml --format csv\n\nScenario files: `disburse init` writes one to start from, `disburse schema` prints their JSON Schema; examples in examples/scenarios/."
    )]
    Schedule(ScheduleArgs),
    /// The yearly affordability table of a scenario's plans.
    #[command(
        after_help = "Examples:\n  disburse afford examples/scenarios/korea_us_2025.toml\n  disburse afford examples/scenarios/japan_us_2025.toml --format csv\n\nScenario files: `disburse init` writes one to start from, `disburse schema` prints their JSON Schema; examples in examples/scenarios/."
    )]
    Afford(AffordArgs),
    /// Validate a scenario file: prints `ok: N plans` or what is wrong.
    #[command(
        after_help = "Examples:\n  disburse init --template full -o my.toml && disburse check my.toml\n\nScenario files: `disburse init` writes one to start from, `disburse schema` prints their JSON Schema; examples in examples/scenarios/."
    )]
    Check(CheckArgs),
    /// The headline paid upfront or in equal annual installments over each
    /// tenor: present value at each rate (and the verdict, with an
    /// affordability section).
    #[command(
        after_help = "Examples:\n  disburse sensitivity examples/scenarios/japan_us_2025.toml --tenors 1,10,15,19,20,25\n\nScenario files: `disburse init` writes one to start from, `disburse schema` prints their JSON Schema; examples in examples/scenarios/."
    )]
    Sensitivity(SensitivityArgs),
    /// The return-sharing waterfall of a scenario's plans, year by year:
    /// what the project pays, the investor's and the host's shares, the
    /// recovery date, the review clause, the investor's net PV and IRR.
    ///
    /// Example: `disburse returns examples/scenarios/japan_us_2025.toml --format csv`
    Returns(ReturnsArgs),
    /// What fits the payer's capacity: the fewest equal installments
    /// (`--shortest-tenor`), the largest share paid upfront with the rest in
    /// equal annual installments (`--largest-upfront-share`), or the largest
    /// headline a plan can carry (`--largest-headline`); each with the
    /// affordability report that proves it.
    ///
    /// Example: `disburse solve examples/scenarios/japan_us_2025.toml --shortest-tenor`
    Solve(SolveArgs),
    /// Write a commented scenario to start from: `minimal` (a headline and
    /// two plans) or `full` (every section, each field explained).
    ///
    /// Example: `disburse init --template full -o my_pledge.toml`
    Init(InitArgs),
    /// Print the JSON Schema of scenario files (every section and field,
    /// with descriptions and accepted forms), for editors and validators.
    #[command(after_help = "Examples:\n  disburse schema -o scenario.schema.json\n  \
                            then `#:schema ./scenario.schema.json` as the first line of a TOML scenario")]
    Schema(SchemaArgs),
    /// Stochastic affordability: the probability of a breach by year with
    /// its standard error, percentiles of debt, reserves and the funding
    /// cost, and a verdict under risk, over Monte Carlo paths of FX, rates
    /// and flow growth (the scenario's `[risk]` section).
    ///
    /// Example: `disburse risk --paths 20000 --seed 7 --chart fan.svg`
    Risk(RiskArgs),
    /// One self-contained HTML report of a scenario (no network, no
    /// external files): the plans side by side, affordability, the chosen
    /// plan's years, charts, sensitivity, return sharing, risk, every
    /// assumption, the tool version and the scenario's SHA-256.
    ///
    /// Example: `disburse report examples/scenarios/japan_us_2025.toml -o report.html`
    Report(ReportArgs),
    /// An Excel workbook of a scenario: a summary sheet and one sheet per
    /// plan with its dated flows and yearly affordability table.
    ///
    /// Example: `disburse export examples/scenarios/japan_us_2025.toml -o analysis.xlsx`
    Export(ExportArgs),
}

#[derive(Debug, Args)]
struct ReportArgs {
    /// Scenario file, `.toml` or `.json` (default: the built-in Korea–US 2025 scenario).
    scenario: Option<String>,
    /// Write the HTML report to this file (`--format md`: the Markdown).
    #[arg(short, long)]
    output: String,
    /// The plan whose yearly table is shown (default: the first affordable
    /// plan, else the first).
    #[arg(long)]
    plan: Option<String>,
    /// Monte Carlo paths of the risk section (default: the scenario's
    /// `[risk]` paths, at most 10,000).
    #[arg(long)]
    paths: Option<u64>,
    /// What to write: html (the default) or md.
    #[arg(long, value_parser = PossibleValuesParser::new(["html", "md"]), default_value = "html")]
    format: String,
}

#[derive(Debug, Args)]
struct ExportArgs {
    /// Scenario file, `.toml` or `.json` (default: the built-in Korea–US 2025 scenario).
    scenario: Option<String>,
    /// Write the workbook to this `.xlsx` file.
    #[arg(short, long)]
    output: String,
}

/// Output format of every command (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
enum Format {
    /// Text for people.
    #[default]
    Table,
    /// One JSON object.
    Json,
    /// CSV with a header line.
    Csv,
    /// Markdown: pipe tables for briefs and issues.
    #[value(alias = "markdown")]
    Md,
}

/// The formats of the commands that cannot write CSV.
const TABLE_OR_JSON: &[Format] = &[Format::Table, Format::Json];

/// The formats of the commands that cannot write Markdown.
const TABLE_JSON_CSV: &[Format] = &[Format::Table, Format::Json, Format::Csv];

impl Format {
    /// A `--format` parser that accepts only the formats in `allowed`
    /// (those a command can write): any other value is refused by the
    /// command line as an invalid value, listing the allowed ones.
    fn only(allowed: &'static [Format]) -> impl TypedValueParser<Value = Format> {
        PossibleValuesParser::new(allowed.iter().filter_map(ValueEnum::to_possible_value))
            .try_map(|name| Format::from_str(&name, true))
    }

    /// The failure for a format a command cannot write (not reached: the
    /// command line refuses it first, see [`Format::only`]).
    fn unsupported(self, command: &str) -> Failure {
        let name = self
            .to_possible_value()
            .map_or_else(String::new, |v| v.get_name().to_string());
        Failure::new(format!("{command} cannot write {name}"))
    }
}

#[derive(Debug, Args)]
struct XnpvArgs {
    /// Annual discount rate: a fraction (0.09) or a percentage (9%).
    #[arg(long, allow_hyphen_values = true)]
    rate: String,
    /// CSV of `date,amount` lines, or `-` for standard input.
    file: String,
    /// Output format.
    #[arg(long, ignore_case = true, value_parser = Format::only(TABLE_OR_JSON), default_value = "table")]
    format: Format,
}

#[derive(Debug, Args)]
struct NpvArgs {
    /// Discount rate per period: a fraction (0.1) or a percentage (10%).
    #[arg(long, allow_hyphen_values = true)]
    rate: String,
    /// When the first flow falls: 0 (undiscounted, numpy-financial) or 1
    /// (one period out, Excel's NPV).
    #[arg(long, default_value = "0")]
    first_period: String,
    /// CSV of `amount` (or `date,amount`, dates ignored) lines, or `-`.
    file: String,
    /// Output format.
    #[arg(long, ignore_case = true, value_parser = Format::only(TABLE_OR_JSON), default_value = "table")]
    format: Format,
}

#[derive(Debug, Args)]
struct FlowFileArgs {
    /// CSV of flows (`date,amount` for xirr; `amount` or `date,amount` for irr), or `-`.
    file: String,
    /// Lowest rate searched (e.g. -0.5 or -50%); default: none above -100%.
    #[arg(long, allow_hyphen_values = true)]
    lower: Option<String>,
    /// Highest rate searched (e.g. 2 or 200%); default: no bound.
    #[arg(long, allow_hyphen_values = true)]
    upper: Option<String>,
    /// Output format.
    #[arg(long, ignore_case = true, value_parser = Format::only(TABLE_OR_JSON), default_value = "table")]
    format: Format,
}

#[derive(Debug, Args)]
struct YearfracArgs {
    #[arg(long, help = input::name_help::<disburse::time::DayCount>("Day count (Excel basis 0-4 too)"))]
    day_count: String,
    /// Start date, YYYY-MM-DD.
    start: String,
    /// End date, YYYY-MM-DD.
    end: String,
    /// Output format.
    #[arg(long, ignore_case = true, value_parser = Format::only(TABLE_OR_JSON), default_value = "table")]
    format: Format,
}

#[derive(Debug, Args)]
struct DatesArgs {
    /// Effective date, YYYY-MM-DD.
    #[arg(long)]
    from: String,
    /// Termination date, YYYY-MM-DD.
    #[arg(long)]
    to: String,
    /// Tenor: a count and a unit D, W, M or Y (1M, 3M, 1Y…).
    #[arg(long)]
    tenor: String,
    #[arg(long, default_value = "none", help = input::name_help::<disburse::time::Calendar>("Business days: weekends_only (Saturday and Sunday off) or null (none)"))]
    calendar: String,
    /// File of holidays, one YYYY-MM-DD a line (added to the calendar).
    #[arg(long)]
    holidays: Option<String>,
    #[arg(long, default_value = "unadjusted", help = input::name_help::<disburse::time::BusinessDayConvention>("Business-day convention"))]
    convention: String,
    #[arg(long, help = input::name_help::<disburse::time::BusinessDayConvention>("Convention of the termination date (default: --convention)"))]
    termination_convention: Option<String>,
    #[arg(long, default_value = "forward", help = input::name_help::<disburse::time::DateGeneration>("Generation rule"))]
    rule: String,
    /// End-of-month rule.
    #[arg(long)]
    end_of_month: bool,
    /// Explicit first date after the effective date (a front stub).
    #[arg(long)]
    first_date: Option<String>,
    /// Explicit next-to-last date (a back stub).
    #[arg(long)]
    next_to_last: Option<String>,
    /// Output format.
    #[arg(long, ignore_case = true, value_parser = Format::only(TABLE_OR_JSON), default_value = "table")]
    format: Format,
}

#[derive(Debug, Args)]
struct CompareArgs {
    /// Scenario file, `.toml` or `.json` (default: the built-in Korea–US 2025 scenario).
    scenario: Option<String>,
    /// Output format (csv: one line a plan).
    #[arg(long, value_enum, ignore_case = true, default_value_t = Format::Table)]
    format: Format,
    /// The table with every column (every rate, discounts, break-even,
    /// savings, the two-party view, the economic cost) instead of the
    /// narrow one (nominal, PV and share at the central rate, peak,
    /// verdict; at most 100 columns).
    #[arg(long)]
    wide: bool,
    /// Also write the yearly-outlays chart to this file, SVG or PNG by its
    /// extension (and the cumulative chart next to it, as
    /// FILE-cumulative.svg or .png); each file written is named on stderr.
    #[arg(long)]
    chart: Option<String>,
}

#[derive(Debug, Args)]
struct SensitivityArgs {
    /// Scenario file, `.toml` or `.json` (default: the built-in Korea–US 2025 scenario).
    scenario: Option<String>,
    /// Tenors in years, comma-separated (1 = upfront).
    #[arg(long, value_delimiter = ',', default_value = "1,5,8,10,14,20")] // disburse::scenario::DEFAULT_TENORS
    tenors: Vec<u32>,
    /// Output format.
    #[arg(long, value_enum, ignore_case = true, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Debug, Args)]
struct ScheduleArgs {
    /// Scenario file, `.toml` or `.json` (default: the built-in Korea–US 2025 scenario).
    scenario: Option<String>,
    /// Only the plan of this name.
    #[arg(long)]
    plan: Option<String>,
    /// Output format.
    #[arg(long, ignore_case = true, value_parser = Format::only(TABLE_JSON_CSV), default_value = "table")]
    format: Format,
}

#[derive(Debug, Args)]
struct AffordArgs {
    /// Scenario file, `.toml` or `.json`, with an `[affordability]` section
    /// (default: the built-in Korea–US 2025 scenario).
    scenario: Option<String>,
    /// Only the plan of this name.
    #[arg(long)]
    plan: Option<String>,
    /// Output format (csv: one line a plan and year).
    #[arg(long, value_enum, ignore_case = true, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Debug, Args)]
struct ReturnsArgs {
    /// Scenario file, `.toml` or `.json`, with a `[waterfall]` section
    /// (default: the built-in Korea–US 2025 scenario).
    scenario: Option<String>,
    /// Only the plan of this name.
    #[arg(long)]
    plan: Option<String>,
    /// Output format (csv: one line a plan and year).
    #[arg(long, value_enum, ignore_case = true, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("question").required(true).args(["shortest_tenor", "largest_upfront_share", "largest_headline"])))]
struct SolveArgs {
    /// Scenario file, `.toml` or `.json`, with an `[affordability]` section
    /// (default: the built-in Korea–US 2025 scenario).
    scenario: Option<String>,
    /// The fewest equal installments of the headline every `--tenor` from
    /// `--start` that fit.
    #[arg(long)]
    shortest_tenor: bool,
    /// The largest share of the headline paid on `--start`, the rest in
    /// `--years` equal annual installments, that fits.
    #[arg(long)]
    largest_upfront_share: bool,
    /// The largest headline the plan (`--plan`, else the first) can carry,
    /// up to `--upper`.
    #[arg(long)]
    largest_headline: bool,
    /// The plan whose first payment gives the default start, and whose plan
    /// `--largest-headline` scales (default: the first).
    #[arg(long)]
    plan: Option<String>,
    /// The first payment date, YYYY-MM-DD (default: the plan's first payment).
    #[arg(long)]
    start: Option<String>,
    /// Tenor between installments for `--shortest-tenor` (`1Y`, `6M`, `3M`…).
    #[arg(long, default_value = "1Y")]
    tenor: String,
    /// The most installments `--shortest-tenor` tries.
    #[arg(long, default_value_t = 100)]
    max_periods: u32,
    /// Years of installments after the upfront share.
    #[arg(long, default_value_t = 10)]
    years: u32,
    /// The share's step for `--largest-upfront-share` (0.01 = whole percents).
    #[arg(long, default_value = "0.01")]
    step: String,
    /// The largest headline `--largest-headline` tries (default: the
    /// scenario's headline).
    #[arg(long)]
    upper: Option<String>,
    /// Accept only `affordable` years (no borrowing, no year above the
    /// strained share) instead of any year without a breach.
    #[arg(long)]
    affordable: bool,
    /// Output format.
    #[arg(long, ignore_case = true, value_parser = Format::only(TABLE_OR_JSON), default_value = "table")]
    format: Format,
}

#[derive(Debug, Args)]
struct InitArgs {
    /// Which template.
    #[arg(long, value_enum, default_value_t = Template::Minimal)]
    template: Template,
    /// Write it to this file (refused if the file exists) instead of
    /// standard output.
    #[arg(short, long)]
    output: Option<String>,
}

/// The scenario templates of `init`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Template {
    /// A headline, two plans and valuation rates.
    Minimal,
    /// Every section: plans with tranches and instruments, valuation with
    /// the two-party view, affordability, deferral, return sharing.
    Full,
}

/// `disburse init`: the template's text, or a line naming the file written.
fn init(args: &InitArgs) -> Result<String, Failure> {
    let text = match args.template {
        Template::Minimal => include_str!("../../examples/templates/minimal.toml"),
        Template::Full => include_str!("../../examples/templates/full.toml"),
    };
    match &args.output {
        None => Ok(text.to_string()),
        Some(path) => {
            write_new(path, text)?;
            Ok(format!("wrote {path}; check it with `disburse check {path}`\n"))
        }
    }
}

/// Writes `text` to a new file at `path` (refused if it exists).
fn write_new(path: &str, text: &str) -> Result<(), Failure> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Failure::new(format!("cannot write {path}: {e}")))?;
    file.write_all(text.as_bytes())
        .map_err(|e| Failure::new(format!("cannot write {path}: {e}")))
}

#[derive(Debug, Args)]
struct SchemaArgs {
    /// Write it to this file (refused if the file exists) instead of
    /// standard output.
    #[arg(short, long)]
    output: Option<String>,
}

#[derive(Debug, Args)]
struct RiskArgs {
    /// Scenario file, `.toml` or `.json`, with `[affordability]` and `[risk]`
    /// sections (default: the built-in Korea–US 2025 scenario).
    scenario: Option<String>,
    /// Monte Carlo paths (default: the scenario's, else 10,000).
    #[arg(long)]
    paths: Option<u64>,
    /// Seed of the paths' random streams (default: the scenario's, else a
    /// fixed one; printed in the report).
    #[arg(long)]
    seed: Option<u64>,
    /// Only the plan of this name.
    #[arg(long)]
    plan: Option<String>,
    /// Output format.
    #[arg(long, value_enum, ignore_case = true, default_value_t = Format::Table)]
    format: Format,
    /// Also write the fan chart of every plan to this file, SVG or PNG by
    /// its extension.
    #[arg(long)]
    chart: Option<String>,
    /// What the fan chart draws.
    #[arg(long, value_enum, default_value_t = Fan::Debt)]
    fan: Fan,
}

/// What a risk fan chart draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
enum Fan {
    /// Debt outstanding, with the breach probability by year.
    #[default]
    Debt,
    /// The stock (reserves), with its floor.
    Reserves,
    /// The share of the binding limit used, with the capacity line at 100%.
    Share,
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// Scenario file, `.toml` or `.json` (default: the built-in Korea–US 2025 scenario).
    scenario: Option<String>,
    /// Output format (`json`: `{"status": "ok", "name": …, "plans": [names]}`;
    /// for a file that fails, `{"status": "error", "file", "path", "message",
    /// "line", "column"}` on stdout as well, exit status 1).
    #[arg(long, ignore_case = true, value_parser = Format::only(TABLE_OR_JSON), default_value = "table")]
    format: Format,
}

/// A value as JSON on one line, with a newline.
fn json_line(value: &impl serde::Serialize) -> Result<String, Failure> {
    let mut s = serde_json::to_string(value).map_err(|e| Failure::new(format!("cannot write JSON: {e}")))?;
    s.push('\n');
    Ok(s)
}

fn run(cli: &Cli) -> Result<String, Failure> {
    match &cli.command {
        Command::Xnpv(a) => calc::xnpv(a),
        Command::Xirr(a) => calc::xirr(a),
        Command::Npv(a) => calc::npv(a),
        Command::Irr(a) => calc::irr(a),
        Command::Yearfrac(a) => calc::yearfrac(a),
        Command::Dates(a) => calc::dates(a),
        Command::Compare(a) => scenario_cmd::compare(a),
        Command::Schedule(a) => scenario_cmd::schedule(a),
        Command::Afford(a) => scenario_cmd::afford(a),
        Command::Check(a) => scenario_cmd::check(a),
        Command::Sensitivity(a) => scenario_cmd::sensitivity(a),
        Command::Returns(a) => returns_cmd::returns(a),
        Command::Solve(a) => solve_cmd::solve(a),
        Command::Init(a) => init(a),
        Command::Schema(a) => schema_cmd::schema(a),
        Command::Risk(a) => risk_cmd::risk(a),
        Command::Report(a) => report_cmd::report(a),
        Command::Export(a) => report_cmd::export(a),
    }
}

/// Writes `text` to standard output; a closed pipe (`disburse … | head`) is
/// not an error.
fn emit(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::new(format!("cannot write output: {e}"))),
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with status 0; usage errors to
            // stderr with status 2 (clap's convention).
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run(&cli).and_then(|text| emit(&text)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if let Some(report) = &e.1 {
                // The exit status says it failed even if stdout is gone.
                let _ = emit(report);
            }
            eprintln!("disburse: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_are_one_line() {
        let f = Failure::new("bad thing\n  at line 3\n\n");
        assert_eq!(f.to_string(), "bad thing; at line 3");
    }

    #[test]
    fn formats_are_limited_per_command() {
        let cli = Cli::try_parse_from(["disburse", "check", "s.toml", "--format", "csv"]);
        assert!(cli.is_err_and(|e| e.kind() == clap::error::ErrorKind::InvalidValue));
        let cli = Cli::try_parse_from(["disburse", "compare", "--format", "csv"]).unwrap();
        assert!(matches!(
            cli.command,
            Command::Compare(CompareArgs {
                format: Format::Csv,
                ..
            })
        ));
        let cli = Cli::try_parse_from(["disburse", "check", "s.toml"]).unwrap();
        assert!(matches!(
            cli.command,
            Command::Check(CheckArgs {
                format: Format::Table,
                ..
            })
        ));
        assert_eq!(Format::Csv.unsupported("check").to_string(), "check cannot write csv");
    }

    #[test]
    fn command_line_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
