//! The typed outcome of a root search.

use std::fmt;

use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

use crate::{Error, Quantity, Result};

/// The roots of a net present value in a range of rates: none, one,
/// several in ascending order, or — where a root search cannot prove its
/// count — the roots it proved and the intervals it could not resolve.
/// Never holds a number that is not a root, nor NaN; never says "none" or
/// gives a count that was not proven.
///
/// Serialized as `{"status": "none" | "unique" | "multiple", "roots": [...]}`,
/// and as `{"status": "incomplete", "roots": [...], "unresolved":
/// [{"lower": …, "upper": …}, …]}` for an incomplete search. Displayed as
/// `no root` or the roots separated by `, `, with 10 decimals unless a
/// precision is given (`{:.4}`), followed for an incomplete search by the
/// unresolved intervals.
///
/// ```
/// use disburse::valuation::{RateInterval, Roots};
///
/// let r = Roots::Multiple(vec![0.1, 0.2]);
/// assert_eq!((r.len(), r.unique(), r.roots()), (2, None, &[0.1, 0.2][..]));
/// assert_eq!(format!("{r:.1}"), "0.1, 0.2");
/// assert_eq!(Roots::Unique(0.08663094803653161).to_string(), "0.0866309480");
/// assert_eq!(Roots::None.to_string(), "no root");
/// assert!(Roots::None.is_empty() && Roots::None.roots().is_empty());
///
/// let open = Roots::Incomplete {
///     found: vec![0.05],
///     unresolved: vec![RateInterval { lower: 0.1, upper: 0.1005 }],
/// };
/// assert!(!open.is_complete() && open.unique().is_none() && !open.is_empty());
/// assert_eq!(format!("{open:.4}"), "0.0500; incomplete: roots not resolved in [0.1000, 0.1005]");
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "RootsData")]
pub enum Roots {
    /// No root in the range (proven).
    None,
    /// Exactly one root (proven).
    Unique(f64),
    /// Two or more roots, ascending (proven to be all of them).
    Multiple(Vec<f64>),
    /// A search that could not prove its count: `found` holds proven roots
    /// (ascending, possibly none) and `unresolved` the intervals of rates
    /// (ascending, disjoint) where more roots may lie. Outside them there is
    /// no other root.
    Incomplete {
        /// Roots found and proven, ascending.
        found: Vec<f64>,
        /// Rate intervals not resolved, ascending.
        unresolved: Vec<RateInterval>,
    },
}

/// A closed interval of rates `[lower, upper]`.
///
/// ```
/// use disburse::valuation::RateInterval;
/// let i = RateInterval { lower: 0.1, upper: 0.2 };
/// assert_eq!(format!("{i:.2}"), "[0.10, 0.20]");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateInterval {
    /// The lowest rate.
    pub lower: f64,
    /// The highest rate.
    pub upper: f64,
}

impl fmt::Display for RateInterval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let precision = f.precision().unwrap_or(10);
        write!(f, "[{:.precision$}, {:.precision$}]", self.lower, self.upper)
    }
}

impl Roots {
    /// Roots from a sorted list of distinct values.
    pub(crate) fn from_sorted(mut roots: Vec<f64>) -> Roots {
        match roots.len() {
            0 => Roots::None,
            1 => roots.pop().map_or(Roots::None, Roots::Unique),
            _ => Roots::Multiple(roots),
        }
    }

    /// All roots found, ascending (empty for [`Roots::None`]; the proven
    /// ones for [`Roots::Incomplete`]).
    pub fn roots(&self) -> &[f64] {
        match self {
            Roots::None => &[],
            Roots::Unique(r) => std::slice::from_ref(r),
            Roots::Multiple(v) | Roots::Incomplete { found: v, .. } => v,
        }
    }

    /// The root, if there is proven to be exactly one.
    pub fn unique(&self) -> Option<f64> {
        match self {
            Roots::Unique(r) => Some(*r),
            _ => None,
        }
    }

    /// Whether there is proven to be no root ([`Roots::None`]).
    pub fn is_empty(&self) -> bool {
        matches!(self, Roots::None)
    }

    /// Whether the search proved its count (every outcome but
    /// [`Roots::Incomplete`]).
    pub fn is_complete(&self) -> bool {
        !matches!(self, Roots::Incomplete { .. })
    }

    /// The intervals where roots may lie unresolved (empty unless
    /// [`Roots::Incomplete`]).
    pub fn unresolved(&self) -> &[RateInterval] {
        match self {
            Roots::Incomplete { unresolved, .. } => unresolved,
            _ => &[],
        }
    }

    /// The number of roots found (for [`Roots::Incomplete`], a lower bound
    /// on the number of roots).
    pub fn len(&self) -> usize {
        self.roots().len()
    }

    /// The status word of the serialized form.
    pub fn status(&self) -> &'static str {
        match self {
            Roots::None => "none",
            Roots::Unique(_) => "unique",
            Roots::Multiple(_) => "multiple",
            Roots::Incomplete { .. } => "incomplete",
        }
    }
}

impl fmt::Display for Roots {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let precision = f.precision().unwrap_or(10);
        match self.roots() {
            [] if self.is_complete() => f.write_str("no root")?,
            [] => f.write_str("no root proven")?,
            roots => {
                for (i, r) in roots.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{r:.precision$}")?;
                }
            }
        }
        for (i, interval) in self.unresolved().iter().enumerate() {
            f.write_str(if i == 0 {
                "; incomplete: roots not resolved in "
            } else {
                ", "
            })?;
            write!(f, "{interval:.precision$}")?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum RootsStatus {
    None,
    Unique,
    Multiple,
    Incomplete,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RootsData {
    status: RootsStatus,
    roots: Vec<f64>,
    #[serde(default)]
    unresolved: Vec<RateInterval>,
}

impl Serialize for Roots {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let fields = if self.is_complete() { 2 } else { 3 };
        let mut s = serializer.serialize_struct("Roots", fields)?;
        s.serialize_field("status", self.status())?;
        s.serialize_field("roots", self.roots())?;
        if !self.is_complete() {
            s.serialize_field("unresolved", self.unresolved())?;
        }
        s.end()
    }
}

impl TryFrom<RootsData> for Roots {
    type Error = Error;

    fn try_from(d: RootsData) -> Result<Self> {
        let bounds = d.unresolved.iter().flat_map(|i| [i.lower, i.upper]);
        if let Some(r) = d.roots.iter().copied().chain(bounds).find(|r| !r.is_finite()) {
            return Err(Error::NonFinite {
                what: Quantity::Root,
                value: r,
            });
        }
        if d.roots.iter().zip(d.roots.iter().skip(1)).any(|(a, b)| a >= b) {
            return Err(Error::Invalid {
                what: Quantity::Roots,
                reason: "must be strictly ascending",
            });
        }
        let ordered = d.unresolved.iter().all(|i| i.lower <= i.upper)
            && d.unresolved
                .iter()
                .zip(d.unresolved.iter().skip(1))
                .all(|(a, b)| a.upper < b.lower);
        if !ordered {
            return Err(Error::Invalid {
                what: Quantity::Roots,
                reason: "unresolved intervals must be ordered and disjoint",
            });
        }
        let n = d.roots.len();
        let consistent = match d.status {
            RootsStatus::None => n == 0,
            RootsStatus::Unique => n == 1,
            RootsStatus::Multiple => n >= 2,
            RootsStatus::Incomplete => !d.unresolved.is_empty(),
        } && (d.status == RootsStatus::Incomplete || d.unresolved.is_empty());
        if !consistent {
            let status = match d.status {
                RootsStatus::None => "none",
                RootsStatus::Unique => "unique",
                RootsStatus::Multiple => "multiple",
                RootsStatus::Incomplete => "incomplete",
            };
            return Err(Error::RootsMismatch { status, roots: n });
        }
        Ok(match d.status {
            RootsStatus::Multiple => Roots::Multiple(d.roots),
            RootsStatus::Incomplete => Roots::Incomplete {
                found: d.roots,
                unresolved: d.unresolved,
            },
            _ => Roots::from_sorted(d.roots),
        })
    }
}
