//! Instruments: what kind of money a tranche is — equity (cash), a loan or
//! a guarantee — and the dated schedule of *expected* flows it makes for
//! the payer.
//!
//! A headline pledge is rarely one kind of money: of Japan's $550B, only
//! about 1–2% is equity; the rest is JBIC loans and NEXI guarantees. A
//! loan that is repaid with interest costs its funding spread and its
//! expected credit loss; a guarantee costs nothing unless it is called.
//! Each [`Tranche`](crate::Tranche) carries an [`Instrument`] (default
//! [`Instrument::Equity`], the behaviour of a plain tranche), and
//! [`Commitment::expected_flows`](crate::Commitment::expected_flows)
//! turns the tranches into [`ExpectedFlows`].
//!
//! # The model, stated
//!
//! Time runs in **loan years** from each payment of the tranche's plan: a
//! payment on date `d0` starts one loan (or one guarantee) of that amount,
//! with year ends `d0 + k years` (`k = 1..=T`, each computed from `d0`, so
//! month ends do not drift). All of a tranche's payments share its terms.
//!
//! **Contractual profile.** The outstanding balance `B₀ = A`; the
//! principal due at the end of year `k` is `Pₖ`: the whole amount at the
//! end of the tenor (`bullet`), or — `amortising` — equal instalments in
//! each year after the grace period (split exactly to the minor unit by
//! [`allocate`](crate::allocate)). `Bₖ = Bₖ₋₁ − Pₖ`.
//!
//! **Credit events.** A constant annual probability `p` (a loan's
//! default, a guarantee's call) applies year by year to an instrument that
//! has survived so far: survival `Sₖ = (1 − p)ᵏ`. An event in year `k`
//! happens at the year end, before that year's payment, on the balance
//! outstanding during the year, `Bₖ₋₁`; `R` of it is recovered on the same
//! date. After an event the instrument makes no further flow.
//!
//! Expected flows of a **loan** at rate `r`, in year `k` (signs from the
//! payer's side: outlays positive, receipts negative):
//!
//! | flow | date | amount |
//! |---|---|---|
//! | drawdown | `d0` | `+A` |
//! | interest | end of year `k` | `−Sₖ · r · Bₖ₋₁` |
//! | repayment | end of year `k` | `−Sₖ · Pₖ` |
//! | recovery | end of year `k` | `−Sₖ₋₁ · p · R · Bₖ₋₁` |
//!
//! The expected loss written off in year `k` is `Sₖ₋₁ · p · (1 − R) ·
//! Bₖ₋₁` (interest after a default is lost too: it is simply not received).
//! Interest is a full year's `r · B` per loan year (each loan year counts
//! as one year, the 30/360 annual-coupon convention).
//!
//! Expected flows of a **guarantee** with fee `f` a year and call
//! probability `q`, in year `k`:
//!
//! | flow | date | amount |
//! |---|---|---|
//! | fee (in advance) | start of year `k` | `−Sₖ₋₁ · f · Bₖ₋₁` |
//! | call | end of year `k` | `+Sₖ₋₁ · q · Bₖ₋₁` |
//! | recovery | end of year `k` | `−Sₖ₋₁ · q · R · Bₖ₋₁` |
//!
//! There is no outlay on the plan's dates: the plan says when the
//! guaranteed amounts start. **Equity** (or cash) pays the plan's flows
//! and nothing comes back in this schedule; its returns are the
//! return-sharing waterfall's ([`returns`](crate::returns)).
//!
//! **Exactness.** Survival factors are exact decimals (to the 28
//! significant digits of [`Decimal`]); every flow is rounded to the
//! currency's minor unit half-even, once. The ledger of each tranche
//! ([`TrancheLedger`]) closes exactly: the expected balance at the start
//! of year `k`, `Eₖ = round(Sₖ₋₁ · Bₖ₋₁)`, goes to repayment (or release,
//! for a guarantee), recovery, write-off and `Eₖ₊₁`; the write-off takes
//! the rounding residue (a cent or so), so a loan's drawn amount equals
//! repaid + recovered + written off to the minor unit, and a guarantee's
//! amount equals called + released.
//!
//! **Not modelled:** correlation of defaults with each other or with FX
//! (the expected values here are means; a per-path sampler can replace
//! `Sₖ` by a drawn 0/1 survival using [`Instrument::event_probability`]
//! and [`contractual_profile`]); floating rates (give the expected all-in
//! rate, reference + spread); recovery delays; prepayment.
//!
//! ```
//! use disburse::instrument::{Instrument, Loan, Repayment};
//! use disburse::{Commitment, Currency, Money, Plan, Tranche};
//! use chrono::NaiveDate;
//! use rust_decimal_macros::dec;
//!
//! let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
//! let usd = |x| Money::new(x, Currency::USD);
//! let loan = Loan::new(dec!(0.05), 2, Repayment::Bullet, 0, dec!(0), dec!(0))?;
//! let c = Commitment::new("deal", usd(dec!(100)), vec![
//!     Tranche::new("loan", usd(dec!(100)), Plan::upfront(jan1)).with_instrument(Instrument::Loan(loan)),
//! ])?;
//! let flows = c.expected_flows()?;
//! // +100 drawn; 5 and 5 of interest, 100 repaid: 10 net income.
//! assert_eq!(flows.net()?, usd(dec!(-10)));
//! assert_eq!(flows.ledgers()[0].repaid, usd(dec!(100)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod expected;
mod sample;

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::limits::MAX_INSTRUMENT_TENOR;
use crate::time::{Tenor, TimeUnit};
use crate::{Bound, Error, Money, Quantity, Result, Value};

pub(crate) use expected::of_commitment as expected_flows_of;
pub use expected::{ExpectedFlow, ExpectedFlows, FlowKind, TrancheLedger, contractual_profile};
pub use sample::{EventSampler, SampledFlows};

/// What kind of money a tranche is.
///
/// Serialized with a `kind`: `{ kind = "equity" }` (also `"cash"`),
/// `{ kind = "loan", rate = "0.045", tenor = "10Y", profile = "bullet",
/// default_probability = "0.01", recovery = "0.4" }` or `{ kind =
/// "guarantee", fee = "0.005", tenor = "10Y", call_probability = "0.01",
/// recovery = "0.3" }`. Rates, probabilities and fees are exact decimal
/// fractions a year.
///
/// ```
/// use disburse::instrument::Instrument;
/// let i: Instrument = serde_json::from_str(r#"{"kind": "loan", "rate": "0.045", "tenor": "10Y", "default_probability": "0.01", "recovery": "0.4"}"#)?;
/// assert_eq!(i.to_string(), "loan at 4.5% for 10 years, bullet, default 1% a year, recovery 40%");
/// assert_eq!(serde_json::from_str::<Instrument>(r#"{"kind": "cash"}"#)?, Instrument::Equity);
/// let err = serde_json::from_str::<Instrument>(r#"{"kind": "loan", "rate": "0.045", "tenor": "10Y", "recovery": "1.5"}"#).unwrap_err();
/// assert!(err.to_string().starts_with("recovery rate is out of range: must be 0 to 1, got 1.5"), "{err}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Instrument {
    /// Cash or equity: the plan's flows are outlays; nothing comes back in
    /// the expected flows (returns are the waterfall's).
    #[default]
    #[serde(alias = "cash")]
    Equity,
    /// A loan: the plan's flows are drawdowns, repaid with interest.
    Loan(Loan),
    /// A guarantee: no outlay unless called; a fee to the guarantor.
    Guarantee(Guarantee),
}

/// How the principal (or the guaranteed amount) runs off.
///
/// ```
/// use disburse::instrument::Repayment;
/// assert_eq!(serde_json::from_str::<Repayment>("\"amortizing\"")?, Repayment::Amortising);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Repayment {
    /// All of it at the end of the tenor.
    #[default]
    Bullet,
    /// Equal instalments in each year after the grace period.
    #[serde(alias = "amortizing")]
    Amortising,
}

impl fmt::Display for Repayment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Repayment::Bullet => "bullet",
            Repayment::Amortising => "amortising",
        })
    }
}

/// The run-off of a loan or a guarantee: tenor, profile and grace, in
/// whole years (checked by [`Loan::new`] and [`Guarantee::new`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Term {
    tenor_years: u32,
    profile: Repayment,
    grace_years: u32,
}

impl Term {
    fn new(tenor_years: u32, profile: Repayment, grace_years: u32) -> Result<Term> {
        if !(1..=MAX_INSTRUMENT_TENOR).contains(&tenor_years) {
            return Err(Error::OutOfRange {
                what: Quantity::InstrumentTenor,
                value: Value::Int(i64::from(tenor_years)),
                bound: Bound::Between(1, i64::from(MAX_INSTRUMENT_TENOR)),
            });
        }
        match profile {
            Repayment::Bullet if grace_years > 0 => Err(Error::Invalid {
                what: Quantity::GracePeriod,
                reason: "applies to an amortising profile only",
            }),
            Repayment::Amortising if grace_years >= tenor_years => Err(Error::OutOfRange {
                what: Quantity::GracePeriod,
                value: Value::Int(i64::from(grace_years)),
                bound: Bound::Between(0, i64::from(tenor_years) - 1),
            }),
            _ => Ok(Term {
                tenor_years,
                profile,
                grace_years,
            }),
        }
    }

    fn describe(&self) -> String {
        let years = if self.tenor_years == 1 { "year" } else { "years" };
        let mut s = format!("for {} {years}, {}", self.tenor_years, self.profile);
        if self.grace_years > 0 {
            s.push_str(&format!(" after {} years' grace", self.grace_years));
        }
        s
    }
}

/// A fraction in `[0, 1]`, checked as `what`.
fn fraction(what: Quantity, x: Decimal) -> Result<Decimal> {
    if x < Decimal::ZERO || x > Decimal::ONE {
        return Err(Error::OutOfRange {
            what,
            value: Value::Decimal(x),
            bound: Bound::Between(0, 1),
        });
    }
    Ok(x.normalize())
}

/// A loan: drawn on the plan's dates, repaid by its profile with interest
/// at a fixed annual rate; a constant annual default probability and a
/// recovery rate give its expected loss (see the [module docs](self)).
///
/// ```
/// use disburse::instrument::{Loan, Repayment};
/// use rust_decimal_macros::dec;
/// let l = Loan::new(dec!(0.045), 10, Repayment::Amortising, 2, dec!(0.01), dec!(0.4))?;
/// assert_eq!((l.tenor_years(), l.grace_years()), (10, 2));
/// assert!(Loan::new(dec!(0.045), 0, Repayment::Bullet, 0, dec!(0), dec!(0)).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(try_from = "LoanData", into = "LoanData")]
pub struct Loan {
    rate: Decimal,
    term: Term,
    default_probability: Decimal,
    recovery: Decimal,
}

/// A guarantee: the plan's flows are the amounts guaranteed from their
/// dates, running off by the profile; a fee a year on the amount
/// outstanding, and a constant annual call probability with a recovery
/// rate (see the [module docs](self)).
///
/// ```
/// use disburse::instrument::{Guarantee, Repayment};
/// use rust_decimal_macros::dec;
/// let g = Guarantee::new(dec!(0.005), 5, Repayment::Bullet, 0, dec!(0.02), dec!(0.3))?;
/// assert_eq!(g.to_string(), "guarantee for 5 years, bullet, fee 0.5% a year, call 2% a year, recovery 30%");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(try_from = "GuaranteeData", into = "GuaranteeData")]
pub struct Guarantee {
    fee: Decimal,
    term: Term,
    call_probability: Decimal,
    recovery: Decimal,
}

#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct LoanData {
    #[serde(deserialize_with = "crate::input_serde::fraction")]
    #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::fraction"))]
    rate: Decimal,
    tenor: Tenor,
    #[serde(default)]
    profile: Repayment,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    grace: Option<Tenor>,
    #[serde(default)]
    #[serde(deserialize_with = "crate::input_serde::fraction")]
    #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::fraction"))]
    default_probability: Decimal,
    #[serde(default)]
    #[serde(deserialize_with = "crate::input_serde::fraction")]
    #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::fraction"))]
    recovery: Decimal,
}

#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct GuaranteeData {
    #[serde(default)]
    #[serde(deserialize_with = "crate::input_serde::fraction")]
    #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::fraction"))]
    fee: Decimal,
    tenor: Tenor,
    #[serde(default)]
    profile: Repayment,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    grace: Option<Tenor>,
    #[serde(default, alias = "default_probability")]
    #[serde(deserialize_with = "crate::input_serde::fraction")]
    #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::fraction"))]
    call_probability: Decimal,
    #[serde(default)]
    #[serde(deserialize_with = "crate::input_serde::fraction")]
    #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::fraction"))]
    recovery: Decimal,
}

/// Whole years of a tenor (`10Y`, or months in twelves), checked as `what`.
fn whole_years(what: Quantity, t: Tenor) -> Result<u32> {
    match t.unit() {
        TimeUnit::Years => Ok(t.length()),
        TimeUnit::Months if t.length() % 12 == 0 => Ok(t.length() / 12),
        _ => Err(Error::Invalid {
            what,
            reason: "must be whole years, such as `10Y`",
        }),
    }
}

impl TryFrom<LoanData> for Loan {
    type Error = Error;
    fn try_from(d: LoanData) -> Result<Loan> {
        let grace = d.grace.map_or(Ok(0), |g| whole_years(Quantity::GracePeriod, g))?;
        let tenor = whole_years(Quantity::InstrumentTenor, d.tenor)?;
        Loan::new(d.rate, tenor, d.profile, grace, d.default_probability, d.recovery)
    }
}

impl From<Loan> for LoanData {
    fn from(l: Loan) -> LoanData {
        LoanData {
            rate: l.rate,
            tenor: Tenor::years(l.term.tenor_years),
            profile: l.term.profile,
            grace: (l.term.grace_years > 0).then(|| Tenor::years(l.term.grace_years)),
            default_probability: l.default_probability,
            recovery: l.recovery,
        }
    }
}

impl TryFrom<GuaranteeData> for Guarantee {
    type Error = Error;
    fn try_from(d: GuaranteeData) -> Result<Guarantee> {
        let grace = d.grace.map_or(Ok(0), |g| whole_years(Quantity::GracePeriod, g))?;
        let tenor = whole_years(Quantity::InstrumentTenor, d.tenor)?;
        Guarantee::new(d.fee, tenor, d.profile, grace, d.call_probability, d.recovery)
    }
}

impl From<Guarantee> for GuaranteeData {
    fn from(g: Guarantee) -> GuaranteeData {
        GuaranteeData {
            fee: g.fee,
            tenor: Tenor::years(g.term.tenor_years),
            profile: g.term.profile,
            grace: (g.term.grace_years > 0).then(|| Tenor::years(g.term.grace_years)),
            call_probability: g.call_probability,
            recovery: g.recovery,
        }
    }
}

impl Loan {
    /// A loan at `rate` a year for `tenor_years`, repaid by `profile`
    /// after `grace_years` (amortising only), defaulting with
    /// `default_probability` a year and recovering `recovery` of the
    /// balance at default.
    ///
    /// # Errors
    /// [`Error::OutOfRange`] for a rate, probability or recovery outside
    /// `[0, 1]`, a tenor outside 1 to
    /// [`MAX_INSTRUMENT_TENOR`] years,
    /// or a grace period not shorter than the tenor; [`Error::Invalid`] for
    /// a grace period with a bullet profile.
    ///
    /// ```
    /// use disburse::instrument::{Loan, Repayment};
    /// use rust_decimal_macros::dec;
    /// let err = Loan::new(dec!(0.04), 5, Repayment::Amortising, 5, dec!(0), dec!(0)).unwrap_err();
    /// assert_eq!(err.to_string(), "grace period is out of range: must be 0 to 4, got 5");
    /// ```
    pub fn new(
        rate: Decimal,
        tenor_years: u32,
        profile: Repayment,
        grace_years: u32,
        default_probability: Decimal,
        recovery: Decimal,
    ) -> Result<Loan> {
        Ok(Loan {
            rate: fraction(Quantity::LoanRate, rate)?,
            term: Term::new(tenor_years, profile, grace_years)?,
            default_probability: fraction(Quantity::DefaultProbability, default_probability)?,
            recovery: fraction(Quantity::Recovery, recovery)?,
        })
    }

    /// The annual interest rate.
    ///
    /// ```
    /// use disburse::instrument::{Loan, Repayment};
    /// use rust_decimal_macros::dec;
    /// assert_eq!(Loan::new(dec!(0.045), 1, Repayment::Bullet, 0, dec!(0), dec!(0))?.rate(), dec!(0.045));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rate(&self) -> Decimal {
        self.rate
    }

    /// The tenor in years.
    ///
    /// ```
    /// use disburse::instrument::{Loan, Repayment};
    /// use rust_decimal_macros::dec;
    /// assert_eq!(Loan::new(dec!(0.045), 7, Repayment::Bullet, 0, dec!(0), dec!(0))?.tenor_years(), 7);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn tenor_years(&self) -> u32 {
        self.term.tenor_years
    }

    /// The repayment profile.
    ///
    /// ```
    /// use disburse::instrument::{Loan, Repayment};
    /// use rust_decimal_macros::dec;
    /// assert_eq!(Loan::new(dec!(0.045), 7, Repayment::Bullet, 0, dec!(0), dec!(0))?.profile(), Repayment::Bullet);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn profile(&self) -> Repayment {
        self.term.profile
    }

    /// The grace period in years (amortising loans; zero otherwise).
    ///
    /// ```
    /// use disburse::instrument::{Loan, Repayment};
    /// use rust_decimal_macros::dec;
    /// assert_eq!(Loan::new(dec!(0.045), 7, Repayment::Bullet, 0, dec!(0), dec!(0))?.grace_years(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn grace_years(&self) -> u32 {
        self.term.grace_years
    }

    /// The annual default probability.
    ///
    /// ```
    /// use disburse::instrument::{Loan, Repayment};
    /// use rust_decimal_macros::dec;
    /// assert_eq!(Loan::new(dec!(0.045), 7, Repayment::Bullet, 0, dec!(0.02), dec!(0))?.default_probability(), dec!(0.02));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn default_probability(&self) -> Decimal {
        self.default_probability
    }

    /// The share of the balance recovered at default.
    ///
    /// ```
    /// use disburse::instrument::{Loan, Repayment};
    /// use rust_decimal_macros::dec;
    /// assert_eq!(Loan::new(dec!(0.045), 7, Repayment::Bullet, 0, dec!(0.02), dec!(0.4))?.recovery(), dec!(0.4));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn recovery(&self) -> Decimal {
        self.recovery
    }
}

impl Guarantee {
    /// A guarantee with a fee of `fee` a year on the amount outstanding,
    /// for `tenor_years`, running off by `profile` after `grace_years`
    /// (amortising only), called with `call_probability` a year and
    /// recovering `recovery` of a call.
    ///
    /// # Errors
    /// As [`Loan::new`] (the fee in `[0, 1]` like a rate).
    ///
    /// ```
    /// use disburse::instrument::{Guarantee, Repayment};
    /// use rust_decimal_macros::dec;
    /// assert!(Guarantee::new(dec!(0.005), 5, Repayment::Bullet, 0, dec!(-0.1), dec!(0)).is_err());
    /// ```
    pub fn new(
        fee: Decimal,
        tenor_years: u32,
        profile: Repayment,
        grace_years: u32,
        call_probability: Decimal,
        recovery: Decimal,
    ) -> Result<Guarantee> {
        Ok(Guarantee {
            fee: fraction(Quantity::GuaranteeFee, fee)?,
            term: Term::new(tenor_years, profile, grace_years)?,
            call_probability: fraction(Quantity::DefaultProbability, call_probability)?,
            recovery: fraction(Quantity::Recovery, recovery)?,
        })
    }

    /// The annual fee, a fraction of the amount outstanding.
    ///
    /// ```
    /// use disburse::instrument::{Guarantee, Repayment};
    /// use rust_decimal_macros::dec;
    /// assert_eq!(Guarantee::new(dec!(0.005), 5, Repayment::Bullet, 0, dec!(0), dec!(0))?.fee(), dec!(0.005));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn fee(&self) -> Decimal {
        self.fee
    }

    /// The tenor in years.
    ///
    /// ```
    /// use disburse::instrument::{Guarantee, Repayment};
    /// use rust_decimal_macros::dec;
    /// assert_eq!(Guarantee::new(dec!(0.005), 5, Repayment::Bullet, 0, dec!(0), dec!(0))?.tenor_years(), 5);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn tenor_years(&self) -> u32 {
        self.term.tenor_years
    }

    /// The annual call probability.
    ///
    /// ```
    /// use disburse::instrument::{Guarantee, Repayment};
    /// use rust_decimal_macros::dec;
    /// assert_eq!(Guarantee::new(dec!(0.005), 5, Repayment::Bullet, 0, dec!(0.03), dec!(0))?.call_probability(), dec!(0.03));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn call_probability(&self) -> Decimal {
        self.call_probability
    }

    /// The share of a call recovered.
    ///
    /// ```
    /// use disburse::instrument::{Guarantee, Repayment};
    /// use rust_decimal_macros::dec;
    /// assert_eq!(Guarantee::new(dec!(0.005), 5, Repayment::Bullet, 0, dec!(0.03), dec!(0.25))?.recovery(), dec!(0.25));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn recovery(&self) -> Decimal {
        self.recovery
    }
}

impl Instrument {
    /// The instrument's name: `equity`, `loan` or `guarantee`.
    ///
    /// ```
    /// assert_eq!(disburse::instrument::Instrument::Equity.kind(), "equity");
    /// ```
    pub fn kind(&self) -> &'static str {
        match self {
            Instrument::Equity => "equity",
            Instrument::Loan(_) => "loan",
            Instrument::Guarantee(_) => "guarantee",
        }
    }

    /// Whether the instrument is equity (cash), the default.
    ///
    /// ```
    /// assert!(disburse::instrument::Instrument::default().is_equity());
    /// ```
    pub fn is_equity(&self) -> bool {
        matches!(self, Instrument::Equity)
    }

    /// The probability, each loan year, of the instrument's credit event
    /// (a loan's default, a guarantee's call) given that none has happened
    /// yet; zero for equity. The expected flows weight year `k` by the
    /// survival `(1 − p)ᵏ`; a per-path sampler draws one Bernoulli(`p`) per
    /// instrument and year instead and stops the instrument at its first
    /// event (see [`contractual_profile`] for the balances it applies to).
    ///
    /// ```
    /// use disburse::instrument::{Instrument, Loan, Repayment};
    /// use rust_decimal_macros::dec;
    /// let l = Loan::new(dec!(0.045), 7, Repayment::Bullet, 0, dec!(0.02), dec!(0.4))?;
    /// assert_eq!(Instrument::Loan(l).event_probability(), dec!(0.02));
    /// assert_eq!(Instrument::Equity.event_probability(), dec!(0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn event_probability(&self) -> Decimal {
        match self {
            Instrument::Equity => Decimal::ZERO,
            Instrument::Loan(l) => l.default_probability,
            Instrument::Guarantee(g) => g.call_probability,
        }
    }

    /// The most expected flows one payment of the tranche makes: one for
    /// equity; a drawdown and up to three flows a year for a loan; up to
    /// three a year for a guarantee.
    pub(crate) fn flows_per_payment(&self) -> u64 {
        match self {
            Instrument::Equity => 1,
            Instrument::Loan(l) => 1 + 3 * u64::from(l.term.tenor_years),
            Instrument::Guarantee(g) => 3 * u64::from(g.term.tenor_years),
        }
    }
}

/// A percentage of an exact fraction: `0.045` → `4.5%`.
fn pct(x: Decimal) -> String {
    let p = (x * Decimal::ONE_HUNDRED).normalize();
    format!("{p}%")
}

impl fmt::Display for Loan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "loan at {} {}, default {} a year, recovery {}",
            pct(self.rate),
            self.term.describe(),
            pct(self.default_probability),
            pct(self.recovery)
        )
    }
}

impl fmt::Display for Guarantee {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "guarantee {}, fee {} a year, call {} a year, recovery {}",
            self.term.describe(),
            pct(self.fee),
            pct(self.call_probability),
            pct(self.recovery)
        )
    }
}

impl fmt::Display for Instrument {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Instrument::Equity => f.write_str("equity"),
            Instrument::Loan(l) => l.fmt(f),
            Instrument::Guarantee(g) => g.fmt(f),
        }
    }
}

/// The contractual terms a profile needs: amount, and the run-off.
pub(crate) fn term_of(i: &Instrument) -> Option<(u32, Repayment, u32)> {
    match i {
        Instrument::Equity => None,
        Instrument::Loan(l) => Some((l.term.tenor_years, l.term.profile, l.term.grace_years)),
        Instrument::Guarantee(g) => Some((g.term.tenor_years, g.term.profile, g.term.grace_years)),
    }
}

/// Money helper: `m × x` rounded half-even to the minor unit.
pub(crate) fn times(m: Money, x: Decimal) -> Result<Money> {
    Ok(m.checked_mul(x)?.round_to_minor(crate::Rounding::HalfEven))
}
