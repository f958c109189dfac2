//! [`Quantity`]: the input or field an error is about.

use std::fmt;

use chrono::NaiveDate;

use crate::period::Period;

/// The input or field an [`Error`](crate::Error) is about. Its `Display` is the name used
/// in messages (`"annual cap"`, ``"tranche `cash`"``…).
///
/// ```
/// use disburse::Quantity;
/// assert_eq!(Quantity::AnnualCap.to_string(), "annual cap");
/// assert_eq!(Quantity::Tranche("cash".into()).to_string(), "tranche `cash`");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Quantity {
    // ----- money
    /// An amount converted to minor units.
    Amount,
    /// The total of an allocation.
    AllocationTotal,
    /// A divisor.
    Divisor,
    /// The number of parts of an even split.
    Parts,
    // ----- commitments and plans
    /// A commitment's headline.
    Headline,
    /// The amount of the named tranche.
    Tranche(String),
    /// The annual cap of a capped plan or of capital calls.
    AnnualCap,
    /// An explicit plan's flow on a date.
    ExplicitFlow(NaiveDate),
    /// An explicit plan's flows.
    ExplicitFlows,
    /// An explicit plan (the sum of its flows).
    ExplicitPlan,
    /// The capital call noticed on a date.
    CapitalCall(NaiveDate),
    /// A plan's capital calls.
    CapitalCalls,
    /// The number of installments.
    InstallmentCount,
    /// The number of payments of a regular plan.
    PaymentCount,
    /// The number of payments of a ramp.
    RampPaymentCount,
    /// A geometric ramp's ratio.
    RampRatio,
    /// Installments (a count or an end date).
    Installments,
    /// The notice period of capital calls, in days.
    NoticeDays,
    // ----- time
    /// A fiscal year's first month.
    FiscalYearStartMonth,
    /// A weekend.
    Weekend,
    /// A date schedule.
    Schedule,
    /// A date schedule's regularity flags.
    RegularityFlags,
    /// The dates of a forward rate.
    ForwardRate,
    // ----- rates
    /// A rate with no more specific name.
    Rate,
    /// An interest rate.
    InterestRate,
    /// A compounding frequency.
    CompoundingFrequency,
    /// A compound factor.
    CompoundFactor,
    /// A year fraction.
    YearFraction,
    // ----- valuation
    /// Dated or periodic flows.
    Flows,
    /// The amount of flow number `i` (from 0).
    FlowAmount(usize),
    /// A net present value.
    Npv,
    /// A dated net present value.
    Xnpv,
    /// A present value.
    PresentValue,
    /// An annuity's level payment.
    LevelPayment,
    /// The number of periods of an annuity.
    AnnuityPeriods,
    /// A root solver's tolerance.
    SolverTolerance,
    /// A root solver's iteration limit.
    SolverIterations,
    /// A search's lower bound.
    LowerBound,
    /// A search's upper bound.
    UpperBound,
    /// A root of a rate equation.
    Root,
    /// A list of roots.
    Roots,
    /// Time units per year.
    UnitsPerYear,
    // ----- affordability
    /// A capacity's constraints.
    CapacityConstraints,
    /// A constraint's name.
    Name,
    /// A fixed cap.
    Cap,
    /// The base amount of a share-of-flow constraint.
    Flow,
    /// The growth of a share-of-flow constraint.
    Growth,
    /// The share of a share-of-flow constraint.
    Share,
    /// A stock's yield.
    Yield,
    /// A stock's starting level.
    StockLevel,
    /// A stock's inflows.
    Inflows,
    /// A stock's floor.
    Floor,
    /// The number of stocks of a capacity.
    Stocks,
    /// A stock's yield as used for income.
    StockYield,
    /// A flow's growth as compounded.
    FlowGrowth,
    /// A flow's share as applied.
    FlowShare,
    /// Years of flow growth from the base year.
    FlowGrowthYears,
    /// A borrowing coupon.
    Coupon,
    /// A discount rate.
    DiscountRate,
    /// A yearly budget.
    Budget,
    /// A yearly borrowing limit.
    BorrowingLimit,
    /// The tenor of a borrowing source or a swap line, in years.
    DebtTenor,
    /// A swap line's limit.
    SwapLimit,
    /// A swap line's rate.
    SwapRate,
    /// How often a swap-line drawing may be rolled over.
    Rollovers,
    /// Years of debt service after the last outlay.
    ServiceYears,
    /// A stock's adequacy floor as a share of its starting level.
    AdequacyShare,
    /// A stock's adequacy floor in months of imports.
    AdequacyMonths,
    /// The imports of an adequacy floor.
    Imports,
    /// The growth of imports of an adequacy floor.
    ImportGrowth,
    /// The share paid in a year a deferral rule applies.
    PayShare,
    /// The most years a deferral rule carries an amount.
    MaxDelay,
    /// The trigger of a deferral rule.
    DeferralTrigger,
    /// Years from the start of the named stock to the first outlay.
    YearsAfterStockStart(String),
    /// An FX rate.
    FxRate,
    /// An FX rate's annual change.
    FxAnnualChange,
    /// An FX rate series.
    FxRateSeries,
    /// Years of FX drift from the first year.
    FxDriftYears,
    /// The share of capacity above which a year is strained.
    StrainedShare,
    /// The outlay of a year.
    YearlyOutlay(Period),
    /// The instruments' receipts of a year.
    YearlyReceipts(Period),
    /// The period basis of a yearly computation.
    PeriodBasis,
    /// An outlay schedule (or any schedule that must not be empty).
    Outlays,
    /// The outlay on a date.
    Outlay(NaiveDate),
    /// A solver's share step.
    ShareStep,
    /// The years of installments after an upfront share.
    InstallmentYears,
    /// The most periods a solver tries.
    MaxPeriods,
    /// A solver's precision.
    Precision,
    /// The years of a project's yield.
    ProjectYears,
    /// A project's yield.
    ProjectYield,
    /// The date of a project's flow.
    ProjectFlowDate,
    /// A project's flow on a date.
    ProjectFlow(NaiveDate),
    /// The deemed interest rate of a return-sharing agreement.
    DeemedRate,
    /// Deemed interest growth.
    DeemedInterestGrowth,
    /// The years between reviews of a return-sharing agreement.
    ReviewYears,
    /// A project's terminal value (an amount).
    TerminalValue,
    /// A project's terminal value as a share of the capital invested.
    TerminalValueShare,
    /// The date of a project's terminal value.
    TerminalValueDate,
    // ----- comparison
    /// A comparison's valuation rates.
    ValuationRates,
    /// A comparison's valuation rate.
    ValuationRate,
    /// The payer's discount rate (its cost of funds) in a two-party view.
    PayerRate,
    /// The recipient's discount rate in a two-party view.
    RecipientRate,
    /// The plans of a comparison.
    Plans,
    /// A plan's name.
    PlanName,
    /// A plan's schedule.
    PlanSchedule,
    /// The tenors of a sensitivity grid.
    Tenors,
    /// A tenor of a sensitivity grid, in years.
    TenorYears,
    /// Years from the first capital call's due date to the last one's.
    CapitalCallYears,
    /// A comparison as drawn.
    Comparison,
    // ----- instruments
    /// A loan's interest rate.
    LoanRate,
    /// An instrument's annual default (or call) probability.
    DefaultProbability,
    /// An instrument's recovery rate.
    Recovery,
    /// A guarantee's annual fee.
    GuaranteeFee,
    /// An instrument's tenor, in whole years.
    InstrumentTenor,
    /// An instrument's grace period, in whole years.
    GracePeriod,
    /// The number of expected flows of a commitment's instruments.
    InstrumentFlows,
    /// The expected flows given beside the plans of a comparison.
    ExpectedFlows,
    // ----- inputs
    /// The size of an input file, in bytes.
    InputBytes,
    // ----- risk
    /// A field of a risk model, by its path in the `[risk]` section
    /// (`"fx.vol"`, `"correlation"`, `"paths"`…).
    Risk(&'static str),
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            Quantity::Tranche(name) => return write!(f, "tranche `{name}`"),
            Quantity::Risk(field) => return write!(f, "risk.{field}"),
            Quantity::ExplicitFlow(date) => return write!(f, "explicit flow on {date}"),
            Quantity::CapitalCall(date) => return write!(f, "call noticed on {date}"),
            Quantity::FlowAmount(i) => return write!(f, "flow #{i} amount"),
            Quantity::YearsAfterStockStart(name) => return write!(f, "years after the stock `{name}` starts"),
            Quantity::YearlyOutlay(period) => return write!(f, "yearly outlay in {period}"),
            Quantity::YearlyReceipts(period) => return write!(f, "yearly receipts in {period}"),
            Quantity::Outlay(date) => return write!(f, "outlay on {date}"),
            Quantity::ProjectFlow(date) => return write!(f, "project flow on {date}"),
            Quantity::Amount => "amount",
            Quantity::AllocationTotal => "allocation total",
            Quantity::Divisor => "divisor",
            Quantity::Parts => "parts",
            Quantity::Headline => "headline",
            Quantity::AnnualCap => "annual cap",
            Quantity::ExplicitFlows => "explicit flows",
            Quantity::ExplicitPlan => "explicit plan",
            Quantity::CapitalCalls => "capital calls",
            Quantity::InstallmentCount => "installment count",
            Quantity::PaymentCount => "payment count",
            Quantity::RampPaymentCount => "ramp payment count",
            Quantity::RampRatio => "ramp ratio",
            Quantity::Installments => "installments",
            Quantity::NoticeDays => "notice days",
            Quantity::FiscalYearStartMonth => "fiscal year start month",
            Quantity::Weekend => "weekend",
            Quantity::Schedule => "schedule",
            Quantity::RegularityFlags => "schedule regularity flags",
            Quantity::ForwardRate => "forward rate",
            Quantity::Rate => "rate",
            Quantity::InterestRate => "interest rate",
            Quantity::CompoundingFrequency => "compounding frequency",
            Quantity::CompoundFactor => "compound factor",
            Quantity::YearFraction => "year fraction",
            Quantity::Flows => "flows",
            Quantity::Npv => "npv",
            Quantity::Xnpv => "xnpv",
            Quantity::PresentValue => "present value",
            Quantity::LevelPayment => "level payment",
            Quantity::AnnuityPeriods => "annuity periods",
            Quantity::SolverTolerance => "solver tolerance",
            Quantity::SolverIterations => "solver iterations",
            Quantity::LowerBound => "lower bound",
            Quantity::UpperBound => "upper bound",
            Quantity::Root => "root",
            Quantity::Roots => "roots",
            Quantity::UnitsPerYear => "units per year",
            Quantity::CapacityConstraints => "capacity constraints",
            Quantity::Name => "name",
            Quantity::Cap => "cap",
            Quantity::Flow => "flow",
            Quantity::Growth => "growth",
            Quantity::Share => "share",
            Quantity::Yield => "yield",
            Quantity::StockLevel => "stock level",
            Quantity::Inflows => "inflows",
            Quantity::Floor => "floor",
            Quantity::Stocks => "number of stocks",
            Quantity::StockYield => "stock yield",
            Quantity::FlowGrowth => "flow growth",
            Quantity::FlowShare => "flow share",
            Quantity::FlowGrowthYears => "flow growth years from the base year",
            Quantity::Coupon => "coupon",
            Quantity::DiscountRate => "discount rate",
            Quantity::Budget => "budget",
            Quantity::BorrowingLimit => "borrowing limit",
            Quantity::DebtTenor => "debt tenor",
            Quantity::SwapLimit => "swap line limit",
            Quantity::SwapRate => "swap line rate",
            Quantity::Rollovers => "rollovers",
            Quantity::ServiceYears => "service years",
            Quantity::AdequacyShare => "adequacy floor share",
            Quantity::AdequacyMonths => "adequacy floor months",
            Quantity::Imports => "imports",
            Quantity::ImportGrowth => "import growth",
            Quantity::PayShare => "deferral pay share",
            Quantity::MaxDelay => "deferral maximum delay",
            Quantity::DeferralTrigger => "deferral trigger",
            Quantity::FxRate => "fx rate",
            Quantity::FxAnnualChange => "fx annual change",
            Quantity::FxRateSeries => "fx rate series",
            Quantity::FxDriftYears => "fx drift years from the first year",
            Quantity::StrainedShare => "strained share",
            Quantity::PeriodBasis => "period basis",
            Quantity::Outlays => "outlays",
            Quantity::ShareStep => "share step",
            Quantity::InstallmentYears => "installment years",
            Quantity::MaxPeriods => "max periods",
            Quantity::Precision => "precision",
            Quantity::ProjectYears => "project years",
            Quantity::ProjectYield => "project yield",
            Quantity::ProjectFlowDate => "project flow date",
            Quantity::DeemedRate => "deemed rate",
            Quantity::DeemedInterestGrowth => "deemed interest growth",
            Quantity::ReviewYears => "review years",
            Quantity::TerminalValue => "terminal value",
            Quantity::TerminalValueShare => "terminal value share of capital",
            Quantity::TerminalValueDate => "terminal value date",
            Quantity::ValuationRates => "valuation rates",
            Quantity::ValuationRate => "valuation rate",
            Quantity::PayerRate => "payer rate",
            Quantity::RecipientRate => "recipient rate",
            Quantity::Plans => "plans",
            Quantity::PlanName => "plan name",
            Quantity::PlanSchedule => "plan schedule",
            Quantity::Tenors => "tenors",
            Quantity::TenorYears => "tenor years",
            Quantity::Comparison => "comparison",
            Quantity::InputBytes => "input size in bytes",
            Quantity::LoanRate => "loan rate",
            Quantity::DefaultProbability => "default probability",
            Quantity::Recovery => "recovery rate",
            Quantity::GuaranteeFee => "guarantee fee",
            Quantity::InstrumentTenor => "instrument tenor",
            Quantity::GracePeriod => "grace period",
            Quantity::InstrumentFlows => "expected flows of the instruments",
            Quantity::ExpectedFlows => "expected flows",
            Quantity::CapitalCallYears => "years from the first capital call to the last",
        };
        f.write_str(s)
    }
}
