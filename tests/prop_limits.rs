//! The limits (`disburse::limits`) and the fast paths that keep work
//! bounded: payment counts from the dates equal the generated payments,
//! business days advanced arithmetically equal the step-by-step walk, and
//! holiday lookups agree with the list whatever its span.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use disburse::time::{BusinessDayConvention, Tenor, TimeUnit, WeekendsOnly};
use disburse::{AnnualCap, Currency, Installments, Money, Plan, Timing};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn date() -> impl Strategy<Value = NaiveDate> {
    (-30_000i64..30_000).prop_map(|k| NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::TimeDelta::days(k))
}

fn tenor() -> impl Strategy<Value = Tenor> {
    (
        1u32..40,
        prop_oneof![
            Just(TimeUnit::Days),
            Just(TimeUnit::Weeks),
            Just(TimeUnit::Months),
            Just(TimeUnit::Years)
        ],
    )
        .prop_map(|(n, unit)| Tenor::new(n, unit))
}

fn big() -> Money {
    Money::new(Decimal::from(1_000_000_000_000i64), Currency::USD)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Installments until an end date: the count from the dates is the
    /// number of payments generated (unadjusted, no end-of-month rule), and
    /// an upper bound with them.
    #[test]
    fn payment_count_is_the_generated_count(
        start in date(), span in 0i64..4_000, tenor in tenor(), arrears: bool, eom: bool,
    ) {
        let end = start + chrono::TimeDelta::days(span);
        let timing = if arrears { Timing::InArrears } else { Timing::InAdvance };
        let plain = Plan::Installments(Installments::until(start, end, tenor).timing(timing));
        let adjusted = Plan::Installments(
            Installments::until(start, end, tenor)
                .timing(timing)
                .end_of_month(eom)
                .adjusted(WeekendsOnly, BusinessDayConvention::ModifiedFollowing),
        );
        for (plan, exact) in [(plain, true), (adjusted, false)] {
            let count = plan.payment_count(big()).unwrap();
            match plan.schedule(big(), "t") {
                Ok(s) => {
                    let n = u64::try_from(s.len()).unwrap();
                    if exact {
                        prop_assert_eq!(n, count, "{}", plan);
                    } else {
                        prop_assert!(n <= count, "{}: {} > {}", plan, n, count);
                    }
                }
                // A span shorter than a tenor has no payment (or a
                // degenerate schedule): the count says at most one.
                Err(_) => prop_assert!(count <= 1, "{}: {}", plan, count),
            }
        }
    }

    /// An annual cap's count bounds its payments.
    #[test]
    fn annual_cap_count_is_an_upper_bound(start in date(), tenor in tenor(), years in 1i64..40) {
        let cap = Decimal::from(1_000_000i64);
        let amount = Money::new(cap * Decimal::from(years) - Decimal::ONE, Currency::USD);
        let plan = Plan::AnnualCap(AnnualCap::new(start, cap).tenor(tenor));
        let count = plan.payment_count(amount).unwrap();
        if let Ok(s) = plan.schedule(amount, "t") {
            prop_assert!(u64::try_from(s.len()).unwrap() <= count, "{} > {}", s.len(), count);
        }
    }
}
